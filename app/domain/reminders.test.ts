import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS } from "~/schemas/settings";
import {
  decodeReminderReason,
  encodeReminderReason,
  compareRepurchasePriority,
  expectedValueMinor,
  lastPurchaseDay,
  medianWholeDays,
  planRepurchaseReminders,
  populationCycle,
  purchaseDays,
  reminderSatisfied,
  repurchaseSchedules,
  type RepurchaseCustomer,
  type RepurchaseOrder,
} from "./reminders";

// As-of day D = 2026-12-31 (2026 is not a leap year). Month lengths used below: Aug 31, Sep 30,
// Oct 31, Nov 30, Dec 31. Lead time 7 days unless a test says otherwise.
const D = "2026-12-31";
const S = DEFAULT_SETTINGS.reminders; // leadDays 7
const NONE = new Map<number, ReadonlySet<string>>();

function order(orderedOn: string, cancelled = false): RepurchaseOrder {
  return { orderedOn, cancelled };
}
function customer(customerId: number, days: string[], extra: Partial<RepurchaseCustomer> = {}): RepurchaseCustomer {
  return { customerId, orders: days.map((d) => order(d)), ...extra };
}

// Gaps of 30 days: Sep 2 → Oct 2 (Sep has 30 days), Oct 2 → Nov 1 (29 to Oct 31, +1),
// Nov 1 → Dec 1. Median 30; expected Dec 1 + 30 = Dec 31 = D; due Dec 31 − 7 = Dec 24.
const MONTHLY = ["2026-09-02", "2026-10-02", "2026-11-01", "2026-12-01"];

describe("purchase days and cycle", () => {
  it("uses the median gap between purchase days", () => {
    const reminders = planRepurchaseReminders([customer(1, MONTHLY)], D, S, NONE);
    expect(reminders).toHaveLength(1);
    expect(reminders[0]).toMatchObject({
      customerId: 1,
      kind: "repurchase",
      cycleKey: "2026-12-01",
      cycleDays: 30,
      expectedOn: "2026-12-31",
      dueOn: "2026-12-24",
    });
    expect(reminders[0].reason).toEqual({
      code: "repurchase_own_cycle",
      purchaseDays: 4,
      lastPurchaseOn: "2026-12-01",
      cycleDays: 30,
      populationSize: 0,
      expectedOn: "2026-12-31",
      dueOn: "2026-12-24",
      leadDays: 7,
      daysOverdue: 0,
    });
    expect(reminders[0].reasonText).toBe(
      "Buys every 30 days (median gap over 4 purchase days); last purchase 2026-12-01, next purchase expected 2026-12-31 (expected today)",
    );
  });

  it("takes the middle gap, or the mean of the two middle gaps rounded half up", () => {
    expect(medianWholeDays([7, 5, 50])).toBe(7); // sorted 5, 7, 50
    expect(medianWholeDays([10, 100, 20, 40])).toBe(30); // (20 + 40) / 2
    expect(medianWholeDays([30, 31])).toBe(31); // 30.5 → 31
    expect(medianWholeDays([1, 2])).toBe(2); // 1.5 → 2
    expect(medianWholeDays([30, 30])).toBe(30);
    expect(medianWholeDays([])).toBeNull();
  });

  it("rounds a half-day median up in the schedule", () => {
    // Oct 1 → Oct 31 = 30 days; Oct 31 → Dec 1 = 31 days (Nov has 30). Median 30.5 → 31.
    // Expected Dec 1 + 31 = 2027-01-01 (one day after D); due Jan 1 − 7 = Dec 25 ≤ D.
    const reminders = planRepurchaseReminders([customer(1, ["2026-10-01", "2026-10-31", "2026-12-01"])], D, S, NONE);
    expect(reminders[0]).toMatchObject({ cycleDays: 31, expectedOn: "2027-01-01", dueOn: "2026-12-25" });
    expect(reminders[0].reason.daysOverdue).toBe(-1);
    expect(reminders[0].reasonText).toContain("(expected in 1 day)");
  });

  it("counts two orders on one day as one purchase day", () => {
    const orders = [order("2026-11-01"), order("2026-12-01"), order("2026-12-01")];
    expect(purchaseDays(orders, D)).toEqual(["2026-11-01", "2026-12-01"]);
    // One gap of 30 → cycle 30, expected Dec 31. (Counting orders would give gaps 30 and 0,
    // median 15, expected Dec 16.)
    const reminders = planRepurchaseReminders([{ customerId: 1, orders }], D, S, NONE);
    expect(reminders[0]).toMatchObject({ cycleDays: 30, expectedOn: "2026-12-31" });
    expect(reminders[0].reason.purchaseDays).toBe(2);
  });

  it("ignores cancelled orders and orders after D", () => {
    // Counting the cancelled Dec 20 order: gaps 30, 19 → 24.5 → 25, last Dec 20, expected
    // 2027-01-14, due 2027-01-07: no reminder. Without it: cycle 30, expected Dec 31, due.
    const withCancelled = { customerId: 1, orders: [order("2026-11-01"), order("2026-12-01"), order("2026-12-20", true)] };
    const withFuture = { customerId: 2, orders: [order("2026-11-01"), order("2026-12-01"), order("2027-01-02")] };
    const reminders = planRepurchaseReminders([withCancelled, withFuture], D, S, NONE);
    expect(reminders.map((r) => [r.customerId, r.cycleKey, r.cycleDays, r.expectedOn])).toEqual([
      [1, "2026-12-01", 30, "2026-12-31"],
      [2, "2026-12-01", 30, "2026-12-31"],
    ]);
  });

  it("gives a one-purchase customer the median cycle of the customers that have one", () => {
    // Own cycles: X Oct 1 → Oct 21 = 20; Y Sep 1 → Oct 11 = 30 + 10 = 40; Z Aug 1 → Sep 30 =
    // 30 + 30 = 60. Median of 20, 40, 60 = 40. S bought once, Nov 21: expected Nov 21 + 40 =
    // Dec 31 (9 days to Nov 30, + 31); due Dec 24.
    const customers = [
      customer(1, ["2026-10-01", "2026-10-21"]),
      customer(2, ["2026-09-01", "2026-10-11"]),
      customer(3, ["2026-08-01", "2026-09-30"]),
      customer(4, ["2026-11-21"]),
    ];
    expect(populationCycle(customers, D)).toEqual({ cycleDays: 40, source: "population", customers: 3 });
    const s = planRepurchaseReminders(customers, D, S, NONE).find((r) => r.customerId === 4);
    expect(s).toMatchObject({ cycleDays: 40, expectedOn: "2026-12-31", dueOn: "2026-12-24", cycleKey: "2026-11-21" });
    expect(s?.reason).toMatchObject({ code: "repurchase_population_cycle", purchaseDays: 1, populationSize: 3 });
    expect(s?.reasonText).toBe(
      "One purchase so far, on 2026-11-21; typical cycle 40 days (median over 3 customers); next purchase expected 2026-12-31 (expected today)",
    );
  });

  it("rounds an even population median half up, and only counts real repeat customers", () => {
    // X 20 days; W Sep 1 → Oct 12 = 30 + 11 = 41. Median (20 + 41) / 2 = 30.5 → 31.
    // V's second order is cancelled, so V has one purchase day and no cycle of its own.
    const customers: RepurchaseCustomer[] = [
      customer(1, ["2026-10-01", "2026-10-21"]),
      customer(2, ["2026-09-01", "2026-10-12"]),
      { customerId: 3, orders: [order("2026-05-01"), order("2026-06-01", true)] },
      customer(4, ["2026-11-30"]),
    ];
    expect(populationCycle(customers, D)).toEqual({ cycleDays: 31, source: "population", customers: 2 });
    // S: Nov 30 + 31 = Dec 31.
    const s = repurchaseSchedules(customers, D, S).find((x) => x.customerId === 4);
    expect(s).toMatchObject({ cycleDays: 31, cycleSource: "population", expectedOn: "2026-12-31" });
  });

  it("uses 90 days when no customer has two purchase days", () => {
    const customers = [
      customer(1, ["2026-10-01"]), // Oct 1 + 90 = Dec 30 (30 to Oct 31, 60 to Nov 30, 90 to Dec 30)
      customer(2, [D]), // D + 90 = 2027-03-31 (Jan 31, Feb 28 → 59, Mar 31 → 90): not due
      customer(3, []), // never bought: no schedule at all
    ];
    expect(populationCycle(customers, D)).toEqual({ cycleDays: 90, source: "default", customers: 0 });
    expect(repurchaseSchedules(customers, D, S).map((s) => [s.customerId, s.expectedOn])).toEqual([
      [1, "2026-12-30"],
      [2, "2027-03-31"],
    ]);
    const reminders = planRepurchaseReminders(customers, D, S, NONE);
    expect(reminders).toHaveLength(1);
    expect(reminders[0]).toMatchObject({ customerId: 1, cycleDays: 90, dueOn: "2026-12-23" });
    expect(reminders[0].reasonText).toBe(
      "One purchase so far, on 2026-10-01; no customer has a repeat cycle yet, so 90 days is assumed; next purchase expected 2026-12-30 (1 day overdue)",
    );
  });
});

describe("when a reminder is due", () => {
  // L1: Nov 8 → Dec 8 = 30; expected Dec 8 + 30 = 2027-01-07 (23 days to Dec 31, + 7).
  // L2: Nov 9 → Dec 9 = 30; expected 2027-01-08.
  const L1 = customer(1, ["2026-11-08", "2026-12-08"]);
  const L2 = customer(2, ["2026-11-09", "2026-12-09"]);

  it("is due lead days before the expected purchase", () => {
    // 7 days: L1 due Jan 7 − 7 = Dec 31 = D (due); L2 due Jan 1 > D (not yet).
    const reminders = planRepurchaseReminders([L1, L2], D, S, NONE);
    expect(reminders.map((r) => [r.customerId, r.dueOn, r.expectedOn])).toEqual([[1, "2026-12-31", "2027-01-07"]]);
    expect(reminders[0].reason.daysOverdue).toBe(-7);
    // 0 days: L1 due Jan 7 > D. 8 days: L2 due Jan 8 − 8 = Dec 31 = D.
    expect(planRepurchaseReminders([L1, L2], D, { leadDays: 0 }, NONE)).toEqual([]);
    expect(planRepurchaseReminders([L1, L2], D, { leadDays: 8 }, NONE).map((r) => r.customerId)).toEqual([1, 2]);
  });

  it("is not repeated for the same cycle, on the same day or later", () => {
    const first = planRepurchaseReminders([customer(1, MONTHLY)], D, S, NONE);
    expect(first.map((r) => r.cycleKey)).toEqual(["2026-12-01"]);
    // The job stores the cycle key; the next runs pass it back.
    const stored = new Map([[1, new Set(first.map((r) => r.cycleKey))]]);
    expect(planRepurchaseReminders([customer(1, MONTHLY)], D, S, stored)).toEqual([]);
    expect(planRepurchaseReminders([customer(1, MONTHLY)], "2027-01-20", S, stored)).toEqual([]);
    // A reminder for the previous cycle does not block this one.
    const older = new Map([[1, new Set(["2026-11-01"])]]);
    expect(planRepurchaseReminders([customer(1, MONTHLY)], D, S, older)).toHaveLength(1);
  });

  it("starts a new cycle after a new purchase day", () => {
    const stored = new Map([[1, new Set(["2026-12-01"])]]);
    // A purchase on Dec 15 makes Dec 15 the cycle key. Gaps 30, 30, 30, 14 → sorted 14, 30, 30,
    // 30 → (30 + 30) / 2 = 30; expected Dec 15 + 30 = 2027-01-14, due Jan 7: not yet on D, but
    // due on 2027-01-07 itself.
    const again = customer(1, [...MONTHLY, "2026-12-15"]);
    expect(planRepurchaseReminders([again], D, S, stored)).toEqual([]);
    expect(planRepurchaseReminders([again], "2027-01-07", S, stored).map((r) => [r.cycleKey, r.expectedOn])).toEqual([
      ["2026-12-15", "2027-01-14"],
    ]);
  });

  it("leaves lapses of more than 365 days to reactivation", () => {
    // P1: 2025-11-01 → 2025-12-01 = 30; expected 2025-12-31, exactly 365 days before D: reminded.
    // P2: 2025-10-31 → 2025-11-30 = 30; expected 2025-12-30, 366 days before D: not reminded.
    const reminders = planRepurchaseReminders(
      [customer(1, ["2025-11-01", "2025-12-01"]), customer(2, ["2025-10-31", "2025-11-30"])],
      D,
      S,
      NONE,
    );
    expect(reminders.map((r) => [r.customerId, r.expectedOn, r.reason.daysOverdue])).toEqual([[1, "2025-12-31", 365]]);
  });
});

describe("reminderSatisfied", () => {
  it("closes a reminder once the customer has a purchase day after the cycle key", () => {
    expect(reminderSatisfied("2026-12-01", "2026-12-02")).toBe(true);
    expect(reminderSatisfied("2026-12-01", "2026-12-01")).toBe(false); // same purchase day
    expect(reminderSatisfied("2026-12-01", "2026-11-01")).toBe(false);
    expect(reminderSatisfied("2026-12-01", null)).toBe(false);
  });

  it("is not satisfied by a cancelled order or by one after the as-of day", () => {
    const cancelled = [order("2026-12-01"), order("2026-12-05", true)];
    expect(reminderSatisfied("2026-12-01", lastPurchaseDay(cancelled, D))).toBe(false);
    const later = [order("2026-12-01"), order("2026-12-05")];
    expect(reminderSatisfied("2026-12-01", lastPurchaseDay(later, "2026-12-04"))).toBe(false);
    expect(reminderSatisfied("2026-12-01", lastPurchaseDay(later, D))).toBe(true);
  });
});

describe("priority", () => {
  it("puts known expected values first, largest first, then the rest by days overdue", () => {
    const dec = ["2026-11-01", "2026-12-01"]; // expected Dec 31: 0 days overdue
    // Oct 12 → Nov 11 = 19 + 11 = 30; expected Nov 11 + 30 = Dec 11: 20 days overdue.
    const late20 = ["2026-10-12", "2026-11-11"];
    // Oct 29 → Nov 28 = 2 + 28 = 30; expected Dec 28: 3 days overdue.
    const late3 = ["2026-10-29", "2026-11-28"];
    // Oct 22 → Nov 21 = 9 + 21 = 30; expected Dec 21: 10 days overdue.
    const late10 = ["2026-10-22", "2026-11-21"];
    const customers = [
      customer(4, late3), // unknown: 3 days overdue
      customer(2, dec, { pAlive: 0.75, expectedOrderValueMinor: 12_000 }), // 0.75 × 12,000 = 9,000
      customer(5, late10, { pAlive: 0.8, expectedOrderValueMinor: null }), // value unknown: by days, 10
      customer(3, late20), // unknown: 20 days overdue
      customer(1, dec, { pAlive: 0.5, expectedOrderValueMinor: 100_000 }), // 0.5 × 100,000 = 50,000
      customer(6, late20, { pAlive: 0.5, expectedOrderValueMinor: 100_000 }), // 50,000 too, 20 days late
      customer(7, dec, { pAlive: 0, expectedOrderValueMinor: 100_000 }), // 0: known, still before unknowns
    ];
    const reminders = planRepurchaseReminders(customers, D, S, NONE);
    // 50,000 (6 is more overdue than 1, so first), 50,000, 9,000, 0, then unknown 20, 10, 3 days.
    expect(reminders.map((r) => r.customerId)).toEqual([6, 1, 2, 7, 3, 5, 4]);
    expect(reminders.map((r) => r.priorityValue)).toEqual([50_000, 50_000, 9_000, 0, null, null, null]);
    expect(reminders[4].priority).toEqual({ basis: "days_overdue", daysOverdue: 20 });
    expect(reminders[2].priority).toEqual({
      basis: "expected_value",
      valueMinor: 9_000,
      pAlive: 0.75,
      expectedOrderValueMinor: 12_000,
      daysOverdue: 0,
    });
    // The comparator alone gives the same order whatever the input order.
    expect(
      [...reminders]
        .reverse()
        .sort(compareRepurchasePriority)
        .map((r) => r.customerId),
    ).toEqual([6, 1, 2, 7, 3, 5, 4]);
  });

  it("rejects a P(alive) outside 0–1", () => {
    expect(() =>
      planRepurchaseReminders([customer(1, MONTHLY, { pAlive: 1.5, expectedOrderValueMinor: 100 })], D, S, NONE),
    ).toThrow(RangeError);
  });
});

describe("stored reminder reasons", () => {
  it("keep the code, the figures and the English sentence", () => {
    const stored = encodeReminderReason({ code: "repurchase_own_cycle", cycleDays: 30 }, "Buys every 30 days");
    expect(decodeReminderReason(stored)).toEqual({ code: "repurchase_own_cycle", cycleDays: 30, text: "Buys every 30 days" });
  });
  it("read plain text as its own sentence", () => {
    expect(decodeReminderReason("Call about the spring order")).toEqual({ text: "Call about the spring order" });
    expect(decodeReminderReason("{not json")).toEqual({ text: "{not json" });
    expect(decodeReminderReason('{"code":"x"}')).toEqual({ text: '{"code":"x"}' });
  });
});

describe("expectedValueMinor", () => {
  it("is P(alive) × expected order value rounded half up to a whole minor unit, or null without both", () => {
    expect(expectedValueMinor(0.5, 1_001)).toBe(501); // 500.5 → 501
    expect(expectedValueMinor(0.25, 1_002)).toBe(251); // 250.5 → 251
    expect(expectedValueMinor(0, 99_999)).toBe(0);
    expect(expectedValueMinor(1, 99_999)).toBe(99_999);
    expect(expectedValueMinor(null, 1_000)).toBeNull();
    expect(expectedValueMinor(0.5, null)).toBeNull();
  });

  it("refuses a probability outside 0–1 and a value that is not a whole non-negative amount", () => {
    expect(() => expectedValueMinor(1.01, 1_000)).toThrow(RangeError);
    expect(() => expectedValueMinor(-0.1, 1_000)).toThrow(RangeError);
    expect(() => expectedValueMinor(Number.NaN, 1_000)).toThrow(RangeError);
    expect(() => expectedValueMinor(0.5, 10.5)).toThrow(RangeError);
    expect(() => expectedValueMinor(0.5, -1)).toThrow(RangeError);
  });
});
