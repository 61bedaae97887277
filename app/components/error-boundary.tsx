import { isRouteErrorResponse } from "@remix-run/react";
import { useTranslation } from "~/utils/use-translation";

/** The one error page: 403, 404, 503 (a busy database) and anything else, in the reader's language. */
export function GeneralErrorBoundary({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const [title, text] =
    status === 403
      ? [t("errors.forbiddenTitle"), t("errors.forbiddenText")]
      : status === 404
        ? [t("errors.notFoundTitle"), t("errors.notFoundText")]
        : status === 400
          ? [t("errors.badRequestTitle"), isRouteErrorResponse(error) ? String(error.data) : ""]
          : status === 503
            ? [t("errors.busyTitle"), t("errors.busyText")]
            : [t("errors.serverTitle"), t("errors.serverText")];
  return (
    <section className="mx-auto max-w-lg py-16 text-center" aria-labelledby="error-title">
      <p className="text-5xl font-bold text-brand-700">{status}</p>
      <h1 id="error-title" className="mt-4 text-2xl font-semibold">
        {title}
      </h1>
      <p className="mt-2 text-slate-600">{text}</p>
      <a href="/" className="btn-primary mt-6">
        {t("errors.goHome")}
      </a>
    </section>
  );
}
