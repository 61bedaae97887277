import { and, asc, eq, gt, sql } from "drizzle-orm";
import type { DB } from "~db/client.server";
import type { JobName } from "~db/enums";
import { jobStageReady, jobStages } from "~db/schema";

/**
 * A job's staged results (job_stages) and the mark that they are complete and being applied
 * (job_stage_ready), for jobs/staged-write.ts, which decides what goes in which short transaction.
 */

type JobStageReady = typeof jobStageReady.$inferSelect;

export function insertStagedChunk(db: DB, job: JobName, seq: number, payload: string): void {
  db.insert(jobStages).values({ job, seq, payload }).run();
}

/** Deletes up to `limit` of the job's staged chunks; returns how many it deleted. */
export function deleteStagedChunks(db: DB, job: JobName, limit: number): number {
  return db.run(
    sql`delete from ${jobStages} where rowid in (select rowid from ${jobStages} where ${jobStages.job} = ${job} limit ${limit})`,
  ).changes;
}

/** The first staged chunk after `appliedThrough`, if any. */
export function nextStagedChunk(db: DB, job: JobName, appliedThrough: number): { seq: number; payload: string } | undefined {
  return db
    .select({ seq: jobStages.seq, payload: jobStages.payload })
    .from(jobStages)
    .where(and(eq(jobStages.job, job), gt(jobStages.seq, appliedThrough)))
    .orderBy(asc(jobStages.seq))
    .limit(1)
    .get();
}

export function findStageReady(db: DB, job: JobName): JobStageReady | undefined {
  return db.select().from(jobStageReady).where(eq(jobStageReady.job, job)).get();
}

/** The jobs whose stage is marked complete and not yet wholly applied. */
export function jobsWithStageReady(db: DB): JobName[] {
  return db
    .select({ job: jobStageReady.job })
    .from(jobStageReady)
    .all()
    .map((row) => row.job);
}

export function markStageReady(db: DB, job: JobName, chunks: number, at: Date): void {
  db.insert(jobStageReady).values({ job, chunks, appliedThrough: 0, readyAt: at }).run();
}

export function setStageAppliedThrough(db: DB, job: JobName, seq: number): void {
  db.update(jobStageReady).set({ appliedThrough: seq }).where(eq(jobStageReady.job, job)).run();
}

export function dropStageReady(db: DB, job: JobName): void {
  db.delete(jobStageReady).where(eq(jobStageReady.job, job)).run();
}
