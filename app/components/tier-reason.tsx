import { useTranslation } from "~/utils/use-translation";
import { useFormat } from "~/utils/use-format";

type Reason = { code?: string; [figure: string]: unknown };

/**
 * A tier's reason in the reader's language. The tiers job stores the reason as its code and the
 * figures behind it (JSON); anything else stored there is shown as it is.
 */
export function TierReason({ reason }: { reason: string | null }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (!reason) return null;
  let parsed: Reason | null = null;
  try {
    parsed = JSON.parse(reason) as Reason;
  } catch {
    parsed = null;
  }
  if (!parsed?.code) return <p className="text-sm text-slate-600">{reason}</p>;
  const values: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (typeof value === "number" && /Minor$/.test(key)) values[key.replace(/Minor$/, "")] = format.money(value);
    else if (typeof value === "string" && /On$/.test(key)) values[key] = format.day(value);
    else values[key] = value;
  }
  return <p className="text-sm text-slate-600">{t(`tierReasons.${parsed.code}`, values)}</p>;
}
