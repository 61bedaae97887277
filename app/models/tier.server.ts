import { lte } from "drizzle-orm";
import type { DB } from "~db/client.server";
import type { Tier } from "~db/enums";
import { orders, tierHistory } from "~db/schema";

/**
 * What the tiers job (SPEC §4) reads of the orders and writes to the tier history; the tier
 * figures themselves are the customer model's (customersForTiers, setCustomerTier).
 */

/**
 * Every order placed on or before `now`, cancelled ones included (the tier rules leave them out
 * themselves). The order day is a day of the team's time zone, which SQLite cannot compute, so
 * the caller groups the instants into days.
 */
export function ordersForTiers(db: DB, now: Date) {
  return db
    .select({
      customerId: orders.customerId,
      orderedAt: orders.orderedAt,
      totalBaseMinor: orders.totalBaseMinor,
      status: orders.status,
    })
    .from(orders)
    .where(lte(orders.orderedAt, now))
    .all();
}

export type TierHistoryEntry = {
  customerId: number;
  fromTier: Tier | null;
  toTier: Tier;
  changedOn: string;
  /** The structured reason as JSON, worded on screen in the reader's language. */
  reason: string;
  createdAt: Date;
};

/** Appends tier changes to the history, in one statement. */
export function recordTierChanges(db: DB, entries: readonly TierHistoryEntry[]): void {
  if (entries.length > 0)
    db.insert(tierHistory)
      .values([...entries])
      .run();
}
