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

type Connection = { name: string; pragma(source: string, options?: { simple: boolean }): unknown };

/** How often the write at the head of the queue tries the lock again. */
const POLL_MS = 2;

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The web's writes that wait for the lock, in the order they came: only the first one polls. */
let queue: Promise<unknown> = Promise.resolve();

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

/**
 * Runs a write (one transaction) on the web's connection, waiting for another process's write
 * lock without freezing the process: each attempt takes the lock at once or fails at once, and
 * between attempts the process serves others. While it waits it tells the jobs so
 * (~db/write-priority): they begin no write transaction until the web has had its turn. Writes
 * line up in the order they came, the first polling the lock every POLL_MS. Past `withinMs` the
 * busy error goes up and the request answers 503.
 * Only for a write whose failed attempt wrote nothing (a transaction that meets the lock at its
 * start, as `behavior: "immediate"` does).
 */
export function writeWhenFree<T>(connection: Connection, write: () => T, withinMs: number): Promise<T> {
  const deadline = performance.now() + withinMs;
  const marker = webWaitingMarker(connection.name);
  const turn = queue.then(async () => {
    for (;;) {
      try {
        return withoutWaiting(connection, write);
      } catch (error) {
        if (!isDatabaseBusy(error) || performance.now() >= deadline) throw error;
      }
      signalWebWaiting(marker);
      await pause(POLL_MS);
    }
  });
  queue = turn.catch(() => undefined);
  return turn;
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
