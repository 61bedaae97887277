/**
 * kill -9 of the SLA job's full recompute at several points, each in its own process
 * (test/fixtures/sla-kill-worker.ts) on a file database holding the demo data and the roll-ups of
 * an earlier run. Between the runs the 30-second threshold changes, so the new run recomputes
 * every inquiry and rebuilds every roll-up as a new generation. After each kill, what reports read
 * (the current generation's roll-ups, and the report computed from them) is exactly the previous
 * run's, never a mix, even though the killed run had already written part of the next generation;
 * and a rerun gives exactly what a run on an untouched copy gives.
 */
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays, localDay } from "~/domain/calendar";
import { responseReport, type ResponseReport } from "~/models/response-report.server";
import { getSettings, saveSettings } from "~/models/settings.server";
import { openDatabase } from "~db/client.server";
import { demoTestFile } from "../helpers";
import { JOB_DEFINITIONS } from "../../jobs/registry";
import { runJob } from "../../jobs/runner";
import { killWhenPaused } from "./support";

const WORKER = fileURLToPath(new URL("../fixtures/sla-kill-worker.ts", import.meta.url));

/** The roll-ups readers use: the current generation's, without the bookkeeping columns. */
const CURRENT = "coalesce((select cast(value as integer) from settings where key = 'sla.generation'), 0)";
const ROLLUPS = [
  `select day, assignee_id, channel_id, received, counted, in_hours_counted, in_hours_pending, within_30s, pending_24h,
          within_24h, answered, frt_sum_ms, sla_hit, sla_missed, hex(frt_ms_run) as frt_ms_run
     from response_daily where generation = ${CURRENT} order by day, assignee_id, channel_id`,
  `select month, assignee_id, channel_id, received, counted, in_hours_counted, within_30s, within_24h, answered, frt_sum_ms, hex(frt_ms_run) as frt_ms_run
     from response_monthly where generation = ${CURRENT} order by month, assignee_id, channel_id`,
];

type Stored = { rollups: unknown[][]; report: ResponseReport };

let dir: string;
let template: string;
let asOf: string;
let from: string;
let previous: Stored;
let fresh: Stored;
const summary: string[] = [];

function stored(path: string): Stored {
  const sqlite = new Database(path, { readonly: true });
  let rollups: unknown[][];
  try {
    rollups = ROLLUPS.map((query) => sqlite.prepare(query).all());
  } finally {
    sqlite.close();
  }
  const open = openDatabase(path);
  try {
    return { rollups, report: responseReport(open.db, { from, to: asOf, settings: getSettings(open.db) }) };
  } finally {
    open.sqlite.close();
  }
}

function copyOfTemplate(name: string): string {
  const path = join(dir, name);
  copyFileSync(template, path);
  return path;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "crm-sla-kill-"));
  template = join(dir, "template.db");
  await demoTestFile(template);
  const open = openDatabase(template);
  const settings = getSettings(open.db);
  asOf = addDays(localDay(new Date(), settings.general.timeZone), -1);
  from = addDays(asOf, -400);
  expect((await runJob(open.db, JOB_DEFINITIONS.sla, { trigger: "cli", asOf, mode: "full" })).status).toBe("succeeded");
  // A setting every stored figure depends on: the next full run must recompute them all.
  saveSettings(open.db, { response: { ...settings.response, thresholdSeconds: 45 } }, { userId: null, at: new Date() });
  open.sqlite.pragma("wal_checkpoint(TRUNCATE)");
  open.sqlite.close();
  previous = stored(template);

  const clean = copyOfTemplate("clean.db");
  const run = openDatabase(clean);
  const result = await runJob(run.db, JOB_DEFINITIONS.sla, { trigger: "cli", asOf, mode: "full" });
  expect(result.status).toBe("succeeded");
  run.sqlite.close();
  fresh = stored(clean);
  // The threshold moved the 30-second figures, so "previous" and "new" can be told apart.
  expect(fresh.report.thirtySecondRate).not.toEqual(previous.report.thirtySecondRate);
}, 120_000);

afterAll(() => {
  console.log(`reliability: SLA kill points: ${summary.join(", ")}`);
  rmSync(dir, { recursive: true, force: true });
});

const killAt = async (path: string, fraction: number) =>
  (await killWhenPaused<{ fraction: number }>(WORKER, [path, asOf, String(fraction)])).fraction;

describe("kill -9 of a full SLA recompute", () => {
  // 0.3: part of the inquiries recomputed; 0.8: part of the next roll-up generation written.
  it.each([[0.3], [0.8]])(
    "at %s of the run leaves readers the complete previous roll-ups; a rerun gives the complete new ones",
    async (point) => {
      const path = copyOfTemplate(`killed-${point}.db`);
      const paused = await killAt(path, point);
      const check = new Database(path, { readonly: true });
      expect(check.pragma("integrity_check", { simple: true })).toBe("ok");
      const partial = check.prepare(`select count(*) from response_daily where generation <> ${CURRENT}`).pluck().get() as number;
      check.close();
      if (point === 0.8) expect(partial, "the killed run had written part of the next generation").toBeGreaterThan(0);

      expect(stored(path), `killed at ${paused}`).toEqual(previous);

      const open = openDatabase(path);
      try {
        const rerun = await runJob(open.db, JOB_DEFINITIONS.sla, { trigger: "cli", asOf, mode: "full" });
        expect(rerun.status, JSON.stringify(rerun)).toBe("succeeded");
        expect(open.sqlite.prepare(`select count(*) from response_daily where generation <> ${CURRENT}`).pluck().get()).toBe(0);
      } finally {
        open.sqlite.close();
      }
      expect(stored(path), `rerun after a kill at ${paused}`).toEqual(fresh);
      summary.push(`at ${paused.toFixed(2)} (${partial} rows of the next generation written)`);
    },
    120_000,
  );
});
