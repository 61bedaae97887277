import { existsSync, mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import type { RunResult } from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";
import { env } from "../app/env.server";
import { registerFrtRunFunctions } from "./frt-runs";
import * as schema from "./schema";
import { giveWayBeforeWrites } from "./write-priority";

/** A database or a transaction on it: models accept either, so callers choose the transaction. */
export type DB = BaseSQLiteDatabase<"sync", RunResult, typeof schema>;

export type OpenDatabase = { db: DB; sqlite: Database.Database; path: string };

function migrationsFolder(): string {
  // Unbundled (CLI, jobs, tests) the folder sits beside this file; in the server bundle it does not,
  // and the process runs from the project root.
  const here = fileURLToPath(new URL("./migrations", import.meta.url));
  return existsSync(here) ? here : resolve("db/migrations");
}

/** How long a connection waits for another process's write lock: jobs, the CLI and imports can wait. */
const BUSY_TIMEOUT_MS = 5000;
/**
 * The web process waits at most this long. better-sqlite3 waits synchronously, freezing every
 * request in the process, so the wait is kept to what outlasts one of a job's short write
 * transactions (~100 ms); past it the request answers 503 with Retry-After (http-app.server.ts).
 */
export const WEB_BUSY_TIMEOUT_MS = 250;

/** Sets how long a connection waits for the write lock before failing with SQLITE_BUSY. */
export function setBusyTimeout(open: OpenDatabase, ms: number): void {
  open.sqlite.pragma(`busy_timeout = ${Math.max(0, Math.trunc(ms))}`);
}

/** Opens (creating if needed) and migrates a SQLite database. `:memory:` gives a private one. */
export function openDatabase(path: string): OpenDatabase {
  if (path !== ":memory:") mkdirSync(dirname(resolve(path)), { recursive: true });
  const open = connect(new Database(path), path);
  migrate(open.db, { migrationsFolder: migrationsFolder() });
  // Gives the query planner statistics for tables that have none or have grown a lot since (a
  // limited, sampled ANALYZE): without them SQLite may read a 30-day range through the assignee
  // index across three years.
  open.sqlite.pragma("optimize = 0x10002");
  return open;
}

/**
 * A private in-memory database made from the image of one that is already migrated
 * (`sqlite.serialize()`): what tests use, so that each of them does not replay every migration.
 */
export function openDatabaseImage(image: Buffer): OpenDatabase {
  return connect(new Database(image), ":memory:");
}

function connect(sqlite: Database.Database, path: string): OpenDatabase {
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  sqlite.pragma("synchronous = NORMAL");
  // A 64 MB page cache (at most; it grows as used): with SQLite's default of 2 MB an import
  // maintains the inquiries' indexes through a cache smaller than any one of them.
  sqlite.pragma("cache_size = -65536");
  // Statement journals in memory: every write to a table with triggers or foreign keys keeps one
  // for the pages it changes, and on disk it cost an import a third of its time in write calls.
  // (This connection keeps no large temporary tables: an import's undo journal is a file.)
  sqlite.pragma("temp_store = MEMORY");
  // The log file shrinks back to 64 MB when it starts over after a checkpoint, rather than
  // keeping the size of its longest run (a job's or an import's) for good.
  sqlite.pragma("journal_size_limit = 67108864");
  registerFrtRunFunctions(sqlite);
  return { db: drizzle(sqlite, { schema }), sqlite, path };
}

const globalForDb = globalThis as unknown as { __crmDatabase?: OpenDatabase; __crmBackground?: boolean };

/**
 * The process's one connection, opened on first use at DATABASE_PATH. The path is read then, not
 * at import, so that the command line and tests that set DATABASE_PATH (and call reloadEnv) before
 * the first query get their own file.
 */
export function database(): OpenDatabase {
  if (!globalForDb.__crmDatabase) {
    const open = openDatabase(env().DATABASE_PATH);
    if (globalForDb.__crmBackground) giveWayBeforeWrites(open.sqlite, open.path);
    globalForDb.__crmDatabase = open;
  }
  return globalForDb.__crmDatabase;
}

/**
 * Called first by the jobs process and the command line: their write transactions then give way
 * to the web's waiting writes (./write-priority). Never in the web process, where jobs that run
 * in-process share the web's one connection and its event loop.
 */
export function runInBackground(): void {
  globalForDb.__crmBackground = true;
}

export function db(): DB {
  return database().db;
}

/** For tests: make the process connection a given (fresh) database. */
export function useDatabase(open: OpenDatabase): void {
  globalForDb.__crmDatabase = open;
}

export function closeDatabase(): void {
  globalForDb.__crmDatabase?.sqlite.close();
  globalForDb.__crmDatabase = undefined;
}

export { schema };
