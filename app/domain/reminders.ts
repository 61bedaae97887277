import type { Settings } from "~/schemas/settings";
import { addDays, daysBefore } from "./calendar";
import { countedOrders } from "./tiers";

/**
 * Repurchase reminders (SPEC §5): purchase cycles, expected next purchase, due dates, which
 * reminders the daily job creates, and their priority.
 *
 * Pure: D and the settings are arguments; days are "YYYY-MM-DD" local days in the team's time
 * zone (the caller applies `localDay` to order instants, and `startOfLocalDay(dueOn, tz)` to
 * store a reminder's `due_at`). Orders count as in tiers: not cancelled, on or before D.
 */

export type ReminderSettings = Settings["reminders"];

/** SPEC §5: the cycle when no customer has two purchase days. */
const DEFAULT_CYCLE_DAYS = 90;
/** SPEC §5: an expected purchase more than this many days before D is left to reactivation. */
const MAX_LAPSE_DAYS = 365;

export type RepurchaseOrder = { orderedOn: string; cancelled: boolean };

export type RepurchaseCustomer = {
  customerId: number;
  orders: readonly RepurchaseOrder[];
  /** From the CLV job (SPEC §6); null or absent when the models are not fitted. */
  pAlive?: number | null;
  expectedOrderValueMinor?: number | null;
};

/** Distinct local days with at least one counted order, ascending. */
export function purchaseDays(orders: readonly RepurchaseOrder[], asOf: string): string[] {
  // "YYYY-MM-DD" strings sort chronologically.
  return [...new Set(countedOrders(orders, asOf).map((o) => o.orderedOn))].sort();
}

export function lastPurchaseDay(orders: readonly RepurchaseOrder[], asOf: string): string | null {
  const days = purchaseDays(orders, asOf);
  return days.length === 0 ? null : days[days.length - 1];
}

/**
 * The median of whole-day values as whole days: the middle value, or for an even count the
 * mean of the two middle values rounded half up (30 and 31 → 30.5 → 31). A cycle is a number
 * of days to add to a date, so it must be whole; half up matches the project's rounding rule
 * for money, and the lead time, not the rounding, is what makes a reminder early.
 */
export function medianWholeDays(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length % 2 === 1) return sorted[mid];
  // Both are non-negative integers, so ⌊(a + b + 1) / 2⌋ is (a + b) / 2 rounded half up.
  return Math.floor((sorted[mid - 1] + sorted[mid] + 1) / 2);
}

/** A customer's own cycle: the median gap between consecutive purchase days (≥ 2 needed). */
function ownCycleDays(days: readonly string[]): number | null {
  if (days.length < 2) return null;
  const gaps = days.slice(1).map((day, i) => daysBefore(day, days[i]));
  return medianWholeDays(gaps);
}

export type CycleSource = "own" | "population" | "default";

export type PopulationCycle = {
  cycleDays: number;
  source: "population" | "default";
  /** How many customers with their own cycle the median was taken over. */
  customers: number;
};

/**
 * The cycle for customers with a single purchase day: the median of the (whole-day) own cycles
 * of the customers given that have one, or 90 days when none has. The job must pass every
 * customer, not only those that may be due.
 */
export function populationCycle(customers: readonly RepurchaseCustomer[], asOf: string): PopulationCycle {
  const cycles = customers
    .map((c) => ownCycleDays(purchaseDays(c.orders, asOf)))
    .filter((cycle): cycle is number => cycle !== null);
  const median = medianWholeDays(cycles);
  return median === null
    ? { cycleDays: DEFAULT_CYCLE_DAYS, source: "default", customers: 0 }
    : { cycleDays: median, source: "population", customers: cycles.length };
}

export type RepurchaseSchedule = {
  customerId: number;
  purchaseDayCount: number;
  lastPurchaseOn: string;
  cycleDays: number;
  cycleSource: CycleSource;
  /** Customers the population median was taken over (0 for an own cycle or the default). */
  populationSize: number;
  /** Last purchase day + cycle. */
  expectedOn: string;
  /** Expected next purchase − lead days. */
  dueOn: string;
  /** D − expected: positive when the purchase is late, negative while it is still ahead. */
  daysOverdue: number;
};

/** Every customer's expected next purchase as of D (customers without purchases are left out). */
export function repurchaseSchedules(
  customers: readonly RepurchaseCustomer[],
  asOf: string,
  settings: ReminderSettings,
): RepurchaseSchedule[] {
  daysBefore(asOf, asOf); // validates D even when there are no customers
  const population = populationCycle(customers, asOf);
  const schedules: RepurchaseSchedule[] = [];
  for (const c of customers) {
    const days = purchaseDays(c.orders, asOf);
    if (days.length === 0) continue;
    const own = ownCycleDays(days);
    const cycleDays = own ?? population.cycleDays;
    const lastPurchaseOn = days[days.length - 1];
    const expectedOn = addDays(lastPurchaseOn, cycleDays);
    schedules.push({
      customerId: c.customerId,
      purchaseDayCount: days.length,
      lastPurchaseOn,
      cycleDays,
      cycleSource: own === null ? population.source : "own",
      populationSize: own === null ? population.customers : 0,
      expectedOn,
      dueOn: addDays(expectedOn, -settings.leadDays),
      daysOverdue: daysBefore(asOf, expectedOn),
    });
  }
  return schedules;
}

/**
 * An open repurchase reminder closes itself (done, outcome "ordered") once the customer has a
 * purchase day after the reminder's cycle key (the last purchase day it was raised for). A
 * second order on the cycle-key day itself is the same purchase day, not a new purchase.
 * `lastPurchaseDay` must come from counted orders (see `lastPurchaseDay`), so a cancelled
 * order never closes a reminder.
 */
export function reminderSatisfied(cycleKey: string, lastPurchaseDay: string | null): boolean {
  return lastPurchaseDay !== null && daysBefore(lastPurchaseDay, cycleKey) > 0;
}

export type RepurchaseReasonCode = "repurchase_own_cycle" | "repurchase_population_cycle" | "repurchase_default_cycle";

export type RepurchaseReason = {
  code: RepurchaseReasonCode;
  purchaseDays: number;
  lastPurchaseOn: string;
  cycleDays: number;
  populationSize: number;
  expectedOn: string;
  dueOn: string;
  leadDays: number;
  daysOverdue: number;
};

/**
 * Priority (SPEC §5). Known: P(alive) × expected order value, in base minor units rounded half
 * up (both CLV figures present). Otherwise the reminder is ranked by days overdue.
 */
export type RepurchasePriority =
  | { basis: "expected_value"; valueMinor: number; pAlive: number; expectedOrderValueMinor: number; daysOverdue: number }
  | { basis: "days_overdue"; daysOverdue: number };

export type RepurchaseReminder = {
  customerId: number;
  kind: "repurchase";
  /** The last purchase day this reminder belongs to; unique per customer with the kind. */
  cycleKey: string;
  dueOn: string;
  expectedOn: string;
  cycleDays: number;
  reason: RepurchaseReason;
  /** English wording of `reason`, for CSV export. */
  reasonText: string;
  priority: RepurchasePriority;
  /**
   * For the reminders.priority column: the expected value when known, else null. Listing by
   * `priority IS NULL, priority DESC, due_at ASC` gives exactly `compareRepurchasePriority`,
   * because for one lead time an earlier due day is more days overdue, and days overdue
   * change every day while the due day does not.
   */
  priorityValue: number | null;
};

function days(n: number): string {
  return `${n} ${Math.abs(n) === 1 ? "day" : "days"}`;
}

function lateness(daysOverdue: number): string {
  if (daysOverdue > 0) return `${days(daysOverdue)} overdue`;
  if (daysOverdue === 0) return "expected today";
  return `expected in ${days(-daysOverdue)}`;
}

function repurchaseReasonText(r: RepurchaseReason): string {
  const next = `next purchase expected ${r.expectedOn} (${lateness(r.daysOverdue)})`;
  switch (r.code) {
    case "repurchase_own_cycle":
      return `Buys every ${days(r.cycleDays)} (median gap over ${r.purchaseDays} purchase days); last purchase ${r.lastPurchaseOn}, ${next}`;
    case "repurchase_population_cycle":
      return `One purchase so far, on ${r.lastPurchaseOn}; typical cycle ${days(r.cycleDays)} (median over ${r.populationSize} customers); ${next}`;
    case "repurchase_default_cycle":
      return `One purchase so far, on ${r.lastPurchaseOn}; no customer has a repeat cycle yet, so ${days(r.cycleDays)} is assumed; ${next}`;
  }
}

/**
 * A reminder's priority value (SPEC §5): P(alive) × expected order value in base minor units, or
 * null when the CLV model has not given both. Repurchase and tier-change reminders both rank by it.
 */
export function expectedValueMinor(pAlive: number | null, expectedOrderValueMinor: number | null): number | null {
  if (pAlive === null || expectedOrderValueMinor === null) return null;
  if (!(pAlive >= 0 && pAlive <= 1)) throw new RangeError(`pAlive must be within 0–1, got ${pAlive}`);
  if (!Number.isSafeInteger(expectedOrderValueMinor) || expectedOrderValueMinor < 0) {
    throw new RangeError(`expectedOrderValueMinor must be a non-negative integer, got ${expectedOrderValueMinor}`);
  }
  // A probability-weighted ranking score, not an amount that is summed: one rounding to whole
  // minor units is all the exactness it needs.
  return Math.round(pAlive * expectedOrderValueMinor);
}

function priorityOf(c: RepurchaseCustomer, daysOverdue: number): RepurchasePriority {
  const pAlive = c.pAlive ?? null;
  const value = c.expectedOrderValueMinor ?? null;
  const valueMinor = expectedValueMinor(pAlive, value);
  if (valueMinor === null || pAlive === null || value === null) return { basis: "days_overdue", daysOverdue };
  return { basis: "expected_value", valueMinor, pAlive, expectedOrderValueMinor: value, daysOverdue };
}

/**
 * One list, highest priority first: every reminder with a known expected value comes before
 * every reminder without one (a money figure and a day count are not comparable, and the
 * known one is the better signal); known ones by expected value, largest first; the rest by
 * days overdue, most first. Ties fall to more days overdue, then to the lower customer id, so
 * the order never depends on input order.
 */
export function compareRepurchasePriority(
  a: Pick<RepurchaseReminder, "customerId" | "priority">,
  b: Pick<RepurchaseReminder, "customerId" | "priority">,
): number {
  const pa = a.priority;
  const pb = b.priority;
  if (pa.basis !== pb.basis) return pa.basis === "expected_value" ? -1 : 1;
  if (pa.basis === "expected_value" && pb.basis === "expected_value" && pa.valueMinor !== pb.valueMinor) {
    return pb.valueMinor - pa.valueMinor;
  }
  if (pa.daysOverdue !== pb.daysOverdue) return pb.daysOverdue - pa.daysOverdue;
  return a.customerId - b.customerId;
}

/**
 * The repurchase reminders the job creates as of D, highest priority first. A customer gets
 * one when its due day is on or before D, its expected purchase is at most 365 days before D,
 * and `alreadyReminded` (customer id → cycle keys of every repurchase reminder it has, in any
 * status: a dismissed reminder is not raised again) lacks its current last purchase day.
 * `customers` must be all customers, because one-purchase customers use the population cycle.
 */
export function planRepurchaseReminders(
  customers: readonly RepurchaseCustomer[],
  asOf: string,
  settings: ReminderSettings,
  alreadyReminded: ReadonlyMap<number, ReadonlySet<string>>,
): RepurchaseReminder[] {
  const byId = new Map(customers.map((c) => [c.customerId, c]));
  const reminders: RepurchaseReminder[] = [];
  for (const s of repurchaseSchedules(customers, asOf, settings)) {
    if (daysBefore(asOf, s.dueOn) < 0) continue; // not due yet
    if (s.daysOverdue > MAX_LAPSE_DAYS) continue; // lapsed: left to reactivation
    if (alreadyReminded.get(s.customerId)?.has(s.lastPurchaseOn)) continue; // this cycle is done
    const reason: RepurchaseReason = {
      code:
        s.cycleSource === "own"
          ? "repurchase_own_cycle"
          : s.cycleSource === "population"
            ? "repurchase_population_cycle"
            : "repurchase_default_cycle",
      purchaseDays: s.purchaseDayCount,
      lastPurchaseOn: s.lastPurchaseOn,
      cycleDays: s.cycleDays,
      populationSize: s.populationSize,
      expectedOn: s.expectedOn,
      dueOn: s.dueOn,
      leadDays: settings.leadDays,
      daysOverdue: s.daysOverdue,
    };
    const priority = priorityOf(byId.get(s.customerId) as RepurchaseCustomer, s.daysOverdue);
    reminders.push({
      customerId: s.customerId,
      kind: "repurchase",
      cycleKey: s.lastPurchaseOn,
      dueOn: s.dueOn,
      expectedOn: s.expectedOn,
      cycleDays: s.cycleDays,
      reason,
      reasonText: repurchaseReasonText(reason),
      priority,
      priorityValue: priority.basis === "expected_value" ? priority.valueMinor : null,
    });
  }
  return reminders.sort(compareRepurchasePriority);
}

/**
 * A reminder's reason as stored: its code and the figures behind it, so screens can word it in
 * either language, plus the English sentence that CSV exports write. Reasons stored as plain text
 * (older rows, hand-made reminders) decode to their text alone.
 */
export type StoredReminderReason = { code?: string; text: string; [figure: string]: unknown };

export function encodeReminderReason(reason: { code: string; [figure: string]: unknown }, text: string): string {
  return JSON.stringify({ ...reason, text });
}

export function decodeReminderReason(stored: string): StoredReminderReason {
  if (stored.startsWith("{")) {
    try {
      const parsed = JSON.parse(stored) as Record<string, unknown>;
      if (typeof parsed.text === "string") return parsed as StoredReminderReason;
    } catch {
      // not ours: fall through to plain text
    }
  }
  return { text: stored };
}
