import { Link } from "@remix-run/react";
import { useTranslation } from "~/utils/use-translation";
import type { AuditLogEntry } from "~/models/audit.server";
import { useFormat } from "~/utils/use-format";
import { changedFields } from "./audit-entry-list";

/** The newest changes across every record, each linking to its record's trail. */
export function AuditLatestTable({ entries }: { entries: AuditLogEntry[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
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
              <td>{entry.userName ?? t("audit.system")}</td>
              <td className="whitespace-nowrap">{t(`audit.actions.${entry.action}`)}</td>
              <td className="whitespace-nowrap">
                <Link
                  to={`/admin/audit?${new URLSearchParams({ entity: entry.entity, id: entry.entityId })}`}
                  className="text-brand-700 underline"
                >
                  {t("audit.record", {
                    entity: t(`audit.entities.${entry.entity}`, { defaultValue: entry.entity }),
                    id: entry.entityId,
                  })}
                </Link>
              </td>
              <td className="max-w-md">
                <span className="line-clamp-2 font-mono text-xs text-slate-600">
                  {changedFields(entry.before, entry.after).join(", ") || t("common.none")}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
