import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { getSettings, saveSettings } from "~/models/settings.server";
import { openDatabase } from "~db/client.server";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    databasePath: string;
    intakeKey: string;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on("error", reject);
    probe.listen(0, () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url: string, server: ChildProcess, output: () => string) {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode}:\n${output()}`);
    try {
      const response = await fetch(`${url}/api/v1/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the server did not answer within 90 s:\n${output()}`);
}

const INTAKE_KEY = "e2e-intake-key-0123456789";

/**
 * The browser tests run at any hour of the machine's day, and an inquiry only counts towards the
 * 30-second rate when it arrives in business hours: the team is open around the clock here, set
 * once before any test runs (no test changes the shared server's settings under the others).
 */
function openAroundTheClock(databasePath: string) {
  const open = openDatabase(databasePath);
  try {
    const { calendar } = getSettings(open.db);
    const allDay = [{ start: "00:00", end: "24:00" }];
    saveSettings(
      open.db,
      { calendar: { ...calendar, weekdays: Array.from({ length: 7 }, () => allDay) } },
      { userId: null, at: new Date() },
    );
  } finally {
    open.sqlite.close();
  }
}

/** Starts the built app on a free port with a temporary database holding the demo data. */
export default async function setup(project: TestProject) {
  const folder = mkdtempSync(join(tmpdir(), "crm-e2e-"));
  const databasePath = join(folder, "crm.db");
  const port = await freePort();
  let log = "";
  const server = spawn(process.execPath, ["--import", "tsx", "app/server.ts"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      DATABASE_PATH: databasePath,
      SESSION_SECRET: "e2e-secret-e2e-secret-e2e-secret",
      CRM_DEMO: "1",
      CRM_JOBS: "off",
      CRM_INTAKE_KEY: INTAKE_KEY,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  server.stdout?.on("data", (chunk) => (log += chunk));
  server.stderr?.on("data", (chunk) => (log += chunk));
  const baseUrl = `http://localhost:${port}`;
  await waitForHealth(baseUrl, server, () => log);
  openAroundTheClock(databasePath);
  project.provide("baseUrl", baseUrl);
  project.provide("databasePath", databasePath);
  project.provide("intakeKey", INTAKE_KEY);

  return async () => {
    if (server.exitCode === null) {
      const exited = new Promise((resolve) => server.once("exit", resolve));
      server.kill("SIGTERM");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      if (server.exitCode === null) server.kill("SIGKILL");
    }
    if (process.env.E2E_SERVER_LOG) console.log(log);
    rmSync(folder, { recursive: true, force: true });
  };
}
