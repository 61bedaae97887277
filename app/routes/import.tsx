/**
 * CSV import from the web for managers and admins (SPEC §8 "import data", §9): choose what to
 * import, upload a file, see a preview (what would be created and updated, and every bad row),
 * then import with a progress bar. Nothing can be imported while any row is bad.
 *
 * The upload is kept on the server under a random token between the preview and the import (see
 * ~/models/import-run.server); the import checks the stored file again from scratch before and while it
 * writes, so nothing the browser sends back is trusted.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect, unstable_parseMultipartFormData } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "~/utils/use-translation";
import { requirePermission } from "~/auth/session.server";
import { ImportPreview, type ImportActionData, type PreviewData } from "~/components/import/import-preview";
import { ImportRunProgress } from "~/components/import/import-run-progress";
import { ImportUploadForm } from "~/components/import/import-upload-form";
import { db } from "~db/client.server";
import { importActionSchema, importKindSchema } from "~/schemas/import-action";
import { cappedUpload } from "~/utils/capped-upload.server";
import { pageTitle } from "~/utils/meta";
import {
  discardUpload,
  IMPORT_COLUMNS,
  IMPORT_KINDS,
  importRunView,
  loadUpload,
  MAX_IMPORT_BYTES,
  previewImport,
  PROBLEMS_LISTED,
  saveUpload,
  startImportRun,
  type ImportKind,
} from "~/models/import-run.server";

export type { PreviewData };

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "imports.title");

/** Room for the form's other fields and the multipart boundaries around the file. */
const MULTIPART_OVERHEAD = 64 * 1024;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "importData");
  const url = new URL(request.url);
  const runId = url.searchParams.get("run");
  const run = runId ? importRunView(runId, user.id) : null;
  return {
    kind: run?.kind ?? importKindSchema.catch("customers").parse(url.searchParams.get("kind") ?? undefined),
    kinds: IMPORT_KINDS,
    maxMegabytes: MAX_IMPORT_BYTES / (1024 * 1024),
    run,
    runGone: runId !== null && run === null,
    columns: IMPORT_COLUMNS,
  };
}

// ---------------------------------------------------------------------------------------------
// Action
// ---------------------------------------------------------------------------------------------

type FieldErrors = Record<string, string[]>;

const failure = (errors: FieldErrors, kind: ImportKind | undefined, status = 400) =>
  Response.json({ errors, values: { kind } } satisfies ImportActionData, { status });

const tooLarge = `imports.errors.tooLarge|${JSON.stringify({ size: MAX_IMPORT_BYTES / (1024 * 1024) })}`;

async function preview(request: Request, userId: number) {
  const declared = Number(request.headers.get("Content-Length") ?? 0);
  if (declared > MAX_IMPORT_BYTES + MULTIPART_OVERHEAD) {
    // Refused before reading: the kind is in the body, which is not read.
    return failure({ file: [tooLarge] }, undefined, 413);
  }
  const upload = cappedUpload("file", MAX_IMPORT_BYTES);
  let formData: FormData;
  try {
    formData = await unstable_parseMultipartFormData(request, upload.handler);
  } catch {
    throw new Response("The upload could not be read.", { status: 400 });
  }
  const parsed = importActionSchema.safeParse(Object.fromEntries([...formData].filter(([, value]) => typeof value === "string")));
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
    return Response.json({ preview: data } satisfies ImportActionData, { status: 422 });
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
  return Response.json({ preview: data } satisfies ImportActionData);
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "importData");
  if ((request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) return preview(request, user.id);

  const parsed = importActionSchema.safeParse(Object.fromEntries(await request.formData()));
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

export default function ImportPage() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<ImportActionData>();
  const navigation = useNavigation();
  const errors = actionData && "errors" in actionData ? actionData.errors : undefined;
  const previewData = actionData && "preview" in actionData ? actionData.preview : undefined;
  const chosen = (errors ? actionData && "values" in actionData && actionData.values.kind : previewData?.kind) || data.kind;
  const checking = navigation.state === "submitting" && navigation.formEncType === "multipart/form-data";

  if (data.run) {
    return (
      <div className="space-y-6">
        <h1 className="text-2xl font-semibold">{t("imports.title")}</h1>
        <ImportRunProgress key={data.run.id} initial={data.run} />
      </div>
    );
  }

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
      <ImportUploadForm
        kinds={data.kinds}
        chosen={chosen}
        columns={data.columns}
        maxMegabytes={data.maxMegabytes}
        errors={errors}
        checking={checking}
      />
      {previewData && !checking ? <ImportPreview preview={previewData} /> : null}
    </div>
  );
}
