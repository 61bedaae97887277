/**
 * "Run now" asks the jobs process when the jobs run in a process of their own (CRM_JOBS=off): the
 * page writes a queued run and answers at once, nothing runs in the web process, and the jobs
 * process's poll (pickUpRequestedRun, through the scheduler) turns the queued run into the running
 * run under the job's lease. With the jobs in the web process, a run begins only once the answer
 * has been sent. Fake jobs stand in for the real ones (the registry is mocked), gated so the tests
 * decide when they end.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createUser } from "~db/factories";
import type { OpenDatabase } from "~db/client.server";
import type { JobName } from "~db/enums";
import { jobLeases, jobRuns } from "~db/schema";
import { reloadEnv } from "~/env.server";
import * as jobsPage from "~/routes/jobs._index";
import * as progressRoute from "~/routes/jobs.$runId.progress";
import type { JobDefinition } from "../jobs/job";
import { JOB_DEFINITIONS } from "../jobs/registry";
import { pickUpRequestedRun, requestRun, startJob } from "../jobs/runner";
import { startScheduler } from "../jobs/scheduler";
import { createTestDb, formRequest, getRequest, loaderArgs, respond, sessionCookieFor } from "./helpers";

const gates = vi.hoisted(() => ({ open: new Map<string, () => void>(), started: [] as string[] }));

vi.mock("../jobs/registry", () => {
  const job = (name: JobName): JobDefinition => ({
    name,
    run: async ({ progress }) => {
      gates.started.push(name);
      progress(0.5);
      await new Promise<void>((resolve) => gates.open.set(name, resolve));
      return { customers: 3 };
    },
  });
  return { JOB_DEFINITIONS: { sla: job("sla"), tiers: job("tiers"), clv: job("clv"), reminders: job("reminders") } };
});

let database: OpenDatabase;
const savedJobs = process.env.CRM_JOBS;

beforeEach(async () => {
  database = createTestDb();
  gates.open.clear();
  gates.started.length = 0;
  await createUser(database.db, { email: "boss@example.com", name: "Boss", role: "manager" });
});

afterEach(() => {
  if (savedJobs === undefined) delete process.env.CRM_JOBS;
  else process.env.CRM_JOBS = savedJobs;
  reloadEnv();
});

function jobsIn(where: "web" | "own process") {
  process.env.CRM_JOBS = where === "web" ? "on" : "off";
  reloadEnv();
}

async function signIn() {
  return await sessionCookieFor("boss@example.com");
}

const runs = () => database.db.select().from(jobRuns).orderBy(jobRuns.id).all();
const post = (fields: Record<string, string>, cookie: string, context: Record<string, unknown> = {}) =>
  respond(() => {
    const args = loaderArgs(formRequest("/jobs?index", fields, { cookie }));
    return jobsPage.action({ ...args, context: { ...args.context, ...context } } as Parameters<typeof jobsPage.action>[0]);
  });
const progressOf = async (runId: number, cookie: string) =>
  (
    await respond(() => progressRoute.loader(loaderArgs(getRequest(`/jobs/${runId}/progress`, cookie), { runId: String(runId) })))
  ).json();

async function until(condition: () => boolean) {
  for (let i = 0; i < 400 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(condition()).toBe(true);
}

/** Lets a gated fake job end, once it has started. */
async function finish(job: JobName) {
  await until(() => gates.open.has(job));
  const release = gates.open.get(job)!;
  gates.open.delete(job);
  release();
}

describe("run now with the jobs in their own process", () => {
  it("queues the run and answers at once; nothing runs in the web process; the page and the progress show it queued", async () => {
    jobsIn("own process");
    const cookie = await signIn();
    const response = await post({ intent: "run", job: "tiers" }, cookie);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { outcome: string; runId: number };
    expect(body).toMatchObject({ outcome: "queued", job: "tiers" });
    expect(runs()).toMatchObject([{ id: body.runId, job: "tiers", status: "queued", trigger: "manual", holder: null }]);
    expect(database.db.select().from(jobLeases).all()).toEqual([]);

    // Asked twice, it is not queued twice.
    const again = await post({ intent: "run", job: "tiers" }, cookie);
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual({ outcome: "alreadyRunning", job: "tiers", runId: body.runId });

    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(gates.started).toEqual([]);
    expect(await progressOf(body.runId, cookie)).toMatchObject({ id: body.runId, status: "queued", progress: 0 });
    const page = (await jobsPage.loader(loaderArgs(getRequest("/jobs", cookie)))) as Awaited<ReturnType<typeof jobsPage.loader>>;
    expect(page.jobs.find((entry) => entry.job === "tiers")?.run).toMatchObject({ id: body.runId, status: "queued" });

    // The jobs process picks it up: the same run row becomes the running run, then succeeds.
    const started = pickUpRequestedRun(database.db, JOB_DEFINITIONS, { holder: "jobs-process" });
    expect(started).toMatchObject({ status: "started", runId: body.runId, job: "tiers" });
    expect(runs()[0]).toMatchObject({ status: "running", holder: "jobs-process" });
    expect(database.db.select().from(jobLeases).get()).toMatchObject({ job: "tiers", runId: body.runId, holder: "jobs-process" });
    await until(() => gates.open.has("tiers"));
    expect(await progressOf(body.runId, cookie)).toMatchObject({ status: "running", progress: 0.5 });
    await finish("tiers");
    await started!.finished;
    expect(await progressOf(body.runId, cookie)).toMatchObject({ status: "succeeded", progress: 1, figures: { customers: 3 } });
    expect(runs()).toHaveLength(1);
  });

  it("says a job already running elsewhere is running, and leaves a queued run waiting while its job is busy", async () => {
    jobsIn("own process");
    const cookie = await signIn();
    const scheduled = startJob(database.db, JOB_DEFINITIONS.clv, { trigger: "schedule", holder: "jobs-process" });
    expect(scheduled.status).toBe("started");
    const refused = await post({ intent: "run", job: "clv" }, cookie);
    expect(refused.status).toBe(409);

    const queued = requestRun(database.db, "reminders", { trigger: "manual" });
    expect(queued.status).toBe("queued");
    // A second process's lease on reminders: the request waits, it is neither run nor dropped.
    const elsewhere = startJob(database.db, JOB_DEFINITIONS.reminders, { trigger: "schedule", holder: "other-process" });
    // (A queued request blocks asking again, not another process's scheduled run.)
    expect(elsewhere.status).toBe("started");
    expect(pickUpRequestedRun(database.db, JOB_DEFINITIONS, { holder: "jobs-process" })).toBeNull();
    expect(runs().find((run) => queued.status === "queued" && run.id === queued.runId)?.status).toBe("queued");
    await finish("reminders");
    await (elsewhere as { finished: Promise<unknown> }).finished;
    const picked = pickUpRequestedRun(database.db, JOB_DEFINITIONS, { holder: "jobs-process" });
    expect(picked?.runId).toBe(queued.status === "queued" ? queued.runId : -1);
    await finish("reminders");
    await picked!.finished;
    await finish("clv");
    await (scheduled as { finished: Promise<unknown> }).finished;
  });

  it("queues all four for Run all; the scheduler's poll runs them one at a time in order", async () => {
    jobsIn("own process");
    const cookie = await signIn();
    const response = await post({ intent: "runAll" }, cookie);
    expect(await response.json()).toEqual({ outcome: "queuedAll" });
    expect(runs().map((run) => [run.job, run.status])).toEqual([
      ["sla", "queued"],
      ["tiers", "queued"],
      ["clv", "queued"],
      ["reminders", "queued"],
    ]);
    const log = { info: () => {}, error: () => {}, debug: () => {} };
    const scheduler = startScheduler(database.db, {
      timeZone: "UTC",
      definitions: JOB_DEFINITIONS,
      log,
      holder: "jobs-process",
      requestPollMs: 10,
    });
    try {
      for (const job of ["sla", "tiers", "clv", "reminders"] as const) {
        await until(() => gates.open.has(job));
        // One requested run at a time: while this one runs, the next stays queued.
        expect(
          runs()
            .filter((run) => run.status === "running")
            .map((run) => run.job),
        ).toEqual([job]);
        await finish(job);
      }
      await until(() => runs().every((run) => run.status === "succeeded"));
      expect(gates.started).toEqual(["sla", "tiers", "clv", "reminders"]);
    } finally {
      await scheduler.stop(5_000);
    }
  });
});

describe("run now with the jobs in the web process", () => {
  it("takes the lease at once but begins the run only after the answer has gone out", async () => {
    jobsIn("web");
    const cookie = await signIn();
    let sent: (() => void) | undefined;
    const response = await post({ intent: "run", job: "tiers" }, cookie, { afterResponse: (work: () => void) => (sent = work) });
    const body = (await response.json()) as { outcome: string; runId: number };
    expect(body).toMatchObject({ outcome: "started", job: "tiers" });
    expect(runs()).toMatchObject([{ id: body.runId, status: "running" }]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(gates.started).toEqual([]);
    expect(sent).toBeTypeOf("function");

    sent!();
    await finish("tiers");
    await until(() => runs()[0]!.status === "succeeded");
    expect(gates.started).toEqual(["tiers"]);
  });

  it("holds back only the first job of Run all until the answer has gone out", async () => {
    jobsIn("web");
    const cookie = await signIn();
    let sent: (() => void) | undefined;
    const response = await post({ intent: "runAll" }, cookie, { afterResponse: (work: () => void) => (sent = work) });
    expect(await response.json()).toEqual({ outcome: "startedAll" });
    expect(runs().map((run) => [run.job, run.status])).toEqual([["sla", "running"]]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(gates.started).toEqual([]);
    sent!();
    for (const job of ["sla", "tiers", "clv", "reminders"] as const) await finish(job);
    await until(() => runs().length === 4 && runs().every((run) => run.status === "succeeded"));
  });
});

describe("the jobs pages only read", () => {
  it("show a run left running by a dead process as interrupted without writing", async () => {
    const cookie = await signIn();
    const dead = database.db
      .insert(jobRuns)
      .values({ job: "clv", asOf: "2026-11-21", trigger: "schedule", startedAt: new Date(), status: "running", holder: "gone" })
      .returning({ id: jobRuns.id })
      .get();
    const changesBefore = database.sqlite.prepare("select total_changes()").pluck().get();
    const page = (await jobsPage.loader(loaderArgs(getRequest("/jobs", cookie)))) as Awaited<ReturnType<typeof jobsPage.loader>>;
    expect(page.jobs.find((entry) => entry.job === "clv")!.run).toMatchObject({
      id: dead.id,
      status: "failed",
      interrupted: true,
    });
    expect(await progressOf(dead.id, cookie)).toMatchObject({ id: dead.id, status: "failed", error: "interrupted" });
    expect(database.sqlite.prepare("select total_changes()").pluck().get()).toBe(changesBefore);
    expect(runs().find((run) => run.id === dead.id)?.status).toBe("running");
  });
});
