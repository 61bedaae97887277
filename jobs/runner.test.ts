/**
 * The job runner: runs recorded, the lease (in one process and across two), failures that leave
 * the previous results in place, abandoned runs, as-of days; and the `job run` command.
 * Only fake jobs run here: the real ones have tests of their own.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { INTERRUPTED } from "~/models/job-run.server";
import { getMarker } from "~/models/settings.server";
import { openDatabase, type DB, type OpenDatabase } from "~db/client.server";
import type { JobName } from "~db/enums";
import { jobLeases, jobRuns, settings } from "~db/schema";
import { createTestDb } from "../test/helpers";
import type { JobContext, JobDefinition, JobFigures } from "./job";
import {
  describeResult,
  endOfLocalDay,
  isHolderAlive,
  LEASE_MS,
  markAbandonedRuns,
  processHolder,
  resolveAsOf,
  RUN_ALL_ORDER,
  runAll,
  runJob,
  startJob,
  summarizeFigures,
} from "./runner";

// The real jobs are replaced for the `job run` command: the registry is never loaded here.
const fakeRegistry = vi.hoisted(() => ({ definitions: {} as Record<string, unknown> }));
vi.mock("./registry", () => ({
  get JOB_DEFINITIONS() {
    return fakeRegistry.definitions;
  },
}));

const PROJECT_ROOT = fileURLToPath(new URL("..", import.meta.url));
const WORKER = fileURLToPath(new URL("../test/fixtures/job-worker.ts", import.meta.url));
const SCRATCH = "scratch.result";

let database: OpenDatabase;
let db: DB;

beforeEach(() => {
  database = createTestDb();
  db = database.db;
});
afterEach(() => vi.restoreAllMocks());

function fakeJob(name: JobName, run: JobDefinition["run"] = () => ({ customers: 3 })): JobDefinition {
  return { name, run };
}

/** A job and a way to let it finish: it waits for `release()` before returning its figures. */
function gatedJob(name: JobName, figures: JobFigures = { done: true }) {
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  let context: JobContext | undefined;
  const definition: JobDefinition = {
    name,
    run: async (ctx) => {
      context = ctx;
      await gate;
      return figures;
    },
  };
  return { definition, release: () => release(), context: () => context };
}

function writeScratch(conn: DB, value: string) {
  conn.insert(settings).values({ key: SCRATCH, value }).onConflictDoUpdate({ target: settings.key, set: { value } }).run();
}

const runs = () => db.select().from(jobRuns).orderBy(jobRuns.id).all();
const leases = () => db.select().from(jobLeases).all();

describe("runJob", () => {
  it("records a run with its as-of day, start, end, trigger and figures", async () => {
    const before = Date.now();
    const result = await runJob(
      db,
      fakeJob("tiers", () => ({ customers: 300, changed: 12 })),
      {
        trigger: "cli",
        asOf: "2026-11-20",
        now: new Date("2026-11-22T04:00:00Z"),
      },
    );
    expect(result).toMatchObject({
      status: "succeeded",
      job: "tiers",
      asOf: "2026-11-20",
      figures: { customers: 300, changed: 12 },
    });
    const [run] = runs();
    expect(run).toMatchObject({
      id: result.runId,
      job: "tiers",
      asOf: "2026-11-20",
      trigger: "cli",
      status: "succeeded",
      progress: 1,
      figures: { customers: 300, changed: 12 },
      error: null,
      holder: processHolder(),
    });
    expect(run!.startedAt.getTime()).toBeGreaterThanOrEqual(before);
    expect(run!.finishedAt!.getTime()).toBeGreaterThanOrEqual(run!.startedAt.getTime());
    expect(leases()).toEqual([]);
  });

  it("gives the job the as-of day, the team's settings, the mode and a database", async () => {
    const seen: Partial<JobContext>[] = [];
    const job = fakeJob("sla", (context) => {
      seen.push({ asOf: context.asOf, now: context.now, mode: context.mode, settings: context.settings });
      return {};
    });
    const now = new Date("2026-11-22T04:00:00Z");
    await runJob(db, job, { trigger: "schedule", mode: "recent", now });
    await runJob(db, job, { trigger: "manual", now });
    expect(seen[0]).toMatchObject({ asOf: "2026-11-22", now, mode: "recent" });
    expect(seen[0]!.settings!.general.timeZone).toBe("Asia/Shanghai");
    expect(seen[1]!.mode).toBe("full");
  });

  it("records a job that throws midway as failed, releases the lease, and the next run succeeds", async () => {
    const failing = fakeJob("clv", ({ progress }) => {
      progress(0.4);
      throw new Error("fit did not converge");
    });
    const failed = await runJob(db, failing, { trigger: "schedule" });
    expect(failed).toMatchObject({ status: "failed", error: "fit did not converge" });
    expect(runs()[0]).toMatchObject({ status: "failed", error: "fit did not converge", progress: 0.4, figures: null });
    expect(runs()[0]!.finishedAt).toBeInstanceOf(Date);
    expect(leases()).toEqual([]);

    const next = await runJob(
      db,
      fakeJob("clv", () => ({ customers: 5 })),
      { trigger: "schedule" },
    );
    expect(next.status).toBe("succeeded");
    expect(runs().map((run) => run.status)).toEqual(["failed", "succeeded"]);
  });

  it("leaves the previous results in place when a run throws inside its write transaction", async () => {
    const writes = (value: string, fail: boolean) =>
      fakeJob("tiers", ({ db: conn, progress }) => {
        conn.transaction((tx) => {
          writeScratch(tx, value);
          progress(0.5);
          if (fail) throw new Error("crashed before commit");
        });
        return { written: value };
      });
    expect((await runJob(db, writes("previous", false), { trigger: "cli" })).status).toBe("succeeded");
    const failed = await runJob(db, writes("half-done", true), { trigger: "cli" });
    expect(failed).toMatchObject({ status: "failed", error: "crashed before commit" });
    expect(getMarker(db, SCRATCH)).toBe("previous");
    expect(leases()).toEqual([]);
    expect((await runJob(db, writes("next", false), { trigger: "cli" })).status).toBe("succeeded");
    expect(getMarker(db, SCRATCH)).toBe("next");
  });

  it("answers already_running, with the running run's id, while another run holds the lease", async () => {
    const first = gatedJob("reminders");
    const started = startJob(db, first.definition, { trigger: "schedule" });
    expect(started.status).toBe("started");
    const second = await runJob(db, fakeJob("reminders"), { trigger: "manual" });
    expect(second).toEqual({ job: "reminders", status: "already_running", runId: started.runId });
    // Another job is not held up by it.
    expect((await runJob(db, fakeJob("tiers"), { trigger: "manual" })).status).toBe("succeeded");
    expect(runs()).toHaveLength(2);

    first.release();
    if (started.status === "started") expect((await started.finished).status).toBe("succeeded");
    expect(leases()).toEqual([]);
    expect((await runJob(db, fakeJob("reminders"), { trigger: "manual" })).status).toBe("succeeded");
  });

  it("reports progress, throttled, and keeps the lease alive with it", async () => {
    const seen: { progress: number; expiresAt: number }[] = [];
    const observe = () => {
      const run = runs().at(-1)!;
      seen.push({ progress: run.progress, expiresAt: leases()[0]!.expiresAt.getTime() });
    };
    await runJob(
      db,
      fakeJob("sla", async ({ progress }) => {
        progress(0.25);
        observe();
        progress(0.3); // within 250 ms of the last write: not written
        observe();
        await new Promise((resolve) => setTimeout(resolve, 300));
        progress(0.75);
        observe();
        return {};
      }),
      { trigger: "manual" },
    );
    expect(seen.map((entry) => entry.progress)).toEqual([0.25, 0.25, 0.75]);
    expect(seen[2]!.expiresAt).toBeGreaterThan(seen[0]!.expiresAt);
    expect(seen[2]!.expiresAt).toBeGreaterThan(Date.now() + LEASE_MS - 5_000);
  });

  it("stops a run whose lease was taken over, at its next progress report", async () => {
    const result = await runJob(
      db,
      fakeJob("clv", async ({ progress, db: conn }) => {
        progress(0.1);
        conn.update(jobLeases).set({ holder: "another-host:1:abc" }).run();
        await new Promise((resolve) => setTimeout(resolve, 300));
        progress(0.2);
        return {};
      }),
      { trigger: "schedule" },
    );
    expect(result.status).toBe("failed");
    if (result.status === "failed") expect(result.error).toMatch(/lease/);
    // The lease is the other holder's: not released by the stopped run.
    expect(leases()).toHaveLength(1);
  });

  it("takes over an expired lease and marks the run it guarded as interrupted", async () => {
    const stale = db
      .insert(jobRuns)
      .values({
        job: "tiers",
        asOf: "2026-11-21",
        trigger: "schedule",
        startedAt: new Date(Date.now() - 3_600_000),
        status: "running",
        holder: "another-host:42:abc",
      })
      .returning()
      .get();
    db.insert(jobLeases)
      .values({ job: "tiers", holder: "another-host:42:abc", runId: stale.id, expiresAt: new Date(Date.now() - 1000) })
      .run();
    const result = await runJob(db, fakeJob("tiers"), { trigger: "manual" });
    expect(result.status).toBe("succeeded");
    expect(runs()[0]).toMatchObject({ id: stale.id, status: "failed", error: INTERRUPTED });
    expect(leases()).toEqual([]);
  });

  it("takes over at once a lease whose process is gone, though not expired", async () => {
    const deadHolder = `${hostname()}:${process.pid}:deadbeef`; // this pid, another nonce: an earlier process
    expect(isHolderAlive(deadHolder)).toBe(false);
    expect(isHolderAlive(processHolder())).toBe(true);
    expect(isHolderAlive("another-host:42:abc")).toBe(true);
    db.insert(jobLeases)
      .values({ job: "clv", holder: deadHolder, runId: null, expiresAt: new Date(Date.now() + LEASE_MS) })
      .run();
    expect((await runJob(db, fakeJob("clv"), { trigger: "cli" })).status).toBe("succeeded");
  });

  it("refuses an as-of day after today, or one that does not exist, and writes nothing", () => {
    const now = new Date("2026-11-22T04:00:00Z");
    expect(() => startJob(db, fakeJob("tiers"), { trigger: "cli", asOf: "2026-11-23", now })).toThrow(RangeError);
    expect(() => startJob(db, fakeJob("tiers"), { trigger: "cli", asOf: "2026-02-30", now })).toThrow(RangeError);
    expect(runs()).toEqual([]);
    expect(leases()).toEqual([]);
  });
});

describe("as-of days", () => {
  it("runs a past day at its last millisecond in the team time zone", () => {
    expect(endOfLocalDay("2026-11-20", "Asia/Shanghai").toISOString()).toBe("2026-11-20T15:59:59.999Z");
    const realNow = new Date("2026-11-22T04:00:00Z");
    expect(resolveAsOf("2026-11-20", realNow, "Asia/Shanghai")).toEqual({
      asOf: "2026-11-20",
      now: new Date("2026-11-20T15:59:59.999Z"),
    });
    // A 25-hour day: New York's end of 2026-11-01 (DST ends) is 05:00Z the next morning less 1 ms.
    expect(endOfLocalDay("2026-11-01", "America/New_York").toISOString()).toBe("2026-11-02T04:59:59.999Z");
  });

  it("runs today (the default) at the real now", () => {
    // 2026-11-22T20:00Z is already 2026-11-23 in Shanghai.
    const realNow = new Date("2026-11-22T20:00:00Z");
    expect(resolveAsOf(undefined, realNow, "Asia/Shanghai")).toEqual({ asOf: "2026-11-23", now: realNow });
    expect(resolveAsOf("2026-11-23", realNow, "Asia/Shanghai")).toEqual({ asOf: "2026-11-23", now: realNow });
  });

  it("passes the end of the as-of day to the job as its now", async () => {
    let seen: Date | undefined;
    await runJob(
      db,
      fakeJob("reminders", ({ now }) => ((seen = now), {})),
      {
        trigger: "cli",
        asOf: "2026-11-20",
        now: new Date("2026-11-22T04:00:00Z"),
      },
    );
    expect(seen?.toISOString()).toBe("2026-11-20T15:59:59.999Z");
  });
});

describe("markAbandonedRuns", () => {
  function runningRow(job: JobName, holder = "x") {
    return db
      .insert(jobRuns)
      .values({ job, asOf: "2026-11-22", trigger: "schedule", startedAt: new Date(), status: "running", holder })
      .returning()
      .get();
  }

  it("marks a running row without a live lease failed, and leaves a live one alone", () => {
    const orphan = runningRow("sla");
    const expired = runningRow("tiers", "another-host:7:abc");
    db.insert(jobLeases)
      .values({ job: "tiers", holder: "another-host:7:abc", runId: expired.id, expiresAt: new Date(Date.now() - 1) })
      .run();
    const live = runningRow("clv", "another-host:8:abc");
    db.insert(jobLeases)
      .values({ job: "clv", holder: "another-host:8:abc", runId: live.id, expiresAt: new Date(Date.now() + LEASE_MS) })
      .run();

    const now = new Date();
    expect(markAbandonedRuns(db, now).sort()).toEqual([orphan.id, expired.id].sort());
    const byId = new Map(runs().map((run) => [run.id, run]));
    expect(byId.get(orphan.id)).toMatchObject({ status: "failed", error: INTERRUPTED, finishedAt: now });
    expect(byId.get(expired.id)).toMatchObject({ status: "failed", error: INTERRUPTED });
    expect(byId.get(live.id)).toMatchObject({ status: "running", error: null });
    expect(leases().map((lease) => lease.job)).toEqual(["clv"]);
    // Nothing left to do: a second call changes nothing.
    expect(markAbandonedRuns(db, now)).toEqual([]);
  });

  it("marks a run whose holder on this host has died", () => {
    const deadHolder = `${hostname()}:${process.pid}:0dead0`;
    const run = runningRow("reminders", deadHolder);
    db.insert(jobLeases)
      .values({ job: "reminders", holder: deadHolder, runId: run.id, expiresAt: new Date(Date.now() + LEASE_MS) })
      .run();
    expect(markAbandonedRuns(db)).toEqual([run.id]);
    expect(leases()).toEqual([]);
  });
});

describe("runAll", () => {
  it("runs sla (in full), tiers, clv and reminders in turn for one as-of day, past a failure", async () => {
    const order: string[] = [];
    const make = (name: JobName, fail = false) =>
      fakeJob(name, ({ mode, asOf }) => {
        order.push(`${name}:${mode}:${asOf}`);
        if (fail) throw new Error(`${name} broke`);
        return { ok: 1 };
      });
    const results = await runAll(
      db,
      { sla: make("sla"), tiers: make("tiers", true), clv: make("clv"), reminders: make("reminders") },
      { trigger: "manual", asOf: "2026-11-21", now: new Date("2026-11-22T04:00:00Z") },
    );
    expect(RUN_ALL_ORDER).toEqual(["sla", "tiers", "clv", "reminders"]);
    expect(order).toEqual(["sla:full:2026-11-21", "tiers:full:2026-11-21", "clv:full:2026-11-21", "reminders:full:2026-11-21"]);
    expect(results.map((result) => `${result.job}:${result.status}`)).toEqual([
      "sla:succeeded",
      "tiers:failed",
      "clv:succeeded",
      "reminders:succeeded",
    ]);
  });
});

describe("reporting", () => {
  it("puts a run on one line", () => {
    expect(summarizeFigures({ customers: 300, rate: 0.123456789, note: "two words", nested: { a: 1 } })).toBe(
      'customers=300 rate=0.123457 note="two words" nested={"a":1}',
    );
    expect(
      describeResult({
        job: "tiers",
        status: "succeeded",
        runId: 3,
        asOf: "2026-11-22",
        figures: { customers: 300 },
        durationMs: 412,
      }),
    ).toBe("tiers: succeeded in 412 ms (as of 2026-11-22): customers=300");
    expect(describeResult({ job: "tiers", status: "already_running", runId: 17 })).toBe("tiers: already running (run 17)");
    expect(describeResult({ job: "clv", status: "failed", runId: 4, asOf: "2026-11-22", error: "boom", durationMs: 9 })).toBe(
      "clv: failed after 9 ms (as of 2026-11-22): boom",
    );
  });
});

describe("job run command", () => {
  let out: string[];
  let err: string[];

  beforeEach(() => {
    out = [];
    err = [];
    vi.spyOn(console, "log").mockImplementation((...args) => void out.push(args.join(" ")));
    vi.spyOn(console, "error").mockImplementation((...args) => void err.push(args.join(" ")));
    fakeRegistry.definitions = {
      sla: fakeJob("sla", ({ mode }) => ({ mode })),
      tiers: fakeJob("tiers", () => ({ customers: 300 })),
      clv: fakeJob("clv", () => ({ customers: 300 })),
      reminders: fakeJob("reminders", () => ({ created: 2 })),
    };
  });

  async function command() {
    const { jobCommands, jobUsage } = await import("./commands/jobs");
    expect(jobUsage).toContain("job run sla|tiers|reminders|clv|all [--as-of YYYY-MM-DD]");
    return jobCommands["job run"]!;
  }

  it("runs one job as of a past day and prints one line", async () => {
    const jobRun = await command();
    await jobRun(["tiers", "--as-of", "2026-01-15"]);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^tiers: succeeded in \d+ ms \(as of 2026-01-15\): customers=300$/);
    expect(runs()[0]).toMatchObject({ job: "tiers", asOf: "2026-01-15", trigger: "cli" });
  });

  it("runs all four in order, the SLA job in full", async () => {
    const jobRun = await command();
    await jobRun(["all"]);
    expect(out.map((line) => line.split(":")[0])).toEqual(["sla", "tiers", "clv", "reminders"]);
    expect(out[0]).toContain("mode=full");
  });

  it("fails (exit 1) and says so when a job is already running or fails", async () => {
    const jobRun = await command();
    const held = gatedJob("tiers");
    const started = startJob(db, held.definition, { trigger: "schedule" });
    await expect(jobRun(["tiers"])).rejects.toThrow("tiers did not succeed");
    expect(err).toEqual([`tiers: already running (run ${started.runId})`]);
    held.release();
    if (started.status === "started") await started.finished;

    fakeRegistry.definitions.clv = fakeJob("clv", () => {
      throw new Error("no orders to fit");
    });
    await expect(jobRun(["clv"])).rejects.toThrow("clv did not succeed");
    expect(err[1]).toMatch(/^clv: failed after \d+ ms \(as of \d{4}-\d{2}-\d{2}\): no orders to fit$/);
  });

  it("refuses bad arguments with a usage error", async () => {
    const jobRun = await command();
    const { UsageError } = await import("./cli");
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    for (const args of [
      [],
      ["payroll"],
      ["tiers", "clv"],
      ["tiers", "--as-of", "2026-02-30"],
      ["tiers", "--as-of", "yesterday"],
      ["tiers", "--as-of", tomorrow],
    ]) {
      await expect(jobRun(args), args.join(" ")).rejects.toBeInstanceOf(UsageError);
    }
    await expect(jobRun(["tiers", "--since", "2026-01-01"])).rejects.toMatchObject({ code: "ERR_PARSE_ARGS_UNKNOWN_OPTION" });
    expect(runs()).toEqual([]);
  });

  it("marks runs a dead process left running before it starts", async () => {
    const orphan = db
      .insert(jobRuns)
      .values({ job: "sla", asOf: "2026-11-20", trigger: "schedule", startedAt: new Date(), status: "running", holder: "gone" })
      .returning()
      .get();
    const jobRun = await command();
    await jobRun(["reminders"]);
    expect(db.select().from(jobRuns).where(eq(jobRuns.id, orphan.id)).get()).toMatchObject({
      status: "failed",
      error: INTERRUPTED,
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Two processes

type Worker = { child: ReturnType<typeof spawn>; stdout: () => string; stderr: () => string; closed: Promise<number | null> };

function startWorker(dbPath: string, scenario: "slow" | "crash"): Worker {
  const child = spawn(process.execPath, ["--import", "tsx", WORKER, dbPath, scenario], {
    cwd: PROJECT_ROOT,
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const closed = new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve(code));
  });
  return { child, stdout: () => stdout, stderr: () => stderr, closed };
}

async function waitFor(worker: Worker, text: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!worker.stdout().includes(text)) {
    if (Date.now() > deadline || worker.child.exitCode !== null) {
      throw new Error(`worker did not print ${JSON.stringify(text)}\nstdout: ${worker.stdout()}\nstderr: ${worker.stderr()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("two processes on one database file", () => {
  let dir: string;
  let open: OpenDatabase;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "crm-jobs-"));
    open = openDatabase(join(dir, "jobs.db"));
  });
  afterEach(() => {
    open.sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("asked to run the same job at once: one runs it, the other says it is already running", async () => {
    const workers = [startWorker(open.path, "slow"), startWorker(open.path, "slow")];
    await Promise.all(workers.map((worker) => waitFor(worker, "ready\n")));
    const startAt = Date.now() + 300;
    for (const worker of workers) worker.child.stdin!.end(`${startAt}\n`);
    const codes = await Promise.all(workers.map((worker) => worker.closed));
    expect(codes, workers.map((worker) => worker.stderr()).join("\n")).toEqual([0, 0]);
    const reports = workers.map(
      (worker) => JSON.parse(worker.stdout().trim().split("\n").at(-1)!) as { status: string; runId: number; waited: boolean },
    );
    expect(reports.every((report) => report.waited)).toBe(true);
    const statuses = reports.map((report) => report.status).sort();
    expect(statuses).toEqual(["already_running", "succeeded"]);
    const winner = reports.find((report) => report.status === "succeeded")!;
    const loser = reports.find((report) => report.status === "already_running")!;
    expect(loser.runId).toBe(winner.runId);
    const recorded = open.db.select().from(jobRuns).all();
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ id: winner.runId, status: "succeeded", figures: { slept: 1000 } });
    expect(open.db.select().from(jobLeases).all()).toEqual([]);
  }, 30_000);

  it("a process killed in the middle of a run leaves the previous results, and the next run completes", async () => {
    writeScratch(open.db, "previous");
    const worker = startWorker(open.path, "crash");
    await waitFor(worker, "in-transaction\n");
    const running = open.db.select().from(jobRuns).all();
    expect(running).toHaveLength(1);
    expect(running[0]).toMatchObject({ status: "running" });
    worker.child.kill("SIGKILL");
    await worker.closed;

    // The half-written transaction never happened.
    expect(getMarker(open.db, SCRATCH)).toBe("previous");
    // The next start marks the dead process's run failed.
    expect(markAbandonedRuns(open.db, new Date())).toEqual([running[0]!.id]);
    expect(open.db.select().from(jobRuns).where(eq(jobRuns.id, running[0]!.id)).get()).toMatchObject({
      status: "failed",
      error: INTERRUPTED,
    });
    const next = await runJob(
      open.db,
      fakeJob("tiers", ({ db: conn }) => {
        conn.transaction((tx) => writeScratch(tx, "complete"));
        return { written: 1 };
      }),
      { trigger: "cli" },
    );
    expect(next.status).toBe("succeeded");
    expect(getMarker(open.db, SCRATCH)).toBe("complete");
  }, 30_000);

  it("the next run takes the lease of a killed process at once, even before any start marks it", async () => {
    const worker = startWorker(open.path, "crash");
    await waitFor(worker, "in-transaction\n");
    worker.child.kill("SIGKILL");
    await worker.closed;
    const next = await runJob(open.db, fakeJob("tiers"), { trigger: "cli" });
    expect(next.status).toBe("succeeded");
    expect(
      open.db
        .select()
        .from(jobRuns)
        .all()
        .map((run) => run.status),
    ).toEqual(["failed", "succeeded"]);
  }, 30_000);
});
