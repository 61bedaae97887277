/**
 * The response report (SPEC §3 figures, SPEC §9 `report response --from D1 --to D2 [--json]`).
 * `npm run crm -- report response` prints what `responseReport` returns, and the report screen is
 * meant to call the same function, so the command line and the screen cannot disagree.
 *
 * The period is the inquiries *received* on the team-time-zone days D1 … D2 inclusive (their
 * received_day). Figures, all as of `now`:
 * - counted: inquiries that are not spam (pending ones included).
 * - inHoursCounted: counted inquiries received inside business hours (pending ones included).
 * - thirtySecondRate: among counted in-hours inquiries, those answered within the threshold,
 *   divided by those that are not pending (pending = unanswered and not yet more than the
 *   threshold old). A fraction 0..1; null when that denominator is 0.
 * - within24hRate: among counted inquiries, those answered within 24 h, divided by those not
 *   pending under the 24-hour rule (unanswered and not yet more than 24 h old); null when 0.
 * - avgFrtSeconds / medianFrtSeconds / p90FrtSeconds: calendar FRT of counted, answered
 *   inquiries (in hours or not), in seconds with millisecond precision; the median is the middle
 *   value or the mean of the two middle ones, p90 the nearest rank ⌈0.9 n⌉; null with no answer.
 * - slaHit / slaMissed: business SLA outcomes of counted out-of-hours inquiries.
 * So a pending inquiry appears only in `counted` (and `inHoursCounted` when received in hours):
 * it is in neither rate's numerator nor denominator, in no FRT statistic (it has no answer yet)
 * and in neither slaHit nor slaMissed (its SLA status is `pending`).
 * byAssignee (email; null = unassigned) and byChannel (channel key) give the same figures for
 * each assignee and channel with at least one inquiry in the period.
 *
 * Counts and sums are read from the daily roll-ups (response_daily) in SQL; median and p90 are
 * picked in SQL from the period's inquiries with ORDER BY frt_ms LIMIT/OFFSET at the right rank.
 * Before reading, the period is refreshed: its unsettled and recently changed inquiries are
 * recomputed and their days' roll-ups rebuilt (see refreshResponsePeriod).
 */
import { and, asc, eq, gte, isNotNull, isNull, lte, ne, sql, type SQL } from "drizzle-orm";
import type { DB } from "~db/client.server";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { channels, inquiries, responseDaily, users } from "~db/schema";
import { addDays, startOfLocalDay } from "~/domain/calendar";
import type { Settings } from "~/schemas/settings";
import { medianRanks, nearestRank, rate } from "~/domain/sla";
import {
  CHANGED_SINCE_OVERLAP_MS,
  lastSlaRun,
  rebuildResponseDays,
  recentCandidateIds,
  recomputeInquirySlaByIds,
} from "./sla-rollup.server";

export type ResponseReportFigures = {
  counted: number;
  inHoursCounted: number;
  thirtySecondRate: number | null;
  within24hRate: number | null;
  avgFrtSeconds: number | null;
  medianFrtSeconds: number | null;
  p90FrtSeconds: number | null;
  slaHit: number;
  slaMissed: number;
};

export type ResponseReport = { from: string; to: string } & ResponseReportFigures & {
    byAssignee: ({ email: string | null } & ResponseReportFigures)[];
    byChannel: ({ channel: string } & ResponseReportFigures)[];
  };

export type ResponseReportOptions = {
  /** First and last team-time-zone day ("YYYY-MM-DD"), inclusive. */
  from: string;
  to: string;
  settings: Settings;
  /** The instant the figures are as of; defaults to the clock. */
  now?: Date;
};

const MS_PER_SECOND = 1000;

type Sums = {
  counted: number;
  inHoursCounted: number;
  inHoursPending: number;
  within30s: number;
  pending24h: number;
  within24h: number;
  answered: number;
  frtSumMs: number;
  slaHit: number;
  slaMissed: number;
};

// sum() of an integer column is an integer in SQLite; null (no rows) becomes 0.
const total = (column: SQLiteColumn) => sql<number>`coalesce(sum(${column}), 0)`.mapWith(Number);
const sumColumns = {
  counted: total(responseDaily.counted),
  inHoursCounted: total(responseDaily.inHoursCounted),
  inHoursPending: total(responseDaily.inHoursPending),
  within30s: total(responseDaily.within30s),
  pending24h: total(responseDaily.pending24h),
  within24h: total(responseDaily.within24h),
  answered: total(responseDaily.answered),
  frtSumMs: total(responseDaily.frtSumMs),
  slaHit: total(responseDaily.slaHit),
  slaMissed: total(responseDaily.slaMissed),
};

/** The FRT order statistics of one group, picked by SQL at their ranks. */
function frtStatistics(db: DB, from: string, to: string, group: SQL | undefined) {
  const answered = and(
    gte(inquiries.receivedDay, from),
    lte(inquiries.receivedDay, to),
    ne(inquiries.status, "spam"),
    isNotNull(inquiries.frtMs),
    group,
  );
  const n = db.select({ n: sql<number>`count(*)` }).from(inquiries).where(answered).get()?.n ?? 0;
  if (n === 0) return { medianFrtSeconds: null, p90FrtSeconds: null };
  const valuesFrom = (rank: number, count: number) =>
    db
      .select({ frtMs: inquiries.frtMs })
      .from(inquiries)
      .where(answered)
      .orderBy(asc(inquiries.frtMs))
      .limit(count)
      .offset(rank - 1)
      .all()
      .map((row) => row.frtMs!);
  const ranks = medianRanks(n);
  const middle = valuesFrom(ranks[0], ranks.length);
  const medianMs = middle.length === 2 ? (middle[0] + middle[1]) / 2 : middle[0];
  const [p90Ms] = valuesFrom(nearestRank(n, 0.9), 1);
  return { medianFrtSeconds: medianMs / MS_PER_SECOND, p90FrtSeconds: p90Ms / MS_PER_SECOND };
}

function figures(db: DB, from: string, to: string, sums: Sums, group: SQL | undefined): ResponseReportFigures {
  return {
    counted: sums.counted,
    inHoursCounted: sums.inHoursCounted,
    thirtySecondRate: rate(sums.within30s, sums.inHoursCounted - sums.inHoursPending),
    within24hRate: rate(sums.within24h, sums.counted - sums.pending24h),
    // Same order of operations as responseFigures in ~/domain/sla, so the results are identical.
    avgFrtSeconds: sums.answered === 0 ? null : sums.frtSumMs / sums.answered / MS_PER_SECOND,
    ...frtStatistics(db, from, to, group),
    slaHit: sums.slaHit,
    slaMissed: sums.slaMissed,
  };
}

/**
 * Brings the period's stored figures up to `now`: the recent pass of the SLA job restricted to
 * inquiries received in the period (unsettled ones, those changed since the job's last successful
 * run, those without a received_day; everything in the period when the job never ran), then the
 * roll-ups of their days. Cheap when the job runs as scheduled.
 */
export function refreshResponsePeriod(db: DB, options: { from: string; to: string; settings: Settings; now: Date }) {
  const { settings, now } = options;
  const timeZone = settings.general.timeZone;
  const last = lastSlaRun(db);
  const ids = recentCandidateIds(db, {
    now,
    changedSince: last ? new Date(last.now.getTime() - CHANGED_SINCE_OVERLAP_MS) : null,
    receivedFrom: startOfLocalDay(options.from, timeZone),
    receivedBefore: startOfLocalDay(addDays(options.to, 1), timeZone),
  });
  const recomputed = recomputeInquirySlaByIds(db, ids, { now, settings });
  const rebuilt = rebuildResponseDays(db, recomputed.days, now);
  return { examined: recomputed.examined, changed: recomputed.changed, daysRebuilt: rebuilt.days };
}

/** The SPEC §9 report for inquiries received from `from` to `to` (team days, inclusive). */
export function responseReport(db: DB, options: ResponseReportOptions): ResponseReport {
  const { from, to, settings } = options;
  const now = options.now ?? new Date();
  // Validates both days too: addDays throws on anything that is not a real "YYYY-MM-DD".
  addDays(from, 0);
  addDays(to, 0);
  if (from > to) throw new RangeError(`The period starts (${from}) after it ends (${to})`);

  refreshResponsePeriod(db, { from, to, settings, now });

  // One read transaction: every figure comes from the same snapshot.
  return db.transaction(
    (tx): ResponseReport => {
      const inPeriod = and(gte(responseDaily.day, from), lte(responseDaily.day, to));
      const overall = tx.select(sumColumns).from(responseDaily).where(inPeriod).get()!;

      const byAssignee = tx
        .select({ assigneeId: responseDaily.assigneeId, email: users.email, ...sumColumns })
        .from(responseDaily)
        .leftJoin(users, eq(users.id, responseDaily.assigneeId))
        .where(inPeriod)
        .groupBy(responseDaily.assigneeId)
        // Unassigned (and any assignee whose user is gone) last, the rest by e-mail.
        .orderBy(sql`${users.email} is null`, asc(users.email), asc(responseDaily.assigneeId))
        .all()
        .map(({ assigneeId, email, ...sums }) => ({
          email: assigneeId === 0 ? null : email,
          ...figures(tx, from, to, sums, assigneeId === 0 ? isNull(inquiries.assigneeId) : eq(inquiries.assigneeId, assigneeId)),
        }));

      const byChannel = tx
        .select({ channelId: responseDaily.channelId, channel: channels.key, ...sumColumns })
        .from(responseDaily)
        .innerJoin(channels, eq(channels.id, responseDaily.channelId))
        .where(inPeriod)
        .groupBy(responseDaily.channelId)
        .orderBy(asc(channels.sortOrder), asc(channels.id))
        .all()
        .map(({ channelId, channel, ...sums }) => ({
          channel,
          ...figures(tx, from, to, sums, eq(inquiries.channelId, channelId)),
        }));

      return { from, to, ...figures(tx, from, to, overall, undefined), byAssignee, byChannel };
    },
    { behavior: "deferred" },
  );
}

// ---------------------------------------------------------------------------------------------
// The report screen's extras: the counts behind each rate, and the daily trend
// ---------------------------------------------------------------------------------------------

/**
 * The counts behind a group's figures, read from the same roll-up columns as `responseReport`
 * and combined by the same formulas, so `thirtySecondHits / (thirtySecondHits +
 * thirtySecondMisses)` is exactly the report's thirtySecondRate (and the same for 24 h). Each count
 * has a drill-down (`ResponseMetric`) that lists the inquiries behind it from their stored columns.
 */
export type ResponseCounts = {
  counted: number;
  inHoursCounted: number;
  thirtySecondHits: number;
  /** Counted in-hours inquiries answered later than the threshold, or unanswered and older. */
  thirtySecondMisses: number;
  within24hHits: number;
  within24hMisses: number;
  slaHit: number;
  slaMissed: number;
  thirtySecondRate: number | null;
  within24hRate: number | null;
};

function counts(sums: Sums): ResponseCounts {
  const thirtySecondDecided = sums.inHoursCounted - sums.inHoursPending;
  const within24hDecided = sums.counted - sums.pending24h;
  return {
    counted: sums.counted,
    inHoursCounted: sums.inHoursCounted,
    thirtySecondHits: sums.within30s,
    thirtySecondMisses: thirtySecondDecided - sums.within30s,
    within24hHits: sums.within24h,
    within24hMisses: within24hDecided - sums.within24h,
    slaHit: sums.slaHit,
    slaMissed: sums.slaMissed,
    thirtySecondRate: rate(sums.within30s, thirtySecondDecided),
    within24hRate: rate(sums.within24h, within24hDecided),
  };
}

export type ResponseDay = { day: string } & ResponseCounts;

export type ResponseBreakdown = {
  overall: ResponseCounts;
  /** In `responseReport`'s byAssignee order (same grouping, same ORDER BY): row i is row i there. */
  byAssignee: ({ assigneeId: number | null; email: string | null; name: string | null } & ResponseCounts)[];
  /** In `responseReport`'s byChannel order. */
  byChannel: ({ channelId: number; channel: string; name: string } & ResponseCounts)[];
  /** One row per day of the period, oldest first (days without inquiries have zero counts). */
  trend: ResponseDay[];
};

type PeriodScope = {
  /** First and last team-time-zone day ("YYYY-MM-DD"), inclusive. */
  from: string;
  to: string;
  /** Only this assignee's roll-ups; null = the unassigned ones; undefined = everyone. */
  assigneeId?: number | null;
  channelId?: number;
};

function scopeCondition(scope: PeriodScope) {
  return and(
    gte(responseDaily.day, scope.from),
    lte(responseDaily.day, scope.to),
    scope.assigneeId === undefined ? undefined : eq(responseDaily.assigneeId, scope.assigneeId ?? 0),
    scope.channelId === undefined ? undefined : eq(responseDaily.channelId, scope.channelId),
  );
}

/**
 * The response figures of each day from `from` to `to` from the daily roll-ups: one GROUP BY day,
 * with the days that have no roll-up filled in as zeros (rates null), so a chart's axis has no
 * holes. It reads the roll-ups as they are; `responseReport` (or the SLA job) brings them up to
 * date first.
 */
export function responseTrend(db: DB, scope: PeriodScope): ResponseDay[] {
  addDays(scope.from, 0);
  addDays(scope.to, 0);
  if (scope.from > scope.to) throw new RangeError(`The period starts (${scope.from}) after it ends (${scope.to})`);
  const rows = db
    .select({ day: responseDaily.day, ...sumColumns })
    .from(responseDaily)
    .where(scopeCondition(scope))
    .groupBy(responseDaily.day)
    .orderBy(asc(responseDaily.day))
    .all();
  const byDay = new Map(rows.map(({ day, ...sums }) => [day, counts(sums)]));
  const empty = counts({
    counted: 0,
    inHoursCounted: 0,
    inHoursPending: 0,
    within30s: 0,
    pending24h: 0,
    within24h: 0,
    answered: 0,
    frtSumMs: 0,
    slaHit: 0,
    slaMissed: 0,
  });
  const days: ResponseDay[] = [];
  for (let day = scope.from; day <= scope.to; day = addDays(day, 1)) {
    days.push({ day, ...(byDay.get(day) ?? empty) });
  }
  return days;
}

/** One group's counts and rates over a period from the roll-ups (e.g. one person's last 30 days). */
export function responseTotals(db: DB, scope: PeriodScope): ResponseCounts {
  return counts(db.select(sumColumns).from(responseDaily).where(scopeCondition(scope)).get()!);
}

/**
 * Everything the report screen shows beside `responseReport`'s figures: the counts behind each
 * rate (overall, per assignee, per channel, in the report's row order), the names to show, and the
 * daily trend (of one assignee when `trendAssigneeId` is given). One read transaction, so the
 * tables and the trend come from the same snapshot. Call it right after `responseReport`, which
 * refreshes the period's roll-ups.
 */
export function responseBreakdown(
  db: DB,
  options: { from: string; to: string; trendAssigneeId?: number | null },
): ResponseBreakdown {
  const { from, to } = options;
  return db.transaction(
    (tx): ResponseBreakdown => {
      const inPeriod = scopeCondition({ from, to });
      const overall = counts(tx.select(sumColumns).from(responseDaily).where(inPeriod).get()!);
      const byAssignee = tx
        .select({ assigneeId: responseDaily.assigneeId, email: users.email, name: users.name, ...sumColumns })
        .from(responseDaily)
        .leftJoin(users, eq(users.id, responseDaily.assigneeId))
        .where(inPeriod)
        .groupBy(responseDaily.assigneeId)
        // Exactly responseReport's order, so the rows line up with its byAssignee.
        .orderBy(sql`${users.email} is null`, asc(users.email), asc(responseDaily.assigneeId))
        .all()
        .map(({ assigneeId, email, name, ...sums }) => ({
          assigneeId: assigneeId === 0 ? null : assigneeId,
          email: assigneeId === 0 ? null : email,
          name: assigneeId === 0 ? null : name,
          ...counts(sums),
        }));
      const byChannel = tx
        .select({ channelId: responseDaily.channelId, channel: channels.key, name: channels.name, ...sumColumns })
        .from(responseDaily)
        .innerJoin(channels, eq(channels.id, responseDaily.channelId))
        .where(inPeriod)
        .groupBy(responseDaily.channelId)
        .orderBy(asc(channels.sortOrder), asc(channels.id))
        .all()
        .map(({ channelId, channel, name, ...sums }) => ({ channelId, channel, name, ...counts(sums) }));
      const trend = responseTrend(tx, { from, to, assigneeId: options.trendAssigneeId });
      return { overall, byAssignee, byChannel, trend };
    },
    { behavior: "deferred" },
  );
}
