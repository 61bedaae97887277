/**
 * The tiers job (SPEC §4, §10): every customer's tier, reason, tier-since day, RFM figures and
 * scores and 180-day trend as of D; a tier-history row per change; a `tier_change` reminder when a
 * high-value or growing customer turns dormant.
 *
 * Load (two queries, one read snapshot) → `computeTiers` (pure) → write the tiers, history and
 * reminders as one staged generation (staged-write.ts): short transactions, none holding the write
 * lock for long, and a crash leaves the previous run's results or, once the next start has finished
 * applying them, this run's, never half of one and half of the other (the high-value threshold and
 * the RFM quintiles are taken over all customers at once, so a half-written run would be
 * inconsistent). Only rows whose values differ are written, so a second run for the same D
 * changes nothing. The list figures (orders, revenue) are each customer's own, refreshed in slices.
 */
import type { DB } from "~db/client.server";
import type { Tier } from "~db/enums";
import { localDay, startOfLocalDay } from "~/domain/calendar";
import {
  computeTiers,
  tierChanges,
  tierSince,
  type CustomerTier,
  type PreviousTier,
  type TierChange,
  type TierCustomer,
  type TierOrder,
} from "~/domain/tiers";
import { encodeReminderReason, expectedValueMinor } from "~/domain/reminders";
import {
  customersForTiers,
  refreshCustomerFigures,
  setCustomerTier,
  type CustomerForTiers,
  type CustomerTierColumns,
} from "~/models/customer.server";
import { insertReminders, type NewReminder } from "~/models/reminder.server";
import { ordersForTiers, recordTierChanges, type TierHistoryEntry } from "~/models/tier.server";
import type { JobContext, JobDefinition, JobFigures } from "./job";
import { inShortTransactions, registerChunkWriter, writeStaged, type ChunkWriter } from "./staged-write";

type TierInputs = { stored: CustomerForTiers[]; customers: TierCustomer[] };

/**
 * Every customer with its creation day and its orders up to `now` (cancelled ones included: the
 * rules themselves leave them out), in two queries read from one snapshot.
 */
function loadTierInputs(db: DB, now: Date, timeZone: string): TierInputs {
  return db.transaction(
    (tx) => {
      const stored = customersForTiers(tx);
      const orderRows = ordersForTiers(tx, now);
      const byCustomer = new Map<number, TierOrder[]>();
      for (const o of orderRows) {
        let list = byCustomer.get(o.customerId);
        if (!list) byCustomer.set(o.customerId, (list = []));
        list.push({
          orderedOn: localDay(o.orderedAt, timeZone),
          totalBaseMinor: o.totalBaseMinor,
          cancelled: o.status === "cancelled",
        });
      }
      return {
        stored,
        customers: stored.map((c) => ({
          customerId: c.id,
          createdOn: localDay(c.createdAt, timeZone),
          orders: byCustomer.get(c.id) ?? [],
        })),
      };
    },
    { behavior: "deferred" },
  );
}

/** The figures a run stores on each customer (the customer model writes them). */
type TierColumns = CustomerTierColumns;

function tierColumns(result: CustomerTier, since: string, asOf: string): TierColumns {
  return {
    tier: result.tier,
    // The structured reason ({ code, …figures }): the screens word it in the reader's language.
    tierReason: JSON.stringify(result.reason),
    tierSince: since,
    tiersAsOf: asOf,
    recencyDays: result.rfm.recencyDays,
    frequency: result.rfm.frequency,
    monetaryMinor: result.rfm.monetaryMinor,
    rfmRecencyScore: result.rfm.recencyScore,
    rfmFrequencyScore: result.rfm.frequencyScore,
    rfmMonetaryScore: result.rfm.monetaryScore,
    revenueLast180Minor: result.trend.last180Minor,
    revenuePrior180Minor: result.trend.prior180Minor,
  };
}

function differs(stored: CustomerForTiers, next: TierColumns): boolean {
  return (Object.keys(next) as (keyof TierColumns)[]).some((key) => stored[key] !== next[key]);
}

const TIER_WORDS: Record<Tier, string> = { high_value: "high-value", growing: "growing", dormant: "dormant", new: "new" };

/** English, like every reason a job stores; the kind itself is translated on screen. */
function tierChangeReminderText(change: TierChange): string {
  const from = change.fromTier ? TIER_WORDS[change.fromTier] : "untiered";
  return `Turned ${TIER_WORDS[change.toTier]} (was ${from}). ${change.reasonText}`;
}

/** Customers whose list figures are refreshed per step (a few milliseconds). */
const FIGURES_PER_STEP = 100;

/** One write of a tiers run, as staged (JSON: instants as epoch milliseconds). */
type TierWrite =
  | { k: "tier"; id: number; columns: TierColumns }
  | {
      k: "history";
      customerId: number;
      fromTier: Tier | null;
      toTier: Tier;
      changedOn: string;
      reason: string;
      createdAt: number;
    }
  | { k: "reminder"; reminder: Omit<NewReminder, "dueAt"> & { dueAt: number }; at: number };

/** Applies a chunk of a tiers run's writes; counts the reminders it raised into `counts`. */
function tierWriter(counts: { remindersRaised: number }): ChunkWriter<TierWrite> {
  return (tx, ops) => {
    const history: TierHistoryEntry[] = [];
    for (const op of ops) {
      if (op.k === "tier") setCustomerTier(tx, op.id, op.columns);
      else if (op.k === "history") {
        const { k: _kind, createdAt, ...row } = op;
        history.push({ ...row, createdAt: new Date(createdAt) });
      } else {
        counts.remindersRaised += insertReminders(tx, [{ ...op.reminder, dueAt: new Date(op.reminder.dueAt) }], new Date(op.at));
      }
    }
    recordTierChanges(tx, history);
  };
}

// A process that finishes a stage a dead run left ready writes it as the run would have.
registerChunkWriter<TierWrite>("tiers", tierWriter({ remindersRaised: 0 }));

function runTiers(context: JobContext): JobFigures {
  const started = performance.now();
  const { db, asOf, now, settings } = context;
  const timeZone = settings.general.timeZone;

  const inputs = loadTierInputs(db, now, timeZone);
  context.progress(0.3);
  const result = computeTiers(inputs.customers, asOf, settings.tiers, settings.general.baseCurrency);
  context.progress(0.5);

  const storedById = new Map(inputs.stored.map((c) => [c.id, c]));
  // A tier set outside the job (a customer created on screen starts as "new") has no history row
  // yet: the job's first tiering writes one, from no tier, and keeps the day it began.
  const previous = new Map<number, PreviousTier>();
  for (const c of inputs.stored) {
    if (c.tier !== null && c.tiersAsOf !== null) previous.set(c.id, { tier: c.tier, since: c.tierSince ?? asOf });
  }
  const updates: { id: number; columns: TierColumns }[] = [];
  for (const r of result.customers) {
    const stored = storedById.get(r.customerId) as CustomerForTiers;
    const kept: PreviousTier | null =
      stored.tier === null ? null : { tier: stored.tier, since: stored.tierSince ?? localDay(stored.createdAt, timeZone) };
    const columns = tierColumns(r, tierSince(kept, r.tier, asOf), asOf);
    if (differs(stored, columns)) updates.push({ id: r.customerId, columns });
  }
  const changes = tierChanges(previous, result.customers, asOf);
  const dueAt = startOfLocalDay(asOf, timeZone);
  const tierChangeReminders: NewReminder[] = changes
    .filter((change) => change.raisesReminder)
    .map((change) => {
      const c = storedById.get(change.customerId) as CustomerForTiers;
      return {
        kind: "tier_change",
        customerId: change.customerId,
        // No owner: the reminder is for every manager.
        ownerId: c.ownerId,
        dueAt,
        reason: encodeReminderReason(
          { code: "tier_change", fromTier: change.fromTier, toTier: change.toTier, tierReason: change.reason },
          tierChangeReminderText(change),
        ),
        priority: expectedValueMinor(c.pAlive, c.expectedOrderValueMinor),
        // D: a rerun for the same day finds it and raises nothing.
        cycleKey: change.changedOn,
      };
    });

  // Order counts, first/last order and 12-month revenue for the lists, as of the same `now`: each
  // customer's own figures from its orders (the order model keeps them between runs), refreshed a
  // slice of customers per short transaction.
  const ids = inputs.stored.map((c) => c.id);
  let refreshed = 0;
  inShortTransactions(db, (tx) => {
    if (refreshed >= ids.length) return false;
    refreshCustomerFigures(tx, { now, timeZone }, ids.slice(refreshed, refreshed + FIGURES_PER_STEP));
    refreshed += FIGURES_PER_STEP;
    return true;
  });
  context.progress(0.6);

  // The run's results (tiers, history, reminders) as one staged generation: see staged-write.ts.
  const ops: TierWrite[] = [
    ...updates.map(({ id, columns }): TierWrite => ({ k: "tier", id, columns })),
    ...changes.map(
      (change): TierWrite => ({
        k: "history",
        customerId: change.customerId,
        fromTier: change.fromTier,
        toTier: change.toTier,
        changedOn: change.changedOn,
        reason: JSON.stringify(change.reason),
        createdAt: now.getTime(),
      }),
    ),
    ...tierChangeReminders.map(
      (reminder): TierWrite => ({ k: "reminder", reminder: { ...reminder, dueAt: reminder.dueAt.getTime() }, at: now.getTime() }),
    ),
  ];
  const counts = { remindersRaised: 0 };
  writeStaged(db, "tiers", ops, tierWriter(counts), (fraction) => context.progress(0.6 + 0.4 * fraction));
  const remindersRaised = counts.remindersRaised;
  context.progress(1);

  const tiers: Record<Tier, number> = { high_value: 0, growing: 0, dormant: 0, new: 0 };
  for (const r of result.customers) tiers[r.tier] += 1;
  return {
    asOf,
    customers: result.customers.length,
    tiers,
    customersUpdated: updates.length,
    changes: changes.length,
    remindersRaised,
    highValueThresholdMinor: result.highValueThresholdMinor,
    highValuePoolSize: result.highValuePoolSize,
    durationMs: Math.round(performance.now() - started),
  };
}

export const tiersJob: JobDefinition = { name: "tiers", run: runTiers };
