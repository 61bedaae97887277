/**
 * The jobs page (/jobs) and its progress route (/jobs/:runId/progress): who may see them, "Run
 * now" and "Run all" start runs without waiting for them, and the progress JSON. Fake jobs stand
 * in for the real ones (the registry is mocked), gated so the tests decide when they end.
 */
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { OpenDatabase } from "~db/client.server";
import type { JobName } from "~db/enums";
import { jobRuns } from "~db/schema";
import * as jobsPage from "~/routes/jobs._index";
import * as progressRoute from "~/routes/jobs.$runId.progress";
import type { JobDefinition } from "../jobs/job";
import { createTeam, createTestDb, formRequest, getRequest, loaderArgs, respond, sessionCookieFor } from "./helpers";

const gates = vi.hoisted(() => ({
  open: new Map<string, () => void>(),
  progress: new Map<string, number>(),
}));

vi.mock("../jobs/registry", () => {
  const job = (name: JobName): JobDefinition => ({
    name,
    run: async ({ progress }) => {
      progress(gates.progress.get(name) ?? 0.5);
      await new Promise<void>((resolve) => gates.open.set(name, resolve));
      return { customers: 3 };
    },
  });
  return { JOB_DEFINITIONS: { sla: job("sla"), tiers: job("tiers"), clv: job("clv"), reminders: job("reminders") } };
});

let database: OpenDatabase;

beforeEach(async () => {
  database = createTestDb();
  gates.open.clear();
  gates.progress.clear();
  await createTeam(database.db);
});

async function signIn(email: string) {
  return await sessionCookieFor(email);
}

const runs = () => database.db.select().from(jobRuns).orderBy(jobRuns.id).all();

/** Lets a gated fake job end, once it has started. */
async function finish(job: JobName) {
  for (let i = 0; i < 200 && !gates.open.has(job); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  const release = gates.open.get(job);
  if (!release) throw new Error(`${job} never started`);
  gates.open.delete(job);
  release();
}

async function until(condition: () => boolean) {
  for (let i = 0; i < 400 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(condition()).toBe(true);
}

const post = (fields: Record<string, string>, cookie: string) =>
  respond(() => jobsPage.action(loaderArgs(formRequest("/jobs?index", fields, { cookie }))));
const progressOf = (runId: string, cookie: string) =>
  respond(() => progressRoute.loader(loaderArgs(getRequest(`/jobs/${runId}/progress`, cookie), { runId })));

describe("who may use the jobs page", () => {
  it("lets managers and admins in, and answers 403 to everyone else", async () => {
    const expected = { svc: 403, rep: 403, boss: 200, root: 200 };
    for (const [who, status] of Object.entries(expected)) {
      const cookie = await signIn(`${who}@example.com`);
      const page = await respond(() => jobsPage.loader(loaderArgs(getRequest("/jobs", cookie))));
      expect(page.status, `${who} on the page`).toBe(status);
      const action = await post({ intent: "run", job: "tiers" }, cookie);
      // The manager starts the run; the admin, allowed too, finds it already running.
      const allowed = { svc: 403, rep: 403, boss: 200, root: 409 }[who];
      expect(action.status, `${who} running a job`).toBe(allowed);
      const progress = await progressOf("999", cookie);
      expect(progress.status, `${who} on progress`).toBe(status === 200 ? 404 : 403);
    }
    expect(runs()).toHaveLength(1);
    await finish("tiers");
    await until(() => runs()[0]!.status === "succeeded");
  });

  it("sends visitors who are not signed in to the sign-in page", async () => {
    const response = await respond(() => jobsPage.loader(loaderArgs(getRequest("/jobs"))));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/login?redirectTo=%2Fjobs");
  });
});

describe("run now", () => {
  it("starts the job without waiting for it, says when it is already running, and shows its progress", async () => {
    const cookie = await signIn("boss@example.com");
    gates.progress.set("tiers", 0.4);
    const started = await post({ intent: "run", job: "tiers" }, cookie);
    expect(started.status).toBe(200);
    const body = (await started.json()) as { outcome: string; job: string; runId: number };
    expect(body).toMatchObject({ outcome: "started", job: "tiers" });
    // The answer came back while the run is still going.
    expect(runs()).toHaveLength(1);
    expect(runs()[0]).toMatchObject({ id: body.runId, job: "tiers", trigger: "manual", status: "running" });

    const again = await post({ intent: "run", job: "tiers" }, cookie);
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual({ outcome: "alreadyRunning", job: "tiers", runId: body.runId });
    expect(runs()).toHaveLength(1);

    await until(() => gates.open.has("tiers"));
    const running = await progressOf(String(body.runId), cookie);
    expect(running.status).toBe(200);
    expect(running.headers.get("Content-Type")).toContain("application/json");
    expect(running.headers.get("Cache-Control")).toBe("no-store");
    expect(await running.json()).toMatchObject({
      id: body.runId,
      job: "tiers",
      status: "running",
      progress: 0.4,
      figures: null,
      error: null,
    });

    const page = (await jobsPage.loader(loaderArgs(getRequest("/jobs", cookie)))) as Awaited<ReturnType<typeof jobsPage.loader>>;
    expect(page.jobs.find((entry) => entry.job === "tiers")?.run).toMatchObject({ id: body.runId, status: "running" });

    await finish("tiers");
    await until(() => runs()[0]!.status !== "running");
    const done = await (await progressOf(String(body.runId), cookie)).json();
    expect(done).toMatchObject({ status: "succeeded", progress: 1, figures: { customers: 3 }, error: null });
    expect(done.finishedAt).toEqual(expect.any(String));
  });

  it("answers 404 for a run that does not exist or an id that is not one", async () => {
    const cookie = await signIn("root@example.com");
    expect((await progressOf("999", cookie)).status).toBe(404);
    expect((await progressOf("abc", cookie)).status).toBe(404);
    expect((await progressOf("-1", cookie)).status).toBe(404);
  });

  it("refuses an unknown job or intent with 400", async () => {
    const cookie = await signIn("boss@example.com");
    expect((await post({ intent: "run", job: "payroll" }, cookie)).status).toBe(400);
    expect((await post({ intent: "explode" }, cookie)).status).toBe(400);
    expect(runs()).toEqual([]);
  });

  it("runs all four jobs one after another", async () => {
    const cookie = await signIn("boss@example.com");
    const response = await post({ intent: "runAll" }, cookie);
    expect(await response.json()).toEqual({ outcome: "startedAll" });
    expect(runs().map((run) => run.job)).toEqual(["sla"]);
    const page = (await jobsPage.loader(loaderArgs(getRequest("/jobs", cookie)))) as Awaited<ReturnType<typeof jobsPage.loader>>;
    expect(
      page.jobs
        .filter((entry) => entry.queued)
        .map((entry) => entry.job)
        .sort(),
    ).toEqual(["clv", "reminders", "tiers"]);
    for (const job of ["sla", "tiers", "clv", "reminders"] as const) await finish(job);
    await until(() => runs().length === 4 && runs().every((run) => run.status === "succeeded"));
    expect(runs().map((run) => run.job)).toEqual(["sla", "tiers", "clv", "reminders"]);
  });
});

describe("the history", () => {
  it("lists the latest runs a page of 50 at a time, with the last run of each job", async () => {
    const cookie = await signIn("boss@example.com");
    const base = Date.parse("2026-11-01T00:00:00Z");
    database.db
      .insert(jobRuns)
      .values(
        Array.from({ length: 55 }, (_, i) => ({
          job: (["sla", "tiers", "clv"] as const)[i % 3],
          asOf: "2026-11-01",
          trigger: "schedule",
          startedAt: new Date(base + i * 60_000),
          finishedAt: new Date(base + i * 60_000 + 1500),
          status: i === 54 ? ("failed" as const) : ("succeeded" as const),
          figures: { n: i },
          error: i === 54 ? "interrupted" : null,
        })),
      )
      .run();
    const first = (await jobsPage.loader(loaderArgs(getRequest("/jobs", cookie)))) as Awaited<ReturnType<typeof jobsPage.loader>>;
    expect(first.history).toMatchObject({ total: 55, page: 1, pages: 2, pageSize: 50 });
    expect(first.history.rows).toHaveLength(50);
    expect(first.history.rows[0]).toMatchObject({ status: "failed", interrupted: true });
    const second = (await jobsPage.loader(loaderArgs(getRequest("/jobs?page=2", cookie)))) as Awaited<
      ReturnType<typeof jobsPage.loader>
    >;
    expect(second.history.rows).toHaveLength(5);
    expect(second.history.rows.at(-1)!.figures).toEqual({ n: 0 });

    const last = Object.fromEntries(first.jobs.map((entry) => [entry.job, entry.run?.figures ?? null]));
    expect(last).toEqual({ sla: { n: 54 }, tiers: { n: 52 }, clv: { n: 53 }, reminders: null });
    expect(first.jobs.find((entry) => entry.job === "tiers")!.nextRun).toBeInstanceOf(Date);
  });

  it("shows a run left running by a dead process as failed", async () => {
    const cookie = await signIn("boss@example.com");
    database.db
      .insert(jobRuns)
      .values({ job: "clv", asOf: "2026-11-21", trigger: "schedule", startedAt: new Date(), status: "running", holder: "gone" })
      .run();
    const page = (await jobsPage.loader(loaderArgs(getRequest("/jobs", cookie)))) as Awaited<ReturnType<typeof jobsPage.loader>>;
    expect(page.jobs.find((entry) => entry.job === "clv")!.run).toMatchObject({ status: "failed", interrupted: true });
  });
});
