import { TZDate } from "@date-fns/tz";
import { and, desc, gte, lt } from "drizzle-orm";
import type { DB } from "~db/client.server";
import { orders, quotes } from "~db/schema";

/**
 * The next number of a year's series, "Q-2026-00042": the year is the team's, so a document made
 * on the night of 31 December in Shanghai belongs to the new year. Called inside the transaction
 * that inserts the document, which SQLite serialises, so two documents never share a number.
 */
function nextNumber(db: DB, table: typeof quotes | typeof orders, prefix: string, at: Date, timeZone: string): string {
  const year = new TZDate(at.getTime(), timeZone).getFullYear();
  const start = `${prefix}-${year}-`;
  // "." sorts right after "-", so this bounds exactly the numbers of that year.
  const last = db
    .select({ number: table.number })
    .from(table)
    .where(and(gte(table.number, start), lt(table.number, `${prefix}-${year}.`)))
    .orderBy(desc(table.number))
    .limit(1)
    .get();
  const n = last ? Number.parseInt(last.number.slice(start.length), 10) + 1 : 1;
  return `${start}${String(n).padStart(5, "0")}`;
}

export const nextQuoteNumber = (db: DB, at: Date, timeZone: string) => nextNumber(db, quotes, "Q", at, timeZone);
export const nextOrderNumber = (db: DB, at: Date, timeZone: string) => nextNumber(db, orders, "SO", at, timeZone);
