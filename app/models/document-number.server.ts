import { and, desc, gte, lt } from "drizzle-orm";
import type { DB } from "~db/client.server";
import { orders, quotes } from "~db/schema";
import { documentNumberSeries, nextDocumentNumber } from "~/domain/documents";

/**
 * The next number of a year's series (documentNumberSeries), read from the table itself. Called
 * inside the transaction that inserts the document, which SQLite serialises, so two documents
 * never share a number.
 */
function nextNumber(db: DB, table: typeof quotes | typeof orders, kind: "quote" | "order", at: Date, timeZone: string): string {
  const series = documentNumberSeries(kind, at, timeZone);
  const last = db
    .select({ number: table.number })
    .from(table)
    .where(and(gte(table.number, series.from), lt(table.number, series.to)))
    .orderBy(desc(table.number))
    .limit(1)
    .get();
  return nextDocumentNumber(series, last?.number);
}

export const nextQuoteNumber = (db: DB, at: Date, timeZone: string) => nextNumber(db, quotes, "quote", at, timeZone);
export const nextOrderNumber = (db: DB, at: Date, timeZone: string) => nextNumber(db, orders, "order", at, timeZone);
