import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/utils/use-translation";
import { z } from "zod";
import { requirePermission } from "~/auth/session.server";
import { EmptyState } from "~/components/empty-state";
import { db } from "~db/client.server";
import { auditTrail, auditUserNames, latestAuditEntries, type AuditEntry } from "~/models/audit.server";
import { useFormat } from "~/utils/use-format";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "audit.title");

type Entity = AuditEntry["entity"];

// Written as a record so that a new kind of audited record must be added here too.
const ENTITY_KEYS: Record<Entity, true> = {
  customer: true,
  product: true,
  agreed_price: true,
  import: true,
  quote: true,
  order: true,
  settings: true,
  user: true,
  api_key: true,
  channel_spend: true,
  inquiry: true,
};
const ENTITIES = Object.keys(ENTITY_KEYS) as Entity[];

const LATEST_LIMIT = 100;

const recordSchema = z.object({
  entity: z.enum(ENTITIES),
  id: z.string().trim().min(1).max(100),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "manageUsers");
  const database = db();
  const record = recordSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!record.success) {
    return { record: null, entries: latestAuditEntries(database, LATEST_LIMIT) };
  }
  const trail = auditTrail(database, record.data.entity, record.data.id);
  const names = auditUserNames(
    database,
    trail.map((entry) => entry.userId),
  );
  return {
    record: record.data,
    entries: trail.map((entry) => ({ ...entry, userName: entry.userId === null ? null : (names.get(entry.userId) ?? null) })),
  };
}

type Snapshot = Record<string, unknown> | null;
type Entry = ReturnType<typeof useLoaderData<typeof loader>>["entries"][number];

/** Where the record itself is shown, if it still exists and has a page. */
function recordPath(entity: string, id: string, entries: Entry[]): string | null {
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

function AuditValue({ field, value, present, currency }: { field: string; value: unknown; present: boolean; currency: string | null }) {
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

const fieldsOf = (before: Snapshot, after: Snapshot) => [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];

/**
 * The currency in force before and after each entry, read from the trail oldest first: an update
 * lists only the fields that changed, so a new price often arrives without its currency.
 */
function currenciesOf(entries: Entry[]) {
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

function LookupForm({ record }: { record: { entity: string; id: string } | null }) {
  const { t } = useTranslation();
  return (
    <Form method="get" className="card grid grid-cols-1 gap-3 md:grid-cols-4" aria-labelledby="audit-lookup-title">
      <h2 id="audit-lookup-title" className="text-sm font-semibold md:col-span-4">
        {t("audit.lookup")}
      </h2>
      <div>
        <label htmlFor="audit-entity" className="field-label">
          {t("audit.entity")}
        </label>
        <select id="audit-entity" name="entity" defaultValue={record?.entity ?? "product"} className="field-input">
          {ENTITIES.map((entity) => (
            <option key={entity} value={entity}>
              {t(`audit.entities.${entity}`)}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="audit-id" className="field-label">
          {t("audit.id")}
        </label>
        <input id="audit-id" name="id" required maxLength={100} defaultValue={record?.id ?? ""} className="field-input" />
      </div>
      <div className="flex items-end">
        <button type="submit" className="btn-primary">
          {t("audit.show")}
        </button>
      </div>
    </Form>
  );
}

export default function AuditTrail() {
  const { t } = useTranslation();
  const format = useFormat();
  const { record, entries } = useLoaderData<typeof loader>();
  const entityLabel = (entity: string) => t(`audit.entities.${entity}`, { defaultValue: entity });
  const who = (entry: Entry) => entry.userName ?? t("audit.system");

  if (record) {
    const label = t("audit.record", { entity: entityLabel(record.entity), id: record.id });
    const path = recordPath(record.entity, record.id, entries);
    const currencies = currenciesOf(entries);
    return (
      <div className="space-y-6">
        <Link to="/admin/audit" className="text-sm text-brand-700 underline">
          {t("audit.back")}
        </Link>
        <div>
          <h1 className="text-2xl font-semibold">{t("audit.recordTitle", { record: label })}</h1>
          <p className="mt-1 text-sm text-slate-600">
            {t("audit.recordIntro")}
            {path ? (
              <>
                {" "}
                <Link to={path} className="text-brand-700 underline">
                  {t("audit.openRecord")}
                </Link>
              </>
            ) : null}
          </p>
        </div>
        {entries.length === 0 ? (
          <EmptyState>{t("audit.emptyRecord")}</EmptyState>
        ) : (
          <ol className="space-y-4">
            {entries.map((entry) => {
              const before = entry.before as Snapshot;
              const after = entry.after as Snapshot;
              const fields = fieldsOf(before, after);
              const currency = currencies.get(entry.id);
              return (
                <li key={entry.id} className="card space-y-3" data-audit-entry={entry.id}>
                  <p className="flex flex-wrap items-baseline gap-x-3 gap-y-1 text-sm">
                    <span className="font-semibold">{t(`audit.actions.${entry.action}`)}</span>
                    <time dateTime={new Date(entry.at).toISOString()} className="text-slate-600">
                      {format.dateTime(entry.at)}
                    </time>
                    <span className="text-slate-600">
                      {t("audit.who")}: {who(entry)}
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
        )}
        <LookupForm record={record} />
      </div>
    );
  }

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{t("audit.title")}</h1>
        <p className="mt-1 text-sm text-slate-600">{t("audit.intro")}</p>
      </div>
      <LookupForm record={null} />
      <section aria-labelledby="audit-latest-title" className="space-y-3">
        <div>
          <h2 id="audit-latest-title" className="text-lg font-semibold">
            {t("audit.latest")}
          </h2>
          <p className="text-sm text-slate-600">{t("audit.latestIntro", { count: LATEST_LIMIT })}</p>
        </div>
        {entries.length === 0 ? (
          <EmptyState>{t("audit.empty")}</EmptyState>
        ) : (
          <div className="card overflow-x-auto p-0">
            <table className="data-table">
              <thead className="bg-slate-50">
                <tr>
                  <th scope="col">{t("audit.when")}</th>
                  <th scope="col">{t("audit.who")}</th>
                  <th scope="col">{t("audit.action")}</th>
                  <th scope="col">{t("audit.recordColumn")}</th>
                  <th scope="col">{t("audit.changedFields")}</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {entries.map((entry) => (
                  <tr key={entry.id} data-audit-entry={entry.id}>
                    <td className="whitespace-nowrap">
                      <time dateTime={new Date(entry.at).toISOString()}>{format.dateTime(entry.at)}</time>
                    </td>
                    <td>{who(entry)}</td>
                    <td className="whitespace-nowrap">{t(`audit.actions.${entry.action}`)}</td>
                    <td className="whitespace-nowrap">
                      <Link
                        to={`/admin/audit?${new URLSearchParams({ entity: entry.entity, id: entry.entityId })}`}
                        className="text-brand-700 underline"
                      >
                        {t("audit.record", { entity: entityLabel(entry.entity), id: entry.entityId })}
                      </Link>
                    </td>
                    <td className="max-w-md">
                      <span className="line-clamp-2 font-mono text-xs text-slate-600">
                        {fieldsOf(entry.before as Snapshot, entry.after as Snapshot).join(", ") || t("common.none")}
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
