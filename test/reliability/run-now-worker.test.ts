/**
 * "Run now" with the jobs in their own process, end to end: the real `npm run jobs` process
 * (jobs/worker.ts) runs on a file database in a child process, the web's action (in this process,
 * with CRM_JOBS=off) queues a run, and the jobs process picks it up and finishes it; the web
 * process never runs the job.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reloadEnv } from "~/env.server";
import * as jobsPage from "~/routes/jobs._index";
import { closeDatabase, openDatabase, useDatabase, type OpenDatabase } from "~db/client.server";
import { createUser } from "~db/factories";
import { jobRuns } from "~db/schema";
import { processHolder } from "../../jobs/runner";
import { formRequest, loaderArgs, respond, sessionCookieFor } from "../helpers";

const PROJECT_ROOT = fileURLToPath(new URL("../..", import.meta.url));
let dir: string;
let open: OpenDatabase;
let worker: ChildProcess | undefined;
let workerOutput = "";
const savedJobs = process.env.CRM_JOBS;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "crm-run-now-"));
  const path = join(dir, "crm.db");
  open = openDatabase(path);
  useDatabase(open);
  await createUser(open.db, { email: "boss@example.com", name: "Boss", role: "manager" });
  process.env.CRM_JOBS = "off";
  reloadEnv();
  worker = spawn(process.execPath, ["--import", "tsx", "jobs/worker.ts"], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, DATABASE_PATH: path, CRM_JOBS_DEBUG: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  worker.stdout!.setEncoding("utf8").on("data", (chunk: string) => (workerOutput += chunk));
  worker.stderr!.setEncoding("utf8").on("data", (chunk: string) => (workerOutput += chunk));
}, 60_000);

afterAll(async () => {
  if (worker && worker.exitCode === null) {
    const exited = new Promise((resolve) => worker!.once("close", resolve));
    worker.kill("SIGTERM");
    await exited;
  }
  closeDatabase();
  if (savedJobs === undefined) delete process.env.CRM_JOBS;
  else process.env.CRM_JOBS = savedJobs;
  reloadEnv();
  rmSync(dir, { recursive: true, force: true });
});

describe("run now with a jobs process beside the web", () => {
  it("is picked up by the jobs process and finishes there", async () => {
    const cookie = await sessionCookieFor("boss@example.com");
    const response = await respond(() =>
      jobsPage.action(loaderArgs(formRequest("/jobs?index", { intent: "run", job: "tiers" }, { cookie }))),
    );
    expect(response.status).toBe(200);
    const { runId, outcome } = (await response.json()) as { runId: number; outcome: string };
    expect(outcome).toBe("queued");

    const run = () => open.db.select().from(jobRuns).where(eq(jobRuns.id, runId)).get()!;
    // The jobs process looks every second; allow for a slow start of the child on a busy machine.
    for (let i = 0; i < 600 && !["succeeded", "failed"].includes(run().status); i++) {
      if (worker!.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const finished = run();
    expect(finished.status, workerOutput).toBe("succeeded");
    expect(finished.trigger).toBe("manual");
    // Run by the jobs process, not by this one.
    expect(finished.holder).not.toBeNull();
    expect(finished.holder).not.toBe(processHolder());
    expect(finished.holder).toContain(`:${worker!.pid}:`);
    expect(finished.figures).toMatchObject({ customers: 0 });
  }, 90_000);
});
