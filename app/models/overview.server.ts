import { and, count, eq, gte, inArray, isNotNull, sql } from "drizzle-orm";
import type { DB } from "~db/client.server";
import { customers, reminders, tierHistory } from "~db/schema";

/** Escalated inquiries the managers have not dealt with yet. */
export function openEscalations(db: DB): number {
  return (
    db
      .select({ n: count() })
      .from(reminders)
      .where(and(eq(reminders.kind, "sla_escalation"), inArray(reminders.status, ["open", "snoozed"])))
      .get()?.n ?? 0
  );
}

/** Customers who changed tier since a day (first tierings left out), by the tier they moved to. */
export function tierMovementsSince(db: DB, since: string) {
  return db
    .select({ toTier: tierHistory.toTier, customers: count() })
    .from(tierHistory)
    .where(and(gte(tierHistory.changedOn, since), isNotNull(tierHistory.fromTier)))
    .groupBy(tierHistory.toTier)
    .all();
}

/** The predicted 12-month value of all customers the model covers, in base minor units. */
export function predictedValueTotal(db: DB) {
  const row = db
    .select({ customers: count(), totalMinor: sql<number>`coalesce(sum(${customers.predictedClv12mMinor}), 0)` })
    .from(customers)
    .where(isNotNull(customers.predictedClv12mMinor))
    .get();
  return { customers: row?.customers ?? 0, totalMinor: row?.totalMinor ?? 0 };
}
