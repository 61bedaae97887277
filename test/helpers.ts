import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, asc, eq } from "drizzle-orm";
import type { AuditEntry } from "~/models/audit.server";
import { closeDatabase, openDatabase, useDatabase, type DB, type OpenDatabase } from "~db/client.server";
import { auditLog } from "~db/schema";

process.env.SESSION_SECRET ??= "test-secret-test-secret-test-secret";

export const ORIGIN = "http://localhost:3000";

/** A fresh, migrated in-memory database, made the process's connection for routes to use. */
export function createTestDb(): OpenDatabase {
  closeDatabase();
  const open = openDatabase(":memory:");
  useDatabase(open);
  return open;
}

/**
 * A fresh, migrated database in a file of its own, for tests that open a second connection to it
 * (another process, as far as SQLite can tell). `remove` closes it and deletes its folder.
 */
export function createTestFileDb(): OpenDatabase & { path: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "crm-test-"));
  const path = join(dir, "crm.db");
  const open = openDatabase(path);
  return {
    ...open,
    path,
    remove: () => {
      open.sqlite.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function formRequest(path: string, fields: Record<string, string>, init: { cookie?: string; headers?: Record<string, string> } = {}) {
  return new Request(`${ORIGIN}${path}`, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Origin: ORIGIN,
      ...(init.cookie ? { Cookie: init.cookie } : {}),
      ...init.headers,
    },
    body: new URLSearchParams(fields).toString(),
  });
}

export function getRequest(path: string, cookie?: string) {
  return new Request(`${ORIGIN}${path}`, { headers: cookie ? { Cookie: cookie } : {} });
}

/** The cookie pair ("name=value") a response sets, ready for the next request's Cookie header. */
export function cookieFrom(response: Response): string {
  const header = response.headers.get("Set-Cookie");
  if (!header) throw new Error("the response set no cookie");
  return header.split(";")[0]!;
}

/** Runs a loader or action and returns the Response it returned or threw. */
export async function respond(run: () => Promise<unknown> | unknown): Promise<Response> {
  try {
    const result = await run();
    if (result instanceof Response) return result;
    return Response.json(result);
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

export const loaderArgs = (request: Request, params: Record<string, string> = {}) => ({
  request,
  params,
  context: { clientAddress: "127.0.0.1" },
});

/** A record's audit entries, oldest first. */
export function auditEntries(db: DB, entity: AuditEntry["entity"], id: number | string) {
  return db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entity, entity), eq(auditLog.entityId, String(id))))
    .orderBy(asc(auditLog.id))
    .all();
}
