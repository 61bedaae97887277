/**
 * Faults (SPEC §13: "a crash at any point leaves readers with the complete previous results or
 * the complete new ones"): each real job (sla, tiers, reminders, clv) runs in its own process
 * (test/fixtures/job-kill-worker.ts) on a file database holding the demo data, and is killed with
 * SIGKILL in the middle of its run, at a hook the worker exposes (no timing guess). Then:
 *
 * - `PRAGMA integrity_check` answers ok;
 * - the dead run's lease does not block the next run, which starts at once and succeeds, and the
 *   killed run is recorded as failed ("interrupted");
 * - every table the job writes equals, row for row, what the same run gives on an untouched copy
 *   of the same database.
 */
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays, localDay } from "~/domain/calendar";
import { INTERRUPTED } from "~/models/job-run.server";
import { getSettings } from "~/models/settings.server";
import { openDatabase } from "~db/client.server";
import { JOB_NAMES, type JobName } from "~db/enums";
import { demoTestFile } from "../helpers";
import { jobLeases, jobRuns } from "~db/schema";
import { JOB_DEFINITIONS } from "../../jobs/registry";
import { runJob } from "../../jobs/runner";
import { killWhenPaused } from "./support";

const WORKER = fileURLToPath(new URL("../fixtures/job-kill-worker.ts", import.meta.url));
/** The runner's own bookkeeping, which differs between any two runs; everything else is compared. */
const NOT_COMPARED = new Set(["job_runs", "job_leases", "sessions"]);

let dir: string;
let template: string;
let asOf: string;
const summary: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "crm-job-faults-"));
  template = join(dir, "template.db");
  // The demo data as of two days ago; the jobs run as of yesterday, so both copies see one `now`.
  await demoTestFile(template);
  const open = openDatabase(template);
  asOf = addDays(localDay(new Date(), getSettings(open.db).general.timeZone), -1);
  open.sqlite.pragma("wal_checkpoint(TRUNCATE)");
  open.sqlite.close();
}, 120_000);

afterAll(() => {
  console.log(`reliability: job faults: ${summary.length} jobs killed mid-run and rerun: ${summary.join(", ")}`);
  rmSync(dir, { recursive: true, force: true });
});

function copyOfTemplate(name: string): string {
  const path = join(dir, name);
  copyFileSync(template, path);
  return path;
}

type Paused = { paused: true; pid: number; fraction: number; inTransaction: boolean };

/** Starts the worker, waits for it to pause in the middle of the run, kills it, and waits for its end. */
const killMidRun = (path: string, job: JobName) => killWhenPaused<Paused>(WORKER, [path, job, asOf]);

/** Every row of every compared table, in a stable order. */
function snapshot(path: string): Record<string, unknown[]> {
  const sqlite = new Database(path, { readonly: true });
  try {
    const tables = sqlite
      .prepare(
        "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%' order by name",
      )
      .pluck()
      .all() as string[];
    const rows: Record<string, unknown[]> = {};
    for (const table of tables) {
      if (NOT_COMPARED.has(table)) continue;
      const columns = (sqlite.prepare(`select name from pragma_table_info('${table}')`).pluck().all() as string[]).map(
        (c) => `"${c}"`,
      );
      rows[table] = sqlite.prepare(`select * from "${table}" order by ${columns.join(", ")}`).all();
    }
    return rows;
  } finally {
    sqlite.close();
  }
}

describe("kill -9 in the middle of each job", () => {
  it.each(JOB_NAMES.map((job) => [job]))(
    "%s: integrity ok, the dead lease is taken over, the next run succeeds and matches an untouched copy",
    async (job) => {
      const killedPath = copyOfTemplate(`${job}-killed.db`);
      const cleanPath = copyOfTemplate(`${job}-clean.db`);

      const paused = await killMidRun(killedPath, job);

      const check = new Database(killedPath);
      expect(check.pragma("integrity_check", { simple: true })).toBe("ok");
      check.close();

      const killed = openDatabase(killedPath);
      const clean = openDatabase(cleanPath);
      try {
        const dead = killed.db.select().from(jobRuns).where(eq(jobRuns.job, job)).all();
        expect(dead).toHaveLength(1);
        expect(dead[0]!.status).toBe("running");
        // The lease is still there, held by a process that no longer exists.
        expect(killed.db.select().from(jobLeases).where(eq(jobLeases.job, job)).get()?.runId).toBe(dead[0]!.id);

        const next = await runJob(killed.db, JOB_DEFINITIONS[job], { trigger: "cli", asOf });
        expect(next.status, JSON.stringify(next)).toBe("succeeded");
        const interrupted = killed.db.select().from(jobRuns).where(eq(jobRuns.id, dead[0]!.id)).get()!;
        expect(interrupted).toMatchObject({ status: "failed", error: INTERRUPTED });
        expect(killed.db.select().from(jobLeases).all()).toEqual([]);

        const reference = await runJob(clean.db, JOB_DEFINITIONS[job], { trigger: "cli", asOf });
        expect(reference.status).toBe("succeeded");
      } finally {
        killed.sqlite.close();
        clean.sqlite.close();
      }

      const after = snapshot(killedPath);
      const expected = snapshot(cleanPath);
      for (const table of Object.keys(expected))
        expect(after[table], `table ${table} after the ${job} job`).toEqual(expected[table]);
      summary.push(`${job} at ${Math.round(paused.fraction * 100)}%${paused.inTransaction ? " inside a write transaction" : ""}`);
    },
    120_000,
  );
});
