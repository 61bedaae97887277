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
