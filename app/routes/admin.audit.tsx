import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/utils/use-translation";
import { requirePermission } from "~/auth/session.server";
import { AuditEntryList, recordPagePath } from "~/components/admin/audit-entry-list";
import { AuditLatestTable } from "~/components/admin/audit-latest-table";
import { AuditLookupForm } from "~/components/admin/audit-lookup-form";
import { EmptyState } from "~/components/empty-state";
import { db } from "~db/client.server";
import { auditTrailWithNames, latestAuditEntries } from "~/models/audit.server";
import { AUDITED_ENTITIES, auditRecordSchema } from "~/schemas/audit";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "audit.title");

const LATEST_LIMIT = 100;

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "manageUsers");
  const database = db();
  const record = auditRecordSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!record.success) {
    return { record: null, entries: latestAuditEntries(database, LATEST_LIMIT) };
  }
  return {
    record: record.data,
    entries: auditTrailWithNames(database, record.data.entity, record.data.id),
  };
}

export default function AuditTrail() {
  const { t } = useTranslation();
  const { record, entries } = useLoaderData<typeof loader>();

  if (record) {
    const label = t("audit.record", {
      entity: t(`audit.entities.${record.entity}`, { defaultValue: record.entity }),
      id: record.id,
    });
    const path = recordPagePath(record.entity, record.id, entries);
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
        {entries.length === 0 ? <EmptyState>{t("audit.emptyRecord")}</EmptyState> : <AuditEntryList entries={entries} />}
        <AuditLookupForm entities={AUDITED_ENTITIES} record={record} />
      </div>
    );
  }

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{t("audit.title")}</h1>
        <p className="mt-1 text-sm text-slate-600">{t("audit.intro")}</p>
      </div>
      <AuditLookupForm entities={AUDITED_ENTITIES} record={null} />
      <section aria-labelledby="audit-latest-title" className="space-y-3">
        <div>
          <h2 id="audit-latest-title" className="text-lg font-semibold">
            {t("audit.latest")}
          </h2>
          <p className="text-sm text-slate-600">{t("audit.latestIntro", { count: LATEST_LIMIT })}</p>
        </div>
        {entries.length === 0 ? <EmptyState>{t("audit.empty")}</EmptyState> : <AuditLatestTable entries={entries} />}
      </section>
    </div>
  );
}
