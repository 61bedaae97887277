import { desc } from "drizzle-orm";
import type { DB } from "~db/client.server";
import { jobRuns } from "~db/schema";

export function latestJobRuns(db: DB, limit = 8) {
  return db.select().from(jobRuns).orderBy(desc(jobRuns.startedAt), desc(jobRuns.id)).limit(limit).all();
}
