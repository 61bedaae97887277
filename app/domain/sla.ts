import quickselect from "quickselect";
import { valuesAtRanks } from "~/utils/sorted-runs";
import { addBusinessMilliseconds, businessMilliseconds, isOpenAt, type BusinessCalendar } from "./calendar";
import { nearestRank } from "./percentile";

/**
 * Inquiry response metrics (SPEC §3): per-inquiry SLA fields and the figures a report, the
 * SLA job's roll-ups and the live inbox all show.
 *
 * Everything here is pure: `now` is always an argument and nothing reads the clock or the
 * database, so the nightly job, the per-minute job and the inbox get identical answers from
 * identical inputs (SPEC §3: "the two must agree").
 *
 * What callers must already have done:
 * - `firstResponseAt` is the *first human response* of SPEC §3: the first message with direction
 *   `out`, written by a user, that is not an auto-reply. Internal notes (`note`) and auto-replies
 *   (is_auto_reply = true, e.g. the out-of-hours auto-reply) must never be passed here; this
 *   module cannot tell them apart because it never sees messages.
 * - Pick the period's inquiries (by received_at) and, for per-assignee or per-channel figures,
 *   group them and call `responseFigures` once per group.
 *
 * Time semantics shared by every function here:
 * - "As of now": a response stamped after `now` has not happened yet (the job can run "as if
 *   today were the as-of date", SPEC §9). For the live inbox this never matters, because a
 *   recorded response is always in the past.
 * - A limit is inclusive for answers (FRT exactly 30 s is a hit) and so an unanswered inquiry
 *   only becomes a miss once it is *more* than the limit old: until then an answer could still
 *   hit, so it is pending. This keeps "answered now" and "unanswered now" from disagreeing.
 */

export type ResponsePolicy = {
  /** The 30-second rule's threshold (SPEC §3 setting, default 30 s). */
  thresholdSeconds: number;
  /** Business SLA for inquiries received outside business hours, in business minutes. */
  businessSlaMinutes: number;
  /** Unanswered this long (business time) raises an `sla_escalation` reminder. */
  escalationMinutes: number;
};

export const DEFAULT_RESPONSE_POLICY: ResponsePolicy = {
  thresholdSeconds: 30,
  businessSlaMinutes: 60,
  escalationMinutes: 5,
};

/** The 24-hour reply rate (及时回复率) is the marketplace's fixed rule, not a team setting. */
const REPLY_WINDOW_MS = 24 * 60 * 60 * 1000;

export type InquiryTiming = {
  receivedAt: Date;
  /** The first human, non-auto-reply `out` message (see the module comment), or null. */
  firstResponseAt: Date | null;
  /** Inquiry status; only `spam` matters here (SPEC §3: counted = not spam). */
  status: string;
};

export type SlaStatus = "pending" | "hit" | "missed";

export type InquirySla = {
  /** status !== "spam". An uncounted inquiry has every rate/SLA field null. */
  counted: boolean;
  /** received_at falls inside an open window of the calendar. */
  inBusinessHours: boolean;
  /** Calendar FRT in ms; null while unanswered (as of now). Never negative, see `frt`. */
  frtMs: number | null;
  /** Business ms between receipt and first response; null while unanswered (as of now). */
  businessFrtMs: number | null;
  /**
   * The 30-second rule, only for counted in-hours inquiries: true when FRT ≤ threshold,
   * false when answered later or unanswered and more than the threshold old; null when pending
   * or when the rule does not apply (spam, or received outside business hours).
   */
  within30s: boolean | null;
  /** The 24-hour rule for every counted inquiry, in or out of hours; null = pending / spam. */
  within24h: boolean | null;
  /** Business SLA, only for counted inquiries received outside business hours; else null. */
  slaStatus: SlaStatus | null;
  /**
   * When the business SLA budget runs out (receivedAt + N business minutes); null when the SLA
   * does not apply or the calendar never opens within its search horizon.
   */
  slaDueAt: Date | null;
};

const MS_PER_SECOND = 1000;
/** The response time percentile the reports show (SPEC §3). */
const P90 = 90;
const MS_PER_MINUTE = 60 * MS_PER_SECOND;

function requireInstant(instant: Date, label: string): number {
  const t = instant.getTime();
  if (Number.isNaN(t)) throw new RangeError(`${label} is an invalid Date`);
  return t;
}

/**
 * The first response as of `now`, or null. Responses stamped after `now` are treated as not
 * yet sent (see the module comment).
 */
function responseAsOf(timing: InquiryTiming, nowMs: number): Date | null {
  if (timing.firstResponseAt === null) return null;
  return requireInstant(timing.firstResponseAt, "firstResponseAt") <= nowMs ? timing.firstResponseAt : null;
}

/**
 * Calendar FRT. A response stamped before receipt (a source system's clock ahead of ours, or a
 * hand-typed time) is clamped to 0 so one bad row cannot drag an average below zero;
 * businessMilliseconds already returns 0 for such a pair, so the two stay consistent.
 */
function frt(receivedMs: number, respondedMs: number): number {
  return Math.max(0, respondedMs - receivedMs);
}

/**
 * Hit / miss / pending for "answered within `limitMs`", with the module's inclusive rule:
 * an answer at exactly the limit hits; unanswered becomes a miss only once `elapsedMs` (time
 * used so far, in whatever clock the rule is measured) is more than the limit.
 */
function limitOutcome(usedMs: number | null, elapsedMs: number, limitMs: number): boolean | null {
  if (usedMs !== null) return usedMs <= limitMs;
  return elapsedMs > limitMs ? false : null;
}

export function inquirySla(timing: InquiryTiming, now: Date, calendar: BusinessCalendar, policy: ResponsePolicy): InquirySla {
  const receivedMs = requireInstant(timing.receivedAt, "receivedAt");
  const nowMs = requireInstant(now, "now");
  const counted = timing.status !== "spam";
  const inBusinessHours = isOpenAt(timing.receivedAt, calendar);
  const response = responseAsOf(timing, nowMs);

  const frtMs = response === null ? null : frt(receivedMs, response.getTime());
  const businessFrtMs = response === null ? null : businessMilliseconds(timing.receivedAt, response, calendar);

  // A receivedAt up to 5 min in the future is allowed at intake (SPEC §9); a negative age is
  // simply "not old yet", which limitOutcome treats as pending.
  const ageMs = nowMs - receivedMs;

  const within30s = counted && inBusinessHours ? limitOutcome(frtMs, ageMs, policy.thresholdSeconds * MS_PER_SECOND) : null;
  const within24h = counted ? limitOutcome(frtMs, ageMs, REPLY_WINDOW_MS) : null;

  let slaStatus: SlaStatus | null = null;
  let slaDueAt: Date | null = null;
  if (counted && !inBusinessHours) {
    const budgetMs = policy.businessSlaMinutes * MS_PER_MINUTE;
    slaDueAt = addBusinessMilliseconds(timing.receivedAt, budgetMs, calendar);
    // Measured in business time, not against slaDueAt: when the budget ends exactly at a
    // window's close (e.g. 12:00 before lunch), an answer during the closed time after it still
    // has business FRT = budget and hits, so an unanswered inquiry cannot be a miss yet either.
    // An unanswered one is missed once more than the budget has elapsed, i.e. from the instant
    // budget + 1 ms of business time has passed; finding that instant walks only the days up to
    // the deadline, never every day from receipt to now (old inquiries would cost a day each).
    let outcome: boolean | null;
    if (businessFrtMs !== null) {
      outcome = businessFrtMs <= budgetMs;
    } else {
      const missedFrom = addBusinessMilliseconds(timing.receivedAt, budgetMs + 1, calendar);
      outcome = missedFrom !== null && nowMs >= missedFrom.getTime() ? false : null;
    }
    slaStatus = outcome === null ? "pending" : outcome ? "hit" : "missed";
  }

  return { counted, inBusinessHours, frtMs, businessFrtMs, within30s, within24h, slaStatus, slaDueAt };
}

/**
 * When an unanswered inquiry must be escalated: `escalationMinutes` of *business* time after
 * receipt (SPEC §3 "5 min in business hours"), so one that arrives at night escalates 5 minutes
 * after the next opening rather than waking managers at 3 a.m. Null when the calendar never
 * opens within its search horizon (nothing to escalate into).
 */
export function escalationDueAt(receivedAt: Date, calendar: BusinessCalendar, policy: ResponsePolicy): Date | null {
  requireInstant(receivedAt, "receivedAt");
  return addBusinessMilliseconds(receivedAt, policy.escalationMinutes * MS_PER_MINUTE, calendar);
}

/**
 * Counted, unanswered (as of now) and now ≥ the escalation due time. Unlike the response rules
 * this is inclusive at the due instant: it is the moment to act, not a limit an answer can meet.
 * Whether closed statuses (won/lost without a recorded reply) should escalate is the caller's
 * choice; this only looks at spam and the first response.
 */
export function needsEscalation(timing: InquiryTiming, now: Date, calendar: BusinessCalendar, policy: ResponsePolicy): boolean {
  const nowMs = requireInstant(now, "now");
  if (timing.status === "spam") return false;
  if (responseAsOf(timing, nowMs) !== null) return false;
  const due = escalationDueAt(timing.receivedAt, calendar, policy);
  return due !== null && nowMs >= due.getTime();
}

export type ResponseFigures = {
  /** Every inquiry passed in, spam included. */
  received: number;
  /** Not spam. */
  counted: number;
  /** Counted and received inside business hours (pending ones included). */
  inHoursCounted: number;
  thirtySecondHits: number;
  /** Counted in-hours inquiries that are not pending. */
  thirtySecondDenominator: number;
  /** Fraction 0..1; null when the denominator is 0. */
  thirtySecondRate: number | null;
  within24hHits: number;
  /** Counted inquiries that are not pending under the 24-hour rule. */
  within24hDenominator: number;
  within24hRate: number | null;
  /** Counted and answered (as of now), in hours or not. */
  answered: number;
  /** Sum of calendar FRT over `answered`, in ms: what the daily roll-ups store (SPEC §3). */
  frtSumMs: number;
  avgFrtSeconds: number | null;
  medianFrtSeconds: number | null;
  p90FrtSeconds: number | null;
  slaHit: number;
  slaMissed: number;
  slaPending: number;
};

/**
 * SPEC §3 figures over the given inquiries (the caller picks the period and any grouping).
 * FRT statistics are computed in ms and converted once, so seconds keep millisecond precision;
 * rounding for display is the presenter's job.
 */
export function responseFigures(
  items: InquiryTiming[],
  now: Date,
  calendar: BusinessCalendar,
  policy: ResponsePolicy,
): ResponseFigures {
  const figures: ResponseFigures = {
    received: items.length,
    counted: 0,
    inHoursCounted: 0,
    thirtySecondHits: 0,
    thirtySecondDenominator: 0,
    thirtySecondRate: null,
    within24hHits: 0,
    within24hDenominator: 0,
    within24hRate: null,
    answered: 0,
    frtSumMs: 0,
    avgFrtSeconds: null,
    medianFrtSeconds: null,
    p90FrtSeconds: null,
    slaHit: 0,
    slaMissed: 0,
    slaPending: 0,
  };
  const frts: number[] = [];

  for (const item of items) {
    const sla = inquirySla(item, now, calendar, policy);
    if (!sla.counted) continue;
    figures.counted++;
    if (sla.inBusinessHours) figures.inHoursCounted++;
    if (sla.within30s !== null) {
      figures.thirtySecondDenominator++;
      if (sla.within30s) figures.thirtySecondHits++;
    }
    if (sla.within24h !== null) {
      figures.within24hDenominator++;
      if (sla.within24h) figures.within24hHits++;
    }
    if (sla.frtMs !== null) {
      figures.answered++;
      figures.frtSumMs += sla.frtMs;
      frts.push(sla.frtMs);
    }
    if (sla.slaStatus === "hit") figures.slaHit++;
    else if (sla.slaStatus === "missed") figures.slaMissed++;
    else if (sla.slaStatus === "pending") figures.slaPending++;
  }

  figures.thirtySecondRate = rate(figures.thirtySecondHits, figures.thirtySecondDenominator);
  figures.within24hRate = rate(figures.within24hHits, figures.within24hDenominator);
  if (frts.length > 0) {
    const sorted = [...frts].sort((a, b) => a - b);
    figures.avgFrtSeconds = figures.frtSumMs / frts.length / MS_PER_SECOND;
    figures.medianFrtSeconds = (median(sorted) ?? 0) / MS_PER_SECOND;
    figures.p90FrtSeconds = (percentileNearestRank(sorted, P90) ?? 0) / MS_PER_SECOND;
  }
  return figures;
}

function sortedCopy(values: number[]): Float64Array {
  for (const v of values) {
    // NaN would sort unpredictably and poison the result silently; fail loudly instead.
    if (!Number.isFinite(v)) throw new RangeError(`Not a finite number: ${v}`);
  }
  // A typed array sorts numerically, and natively: a funnel's median sorts 50,000 values.
  return Float64Array.from(values).sort();
}

/**
 * The middle value, or the mean of the two middle values for an even count (SPEC §3); null for
 * no values. Input order does not matter and the input is not mutated.
 */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = sortedCopy(values);
  const ranks = medianRanks(sorted.length);
  return ranks.reduce((sum, rank) => sum + sorted[rank - 1]!, 0) / ranks.length;
}

/**
 * 1-based ranks whose mean is the median of n sorted values (one rank for odd n). Expressed as
 * ranks so that SQL can fetch just those rows with OFFSET instead of loading a period.
 */
export function medianRanks(n: number): [number] | [number, number] {
  return n % 2 === 1 ? [(n + 1) / 2] : [n / 2, n / 2 + 1];
}

/**
 * The median (SPEC §3: the middle value, or the mean of the two middle ones) and the nearest-rank
 * 90th percentile of `values`, which are reordered in place; null for none. Selection instead of a
 * sort: a report over three years picks three ranks among a million values in linear time.
 */
export function medianAndP90(values: Float64Array): { median: number; p90: number } | null {
  const n = values.length;
  if (n === 0) return null;
  // The library is typed for arrays; it only indexes and swaps, which a typed array does alike.
  const items = values as unknown as number[];
  const ranks = medianRanks(n);
  const lower = ranks[0] - 1;
  quickselect(items, lower);
  let median = values[lower];
  if (ranks.length === 2) {
    // Everything after `lower` is ≥ it; the next rank is the smallest of those.
    let next = values[lower + 1];
    for (let i = lower + 2; i < n; i++) if (values[i] < next) next = values[i];
    median = (median + next) / 2;
  }
  const p90Index = nearestRank(n, P90) - 1;
  if (p90Index > lower) quickselect(items, p90Index, lower + 1, n - 1);
  return { median, p90: values[p90Index] };
}

/**
 * `medianAndP90` of the union of sorted runs (ascending), which are left as they are: the response
 * roll-ups keep each group's FRTs as a sorted run, and a report picks its ranks across them.
 */
export function medianAndP90OfRuns(runs: readonly Float64Array[]): { median: number; p90: number } | null {
  const n = runs.reduce((sum, run) => sum + run.length, 0);
  if (n === 0) return null;
  const ranks = medianRanks(n);
  const [lower, upper, p90] = valuesAtRanks(runs, [ranks[0], ranks[1] ?? ranks[0], nearestRank(n, P90)]);
  return { median: (lower! + upper!) / 2, p90: p90! };
}

/** A share, or null when nothing could be counted (SPEC §3: rates are null on an empty denominator). */
export function rate(hits: number, denominator: number): number | null {
  return denominator === 0 ? null : hits / denominator;
}

/**
 * Nearest-rank percentile (SPEC §3): sorted ascending, the value at rank ⌈percent × n / 100⌉
 * (1-based; see ./percentile); null for no values. `percent` is a whole percent 1–100.
 */
export function percentileNearestRank(values: number[], percent: number): number | null {
  if (values.length === 0) {
    nearestRank(1, percent); // refuses a bad percent even without values
    return null;
  }
  const sorted = sortedCopy(values);
  return sorted[nearestRank(sorted.length, percent) - 1]!;
}

/** The inbox clock's colour band for an unanswered in-hours inquiry. */
export type ClockState = "fresh" | "warning" | "overdue";

/**
 * fresh below `warningSeconds`; warning from `warningSeconds` (inclusive) up to and including
 * the threshold, because an answer at exactly the threshold is still a hit; overdue once the
 * age is more than the threshold, i.e. exactly when inquirySla would call it a miss.
 */
export function clockState(ageMs: number, thresholdSeconds: number, warningSeconds = 20): ClockState {
  if (ageMs > thresholdSeconds * MS_PER_SECOND) return "overdue";
  if (ageMs >= warningSeconds * MS_PER_SECOND) return "warning";
  return "fresh";
}
