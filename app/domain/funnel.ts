import { addDays } from "./calendar";
import { minorDigits, parseDecimal, roundHalfUpDiv } from "./money";

/**
 * The inquiry funnel and channel economics (SPEC §7): what the counts mean once SQL has counted
 * them. Pure: counts, amounts and days come in as arguments.
 *
 * Money is integer minor units of the base currency; ratios are plain numbers; every ratio whose
 * denominator is 0 is null ("no data"), never 0 or Infinity.
 */

/**
 * SPEC §7 "repeat": another non-cancelled order within this many days (of 24 h) after the first
 * won order, counted from that order's instant.
 */
export const REPEAT_WINDOW_DAYS = 365;

export const FUNNEL_STAGES = ["received", "responded", "quoted", "won", "repeat"] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];

/** How many inquiries of a cohort reached each stage. */
export type FunnelCounts = Record<FunnelStage, number>;

export type FunnelStageFigures = {
  stage: FunnelStage;
  count: number;
  /** count / the previous stage's count (null for `received`, or when that count is 0). */
  fromPrevious: number | null;
  /** count / received (null when nothing was received). */
  fromReceived: number | null;
};

/** numerator / denominator, or null when the denominator is 0. */
export function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

function requireCount(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${what} must be a whole number ≥ 0, got ${value}`);
}

/**
 * The stages in order with their conversions. Each stage is counted by its own rule (SPEC §7),
 * so a stage can exceed the one before it (an order taken without a sent quote is `won` but not
 * `quoted`); the conversion then exceeds 1 and is shown as it is rather than clamped.
 */
export function funnelStages(counts: FunnelCounts): FunnelStageFigures[] {
  for (const stage of FUNNEL_STAGES) requireCount(counts[stage], stage);
  return FUNNEL_STAGES.map((stage, i) => ({
    stage,
    count: counts[stage],
    fromPrevious: i === 0 ? null : ratio(counts[stage], counts[FUNNEL_STAGES[i - 1]]),
    fromReceived: ratio(counts[stage], counts.received),
  }));
}

// ---------------------------------------------------------------------------------------------
// Channel economics
// ---------------------------------------------------------------------------------------------

export type ChannelEconomicsInput = {
  /** Counted inquiries of the cohort from the channel. */
  inquiries: number;
  /** Of those, the inquiries that were won. */
  won: number;
  /** Base-currency revenue of the orders won from those inquiries, minor units. */
  revenueMinor: number;
  /** The channel's spend attributed to the period, base-currency minor units. */
  spendMinor: number;
};

export type ChannelEconomics = {
  /** Cost per inquiry: spend / inquiries, minor units rounded half up. */
  cpaMinor: number | null;
  /** Cost per won inquiry: spend / won, minor units rounded half up. */
  costPerWonMinor: number | null;
  /** Return on ad spend: revenue / spend. */
  roas: number | null;
};

/**
 * CPA, cost per won order and ROAS. All three are null when no spend is recorded for the
 * channel: a cost of 0 would claim the channel is free when the spend is simply not known (and
 * ROAS has no denominator). CPA and cost per won are also null when their count is 0.
 */
export function channelEconomics({ inquiries, won, revenueMinor, spendMinor }: ChannelEconomicsInput): ChannelEconomics {
  requireCount(inquiries, "inquiries");
  requireCount(won, "won");
  requireCount(revenueMinor, "revenue");
  requireCount(spendMinor, "spend");
  if (spendMinor === 0) return { cpaMinor: null, costPerWonMinor: null, roas: null };
  const perCount = (n: number) => (n === 0 ? null : Number(roundHalfUpDiv(BigInt(spendMinor), BigInt(n))));
  return { cpaMinor: perCount(inquiries), costPerWonMinor: perCount(won), roas: revenueMinor / spendMinor };
}

// ---------------------------------------------------------------------------------------------
// Spend of a period
// ---------------------------------------------------------------------------------------------

/** One month of one channel's spend as recorded (SPEC §1 "channel spend"). */
export type MonthSpend = {
  /** "YYYY-MM". */
  month: string;
  amountMinor: number;
  currency: string;
  /** Decimal rate: 1 unit of `currency` = fxRate units of the base currency. */
  fxRate: string;
};

function parseMonth(month: string): { y: number; m: number } {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  const m = match ? Number(match[2]) : 0;
  if (!match || m < 1 || m > 12) throw new RangeError(`Not a valid "YYYY-MM" month: ${JSON.stringify(month)}`);
  return { y: Number(match[1]), m };
}

/** The "YYYY-MM" month a "YYYY-MM-DD" day lies in. */
export function monthOf(day: string): string {
  addDays(day, 0); // validates the day
  return day.slice(0, 7);
}

export function daysInMonth(month: string): number {
  const { y, m } = parseMonth(month);
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** How many days of `month` lie in the period from `from` to `to`, both days included. */
export function daysOfMonthInPeriod(month: string, from: string, to: string): number {
  const first = `${month}-01`;
  const last = `${month}-${String(daysInMonth(month)).padStart(2, "0")}`;
  addDays(from, 0);
  addDays(to, 0);
  const start = from > first ? from : first;
  const end = to < last ? to : last;
  if (start > end) return 0;
  return Math.round((Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / 86_400_000) + 1;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a < 0n ? -a : a;
}

/**
 * The spend attributed to the period from `from` to `to` (days, both included), in base minor
 * units: each month's spend is spread evenly over its days and the period takes the days it
 * covers (pro rata by days). A period of whole months takes exactly those months' spend; a
 * period from 15 January to 14 February takes 17/31 of January and 14/28 of February.
 * Converted to the base currency and summed as exact fractions, rounded half up once.
 */
export function spendInPeriodMinor(months: readonly MonthSpend[], from: string, to: string, baseCurrency: string): number {
  if (from > to) throw new RangeError(`period starts after it ends: ${from} > ${to}`);
  let numerator = 0n;
  let denominator = 1n;
  for (const row of months) {
    if (!Number.isSafeInteger(row.amountMinor) || row.amountMinor < 0) {
      throw new RangeError(`spend must be a whole number of minor units ≥ 0, got ${row.amountMinor}`);
    }
    const days = daysOfMonthInPeriod(row.month, from, to);
    if (days === 0 || row.amountMinor === 0) continue;
    const { units, scale } = parseDecimal(row.fxRate);
    if (units === 0n) throw new RangeError("fx rate must be positive");
    // amount × rate × 10^(base digits − currency digits) × days / days in month
    const shift = minorDigits(baseCurrency) - minorDigits(row.currency);
    let n = BigInt(row.amountMinor) * units * BigInt(days);
    let d = scale * BigInt(daysInMonth(row.month));
    if (shift > 0) n *= 10n ** BigInt(shift);
    if (shift < 0) d *= 10n ** BigInt(-shift);
    numerator = numerator * d + n * denominator;
    denominator *= d;
    const common = gcd(numerator, denominator);
    if (common > 1n) {
      numerator /= common;
      denominator /= common;
    }
  }
  return Number(roundHalfUpDiv(numerator, denominator));
}

/** The ways the funnel can be split into groups. */
export const FUNNEL_SPLITS = ["channel", "assignee", "country", "product"] as const;
export type FunnelSplit = (typeof FUNNEL_SPLITS)[number];
