/**
 * `npm run crm -- backup FILE` under steady writes (issue 9): a second process writes about 20
 * rows a second into the live file database while the backup runs. The backup must complete, the
 * copy must pass `PRAGMA integrity_check`, and it must hold one consistent moment: at least the
 * rows written before the backup began and at most those written by its end. The test waits on
 * row counts, never on the clock.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { closeDatabase, openDatabase, useDatabase, type OpenDatabase } from "~db/client.server";
import { run } from "../../jobs/cli";

const WRITER = fileURLToPath(new URL("../fixtures/steady-writer.cjs", import.meta.url));
/** Enough data that copying it takes many of the writer's intervals. */
const SEED_ROWS = 150_000;
/** Rows the writer has put in before the backup starts, so writes are surely under way. */
const WARM_UP_ROWS = 10;
/** The writer stops by itself after this many rows, so nothing runs on if the test fails. */
const WRITER_MAX_ROWS = 5_000;

let folder: string;
let open: OpenDatabase;
let writer: ChildProcess | undefined;
let written = 0;
let out: string[];

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), "crm-backup-reliability-"));
  open = openDatabase(join(folder, "live.db"));
  useDatabase(open);
  open.sqlite.exec("create table ticks (id integer primary key, at text not null, payload text not null)");
  const seed = open.sqlite.prepare("insert into ticks (at, payload) values ('seed', ?)");
  open.sqlite.transaction(() => {
    for (let i = 0; i < SEED_ROWS; i++) seed.run(`${i}`.padEnd(200, "."));
  })();
  out = [];
  vi.spyOn(console, "log").mockImplementation((...args) => void out.push(args.join(" ")));
});

afterEach(async () => {
  vi.restoreAllMocks();
  if (writer && writer.exitCode === null) {
    const exited = new Promise((resolve) => writer!.once("exit", resolve));
    writer.stdin?.end();
    await exited;
  }
  writer = undefined;
  closeDatabase();
  rmSync(folder, { recursive: true, force: true });
});

function startWriter(): Promise<void> {
  written = 0;
  writer = spawn(process.execPath, [WRITER, open.path, String(WRITER_MAX_ROWS)], { stdio: ["pipe", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    writer!.once("error", reject);
    writer!.stdout!.setEncoding("utf8");
    writer!.stdout!.on("data", (chunk: string) => {
      const counts = [...chunk.matchAll(/written (\d+)/g)];
      if (counts.length) written = Number(counts[counts.length - 1]![1]);
      if (written >= WARM_UP_ROWS) resolve();
    });
  });
}

const ticks = (sqlite: Database.Database) => (sqlite.prepare("select count(*) as n from ticks").get() as { n: number }).n;

describe("backup under steady writes", () => {
  it("completes with a consistent copy that passes the integrity check", async () => {
    await startWriter();
    const target = join(folder, "copy.db");
    const before = ticks(open.sqlite);
    expect(await run(["backup", target])).toBe(0);
    const after = ticks(open.sqlite);
    // The backup runs in this process's thread, so the writer's rows tell how many it overlapped.
    const writesDuring = after - before;

    const copy = new Database(target, { readonly: true });
    try {
      expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
      const copied = ticks(copy);
      expect(copied).toBeGreaterThanOrEqual(before);
      expect(copied).toBeLessThanOrEqual(after);
      // The product's own tables came along too.
      expect((copy.prepare("select count(*) as n from sqlite_master where name = 'users'").get() as { n: number }).n).toBe(1);
    } finally {
      copy.close();
    }
    // Nothing but the copy is left beside it (the temporary file was moved into place).
    expect(readdirSync(folder).filter((name) => name.startsWith("copy") || name.endsWith(".tmp"))).toEqual(["copy.db"]);
    expect(out.at(-1)).toMatch(/^Backed up .* to .*copy\.db/);
    (console.log as unknown as { mockRestore(): void }).mockRestore();
    console.log(`reliability: backup under writes: ${writesDuring} writes during backup, integrity ok`);
  }, 120_000);

  it("refuses an existing target unless told to overwrite it, and then replaces it whole", async () => {
    const target = join(folder, "existing.db");
    writeFileSync(target, "yesterday");
    const err: string[] = [];
    vi.spyOn(console, "error").mockImplementation((...args) => void err.push(args.join(" ")));
    expect(await run(["backup", target])).toBe(2);
    expect(err.at(-1)).toBe(`crm: ${target} already exists; choose a new file name, or add --overwrite to replace it`);

    expect(await run(["backup", "--overwrite", target])).toBe(0);
    const copy = new Database(target, { readonly: true });
    expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
    expect(ticks(copy)).toBe(SEED_ROWS);
    copy.close();
    expect(existsSync(target)).toBe(true);
  }, 60_000);

  it("refuses the live database itself as the target", async () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    expect(await run(["backup", "--overwrite", open.path])).toBe(2);
    expect(ticks(open.sqlite)).toBe(SEED_ROWS);
  });
});
