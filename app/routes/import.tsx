/**
 * CSV import from the web for managers and admins (SPEC §8 "import data", §9): choose what to
 * import, upload a file, see a preview (what would be created and updated, and every bad row),
 * then import with a progress bar. Nothing can be imported while any row is bad.
 *
 * The upload is kept on the server under a random token between the preview and the import (see
 * ~/models/import-run.server); the import checks the stored file again from scratch before and while it
 * writes, so nothing the browser sends back is trusted.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction, UploadHandler } from "@remix-run/node";
import { redirect, unstable_parseMultipartFormData } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useId, useState } from "react";
import { useTranslation } from "~/utils/use-translation";
import { z } from "zod";
import { requirePermission } from "~/auth/session.server";
import { translateMessage } from "~/i18n";
import { db } from "~db/client.server";
import { CUSTOMER_CSV_COLUMNS, CUSTOMER_CSV_REQUIRED_COLUMNS } from "~/schemas/customer-csv";
import { INQUIRY_CSV_COLUMNS, INQUIRY_CSV_REQUIRED_COLUMNS } from "~/schemas/inquiry-csv";
import { ORDER_CSV_COLUMNS, ORDER_CSV_REQUIRED_COLUMNS } from "~/schemas/order-csv";
import type { CsvProblem } from "~/utils/csv.server";
import { pageTitle } from "~/utils/meta";
import { useFormat } from "~/utils/use-format";
import {
  discardUpload,
  IMPORT_KINDS,
  importRunView,
  loadUpload,
  MAX_IMPORT_BYTES,
  previewImport,
  PROBLEMS_LISTED,
  saveUpload,
  startImportRun,
  type ImportKind,
  type ImportRunView,
} from "~/models/import-run.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "imports.title");

/** Room for the form's other fields and the multipart boundaries around the file. */
const MULTIPART_OVERHEAD = 64 * 1024;

const COLUMNS: Record<ImportKind, { required: readonly string[]; optional: readonly string[] }> = {
  customers: { required: CUSTOMER_CSV_REQUIRED_COLUMNS, optional: optionalOf(CUSTOMER_CSV_COLUMNS, CUSTOMER_CSV_REQUIRED_COLUMNS) },
  orders: { required: ORDER_CSV_REQUIRED_COLUMNS, optional: optionalOf(ORDER_CSV_COLUMNS, ORDER_CSV_REQUIRED_COLUMNS) },
  inquiries: { required: INQUIRY_CSV_REQUIRED_COLUMNS, optional: optionalOf(INQUIRY_CSV_COLUMNS, INQUIRY_CSV_REQUIRED_COLUMNS) },
};

function optionalOf(columns: readonly string[], required: readonly string[]) {
  return columns.filter((column) => !required.includes(column));
}

const kindSchema = z.enum(IMPORT_KINDS);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "importData");
  const url = new URL(request.url);
  const runId = url.searchParams.get("run");
  const run = runId ? importRunView(runId, user.id) : null;
  return {
    kind: run?.kind ?? kindSchema.catch("customers").parse(url.searchParams.get("kind") ?? undefined),
    kinds: IMPORT_KINDS,
    maxMegabytes: MAX_IMPORT_BYTES / (1024 * 1024),
    run,
    runGone: runId !== null && run === null,
    columns: COLUMNS,
  };
}

// ---------------------------------------------------------------------------------------------
// Action
// ---------------------------------------------------------------------------------------------

const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("preview"), kind: kindSchema.optional().catch(undefined) }),
  z.object({ intent: z.literal("import"), token: z.string().max(100), kind: kindSchema.optional().catch(undefined) }),
  z.object({ intent: z.literal("discard"), token: z.string().max(100), kind: kindSchema.optional().catch(undefined) }),
]);

type FieldErrors = Record<string, string[]>;

export type PreviewData = {
  kind: ImportKind;
  fileName: string;
  token: string | null;
  summary: { rows: number; created: number; updated: number; unchanged: number } | null;
  problems: CsvProblem[];
  problemCount: number;
};

type ActionData = { errors: FieldErrors; values: { kind?: ImportKind } } | { preview: PreviewData };

const failure = (errors: FieldErrors, kind: ImportKind | undefined, status = 400) =>
  Response.json({ errors, values: { kind } } satisfies ActionData, { status });

/**
 * Reads a multipart upload with the file capped at MAX_IMPORT_BYTES: beyond it the rest of the
 * file is read and dropped (not held in memory), so that the other fields, and the chosen kind
 * with them, still arrive and the page can say what was wrong.
 */
function cappedUpload() {
  const state = { tooLarge: false };
  const handler: UploadHandler = async ({ name, filename, contentType, data }) => {
    if (filename === undefined) {
      // A plain field (intent, kind): a few characters; anything past 1,000 is dropped.
      const decoder = new TextDecoder();
      let text = "";
      for await (const chunk of data) if (text.length < 1000) text += decoder.decode(chunk, { stream: true });
      return text.slice(0, 1000);
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of data) {
      size += chunk.byteLength;
      if (name === "file" && size <= MAX_IMPORT_BYTES) chunks.push(chunk);
    }
    if (name !== "file" || filename === "") return undefined;
    if (size > MAX_IMPORT_BYTES) {
      state.tooLarge = true;
      return undefined;
    }
    const bytes = new Uint8Array(size);
    let offset = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return new File([bytes], filename, { type: contentType });
  };
  return { handler, state };
}

const tooLarge = `imports.errors.tooLarge|${JSON.stringify({ size: MAX_IMPORT_BYTES / (1024 * 1024) })}`;

async function preview(request: Request, userId: number) {
  const declared = Number(request.headers.get("Content-Length") ?? 0);
  if (declared > MAX_IMPORT_BYTES + MULTIPART_OVERHEAD) {
    // Refused before reading: the kind is in the body, which is not read.
    return failure({ file: [tooLarge] }, undefined, 413);
  }
  const upload = cappedUpload();
  let formData: FormData;
  try {
    formData = await unstable_parseMultipartFormData(request, upload.handler);
  } catch {
    throw new Response("The upload could not be read.", { status: 400 });
  }
  const parsed = actionSchema.safeParse(Object.fromEntries([...formData].filter(([, value]) => typeof value === "string")));
  if (!parsed.success || parsed.data.intent !== "preview") throw new Response("Unknown action", { status: 400 });
  const kind = parsed.data.kind;
  const file = formData.get("file");
  const errors: FieldErrors = {};
  if (!kind) errors.kind = ["imports.errors.kind"];
  if (upload.state.tooLarge) errors.file = [tooLarge];
  else if (!(file instanceof File)) errors.file = ["imports.errors.fileRequired"];
  else if (file.size === 0) errors.file = ["imports.errors.empty"];
  if (!kind || !(file instanceof File) || Object.keys(errors).length > 0) {
    return failure(errors, kind, upload.state.tooLarge ? 413 : 400);
  }

  const bytes = new Uint8Array(await file.arrayBuffer());
  const result = await previewImport(db(), kind, bytes);
  if (!result.ok) {
    // Nothing can be imported from this file, so it is not kept.
    const data: PreviewData = {
      kind,
      fileName: file.name,
      token: null,
      summary: null,
      problems: result.problems.slice(0, PROBLEMS_LISTED),
      problemCount: result.problems.length,
    };
    return Response.json({ preview: data } satisfies ActionData, { status: 422 });
  }
  const saved = await saveUpload({ userId, kind, fileName: file.name, rows: result.rows }, bytes);
  const { rows, created, updated, unchanged } = result;
  const data: PreviewData = {
    kind,
    fileName: file.name,
    token: saved.token,
    summary: { rows, created, updated, unchanged },
    problems: [],
    problemCount: 0,
  };
  return Response.json({ preview: data } satisfies ActionData);
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "importData");
  if ((request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) return preview(request, user.id);

  const parsed = actionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success || parsed.data.intent === "preview") throw new Response("Unknown action", { status: 400 });
  const { intent, token, kind } = parsed.data;
  const stored = await loadUpload(token, user.id);
  if (intent === "discard") {
    if (stored) await discardUpload(stored.upload.token);
    return redirect(`/import?kind=${stored?.upload.kind ?? kind ?? "customers"}`);
  }
  if (!stored) return failure({ file: ["imports.errors.expired"] }, kind, 410);
  // The kind the file was checked as, not what the page sends back.
  const runId = startImportRun(stored.upload, { path: stored.path });
  return redirect(`/import?run=${runId}`);
}

// ---------------------------------------------------------------------------------------------
// Page
// ---------------------------------------------------------------------------------------------

function ProblemTable({ problems, count }: { problems: CsvProblem[]; count: number }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <div className="space-y-2">
      <p className="font-medium">{t("imports.problemCount", { count: format.number(count) })}</p>
      {count > problems.length ? (
        <p className="text-sm text-slate-600">
          {t("imports.problemsTruncated", { shown: format.number(problems.length), count: format.number(count) })}
        </p>
      ) : null}
      <div className="card max-h-[32rem] overflow-auto p-0">
        <table className="data-table">
          <thead className="sticky top-0 bg-slate-50">
            <tr>
              <th scope="col" className="text-right">
                {t("imports.row")}
              </th>
              <th scope="col">{t("imports.column")}</th>
              <th scope="col">{t("imports.problem")}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {problems.map((problem, index) => (
              <tr key={index}>
                <td className="text-right tabular-nums">{problem.row ?? t("imports.wholeFile")}</td>
                <td>{problem.column ? <code>{problem.column}</code> : null}</td>
                <td>{problem.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function Preview({ preview }: { preview: PreviewData }) {
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
          <ProblemTable problems={preview.problems} count={preview.problemCount} />
        </div>
      )}
    </section>
  );
}

const POLL_MS = 250;

function RunProgress({ initial }: { initial: ImportRunView }) {
  const { t } = useTranslation();
  const format = useFormat();
  const fetcher = useFetcher<ImportRunView>();
  const run = fetcher.data ?? initial;
  const finished = run.phase === "done" || run.phase === "failed";
  const { load } = fetcher;
  useEffect(() => {
    if (finished || fetcher.state !== "idle") return;
    const timer = setTimeout(() => load(`/import/progress?run=${encodeURIComponent(run.id)}`), POLL_MS);
    return () => clearTimeout(timer);
  }, [finished, fetcher.state, load, run.id, run.checked, run.written, run.phase]);

  const labelId = useId();
  const phaseText = t(`imports.phases.${run.phase}`, {
    checked: format.number(run.checked),
    written: format.number(run.written),
    total: format.number(run.total),
  });
  return (
    <section aria-labelledby="run-title" className="space-y-4">
      <h2 id="run-title" className="text-lg font-semibold">
        {t("imports.progressTitle", { file: run.fileName })}
      </h2>
      <div className="card space-y-2">
        <p id={labelId} className="text-sm text-slate-700">
          {t("imports.progressLabel")} · {t(`imports.kinds.${run.kind}`)}
        </p>
        <div
          role="progressbar"
          aria-labelledby={labelId}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={run.percent}
          aria-valuetext={phaseText}
          className="h-3 w-full overflow-hidden rounded-full bg-slate-200"
        >
          <div
            className={`h-full rounded-full transition-all duration-200 ${run.phase === "failed" ? "bg-red-500" : "bg-brand-600"}`}
            style={{ width: `${run.phase === "failed" ? 100 : run.percent}%` }}
          />
        </div>
        <p role="status" aria-live="polite" className="text-sm">
          {phaseText}
        </p>
        {!finished ? (
          <noscript>
            <a href={`/import?run=${encodeURIComponent(run.id)}`} className="btn-secondary">
              {t("imports.refresh")}
            </a>
          </noscript>
        ) : null}
      </div>
      {run.phase === "done" && run.result ? (
        <div className="space-y-3">
          <p className="rounded-md bg-green-50 p-3 text-sm text-green-800">
            {t("imports.doneSummary", {
              rows: format.number(run.result.rows),
              created: format.number(run.result.created),
              updated: format.number(run.result.updated),
              unchanged: format.number(run.result.unchanged),
            })}
          </p>
          <Link to={run.kind === "inquiries" ? "/inquiries" : `/${run.kind}`} className="btn-secondary">
            {t(`imports.open.${run.kind}`)}
          </Link>
        </div>
      ) : null}
      {run.phase === "failed" ? (
        <div className="space-y-3">
          <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">
            {run.crashed ? t("imports.crashed") : t("imports.failedProblems")}
          </p>
          {run.problemCount > 0 ? <ProblemTable problems={run.problems} count={run.problemCount} /> : null}
        </div>
      ) : null}
      {finished ? (
        <Link to={`/import?kind=${run.kind}`} className="btn-primary">
          {t("imports.another")}
        </Link>
      ) : null}
    </section>
  );
}

export default function ImportPage() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  const navigation = useNavigation();
  const errors = actionData && "errors" in actionData ? actionData.errors : undefined;
  const previewData = actionData && "preview" in actionData ? actionData.preview : undefined;
  const chosen = (errors ? actionData && "values" in actionData && actionData.values.kind : previewData?.kind) || data.kind;
  const [kind, setKind] = useState<ImportKind>(chosen);
  // A new answer from the server (an error or a preview) says which kind it was about.
  useEffect(() => setKind(chosen), [chosen]);
  const kindId = useId();
  const fileId = useId();
  const checking = navigation.state === "submitting" && navigation.formEncType === "multipart/form-data";

  if (data.run) {
    return (
      <div className="space-y-6">
        <h1 className="text-2xl font-semibold">{t("imports.title")}</h1>
        <RunProgress key={data.run.id} initial={data.run} />
      </div>
    );
  }

  const columns = data.columns[kind];
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{t("imports.title")}</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">{t("imports.intro")}</p>
      </div>
      {data.runGone ? (
        <p role="status" className="rounded-md bg-amber-50 p-3 text-sm text-amber-900">
          {t("imports.runGone")}
        </p>
      ) : null}
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
              {data.kinds.map((value) => (
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
              {t("imports.fileHelp", { size: data.maxMegabytes })}
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
            {t("imports.requiredColumns", { columns: columns.required.join(", ") })}
            <br />
            {t("imports.optionalColumns", { columns: columns.optional.join(", ") })}
          </p>
          <p className="mt-1 text-slate-600">{t(`imports.kindHelp.${kind}`)}</p>
        </div>
        <button type="submit" className="btn-primary" disabled={checking}>
          {checking ? t("imports.checking") : t("imports.check")}
        </button>
      </Form>
      {previewData && !checking ? <Preview preview={previewData} /> : null}
    </div>
  );
}
