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
 * Runs: an import runs in the server process after the confirm request has answered, and records
 * its progress here:
 * 1. checking: every row is validated again, a few hundred rows per turn of the event loop, so the
 *    bar moves with the rows and the server keeps answering other requests;
 * 2. writing: the same import as the command line's, one immediate transaction that validates
 *    once more and writes everything, or nothing;
 * 3. done, or failed with every problem (nothing imported).
 * The write is one synchronous transaction, as SPEC §9 asks ("imports all in one transaction"),
 * so its progress cannot be observed row by row; the page shows it as one step. Splitting it
 * into several transactions would show finer progress but could leave half a file imported if
 * the data changed or the server stopped midway; a transaction may not stay open across turns of
 * the event loop either, since every request shares the one connection.
 */
import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { db as processDb, type DB } from "~db/client.server";
import type { CsvProblem } from "~/utils/csv.server";
import { recordAudit } from "./audit.server";
import { checkCustomersCsv, importCustomersCsv, type CheckProgress, type CsvImportResult } from "./customer-csv.server";
import { importInquiriesCsv } from "./inquiry-csv.server";
import { checkOrdersCsv, importOrdersCsv } from "./order-csv.server";

export const IMPORT_KINDS = ["customers", "orders", "inquiries"] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** The largest file the web import takes (about 150,000 order rows); the command line has none. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
/** How many problems a page lists; the count says how many there are in all. */
export const PROBLEMS_LISTED = 2000;
const UPLOAD_TTL_MS = 60 * 60 * 1000;
const RUN_TTL_MS = 60 * 60 * 1000;

// ---------------------------------------------------------------------------------------------
// The importers, one per kind of file
// ---------------------------------------------------------------------------------------------

type ImportOptions = { now: Date; userId: number; fileName: string };
type Importer = {
  /**
   * A dry run that gives the event loop a turn every few hundred rows where the model can, so a
   * large file does not hold up other requests: the preview, and the check before the write.
   */
  check(db: DB, bytes: Uint8Array, now: Date, onProgress?: CheckProgress): Promise<CsvImportResult>;
  /** The import: one transaction and one audit entry. */
  write(db: DB, bytes: Uint8Array, options: ImportOptions): CsvImportResult;
};

const IMPORTERS: Record<ImportKind, Importer> = {
  customers: {
    check: (db, bytes, now, onProgress) => checkCustomersCsv(db, bytes, { now, onProgress }),
    write: (db, bytes, options) => importCustomersCsv(db, bytes, options),
  },
  orders: {
    check: (db, bytes, now, onProgress) => checkOrdersCsv(db, bytes, { now, onProgress }),
    write: (db, bytes, options) => importOrdersCsv(db, bytes, options),
  },
  inquiries: {
    // The inquiry model checks a file in one go: the bar moves once for the whole check.
    check: async (db, bytes, now) => importInquiriesCsv(db, bytes, { now, dryRun: true }),
    write: (db, bytes, { now, userId, fileName }) =>
      // The inquiry import audits each inquiry but not the run; its transaction nests in this one
      // (as a savepoint), so the run and its entry are written together.
      db.transaction(
        (tx) => {
          const result = importInquiriesCsv(tx, bytes, { now, userId });
          if (result.ok) {
            const { rows, created, updated, unchanged } = result;
            recordAudit(tx, {
              entity: "import",
              entityId: "inquiries",
              action: "create",
              userId,
              at: now,
              after: { kind: "inquiries", file: fileName, rows, created, updated, unchanged },
            });
          }
          return result;
        },
        { behavior: "immediate" },
      ),
  },
};

/** The preview of an upload: what importing it would do, or every problem it has. */
export function previewImport(db: DB, kind: ImportKind, bytes: Uint8Array, now = new Date()): Promise<CsvImportResult> {
  return IMPORTERS[kind].check(db, bytes, now);
}

// ---------------------------------------------------------------------------------------------
// Uploads waiting for their confirmation
// ---------------------------------------------------------------------------------------------

export type Upload = { token: string; userId: number; kind: ImportKind; fileName: string; size: number; uploadedAt: number };

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

/** The upload and its bytes, if the token is this user's and has not expired. */
export async function loadUpload(token: string, userId: number): Promise<{ upload: Upload; bytes: Uint8Array } | null> {
  if (!TOKEN.test(token)) return null;
  try {
    const upload = JSON.parse(await readFile(metaPath(token), "utf8")) as Upload;
    if (upload.token !== token || upload.userId !== userId || Date.now() - upload.uploadedAt > UPLOAD_TTL_MS) return null;
    return { upload, bytes: await readFile(dataPath(token)) };
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
  checked: number;
  total: number;
  result: { rows: number; created: number; updated: number; unchanged: number } | null;
  problems: CsvProblem[];
  /** Something other than a bad row went wrong (logged on the server). */
  crashed: boolean;
  finishedAt: number | null;
};

/** What the page shows of a run. */
export type ImportRunView = Omit<ImportRun, "token" | "userId" | "finishedAt" | "problems"> & {
  /** 0–100: the check fills the first half, row by row; the write the second, in one step. */
  percent: number;
  problems: CsvProblem[];
  problemCount: number;
};

// Kept on globalThis so that a module reloaded in development still sees the runs under way.
const store = globalThis as unknown as { __crmImportRuns?: Map<string, ImportRun> };
const runs = (store.__crmImportRuns ??= new Map());

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

function forgetOldRuns(now: number) {
  for (const [id, run] of runs) if (run.finishedAt !== null && now - run.finishedAt > RUN_TTL_MS) runs.delete(id);
}

async function execute(run: ImportRun, bytes: Uint8Array, db: DB): Promise<void> {
  const importer = IMPORTERS[run.kind];
  try {
    const checked = await importer.check(db, bytes, new Date(), (done, total) => {
      run.checked = done;
      run.total = total;
    });
    if (!checked.ok) {
      run.problems = checked.problems;
      run.phase = "failed";
      return;
    }
    run.total = checked.rows;
    run.checked = checked.rows;
    run.phase = "writing";
    // Let a poll see the new phase before the write holds the event loop.
    await nextTurn();
    const written = importer.write(db, bytes, { now: new Date(), userId: run.userId, fileName: run.fileName });
    if (!written.ok) {
      // The data changed between the check and the write; the transaction wrote nothing.
      run.problems = written.problems;
      run.phase = "failed";
      return;
    }
    const { rows, created, updated, unchanged } = written;
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
 * Starts importing an upload after the response has gone; returns the run to poll. Confirming the
 * same upload twice (a double click) gives the run already under way rather than a second one.
 */
export function startImportRun(upload: Upload, bytes: Uint8Array, db: DB = processDb()): string {
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
    total: 0,
    result: null,
    problems: [],
    crashed: false,
    finishedAt: null,
  };
  runs.set(run.id, run);
  setImmediate(() => void execute(run, bytes, db));
  return run.id;
}

function percentOf(run: ImportRun): number {
  switch (run.phase) {
    case "checking":
      return run.total === 0 ? 0 : Math.floor((run.checked / run.total) * 50);
    case "writing":
      return 50;
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
