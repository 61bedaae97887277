import { and, count, gte, lt, ne, sql } from "drizzle-orm";
import type { DB } from "~db/client.server";
import { orders } from "~db/schema";

/** Non-cancelled orders placed in [from, to): how many, and their total in base currency. */
export function orderFiguresBetween(db: DB, from: Date, to: Date) {
  const row = db
    .select({ orders: count(), revenueMinor: sql<number>`coalesce(sum(${orders.totalBaseMinor}), 0)` })
    .from(orders)
    .where(and(gte(orders.orderedAt, from), lt(orders.orderedAt, to), ne(orders.status, "cancelled")))
    .get();
  return { orders: row?.orders ?? 0, revenueMinor: row?.revenueMinor ?? 0 };
}
