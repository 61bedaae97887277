import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** The run's shared demo database file (complete once `${path}.done` exists) and its seeding moment. */
    demo: { path: string; seededAtMs: number };
  }
}

/**
 * The demo is seeded once per test run, in the background while the first tests run, as of two
 * days before the run started (the jobs in the tests then run as of yesterday). Tests that need it
 * copy it (test/helpers.ts demoTestDb, demoTestFile) instead of seeding their own.
 */
export default function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), "crm-demo-"));
  const path = join(dir, "demo.db");
  const seededAtMs = Math.floor((Date.now() - 2 * 86_400_000) / 60_000) * 60_000;
  const seeding = spawn(process.execPath, ["--import", "tsx", "test/demo-seed.ts", path, String(seededAtMs)], {
    stdio: ["ignore", "inherit", "inherit"],
  });
  project.provide("demo", { path, seededAtMs });
  return () => {
    seeding.kill();
    rmSync(dir, { recursive: true, force: true });
  };
}
