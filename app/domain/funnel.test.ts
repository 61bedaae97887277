import { describe, expect, it } from "vitest";
import {
  channelEconomics,
  daysInMonth,
  daysOfMonthInPeriod,
  funnelStages,
  monthOf,
  ratio,
  spendInPeriodMinor,
  type MonthSpend,
} from "./funnel";

describe("funnel stages", () => {
  it("gives each stage's count, conversion from the previous stage and from received", () => {
    const stages = funnelStages({ received: 200, responded: 180, quoted: 90, won: 30, repeat: 12 });
    expect(stages).toEqual([
      { stage: "received", count: 200, fromPrevious: null, fromReceived: 1 },
      { stage: "responded", count: 180, fromPrevious: 0.9, fromReceived: 0.9 },
      { stage: "quoted", count: 90, fromPrevious: 0.5, fromReceived: 0.45 },
      { stage: "won", count: 30, fromPrevious: 30 / 90, fromReceived: 0.15 },
      { stage: "repeat", count: 12, fromPrevious: 0.4, fromReceived: 0.06 },
    ]);
  });

  it("is null wherever the denominator is 0", () => {
    expect(
      funnelStages({ received: 0, responded: 0, quoted: 0, won: 0, repeat: 0 }).map((s) => [s.fromPrevious, s.fromReceived]),
    ).toEqual([
      [null, null],
      [null, null],
      [null, null],
      [null, null],
      [null, null],
    ]);
    const noQuotes = funnelStages({ received: 4, responded: 3, quoted: 0, won: 1, repeat: 0 });
    expect(noQuotes[2]).toMatchObject({ count: 0, fromPrevious: 0, fromReceived: 0 });
    // An order taken without a sent quote: won exceeds quoted, shown as it is.
    expect(noQuotes[3]).toMatchObject({ count: 1, fromPrevious: null, fromReceived: 0.25 });
    expect(noQuotes[4]).toMatchObject({ count: 0, fromPrevious: 0 });
  });

  it("refuses counts that are not whole numbers", () => {
    expect(() => funnelStages({ received: -1, responded: 0, quoted: 0, won: 0, repeat: 0 })).toThrow(RangeError);
    expect(() => funnelStages({ received: 1.5, responded: 0, quoted: 0, won: 0, repeat: 0 })).toThrow(RangeError);
  });

  it("ratio is null on a zero denominator", () => {
    expect(ratio(3, 4)).toBe(0.75);
    expect(ratio(0, 0)).toBeNull();
  });
});

describe("channel economics", () => {
  it("CPA = spend / inquiries, cost per won = spend / won, ROAS = revenue / spend", () => {
    // 3,000.00 spent, 40 inquiries, 6 won, 12,345.67 revenue.
    expect(channelEconomics({ inquiries: 40, won: 6, revenueMinor: 1_234_567, spendMinor: 300_000 })).toEqual({
      cpaMinor: 7_500,
      costPerWonMinor: 50_000,
      roas: 1_234_567 / 300_000,
    });
  });

  it("rounds per-count costs half up to minor units", () => {
    // 100.00 / 3 = 33.333… → 33.33; 100.01 / 2 = 50.005 → 50.01
    expect(channelEconomics({ inquiries: 3, won: 2, revenueMinor: 0, spendMinor: 10_000 })).toMatchObject({
      cpaMinor: 3_333,
      costPerWonMinor: 5_000,
      roas: 0,
    });
    expect(channelEconomics({ inquiries: 2, won: 2, revenueMinor: 0, spendMinor: 10_001 }).cpaMinor).toBe(5_001);
  });

  it("is null without spend, and per-count costs are null without the count", () => {
    expect(channelEconomics({ inquiries: 10, won: 2, revenueMinor: 50_000, spendMinor: 0 })).toEqual({
      cpaMinor: null,
      costPerWonMinor: null,
      roas: null,
    });
    expect(channelEconomics({ inquiries: 0, won: 0, revenueMinor: 0, spendMinor: 20_000 })).toEqual({
      cpaMinor: null,
      costPerWonMinor: null,
      roas: 0,
    });
  });
});

describe("spend of a period", () => {
  const usd = (month: string, amountMinor: number): MonthSpend => ({ month, amountMinor, currency: "USD", fxRate: "1" });

  it("knows months and days", () => {
    expect(monthOf("2026-02-14")).toBe("2026-02");
    expect(daysInMonth("2026-02")).toBe(28);
    expect(daysInMonth("2028-02")).toBe(29);
    expect(daysInMonth("2026-12")).toBe(31);
    expect(daysOfMonthInPeriod("2026-01", "2026-01-15", "2026-02-14")).toBe(17);
    expect(daysOfMonthInPeriod("2026-02", "2026-01-15", "2026-02-14")).toBe(14);
    expect(daysOfMonthInPeriod("2026-03", "2026-01-15", "2026-02-14")).toBe(0);
    expect(daysOfMonthInPeriod("2025-12", "2026-01-15", "2026-02-14")).toBe(0);
    expect(daysOfMonthInPeriod("2026-01", "2026-01-01", "2026-01-01")).toBe(1);
    expect(() => daysInMonth("2026-13")).toThrow(RangeError);
  });

  it("takes whole months whole", () => {
    const months = [usd("2025-12", 99_999), usd("2026-01", 310_000), usd("2026-02", 280_000), usd("2026-03", 77_777)];
    expect(spendInPeriodMinor(months, "2026-01-01", "2026-02-28", "USD")).toBe(590_000);
  });

  it("spreads a month over its days and takes the days in the period", () => {
    // January 3,100.00 over 31 days = 100.00 a day, 17 days; February 2,800.00 / 28 = 100.00, 14 days.
    expect(spendInPeriodMinor([usd("2026-01", 310_000), usd("2026-02", 280_000)], "2026-01-15", "2026-02-14", "USD")).toBe(
      310_000,
    );
    // One day of a 1,000.00 month of 30 days = 33.333… → 33.33; two such months' days summed
    // exactly before rounding: 2 × 33.333… = 66.666… → 66.67 (not 33.33 + 33.33).
    expect(spendInPeriodMinor([usd("2026-04", 100_000)], "2026-04-10", "2026-04-10", "USD")).toBe(3_333);
    expect(spendInPeriodMinor([usd("2026-04", 100_000), usd("2026-06", 100_000)], "2026-04-30", "2026-06-01", "USD")).toBe(6_667);
  });

  it("converts other currencies exactly at their recorded rate", () => {
    // 10,000.00 CNY at 0.1390 = 1,390.00 USD; 1,000,000 JPY at 0.0067 = 6,700.00 USD.
    const months: MonthSpend[] = [
      { month: "2026-01", amountMinor: 1_000_000, currency: "CNY", fxRate: "0.1390" },
      { month: "2026-01", amountMinor: 1_000_000, currency: "JPY", fxRate: "0.0067" },
    ];
    expect(spendInPeriodMinor(months, "2026-01-01", "2026-01-31", "USD")).toBe(139_000 + 670_000);
  });

  it("refuses a period that ends before it starts", () => {
    expect(() => spendInPeriodMinor([], "2026-02-01", "2026-01-31", "USD")).toThrow(RangeError);
    expect(spendInPeriodMinor([], "2026-01-01", "2026-01-31", "USD")).toBe(0);
  });
});
