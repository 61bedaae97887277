/**
 * The web's waiting writes are committed together (writeWhenFree: group commit). A second
 * connection holding `BEGIN IMMEDIATE` stands in for a job in another process.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isDatabaseBusy, MAX_WRITES_PER_BATCH, writeWhenFree } from "~/utils/database-busy.server";

let dir: string;
let sqlite: Database.Database;
/** Outer transactions committed through the connection (nested ones are savepoints, not counted). */
let transactions: number;
let connection: Parameters<typeof writeWhenFree>[0];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "crm-group-commit-"));
  sqlite = new Database(join(dir, "crm.db"));
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("busy_timeout = 250");
  sqlite.exec("create table posts (id integer primary key, label text not null unique)");
  transactions = 0;
  const real = sqlite;
  connection = {
    get name() {
      return real.name;
    },
    get inTransaction() {
      return real.inTransaction;
    },
    pragma: real.pragma.bind(real),
    transaction: ((fn: (...args: never[]) => unknown) => {
      const wrapped = real.transaction(fn);
      return Object.assign((...args: never[]) => wrapped(...args), {
        immediate: (...args: never[]) => {
          const outer = !real.inTransaction;
          const value = wrapped.immediate(...args);
          if (outer) transactions++;
          return value;
        },
      });
    }) as unknown as Database.Database["transaction"],
  };
});

afterEach(() => {
  sqlite.close();
  rmSync(dir, { recursive: true, force: true });
});

const insert = (label: string) => () =>
  sqlite.prepare("insert into posts (label) values (?) returning id").pluck().get(label) as number;
const labels = () => sqlite.prepare("select label from posts order by id").pluck().all();

describe("writeWhenFree", () => {
  it("commits the writes waiting at the same moment in one transaction, in the order they came", async () => {
    const results = await Promise.all(["a", "b", "c", "d", "e"].map((label) => writeWhenFree(connection, insert(label), 1000)));
    expect(results).toEqual([1, 2, 3, 4, 5]);
    expect(transactions).toBe(1);
    expect(labels()).toEqual(["a", "b", "c", "d", "e"]);
    expect(sqlite.inTransaction).toBe(false);
  });

  it("settles a write only once its batch is committed", async () => {
    const other = new Database(join(dir, "crm.db"), { readonly: true });
    try {
      const seen = await writeWhenFree(connection, insert("a"), 1000).then(() =>
        other.prepare("select count(*) from posts").pluck().get(),
      );
      expect(seen).toBe(1);
    } finally {
      other.close();
    }
  });

  it("rolls back a write that throws alone: it answers its error, the others are stored", async () => {
    const failing = () => {
      sqlite.prepare("insert into posts (label) values ('half')").run();
      throw new Error("refused after writing half");
    };
    const duplicate = insert("a");
    const outcomes = await Promise.allSettled([
      writeWhenFree(connection, insert("a"), 1000),
      writeWhenFree(connection, failing, 1000),
      writeWhenFree(connection, duplicate, 1000),
      writeWhenFree(connection, insert("b"), 1000),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "rejected", "rejected", "fulfilled"]);
    expect((outcomes[1] as PromiseRejectedResult).reason).toEqual(new Error("refused after writing half"));
    expect(String((outcomes[2] as PromiseRejectedResult).reason)).toMatch(/UNIQUE constraint failed/);
    expect(transactions).toBe(1);
    expect(labels()).toEqual(["a", "b"]);
  });

  it("fails every write of a batch whose transaction one of them ended: none of them is stored", async () => {
    const ending = () => {
      sqlite.exec("ROLLBACK");
      throw new Error("the transaction is gone");
    };
    const outcomes = await Promise.allSettled([
      writeWhenFree(connection, insert("a"), 1000),
      writeWhenFree(connection, ending, 1000),
      writeWhenFree(connection, insert("b"), 1000),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(["rejected", "rejected", "rejected"]);
    expect(labels()).toEqual([]);
    expect(sqlite.inTransaction).toBe(false);
    // The next write is not affected.
    await expect(writeWhenFree(connection, insert("c"), 1000)).resolves.toBe(1);
    expect(labels()).toEqual(["c"]);
  });

  it("stores a write queued the moment the previous one settles", async () => {
    // The continuation runs before the drain that settled it has finished: the new write must
    // still find a drain to commit it.
    const second = await writeWhenFree(connection, insert("a"), 1000).then(() => writeWhenFree(connection, insert("b"), 1000));
    expect(second).toBe(2);
    expect(labels()).toEqual(["a", "b"]);
  });

  it(`commits at most ${MAX_WRITES_PER_BATCH} writes per transaction`, async () => {
    const count = 2 * MAX_WRITES_PER_BATCH + 1;
    const results = await Promise.all(Array.from({ length: count }, (_, i) => writeWhenFree(connection, insert(`p${i}`), 1000)));
    expect(results).toEqual(Array.from({ length: count }, (_, i) => i + 1));
    expect(transactions).toBe(3);
  });

  it("waits for another process's lock, then commits the waiting writes together; those past their wait answer busy", async () => {
    const holder = new Database(join(dir, "crm.db"));
    holder.exec("BEGIN IMMEDIATE");
    const patient = ["a", "b", "c"].map((label) => writeWhenFree(connection, insert(label), 20_000));
    const hasty = writeWhenFree(connection, insert("hasty"), 20);
    const hastyOutcome = await hasty.then(
      () => "stored",
      (error: unknown) => (isDatabaseBusy(error) ? "busy" : String(error)),
    );
    expect(hastyOutcome).toBe("busy");
    // Meanwhile the process is not frozen: timers run while the writes wait.
    const ticked = await new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 10));
    expect(ticked).toBe(true);
    holder.exec("ROLLBACK");
    holder.close();
    expect(await Promise.all(patient)).toEqual([1, 2, 3]);
    expect(transactions).toBe(1);
    expect(labels()).toEqual(["a", "b", "c"]);
    // The connection's own busy timeout is back.
    expect(sqlite.pragma("busy_timeout", { simple: true })).toBe(250);
  });
});
