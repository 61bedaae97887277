import { Form } from "@remix-run/react";
import { useTranslation } from "~/utils/use-translation";

/** Asks for one record's trail by its kind and id. */
export function AuditLookupForm({
  entities,
  record,
}: {
  entities: readonly string[];
  record: { entity: string; id: string } | null;
}) {
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
          {entities.map((entity) => (
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
