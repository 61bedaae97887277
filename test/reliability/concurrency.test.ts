/**
 * Concurrency of the intake API across processes (SPEC §9: a repeated channel + externalId is
 * never duplicated): two processes on one database file, released together once both wait, each
 * send ten identical posts at once. Exactly one inquiry, customer and contact exist afterwards;
 * one answer is 201 and the other nineteen are 200 with the same id. (The same twenty posts in
 * one process are in fuzz-intake.test.ts.)
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createApiKey } from "~/models/api-key.server";
import { openDatabase } from "~db/client.server";
import { releaseTogether, startRaceWorker } from "../race-worker";
import { tableCounts } from "./support";

const POSTS_PER_PROCESS = 10;
const tally = { processes: 0, posts: 0, rows: 0 };

afterAll(() => {
  console.log(
    `reliability: concurrency: ${tally.processes} processes × ${POSTS_PER_PROCESS} identical intake posts → ${tally.rows} row(s)`,
  );
});

type Report = { statuses: number[]; ids: (number | null)[]; waited: boolean };

const startWorker = (dbPath: string, key: string) =>
  startRaceWorker<Report>("intake-worker.ts", [dbPath, key, "AL-TWO-PROCESS-1", String(POSTS_PER_PROCESS)]);

describe("duplicate intake posts from two processes at once", () => {
  it("give exactly one inquiry, one 201, and the same id to every answer", async () => {
    const dir = mkdtempSync(join(tmpdir(), "crm-intake-race-"));
    const path = join(dir, "race.db");
    try {
      const open = openDatabase(path);
      const { key } = createApiKey(open.db, "race", { userId: null, at: new Date() });
      const before = tableCounts(open);
      open.sqlite.close();

      const workers = [startWorker(path, key), startWorker(path, key)];
      await Promise.all(workers.map((worker) => worker.ready));
      await releaseTogether(workers, join(dir, "start"));
      const reports = await Promise.all(workers.map((worker) => worker.done));
      tally.processes = reports.length;

      expect(reports.map((report) => report.waited)).toEqual([true, true]);
      const statuses = reports.flatMap((report) => report.statuses);
      tally.posts = statuses.length;
      expect(statuses.filter((status) => status === 201)).toHaveLength(1);
      expect(statuses.filter((status) => status === 200)).toHaveLength(2 * POSTS_PER_PROCESS - 1);
      expect(new Set(reports.flatMap((report) => report.ids)).size).toBe(1);

      const after = openDatabase(path);
      const counts = tableCounts(after);
      after.sqlite.close();
      tally.rows = counts.inquiries! - before.inquiries!;
      expect(counts.inquiries).toBe(before.inquiries! + 1);
      expect(counts.customers).toBe(before.customers! + 1);
      expect(counts.contacts).toBe(before.contacts! + 1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
