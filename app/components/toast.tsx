import { useEffect, useState } from "react";
import type { ToastMessage } from "~/schemas/toast";
import { useTranslation } from "~/utils/use-translation";

const SHOWN_FOR_MS = 6000;

/**
 * The message an action left for this page (e.g. "Customer created."). The live region is always
 * in the page so screen readers announce what appears in it; the message goes by itself.
 */
export function Toast({ toast }: { toast: ToastMessage | null }) {
  const { t } = useTranslation();
  const [shown, setShown] = useState(toast);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new toast has a new id; the same one revalidated must not restart the timer.
  useEffect(() => {
    setShown(toast);
    if (!toast) return;
    const timer = setTimeout(() => setShown(null), SHOWN_FOR_MS);
    return () => clearTimeout(timer);
  }, [toast?.id]);
  return (
    <div aria-live="polite" role="status" className="pointer-events-none fixed inset-x-0 bottom-4 z-50 flex justify-center px-4">
      {shown ? (
        <div className="pointer-events-auto flex items-center gap-3 rounded-md bg-slate-900 px-4 py-2 text-sm text-white shadow-lg">
          <p>{t(shown.key, shown.values ?? {})}</p>
          <button
            type="button"
            className="text-slate-300 hover:text-white"
            onClick={() => setShown(null)}
            aria-label={t("toast.dismiss")}
          >
            ×
          </button>
        </div>
      ) : null}
    </div>
  );
}
