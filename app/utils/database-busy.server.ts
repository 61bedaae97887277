import type Database from "better-sqlite3";
import { signalWebWaiting, webWaitingMarker } from "~db/write-priority";

/**
 * A database another process holds the write lock of (SQLITE_BUSY, once the connection's short
 * busy timeout has passed). Drizzle wraps the driver's error, so the causes are followed.
 */
export function isDatabaseBusy(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    // SQLITE_BUSY and its extended codes (SQLITE_BUSY_SNAPSHOT, SQLITE_BUSY_TIMEOUT, ...).
    if (typeof code === "string" && code.startsWith("SQLITE_BUSY")) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** Seconds a client is told to wait before trying again (Retry-After). */
export const BUSY_RETRY_AFTER_SECONDS = 1;

/**
 * What a request that met a busy database answers: 503 with Retry-After. The API's callers get its
 * JSON error shape; pages get a route error the error page words in the reader's language.
 */
export function busyResponse(pathname: string): Response {
  const headers = { "Retry-After": String(BUSY_RETRY_AFTER_SECONDS), "Cache-Control": "no-store" };
  if (pathname.startsWith("/api/")) {
    return Response.json({ error: "The database is busy for a moment. Send the request again." }, { status: 503, headers });
  }
  return new Response("The database is busy for a moment.", { status: 503, statusText: "Service Unavailable", headers });
}

type Connection = Pick<Database.Database, "name" | "inTransaction" | "pragma" | "transaction">;

/** How often a batch that found the lock taken tries it again. */
const POLL_MS = 2;
/** The most waiting writes committed in one transaction, so that the lock is held only briefly. */
export const MAX_WRITES_PER_BATCH = 64;

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `write` with the connection's busy timeout at 0: it takes the lock at once or fails with
 * SQLITE_BUSY at once (better-sqlite3 would otherwise wait synchronously, and every other request
 * with it). The usual timeout is back afterwards.
 */
function withoutWaiting<T>(connection: Connection, write: () => T): T {
  const usual = connection.pragma("busy_timeout", { simple: true }) as number;
  connection.pragma("busy_timeout = 0");
  try {
    return write();
  } finally {
    connection.pragma(`busy_timeout = ${usual}`);
  }
}

type Waiting = {
  write: () => unknown;
  deadline: number;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
};

/** Per connection: the writes that wait for the next batch, and whether one is on its way. */
type Batcher = { waiting: Waiting[]; running: boolean };
const batchers = new WeakMap<Connection, Batcher>();

/**
 * Commits the waiting writes in one immediate transaction, each in a savepoint of its own (a
 * nested transaction): a write that throws is rolled back alone and answers its own error, the
 * others are committed together, and their promises settle only once the COMMIT is done. An
 * error that ended the whole transaction (SQLite rolls back everything on a few, such as a full
 * disk) fails every write of the batch: none of them was stored.
 */
function commitBatch(connection: Connection, batch: Waiting[]): void {
  const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
  connection
    .transaction(() => {
      for (const item of batch) {
        try {
          outcomes.push({ ok: true, value: connection.transaction(item.write)() });
        } catch (error) {
          if (!connection.inTransaction) throw error;
          outcomes.push({ ok: false, error });
        }
      }
    })
    .immediate();
  batch.forEach((item, i) => {
    const outcome = outcomes[i]!;
    if (outcome.ok) item.resolve(outcome.value);
    else item.reject(outcome.error);
  });
}

async function drainBatches(connection: Connection, batcher: Batcher): Promise<void> {
  const marker = webWaitingMarker(connection.name);
  // Writes that arrive during this turn of the event loop join the first batch.
  await new Promise<void>((resolve) => setImmediate(resolve));
  for (;;) {
    if (batcher.waiting.length === 0) {
      // Synchronously with the check: a write queued from here on starts the next drain itself.
      batcher.running = false;
      return;
    }
    const batch = batcher.waiting.slice(0, MAX_WRITES_PER_BATCH);
    try {
      withoutWaiting(connection, () => commitBatch(connection, batch));
      batcher.waiting.splice(0, batch.length);
      continue;
    } catch (error) {
      if (!isDatabaseBusy(error)) {
        batcher.waiting.splice(0, batch.length);
        for (const item of batch) item.reject(error);
        continue;
      }
      // Busy: nothing was written. Writes past their wait answer the busy error; the rest wait on.
      const now = performance.now();
      batcher.waiting = batcher.waiting.filter((item) => {
        if (now < item.deadline) return true;
        item.reject(error);
        return false;
      });
    }
    signalWebWaiting(marker);
    await pause(POLL_MS);
  }
}

/**
 * Runs a write (a transaction) on the web's connection, waiting for another process's write lock
 * without freezing the process, and commits it together with the other writes waiting at the
 * same moment (group commit: one COMMIT, and each page written once, for the lot; with 50
 * connectors posting at once it took the inquiries stored per second from 517 to 873). Each
 * attempt takes the lock at once or fails at once, and between attempts the process serves
 * others. While writes wait the jobs are told so (~db/write-priority): they begin no write
 * transaction until the web has had its turn. Writes commit in the order they came. Past
 * `withinMs` a write answers the busy error, and the request 503. A write that throws is rolled
 * back alone; its promise rejects with its error.
 */
export function writeWhenFree<T>(connection: Connection, write: () => T, withinMs: number): Promise<T> {
  let batcher = batchers.get(connection);
  if (!batcher) batchers.set(connection, (batcher = { waiting: [], running: false }));
  const queued = batcher;
  const result = new Promise<T>((resolve, reject) => {
    queued.waiting.push({ write, deadline: performance.now() + withinMs, resolve: resolve as (value: unknown) => void, reject });
  });
  if (!queued.running) {
    queued.running = true;
    void drainBatches(connection, queued);
  }
  return result;
}

/**
 * Runs a write that may be skipped (a courtesy such as a key's "last used" stamp) only if the
 * lock is free this instant: it never waits, and a busy database skips it. True when it ran.
 */
export function writeIfFree(connection: Connection, write: () => void): boolean {
  try {
    withoutWaiting(connection, write);
    return true;
  } catch (error) {
    if (!isDatabaseBusy(error)) throw error;
    return false;
  }
}
