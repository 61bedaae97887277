import type Database from "better-sqlite3";
import { sql, type SQL } from "drizzle-orm";
import type { DB } from "~db/client.server";
import { SEARCH_INDEXES } from "~db/schema";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import { searchQuery } from "~/domain/search";

/** A LIKE pattern that finds the text anywhere, with the user's % and _ taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

type SearchIndex = keyof typeof SEARCH_INDEXES;
type SearchColumn<T extends SearchIndex> = (typeof SEARCH_INDEXES)[T]["columns"][number];

/**
 * The ids of the table's rows where one of the given columns contains the text (as `LIKE
 * '%text%'` did, case-insensitively), as a subquery for `id in (…)`, answered by the table's
 * full-text index. What the text asks is decided in one place, `searchQuery`, so no typed
 * character becomes an FTS5 operator.
 */
export function searchedIds<T extends SearchIndex>(
  table: T,
  columns: readonly [SearchColumn<T>, ...SearchColumn<T>[]],
  text: string,
): SQL {
  const query = searchQuery(text);
  const index = sql.raw(SEARCH_INDEXES[table].index);
  switch (query.kind) {
    case "nothing":
      return sql`select null where 0`;
    case "phrase":
      return sql`select rowid from ${index} where ${index} match ${`{${columns.join(" ")}} : ${query.phrase}`}`;
    case "terms":
      return sql`select doc from ${sql.raw(`${SEARCH_INDEXES[table].index}_terms`)} where term >= ${query.from} and term < ${query.to} and col in (${sql.join(
        columns.map((column) => sql`${column}`),
        sql`, `,
      )})`;
  }
}

/**
 * SPEC §7's "quoted": a quote that was sent (sent_at set, or a status only a sent quote reaches).
 * One definition for the funnel report and the inquiry status rule's progress, so they agree.
 */
export function quoteWasSent(alias: string): SQL {
  return sql.raw(`(${alias}.sent_at is not null or ${alias}.status in ('sent', 'accepted', 'rejected', 'expired'))`);
}

/** SPEC §1: cancelled orders count nowhere (revenue, frequency, tiers, CLV, funnel "won"). */
export function orderCounts(alias: string): SQL {
  return sql.raw(`${alias}.status <> 'cancelled'`);
}

/**
 * Prepared statements: a named placeholder whose value is passed to the driver as it is (no
 * column mapping), and the driver values of an instant and a flag.
 */
export const bind = (name: string): SQL => sql`${sql.placeholder(name)}`;
export const ms = (date: Date | null) => (date === null ? null : date.getTime());
export const bit = (flag: boolean | null) => (flag === null ? null : flag ? 1 : 0);

/** The better-sqlite3 connection under a drizzle database or one of its transactions. */
export function connectionOf(db: DB): Database.Database {
  // A transaction has no $client of its own; its session holds the same connection.
  const handle = db as unknown as { $client?: Database.Database; session?: { client?: Database.Database } };
  const client = handle.$client ?? handle.session?.client;
  if (!client) throw new Error("not a better-sqlite3 database");
  return client;
}

const dialect = new SQLiteSyncDialect();

/**
 * A one-column query's values as a plain array, without an object per row: for the few reads that
 * hand tens of thousands of numbers to a statistic (the funnel's days to won over three years).
 */
export function pluckColumn<T = number>(db: DB, query: SQL): T[] {
  const { sql: text, params } = dialect.sqlToQuery(query);
  return connectionOf(db)
    .prepare(text)
    .pluck()
    .all(...params) as T[];
}

const preparedByConnection = new WeakMap<object, Map<string, unknown>>();

/**
 * A statement prepared once per connection and reused by every call and transaction on it: for
 * the paths that run many times a second (the intake, an import's rows), where building and
 * compiling the same query each time costs more than running it. `make` gets the database to
 * prepare on and must bind every value with `bind` (a prepared query keeps its SQL).
 */
export function preparedOnce<T>(db: DB, name: string, make: (db: DB) => T): T {
  const connection = connectionOf(db);
  let statements = preparedByConnection.get(connection);
  if (!statements) preparedByConnection.set(connection, (statements = new Map()));
  let statement = statements.get(name) as T | undefined;
  if (statement === undefined) statements.set(name, (statement = make(db)));
  return statement;
}
