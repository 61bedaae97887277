/**
 * The reminders job (SPEC §5, §10), daily: repurchase reminders for customers due to buy again,
 * one per customer per purchase cycle however often it runs; closes the ones an order has
 * answered; re-opens snoozed reminders whose day has come; keeps each customer's expected next
 * purchase day.
 *
 * Load (one read snapshot) → `planRepurchaseReminders` / `repurchaseSchedules` (pure) → write as
 * one staged generation in short transactions (staged-write.ts), so a crash leaves the previous
 * run's reminders and days, or, once the next start has finished applying them, this run's. Every
 * write is conditional (insert only a missing cycle, close or re-open only what is still open or
 * snoozed, update only a changed day), so a second run for the same D changes nothing.
 */
import type { DB } from "~db/client.server";
import { localDay, startOfLocalDay } from "~/domain/calendar";
import {
  encodeReminderReason,
  lastPurchaseDay,
  planRepurchaseReminders,
  populationCycle,
  reminderSatisfied,
  repurchaseSchedules,
  type RepurchaseCustomer,
  type RepurchaseOrder,
} from "~/domain/reminders";
import {
  activeRepurchaseReminders,
  closeRemindersAsOrdered,
  insertReminders,
  purchasesForReminders,
  reminderCycleKeys,
  reopenSnoozedReminders,
  type NewReminder,
} from "~/models/reminder.server";
import { customersForReminders, setExpectedNextPurchase } from "~/models/customer.server";
import type { JobContext, JobDefinition, JobFigures } from "./job";
import { registerChunkWriter, writeStaged, type ChunkWriter } from "./staged-write";

type StoredCustomer = ReturnType<typeof customersForReminders>[number];

type ReminderInputs = {
  stored: StoredCustomer[];
  customers: RepurchaseCustomer[];
  alreadyReminded: Map<number, Set<string>>;
  active: { id: number; customerId: number | null; cycleKey: string }[];
};

function loadReminderInputs(db: DB, now: Date, timeZone: string): ReminderInputs {
  return db.transaction(
    (tx) => {
      const stored = customersForReminders(tx);
      // Purchase days need only the day of each counted order; cancelled ones never count.
      const orderRows = purchasesForReminders(tx, now);
      const byCustomer = new Map<number, RepurchaseOrder[]>();
      for (const o of orderRows) {
        let list = byCustomer.get(o.customerId);
        if (!list) byCustomer.set(o.customerId, (list = []));
        list.push({ orderedOn: localDay(o.orderedAt, timeZone), cancelled: false });
      }
      return {
        stored,
        customers: stored.map((c) => ({
          customerId: c.id,
          orders: byCustomer.get(c.id) ?? [],
          pAlive: c.pAlive,
          expectedOrderValueMinor: c.expectedOrderValueMinor,
        })),
        alreadyReminded: reminderCycleKeys(tx, "repurchase"),
        active: activeRepurchaseReminders(tx),
      };
    },
    { behavior: "deferred" },
  );
}

/** One write of a reminders run, as staged (JSON: instants as epoch milliseconds). */
type ReminderWrite =
  | { k: "reopen"; at: number }
  | { k: "close"; id: number; at: number }
  | { k: "new"; reminder: Omit<NewReminder, "dueAt"> & { dueAt: number }; at: number }
  | { k: "day"; id: number; on: string | null };

type ReminderCounts = { closedOrdered: number; reopened: number; created: number };

/** Applies a chunk of a reminders run's writes; counts what it changed into `counts`. */
function reminderWriter(counts: ReminderCounts): ChunkWriter<ReminderWrite> {
  return (tx, ops) => {
    for (const op of ops) {
      if (op.k === "reopen") counts.reopened += reopenSnoozedReminders(tx, new Date(op.at));
      else if (op.k === "close") counts.closedOrdered += closeRemindersAsOrdered(tx, [op.id], new Date(op.at));
      else if (op.k === "new")
        counts.created += insertReminders(tx, [{ ...op.reminder, dueAt: new Date(op.reminder.dueAt) }], new Date(op.at));
      else setExpectedNextPurchase(tx, op.id, op.on);
    }
  };
}

// A process that finishes a stage a dead run left ready writes it as the run would have.
registerChunkWriter<ReminderWrite>("reminders", reminderWriter({ closedOrdered: 0, reopened: 0, created: 0 }));

function runReminders(context: JobContext): JobFigures {
  const started = performance.now();
  const { db, asOf, now, settings } = context;
  const timeZone = settings.general.timeZone;

  const inputs = loadReminderInputs(db, now, timeZone);
  context.progress(0.3);

  const ownerOf = new Map(inputs.stored.map((c) => [c.id, c.ownerId]));
  // Passing every customer's cycle keys, in any status, is what keeps one reminder per cycle: a
  // cycle once reminded (done, dismissed or still open) is never reminded again.
  const plan = planRepurchaseReminders(inputs.customers, asOf, settings.reminders, inputs.alreadyReminded);
  const newReminders: NewReminder[] = plan.map((r) => ({
    kind: "repurchase",
    customerId: r.customerId,
    ownerId: ownerOf.get(r.customerId) ?? null,
    dueAt: startOfLocalDay(r.dueOn, timeZone),
    reason: encodeReminderReason(r.reason, r.reasonText),
    priority: r.priorityValue,
    cycleKey: r.cycleKey,
  }));

  // The order model closes these when an order is taken on screen; this catches imported orders
  // and anything else that bypassed it.
  const lastDay = new Map(inputs.customers.map((c) => [c.customerId, lastPurchaseDay(c.orders, asOf)]));
  const answered = inputs.active
    .filter((r) => r.customerId !== null && reminderSatisfied(r.cycleKey, lastDay.get(r.customerId) ?? null))
    .map((r) => r.id);

  const schedules = repurchaseSchedules(inputs.customers, asOf, settings.reminders);
  const expectedOn = new Map(schedules.map((s) => [s.customerId, s.expectedOn]));
  const dayChanges = inputs.stored
    .map((c) => ({ id: c.id, before: c.expectedNextPurchaseOn, after: expectedOn.get(c.id) ?? null }))
    .filter((c) => c.before !== c.after);
  context.progress(0.5);

  // The run's writes as one staged generation (staged-write.ts).
  const at = now.getTime();
  const ops: ReminderWrite[] = [
    { k: "reopen", at },
    ...answered.map((id): ReminderWrite => ({ k: "close", id, at })),
    ...newReminders.map(
      (reminder): ReminderWrite => ({ k: "new", reminder: { ...reminder, dueAt: reminder.dueAt.getTime() }, at }),
    ),
    ...dayChanges.map((change): ReminderWrite => ({ k: "day", id: change.id, on: change.after })),
  ];
  const written = { closedOrdered: 0, reopened: 0, created: 0 };
  writeStaged(db, "reminders", ops, reminderWriter(written), (fraction) => context.progress(0.5 + 0.5 * fraction));
  context.progress(1);

  const population = populationCycle(inputs.customers, asOf);
  return {
    asOf,
    customers: inputs.customers.length,
    customersWithPurchases: schedules.length,
    populationCycleDays: population.cycleDays,
    populationCycleSource: population.source,
    due: plan.length,
    created: written.created,
    closedOrdered: written.closedOrdered,
    reopenedFromSnooze: written.reopened,
    expectedNextPurchaseUpdated: dayChanges.length,
    durationMs: Math.round(performance.now() - started),
  };
}

export const remindersJob: JobDefinition = { name: "reminders", run: runReminders };
