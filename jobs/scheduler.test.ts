/**
 * The schedules of SPEC §10 in the team time zone, and how the scheduler keeps a job from
 * overlapping itself. Fake jobs only: the registry is never loaded here.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { saveSettings, getSettings } from "~/models/settings.server";
import type { DB } from "~db/client.server";
import type { JobName } from "~db/enums";
import { jobLeases, jobRuns } from "~db/schema";
import { createTestDb } from "../test/helpers";
import type { JobDefinition, JobContext } from "./job";
import { nextScheduledRuns, SCHEDULES, startScheduler, stopScheduler, type SchedulerLog } from "./scheduler";

vi.mock("./registry", () => ({ JOB_DEFINITIONS: {} }));

let db: DB;
let log: SchedulerLog & { lines: { level: string; message: string }[] };

beforeEach(() => {
  db = createTestDb().db;
  const lines: { level: string; message: string }[] = [];
  log = {
    lines,
    info: (message) => void lines.push({ level: "info", message }),
    error: (message) => void lines.push({ level: "error", message }),
    debug: (message) => void lines.push({ level: "debug", message }),
  };
});
afterEach(async () => {
  await stopScheduler(1000);
});

const byKey = (runs: { key: string; next: Date | null }[]) =>
  Object.fromEntries(runs.map((run) => [run.key, run.next?.toISOString() ?? null]));

describe("schedules", () => {
  it("are those of SPEC §10", () => {
    expect(SCHEDULES.map(({ key, job, mode, pattern }) => ({ key, job, mode, pattern }))).toEqual([
      { key: "sla-recent", job: "sla", mode: "recent", pattern: "* * * * *" },
      { key: "sla-full", job: "sla", mode: "full", pattern: "0 1 * * *" },
      { key: "tiers", job: "tiers", mode: "full", pattern: "0 2 * * *" },
      { key: "clv", job: "clv", mode: "full", pattern: "30 2 * * *" },
      { key: "reminders", job: "reminders", mode: "full", pattern: "0 7 * * *" },
    ]);
  });

  it("fall at the team's local times (Asia/Shanghai, UTC+8)", () => {
    // Sunday 2026-11-22 10:00:30 in Shanghai.
    const from = new Date("2026-11-22T02:00:30Z");
    expect(byKey(nextScheduledRuns("Asia/Shanghai", from))).toEqual({
      "sla-recent": "2026-11-22T02:01:00.000Z",
      "sla-full": "2026-11-22T17:00:00.000Z", // 01:00 on the 23rd
      tiers: "2026-11-22T18:00:00.000Z",
      clv: "2026-11-22T18:30:00.000Z",
      reminders: "2026-11-22T23:00:00.000Z", // 07:00 on the 23rd
    });
    // Just after 07:00 local, reminders wait for the next morning.
    expect(byKey(nextScheduledRuns("Asia/Shanghai", new Date("2026-11-22T23:00:01Z"))).reminders).toBe(
      "2026-11-23T23:00:00.000Z",
    );
  });

  it("follow daylight saving time in a zone that has it", () => {
    // New York, Saturday 2026-03-07 07:00 EST; the clocks go from 02:00 to 03:00 on Sunday the 8th.
    const from = new Date("2026-03-07T12:00:00Z");
    const next = byKey(nextScheduledRuns("America/New_York", from));
    expect(next["sla-full"]).toBe("2026-03-08T06:00:00.000Z"); // 01:00 EST
    // 02:00 and 02:30 do not exist that night: the nightly jobs run at 03:00 EDT instead of skipping it.
    expect(next.tiers).toBe("2026-03-08T07:00:00.000Z");
    expect(next.clv).toBe("2026-03-08T07:00:00.000Z");
    expect(next.reminders).toBe("2026-03-08T11:00:00.000Z"); // 07:00 EDT
  });
});

function fakeJob(name: JobName, run: JobDefinition["run"] = () => ({ ok: 1 })): JobDefinition {
  return { name, run };
}

function fakeDefinitions(overrides: Partial<Record<JobName, JobDefinition>> = {}): Record<JobName, JobDefinition> {
  return {
    sla: fakeJob("sla", ({ mode }) => ({ mode })),
    tiers: fakeJob("tiers"),
    clv: fakeJob("clv"),
    reminders: fakeJob("reminders"),
    ...overrides,
  };
}

describe("startScheduler", () => {
  it("reads the team time zone from the settings at start", () => {
    saveSettings(db, { general: { ...getSettings(db).general, timeZone: "Europe/Berlin" } }, { userId: null, at: new Date() });
    const scheduler = startScheduler(db, { definitions: fakeDefinitions(), log });
    expect(scheduler.timeZone).toBe("Europe/Berlin");
    // 2026-11-22 10:00 UTC = 11:00 in Berlin (UTC+1).
    const next = byKey(scheduler.nextRuns(new Date("2026-11-22T10:00:00Z")));
    expect(next.tiers).toBe("2026-11-23T01:00:00.000Z");
    expect(next.reminders).toBe("2026-11-23T06:00:00.000Z");
    // Once per process: a second start returns the running scheduler.
    expect(startScheduler(db, { definitions: fakeDefinitions(), log })).toBe(scheduler);
  });

  it("runs a firing as a scheduled run in the schedule's mode", async () => {
    const scheduler = startScheduler(db, { definitions: fakeDefinitions(), log, timeZone: "Asia/Shanghai" });
    const recent = await scheduler.fire("sla-recent");
    const full = await scheduler.fire("sla-full");
    expect(recent).toMatchObject({ status: "succeeded", figures: { mode: "recent" } });
    expect(full).toMatchObject({ status: "succeeded", figures: { mode: "full" } });
    expect(
      db
        .select()
        .from(jobRuns)
        .all()
        .map((run) => run.trigger),
    ).toEqual(["schedule", "schedule"]);
    // The per-minute pass is not logged at info level every minute; the nightly one is.
    expect(log.lines.filter((line) => line.message.startsWith("sla-recent")).map((line) => line.level)).toEqual(["debug"]);
    expect(log.lines.filter((line) => line.message.startsWith("sla-full")).map((line) => line.level)).toEqual(["info"]);
  });

  it("never overlaps a job with itself in one process: skips a repeat, queues the other schedule", async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const modes: JobContext["mode"][] = [];
    const sla = fakeJob("sla", async ({ mode }) => {
      modes.push(mode);
      if (modes.length === 1) await gate;
      return { mode };
    });
    const scheduler = startScheduler(db, { definitions: fakeDefinitions({ sla }), log });
    const first = scheduler.fire("sla-recent");
    const repeat = scheduler.fire("sla-recent");
    const nightly = scheduler.fire("sla-full");
    expect(await repeat).toBe("skipped");
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(modes).toEqual(["recent"]);
    release();
    expect(await first).toMatchObject({ status: "succeeded" });
    // The nightly pass ran after the per-minute one instead of being refused by the lease.
    expect(await nightly).toMatchObject({ status: "succeeded", figures: { mode: "full" } });
    expect(modes).toEqual(["recent", "full"]);
    expect(log.lines.some((line) => line.level === "error")).toBe(false);
  });

  it("logs a run refused because another process holds the lease quietly, not as an error", async () => {
    db.insert(jobLeases)
      .values({ job: "tiers", holder: "another-host:9:abc", runId: null, expiresAt: new Date(Date.now() + 60_000) })
      .run();
    const scheduler = startScheduler(db, { definitions: fakeDefinitions(), log });
    expect(await scheduler.fire("tiers")).toMatchObject({ status: "already_running" });
    expect(log.lines.filter((line) => line.message.startsWith("tiers")).map((line) => line.level)).toEqual(["debug"]);
    expect(db.select().from(jobRuns).all()).toEqual([]);
  });

  it("lets the nightly SLA pass wait for a lease held elsewhere, then run", async () => {
    db.insert(jobLeases)
      .values({ job: "sla", holder: "another-host:9:abc", runId: null, expiresAt: new Date(Date.now() + 60_000) })
      .run();
    const scheduler = startScheduler(db, { definitions: fakeDefinitions(), log, leasePollMs: 20 });
    const nightly = scheduler.fire("sla-full");
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(db.select().from(jobRuns).all()).toEqual([]);
    db.delete(jobLeases).run(); // the other process's per-minute pass ends
    expect(await nightly).toMatchObject({ status: "succeeded", figures: { mode: "full" } });
  });

  it("logs a failed run as an error", async () => {
    const scheduler = startScheduler(db, {
      definitions: fakeDefinitions({
        clv: fakeJob("clv", () => {
          throw new Error("no orders");
        }),
      }),
      log,
    });
    expect(await scheduler.fire("clv")).toMatchObject({ status: "failed", error: "no orders" });
    expect(log.lines.find((line) => line.level === "error")?.message).toMatch(/^clv: clv: failed after \d+ ms .*: no orders$/);
  });

  it("stops: no more firings, and a new scheduler may start", async () => {
    const scheduler = startScheduler(db, { definitions: fakeDefinitions(), log });
    await stopScheduler();
    expect(await scheduler.fire("tiers")).toBe("skipped");
    expect(db.select().from(jobRuns).all()).toEqual([]);
    const again = startScheduler(db, { definitions: fakeDefinitions(), log });
    expect(again).not.toBe(scheduler);
    expect((await again.fire("tiers")) as { status: string }).toMatchObject({ status: "succeeded" });
  });
});
