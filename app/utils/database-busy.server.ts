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

type Connection = { pragma(source: string, options?: { simple: boolean }): unknown };

/** A write's own wait for the lock, each attempt: short enough not to freeze the process. */
const ATTEMPT_WAIT_MS = 5;

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs a write (one transaction) on the web's connection, waiting for another process's write
 * lock without freezing the process: each attempt waits at most a few milliseconds in SQLite
 * (better-sqlite3 waits synchronously, and every other request with it), and between attempts the
 * process serves others. Past `withinMs` the busy error goes up and the request answers 503.
 * Only for a write whose failed attempt wrote nothing (a transaction that meets the lock at its
 * start, as `behavior: "immediate"` does).
 */
export async function writeWhenFree<T>(connection: Connection, write: () => T, withinMs: number): Promise<T> {
  const deadline = performance.now() + withinMs;
  for (let attempt = 0; ; attempt++) {
    const usual = connection.pragma("busy_timeout", { simple: true }) as number;
    connection.pragma(`busy_timeout = ${ATTEMPT_WAIT_MS}`);
    try {
      return write();
    } catch (error) {
      if (!isDatabaseBusy(error) || performance.now() >= deadline) throw error;
    } finally {
      connection.pragma(`busy_timeout = ${usual}`);
    }
    // 2, 4, 8, 16, then 20–30 ms apart: a job's write transactions last up to about 100 ms.
    await pause(Math.min(2 ** (attempt + 1), 20) + Math.random() * (attempt >= 4 ? 10 : 0));
  }
}
