import { useTranslation } from "~/utils/use-translation";
import type { AuditLogEntry } from "~/models/audit.server";
import { useFormat } from "~/utils/use-format";

type Snapshot = Record<string, unknown> | null;

/** The fields an entry touched, from either side (a create has no before, a delete no after). */
export const changedFields = (before: Snapshot, after: Snapshot) => [
  ...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]),
];

/** Where the record itself is shown, if it still exists and has a page. */
export function recordPagePath(entity: string, id: string, entries: AuditLogEntry[]): string | null {
  if (entries.length === 0 || entries[0]?.action === "delete") return null;
  switch (entity) {
    case "product":
      return `/products/${id}`;
    case "customer":
      return `/customers/${id}`;
    case "quote":
      return `/quotes/${id}`;
    case "order":
      return `/orders/${id}`;
    case "inquiry":
      return `/inquiries/${id}`;
    case "user":
      return `/admin/users/${id}`;
    case "settings":
      return "/settings";
    case "api_key":
      return "/admin/api-keys";
    case "agreed_price": {
      const snapshot = (entries.find((entry) => entry.after ?? entry.before)?.after ?? entries[0]?.before) as Snapshot;
      return typeof snapshot?.customerId === "number" ? `/customers/${snapshot.customerId}/prices` : null;
    }
    default:
      return null;
  }
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z$/;

function AuditValue({
  field,
  value,
  present,
  currency,
}: {
  field: string;
  value: unknown;
  present: boolean;
  currency: string | null;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  if (!present || value === null || value === undefined) return <span className="text-slate-400">{t("common.none")}</span>;
  if (typeof value === "boolean") return <>{value ? t("common.yes") : t("common.no")}</>;
  if (typeof value === "number") {
    // Money is kept in minor units beside its currency; shown as money when the currency is known.
    if (field.endsWith("Minor") && currency) return <>{format.money(value, currency)}</>;
    return <span className="tabular-nums">{String(value)}</span>;
  }
  if (typeof value === "string") {
    if (ISO_INSTANT.test(value)) return <time dateTime={value}>{format.dateTime(value)}</time>;
    return <span className="whitespace-pre-wrap break-words">{value}</span>;
  }
  return <code className="break-all text-xs">{JSON.stringify(value)}</code>;
}

/**
 * The currency in force before and after each entry, read from the trail oldest first: an update
 * lists only the fields that changed, so a new price often arrives without its currency.
 */
function currenciesOf(entries: AuditLogEntry[]) {
  const result = new Map<number, { before: string | null; after: string | null }>();
  let current: string | null = null;
  for (const entry of [...entries].reverse()) {
    const before = entry.before as Snapshot;
    const after = entry.after as Snapshot;
    const beforeCurrency: string | null = typeof before?.currency === "string" ? before.currency : current;
    const afterCurrency: string | null = typeof after?.currency === "string" ? after.currency : beforeCurrency;
    result.set(entry.id, { before: beforeCurrency, after: afterCurrency });
    current = afterCurrency;
  }
  return result;
}

/** One record's trail, newest first: each change with its fields before and after. */
export function AuditEntryList({ entries }: { entries: AuditLogEntry[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const currencies = currenciesOf(entries);
  return (
    <ol className="space-y-4">
      {entries.map((entry) => {
        const before = entry.before as Snapshot;
        const after = entry.after as Snapshot;
        const fields = changedFields(before, after);
        const currency = currencies.get(entry.id);
        return (
          <li key={entry.id} className="card space-y-3" data-audit-entry={entry.id}>
            <p className="flex flex-wrap items-baseline gap-x-3 gap-y-1 text-sm">
              <span className="font-semibold">{t(`audit.actions.${entry.action}`)}</span>
              <time dateTime={new Date(entry.at).toISOString()} className="text-slate-600">
                {format.dateTime(entry.at)}
              </time>
              <span className="text-slate-600">
                {t("audit.who")}: {entry.userName ?? t("audit.system")}
              </span>
            </p>
            {fields.length === 0 ? (
              <p className="text-sm text-slate-500">{t("audit.noFields")}</p>
            ) : (
              <div className="overflow-x-auto">
                <table className="data-table">
                  <thead className="bg-slate-50">
                    <tr>
                      <th scope="col">{t("audit.field")}</th>
                      <th scope="col">{t("audit.before")}</th>
                      <th scope="col">
                        <span aria-hidden="true">→ </span>
                        {t("audit.after")}
                      </th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-100">
                    {fields.map((field) => (
                      <tr key={field}>
                        <th scope="row" className="whitespace-nowrap text-left font-mono text-xs font-normal">
                          {field}
                        </th>
                        <td>
                          <AuditValue
                            field={field}
                            value={before?.[field]}
                            present={before !== null && field in before}
                            currency={currency?.before ?? null}
                          />
                        </td>
                        <td>
                          <AuditValue
                            field={field}
                            value={after?.[field]}
                            present={after !== null && field in after}
                            currency={currency?.after ?? null}
                          />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </li>
        );
      })}
    </ol>
  );
}
