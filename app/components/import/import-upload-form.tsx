import { Form } from "@remix-run/react";
import { useEffect, useId, useState } from "react";
import { useTranslation } from "~/utils/use-translation";
import { translateMessage } from "~/i18n";
import type { ImportKind } from "~/models/import-run.server";

type Columns = Record<ImportKind, { required: readonly string[]; optional: readonly string[] }>;

/** Choose what to import and the file; the columns that kind of file takes are listed below. */
export function ImportUploadForm({
  kinds,
  chosen,
  columns,
  maxMegabytes,
  errors,
  checking,
}: {
  kinds: readonly ImportKind[];
  /** The kind the page opened with, or the one the server's last answer was about. */
  chosen: ImportKind;
  columns: Columns;
  maxMegabytes: number;
  errors?: Record<string, string[]>;
  checking: boolean;
}) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<ImportKind>(chosen);
  // A new answer from the server (an error or a preview) says which kind it was about.
  useEffect(() => setKind(chosen), [chosen]);
  const kindId = useId();
  const fileId = useId();
  const kindColumns = columns[kind];
  return (
    <Form method="post" encType="multipart/form-data" className="card space-y-4" noValidate>
      <input type="hidden" name="intent" value="preview" />
      <div className="grid gap-4 md:grid-cols-2">
        <div>
          <label htmlFor={kindId} className="field-label">
            {t("imports.kindLabel")}
          </label>
          <select
            id={kindId}
            name="kind"
            className="field-input"
            value={kind}
            onChange={(event) => setKind(event.currentTarget.value as ImportKind)}
            aria-invalid={errors?.kind ? true : undefined}
            aria-describedby={errors?.kind ? `${kindId}-error` : undefined}
          >
            {kinds.map((value) => (
              <option key={value} value={value}>
                {t(`imports.kinds.${value}`)}
              </option>
            ))}
          </select>
          {errors?.kind ? (
            <div id={`${kindId}-error`} className="field-error" role="alert">
              {errors.kind.map((message) => (
                <p key={message}>{translateMessage(t, message)}</p>
              ))}
            </div>
          ) : null}
        </div>
        <div>
          <label htmlFor={fileId} className="field-label">
            {t("imports.fileLabel")}
          </label>
          <input
            id={fileId}
            name="file"
            type="file"
            accept=".csv,text/csv"
            className="field-input"
            aria-invalid={errors?.file ? true : undefined}
            aria-describedby={`${fileId}-help${errors?.file ? ` ${fileId}-error` : ""}`}
          />
          <p id={`${fileId}-help`} className="mt-1 text-xs text-slate-500">
            {t("imports.fileHelp", { size: maxMegabytes })}
          </p>
          {errors?.file ? (
            <div id={`${fileId}-error`} className="field-error" role="alert">
              {errors.file.map((message) => (
                <p key={message}>{translateMessage(t, message)}</p>
              ))}
            </div>
          ) : null}
        </div>
      </div>
      <div className="rounded-md bg-slate-50 p-3 text-sm">
        <p className="font-medium">{t("imports.columnsTitle")}</p>
        <p>
          {t("imports.requiredColumns", { columns: kindColumns.required.join(", ") })}
          <br />
          {t("imports.optionalColumns", { columns: kindColumns.optional.join(", ") })}
        </p>
        <p className="mt-1 text-slate-600">{t(`imports.kindHelp.${kind}`)}</p>
      </div>
      <button type="submit" className="btn-primary" disabled={checking}>
        {checking ? t("imports.checking") : t("imports.check")}
      </button>
    </Form>
  );
}
