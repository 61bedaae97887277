import { existsSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type OpenDatabase } from "./client.server";
import {
  giveWayBeforeWrites,
  giveWayToWeb,
  MAX_GIVE_WAY_MS,
  QUIET_MS,
  signalWebWaiting,
  webWaitingMarker,
} from "./write-priority";

let dir: string;
let marker: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "crm-priority-"));
  marker = join(dir, "crm.db-web-waiting");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Sets when the web last said it was waiting. */
const touchedAt = (ms: number) => {
  if (!existsSync(marker)) writeFileSync(marker, "");
  utimesSync(marker, new Date(ms), new Date(ms));
};

/** A clock that only moves when the code under test pauses, and a record of the pauses. */
function fakeTime(start: number) {
  let now = start;
  const pauses: number[] = [];
  return {
    clock: () => now,
    pause: (ms: number) => {
      pauses.push(ms);
      now += ms;
    },
    pauses,
    advance: (ms: number) => (now += ms),
  };
}

describe("webWaitingMarker", () => {
  it("lies beside the database file, and there is none for a database in memory", () => {
    expect(webWaitingMarker("/srv/crm/crm.db")).toBe("/srv/crm/crm.db-web-waiting");
    expect(webWaitingMarker(":memory:")).toBeNull();
  });
});

describe("signalWebWaiting", () => {
  it("creates the marker stamped with the moment the web waited, and moves the stamp as it keeps waiting", () => {
    const at = Date.UTC(2026, 11, 5, 1, 0, 0);
    signalWebWaiting(marker, at);
    expect(statSync(marker).mtimeMs).toBeCloseTo(at, 0);
    signalWebWaiting(marker, at + 40);
    expect(statSync(marker).mtimeMs).toBeCloseTo(at + 40, 0);
  });

  it("touches the file at most every few milliseconds while a write polls the lock", () => {
    const at = Date.UTC(2026, 11, 5, 1, 0, 0);
    signalWebWaiting(marker, at);
    signalWebWaiting(marker, at + 2);
    expect(statSync(marker).mtimeMs).toBeCloseTo(at, 0);
  });

  it("does nothing for a database in memory", () => {
    expect(() => signalWebWaiting(null)).not.toThrow();
  });
});

describe("giveWayToWeb", () => {
  const start = Date.UTC(2026, 11, 5, 1, 0, 0);

  it("does not wait when the web never waited", () => {
    const time = fakeTime(start);
    expect(giveWayToWeb(marker, time.clock, time.pause)).toBe(0);
    expect(time.pauses).toEqual([]);
  });

  it("does not wait when the web last waited QUIET_MS ago or longer", () => {
    touchedAt(start - QUIET_MS);
    const time = fakeTime(start);
    expect(giveWayToWeb(marker, time.clock, time.pause)).toBe(0);
    expect(time.pauses).toEqual([]);
  });

  it("waits until the web has been quiet for QUIET_MS when it waited a moment ago", () => {
    touchedAt(start - 10);
    const time = fakeTime(start);
    expect(giveWayToWeb(marker, time.clock, time.pause)).toBeCloseTo(QUIET_MS - 10, 0);
    expect(time.pauses.every((ms) => ms > 0 && ms <= 5)).toBe(true);
  });

  it("keeps waiting while the web keeps waiting, but never longer than MAX_GIVE_WAY_MS", () => {
    touchedAt(start);
    const time = fakeTime(start);
    // The web is still waiting at every look: it polls the lock as long as the job holds back.
    const pause = (ms: number) => {
      time.pause(ms);
      touchedAt(time.clock());
    };
    expect(giveWayToWeb(marker, time.clock, pause)).toBe(MAX_GIVE_WAY_MS);
  });

  it("never waits for a database in memory", () => {
    const time = fakeTime(start);
    expect(giveWayToWeb(null, time.clock, time.pause)).toBe(0);
  });
});

describe("giveWayBeforeWrites", () => {
  let open: OpenDatabase;
  let inTransactionWhilePaused: boolean[];
  let time: ReturnType<typeof fakeTime>;
  const start = Date.UTC(2026, 11, 5, 1, 0, 0);

  beforeEach(() => {
    open = openDatabase(join(dir, "crm.db"));
    time = fakeTime(start);
    inTransactionWhilePaused = [];
    giveWayBeforeWrites(open.sqlite, open.path, {
      clock: time.clock,
      pause: (ms) => {
        inTransactionWhilePaused.push(open.sqlite.inTransaction);
        time.pause(ms);
      },
    });
  });
  afterEach(() => open.sqlite.close());

  it("holds back a write transaction, before taking the lock, while the web waits", () => {
    touchedAt(start - 5);
    open.db.transaction((tx) => tx.run(sql`create table t (x)`), { behavior: "immediate" });
    expect(time.pauses.reduce((a, b) => a + b, 0)).toBeCloseTo(QUIET_MS - 5, 0);
    expect(inTransactionWhilePaused.length).toBeGreaterThan(0);
    expect(inTransactionWhilePaused.every((inside) => !inside)).toBe(true);
    // The transaction ran, once.
    expect(open.sqlite.prepare("select count(*) as n from sqlite_master where name = 't'").get()).toEqual({ n: 1 });
  });

  it("lets a write transaction go at once when the web is not waiting", () => {
    touchedAt(start - 1000);
    open.db.transaction((tx) => tx.run(sql`create table t (x)`), { behavior: "immediate" });
    expect(time.pauses).toEqual([]);
  });

  it("holds back neither a read transaction nor a savepoint inside a transaction that already holds the lock", () => {
    touchedAt(start);
    open.db.transaction((tx) => tx.all(sql`select 1`), { behavior: "deferred" });
    expect(time.pauses).toEqual([]);
    open.sqlite.exec("begin immediate");
    open.db.transaction((tx) => tx.run(sql`create table t (x)`), { behavior: "immediate" });
    open.sqlite.exec("commit");
    expect(time.pauses).toEqual([]);
  });

  it("keeps a transaction's result and its errors, and rolls back a failed one", () => {
    touchedAt(start - 1000);
    open.sqlite.exec("create table t (x integer not null)");
    expect(open.db.transaction((tx) => tx.run(sql`insert into t values (1)`).changes, { behavior: "immediate" })).toBe(1);
    expect(() =>
      open.db.transaction(
        (tx) => {
          tx.run(sql`insert into t values (2)`);
          tx.run(sql`insert into t values (null)`);
        },
        { behavior: "immediate" },
      ),
    ).toThrow(/values \(null\)/);
    expect(open.sqlite.prepare("select x from t").all()).toEqual([{ x: 1 }]);
  });
});
