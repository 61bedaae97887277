import type { Tier } from "~db/enums";
import type { Settings } from "~/schemas/settings";
import { addDays, daysBefore } from "./calendar";
import { minorToDecimalString } from "./money";
import { nearestRank } from "./percentile";

/**
 * Customer tiers (SPEC §4): tier, reason, RFM figures and scores, and the 180-day trend, for
 * an as-of day D.
 *
 * Pure: D and the settings are arguments. Every date here is a "YYYY-MM-DD" local day in the
 * team's time zone; the caller turns order instants into days with `localDay(orderedAt, tz)`
 * (and the customer's creation instant likewise), so nothing here knows about time zones.
 *
 * Counting rules shared with the reminders (SPEC §1, §4, §5): only orders on or before D
 * count, cancelled orders never count. "Within N days before D" means 0 ≤ D − d < N; "more than
 * N days before D" means D − d > N.
 */

export type TierSettings = Settings["tiers"];

export type TierOrder = {
  /** Local day (team time zone) the order was placed. */
  orderedOn: string;
  /** Order total in the base currency's minor units, as stored at order time. */
  totalBaseMinor: number;
  cancelled: boolean;
};

export type TierCustomer = {
  customerId: number;
  /** Local day (team time zone) the customer was created. */
  createdOn: string;
  orders: readonly TierOrder[];
};

/** "Trailing 365 days" / "12-month" revenue window of SPEC §4. */
const REVENUE_WINDOW_DAYS = 365;

/**
 * The first day of the 12-month revenue window as of D: an order on day d counts when
 * 0 ≤ D − d < 365, so from D − 364 through D. The tier rule (orderFigures) and the figures stored
 * on each customer for the lists (refreshCustomerFigures, summed in SQL from this day's start)
 * both take the window from here; test/figures-agreement.test.ts checks they agree on the demo.
 */
export function revenueWindowStart(asOf: string): string {
  return addDays(asOf, -(REVENUE_WINDOW_DAYS - 1));
}

/** Each half of the trend: the last 180 days against the 180 days before. */
const TREND_WINDOW_DAYS = 180;

/** The orders that count as of D: not cancelled and placed on or before D. */
export function countedOrders<T extends { orderedOn: string; cancelled: boolean }>(orders: readonly T[], asOf: string): T[] {
  return orders.filter((o) => !o.cancelled && daysBefore(asOf, o.orderedOn) >= 0);
}

function addMinor(a: number, b: number): number {
  const sum = a + b;
  if (!Number.isSafeInteger(sum)) throw new RangeError(`Revenue overflows safe integers: ${a} + ${b}`);
  return sum;
}

function requireMinor(value: number): number {
  if (!Number.isSafeInteger(value)) throw new RangeError(`totalBaseMinor must be an integer, got ${value}`);
  return value;
}

/**
 * An amount for the English reason text: thousands grouped with commas, the currency's minor
 * digits shown only when they are not all zero ("182,400 USD", "1,234.50 USD", "1,500 JPY").
 * Built from the integer string, so it is exact for every safe integer.
 */
export function formatAmount(minor: number, currency: string): string {
  const decimal = minorToDecimalString(minor, currency);
  const negative = decimal.startsWith("-");
  const [whole, fraction = ""] = (negative ? decimal.slice(1) : decimal).split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const shownFraction = /^0*$/.test(fraction) ? "" : `.${fraction}`;
  return `${negative ? "-" : ""}${grouped}${shownFraction} ${currency}`;
}

// ---------------------------------------------------------------------------------------------
// Per-customer figures

export type TrendDirection = "up" | "down" | "flat";

export type OrderFigures = {
  firstOrderOn: string | null;
  lastOrderOn: string | null;
  /** Non-cancelled orders on or before D (also the RFM frequency). */
  ordersCount: number;
  revenueTotalMinor: number;
  /** Orders and revenue within 365 days before D: 0 ≤ D − d < 365. */
  orders12m: number;
  revenue12mMinor: number;
  /** 0 ≤ D − d < 180. */
  revenueLast180Minor: number;
  /** 180 ≤ D − d < 360. */
  revenuePrior180Minor: number;
};

export function orderFigures(orders: readonly TierOrder[], asOf: string): OrderFigures {
  const f: OrderFigures = {
    firstOrderOn: null,
    lastOrderOn: null,
    ordersCount: 0,
    revenueTotalMinor: 0,
    orders12m: 0,
    revenue12mMinor: 0,
    revenueLast180Minor: 0,
    revenuePrior180Minor: 0,
  };
  let firstAgo = -1;
  let lastAgo = Number.POSITIVE_INFINITY;
  const windowStart = revenueWindowStart(asOf);
  for (const order of countedOrders(orders, asOf)) {
    const amount = requireMinor(order.totalBaseMinor);
    const ago = daysBefore(asOf, order.orderedOn);
    if (ago > firstAgo) {
      firstAgo = ago;
      f.firstOrderOn = order.orderedOn;
    }
    if (ago < lastAgo) {
      lastAgo = ago;
      f.lastOrderOn = order.orderedOn;
    }
    f.ordersCount += 1;
    f.revenueTotalMinor = addMinor(f.revenueTotalMinor, amount);
    if (order.orderedOn >= windowStart) {
      f.orders12m += 1;
      f.revenue12mMinor = addMinor(f.revenue12mMinor, amount);
    }
    if (ago < TREND_WINDOW_DAYS) {
      f.revenueLast180Minor = addMinor(f.revenueLast180Minor, amount);
    } else if (ago < 2 * TREND_WINDOW_DAYS) {
      f.revenuePrior180Minor = addMinor(f.revenuePrior180Minor, amount);
    }
  }
  return f;
}

// ---------------------------------------------------------------------------------------------
// RFM scores

/**
 * RFM scores 1–5 by quintiles, higher value → higher score, aligned with `values`.
 *
 * Each value gets its mid-rank percentile p = (number of values strictly below it + half the
 * number equal to it) / n, and score k when (k − 1)/5 < p ≤ k/5, i.e. score = ⌈5p⌉, computed
 * in integers as ⌈5 × (2·below + equal) / (2n)⌉. Consequences, by design:
 * - ties always share one score (the score of their group's middle), so two customers with the
 *   same figure can never be split across a quintile boundary by input order;
 * - with 5k distinct values each score holds exactly k customers (10 → 1,1,2,2,3,3,4,4,5,5);
 * - small or flat groups land in the middle instead of at the bottom: one customer, or any
 *   number of equal values, scores 3; two distinct values score 2 and 4; three score 1, 3, 5.
 *   Groups smaller than five therefore do not use every score.
 * 0 < p < 1 always, so the score is always within 1–5.
 */
export function rfmQuintileScores(values: readonly number[]): number[] {
  const n = values.length;
  const sorted = [...values].sort((a, b) => a - b);
  const scoreOf = new Map<number, number>();
  for (let i = 0; i < n; ) {
    let j = i;
    while (j < n && sorted[j] === sorted[i]) j++;
    const below = i;
    const equal = j - i;
    // ⌈a / b⌉ for positive integers is ⌊(a + b − 1) / b⌋.
    const numerator = 5 * (2 * below + equal);
    const denominator = 2 * n;
    scoreOf.set(sorted[i], Math.floor((numerator + denominator - 1) / denominator));
    i = j;
  }
  return values.map((v) => scoreOf.get(v) as number);
}

// ---------------------------------------------------------------------------------------------
// Tier rules

export type TierReason =
  | { code: "first_order_recent"; firstOrderOn: string; days: number; windowDays: number }
  | { code: "no_orders_new"; createdOn: string; days: number; windowDays: number }
  | { code: "dormant_no_orders"; createdOn: string; days: number; windowDays: number }
  | { code: "dormant_inactive"; lastOrderOn: string; days: number; dormantAfterDays: number }
  | {
      code: "top_revenue";
      revenueMinor: number;
      orders: number;
      thresholdMinor: number;
      topPercent: number;
      minOrders: number;
    }
  | {
      code: "growing";
      revenueMinor: number;
      orders: number;
      thresholdMinor: number;
      topPercent: number;
      minOrders: number;
    };

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function ago(days: number): string {
  if (days === 0) return "today";
  return `${plural(days, "day", "days")} ago`;
}

/** The English wording of a reason, for CSV export; screens word `reason` themselves. */
export function tierReasonText(reason: TierReason, baseCurrency: string): string {
  switch (reason.code) {
    case "first_order_recent":
      return `New customer: first order on ${reason.firstOrderOn}, ${ago(reason.days)} (new window ${reason.windowDays} days)`;
    case "no_orders_new":
      return reason.days >= 0
        ? `New lead: created on ${reason.createdOn}, ${ago(reason.days)}, no orders yet`
        : `New lead: created on ${reason.createdOn}, no orders yet`;
    case "dormant_no_orders":
      return `Dormant: no orders since created on ${reason.createdOn}, ${ago(reason.days)}`;
    case "dormant_inactive":
      return `Dormant: last order on ${reason.lastOrderOn}, ${ago(reason.days)} (more than ${reason.dormantAfterDays} days)`;
    case "top_revenue":
      return `Top ${reason.topPercent}% by 12-month revenue: ${formatAmount(reason.revenueMinor, baseCurrency)} over ${plural(reason.orders, "order", "orders")}`;
    case "growing":
      return (
        `Growing: 12-month revenue ${formatAmount(reason.revenueMinor, baseCurrency)} over ${plural(reason.orders, "order", "orders")}; ` +
        `top ${reason.topPercent}% needs ${formatAmount(reason.thresholdMinor, baseCurrency)} and ${plural(reason.minOrders, "order", "orders")}`
      );
  }
}

/** Rules 1 and 2 of SPEC §4; null when the customer goes on to the high-value comparison. */
function newOrDormant(
  customer: TierCustomer,
  f: OrderFigures,
  asOf: string,
  s: TierSettings,
): { tier: Tier; reason: TierReason } | null {
  if (f.firstOrderOn !== null && f.lastOrderOn !== null) {
    const sinceFirst = daysBefore(asOf, f.firstOrderOn);
    if (sinceFirst < s.newWindowDays) {
      return {
        tier: "new",
        reason: { code: "first_order_recent", firstOrderOn: f.firstOrderOn, days: sinceFirst, windowDays: s.newWindowDays },
      };
    }
    const sinceLast = daysBefore(asOf, f.lastOrderOn);
    if (sinceLast > s.dormantAfterDays) {
      return {
        tier: "dormant",
        reason: { code: "dormant_inactive", lastOrderOn: f.lastOrderOn, days: sinceLast, dormantAfterDays: s.dormantAfterDays },
      };
    }
    return null;
  }
  const sinceCreated = daysBefore(asOf, customer.createdOn);
  // A customer created after D (a backfill run for an earlier day) has D − created < 0. SPEC's
  // "0 ≤" would leave it neither new nor dormant and drop it into the revenue comparison with
  // nothing; it is the newest kind of lead there is, so it is new.
  if (sinceCreated < s.newWindowDays) {
    return {
      tier: "new",
      reason: { code: "no_orders_new", createdOn: customer.createdOn, days: sinceCreated, windowDays: s.newWindowDays },
    };
  }
  return {
    tier: "dormant",
    reason: { code: "dormant_no_orders", createdOn: customer.createdOn, days: sinceCreated, windowDays: s.newWindowDays },
  };
}

/** The rank of the high-value threshold (SPEC §4): the nearest rank of the (100 − top)-th percentile. */
export function highValueRank(n: number, topPercent: number): number {
  if (!Number.isInteger(topPercent) || topPercent < 1 || topPercent > 99) {
    throw new RangeError(`highValueTopPercent must be an integer 1–99, got ${topPercent}`);
  }
  return nearestRank(n, 100 - topPercent);
}

export type CustomerRfm = {
  /** D − last order day; null without orders. */
  recencyDays: number | null;
  /**
   * Non-cancelled *orders* on or before D, not purchase days. Two purchase orders on one day are
   * two separate contracts to a B2B seller, and SPEC §4 counts orders everywhere else in tiers
   * ("over 7 orders", "minimum 2 orders"), so frequency agrees with those figures. Purchase days
   * are the unit of the repurchase cycle (§5) and of BG/NBD (§6), where a split order must not
   * look like a purchase at a zero-day interval.
   */
  frequency: number;
  /** Total base revenue of those orders, minor units. */
  monetaryMinor: number;
  /** 1–5 (see rfmQuintileScores) over all customers with orders; null without orders. */
  recencyScore: number | null;
  frequencyScore: number | null;
  monetaryScore: number | null;
};

export type CustomerTier = {
  customerId: number;
  tier: Tier;
  reason: TierReason;
  /** English wording of `reason`, for CSV export and the tier history. */
  reasonText: string;
  firstOrderOn: string | null;
  lastOrderOn: string | null;
  ordersCount: number;
  orders12m: number;
  revenue12mMinor: number;
  revenueTotalMinor: number;
  rfm: CustomerRfm;
  trend: { last180Minor: number; prior180Minor: number; direction: TrendDirection };
};

export type TiersResult = {
  asOf: string;
  /** The 80th-percentile (by default) 12-month revenue; null when no customer reached rule 3. */
  highValueThresholdMinor: number | null;
  /** How many customers the percentile was taken over (those not new and not dormant). */
  highValuePoolSize: number;
  customers: CustomerTier[];
};

/**
 * Tiers for every customer given, as of D. The percentile and the RFM quintiles are taken over
 * the customers given, so the job passes all of them, not a page.
 */
export function computeTiers(
  customers: readonly TierCustomer[],
  asOf: string,
  settings: TierSettings,
  baseCurrency: string,
): TiersResult {
  daysBefore(asOf, asOf); // validates D even when there are no customers
  const figures = customers.map((c) => orderFigures(c.orders, asOf));
  const fixed = customers.map((c, i) => newOrDormant(c, figures[i], asOf, settings));

  const pool = customers.map((_, i) => i).filter((i) => fixed[i] === null);
  const poolRevenue = pool.map((i) => figures[i].revenue12mMinor).sort((a, b) => a - b);
  const threshold =
    poolRevenue.length === 0 ? null : poolRevenue[highValueRank(poolRevenue.length, settings.highValueTopPercent) - 1];

  // RFM scores over every customer with at least one counted order, whatever its tier.
  const withOrders = customers.map((_, i) => i).filter((i) => figures[i].lastOrderOn !== null);
  // Fewer days since the last order is better, so recency is scored on its negation.
  const recencyScores = rfmQuintileScores(withOrders.map((i) => -daysBefore(asOf, figures[i].lastOrderOn as string)));
  const frequencyScores = rfmQuintileScores(withOrders.map((i) => figures[i].ordersCount));
  const monetaryScores = rfmQuintileScores(withOrders.map((i) => figures[i].revenueTotalMinor));
  const scoreIndex = new Map(withOrders.map((customerIndex, k) => [customerIndex, k]));

  const results = customers.map((customer, i): CustomerTier => {
    const f = figures[i];
    let tier: Tier;
    let reason: TierReason;
    const decided = fixed[i];
    if (decided) {
      ({ tier, reason } = decided);
    } else {
      const t = threshold as number;
      const revenueFigures = {
        revenueMinor: f.revenue12mMinor,
        orders: f.orders12m,
        thresholdMinor: t,
        topPercent: settings.highValueTopPercent,
        minOrders: settings.highValueMinOrders,
      };
      if (f.revenue12mMinor >= t && f.orders12m >= settings.highValueMinOrders) {
        tier = "high_value";
        reason = { code: "top_revenue", ...revenueFigures };
      } else {
        tier = "growing";
        reason = { code: "growing", ...revenueFigures };
      }
    }
    const k = scoreIndex.get(i);
    const { revenueLast180Minor: last, revenuePrior180Minor: prior } = f;
    return {
      customerId: customer.customerId,
      tier,
      reason,
      reasonText: tierReasonText(reason, baseCurrency),
      firstOrderOn: f.firstOrderOn,
      lastOrderOn: f.lastOrderOn,
      ordersCount: f.ordersCount,
      orders12m: f.orders12m,
      revenue12mMinor: f.revenue12mMinor,
      revenueTotalMinor: f.revenueTotalMinor,
      rfm: {
        recencyDays: f.lastOrderOn === null ? null : daysBefore(asOf, f.lastOrderOn),
        frequency: f.ordersCount,
        monetaryMinor: f.revenueTotalMinor,
        recencyScore: k === undefined ? null : recencyScores[k],
        frequencyScore: k === undefined ? null : frequencyScores[k],
        monetaryScore: k === undefined ? null : monetaryScores[k],
      },
      trend: {
        last180Minor: last,
        prior180Minor: prior,
        direction: last > prior ? "up" : last < prior ? "down" : "flat",
      },
    };
  });

  return { asOf, highValueThresholdMinor: threshold, highValuePoolSize: pool.length, customers: results };
}

// ---------------------------------------------------------------------------------------------
// Tier history

export type PreviousTier = { tier: Tier; since: string };

/**
 * The day the customer's current tier began. An unchanged tier keeps its day; a new or first
 * tier begins on D (for a first run, D is the earliest day the system knows the tier held).
 * A run for a day earlier than the stored `since` (a backfill) moves it back to D.
 */
export function tierSince(previous: PreviousTier | null, next: Tier, asOf: string): string {
  if (previous && previous.tier === next) {
    return daysBefore(asOf, previous.since) >= 0 ? previous.since : asOf;
  }
  return asOf;
}

/** SPEC §4: only a fall into dormant from high-value or growing raises a `tier_change` reminder. */
export function raisesTierChangeReminder(fromTier: Tier | null, toTier: Tier): boolean {
  return toTier === "dormant" && (fromTier === "high_value" || fromTier === "growing");
}

export type TierChange = {
  customerId: number;
  /** null on the customer's first tiering: a tier-history row with no previous tier. */
  fromTier: Tier | null;
  toTier: Tier;
  /** D; also the `cycleKey` of the tier_change reminder, so a rerun cannot raise it twice. */
  changedOn: string;
  raisesReminder: boolean;
  reason: TierReason;
  reasonText: string;
};

/**
 * The tier-history rows to write for this run: every customer whose tier differs from its
 * previous one (including first tierings), flagged when the change raises a reminder. Customers
 * with a previous tier but no result (deleted) are not changes.
 */
export function tierChanges(
  previous: ReadonlyMap<number, PreviousTier>,
  results: readonly Pick<CustomerTier, "customerId" | "tier" | "reason" | "reasonText">[],
  asOf: string,
): TierChange[] {
  const changes: TierChange[] = [];
  for (const r of results) {
    const fromTier = previous.get(r.customerId)?.tier ?? null;
    if (fromTier === r.tier) continue;
    changes.push({
      customerId: r.customerId,
      fromTier,
      toTier: r.tier,
      changedOn: asOf,
      raisesReminder: raisesTierChangeReminder(fromTier, r.tier),
      reason: r.reason,
      reasonText: r.reasonText,
    });
  }
  return changes;
}
