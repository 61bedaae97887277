/**
 * The web import's server side (app/routes/import.tsx, app/routes/import.progress.ts): uploads
 * waiting for their confirmation, and the import runs with their progress. It lives in a module
 * of its own because a Remix route module may export only route exports once it imports
 * server code.
 *
 * Uploads: the preview step keeps the uploaded bytes in a temporary file named by a random token
 * (192 bits), with a small JSON file beside it saying who uploaded it, what kind of file it is and
 * when. The confirm step sends only the token; the bytes never travel back through the browser, a
 * token is good only for the manager who uploaded it and only for an hour, and the run checks the
 * file again from scratch before and while it writes. Files are deleted once imported or
 * discarded, and any left behind are swept when they expire. A file on disk (not memory) keeps a
 * 20 MB upload out of the heap and survives a restart of the server between preview and import.
 *
 * Runs: an import runs in the server process after the confirm request has answered, streaming
 * the stored file (~/models/csv-import.server), and records its progress here:
 * 1. checking: every row is validated again, a batch per turn of the event loop, so the bar moves
 *    with the rows and the server keeps answering other requests;
 * 2. writing: the file is read again and written in short transactions, one per turn, so other
 *    writers wait only for one chunk; a problem or a failure midway undoes every chunk written,
 *    so a file is still imported whole or not at all;
 * 3. done, or failed with every problem (nothing imported).
 */
import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { db as processDb, type DB } from "~db/client.server";
import { CUSTOMER_CSV_COLUMNS, CUSTOMER_CSV_REQUIRED_COLUMNS } from "~/schemas/customer-csv";
import { INQUIRY_CSV_COLUMNS, INQUIRY_CSV_REQUIRED_COLUMNS } from "~/schemas/inquiry-csv";
import { ORDER_CSV_COLUMNS, ORDER_CSV_REQUIRED_COLUMNS } from "~/schemas/order-csv";
import type { CsvInput, CsvProblem } from "~/utils/csv.server";
import type { ImportProgress } from "./csv-import.server";
import { streamCustomersCsv, type CsvImportResult } from "./customer-csv.server";
import { streamInquiriesCsv } from "./inquiry-csv.server";
import { streamOrdersCsv } from "./order-csv.server";

export const IMPORT_KINDS = ["customers", "orders", "inquiries"] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** The columns each kind of file must have, and those it may have, as the upload page lists them. */
export const IMPORT_COLUMNS: Record<ImportKind, { required: readonly string[]; optional: readonly string[] }> = {
  customers: {
    required: CUSTOMER_CSV_REQUIRED_COLUMNS,
    optional: optionalOf(CUSTOMER_CSV_COLUMNS, CUSTOMER_CSV_REQUIRED_COLUMNS),
  },
  orders: { required: ORDER_CSV_REQUIRED_COLUMNS, optional: optionalOf(ORDER_CSV_COLUMNS, ORDER_CSV_REQUIRED_COLUMNS) },
  inquiries: { required: INQUIRY_CSV_REQUIRED_COLUMNS, optional: optionalOf(INQUIRY_CSV_COLUMNS, INQUIRY_CSV_REQUIRED_COLUMNS) },
};

function optionalOf(columns: readonly string[], required: readonly string[]) {
  return columns.filter((column) => !required.includes(column));
}

/** The largest file the web import takes (about 150,000 order rows); the command line has none. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
/** How many problems a page lists; the count says how many there are in all. */
export const PROBLEMS_LISTED = 2000;
const UPLOAD_TTL_MS = 60 * 60 * 1000;
const RUN_TTL_MS = 60 * 60 * 1000;

// ---------------------------------------------------------------------------------------------
// The importers, one per kind of file
// ---------------------------------------------------------------------------------------------

type ImportOptions = { now: Date; dryRun?: boolean; userId?: number; fileName?: string; onProgress?: ImportProgress };
/** Checks (a dry run) or imports a file, giving the event loop a turn between batches. */
type Importer = (db: DB, input: CsvInput, options: ImportOptions) => Promise<CsvImportResult>;

const IMPORTERS: Record<ImportKind, Importer> = {
  customers: streamCustomersCsv,
  orders: streamOrdersCsv,
  // With the file's name, the inquiry import records the run in the audit log as the others do.
  inquiries: streamInquiriesCsv,
};

/** The preview of an upload: what importing it would do, or every problem it has. */
export function previewImport(db: DB, kind: ImportKind, bytes: Uint8Array, now = new Date()): Promise<CsvImportResult> {
  return IMPORTERS[kind](db, bytes, { now, dryRun: true });
}

// ---------------------------------------------------------------------------------------------
// Uploads waiting for their confirmation
// ---------------------------------------------------------------------------------------------

export type Upload = {
  token: string;
  userId: number;
  kind: ImportKind;
  fileName: string;
  size: number;
  /** Data rows the preview counted: the run's progress is shown against it (absent: unknown). */
  rows?: number;
  uploadedAt: number;
};

const TOKEN = /^[A-Za-z0-9_-]{32}$/;
const uploadDir = () => join(tmpdir(), "inquiry-crm-imports");
const dataPath = (token: string) => join(uploadDir(), `${token}.csv`);
const metaPath = (token: string) => join(uploadDir(), `${token}.json`);

/** Deletes uploads older than their time to live (whatever became of their page). */
async function sweepUploads(now: number): Promise<void> {
  const names = await readdir(uploadDir()).catch(() => [] as string[]);
  await Promise.all(
    names.map(async (name) => {
      const path = join(uploadDir(), name);
      const info = await stat(path).catch(() => null);
      if (info && now - info.mtimeMs > UPLOAD_TTL_MS) await rm(path, { force: true });
    }),
  );
}

export async function saveUpload(input: Omit<Upload, "token" | "uploadedAt" | "size">, bytes: Uint8Array): Promise<Upload> {
  const now = Date.now();
  await mkdir(uploadDir(), { recursive: true, mode: 0o700 });
  await sweepUploads(now);
  const upload: Upload = { ...input, token: randomBytes(24).toString("base64url"), size: bytes.byteLength, uploadedAt: now };
  await writeFile(dataPath(upload.token), bytes, { mode: 0o600 });
  await writeFile(metaPath(upload.token), JSON.stringify(upload), { mode: 0o600 });
  return upload;
}

/** The upload and the file that holds it, if the token is this user's and has not expired. */
export async function loadUpload(token: string, userId: number): Promise<{ upload: Upload; path: string } | null> {
  if (!TOKEN.test(token)) return null;
  try {
    const upload = JSON.parse(await readFile(metaPath(token), "utf8")) as Upload;
    if (upload.token !== token || upload.userId !== userId || Date.now() - upload.uploadedAt > UPLOAD_TTL_MS) return null;
    await stat(dataPath(token));
    return { upload, path: dataPath(token) };
  } catch {
    return null;
  }
}

export async function discardUpload(token: string): Promise<void> {
  if (!TOKEN.test(token)) return;
  await Promise.all([rm(dataPath(token), { force: true }), rm(metaPath(token), { force: true })]);
}

// ---------------------------------------------------------------------------------------------
// Runs
// ---------------------------------------------------------------------------------------------

export type RunPhase = "checking" | "writing" | "done" | "failed";

type ImportRun = {
  id: string;
  token: string;
  userId: number;
  kind: ImportKind;
  fileName: string;
  phase: RunPhase;
  /** Rows checked in the first pass. */
  checked: number;
  /** Rows written in the second pass. */
  written: number;
  total: number;
  result: { rows: number; created: number; updated: number; unchanged: number } | null;
  problems: CsvProblem[];
  /** Something other than a bad row went wrong (logged on the server). */
  crashed: boolean;
  finishedAt: number | null;
};

/** What the page shows of a run. */
export type ImportRunView = Omit<ImportRun, "token" | "userId" | "finishedAt" | "problems"> & {
  /** 0–100: the check fills the first half, row by row; the write the second, chunk by chunk. */
  percent: number;
  problems: CsvProblem[];
  problemCount: number;
};

// Kept on globalThis so that a module reloaded in development still sees the runs under way.
const store = globalThis as unknown as { __crmImportRuns?: Map<string, ImportRun> };
const runs = (store.__crmImportRuns ??= new Map());

function forgetOldRuns(now: number) {
  for (const [id, run] of runs) if (run.finishedAt !== null && now - run.finishedAt > RUN_TTL_MS) runs.delete(id);
}

async function execute(run: ImportRun, input: Uint8Array | { path: string }, db: DB): Promise<void> {
  const importer = IMPORTERS[run.kind];
  try {
    // One run checks the file and then writes it; the check is repeated in every chunk's
    // transaction, since the data may change meanwhile.
    const result = await importer(db, input, {
      now: new Date(),
      userId: run.userId,
      fileName: run.fileName,
      onProgress: ({ phase, rows }) => {
        run.phase = phase;
        if (phase === "checking") run.checked = rows;
        else run.written = rows;
        // A file can have grown a few rows since its preview; the bar never runs past its end.
        run.total = Math.max(run.total, run.checked);
      },
    });
    if (!result.ok) {
      run.problems = result.problems;
      run.phase = "failed";
      return;
    }
    const { rows, created, updated, unchanged } = result;
    run.result = { rows, created, updated, unchanged };
    run.phase = "done";
    // Imported: the upload is no longer needed (an expired one is swept anyway).
    await discardUpload(run.token).catch(() => undefined);
  } catch (error) {
    console.error(`import ${run.id} (${run.kind}, ${run.fileName}) failed:`, error);
    run.crashed = true;
    run.phase = "failed";
  } finally {
    run.finishedAt = Date.now();
  }
}

/**
 * Starts importing an upload (its stored file, or bytes in memory) after the response has gone;
 * returns the run to poll. Confirming the same upload twice (a double click) gives the run already
 * under way rather than a second one.
 */
export function startImportRun(upload: Upload, input: Uint8Array | { path: string }, db: DB = processDb()): string {
  forgetOldRuns(Date.now());
  for (const run of runs.values()) {
    if (run.token === upload.token && run.phase !== "failed") return run.id;
  }
  const run: ImportRun = {
    id: randomBytes(12).toString("base64url"),
    token: upload.token,
    userId: upload.userId,
    kind: upload.kind,
    fileName: upload.fileName,
    phase: "checking",
    checked: 0,
    written: 0,
    total: upload.rows ?? 0,
    result: null,
    problems: [],
    crashed: false,
    finishedAt: null,
  };
  runs.set(run.id, run);
  setImmediate(() => void execute(run, input, db));
  return run.id;
}

function percentOf(run: ImportRun): number {
  switch (run.phase) {
    case "checking":
      return run.total === 0 ? 0 : Math.floor((Math.min(run.checked, run.total) / run.total) * 50);
    case "writing":
      return run.total === 0 ? 50 : 50 + Math.floor((Math.min(run.written, run.total) / run.total) * 50);
    case "done":
      return 100;
    case "failed":
      return 0;
  }
}

/** A run of this user's, as the page shows it; null for an unknown or expired run. */
export function importRunView(id: string, userId: number): ImportRunView | null {
  const run = runs.get(id);
  if (!run || run.userId !== userId) return null;
  const { token: _token, userId: _userId, finishedAt: _finishedAt, problems, ...shown } = run;
  return { ...shown, percent: percentOf(run), problems: problems.slice(0, PROBLEMS_LISTED), problemCount: problems.length };
}
