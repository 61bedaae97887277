import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS } from "~/schemas/settings";
import {
  computeTiers,
  formatAmount,
  highValueRank,
  orderFigures,
  raisesTierChangeReminder,
  revenueWindowStart,
  rfmQuintileScores,
  tierChanges,
  tierSince,
  type CustomerTier,
  type PreviousTier,
  type TierCustomer,
  type TierOrder,
  type TiersResult,
} from "./tiers";

// As-of day D = 2026-12-31. 2026 is not a leap year; days in the year so far at each month's
// end: Jan 31, Feb 59, Mar 90, Apr 120, May 151, Jun 181, Jul 212, Aug 243, Sep 273, Oct 304,
// Nov 334, Dec 365. D is day 365, so a 2026 day with day-of-year n lies D − d = 365 − n days
// before D, and 2025-12-31 lies exactly 365 days before D.
const D = "2026-12-31";
const S = DEFAULT_SETTINGS.tiers; // new 90, dormant after 180, top 20%, minimum 2 orders
const USD = "USD";

function order(orderedOn: string, totalBaseMinor = 10_000, cancelled = false): TierOrder {
  return { orderedOn, totalBaseMinor, cancelled };
}
function customer(customerId: number, orders: TierOrder[], createdOn = "2020-01-01"): TierCustomer {
  return { customerId, createdOn, orders };
}
function of(result: TiersResult, customerId: number): CustomerTier {
  const found = result.customers.find((c) => c.customerId === customerId);
  if (!found) throw new Error(`no result for customer ${customerId}`);
  return found;
}

describe("new window (90 days)", () => {
  it("a first order 89 days before D is new, exactly 90 days is not", () => {
    const r = computeTiers(
      [
        // Oct 3 = day 276 → 365 − 276 = 89 days before D.
        customer(1, [order("2026-10-03")]),
        // Oct 2 = day 275 → 90 days: outside the window (0 ≤ D − d < 90 fails), and 90 ≤ 180 so
        // not dormant either: it reaches the revenue comparison.
        customer(2, [order("2026-10-02")]),
        // A first order on D itself, from a customer created long ago: 0 days, new.
        customer(3, [order(D)]),
      ],
      D,
      S,
      USD,
    );
    expect(of(r, 1).tier).toBe("new");
    expect(of(r, 1).reason).toEqual({ code: "first_order_recent", firstOrderOn: "2026-10-03", days: 89, windowDays: 90 });
    expect(of(r, 1).reasonText).toBe("New customer: first order on 2026-10-03, 89 days ago (new window 90 days)");
    // Customer 2 is the only one in the comparison: n = 1, rank ⌈0.8 × 1⌉ = 1, threshold = its own
    // 10,000; it reaches the threshold but has 1 order < 2, so it is growing.
    expect(of(r, 2).tier).toBe("growing");
    expect(of(r, 2).reason).toEqual({
      code: "growing",
      revenueMinor: 10_000,
      orders: 1,
      thresholdMinor: 10_000,
      topPercent: 20,
      minOrders: 2,
    });
    expect(of(r, 2).reasonText).toBe("Growing: 12-month revenue 100 USD over 1 order; top 20% needs 100 USD and 2 orders");
    expect(of(r, 3).reason).toEqual({ code: "first_order_recent", firstOrderOn: D, days: 0, windowDays: 90 });
    expect(r.highValuePoolSize).toBe(1);
    expect(r.highValueThresholdMinor).toBe(10_000);
  });

  it("a customer without orders is new when created 89 days before D, dormant at exactly 90", () => {
    const r = computeTiers(
      [
        customer(1, [], "2026-10-03"), // 89 days
        customer(2, [], "2026-10-02"), // 90 days: created before the new window
        customer(3, [], D), // 0 days
        customer(4, [], "2027-01-05"), // created after D (backfill run): treated as new
      ],
      D,
      S,
      USD,
    );
    expect(of(r, 1).tier).toBe("new");
    expect(of(r, 1).reason).toEqual({ code: "no_orders_new", createdOn: "2026-10-03", days: 89, windowDays: 90 });
    expect(of(r, 2).tier).toBe("dormant");
    expect(of(r, 2).reason).toEqual({ code: "dormant_no_orders", createdOn: "2026-10-02", days: 90, windowDays: 90 });
    expect(of(r, 2).reasonText).toBe("Dormant: no orders since created on 2026-10-02, 90 days ago");
    expect(of(r, 3).tier).toBe("new");
    expect(of(r, 3).reasonText).toBe("New lead: created on 2026-12-31, today, no orders yet");
    expect(of(r, 4).tier).toBe("new");
    // 2027-01-05 is 5 days after D: D − d = −5.
    expect(of(r, 4).reason).toEqual({ code: "no_orders_new", createdOn: "2027-01-05", days: -5, windowDays: 90 });
    expect(of(r, 4).reasonText).toBe("New lead: created on 2027-01-05, no orders yet");
    expect(r.highValuePoolSize).toBe(0);
    expect(r.highValueThresholdMinor).toBeNull();
  });
});

describe("dormant after 180 days", () => {
  it("a last order exactly 180 days before D is not dormant, 181 days is", () => {
    const r = computeTiers(
      [
        // Jan 10 = day 10 → 355 days (not new). Jul 4 = 181 + 4 = day 185 → 180 days.
        customer(1, [order("2026-01-10"), order("2026-07-04")]),
        // Jul 3 = day 184 → 181 days > 180.
        customer(2, [order("2026-01-10"), order("2026-07-03")]),
      ],
      D,
      S,
      USD,
    );
    // Customer 1 alone in the comparison: threshold = its own 20,000 with 2 orders → high value.
    expect(of(r, 1).tier).toBe("high_value");
    expect(of(r, 2).tier).toBe("dormant");
    expect(of(r, 2).reason).toEqual({ code: "dormant_inactive", lastOrderOn: "2026-07-03", days: 181, dormantAfterDays: 180 });
    expect(of(r, 2).reasonText).toBe("Dormant: last order on 2026-07-03, 181 days ago (more than 180 days)");
  });

  it("new beats dormant: a recent first order wins even under odd settings", () => {
    // new window 90 but dormant after 30: first order Oct 3 (89 days) is both "new" and, as the
    // last order, more than 30 days old. Rule 1 comes first.
    const r = computeTiers([customer(1, [order("2026-10-03")])], D, { ...S, dormantAfterDays: 30 }, USD);
    expect(of(r, 1).tier).toBe("new");
  });
});

describe("12-month revenue window (365 days)", () => {
  it("counts an order 364 days before D but not one 365 days before", () => {
    const r = computeTiers(
      [
        // Jan 1 = day 1 → 364 days: inside. Sep 22 = 243 + 22 = day 265 → 100 days.
        customer(1, [order("2026-01-01", 500), order("2026-09-22", 1_000)]),
        // 2025-12-31 → exactly 365 days: outside the window.
        customer(2, [order("2025-12-31", 500), order("2026-09-22", 1_000)]),
      ],
      D,
      S,
      USD,
    );
    expect(of(r, 1).revenue12mMinor).toBe(1_500); // 500 + 1,000
    expect(of(r, 1).orders12m).toBe(2);
    expect(of(r, 2).revenue12mMinor).toBe(1_000);
    expect(of(r, 2).orders12m).toBe(1);
    // Lifetime figures still hold both orders.
    expect(of(r, 2).revenueTotalMinor).toBe(1_500);
    expect(of(r, 2).ordersCount).toBe(2);
    // n = 2 → rank ⌈0.8 × 2⌉ = ⌈1.6⌉ = 2 → threshold = the larger, 1,500.
    expect(r.highValueThresholdMinor).toBe(1_500);
    expect(of(r, 1).tier).toBe("high_value");
    // 1,000 < 1,500 and only 1 order inside the window.
    expect(of(r, 2).tier).toBe("growing");
  });
});

describe("high value: percentile and minimum orders", () => {
  // Two orders each, 100 and 200 days before D (Sep 22 = day 265; Jun 14 = 151 + 14 = day 165),
  // so every customer is past the new window and inside the dormant limit.
  const twoOrders = (customerId: number, revenue: number) =>
    customer(customerId, [order("2026-09-22", revenue / 2), order("2026-06-14", revenue / 2)]);

  it("every customer equal to the 80th-percentile value is high value", () => {
    const revenues = [1_000, 2_000, 3_000, 4_000, 5_000, 6_000, 7_000, 9_000, 9_000, 9_000];
    const r = computeTiers(
      revenues.map((rev, i) => twoOrders(i + 1, rev)),
      D,
      S,
      USD,
    );
    // n = 10 → rank ⌈0.8 × 10⌉ = 8; sorted ascending the 8th value is 9,000 (ranks 8, 9 and 10 are
    // all 9,000). All three reach it with 2 orders: 30% of customers are high value, by the rule.
    expect(r.highValuePoolSize).toBe(10);
    expect(r.highValueThresholdMinor).toBe(9_000);
    expect(r.customers.filter((c) => c.tier === "high_value").map((c) => c.customerId)).toEqual([8, 9, 10]);
    expect(of(r, 7).tier).toBe("growing");
    expect(of(r, 8).reason).toEqual({
      code: "top_revenue",
      revenueMinor: 9_000,
      orders: 2,
      thresholdMinor: 9_000,
      topPercent: 20,
      minOrders: 2,
    });
  });

  it("needs the minimum number of orders within the 365 days, and the threshold includes those who lack it", () => {
    const r = computeTiers(
      [
        customer(1, [order("2026-09-22", 50_000)]), // 1 order
        twoOrders(2, 30_000),
        twoOrders(3, 10_000),
      ],
      D,
      S,
      USD,
    );
    // n = 3 → rank ⌈0.8 × 3⌉ = ⌈2.4⌉ = 3 → threshold 50,000 (customer 1's). Customer 1 reaches it
    // with 1 order < 2; customers 2 and 3 are below it. Nobody is high value.
    expect(r.highValueThresholdMinor).toBe(50_000);
    expect(r.customers.map((c) => c.tier)).toEqual(["growing", "growing", "growing"]);
    // With a minimum of 1 order, customer 1 qualifies.
    const relaxed = computeTiers(
      [customer(1, [order("2026-09-22", 50_000)]), twoOrders(2, 30_000), twoOrders(3, 10_000)],
      D,
      { ...S, highValueMinOrders: 1 },
      USD,
    );
    expect(relaxed.customers.map((c) => c.tier)).toEqual(["high_value", "growing", "growing"]);
  });

  it("the only customer of the comparison is high value when it has the minimum orders", () => {
    // Seven orders 100…160 days before D: Sep 22 (265), Sep 12 (255), Sep 2 (245), Aug 23
    // (212 + 23 = 235), Aug 13 (225), Aug 3 (215), Jul 24 (181 + 24 = 205). First order 160 ≥ 90
    // days, last 100 ≤ 180. 6 × 2,600,000 + 2,640,000 = 18,240,000 minor = 182,400.00 USD.
    const days = ["2026-09-22", "2026-09-12", "2026-09-02", "2026-08-23", "2026-08-13", "2026-08-03"];
    const r = computeTiers([customer(1, [...days.map((d) => order(d, 2_600_000)), order("2026-07-24", 2_640_000)])], D, S, USD);
    expect(of(r, 1).tier).toBe("high_value");
    expect(of(r, 1).revenue12mMinor).toBe(18_240_000);
    expect(of(r, 1).reasonText).toBe("Top 20% by 12-month revenue: 182,400 USD over 7 orders");
  });

  it("computes the rank in integers, not with 1 − p in floating point", () => {
    // Top 45% of 100: rank (100 − 45) × 100 / 100 = 55 exactly. In floating point
    // (1 − 0.45) × 100 is 55.00000000000001, whose ceiling would be 56.
    const r = computeTiers(
      Array.from({ length: 100 }, (_, i) => twoOrders(i + 1, (i + 1) * 100)),
      D,
      { ...S, highValueTopPercent: 45 },
      USD,
    );
    // Revenues 100, 200, …, 10,000: the 55th smallest is 5,500; customers 55…100 reach it: 46.
    expect(r.highValueThresholdMinor).toBe(5_500);
    expect(r.customers.filter((c) => c.tier === "high_value")).toHaveLength(46);
    expect(of(r, 54).tier).toBe("growing");
    expect(of(r, 55).tier).toBe("high_value");
  });

  it("highValueRank is ⌈(1 − top/100) × n⌉", () => {
    expect(highValueRank(10, 20)).toBe(8); // 0.8 × 10
    expect(highValueRank(1, 20)).toBe(1); // ⌈0.8⌉
    expect(highValueRank(3, 20)).toBe(3); // ⌈2.4⌉
    expect(highValueRank(4, 50)).toBe(2); // 0.5 × 4
    expect(highValueRank(100, 45)).toBe(55);
    expect(() => highValueRank(10, 0)).toThrow(RangeError);
    expect(() => highValueRank(10, 100)).toThrow(RangeError);
  });
});

describe("orders that do not count", () => {
  it("ignores a cancelled order for tier, revenue, frequency, recency and trend", () => {
    const r = computeTiers(
      [
        // Mar 6 = 59 + 6 = day 65 → 300 days; Jun 14 = day 165 → 200 days; Dec 1 = day 335 → 30
        // days, cancelled. Counting it would make the last order 30 days old (not dormant).
        customer(1, [order("2026-03-06", 40_000), order("2026-06-14", 20_000), order("2026-12-01", 99_999, true)]),
        // Only a cancelled order 30 days ago, created 2020: no orders, so dormant (not new).
        customer(2, [order("2026-12-01", 99_999, true)]),
      ],
      D,
      S,
      USD,
    );
    const c1 = of(r, 1);
    expect(c1.tier).toBe("dormant");
    expect(c1.reason).toEqual({ code: "dormant_inactive", lastOrderOn: "2026-06-14", days: 200, dormantAfterDays: 180 });
    expect(c1.ordersCount).toBe(2);
    expect(c1.revenueTotalMinor).toBe(60_000); // 40,000 + 20,000
    expect(c1.revenue12mMinor).toBe(60_000);
    expect(c1.rfm.recencyDays).toBe(200);
    expect(c1.rfm.frequency).toBe(2);
    expect(c1.rfm.monetaryMinor).toBe(60_000);
    // 200 and 300 days both fall in 180 ≤ D − d < 360; nothing in the last 180 days.
    expect(c1.trend).toEqual({ last180Minor: 0, prior180Minor: 60_000, direction: "down" });
    const c2 = of(r, 2);
    expect(c2.tier).toBe("dormant");
    expect(c2.reason.code).toBe("dormant_no_orders");
    expect(c2.firstOrderOn).toBeNull();
    expect(c2.ordersCount).toBe(0);
    expect(c2.rfm).toEqual({
      recencyDays: null,
      frequency: 0,
      monetaryMinor: 0,
      recencyScore: null,
      frequencyScore: null,
      monetaryScore: null,
    });
  });

  it("ignores an order after D", () => {
    const r = computeTiers(
      [
        // Last order on or before D: Jul 3, 181 days → dormant despite an order on 2027-01-05.
        customer(1, [order("2026-01-10", 1_000), order("2026-07-03", 2_000), order("2027-01-05", 5_000)]),
        // Created 2020, only order after D: no orders yet as of D → dormant, not new.
        customer(2, [order("2027-01-02")]),
        // Created Dec 1 (30 days), only order after D → a new lead without orders.
        customer(3, [order("2027-01-02")], "2026-12-01"),
      ],
      D,
      S,
      USD,
    );
    expect(of(r, 1).tier).toBe("dormant");
    expect(of(r, 1).lastOrderOn).toBe("2026-07-03");
    expect(of(r, 1).revenueTotalMinor).toBe(3_000); // 1,000 + 2,000
    expect(of(r, 1).ordersCount).toBe(2);
    expect(of(r, 2).reason.code).toBe("dormant_no_orders");
    expect(of(r, 3).reason).toEqual({ code: "no_orders_new", createdOn: "2026-12-01", days: 30, windowDays: 90 });
  });
});

describe("trend: last 180 days against the 180 days before", () => {
  it("puts D − d = 179 in the last window, 180 and 359 in the prior one, 360 in neither", () => {
    const r = computeTiers(
      [
        customer(1, [
          order(D, 1), // 0 days
          order("2026-07-05", 10), // Jul 5 = day 186 → 179 days
          order("2026-07-04", 100), // day 185 → 180 days
          order("2026-01-06", 1_000), // day 6 → 359 days
          order("2026-01-05", 10_000), // day 5 → 360 days
        ]),
        customer(2, [order("2026-07-05", 500), order("2026-07-04", 200)]),
        customer(3, []),
      ],
      D,
      S,
      USD,
    );
    // last = 1 + 10 = 11; prior = 100 + 1,000 = 1,100.
    expect(of(r, 1).trend).toEqual({ last180Minor: 11, prior180Minor: 1_100, direction: "down" });
    // All five are within 365 days: 1 + 10 + 100 + 1,000 + 10,000.
    expect(of(r, 1).revenue12mMinor).toBe(11_111);
    expect(of(r, 2).trend).toEqual({ last180Minor: 500, prior180Minor: 200, direction: "up" });
    expect(of(r, 3).trend).toEqual({ last180Minor: 0, prior180Minor: 0, direction: "flat" });
  });
});

describe("RFM", () => {
  it("scores quintiles by mid-rank: score = ⌈5 × (2·below + equal) / 2n⌉", () => {
    // Ten distinct values: value i (0-based rank) → ⌈(2i + 1)/4⌉ = 1,1,2,2,3,3,4,4,5,5.
    expect(rfmQuintileScores([50, 10, 100, 20, 90, 30, 80, 40, 70, 60])).toEqual([3, 1, 5, 1, 5, 2, 4, 2, 4, 3]);
    // Ties share a score. [1,1,1,2,5], n = 5: 1 → ⌈5·3/10⌉ = ⌈1.5⌉ = 2; 2 → ⌈5·7/10⌉ = ⌈3.5⌉ = 4;
    // 5 → ⌈5·9/10⌉ = ⌈4.5⌉ = 5.
    expect(rfmQuintileScores([1, 2, 1, 5, 1])).toEqual([2, 4, 2, 5, 2]);
    // On a boundary the lower score: [1,1,2,3,4]: 1 → 5·2/10 = 1 exactly → 1; 2 → ⌈2.5⌉ = 3;
    // 3 → ⌈3.5⌉ = 4; 4 → ⌈4.5⌉ = 5.
    expect(rfmQuintileScores([1, 1, 2, 3, 4])).toEqual([1, 1, 3, 4, 5]);
    // Small groups sit around the middle: one value ⌈5·1/2⌉ = 3; all equal ⌈5·4/8⌉ = ⌈2.5⌉ = 3;
    // two values ⌈1.25⌉ = 2 and ⌈3.75⌉ = 4; three ⌈5/6⌉ = 1, ⌈2.5⌉ = 3, ⌈25/6⌉ = 5.
    expect(rfmQuintileScores([7])).toEqual([3]);
    expect(rfmQuintileScores([4, 4, 4, 4])).toEqual([3, 3, 3, 3]);
    expect(rfmQuintileScores([2, 1])).toEqual([4, 2]);
    expect(rfmQuintileScores([1, 2, 3])).toEqual([1, 3, 5]);
    expect(rfmQuintileScores([])).toEqual([]);
  });

  it("scores recency (fewer days is better), frequency and monetary over customers with orders", () => {
    const r = computeTiers(
      [
        customer(1, [order(D, 100)]), // recency 0, 1 order, 100
        customer(2, [order("2026-12-01", 200), order("2026-12-01", 200)]), // 30 days, 2 orders one day, 400
        customer(3, [order("2026-11-01", 100), order("2026-11-01", 100), order("2026-11-01", 100)]), // 60, 3, 300
        customer(4, [order("2026-09-22", 1_000)]), // 100 days, 1, 1,000
        customer(5, [order("2026-06-14", 50), order("2026-06-14", 50)]), // 200 days, 2, 100
        customer(6, []), // no orders: no scores, not counted in n
      ],
      D,
      S,
      USD,
    );
    // n = 5. Recency, best first 0, 30, 60, 100, 200: distinct → ⌈(2b + 1)/2⌉ = 5, 4, 3, 2, 1.
    // Frequency 1,2,3,1,2 sorted 1,1,2,2,3: 1 → ⌈5·2/10⌉ = 1; 2 → ⌈5·6/10⌉ = 3; 3 → ⌈5·9/10⌉ = 5.
    // Monetary 100,400,300,1000,100 sorted 100,100,300,400,1000: 100 → 1; 300 → ⌈2.5⌉ = 3;
    // 400 → ⌈3.5⌉ = 4; 1000 → ⌈4.5⌉ = 5.
    const scores = r.customers.map((c) => [c.rfm.recencyScore, c.rfm.frequencyScore, c.rfm.monetaryScore]);
    expect(scores).toEqual([
      [5, 1, 1],
      [4, 3, 4],
      [3, 5, 3],
      [2, 1, 5],
      [1, 3, 1],
      [null, null, null],
    ]);
    // Frequency counts orders, not purchase days: two orders on Dec 1 are 2.
    expect(of(r, 2).rfm).toMatchObject({ recencyDays: 30, frequency: 2, monetaryMinor: 400 });
    expect(of(r, 2).firstOrderOn).toBe("2026-12-01");
    expect(of(r, 2).lastOrderOn).toBe("2026-12-01");
  });
});

describe("formatAmount", () => {
  it("groups thousands and shows minor digits exactly, only when not zero", () => {
    expect(formatAmount(18_240_000, "USD")).toBe("182,400 USD");
    expect(formatAmount(12_345_678, "USD")).toBe("123,456.78 USD");
    expect(formatAmount(100_050, "USD")).toBe("1,000.50 USD");
    expect(formatAmount(5, "USD")).toBe("0.05 USD");
    expect(formatAmount(0, "USD")).toBe("0 USD");
    expect(formatAmount(-123_456, "EUR")).toBe("-1,234.56 EUR");
    expect(formatAmount(1_234_567, "JPY")).toBe("1,234,567 JPY");
    expect(formatAmount(1_234, "KWD")).toBe("1.234 KWD");
    // 2^53 − 1 minor units, beyond what a float with cents could print exactly.
    expect(formatAmount(9_007_199_254_740_991, "USD")).toBe("90,071,992,547,409.91 USD");
  });
});

describe("tier history", () => {
  it("tierSince keeps the day an unchanged tier began and starts a new one on D", () => {
    expect(tierSince(null, "new", D)).toBe(D);
    expect(tierSince({ tier: "growing", since: "2026-05-01" }, "growing", D)).toBe("2026-05-01");
    expect(tierSince({ tier: "growing", since: "2026-05-01" }, "dormant", D)).toBe(D);
    // A backfill for a day before the stored start: the tier held at least since D.
    expect(tierSince({ tier: "growing", since: "2027-02-01" }, "growing", D)).toBe(D);
  });

  it("raises a tier_change reminder only for high value or growing → dormant", () => {
    expect(raisesTierChangeReminder("high_value", "dormant")).toBe(true);
    expect(raisesTierChangeReminder("growing", "dormant")).toBe(true);
    expect(raisesTierChangeReminder("new", "dormant")).toBe(false);
    expect(raisesTierChangeReminder(null, "dormant")).toBe(false);
    expect(raisesTierChangeReminder("dormant", "dormant")).toBe(false);
    expect(raisesTierChangeReminder("high_value", "growing")).toBe(false);
  });

  it("lists every change, first tierings included, and flags the ones that raise a reminder", () => {
    const previous = new Map<number, PreviousTier>([
      [1, { tier: "high_value", since: "2026-01-01" }],
      [2, { tier: "growing", since: "2026-01-01" }],
      [3, { tier: "new", since: "2026-10-01" }],
      [4, { tier: "dormant", since: "2026-01-01" }],
      [5, { tier: "high_value", since: "2026-01-01" }],
      [7, { tier: "dormant", since: "2026-01-01" }],
      [8, { tier: "growing", since: "2026-01-01" }], // no longer in the results
    ]);
    const dormant = (customerId: number) => ({
      customerId,
      tier: "dormant" as const,
      reason: { code: "dormant_no_orders" as const, createdOn: "2020-01-01", days: 2556, windowDays: 90 },
      reasonText: "Dormant",
    });
    const growing = (customerId: number) => ({
      customerId,
      tier: "growing" as const,
      reason: { code: "growing" as const, revenueMinor: 1, orders: 1, thresholdMinor: 2, topPercent: 20, minOrders: 2 },
      reasonText: "Growing",
    });
    const changes = tierChanges(
      previous,
      [dormant(1), dormant(2), dormant(3), dormant(4), growing(5), dormant(6), growing(7)],
      D,
    );
    expect(changes.map((c) => [c.customerId, c.fromTier, c.toTier, c.raisesReminder])).toEqual([
      [1, "high_value", "dormant", true],
      [2, "growing", "dormant", true],
      [3, "new", "dormant", false],
      [5, "high_value", "growing", false],
      [6, null, "dormant", false],
      [7, "dormant", "growing", false],
    ]);
    expect(changes.every((c) => c.changedOn === D)).toBe(true);
  });

  it("works on computeTiers output: a high-value customer that stopped ordering raises a reminder", () => {
    // Last order Jul 3, 181 days before D → dormant.
    const r = computeTiers([customer(1, [order("2026-01-10"), order("2026-07-03")])], D, S, USD);
    const changes = tierChanges(new Map([[1, { tier: "high_value", since: "2026-03-01" }]]), r.customers, D);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ fromTier: "high_value", toTier: "dormant", raisesReminder: true });
    expect(changes[0].reasonText).toBe("Dormant: last order on 2026-07-03, 181 days ago (more than 180 days)");
  });
});

describe("input checks", () => {
  it("rejects days that are not real dates and money that is not whole minor units", () => {
    expect(() => computeTiers([], "2026-02-30", S, USD)).toThrow(RangeError);
    expect(() => computeTiers([customer(1, [order("2026/12/01")])], D, S, USD)).toThrow(RangeError);
    expect(() => computeTiers([customer(1, [order("2026-12-01", 10.5)])], D, S, USD)).toThrow(RangeError);
  });
});

describe("revenueWindowStart", () => {
  it("is 364 days before D, so that D itself and the 364 days before it make the 365", () => {
    expect(revenueWindowStart("2026-12-04")).toBe("2025-12-05");
    // Across 29 February: still 365 calendar days, the leap day one of them.
    expect(revenueWindowStart("2028-03-01")).toBe("2027-03-03");
  });

  it("puts an order on the window's first day in the 12-month revenue, and one the day before out", () => {
    const asOf = "2026-12-04";
    const order = (orderedOn: string, totalBaseMinor: number) => ({ orderedOn, totalBaseMinor, cancelled: false });
    const figures = orderFigures([order("2025-12-05", 700), order("2025-12-04", 50), order("2026-12-04", 3)], asOf);
    expect(figures.revenue12mMinor).toBe(703);
    expect(figures.orders12m).toBe(2);
    expect(figures.revenueTotalMinor).toBe(753);
  });
});
