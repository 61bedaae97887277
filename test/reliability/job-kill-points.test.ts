/**
 * kill -9 of the tiers, CLV and reminders jobs at several points of their staged write
 * (jobs/staged-write.ts), each in its own process (test/fixtures/job-kill-staged-worker.ts) on a
 * file database holding the demo data and the complete results of an earlier run (as of 30 days
 * before). After each kill and the next start (which finishes a stage that was marked ready),
 * every figure the job stores equals the complete previous run's (killed before its results were
 * decided) or the complete new run's (killed while applying them), never a mix; and a rerun
 * succeeds with the new run's figures. Killed half-way through applying, the file itself does hold
 * a mix until that start: the test checks that too, so it proves the start is what mends it.
 */
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays, localDay } from "~/domain/calendar";
import { getSettings } from "~/models/settings.server";
import { openDatabase } from "~db/client.server";
import type { JobName } from "~db/enums";
import { demoTestFile } from "../helpers";
import { JOB_DEFINITIONS } from "../../jobs/registry";
import { runJob } from "../../jobs/runner";
import { resumeStagedWrites } from "../../jobs/staged-write";
import { killWhenPaused } from "./support";

const WORKER = fileURLToPath(new URL("../fixtures/job-kill-staged-worker.ts", import.meta.url));

/** What each job stores, as its readers see it. */
const STORED: Record<"tiers" | "clv" | "reminders", string[]> = {
  tiers: [
    `select id, tier, tier_reason, tier_since, tiers_as_of, recency_days, frequency, monetary_minor, rfm_recency_score,
            rfm_frequency_score, rfm_monetary_score, revenue_last_180_minor, revenue_prior_180_minor from customers order by id`,
    "select customer_id, from_tier, to_tier, changed_on, reason, created_at from tier_history order by customer_id, changed_on, id",
    "select customer_id, owner_id, due_at, status, reason, cycle_key, priority from reminders where kind = 'tier_change' order by customer_id, cycle_key",
  ],
  clv: [
    "select id, p_alive, expected_orders_365d, expected_order_value_minor, predicted_clv_12m_minor, clv_as_of from customers order by id",
  ],
  reminders: [
    `select customer_id, owner_id, due_at, status, outcome, closed_at, snoozed_until, reason, cycle_key, priority
       from reminders where kind = 'repurchase' order by customer_id, cycle_key`,
    "select id, expected_next_purchase_on from customers order by id",
  ],
};
type KilledJob = keyof typeof STORED;
type Point = "staged" | "first" | "half";

let dir: string;
let template: string;
let asOf: string;
// Promises, not results: the kill points of a job run side by side, and each asks for the new
// results; two runs on the same clean copy at once would find each other's lease.
const expected = new Map<KilledJob, Promise<unknown[][]>>();
let previous: Record<KilledJob, unknown[][]>;
const summary: string[] = [];

function stored(path: string, job: KilledJob): unknown[][] {
  const sqlite = new Database(path, { readonly: true });
  try {
    return STORED[job].map((query) => sqlite.prepare(query).all());
  } finally {
    sqlite.close();
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "crm-job-kill-points-"));
  template = join(dir, "template.db");
  await demoTestFile(template);
  const open = openDatabase(template);
  asOf = addDays(localDay(new Date(), getSettings(open.db).general.timeZone), -1);
  // The previous run's complete results, 30 days earlier, so that nearly every stored figure changes.
  for (const job of ["tiers", "clv", "reminders"] as const) {
    const result = await runJob(open.db, JOB_DEFINITIONS[job], { trigger: "cli", asOf: addDays(asOf, -30) });
    expect(result.status).toBe("succeeded");
    // An unfitted CLV run writes nothing here, and there would be no chunk to be killed in.
    if (job === "clv" && result.status === "succeeded")
      expect(result.figures, "the demo's CLV models fit").toMatchObject({ fitted: true });
  }
  open.sqlite.pragma("wal_checkpoint(TRUNCATE)");
  open.sqlite.close();
  previous = { tiers: stored(template, "tiers"), clv: stored(template, "clv"), reminders: stored(template, "reminders") };
}, 120_000);

afterAll(() => {
  console.log(`reliability: job kill points: ${summary.join(", ")}`);
  rmSync(dir, { recursive: true, force: true });
});

function copyOfTemplate(name: string): string {
  const path = join(dir, name);
  copyFileSync(template, path);
  return path;
}

/** The complete new results: the same run on an untouched copy, once per job. */
function newResults(job: KilledJob): Promise<unknown[][]> {
  let results = expected.get(job);
  if (!results) {
    results = runOnCleanCopy(job);
    expected.set(job, results);
  }
  return results;
}

async function runOnCleanCopy(job: KilledJob): Promise<unknown[][]> {
  const path = copyOfTemplate(`${job}-clean.db`);
  const open = openDatabase(path);
  try {
    const result = await runJob(open.db, JOB_DEFINITIONS[job], { trigger: "cli", asOf });
    expect(result.status).toBe("succeeded");
  } finally {
    open.sqlite.close();
  }
  return stored(path, job);
}

type Paused = { paused: true; point: Point; chunk: number; chunks: number };

const killAt = (path: string, job: JobName, point: Point) => killWhenPaused<Paused>(WORKER, [path, job, asOf, point]);

async function killAndCheck(job: KilledJob, point: Point) {
  const path = copyOfTemplate(`${job}-${point}.db`);
  const paused = await killAt(path, job, point);
  const check = new Database(path);
  expect(check.pragma("integrity_check", { simple: true })).toBe("ok");
  check.close();

  const onDisk = stored(path, job);
  const fresh = await newResults(job);
  if (point === "half") {
    // Part of the chunks committed, the rest not: without the next start this would be a mix.
    expect(paused.chunks).toBeGreaterThan(2);
    expect(onDisk, `${job} killed half-way holds part of the new results`).not.toEqual(previous[job]);
    expect(onDisk).not.toEqual(fresh);
  }

  // The next start of any process (jobs process, web server, command line) finishes a ready stage.
  const open = openDatabase(path);
  try {
    const finished = resumeStagedWrites(open.db);
    expect(finished).toEqual(point === "staged" ? [] : [job]);
    const afterStart = stored(path, job);
    if (point === "staged") expect(afterStart, `${job} killed at ${point}`).toEqual(previous[job]);
    else expect(afterStart, `${job} killed at ${point}`).toEqual(fresh);

    const rerun = await runJob(open.db, JOB_DEFINITIONS[job], { trigger: "cli", asOf });
    expect(rerun.status, JSON.stringify(rerun)).toBe("succeeded");
    expect(stored(path, job), `${job} rerun after a kill at ${point}`).toEqual(fresh);
    expect(open.sqlite.prepare("select count(*) from job_stages").pluck().get()).toBe(0);
    expect(open.sqlite.prepare("select count(*) from job_stage_ready").pluck().get()).toBe(0);
  } finally {
    open.sqlite.close();
  }
  summary.push(`${job} at ${point}${paused.chunks ? ` (chunk ${paused.chunk} of ${paused.chunks})` : ""}`);
}

describe("kill -9 at several points of each job's write", () => {
  it.each([["tiers"], ["clv"], ["reminders"]] as const)(
    "%s: the previous results or the new ones, never a mix; a rerun completes them",
    async (job) => {
      const points: Point[] = job === "tiers" ? ["staged", "first", "half"] : ["staged", "half"];
      // The points run side by side, each on its own copy.
      await Promise.all(points.map((point) => killAndCheck(job, point)));
    },
    120_000,
  );
});
