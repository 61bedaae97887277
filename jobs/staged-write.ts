/**
 * How a job writes its results without holding the write lock for long (issue 10: about 100 ms at
 * a time), and without a crash leaving half of one run and half of another.
 *
 * A run computes every write first (reading from a snapshot, no lock), then:
 *
 * 1. stages them in `job_stages`, a chunk of writes per row, a few rows per short transaction;
 *    a crash here leaves the previous results untouched (the next run drops the partial stage);
 * 2. marks the stage complete (`job_stage_ready`) in one short transaction: from here on the new
 *    results are decided, and whoever finds the mark finishes applying them;
 * 3. applies the chunks in order, one short transaction each, recording the last chunk applied in
 *    the same transaction, so that each chunk is applied exactly once whatever is killed when;
 * 4. removes the mark and the stage.
 *
 * A crash in step 3 is finished by the next start of any process (resumeStagedWrites, called by the
 * jobs process, the web server and the command line at start-up) and by the job's next run before
 * it computes anything. So after a crash and a start the stored results are the complete previous
 * ones (crash before step 2) or the complete new ones (after it). A chunk's writes run exactly
 * once, in order, inside their chunk's transaction, so they need not be repeatable.
 */
import {
  deleteStagedChunks,
  dropStageReady,
  findStageReady,
  insertStagedChunk,
  jobsWithStageReady,
  markStageReady,
  nextStagedChunk,
  setStageAppliedThrough,
} from "~/models/job-stage.server";
import type { DB } from "~db/client.server";
import type { JobName } from "~db/enums";

/** Writes per staged chunk: a chunk takes a few milliseconds to apply. */
const CHUNK_WRITES = 100;
/**
 * A transaction takes no further step (a chunk staged or applied, a slice of rows) once it has
 * held the write lock this long: with one step's few milliseconds on top, the lock is held well
 * under the ~100 ms a web request waits for it (WEB_BUSY_TIMEOUT_MS).
 */
const TRANSACTION_BUDGET_MS = 25;
/** Stage rows deleted per transaction when a stage is cleared. */
const DELETE_ROWS_PER_TRANSACTION = 200;

/**
 * Runs `step(tx)` again and again, in immediate transactions that each end once they have run
 * TRANSACTION_BUDGET_MS, until it returns false (nothing left). Returns how many steps ran.
 */
export function inShortTransactions(db: DB, step: (tx: DB) => boolean): number {
  let steps = 0;
  let more = true;
  while (more) {
    db.transaction(
      (tx) => {
        const started = performance.now();
        do {
          more = step(tx);
          if (more) steps += 1;
        } while (more && performance.now() - started < (hooks.transactionBudgetMs ?? TRANSACTION_BUDGET_MS));
      },
      { behavior: "immediate" },
    );
  }
  return steps;
}

/** Applies one chunk of a job's writes inside the given transaction. */
export type ChunkWriter<Op> = (tx: DB, ops: Op[]) => void;

const writers = new Map<JobName, ChunkWriter<never>>();

/**
 * Makes a job's chunk writer known to this process, so that resumeStagedWrites can finish a stage
 * that a dead process left ready. Each job registers its own when its module loads.
 */
export function registerChunkWriter<Op>(job: JobName, writer: ChunkWriter<Op>): void {
  writers.set(job, writer as ChunkWriter<never>);
}

/** For tests: kill -9 at a chosen point of a staged write, and smaller chunks for small data. */
export type StagedWriteHooks = {
  afterChunkApplied?: (chunk: number, chunks: number) => void;
  afterStaged?: () => void;
  chunkWrites?: number;
  /** 0: one step per transaction, so that a kill mid-apply leaves part of the chunks committed. */
  transactionBudgetMs?: number;
};
let hooks: StagedWriteHooks = {};
export function setStagedWriteHooks(next: StagedWriteHooks): void {
  hooks = next;
}

function clearStage(db: DB, job: JobName): void {
  for (;;) {
    const removed = deleteStagedChunks(db, job, DELETE_ROWS_PER_TRANSACTION);
    if (removed < DELETE_ROWS_PER_TRANSACTION) return;
  }
}

/**
 * Applies the next chunk of a ready stage inside `tx`, and records it applied in the same
 * transaction; false when none is left (the mark is then removed).
 */
function applyNextChunk(
  tx: DB,
  job: JobName,
  writer: ChunkWriter<never>,
  onApplied?: (chunk: number, chunks: number) => void,
): boolean {
  const ready = findStageReady(tx, job);
  if (!ready) return false;
  const chunk = nextStagedChunk(tx, job, ready.appliedThrough);
  if (!chunk) {
    dropStageReady(tx, job);
    return false;
  }
  writer(tx, JSON.parse(chunk.payload) as never[]);
  setStageAppliedThrough(tx, job, chunk.seq);
  onApplied?.(chunk.seq, ready.chunks);
  hooks.afterChunkApplied?.(chunk.seq, ready.chunks);
  return true;
}

/** Applies every chunk of a ready stage left, in short transactions, then clears the stage. */
function applyAll(db: DB, job: JobName, writer: ChunkWriter<never>, onApplied?: (chunk: number, chunks: number) => void): void {
  inShortTransactions(db, (tx) => applyNextChunk(tx, job, writer, onApplied));
  clearStage(db, job);
}

/** Finishes applying a job's ready stage, if one is left; returns whether there was one. */
export function resumeStagedWrite(db: DB, job: JobName): boolean {
  if (!findStageReady(db, job)) return false;
  const writer = writers.get(job);
  if (!writer) throw new Error(`no chunk writer registered for the ${job} job`);
  applyAll(db, job, writer);
  return true;
}

/** Finishes every stage a dead process left ready (called at every start). Returns those jobs. */
export function resumeStagedWrites(db: DB): JobName[] {
  const ready = jobsWithStageReady(db);
  for (const job of ready) resumeStagedWrite(db, job);
  return ready;
}

/**
 * Stages a run's writes, marks them ready and applies them, each step in short transactions (see
 * the top of this file). `onProgress` gets the fraction of chunks applied.
 */
export function writeStaged<Op>(
  db: DB,
  job: JobName,
  ops: readonly Op[],
  writer: ChunkWriter<Op>,
  onProgress: (fraction: number) => void = () => {},
): void {
  registerChunkWriter(job, writer);
  // A previous run's decided results come first; a partial stage of a run that died is dropped.
  resumeStagedWrite(db, job);
  clearStage(db, job);

  const chunks: string[] = [];
  const size = hooks.chunkWrites ?? CHUNK_WRITES;
  for (let i = 0; i < ops.length; i += size) chunks.push(JSON.stringify(ops.slice(i, i + size)));
  let staged = 0;
  inShortTransactions(db, (tx) => {
    if (staged === chunks.length) return false;
    insertStagedChunk(tx, job, staged + 1, chunks[staged]!);
    staged += 1;
    return true;
  });
  hooks.afterStaged?.();
  markStageReady(db, job, chunks.length, new Date());

  applyAll(db, job, writer as ChunkWriter<never>, (chunk, total) => {
    // Progress is reported between transactions' steps; the runner writes it at most 4 times a second.
    if (chunk % 10 === 0 || chunk === total) onProgress(total === 0 ? 1 : chunk / total);
  });
}
