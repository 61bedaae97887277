import { decodeReminderReason } from "~/domain/reminders";
import { asc, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
// cli.ts first: it mounts the command module, which imports UsageError back from it.
import { UsageError } from "./usage-error";
import { reminderCommands } from "./commands/reminders";
import { addDays, startOfLocalDay } from "~/domain/calendar";
import { openRemindersFor } from "~/models/customer.server";
import * as reminderModel from "~/models/reminder.server";
import type { OpenDatabase } from "~db/client.server";
import { createCustomer, createOrder, createUser } from "~db/factories";
import { customers, reminders } from "~db/schema";
import { createTestDb, jobContext } from "../test/helpers";
import type { JobContext } from "./job";
import { remindersJob } from "./reminders";

const TZ = "Asia/Shanghai";
let database: OpenDatabase;

beforeEach(() => {
  database = createTestDb();
});
afterEach(() => vi.restoreAllMocks());

/** 10:00 in Shanghai on that day. */
const on = (day: string) => new Date(`${day}T02:00:00Z`);
const startOf = (day: string) => startOfLocalDay(day, TZ);

const context = (asOf: string): JobContext => jobContext(database.db, { asOf });

const run = (asOf: string) => remindersJob.run(context(asOf)) as Record<string, unknown>;

const customer = (name: string, extra: Partial<typeof customers.$inferInsert> = {}) =>
  createCustomer(database.db, { name, createdAt: on("2024-01-01"), ...extra });

const order = (customerId: number, day: string, status: "completed" | "cancelled" = "completed") =>
  createOrder(database.db, { customerId, orderedAt: on(day), totalMinor: 100_000, status });

const remindersOf = (customerId: number) =>
  database.db.select().from(reminders).where(eq(reminders.customerId, customerId)).orderBy(asc(reminders.id)).all();

const customerRow = (id: number) => database.db.select().from(customers).where(eq(customers.id, id)).get()!;

const snapshot = () => ({
  customers: database.db.select().from(customers).orderBy(asc(customers.id)).all(),
  reminders: database.db.select().from(reminders).orderBy(asc(reminders.id)).all(),
});

/**
 * Regular buys on 2026-01-01, 2026-01-31, 2026-03-02: gaps 30 and 30, cycle 30 days, next purchase
 * expected 2026-04-01, reminder due 7 days earlier, on 2026-03-25.
 */
async function regularBuyer() {
  const rep = await createUser(database.db, { email: "rep@example.com", role: "sales" });
  const regular = customer("Regular", { ownerId: rep.id });
  order(regular.id, "2026-01-01");
  order(regular.id, "2026-01-31");
  order(regular.id, "2026-03-02");
  return { rep, regular };
}

describe("reminders job: one repurchase reminder per cycle (SPEC §5)", () => {
  it("creates the reminder on its due day for the owner, and never a second one for the cycle", async () => {
    const { rep, regular } = await regularBuyer();
    // A cancelled order never counts: it would start a new cycle.
    order(regular.id, "2026-03-20", "cancelled");

    expect(run("2026-03-24")).toMatchObject({ due: 0, created: 0 });
    expect(remindersOf(regular.id)).toEqual([]);
    expect(customerRow(regular.id).expectedNextPurchaseOn).toBe("2026-04-01");

    expect(run("2026-03-25")).toMatchObject({ due: 1, created: 1 });
    run("2026-03-26");
    run("2026-03-27");
    run("2026-03-27");
    const [reminder, ...more] = remindersOf(regular.id);
    expect(more).toEqual([]);
    expect(reminder).toMatchObject({
      kind: "repurchase",
      ownerId: rep.id,
      status: "open",
      cycleKey: "2026-03-02",
      dueAt: startOf("2026-03-25"),
      priority: null,
    });
    expect(decodeReminderReason(reminder!.reason)).toMatchObject({
      code: "repurchase_own_cycle",
      cycleDays: 30,
      text: "Buys every 30 days (median gap over 3 purchase days); last purchase 2026-03-02, next purchase expected 2026-04-01 (expected in 7 days)",
    });
  });

  it("closes the open reminder when the customer orders, and reminds again in the next cycle", async () => {
    const { regular } = await regularBuyer();
    run("2026-03-25");
    // Imported, so the order model did not close the reminder itself: the job does.
    order(regular.id, "2026-03-28");

    // As of the day before, the order does not exist yet.
    expect(run("2026-03-27")).toMatchObject({ closedOrdered: 0 });
    expect(remindersOf(regular.id)[0].status).toBe("open");

    expect(run("2026-03-28")).toMatchObject({ closedOrdered: 1, created: 0 });
    const [closed] = remindersOf(regular.id);
    expect(closed).toMatchObject({ status: "done", outcome: "ordered", closedAt: context("2026-03-28").now });
    // Gaps 30, 30, 26 → cycle 30 → expected 2026-04-27, due 2026-04-20.
    expect(customerRow(regular.id).expectedNextPurchaseOn).toBe("2026-04-27");

    expect(run("2026-04-19")).toMatchObject({ created: 0 });
    expect(run("2026-04-20")).toMatchObject({ created: 1 });
    run("2026-04-21");
    const all = remindersOf(regular.id);
    expect(all.map((r) => [r.cycleKey, r.status])).toEqual([
      ["2026-03-02", "done"],
      ["2026-03-28", "open"],
    ]);
    expect(all[1].dueAt).toEqual(startOf("2026-04-20"));
  });

  it("does not raise a dismissed or done cycle again", async () => {
    const { regular } = await regularBuyer();
    run("2026-03-25");
    const [reminder] = remindersOf(regular.id);
    reminderModel.dismissReminder(database.db, reminder.id, new Date());
    run("2026-03-26");
    expect(remindersOf(regular.id)).toHaveLength(1);
  });

  it("leaves lapses of more than 365 days to reactivation, and uses the population cycle for one purchase", async () => {
    // Cycle 31 days, expected 2024-03-03: far more than 365 days before D.
    const lapsed = customer("Lapsed");
    order(lapsed.id, "2024-01-01");
    order(lapsed.id, "2024-02-01");
    const { regular } = await regularBuyer();
    // One purchase: the median of the own cycles (30 and 31 → 30.5, half up → 31 days).
    const once = customer("Once");
    order(once.id, "2026-02-10");
    const never = customer("Never");

    const figures = run("2026-03-25");
    expect(figures).toMatchObject({ populationCycleDays: 31, customersWithPurchases: 3, created: 2 });
    expect(remindersOf(lapsed.id)).toEqual([]);
    expect(remindersOf(regular.id)).toHaveLength(1);
    expect(remindersOf(once.id)).toEqual([
      expect.objectContaining({
        ownerId: null,
        cycleKey: "2026-02-10",
        dueAt: startOf("2026-03-06"),
      }),
    ]);
    expect(decodeReminderReason(remindersOf(once.id)[0]!.reason).text).toBe(
      "One purchase so far, on 2026-02-10; typical cycle 31 days (median over 2 customers); next purchase expected 2026-03-13 (12 days overdue)",
    );
    expect(customerRow(lapsed.id).expectedNextPurchaseOn).toBe("2024-03-03");
    expect(customerRow(once.id).expectedNextPurchaseOn).toBe("2026-03-13");
    expect(customerRow(never.id).expectedNextPurchaseOn).toBeNull();
  });

  it("ranks by P(alive) × expected order value where known, then by days overdue", async () => {
    const rep = await createUser(database.db, { email: "rep@example.com", role: "sales" });
    const make = (name: string, lastDay: string, clv: { pAlive: number; expectedOrderValueMinor: number } | null) => {
      const c = customer(name, { ownerId: rep.id, ...(clv ?? {}) });
      order(c.id, addDays(lastDay, -30));
      order(c.id, lastDay);
      return c;
    };
    // Cycle 30 for everyone; D = 2026-06-30.
    const small = make("Small", "2026-05-20", { pAlive: 0.9, expectedOrderValueMinor: 50_000 }); // 45,000
    const big = make("Big", "2026-05-25", { pAlive: 0.5, expectedOrderValueMinor: 200_000 }); // 100,000
    const lateUnknown = make("Late, unknown", "2026-04-01", null); // 60 days after due
    const recentUnknown = make("Recent, unknown", "2026-05-15", null);

    run("2026-06-30");
    expect(remindersOf(big.id)[0].priority).toBe(100_000);
    expect(remindersOf(small.id)[0].priority).toBe(45_000);
    expect(remindersOf(lateUnknown.id)[0].priority).toBeNull();
    expect(openRemindersFor(database.db, rep.id).map((r) => r.customer)).toEqual([
      "Big",
      "Small",
      "Late, unknown",
      "Recent, unknown",
    ]);
    const page = reminderModel.listReminders(database.db, rep, { page: 1 }, new Date());
    expect(page.rows.map((r) => r.customerId)).toEqual([big.id, small.id, lateUnknown.id, recentUnknown.id]);
  });

  it("re-opens a snoozed reminder when its day comes, and only then", async () => {
    const { regular } = await regularBuyer();
    run("2026-03-25");
    const [reminder] = remindersOf(regular.id);
    reminderModel.snoozeReminder(database.db, reminder.id, startOf("2026-03-30"), new Date());

    expect(run("2026-03-29")).toMatchObject({ reopenedFromSnooze: 0 });
    expect(remindersOf(regular.id)[0]).toMatchObject({ status: "snoozed", snoozedUntil: startOf("2026-03-30") });

    expect(run("2026-03-30")).toMatchObject({ reopenedFromSnooze: 1, created: 0 });
    expect(remindersOf(regular.id)[0]).toMatchObject({ status: "open", snoozedUntil: null });
  });

  it("changes nothing when run a second time for the same day", async () => {
    const { regular } = await regularBuyer();
    const once = customer("Once");
    order(once.id, "2026-02-10");
    run("2026-03-25");
    order(regular.id, "2026-03-28");
    const [reminder] = remindersOf(once.id);
    reminderModel.snoozeReminder(database.db, reminder.id, startOf("2026-03-29"), new Date());

    run("2026-03-30");
    const before = snapshot();
    expect(run("2026-03-30")).toMatchObject({
      created: 0,
      closedOrdered: 0,
      reopenedFromSnooze: 0,
      expectedNextPurchaseUpdated: 0,
    });
    expect(snapshot()).toEqual(before);
  });

  it("leaves every previous result in place when a write fails in the middle of the run", async () => {
    const { regular } = await regularBuyer();
    const once = customer("Once");
    order(once.id, "2026-02-10");
    run("2026-03-25");
    const [snoozed] = remindersOf(once.id);
    reminderModel.snoozeReminder(database.db, snoozed.id, startOf("2026-03-29"), new Date());
    order(regular.id, "2026-03-28");
    const before = snapshot();

    // Closing and re-opening are written before the inserts: the failure comes after them.
    vi.spyOn(reminderModel, "insertReminders").mockImplementationOnce(() => {
      throw new Error("disk I/O error");
    });
    expect(() => run("2026-04-25")).toThrow("disk I/O error");
    expect(snapshot()).toEqual(before);

    expect(run("2026-04-25")).toMatchObject({ closedOrdered: 1, reopenedFromSnooze: 1, created: 1 });
  });
});

describe("crm export reminders", () => {
  it("writes every reminder as CSV with the SPEC's columns and UTC due times", async () => {
    const { regular } = await regularBuyer();
    database.db.update(customers).set({ externalId: "C-001" }).where(eq(customers.id, regular.id)).run();
    const once = customer("Once, with a comma");
    order(once.id, "2026-02-10");
    run("2026-03-25");
    const [first] = remindersOf(regular.id);
    const [second] = remindersOf(once.id);

    const out: string[] = [];
    vi.spyOn(process.stdout, "write").mockImplementation((chunk) => (out.push(String(chunk)), true));
    await reminderCommands["export reminders"]([]);
    const lines = out.join("").trimEnd().split("\n");
    expect(lines[0]).toBe("id,kind,customer_external_id,owner_email,due_at,status,reason");
    const rows = [first, second].sort((a, b) => a.id - b.id);
    expect(lines).toHaveLength(3);
    expect(lines[rows.indexOf(first) + 1]).toBe(
      `${first.id},repurchase,C-001,rep@example.com,2026-03-24T16:00:00.000Z,open,` +
        `"Buys every 30 days (median gap over 3 purchase days); last purchase 2026-03-02, next purchase expected 2026-04-01 (expected in 7 days)"`,
    );
    // Population cycle 30 days (Regular's): expected 2026-03-12, due 2026-03-05 (starts 16:00 UTC the day before).
    expect(lines[rows.indexOf(second) + 1]).toMatch(
      new RegExp(`^${second.id},repurchase,,,2026-03-04T16:00:00\\.000Z,open,"One purchase`),
    );
  });

  it("refuses arguments", async () => {
    await expect(reminderCommands["export reminders"](["extra"])).rejects.toBeInstanceOf(UsageError);
    await expect(reminderCommands["export reminders"](["--status", "open"])).rejects.toBeInstanceOf(UsageError);
  });
});
