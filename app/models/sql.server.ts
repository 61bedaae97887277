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
