import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { afterAll, afterEach, beforeAll, beforeEach, inject, vi } from "vitest";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, asc, eq } from "drizzle-orm";
import type { AuditEntry } from "~/models/audit.server";
import { newSessionCookie } from "~/auth/session.server";
import { findUserByEmail } from "~/models/user.server";
import { closeDatabase, db, openDatabase, openDatabaseImage, useDatabase, type DB, type OpenDatabase } from "~db/client.server";
import { auditLog } from "~db/schema";
import { localDay } from "~/domain/calendar";
import { getSettings } from "~/models/settings.server";
import type { Settings } from "~/schemas/settings";
import type { JobContext } from "../jobs/job";
import { endOfLocalDay } from "../jobs/runner";
import { createUser, type User } from "~db/factories";

process.env.SESSION_SECRET ??= "test-secret-test-secret-test-secret";

export const ORIGIN = "http://localhost:3000";

let migratedImage: Buffer | undefined;

/** The image of a freshly migrated database, made once per test process. */
function migratedDatabaseImage(): Buffer {
  if (!migratedImage) {
    const template = openDatabase(":memory:");
    migratedImage = template.sqlite.serialize();
    template.sqlite.close();
  }
  return migratedImage;
}

/** A fresh, migrated in-memory database of the test's own, beside the process's connection. */
export function privateTestDb(): OpenDatabase {
  return openDatabaseImage(migratedDatabaseImage());
}

/** Waits for the run's shared demo (test/global-setup.ts) and returns its file and seeding moment. */
async function sharedDemo(): Promise<{ path: string; seededAt: Date }> {
  const { path, seededAtMs } = inject("demo");
  const deadline = Date.now() + 300_000;
  while (!existsSync(`${path}.done`)) {
    if (existsSync(`${path}.failed`)) throw new Error(`the demo could not be seeded:\n${readFileSync(`${path}.failed`, "utf8")}`);
    if (Date.now() > deadline) throw new Error("the demo was not seeded within 5 minutes");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { path, seededAt: new Date(seededAtMs) };
}

/**
 * A private in-memory copy of the run's demo (seeded once per run, two days before it started),
 * made the process's connection as createTestDb does.
 */
export async function demoTestDb(): Promise<OpenDatabase & { seededAt: Date }> {
  const { path, seededAt } = await sharedDemo();
  closeDatabase();
  const open = openDatabaseImage(readFileSync(path));
  useDatabase(open);
  return { ...open, seededAt };
}

/** A copy of the run's demo in a file of its own (for tests that open it from other processes). */
export async function demoTestFile(path: string): Promise<{ path: string; seededAt: Date }> {
  const demo = await sharedDemo();
  copyFileSync(demo.path, path);
  return { path, seededAt: demo.seededAt };
}

/** A fresh, migrated in-memory database, made the process's connection for routes to use. */
export function createTestDb(): OpenDatabase {
  closeDatabase();
  const open = privateTestDb();
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
  // The image of a migrated database is a database file as it stands; opening it migrates nothing.
  writeFileSync(path, migratedDatabaseImage());
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

export function formRequest(
  path: string,
  fields: Record<string, string>,
  init: { cookie?: string; headers?: Record<string, string> } = {},
) {
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

/**
 * The Cookie header value of a new session for a user (given or found by e-mail), as the sign-in
 * route would set it but without checking a password: the sign-in route has tests of its own, and
 * every other test acting as someone need not pay for a slow password hash.
 */
export async function sessionCookieFor(user: { id: number } | string): Promise<string> {
  const userId = typeof user === "string" ? findUserByEmail(db(), user)?.id : user.id;
  if (userId === undefined) throw new Error(`no user ${String(user)} to sign in as`);
  return (await newSessionCookie(userId, getRequest("/login"))).split(";")[0]!;
}

/** The four people most route tests act as, one of each role, signed in as `${key}@example.com`. */
export type Team = { svc: User; rep: User; boss: User; root: User };

const TEAM_ROLES = {
  svc: ["Svc", "service"],
  rep: ["Rep", "sales"],
  boss: ["Boss", "manager"],
  root: ["Root", "admin"],
} as const;

/** Creates the team (names may be given, e.g. `{ rep: "Rita Rep" }`), in the order svc, rep, boss, root. */
export async function createTeam(db: DB, names: Partial<Record<keyof Team, string>> = {}): Promise<Team> {
  const team: Partial<Team> = {};
  for (const [key, [name, role]] of Object.entries(TEAM_ROLES) as [keyof Team, (typeof TEAM_ROLES)[keyof Team]][]) {
    team[key] = await createUser(db, { email: `${key}@example.com`, name: names[key] ?? name, role });
  }
  return team as Team;
}

/**
 * For tests of the command line (`crm import …`, `crm export …`), called inside a describe: what
 * it prints to stdout (`out`) and stderr (`err`), emptied before each test, and `file` to write an
 * input file into a folder of the describe's own.
 */
export function captureCommandLine(folderPrefix: string) {
  const out: string[] = [];
  const err: string[] = [];
  let folder = "";
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), folderPrefix));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  beforeEach(() => {
    out.length = 0;
    err.length = 0;
    vi.spyOn(console, "log").mockImplementation((...args) => void out.push(args.join(" ")));
    vi.spyOn(console, "error").mockImplementation((...args) => void err.push(args.join(" ")));
    vi.spyOn(process.stdout, "write").mockImplementation((chunk) => (out.push(String(chunk)), true));
  });
  afterEach(() => vi.restoreAllMocks());
  const file = (name: string, text: string) => {
    const path = join(folder, name);
    writeFileSync(path, text);
    return path;
  };
  return { out, err, file };
}

/**
 * A job's context as the runner builds it: for an as-of day D, `now` is D's last millisecond in the
 * team's time zone; for a `now`, D is its day there. Settings are the database's unless given.
 */
export function jobContext(
  db: DB,
  options: { asOf?: string; now?: Date; mode?: JobContext["mode"]; settings?: Settings },
): JobContext {
  const settings = options.settings ?? getSettings(db);
  const timeZone = settings.general.timeZone;
  if (!options.asOf && !options.now) throw new Error("a job context needs an as-of day or a now");
  const asOf = options.asOf ?? localDay(options.now!, timeZone);
  const now = options.now ?? endOfLocalDay(asOf, timeZone);
  return { db, asOf, now, settings, mode: options.mode ?? "full", progress: () => {} };
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
