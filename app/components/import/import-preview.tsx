import { Form, useNavigation } from "@remix-run/react";
import { useTranslation } from "~/utils/use-translation";
import type { ImportKind } from "~/models/import-run.server";
import type { CsvProblem } from "~/utils/csv.server";
import { useFormat } from "~/utils/use-format";
import { ImportProblemTable } from "./import-problem-table";

/** What checking an upload found: what importing it would do (and its token), or its problems. */
export type PreviewData = {
  kind: ImportKind;
  fileName: string;
  token: string | null;
  summary: { rows: number; created: number; updated: number; unchanged: number } | null;
  problems: CsvProblem[];
  problemCount: number;
};

/** What the import page's action answers: the form's errors with the kind chosen, or a preview. */
export type ImportActionData = { errors: Record<string, string[]>; values: { kind?: ImportKind } } | { preview: PreviewData };

/** The preview of a checked upload, with Import and Discard; or, when any row is bad, every problem. */
export function ImportPreview({ preview }: { preview: PreviewData }) {
  const { t } = useTranslation();
  const format = useFormat();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  return (
    <section aria-labelledby="preview-title" className="space-y-4">
      <h2 id="preview-title" className="text-lg font-semibold">
        {t("imports.previewTitle", { file: preview.fileName })}
      </h2>
      {preview.summary ? (
        <>
          <dl className="grid grid-cols-2 gap-3 md:grid-cols-4">
            {(["rows", "created", "updated", "unchanged"] as const).map((key) => (
              <div key={key} className="card">
                <dt className="text-sm text-slate-600">{t(`imports.${key}`)}</dt>
                <dd className="text-2xl font-semibold tabular-nums">{format.number(preview.summary![key])}</dd>
              </div>
            ))}
          </dl>
          <p role="status" className="rounded-md bg-green-50 p-3 text-sm text-green-800">
            {t("imports.ready")}
          </p>
          <div className="flex flex-wrap gap-2">
            <Form method="post">
              <input type="hidden" name="intent" value="import" />
              <input type="hidden" name="token" value={preview.token ?? ""} />
              <input type="hidden" name="kind" value={preview.kind} />
              <button type="submit" className="btn-primary" disabled={busy}>
                {t("imports.importNow")}
              </button>
            </Form>
            <Form method="post">
              <input type="hidden" name="intent" value="discard" />
              <input type="hidden" name="token" value={preview.token ?? ""} />
              <input type="hidden" name="kind" value={preview.kind} />
              <button type="submit" className="btn-secondary" disabled={busy}>
                {t("imports.discard")}
              </button>
            </Form>
          </div>
        </>
      ) : (
        <div className="space-y-3">
          <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">
            {t("imports.problemsIntro")}
          </p>
          <ImportProblemTable problems={preview.problems} count={preview.problemCount} />
        </div>
      )}
    </section>
  );
}
