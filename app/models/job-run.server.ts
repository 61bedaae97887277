import { and, asc, count, desc, eq, inArray } from "drizzle-orm";
import type { DB } from "~db/client.server";
import { JOB_NAMES, type JobName } from "~db/enums";
import { jobLeases, jobRuns } from "~db/schema";
import { pageInfo, PAGE_SIZE, type Page } from "~/utils/pagination";

export type JobRun = typeof jobRuns.$inferSelect;

export function latestJobRuns(db: DB, limit = 8) {
  return db.select().from(jobRuns).orderBy(desc(jobRuns.startedAt), desc(jobRuns.id)).limit(limit).all();
}

/** The run history, newest first, a page at a time (the total is counted by SQL, not from the page). */
export function listJobRuns(db: DB, page: number, pageSize = PAGE_SIZE): Page<JobRun> {
  const total = db.select({ n: count() }).from(jobRuns).get()?.n ?? 0;
  const info = pageInfo(total, page, pageSize);
  const rows = db
    .select()
    .from(jobRuns)
    .orderBy(desc(jobRuns.startedAt), desc(jobRuns.id))
    .limit(info.pageSize)
    .offset(info.offset)
    .all();
  return { rows, total: info.total, page: info.page, pageSize: info.pageSize, pages: info.pages };
}

/** Each job's most recent run (null for a job that never ran), in the order of JOB_NAMES. */
export function lastRunPerJob(db: DB): { job: JobName; run: JobRun | null }[] {
  // Four lookups on the (job, started_at) index: cheaper and clearer than a window over all runs.
  return JOB_NAMES.map((job) => ({
    job,
    run:
      db.select().from(jobRuns).where(eq(jobRuns.job, job)).orderBy(desc(jobRuns.startedAt), desc(jobRuns.id)).limit(1).get() ??
      null,
  }));
}

export function findJobRun(db: DB, id: number): JobRun | undefined {
  return db.select().from(jobRuns).where(eq(jobRuns.id, id)).get();
}

// ---------------------------------------------------------------------------------------------
// For the runner (jobs/runner.ts): runs and the leases that guard them. Each function is one
// statement; the runner decides which ones go together in a transaction.

/**
 * The error recorded for a run whose process died before it could finish; the pages show such a
 * run as interrupted.
 */
export const INTERRUPTED = "interrupted";

type JobLease = typeof jobLeases.$inferSelect;
type LeaseKey = { job: JobName; holder: string; runId: number };

export function allJobLeases(db: DB): JobLease[] {
  return db.select().from(jobLeases).all();
}

export function findJobLease(db: DB, job: JobName): JobLease | undefined {
  return db.select().from(jobLeases).where(eq(jobLeases.job, job)).get();
}

/** Drops the job's lease; with a holder, only if that holder still has it. */
export function dropJobLease(db: DB, job: JobName, holder?: string): void {
  db.delete(jobLeases)
    .where(holder === undefined ? eq(jobLeases.job, job) : and(eq(jobLeases.job, job), eq(jobLeases.holder, holder)))
    .run();
}

export function insertJobLease(db: DB, lease: LeaseKey & { expiresAt: Date }): void {
  db.insert(jobLeases).values(lease).run();
}

/** Pushes the lease's expiry; false when this run no longer holds it (another process took it over). */
export function extendJobLease(db: DB, lease: LeaseKey, expiresAt: Date): boolean {
  return (
    db
      .update(jobLeases)
      .set({ expiresAt })
      .where(and(eq(jobLeases.job, lease.job), eq(jobLeases.holder, lease.holder), eq(jobLeases.runId, lease.runId)))
      .run().changes > 0
  );
}

/** Releases the lease only if it is still this run's. */
export function releaseJobLease(db: DB, lease: LeaseKey): void {
  db.delete(jobLeases)
    .where(and(eq(jobLeases.job, lease.job), eq(jobLeases.holder, lease.holder), eq(jobLeases.runId, lease.runId)))
    .run();
}

export function runningJobRuns(db: DB): { id: number; job: JobName }[] {
  return db.select({ id: jobRuns.id, job: jobRuns.job }).from(jobRuns).where(eq(jobRuns.status, "running")).all();
}

/** Marks failed (INTERRUPTED) those of the runs that are still recorded as running. */
export function markJobRunsInterrupted(db: DB, runIds: readonly number[], at: Date): void {
  if (runIds.length === 0) return;
  db.update(jobRuns)
    .set({ status: "failed", error: INTERRUPTED, finishedAt: at })
    .where(and(inArray(jobRuns.id, [...runIds]), eq(jobRuns.status, "running")))
    .run();
}

type NewJobRun = { job: JobName; asOf: string; trigger: string; startedAt: Date };

export function insertRunningJobRun(db: DB, run: NewJobRun & { holder: string }): number {
  return db
    .insert(jobRuns)
    .values({ ...run, status: "running", progress: 0 })
    .returning({ id: jobRuns.id })
    .get().id;
}

/** A run asked for by a page, waiting for the process that runs the schedules. */
export function insertQueuedJobRun(db: DB, run: NewJobRun): number {
  return db
    .insert(jobRuns)
    .values({ ...run, status: "queued", progress: 0 })
    .returning({ id: jobRuns.id })
    .get().id;
}

/** The job's run waiting to be picked up, if any. */
export function queuedJobRunOf(db: DB, job: JobName): number | undefined {
  return db
    .select({ id: jobRuns.id })
    .from(jobRuns)
    .where(and(eq(jobRuns.job, job), eq(jobRuns.status, "queued")))
    .get()?.id;
}

/** The oldest requested run still waiting, if any (one read on the status index). */
export function oldestQueuedJobRun(db: DB): { id: number; job: JobName; asOf: string; trigger: string } | undefined {
  return db
    .select({ id: jobRuns.id, job: jobRuns.job, asOf: jobRuns.asOf, trigger: jobRuns.trigger })
    .from(jobRuns)
    .where(eq(jobRuns.status, "queued"))
    .orderBy(asc(jobRuns.id))
    .limit(1)
    .get();
}

/** Turns a queued run into the running one; false when another process picked it up first (or it is gone). */
export function startQueuedJobRun(db: DB, runId: number, job: JobName, run: { startedAt: Date; holder: string }): boolean {
  return (
    db
      .update(jobRuns)
      .set({ status: "running", startedAt: run.startedAt, progress: 0, holder: run.holder })
      .where(and(eq(jobRuns.id, runId), eq(jobRuns.job, job), eq(jobRuns.status, "queued")))
      .run().changes > 0
  );
}

/** Records a queued run failed without running it (an as-of day that can no longer run). */
export function failQueuedJobRun(db: DB, runId: number, error: string, at: Date): void {
  db.update(jobRuns)
    .set({ status: "failed", error, finishedAt: at })
    .where(and(eq(jobRuns.id, runId), eq(jobRuns.status, "queued")))
    .run();
}

export function setJobRunProgress(db: DB, runId: number, progress: number): void {
  db.update(jobRuns).set({ progress }).where(eq(jobRuns.id, runId)).run();
}

export function recordJobRunSucceeded(db: DB, runId: number, figures: Record<string, unknown>, at: Date): void {
  db.update(jobRuns)
    .set({ status: "succeeded", finishedAt: at, progress: 1, figures, error: null })
    .where(eq(jobRuns.id, runId))
    .run();
}

export function recordJobRunFailed(db: DB, runId: number, error: string, at: Date): void {
  db.update(jobRuns).set({ status: "failed", finishedAt: at, error }).where(eq(jobRuns.id, runId)).run();
}
