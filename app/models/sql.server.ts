import { sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";

/** A LIKE pattern that finds the text anywhere, with the user's % and _ taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** column LIKE pattern, with the escape character the patterns above use. */
export function likeEscaped(column: SQLiteColumn | SQL, pattern: string): SQL {
  return sql`${column} like ${pattern} escape '\\'`;
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
