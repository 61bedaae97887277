import { count, desc, eq } from "drizzle-orm";
import type { DB } from "~db/client.server";
import { JOB_NAMES, type JobName } from "~db/enums";
import { jobRuns } from "~db/schema";
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
    run: db.select().from(jobRuns).where(eq(jobRuns.job, job)).orderBy(desc(jobRuns.startedAt), desc(jobRuns.id)).limit(1).get() ?? null,
  }));
}

export function findJobRun(db: DB, id: number): JobRun | undefined {
  return db.select().from(jobRuns).where(eq(jobRuns.id, id)).get();
}
