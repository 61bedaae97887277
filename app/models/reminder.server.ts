import { and, asc, count, eq, gt, inArray, isNull, lte, ne, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { DB } from "~db/client.server";
import { customers, orders, reminders, users, type ReminderKind, type ReminderStatus, type Role } from "~db/schema";
import type { CsvCell } from "~/utils/csv.server";
import { pageInfo } from "~/utils/pagination";
import { connectionOf, preparedOnce } from "./sql.server";
import { decodeReminderReason, reminderSatisfied } from "~/domain/reminders";

/**
 * Reminders (SPEC §1, §5): the tasks the jobs raise for sales reps and managers, the lists they
 * work through, and what they do with each (done with an outcome, snooze, dismiss).
 */

const owner = alias(users, "reminder_owner");

export type Reminder = typeof reminders.$inferSelect;

/** Reminders still waiting for someone: what every list shows by default. */
const ACTIVE_REMINDER_STATUSES = ["open", "snoozed"] as const satisfies readonly ReminderStatus[];

/** The outcome a reminder gets when the customer's order closes it, not a person. */
const ORDERED_OUTCOME = "ordered";

// ---------------------------------------------------------------------------------------------
// Who may see and act on a reminder

export type ReminderViewer = { id: number; role: Role };

const isManager = (role: Role) => role === "manager" || role === "admin";

/**
 * A reminder is its owner's. A reminder without an owner is for every manager (SPEC §5: "no owner:
 * the managers"), and response-time escalations are the managers' to handle whoever they name.
 * Admins count as managers here. Nobody else may see it or act on it.
 */
export function mayActOnReminder(viewer: ReminderViewer, reminder: Pick<Reminder, "ownerId" | "kind">): boolean {
  if (reminder.ownerId === viewer.id) return true;
  return isManager(viewer.role) && (reminder.ownerId === null || reminder.kind === "sla_escalation");
}

/** The SQL twin of mayActOnReminder, so lists and counts show exactly what the viewer may act on. */
function viewerScope(viewer: ReminderViewer): SQL {
  const own = eq(reminders.ownerId, viewer.id);
  if (!isManager(viewer.role)) return own;
  return or(own, isNull(reminders.ownerId), eq(reminders.kind, "sla_escalation")) as SQL;
}

/**
 * Highest priority first (SPEC §5): P(alive) × expected order value where the CLV job knows it,
 * then the rest most overdue first (an earlier due day is more days overdue), as
 * `priority IS NULL, priority DESC, due_at`. A reminder snoozed to a later day waits below every
 * reminder that needs attention now, until its day comes.
 */
export function reminderOrder(now: Date): SQL[] {
  return [
    sql`(${reminders.status} = 'snoozed' and ${reminders.snoozedUntil} > ${now.getTime()})`,
    sql`${reminders.priority} is null`,
    sql`${reminders.priority} desc`,
    asc(reminders.dueAt),
    asc(reminders.id),
  ];
}

// ---------------------------------------------------------------------------------------------
// Lists

export type ReminderFilter = {
  kind?: ReminderKind;
  /** Absent: open and snoozed. */
  status?: ReminderStatus;
  page: number;
};

const listColumns = {
  id: reminders.id,
  kind: reminders.kind,
  status: reminders.status,
  dueAt: reminders.dueAt,
  snoozedUntil: reminders.snoozedUntil,
  reason: reminders.reason,
  outcome: reminders.outcome,
  priority: reminders.priority,
  closedAt: reminders.closedAt,
  customerId: reminders.customerId,
  customer: customers.name,
  inquiryId: reminders.inquiryId,
  ownerId: reminders.ownerId,
  owner: owner.name,
};

export type ReminderListRow = {
  id: number;
  kind: ReminderKind;
  status: ReminderStatus;
  dueAt: Date;
  snoozedUntil: Date | null;
  reason: string;
  outcome: string | null;
  priority: number | null;
  closedAt: Date | null;
  customerId: number | null;
  customer: string | null;
  inquiryId: number | null;
  ownerId: number | null;
  owner: string | null;
};

/** One page of the reminders the viewer may act on; the total is counted in SQL over the same filter. */
export function listReminders(db: DB, viewer: ReminderViewer, filter: ReminderFilter, now: Date) {
  const where = and(
    viewerScope(viewer),
    filter.status ? eq(reminders.status, filter.status) : inArray(reminders.status, ACTIVE_REMINDER_STATUSES),
    filter.kind ? eq(reminders.kind, filter.kind) : undefined,
  );
  const total = db.select({ n: count() }).from(reminders).where(where).get()?.n ?? 0;
  const info = pageInfo(total, filter.page);
  const rows: ReminderListRow[] = db
    .select(listColumns)
    .from(reminders)
    .leftJoin(customers, eq(customers.id, reminders.customerId))
    .leftJoin(owner, eq(owner.id, reminders.ownerId))
    .where(inArray(reminders.id, reminderPage(db, where, now, info.pageSize, info.offset)))
    .orderBy(...reminderOrder(now))
    .all();
  return { ...info, rows };
}

/**
 * The ids of one page of reminders in list order, chosen from the reminders alone: the customer
 * and owner names are then read for that page only, not for every reminder the sort goes through.
 */
export function reminderPage(db: DB, where: SQL | undefined, now: Date, limit: number, offset = 0) {
  return db
    .select({ id: reminders.id })
    .from(reminders)
    .where(where)
    .orderBy(...reminderOrder(now))
    .limit(limit)
    .offset(offset);
}

/** How many open and snoozed reminders the viewer has to work through (for "see all" links). */
export function countActiveReminders(db: DB, viewer: ReminderViewer): number {
  return (
    db
      .select({ n: count() })
      .from(reminders)
      .where(and(viewerScope(viewer), inArray(reminders.status, ACTIVE_REMINDER_STATUSES)))
      .get()?.n ?? 0
  );
}

export function findReminder(db: DB, id: number): Reminder | undefined {
  return db.select().from(reminders).where(eq(reminders.id, id)).get();
}

// ---------------------------------------------------------------------------------------------
// What people do with a reminder. Each changes only a reminder that is still open or snoozed, and
// says whether it did, so a second click (or a job that closed it meanwhile) changes nothing.

const stillActive = (id: number) => and(eq(reminders.id, id), inArray(reminders.status, ACTIVE_REMINDER_STATUSES));

export function completeReminder(db: DB, id: number, outcome: string, at: Date): boolean {
  return (
    db
      .update(reminders)
      .set({ status: "done", outcome, snoozedUntil: null, closedAt: at, updatedAt: at })
      .where(stillActive(id))
      .run().changes === 1
  );
}

/** `until` is the start of the chosen day in the team's time zone. */
export function snoozeReminder(db: DB, id: number, until: Date, at: Date): boolean {
  return (
    db.update(reminders).set({ status: "snoozed", snoozedUntil: until, updatedAt: at }).where(stillActive(id)).run().changes === 1
  );
}

export function dismissReminder(db: DB, id: number, at: Date): boolean {
  return (
    db
      .update(reminders)
      .set({ status: "dismissed", snoozedUntil: null, closedAt: at, updatedAt: at })
      .where(stillActive(id))
      .run().changes === 1
  );
}

/**
 * A customer's open and snoozed reminders go to its new owner (SPEC §8: open reminders follow the
 * new owner; no owner: the managers). Response-time escalations stay the managers' whoever owns
 * the customer. Called inside the transaction that changes the owner; returns how many moved.
 */
export function moveActiveRemindersToOwner(db: DB, customerId: number, ownerId: number | null, at: Date): number {
  return db
    .update(reminders)
    .set({ ownerId, updatedAt: at })
    .where(
      and(
        eq(reminders.customerId, customerId),
        inArray(reminders.status, ACTIVE_REMINDER_STATUSES),
        sql`${reminders.kind} <> 'sla_escalation'`,
        sql`${reminders.ownerId} is not ${ownerId}`,
      ),
    )
    .run().changes;
}

// ---------------------------------------------------------------------------------------------
// For the jobs

export type NewReminder = {
  kind: ReminderKind;
  customerId: number;
  ownerId: number | null;
  dueAt: Date;
  reason: string;
  priority: number | null;
  cycleKey: string;
};

/**
 * Inserts each reminder unless one of its kind already exists for the customer and cycle key, in
 * any status, and returns how many were inserted. The check is in the INSERT itself: the unique
 * index cannot do it, because its inquiry_id column is NULL here and SQLite never treats two NULLs
 * as equal.
 */
export function insertReminders(db: DB, rows: readonly NewReminder[], at: Date): number {
  // Prepared once per connection: a first run of the reminders job raises tens of thousands.
  const insert = preparedOnce(db, "reminders.insertNew", () =>
    connectionOf(db).prepare(`
      insert into reminders (kind, customer_id, owner_id, due_at, status, reason, cycle_key, priority, created_at, updated_at)
      select @kind, @customerId, @ownerId, @dueAt, 'open', @reason, @cycleKey, @priority, @at, @at
      where not exists (
        select 1 from reminders
        where kind = @kind and customer_id = @customerId and inquiry_id is null and cycle_key = @cycleKey
      )`),
  );
  let inserted = 0;
  for (const r of rows) {
    inserted += insert.run({
      kind: r.kind,
      customerId: r.customerId,
      ownerId: r.ownerId,
      dueAt: r.dueAt.getTime(),
      reason: r.reason,
      cycleKey: r.cycleKey,
      priority: r.priority,
      at: at.getTime(),
    }).changes;
  }
  return inserted;
}

/** Customer id → the cycle keys of every reminder of that kind it has, in any status. */
export function reminderCycleKeys(db: DB, kind: ReminderKind): Map<number, Set<string>> {
  const keys = new Map<number, Set<string>>();
  const rows = db
    .select({ customerId: reminders.customerId, cycleKey: reminders.cycleKey })
    .from(reminders)
    .where(and(eq(reminders.kind, kind), sql`${reminders.customerId} is not null`))
    .all();
  for (const row of rows) {
    const id = row.customerId as number;
    let set = keys.get(id);
    if (!set) keys.set(id, (set = new Set()));
    set.add(row.cycleKey);
  }
  return keys;
}

/**
 * The customer and instant of every order placed on or before `now` that counts (not cancelled):
 * the purchases the repurchase rules see. The purchase day is a day of the team's time zone,
 * which SQLite cannot compute, so the caller groups the instants into days.
 */
export function purchasesForReminders(db: DB, now: Date): { customerId: number; orderedAt: Date }[] {
  return db
    .select({ customerId: orders.customerId, orderedAt: orders.orderedAt })
    .from(orders)
    .where(and(ne(orders.status, "cancelled"), lte(orders.orderedAt, now)))
    .all();
}

/** Open and snoozed repurchase reminders, for the job to close the ones an order has answered. */
export function activeRepurchaseReminders(db: DB) {
  return db
    .select({ id: reminders.id, customerId: reminders.customerId, cycleKey: reminders.cycleKey })
    .from(reminders)
    .where(and(eq(reminders.kind, "repurchase"), inArray(reminders.status, ACTIVE_REMINDER_STATUSES)))
    .orderBy(asc(reminders.id))
    .all();
}

/** Closes reminders as done with the outcome "ordered"; returns how many it closed. */
export function closeRemindersAsOrdered(db: DB, ids: readonly number[], at: Date): number {
  let closed = 0;
  for (let i = 0; i < ids.length; i += 500) {
    closed += db
      .update(reminders)
      .set({ status: "done", outcome: ORDERED_OUTCOME, snoozedUntil: null, closedAt: at, updatedAt: at })
      .where(and(inArray(reminders.id, ids.slice(i, i + 500)), inArray(reminders.status, ACTIVE_REMINDER_STATUSES)))
      .run().changes;
  }
  return closed;
}

/**
 * Closes the customer's open repurchase reminders that a purchase on `purchaseDay` (a team day)
 * answers, by the one rule (reminderSatisfied: a purchase day after the reminder's cycle key);
 * returns how many it closed. Taking an order and importing orders both come through here.
 */
export function closeRemindersSatisfiedBy(db: DB, customerId: number, purchaseDay: string, at: Date): number {
  const open = preparedOnce(db, "reminders.openRepurchaseOfCustomer", (database) =>
    database
      .select({ id: reminders.id, cycleKey: reminders.cycleKey })
      .from(reminders)
      .where(
        and(
          eq(reminders.customerId, sql.placeholder("customerId")),
          eq(reminders.kind, "repurchase"),
          inArray(reminders.status, ACTIVE_REMINDER_STATUSES),
        ),
      )
      .prepare(),
  ).all({ customerId });
  const answered = open.filter((reminder) => reminderSatisfied(reminder.cycleKey, purchaseDay)).map((reminder) => reminder.id);
  return answered.length === 0 ? 0 : closeRemindersAsOrdered(db, answered, at);
}

/**
 * The managers' reminder that an inquiry is still unanswered past the escalation time (SPEC §3);
 * at most one per inquiry, however often it is asked for.
 */
export function raiseEscalationReminder(
  db: DB,
  escalation: { inquiryId: number; customerId: number | null; reason: string; at: Date },
): void {
  db.insert(reminders)
    .values({
      kind: "sla_escalation",
      customerId: escalation.customerId,
      inquiryId: escalation.inquiryId,
      ownerId: null,
      dueAt: escalation.at,
      status: "open",
      reason: escalation.reason,
      cycleKey: `inquiry:${escalation.inquiryId}`,
      createdAt: escalation.at,
      updatedAt: escalation.at,
    })
    .onConflictDoNothing()
    .run();
}

/** Snoozed reminders whose day has come are open again; returns how many. */
export function reopenSnoozedReminders(db: DB, now: Date): number {
  return db
    .update(reminders)
    .set({ status: "open", snoozedUntil: null, updatedAt: now })
    .where(and(eq(reminders.status, "snoozed"), lte(reminders.snoozedUntil, now)))
    .run().changes;
}

// ---------------------------------------------------------------------------------------------
// CSV export (SPEC §9)

export const REMINDER_CSV_COLUMNS = ["id", "kind", "customer_external_id", "owner_email", "due_at", "status", "reason"] as const;

/** Every reminder in id order, read a page at a time (keyset on id), as CSV cells. */
export function* reminderExportRows(db: DB, pageSize = 1000): Generator<CsvCell[]> {
  let after = 0;
  for (;;) {
    const page = db
      .select({
        id: reminders.id,
        kind: reminders.kind,
        customerExternalId: customers.externalId,
        ownerEmail: owner.email,
        dueAt: reminders.dueAt,
        status: reminders.status,
        reason: reminders.reason,
      })
      .from(reminders)
      .leftJoin(customers, eq(customers.id, reminders.customerId))
      .leftJoin(owner, eq(owner.id, reminders.ownerId))
      .where(gt(reminders.id, after))
      .orderBy(asc(reminders.id))
      .limit(pageSize)
      .all();
    for (const r of page) {
      yield [
        r.id,
        r.kind,
        r.customerExternalId,
        r.ownerEmail,
        r.dueAt.toISOString(),
        r.status,
        decodeReminderReason(r.reason).text,
      ];
    }
    if (page.length < pageSize) return;
    after = page[page.length - 1].id;
  }
}
