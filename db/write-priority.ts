/**
 * The web's writes go before those of the jobs and the command line (issue 10: the web never waits
 * behind a job).
 *
 * SQLite's write lock has no queue. A job that commits one short transaction and at once begins
 * the next takes the lock again before a web request that polls for it (without freezing its
 * process: app/utils/database-busy.server.ts) sees it free, so under steady intake the request
 * could wait for as long as the job runs. So the web says when it is waiting: a write that finds
 * the lock taken touches a marker file beside the database. A background process, before each
 * write transaction it begins, waits while the marker was touched in the last QUIET_MS (at most
 * MAX_GIVE_WAY_MS at a time, so the job always moves on): the web's waiting writes take the lock in
 * the gap. Nothing is written to the database and nothing is lost if a process dies: the marker
 * only ever delays a job by a few milliseconds.
 */
import { statSync, utimesSync, writeFileSync } from "node:fs";
import type Database from "better-sqlite3";

/** A background process begins no write transaction until the web has not waited for this long. */
export const QUIET_MS = 25;
/** The longest a background process gives way before one write transaction. */
export const MAX_GIVE_WAY_MS = 250;
/** The web touches the marker at most this often: a waiting write polls every few milliseconds. */
const TOUCH_EVERY_MS = 5;

/** The marker beside a database file; none for a database in memory (no other process sees it). */
export function webWaitingMarker(databasePath: string): string | null {
  if (databasePath === ":memory:" || databasePath === "") return null;
  return `${databasePath}-web-waiting`;
}

const lastTouched = new Map<string, number>();

/** Web side: a write is waiting for the lock. Cheap enough to call on every failed attempt. */
export function signalWebWaiting(marker: string | null, now = Date.now()): void {
  if (marker === null) return;
  if (now - (lastTouched.get(marker) ?? -Infinity) < TOUCH_EVERY_MS) return;
  lastTouched.set(marker, now);
  const stamp = new Date(now);
  try {
    utimesSync(marker, stamp, stamp);
  } catch {
    try {
      writeFileSync(marker, "");
      utimesSync(marker, stamp, stamp);
    } catch {
      // A read-only folder: the jobs simply do not give way.
    }
  }
}

/** When the web last said it was waiting (ms since the epoch), or null. */
function lastWebWait(marker: string): number | null {
  const stat = statSync(marker, { throwIfNoEntry: false });
  return stat ? stat.mtimeMs : null;
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
/** A synchronous pause: a background process's writes are synchronous, and nothing else runs there meanwhile. */
function sleep(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

/**
 * Background side: waits while the web has been waiting in the last QUIET_MS, at most
 * MAX_GIVE_WAY_MS. Returns how long it waited. `clock` and `pause` are for tests.
 */
export function giveWayToWeb(marker: string | null, clock: () => number = Date.now, pause: (ms: number) => void = sleep): number {
  if (marker === null) return 0;
  const started = clock();
  for (;;) {
    const waited = lastWebWait(marker);
    if (waited === null) return clock() - started;
    const now = clock();
    const quietFor = now - waited;
    if (quietFor >= QUIET_MS || now - started >= MAX_GIVE_WAY_MS) return now - started;
    pause(Math.min(QUIET_MS - quietFor, MAX_GIVE_WAY_MS - (now - started), 5));
  }
}

/**
 * Makes a background process's connection give way to the web before every outermost write
 * transaction (`immediate` or `exclusive`, as the jobs and imports begin theirs). Drizzle begins a
 * transaction through the driver's `transaction(fn)[behavior]`, so wrapping that covers every model.
 * `timing` is for tests.
 */
export function giveWayBeforeWrites(
  sqlite: Database.Database,
  databasePath: string,
  timing: { clock?: () => number; pause?: (ms: number) => void } = {},
): void {
  const marker = webWaitingMarker(databasePath);
  if (marker === null) return;
  type Run = (...args: unknown[]) => unknown;
  const native = sqlite.transaction.bind(sqlite) as (
    fn: Run,
  ) => Run & Record<"default" | "deferred" | "immediate" | "exclusive", Run>;
  const firstGiveWay =
    (run: Run): Run =>
    (...args) => {
      if (!sqlite.inTransaction) giveWayToWeb(marker, timing.clock, timing.pause);
      return run(...args);
    };
  const wrapped = (fn: Run) => {
    const transaction = native(fn);
    return Object.assign((...args: unknown[]) => transaction(...args), {
      default: transaction.default,
      deferred: transaction.deferred,
      immediate: firstGiveWay(transaction.immediate),
      exclusive: firstGiveWay(transaction.exclusive),
      database: sqlite,
    });
  };
  sqlite.transaction = wrapped as unknown as Database.Database["transaction"];
}
