import { eq } from "drizzle-orm";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { OpenDatabase } from "~db/client.server";
import { channelId, createCustomer, createInquiry, createOrder, createQuote, createUser, type User } from "~db/factories";
import { channelSpend, orders, quotes } from "~db/schema";
import { DEFAULT_SETTINGS } from "~/schemas/settings";
import { reportFunnelCommands } from "../../jobs/commands/report-funnel";
import { UsageError } from "../../jobs/cli";
import { createTestDb } from "../../test/helpers";
import { refreshQueuedFunnelFacts } from "./funnel-facts.server";
import { channelRevenueSql, funnelReport as readFunnelReport, splitSql, stageCountsSql } from "./funnel-report.server";

// The report reads the per-inquiry facts the SLA job's pass stores; the pass runs first, as the
// job does every minute.
const funnelReport: typeof readFunnelReport = (db, options) => {
  refreshQueuedFunnelFacts(db);
  return readFunnelReport(db, options);
};

/** An instant given as team-local time (Asia/Shanghai, UTC+8 all year). */
const local = (text: string) => new Date(`${text}+08:00`);
const DAY = 86_400_000;

let database: OpenDatabase;
let svc: User;
let rep: User;

/**
 * The fixture, computed by hand (cohort: inquiries received 2026-03-01 … 2026-03-31, Shanghai):
 *
 * | inq | channel | customer | received (local)  | responded | quoted                     | won (first won order)               | repeat                          |
 * |-----|---------|----------|-------------------|-----------|----------------------------|-------------------------------------|---------------------------------|
 * | I1  | alibaba | A (DE)   | 03-02 10:00       | yes       | Q1 sent                    | O1 via Q1, 03-12 10:00 (+10 d) 1,000.00 | yes: A's O5 on 06-01          |
 * | I2  | alibaba | B (US)   | 03-05 09:00       | yes       | Q2 rejected                | no                                  | –                               |
 * | I3  | alibaba | C (DE)   | 03-31 23:30       | yes       | no quote                   | O3 direct, 04-04 23:30 (+4 d) 500 EUR = 542.50 | no: next at +365 d 1 min; cancelled one inside |
 * | I4  | website | D (–)    | 03-10 12:00       | yes       | Q4 expired, sent_at null   | O4 via Q4 only, 03-20 12:00 (+10 d) 2,000.00 | yes: D's order at exactly +365 d |
 * | I5  | website | E (US)   | 03-15 08:00       | no        | Q5 draft (not sent)        | no                                  | –                               |
 * | I8  | email   | A (DE)   | 03-20 16:00       | yes       | Q8 sent                    | no: O8 cancelled                    | –                               |
 * | I9  | alibaba | B (US)   | 03-25 11:00       | yes       | Q9 accepted                | O9 (inquiry + quote), 03-31 11:00 (+6 d) 3,000.00; O9b +30 d 1,500.00 | yes: O9b |
 *
 * Left out: I6 (spam, in the period), I7 (2026-02-28 23:59 local), I11 (2026-04-01 00:00 local).
 *
 * received 7 · responded 6 · quoted 5 · won 4 · repeat 3; days to won 4, 6, 10, 10 → median 8.
 * Spend (March): alibaba 3,100.00 USD; website 7,000.00 CNY at 0.1390 = 973.00 USD; trade_show
 * 500.00 USD; nothing for email. February and April spend must not count for March.
 */
beforeEach(async () => {
  database = createTestDb();
  const { db } = database;
  svc = await createUser(db, { role: "service", email: "svc@test.example" });
  rep = await createUser(db, { role: "sales", email: "rep@test.example" });
  const customer = (name: string, country: string | null) =>
    createCustomer(db, { name, country, createdAt: local("2025-01-01T00:00:00") });
  const A = customer("A", "DE");
  const B = customer("B", "US");
  const C = customer("C", "DE");
  const D = customer("D", null);
  const E = customer("E", "US");
  const answered = (at: string) => ({ firstResponse: { at: local(at), by: svc.id } });

  // I1: quoted, won through its quote, repeat.
  const i1 = createInquiry(db, {
    channel: "alibaba",
    customerId: A.id,
    assigneeId: svc.id,
    receivedAt: local("2026-03-02T10:00:00"),
    ...answered("2026-03-02T10:05:00"),
  });
  const q1 = createQuote(db, { customerId: A.id, inquiryId: i1.id, status: "sent", createdAt: local("2026-03-03T10:00:00") });
  createOrder(db, { quoteId: q1.id, inquiryId: null, totalMinor: 100_000, orderedAt: local("2026-03-12T10:00:00") });
  db.update(orders).set({ inquiryId: null }).where(eq(orders.quoteId, q1.id)).run();
  createOrder(db, { customerId: A.id, totalMinor: 70_000, orderedAt: local("2026-06-01T10:00:00") }); // O5

  // I2: quoted (rejected), not won.
  const i2 = createInquiry(db, {
    channel: "alibaba",
    customerId: B.id,
    assigneeId: rep.id,
    receivedAt: local("2026-03-05T09:00:00"),
    ...answered("2026-03-05T09:01:00"),
  });
  createQuote(db, { customerId: B.id, inquiryId: i2.id, status: "rejected", createdAt: local("2026-03-06T09:00:00") });

  // I3: won by a direct order (no quote); the next order is 365 days and 1 minute later.
  const i3 = createInquiry(db, {
    channel: "alibaba",
    customerId: C.id,
    assigneeId: svc.id,
    receivedAt: local("2026-03-31T23:30:00"),
    ...answered("2026-04-01T09:00:00"),
  });
  createOrder(db, {
    customerId: C.id,
    inquiryId: i3.id,
    currency: "EUR",
    fxRate: "1.0850",
    totalMinor: 50_000,
    orderedAt: local("2026-04-04T23:30:00"),
  });
  createOrder(db, { customerId: C.id, totalMinor: 10_000, status: "cancelled", orderedAt: local("2026-05-01T10:00:00") });
  createOrder(db, {
    customerId: C.id,
    totalMinor: 10_000,
    orderedAt: new Date(local("2026-04-04T23:30:00").getTime() + 365 * DAY + 60_000),
  });

  // I4: quoted by an expired quote whose sent_at is missing; won only through that quote; the
  // customer's next order is exactly 365 days after.
  const i4 = createInquiry(db, {
    channel: "website",
    customerId: D.id,
    receivedAt: local("2026-03-10T12:00:00"),
    ...answered("2026-03-10T13:00:00"),
  });
  const q4 = createQuote(db, { customerId: D.id, inquiryId: i4.id, status: "expired", createdAt: local("2026-03-11T12:00:00") });
  db.update(quotes).set({ sentAt: null }).where(eq(quotes.id, q4.id)).run();
  const o4 = createOrder(db, { quoteId: q4.id, totalMinor: 200_000, orderedAt: local("2026-03-20T12:00:00") });
  db.update(orders).set({ inquiryId: null }).where(eq(orders.id, o4.id)).run();
  createOrder(db, { customerId: D.id, totalMinor: 5_000, orderedAt: new Date(o4.orderedAt.getTime() + 365 * DAY) });

  // I5: unanswered, only a draft quote.
  const i5 = createInquiry(db, { channel: "website", customerId: E.id, receivedAt: local("2026-03-15T08:00:00") });
  createQuote(db, { customerId: E.id, inquiryId: i5.id, status: "draft", createdAt: local("2026-03-16T08:00:00") });

  // I8: quoted, but its only order was cancelled.
  const i8 = createInquiry(db, {
    channel: "email",
    customerId: A.id,
    receivedAt: local("2026-03-20T16:00:00"),
    ...answered("2026-03-20T16:10:00"),
  });
  const q8 = createQuote(db, { customerId: A.id, inquiryId: i8.id, status: "sent", createdAt: local("2026-03-21T10:00:00") });
  createOrder(db, { quoteId: q8.id, totalMinor: 999_900, status: "cancelled", orderedAt: local("2026-03-22T10:00:00") });

  // I9: an order linked both ways (counted once), and a second order from the same inquiry.
  const i9 = createInquiry(db, {
    channel: "alibaba",
    customerId: B.id,
    assigneeId: rep.id,
    receivedAt: local("2026-03-25T11:00:00"),
    ...answered("2026-03-25T11:00:20"),
  });
  const q9 = createQuote(db, { customerId: B.id, inquiryId: i9.id, status: "accepted", createdAt: local("2026-03-26T11:00:00") });
  createOrder(db, { quoteId: q9.id, inquiryId: i9.id, totalMinor: 300_000, orderedAt: local("2026-03-31T11:00:00") });
  createOrder(db, { customerId: B.id, inquiryId: i9.id, totalMinor: 150_000, orderedAt: local("2026-04-30T11:00:00") });

  // Outside the cohort: spam in the period, won inquiries just before and just after it.
  const i6 = createInquiry(db, {
    channel: "alibaba",
    customerId: B.id,
    status: "spam",
    receivedAt: local("2026-03-06T10:00:00"),
  });
  createOrder(db, { customerId: B.id, inquiryId: i6.id, totalMinor: 1_000, orderedAt: local("2026-03-07T10:00:00") });
  const i7 = createInquiry(db, {
    channel: "alibaba",
    customerId: A.id,
    receivedAt: local("2026-02-28T23:59:00"),
    ...answered("2026-03-01T09:00:00"),
  });
  createOrder(db, { customerId: A.id, inquiryId: i7.id, totalMinor: 2_000, orderedAt: local("2026-03-02T10:00:00") });
  const i11 = createInquiry(db, {
    channel: "website",
    customerId: E.id,
    receivedAt: local("2026-04-01T00:00:00"),
    ...answered("2026-04-01T09:00:00"),
  });
  createOrder(db, { customerId: E.id, inquiryId: i11.id, totalMinor: 3_000, orderedAt: local("2026-04-02T10:00:00") });

  const spend = (month: string, key: string, amountMinor: number, currency = "USD", fxRate = "1") =>
    db
      .insert(channelSpend)
      .values({ month, channelId: channelId(db, key), amountMinor, currency, fxRate })
      .run();
  spend("2026-02", "alibaba", 999_900);
  spend("2026-03", "alibaba", 310_000);
  spend("2026-04", "alibaba", 500_000);
  spend("2026-03", "website", 700_000, "CNY", "0.1390");
  spend("2026-03", "trade_show", 50_000);
});

const settings = DEFAULT_SETTINGS;

describe("funnel report", () => {
  it("counts every stage of the cohort, with conversions", () => {
    const report = funnelReport(database.db, { from: "2026-03-01", to: "2026-03-31", settings });
    expect(report.stages).toEqual([
      { stage: "received", count: 7, fromPrevious: null, fromReceived: 1 },
      { stage: "responded", count: 6, fromPrevious: 6 / 7, fromReceived: 6 / 7 },
      { stage: "quoted", count: 5, fromPrevious: 5 / 6, fromReceived: 5 / 7 },
      { stage: "won", count: 4, fromPrevious: 4 / 5, fromReceived: 4 / 7 },
      { stage: "repeat", count: 3, fromPrevious: 3 / 4, fromReceived: 3 / 7 },
    ]);
    expect(report.currency).toBe("USD");
  });

  it("gives the median days from received to the first won order", () => {
    // 4, 6, 10, 10 days: the mean of the two middle values.
    expect(funnelReport(database.db, { from: "2026-03-01", to: "2026-03-31", settings }).medianDaysToWon).toBe(8);
    // I1 (10), I4 (10), I9 (6): the middle value.
    expect(funnelReport(database.db, { from: "2026-03-01", to: "2026-03-30", settings }).medianDaysToWon).toBe(10);
    // Nothing won: null.
    expect(funnelReport(database.db, { from: "2026-03-13", to: "2026-03-24", settings }).medianDaysToWon).toBeNull();
  });

  it("takes the earliest won order as the first, and the repeat window from it", () => {
    // Moving O9b (1,500.00) before O9 makes it I9's first won order: 2 days to won, and O9,
    // four days later, is then the repeat.
    const { db } = database;
    db.update(orders)
      .set({ orderedAt: local("2026-03-27T11:00:00") })
      .where(eq(orders.totalMinor, 150_000))
      .run();
    const report = funnelReport(db, { from: "2026-03-25", to: "2026-03-25", settings });
    expect(report.stages.map((s) => s.count)).toEqual([1, 1, 1, 1, 1]);
    expect(report.medianDaysToWon).toBe(2);
    // A cancelled first order does not count: cancelling O9b makes O9 the first again.
    db.update(orders).set({ status: "cancelled" }).where(eq(orders.totalMinor, 150_000)).run();
    const after = funnelReport(db, { from: "2026-03-25", to: "2026-03-25", settings });
    expect(after.stages.map((s) => s.count)).toEqual([1, 1, 1, 1, 0]);
    expect(after.medianDaysToWon).toBe(6);
  });

  it("computes channel economics: revenue of won orders, spend of the period, CPA and ROAS", () => {
    const report = funnelReport(database.db, { from: "2026-03-01", to: "2026-03-31", settings });
    const byKey = Object.fromEntries(report.byChannel.map((c) => [c.channel, c]));
    expect(Object.keys(byKey).sort()).toEqual(["alibaba", "email", "trade_show", "website"]);
    expect(byKey.alibaba).toMatchObject({
      inquiries: 4,
      won: 3,
      revenueMinor: 100_000 + 54_250 + 300_000 + 150_000,
      spendMinor: 310_000,
      cpaMinor: 77_500,
      costPerWonMinor: 103_333,
      roas: 604_250 / 310_000,
    });
    expect(byKey.website).toMatchObject({
      inquiries: 2,
      won: 1,
      revenueMinor: 200_000,
      spendMinor: 97_300,
      cpaMinor: 48_650,
      costPerWonMinor: 97_300,
      roas: 200_000 / 97_300,
    });
    expect(byKey.email).toMatchObject({
      inquiries: 1,
      won: 0,
      revenueMinor: 0,
      spendMinor: 0,
      cpaMinor: null,
      costPerWonMinor: null,
      roas: null,
    });
    expect(byKey.trade_show).toMatchObject({
      inquiries: 0,
      won: 0,
      revenueMinor: 0,
      spendMinor: 50_000,
      cpaMinor: null,
      costPerWonMinor: null,
      roas: 0,
    });
  });

  it("spreads partial months' spend by days", () => {
    // 16 March … 15 April: alibaba 3,100.00 × 16/31 + 5,000.00 × 15/30 = 1,600.00 + 2,500.00.
    const report = funnelReport(database.db, { from: "2026-03-16", to: "2026-04-15", settings });
    const alibaba = report.byChannel.find((c) => c.channel === "alibaba")!;
    expect(alibaba.spendMinor).toBe(410_000);
    // Cohort: I3, I9 → CPA 2,050.00; I3 and I9 won → revenue 542.50 + 3,000.00 + 1,500.00.
    expect(alibaba).toMatchObject({ inquiries: 2, won: 2, cpaMinor: 205_000, revenueMinor: 504_250 });
    // website: 973.00 × 16/31 = 502.193… → 502.19; its only inquiry is I11 (1 April).
    expect(report.byChannel.find((c) => c.channel === "website")).toMatchObject({
      inquiries: 1,
      spendMinor: 50_219,
      cpaMinor: 50_219,
    });
  });

  it("splits the stages by channel, assignee, country and product", () => {
    const base = { from: "2026-03-01", to: "2026-03-31", settings };
    const counts = (split: "channel" | "assignee" | "country" | "product") =>
      Object.fromEntries(
        funnelReport(database.db, { ...base, split }).split!.groups.map((g) => [
          g.key ?? "(none)",
          [...g.stages.map((s) => s.count), g.medianDaysToWon],
        ]),
      );
    expect(counts("channel")).toEqual({
      alibaba: [4, 4, 3, 3, 2, 6],
      website: [2, 1, 1, 1, 1, 10],
      email: [1, 1, 1, 0, 0, null],
    });
    expect(counts("assignee")).toEqual({
      "svc@test.example": [2, 2, 1, 2, 1, 7],
      "rep@test.example": [2, 2, 2, 1, 1, 6],
      "(none)": [3, 2, 2, 1, 1, 10],
    });
    expect(counts("country")).toEqual({
      DE: [3, 3, 2, 2, 1, 7],
      US: [3, 2, 2, 1, 1, 6],
      "(none)": [1, 1, 1, 1, 1, 10],
    });
    expect(counts("product")).toEqual({ "(none)": [7, 6, 5, 4, 3, 8] });
    const groups = funnelReport(database.db, { ...base, split: "channel" }).split!.groups;
    expect(groups.map((g) => g.key)).toEqual(["alibaba", "website", "email"]);
    expect(groups[0].label).toBe("Alibaba.com");
  });

  it("counts an empty period as zeros and nulls", () => {
    const report = funnelReport(database.db, { from: "2025-01-01", to: "2025-01-31", settings });
    expect(report.stages.map((s) => [s.count, s.fromPrevious, s.fromReceived])).toEqual([
      [0, null, null],
      [0, null, null],
      [0, null, null],
      [0, null, null],
      [0, null, null],
    ]);
    expect(report.medianDaysToWon).toBeNull();
    expect(report.byChannel).toEqual([]);
  });

  it("refuses a period that ends before it starts", () => {
    expect(() => funnelReport(database.db, { from: "2026-03-02", to: "2026-03-01", settings })).toThrow(RangeError);
    expect(() => funnelReport(database.db, { from: "2026-02-30", to: "2026-03-01", settings })).toThrow(RangeError);
  });
});

describe("revenue of orders linked to two inquiries", () => {
  // June 2026 cohorts, beside the March fixture. S is an order linked to X1 directly and to X2
  // through X2's quote (both alibaba); C is linked to X4 (alibaba, May) directly and to X3
  // (website, June) through X3's quote; X1 has an order of its own too.
  let x1: number;
  let sharedOrder: number;
  beforeEach(() => {
    const { db } = database;
    const buyer = createCustomer(db, { name: "Shared buyer" });
    const inquiry = (channel: string, at: string) =>
      createInquiry(db, { channel, customerId: buyer.id, receivedAt: local(at) }).id;
    x1 = inquiry("alibaba", "2026-06-02T10:00:00");
    const x2 = inquiry("alibaba", "2026-06-03T10:00:00");
    const x3 = inquiry("website", "2026-06-04T10:00:00");
    const x4 = inquiry("alibaba", "2026-05-20T10:00:00");
    const q2 = createQuote(db, { customerId: buyer.id, inquiryId: x2, status: "sent", createdAt: local("2026-06-05T10:00:00") });
    const q3 = createQuote(db, { customerId: buyer.id, inquiryId: x3, status: "sent", createdAt: local("2026-06-05T10:00:00") });
    sharedOrder = createOrder(db, {
      quoteId: q2.id,
      inquiryId: x1,
      totalMinor: 100_000,
      orderedAt: local("2026-06-10T10:00:00"),
    }).id;
    createOrder(db, { customerId: buyer.id, inquiryId: x1, totalMinor: 20_000, orderedAt: local("2026-06-11T10:00:00") });
    createOrder(db, { quoteId: q3.id, inquiryId: x4, totalMinor: 7_000, orderedAt: local("2026-06-12T10:00:00") });
  });

  const revenue = (from: string, to: string) =>
    Object.fromEntries(
      funnelReport(database.db, { from, to, settings: DEFAULT_SETTINGS })
        .byChannel.filter((row) => row.revenueMinor > 0)
        .map((row) => [row.channel, row.revenueMinor]),
    );

  it("counts an order once per channel whichever of its inquiries are in the cohort", () => {
    expect(revenue("2026-06-01", "2026-06-30")).toEqual({ alibaba: 120_000, website: 7_000 });
    expect(revenue("2026-05-01", "2026-06-30")).toEqual({ alibaba: 127_000, website: 7_000 });
    expect(revenue("2026-06-03", "2026-06-03")).toEqual({ alibaba: 100_000 });
    expect(revenue("2026-05-20", "2026-05-20")).toEqual({ alibaba: 7_000 });
  });

  it("stores each inquiry's total and whether an order is shared, and follows a cancellation at the next pass", () => {
    const facts = () =>
      database.sqlite
        .prepare(
          "select won_revenue_minor as revenue, won_order_shared as shared from inquiries where received_at >= ? order by received_at",
        )
        .all(local("2026-05-01T00:00:00").getTime());
    refreshQueuedFunnelFacts(database.db);
    // X4, X1, X2, X3 by received time.
    expect(facts()).toEqual([
      { revenue: 7_000, shared: 1 },
      { revenue: 120_000, shared: 1 },
      { revenue: 100_000, shared: 1 },
      { revenue: 7_000, shared: 1 },
    ]);
    database.db.update(orders).set({ status: "cancelled" }).where(eq(orders.id, sharedOrder)).run();
    expect(revenue("2026-06-01", "2026-06-30")).toEqual({ alibaba: 20_000, website: 7_000 });
    expect(facts()[1]).toEqual({ revenue: 20_000, shared: 0 });
    expect(facts()[2]).toEqual({ revenue: 0, shared: 0 });
  });
});

describe("report funnel command", () => {
  let out: string[];
  beforeEach(() => {
    out = [];
    vi.spyOn(console, "log").mockImplementation((...args) => void out.push(args.join(" ")));
  });
  afterEach(() => vi.restoreAllMocks());
  const command = reportFunnelCommands["report funnel"];

  it("prints SPEC §9's JSON with money in major units", async () => {
    await command(["--from", "2026-03-01", "--to", "2026-03-31", "--json"]);
    const json = JSON.parse(out.join("\n"));
    expect(json).toMatchObject({ from: "2026-03-01", to: "2026-03-31", currency: "USD", medianDaysToWon: 8 });
    expect(json.stages.map((s: { stage: string; count: number }) => [s.stage, s.count])).toEqual([
      ["received", 7],
      ["responded", 6],
      ["quoted", 5],
      ["won", 4],
      ["repeat", 3],
    ]);
    const alibaba = json.byChannel.find((c: { channel: string }) => c.channel === "alibaba");
    expect(alibaba).toEqual({
      channel: "alibaba",
      inquiries: 4,
      won: 3,
      revenue: 6042.5,
      spend: 3100,
      cpa: 775,
      costPerWon: 1033.33,
      roas: 604_250 / 310_000,
    });
    const email = json.byChannel.find((c: { channel: string }) => c.channel === "email");
    expect(email).toEqual({
      channel: "email",
      inquiries: 1,
      won: 0,
      revenue: 0,
      spend: 0,
      cpa: null,
      costPerWon: null,
      roas: null,
    });
    expect(json.split).toBeUndefined();
  });

  it("adds a split with --by", async () => {
    await command(["--from", "2026-03-01", "--to", "2026-03-31", "--json", "--by", "country"]);
    const json = JSON.parse(out.join("\n"));
    expect(json.split.by).toBe("country");
    expect(json.split.groups[0]).toMatchObject({ key: "DE", stages: [{ stage: "received", count: 3 }, {}, {}, {}, {}] });
  });

  it("prints a readable report without --json", async () => {
    await command(["--from", "2026-03-01", "--to", "2026-03-31"]);
    const text = out.join("\n");
    expect(text).toContain("Funnel of the inquiries received 2026-03-01 to 2026-03-31 (Asia/Shanghai); money in USD");
    expect(text).toMatch(/received\s+7\s+100\.0%/);
    expect(text).toMatch(/repeat\s+3\s+75\.0%\s+42\.9%/);
    expect(text).toContain("Median days from received to won: 8.00");
    expect(text).toMatch(/alibaba\s+4\s+3\s+6,042\.50\s+3,100\.00\s+775\.00\s+1,033\.33\s+1\.95/);
    expect(text).toMatch(/email\s+1\s+0\s+0\.00\s+0\.00\s+–\s+–\s+–/);
  });

  it.each([
    [["--to", "2026-03-31"], "--from: is required (YYYY-MM-DD)"],
    [["--from", "2026-03-01"], "--to: is required (YYYY-MM-DD)"],
    [["--from", "2026-02-30", "--to", "2026-03-31"], '--from: must be a date as YYYY-MM-DD, got "2026-02-30"'],
    [["--from", "2026-03-31", "--to", "2026-03-01"], "--from (2026-03-31) must not be after --to (2026-03-01)"],
    [
      ["--from", "2026-03-01", "--to", "2026-03-31", "--by", "colour"],
      "--by: must be one of channel, assignee, country, product",
    ],
    [["--from", "2026-03-01", "--to", "2026-03-31", "extra"], "unexpected argument: extra"],
  ])("refuses %j with a usage error", async (args, message) => {
    await expect(command(args)).rejects.toThrow(new UsageError(message));
    await expect(command(args)).rejects.toBeInstanceOf(UsageError);
  });
});

describe("the cohort's stage counts", () => {
  const cohortOf = (from: string, to: string) => ({
    from,
    to,
    start: new Date(`${from}T00:00:00+08:00`).getTime(),
    end: new Date(`${to}T00:00:00+08:00`).getTime() + 86_400_000,
  });
  const counted = (cohort: ReturnType<typeof cohortOf>, by: "channel" | "assignee", fromInquiries: boolean) => {
    const split = fromInquiries ? { ...splitSql(by), daily: null } : splitSql(by);
    return database.db.all(stageCountsSql(cohort, split));
  };

  it("by channel and assignee come from the daily roll-up, not from the inquiries", () => {
    for (const by of ["channel", "assignee"] as const) {
      const { sql: text, params } = new SQLiteSyncDialect().sqlToQuery(
        stageCountsSql(cohortOf("2026-03-01", "2026-03-31"), splitSql(by)),
      );
      const plan = (database.sqlite.prepare(`EXPLAIN QUERY PLAN ${text}`).all(...params) as { detail: string }[])
        .map((row) => row.detail)
        .join(" | ");
      expect(plan).toContain("funnel_daily");
      expect(plan).not.toMatch(/\binquiries\b/);
    }
  });

  it("revenue runs from the period's won inquiries to their quotes and orders, even when statistics say few orders have a quote", () => {
    // Statistics as ANALYZE leaves them on a log of 300,000 orders none of which came from a quote.
    const sqlite = database.sqlite;
    sqlite.exec("ANALYZE");
    sqlite.exec("DELETE FROM sqlite_stat1 WHERE tbl IN ('orders', 'inquiries')");
    const stat = sqlite.prepare("INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (?, ?, ?)");
    for (const [table, index, figures] of [
      ["orders", "orders_quote_idx", "300000 300000 300000 300000"],
      ["orders", "orders_inquiry_idx", "300000 6 6 6"],
      ["orders", "orders_status_ordered_idx", "300000 100000 2"],
      ["inquiries", "inquiries_won_idx", "50000 2 1 1 1"],
      ["inquiries", "inquiries_received_idx", "1000000 1"],
    ])
      stat.run(table, index, figures);
    sqlite.exec("ANALYZE sqlite_schema");
    const { sql: text, params } = new SQLiteSyncDialect().sqlToQuery(channelRevenueSql(0, 2 ** 42));
    const plan = (sqlite.prepare(`EXPLAIN QUERY PLAN ${text}`).all(...params) as { detail: string }[]).map((row) => row.detail);
    // From the indexes alone: an order's status and base total are in them.
    expect(plan).toContain("SEARCH o USING COVERING INDEX orders_quote_idx (quote_id=?)");
    expect(plan).toContain("SEARCH o USING COVERING INDEX orders_inquiry_idx (inquiry_id=?)");
    expect(plan.filter((step) => step.startsWith("SCAN o"))).toEqual([]);
    // The stored totals and both halves of the shared orders' walk start from the period's won
    // inquiries, never from a walk of every inquiry.
    expect(plan.filter((step) => step.startsWith("SEARCH i USING INDEX inquiries_won_idx"))).toHaveLength(3);
    expect(plan.filter((step) => step.startsWith("SCAN i"))).toEqual([]);
  });

  it("equal the inquiries' own counts after every kind of change, day by day and over the whole log", () => {
    // A seeded sequence of inserts, answers, quotes, wins, repeats, reassignments, moves between
    // channels and days, spam and deletions: the roll-up the triggers keep must agree each time.
    let seed = 20261204;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pick = <T>(values: readonly T[]) => values[Math.floor(next() * values.length)]!;
    const sqlite = database.sqlite;
    const channelIds = (sqlite.prepare("select id from channels").all() as { id: number }[]).map((row) => row.id);
    const assigneeIds = [null, svc.id, rep.id];
    const days = ["2026-02-28", "2026-03-01", "2026-03-15", "2026-03-31", "2026-04-01"];
    const ids: number[] = [];
    const agree = () => {
      for (const [from, to] of [
        ["2026-03-01", "2026-03-31"],
        ["2026-03-15", "2026-03-15"],
        ["2000-01-01", "2099-12-31"],
      ] as const) {
        for (const by of ["channel", "assignee"] as const) {
          const cohort = cohortOf(from, to);
          expect(counted(cohort, by, false), `${by} ${from}..${to}`).toEqual(counted(cohort, by, true));
        }
      }
    };
    for (let step = 0; step < 400; step++) {
      const kind = ids.length < 20 ? 0 : Math.floor(next() * 9);
      const id = ids.length ? pick(ids) : 0;
      const set = (assignments: string, ...params: unknown[]) =>
        sqlite.prepare(`update inquiries set ${assignments} where id = ?`).run(...params, id);
      if (kind === 0) {
        const day = pick(days);
        const inquiry = createInquiry(database.db, {
          receivedAt: new Date(`${day}T${String(Math.floor(next() * 24)).padStart(2, "0")}:30:00+08:00`),
        });
        sqlite
          .prepare("update inquiries set channel_id = ?, assignee_id = ? where id = ?")
          .run(pick(channelIds), pick(assigneeIds), inquiry.id);
        ids.push(inquiry.id);
      } else if (kind === 1)
        set("first_response_at = case when first_response_at is null then received_at + 60000 else null end");
      else if (kind === 2) set("funnel_quoted = 1 - funnel_quoted");
      else if (kind === 3) set("won_at = case when won_at is null then received_at + 86400000 else null end");
      else if (kind === 4) set("funnel_repeat = 1 - funnel_repeat");
      else if (kind === 5) set("assignee_id = ?", pick(assigneeIds));
      else if (kind === 6) {
        // A move to another channel and day (received_at and its team day together, as every writer keeps them).
        const day = pick(days);
        set(
          "channel_id = ?, received_at = ?, received_day = ?",
          pick(channelIds),
          new Date(`${day}T12:00:00+08:00`).getTime(),
          day,
        );
      } else if (kind === 7) set("status = case when status = 'spam' then 'new' else 'spam' end");
      else {
        sqlite.prepare("delete from messages where inquiry_id = ?").run(id);
        sqlite.prepare("delete from inquiries where id = ?").run(id);
        ids.splice(ids.indexOf(id), 1);
      }
      if (step % 40 === 39) agree();
    }
    agree();
  });
});
