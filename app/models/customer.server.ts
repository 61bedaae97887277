import { and, asc, count, eq, inArray, ne, sql } from "drizzle-orm";
import type { DB } from "~db/client.server";
import { contacts, customers, orders, reminders } from "~db/schema";

export function countCustomers(db: DB): number {
  return db.select({ n: count() }).from(customers).get()?.n ?? 0;
}

/**
 * A sales rep's customers with their order figures, biggest 12-month revenue first. The figures
 * are summed in SQL from non-cancelled orders, so they are right before any job has run.
 */
export function customersOwnedBy(db: DB, ownerId: number, now: Date, limit = 100) {
  const since = now.getTime() - 365 * 24 * 60 * 60 * 1000;
  const figures = db
    .select({
      customerId: orders.customerId,
      ordersCount: count().as("fig_orders_count"),
      lastOrderAt: sql<number>`max(${orders.orderedAt})`.as("fig_last_order_at"),
      revenue12mMinor: sql<number>`coalesce(sum(case when ${orders.orderedAt} >= ${since} then ${orders.totalBaseMinor} end), 0)`.as(
        "fig_revenue_12m",
      ),
    })
    .from(orders)
    .innerJoin(customers, eq(customers.id, orders.customerId))
    .where(and(eq(customers.ownerId, ownerId), ne(orders.status, "cancelled")))
    .groupBy(orders.customerId)
    .as("figures");
  return db
    .select({
      id: customers.id,
      name: customers.name,
      country: customers.country,
      tier: customers.tier,
      lastOrderAt: figures.lastOrderAt,
      ordersCount: sql<number>`coalesce(${figures.ordersCount}, 0)`,
      revenue12mMinor: sql<number>`coalesce(${figures.revenue12mMinor}, 0)`,
      expectedNextPurchaseOn: customers.expectedNextPurchaseOn,
    })
    .from(customers)
    .leftJoin(figures, eq(figures.customerId, customers.id))
    .where(eq(customers.ownerId, ownerId))
    .orderBy(sql`coalesce(${figures.revenue12mMinor}, 0) desc`, asc(customers.name))
    .limit(limit)
    .all();
}

export function countCustomersOwnedBy(db: DB, ownerId: number): number {
  return db.select({ n: count() }).from(customers).where(eq(customers.ownerId, ownerId)).get()?.n ?? 0;
}

/** Open reminders of one user, most overdue first. */
export function openRemindersFor(db: DB, ownerId: number, limit = 50) {
  return db
    .select({
      id: reminders.id,
      kind: reminders.kind,
      dueAt: reminders.dueAt,
      reason: reminders.reason,
      customerId: reminders.customerId,
      customer: customers.name,
    })
    .from(reminders)
    .leftJoin(customers, eq(customers.id, reminders.customerId))
    .where(and(eq(reminders.ownerId, ownerId), inArray(reminders.status, ["open", "snoozed"])))
    .orderBy(asc(reminders.dueAt), sql`${reminders.priority} desc nulls last`)
    .limit(limit)
    .all();
}

/** Customers whose name (or a contact's e-mail) contains the text, for pickers. */
export function searchCustomers(db: DB, text: string, limit = 10) {
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return db
    .select({ id: customers.id, name: customers.name, country: customers.country })
    .from(customers)
    .where(
      sql`${customers.name} like ${pattern} escape '\\' or ${customers.id} in (select ${contacts.customerId} from ${contacts} where ${contacts.email} like ${pattern} escape '\\')`,
    )
    .orderBy(asc(customers.name))
    .limit(limit)
    .all();
}

export function customerExists(db: DB, id: number): boolean {
  return db.select({ id: customers.id }).from(customers).where(eq(customers.id, id)).get() !== undefined;
}
