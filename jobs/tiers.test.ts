import { decodeReminderReason } from "~/domain/reminders";
import { asc, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as reminderModel from "~/models/reminder.server";
import type { OpenDatabase } from "~db/client.server";
import { createCustomer, createOrder, createUser } from "~db/factories";
import { customers, reminders, tierHistory } from "~db/schema";
import { createTestDb, jobContext } from "../test/helpers";
import type { JobContext } from "./job";
import { tiersJob } from "./tiers";

const _TZ = "Asia/Shanghai";
let database: OpenDatabase;

beforeEach(() => {
  database = createTestDb();
});
afterEach(() => vi.restoreAllMocks());

/** 10:00 in Shanghai on that day. */
const on = (day: string) => new Date(`${day}T02:00:00Z`);

/** As the runner builds it for a past as-of day: `now` is the day's last millisecond. */
const context = (asOf: string): JobContext => jobContext(database.db, { asOf });

const run = (asOf: string) => tiersJob.run(context(asOf)) as Record<string, unknown>;

const customer = (name: string, createdOn: string, ownerId: number | null = null) =>
  createCustomer(database.db, { name, createdAt: on(createdOn), ownerId });

const order = (customerId: number, orderedAt: Date, dollars: number, status: "completed" | "cancelled" = "completed") =>
  createOrder(database.db, { customerId, orderedAt, totalMinor: dollars * 100, status });

const row = (id: number) => database.db.select().from(customers).where(eq(customers.id, id)).get()!;

function snapshot() {
  const db = database.db;
  return {
    customers: db.select().from(customers).orderBy(asc(customers.id)).all(),
    history: db.select().from(tierHistory).orderBy(asc(tierHistory.id)).all(),
    reminders: db.select().from(reminders).orderBy(asc(reminders.id)).all(),
  };
}

describe("tiers job: SPEC §4 as of 2026-06-30 (Asia/Shanghai)", () => {
  const D = "2026-06-30";

  /**
   * Pool (not new, not dormant) 12-month revenues: P5 1,600, P1 2,100, P4 4,000, P2 6,000,
   * P3 10,000 → n = 5, rank ⌈0.8 × 5⌉ = 4 → threshold 6,000 USD. P2 reaches it with 2 orders
   * (high value); P3 is above it with 1 order (growing).
   */
  function scenario() {
    const lead = customer("Lead", "2026-05-01");
    const oldLead = customer("Old lead", "2025-06-01");
    const fresh = customer("Fresh", "2025-01-01");
    order(fresh.id, on("2026-05-15"), 1_500);
    const p1 = customer("P1", "2025-01-01");
    order(p1.id, on("2025-09-01"), 1_000);
    order(p1.id, on("2026-03-01"), 1_000);
    order(p1.id, new Date("2026-06-30T15:00:00Z"), 100); // 23:00 on D in Shanghai: counts
    order(p1.id, new Date("2026-06-30T16:30:00Z"), 99_999); // 00:30 on D + 1 in Shanghai: does not
    const p2 = customer("P2", "2025-01-01");
    order(p2.id, on("2025-10-01"), 3_000);
    order(p2.id, on("2026-04-01"), 3_000);
    const p3 = customer("P3", "2025-01-01");
    order(p3.id, on("2026-02-01"), 10_000);
    const p4 = customer("P4", "2025-01-01");
    order(p4.id, on("2025-12-01"), 2_000);
    order(p4.id, on("2026-06-01"), 2_000);
    order(p4.id, on("2026-06-10"), 50_000, "cancelled"); // would make P4 the top customer
    order(p4.id, on("2026-07-05"), 50_000); // after D
    const p5 = customer("P5", "2025-01-01");
    order(p5.id, on("2025-07-15"), 800);
    order(p5.id, on("2026-01-15"), 800);
    const gone = customer("Gone", "2024-06-01");
    order(gone.id, on("2025-01-01"), 700);
    order(gone.id, on("2025-06-01"), 700);
    return { lead, oldLead, fresh, p1, p2, p3, p4, p5, gone };
  }

  it("writes tier, structured reason, since-day, RFM figures and scores, and the trend", () => {
    const c = scenario();
    const figures = run(D);

    expect(figures).toMatchObject({
      asOf: D,
      customers: 9,
      tiers: { high_value: 1, growing: 4, dormant: 2, new: 2 },
      changes: 9,
      remindersRaised: 0,
      highValueThresholdMinor: 600_000,
      highValuePoolSize: 5,
    });
    expect(typeof figures.durationMs).toBe("number");

    const tiers = Object.fromEntries(Object.entries(c).map(([key, value]) => [key, row(value.id).tier]));
    expect(tiers).toEqual({
      lead: "new",
      oldLead: "dormant",
      fresh: "new",
      p1: "growing",
      p2: "high_value",
      p3: "growing",
      p4: "growing",
      p5: "growing",
      gone: "dormant",
    });

    const p2 = row(c.p2.id);
    expect(JSON.parse(p2.tierReason!)).toEqual({
      code: "top_revenue",
      revenueMinor: 600_000,
      orders: 2,
      thresholdMinor: 600_000,
      topPercent: 20,
      minOrders: 2,
    });
    expect(p2).toMatchObject({
      tierSince: D,
      tiersAsOf: D,
      recencyDays: 90,
      frequency: 2,
      monetaryMinor: 600_000,
      // Quintiles over the 7 customers with orders (mid-rank p, score ⌈5p⌉): recency 90 days is
      // 4th of 7 → ⌈5 × 7/14⌉ = 3; two orders ties with three others at ranks 3–6 → ⌈5 × 8/14⌉ = 3;
      // 6,000 USD is 6th of 7 → ⌈5 × 11/14⌉ = 4.
      rfmRecencyScore: 3,
      rfmFrequencyScore: 3,
      rfmMonetaryScore: 4,
      revenueLast180Minor: 300_000,
      revenuePrior180Minor: 300_000,
    });
    // The cancelled order and the one after D count nowhere, the stored list figures included.
    expect(row(c.p4.id)).toMatchObject({
      frequency: 2,
      monetaryMinor: 400_000,
      recencyDays: 29,
      rfmRecencyScore: 4,
      rfmFrequencyScore: 3,
      rfmMonetaryScore: 4,
      ordersCount: 2,
      revenue12mMinor: 400_000,
      revenueTotalMinor: 400_000,
      lastOrderAt: on("2026-06-01"),
    });
    // 23:00 on D counts (recency 0), 00:30 the next day does not.
    expect(row(c.p1.id)).toMatchObject({
      recencyDays: 0,
      frequency: 3,
      monetaryMinor: 210_000,
      rfmRecencyScore: 5,
      rfmFrequencyScore: 5,
    });
    expect(row(c.p1.id).revenueLast180Minor).toBe(110_000);
    expect(row(c.p1.id).revenuePrior180Minor).toBe(100_000);
    expect(JSON.parse(row(c.p3.id).tierReason!)).toMatchObject({ code: "growing", revenueMinor: 1_000_000, orders: 1 });
    expect(JSON.parse(row(c.gone.id).tierReason!)).toEqual({
      code: "dormant_inactive",
      lastOrderOn: "2025-06-01",
      days: 394,
      dormantAfterDays: 180,
    });
    expect(JSON.parse(row(c.lead.id).tierReason!)).toEqual({
      code: "no_orders_new",
      createdOn: "2026-05-01",
      days: 60,
      windowDays: 90,
    });
    // No orders: no recency, no scores.
    expect(row(c.lead.id)).toMatchObject({
      recencyDays: null,
      frequency: 0,
      monetaryMinor: 0,
      rfmRecencyScore: null,
      rfmFrequencyScore: null,
      rfmMonetaryScore: null,
    });
    expect(row(c.gone.id).rfmMonetaryScore).toBe(1);

    // First tiering: one history row per customer, from no tier.
    const history = database.db.select().from(tierHistory).all();
    expect(history).toHaveLength(9);
    expect(history.find((h) => h.customerId === c.p2.id)).toMatchObject({ fromTier: null, toTier: "high_value", changedOn: D });
    expect(JSON.parse(history.find((h) => h.customerId === c.p2.id)!.reason).code).toBe("top_revenue");
  });

  it("changes nothing when run a second time for the same day", () => {
    scenario();
    run(D);
    const before = snapshot();
    const figures = run(D);
    expect(figures).toMatchObject({ customersUpdated: 0, changes: 0, remindersRaised: 0 });
    expect(snapshot()).toEqual(before);
  });

  it("keeps the day a tier began while it holds, and starts a new one on a change", () => {
    const c = scenario();
    run(D);
    // On 2026-07-01 P1's 99,999 USD order (00:30 that day) counts: the threshold becomes P3's
    // 10,000 USD, P2 falls to growing, P3 (one order) stays growing.
    const figures = run("2026-07-01");
    expect(figures).toMatchObject({ changes: 2, highValueThresholdMinor: 1_000_000 });
    expect(row(c.p3.id)).toMatchObject({ tier: "growing", tierSince: D, tiersAsOf: "2026-07-01" });
    expect(row(c.lead.id)).toMatchObject({ tier: "new", tierSince: D });
    expect(row(c.p1.id)).toMatchObject({ tier: "high_value", tierSince: "2026-07-01" });
    expect(row(c.p2.id)).toMatchObject({ tier: "growing", tierSince: "2026-07-01" });
    const p2History = database.db
      .select()
      .from(tierHistory)
      .where(eq(tierHistory.customerId, c.p2.id))
      .orderBy(asc(tierHistory.id))
      .all();
    expect(p2History.map((h) => [h.fromTier, h.toTier, h.changedOn])).toEqual([
      [null, "high_value", D],
      ["high_value", "growing", "2026-07-01"],
    ]);
    // Fresh's first order (2026-05-15) is 90 days old on 2026-08-13: no longer new.
    run("2026-08-13");
    expect(row(c.fresh.id).tier).not.toBe("new");
    expect(row(c.fresh.id).tierSince).toBe("2026-08-13");
  });

  it("reports progress from 0 to 1", () => {
    scenario();
    const reported: number[] = [];
    tiersJob.run({ ...context(D), progress: (fraction) => reported.push(fraction) });
    expect(reported.length).toBeGreaterThan(1);
    expect(reported).toEqual([...reported].sort((a, b) => a - b));
    expect(reported.at(-1)).toBe(1);
  });
});

describe("tiers job: tier-change reminders", () => {
  /**
   * Growing's last order is 2026-01-01: 180 days before 2026-06-30 (not more than 180: still
   * growing), 181 days before 2026-07-01 (dormant).
   */
  async function scenario() {
    const rep = await createUser(database.db, { email: "rep@example.com", role: "sales" });
    const growing = customer("Growing", "2025-01-01", rep.id);
    order(growing.id, on("2025-09-01"), 1_000);
    order(growing.id, on("2026-01-01"), 1_000);
    const unowned = customer("Unowned", "2025-01-01");
    order(unowned.id, on("2025-09-02"), 1_000);
    order(unowned.id, on("2026-01-01"), 1_000);
    // A lead that ages out of the new window the same day: new → dormant raises nothing.
    const lead = customer("Lead", "2026-04-02", rep.id);
    const steady = customer("Steady", "2025-01-01", rep.id);
    order(steady.id, on("2025-12-01"), 5_000);
    order(steady.id, on("2026-06-01"), 5_000);
    return { rep, growing, unowned, lead, steady };
  }

  const tierChangeReminders = () =>
    database.db.select().from(reminders).where(eq(reminders.kind, "tier_change")).orderBy(asc(reminders.id)).all();

  it("raises exactly one reminder for the owner (none owner: the managers) when growing turns dormant", async () => {
    const c = await scenario();
    run("2026-06-30");
    expect(row(c.growing.id).tier).toBe("growing");
    expect(row(c.lead.id).tier).toBe("new");
    expect(tierChangeReminders()).toEqual([]);

    const figures = run("2026-07-01");
    expect(figures).toMatchObject({ remindersRaised: 2 });
    expect(row(c.growing.id)).toMatchObject({ tier: "dormant", tierSince: "2026-07-01" });
    expect(row(c.lead.id).tier).toBe("dormant");
    const raised = tierChangeReminders();
    expect(raised).toHaveLength(2);
    expect(raised[0]).toMatchObject({
      customerId: c.growing.id,
      ownerId: c.rep.id,
      status: "open",
      cycleKey: "2026-07-01",
      // The start of 2026-07-01 in Shanghai.
      dueAt: new Date("2026-06-30T16:00:00Z"),
    });
    expect(decodeReminderReason(raised[0]!.reason)).toMatchObject({
      code: "tier_change",
      fromTier: "growing",
      toTier: "dormant",
      text: "Turned dormant (was growing). Dormant: last order on 2026-01-01, 181 days ago (more than 180 days)",
    });
    expect(raised[1]).toMatchObject({ customerId: c.unowned.id, ownerId: null });

    const history = database.db
      .select()
      .from(tierHistory)
      .where(eq(tierHistory.customerId, c.growing.id))
      .orderBy(asc(tierHistory.id))
      .all();
    expect(history.map((h) => [h.fromTier, h.toTier, h.changedOn])).toEqual([
      [null, "growing", "2026-06-30"],
      ["growing", "dormant", "2026-07-01"],
    ]);

    // Again the same day, and on the days after: still exactly one each.
    run("2026-07-01");
    run("2026-07-02");
    run("2026-07-03");
    expect(tierChangeReminders()).toHaveLength(2);
  });

  it("leaves every previous result in place when a write fails in the middle of the run", async () => {
    const c = await scenario();
    run("2026-06-30");
    const before = snapshot();
    // Tier updates and history rows are written before the reminders: the failure comes after them.
    vi.spyOn(reminderModel, "insertReminders").mockImplementationOnce(() => {
      throw new Error("disk I/O error");
    });
    expect(() => run("2026-07-01")).toThrow("disk I/O error");
    expect(snapshot()).toEqual(before);
    expect(row(c.growing.id).tier).toBe("growing");

    // The next run does the whole change, once.
    run("2026-07-01");
    expect(row(c.growing.id).tier).toBe("dormant");
    expect(tierChangeReminders()).toHaveLength(2);
  });
});
