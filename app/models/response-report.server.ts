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
 * Everything is read from what the SLA job stored (a report never writes): the current
 * generation's daily and monthly roll-ups, whose sums give the counts and rates and whose sorted
 * FRT runs give the exact medians and nearest ranks (~/domain/sla medianAndP90OfRuns).
 */
import { and, asc, eq, gte, inArray, lte, sql, type SQL } from "drizzle-orm";
import type { DB } from "~db/client.server";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { channels, responseDaily, users } from "~db/schema";
import { addDays, lastDayOfMonth, splitIntoMonths } from "~/domain/calendar";
import type { Settings } from "~/schemas/settings";
import { medianAndP90OfRuns, rate } from "~/domain/sla";
import { splitFrtRuns } from "~db/frt-runs";
import { currentResponseGeneration } from "./sla-rollup.server";

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

/** Median and p90 in seconds (SPEC §3), exact: picked at their ranks across a group's sorted runs. */
function frtStatistics(runs: readonly Float64Array[]): { medianFrtSeconds: number | null; p90FrtSeconds: number | null } {
  const picked = medianAndP90OfRuns(runs);
  if (picked === null) return { medianFrtSeconds: null, p90FrtSeconds: null };
  return { medianFrtSeconds: picked.median / MS_PER_SECOND, p90FrtSeconds: picked.p90 / MS_PER_SECOND };
}

function figures(sums: Sums, runs: readonly Float64Array[]): ResponseReportFigures {
  return {
    counted: sums.counted,
    inHoursCounted: sums.inHoursCounted,
    thirtySecondRate: rate(sums.within30s, sums.inHoursCounted - sums.inHoursPending),
    within24hRate: rate(sums.within24h, sums.counted - sums.pending24h),
    // Same order of operations as responseFigures in ~/domain/sla, so the results are identical.
    avgFrtSeconds: sums.answered === 0 ? null : sums.frtSumMs / sums.answered / MS_PER_SECOND,
    ...frtStatistics(runs),
    slaHit: sums.slaHit,
    slaMissed: sums.slaMissed,
  };
}

/** The roll-up columns summed over a period, and the figure each gives. */
const SUM_COLUMNS: [string, keyof Sums][] = [
  ["counted", "counted"],
  ["in_hours_counted", "inHoursCounted"],
  ["in_hours_pending", "inHoursPending"],
  ["within_30s", "within30s"],
  ["pending_24h", "pending24h"],
  ["within_24h", "within24h"],
  ["answered", "answered"],
  ["frt_sum_ms", "frtSumMs"],
  ["sla_hit", "slaHit"],
  ["sla_missed", "slaMissed"],
];

type Cell = { assigneeId: number; channelId: number; runs: Float64Array[] } & Sums;

type PeriodGroups = {
  overall: Sums;
  byAssignee: ({ assigneeId: number; email: string | null; name: string | null } & Sums)[];
  byChannel: ({ channelId: number; channel: string; name: string } & Sums)[];
  /** Per assignee × channel: the sums, and every FRT of the period as the roll-up rows' sorted runs. */
  cells: Cell[];
};

const zeroSums = (): Sums => ({
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

const SUM_KEYS = Object.keys(zeroSums()) as (keyof Sums)[];

function addSums(into: Sums, from: Sums): void {
  for (const key of SUM_KEYS) into[key] += from[key];
}

/**
 * The period's sums overall, per assignee and per channel, from the current roll-ups. SQL groups
 * the period's rows once, by assignee × channel (a few hundred cells whatever the period's
 * length), joining each cell's sorted FRT runs into one blob; the three views are those cells
 * added up.
 */
function periodGroups(tx: DB, from: string, to: string, withRuns: boolean): PeriodGroups {
  const generation = currentResponseGeneration(tx);
  const split = splitIntoMonths(from, to);
  // Without the runs, their blobs are left on disk rather than carried through the grouping.
  const columns = sql.raw(
    `assignee_id, channel_id, ${SUM_COLUMNS.map(([column]) => column).join(", ")}, ${withRuns ? "frt_ms_run" : "null as frt_ms_run"}`,
  );
  const parts: SQL[] = split.dayRanges.map(
    ([first, last]) =>
      sql`select ${columns} from response_daily where generation = ${generation} and day between ${first} and ${last}`,
  );
  if (split.months) {
    const [first, last] = split.months;
    parts.push(
      sql`select ${columns} from response_monthly where generation = ${generation} and month between ${first} and ${last}`,
    );
  }
  const runs = sql.raw(`group_concat(length(frt_ms_run)) as lengths, cast(group_concat(frt_ms_run, '') as blob) as joined`);
  const cells = tx
    .all<{ assigneeId: number; channelId: number; lengths: string | null; joined: Uint8Array | null } & Sums>(
      sql`
      select assignee_id as assigneeId, channel_id as channelId,
        ${sql.raw(SUM_COLUMNS.map(([column, key]) => `coalesce(sum(${column}), 0) as ${key}`).join(", "))},
        ${runs}
      from (${sql.join(parts, sql` union all `)})
      group by assignee_id, channel_id`,
    )
    .map(({ lengths, joined, ...cell }): Cell => ({ ...cell, runs: splitFrtRuns(joined, lengths) }));
  const overall = zeroSums();
  const assigneeSums = new Map<number, Sums>();
  const channelSums = new Map<number, Sums>();
  for (const cell of cells) {
    addSums(overall, cell);
    if (!assigneeSums.has(cell.assigneeId)) assigneeSums.set(cell.assigneeId, zeroSums());
    addSums(assigneeSums.get(cell.assigneeId)!, cell);
    if (!channelSums.has(cell.channelId)) channelSums.set(cell.channelId, zeroSums());
    addSums(channelSums.get(cell.channelId)!, cell);
  }
  const people = new Map(
    tx
      .select({ id: users.id, email: users.email, name: users.name })
      .from(users)
      .where(inArray(users.id, [...assigneeSums.keys()]))
      .all()
      .map((user) => [user.id, user]),
  );
  const byAssignee = [...assigneeSums]
    .map(([assigneeId, sums]) => {
      const person = assigneeId === 0 ? undefined : people.get(assigneeId);
      return { assigneeId, email: person?.email ?? null, name: person?.name ?? null, ...sums };
    })
    // Unassigned (and any assignee whose user is gone) last, the rest by e-mail.
    .sort((a, b) =>
      a.email === null || b.email === null
        ? Number(a.email === null) - Number(b.email === null) || a.assigneeId - b.assigneeId
        : a.email < b.email
          ? -1
          : a.email > b.email
            ? 1
            : a.assigneeId - b.assigneeId,
    );
  const byChannel = tx
    .select({ channelId: channels.id, channel: channels.key, name: channels.name })
    .from(channels)
    .where(inArray(channels.id, [...channelSums.keys()]))
    .orderBy(asc(channels.sortOrder), asc(channels.id))
    .all()
    .map((channel) => ({ ...channel, ...channelSums.get(channel.channelId)! }));
  return { overall, byAssignee, byChannel, cells };
}

/**
 * The SPEC §9 report for inquiries received from `from` to `to` (team days, inclusive), read from
 * what the SLA job stored (a report never writes): the current generation's roll-ups, whose FRT
 * runs give exact medians and nearest ranks for every group in one pass.
 */
export function responseReport(db: DB, options: ResponseReportOptions): ResponseReport {
  const { from, to } = options;
  checkPeriod(from, to);
  // One read transaction: every figure comes from the same snapshot.
  return db.transaction((tx): ResponseReport => reportOf(periodGroups(tx, from, to, true), from, to), { behavior: "deferred" });
}

function checkPeriod(from: string, to: string): void {
  // Validates both days too: addDays throws on anything that is not a real "YYYY-MM-DD".
  addDays(from, 0);
  addDays(to, 0);
  if (from > to) throw new RangeError(`The period starts (${from}) after it ends (${to})`);
}

/** The report's figures from the period's groups: the FRT runs give exact medians and nearest ranks. */
function reportOf(groups: PeriodGroups, from: string, to: string): ResponseReport {
  const overallRuns: Float64Array[] = [];
  const assigneeRuns = new Map(groups.byAssignee.map((row) => [row.assigneeId, [] as Float64Array[]]));
  const channelRuns = new Map(groups.byChannel.map((row) => [row.channelId, [] as Float64Array[]]));
  for (const cell of groups.cells) {
    overallRuns.push(...cell.runs);
    assigneeRuns.get(cell.assigneeId)?.push(...cell.runs);
    channelRuns.get(cell.channelId)?.push(...cell.runs);
  }
  return {
    from,
    to,
    ...figures(groups.overall, overallRuns),
    byAssignee: groups.byAssignee.map(({ assigneeId, email, name: _name, ...sums }) => ({
      email: assigneeId === 0 ? null : email,
      ...figures(sums, assigneeRuns.get(assigneeId)!),
    })),
    byChannel: groups.byChannel.map(({ channelId, channel, name: _name, ...sums }) => ({
      channel,
      ...figures(sums, channelRuns.get(channelId)!),
    })),
  };
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

/** A day, or a month (from `day` to `to`) when the period is long: see `trendUnit`. */
export type ResponseDay = { day: string; to: string } & ResponseCounts;

export type ResponseBreakdown = {
  overall: ResponseCounts;
  /** In `responseReport`'s byAssignee order (same grouping, same ORDER BY): row i is row i there. */
  byAssignee: ({ assigneeId: number | null; email: string | null; name: string | null } & ResponseCounts)[];
  /** In `responseReport`'s byChannel order. */
  byChannel: ({ channelId: number; channel: string; name: string } & ResponseCounts)[];
  /** One row per day (per month for a long period) of the period, oldest first, zeros included. */
  trend: ResponseDay[];
  trendUnit: TrendUnit;
};

type PeriodScope = {
  /** First and last team-time-zone day ("YYYY-MM-DD"), inclusive. */
  from: string;
  to: string;
  /** Only this assignee's roll-ups; null = the unassigned ones; undefined = everyone. */
  assigneeId?: number | null;
  channelId?: number;
};

/** The scope's rows of the current roll-up generation (the one the SLA job last completed). */
function scopeCondition(db: DB, scope: PeriodScope) {
  return and(
    eq(responseDaily.generation, currentResponseGeneration(db)),
    gte(responseDaily.day, scope.from),
    lte(responseDaily.day, scope.to),
    scope.assigneeId === undefined ? undefined : eq(responseDaily.assigneeId, scope.assigneeId ?? 0),
    scope.channelId === undefined ? undefined : eq(responseDaily.channelId, scope.channelId),
  );
}

/** Periods longer than this show their trend by month: a chart and table of days stay readable. */
const TREND_DAYS_MAX = 92;
export type TrendUnit = "day" | "month";

export function trendUnit(from: string, to: string): TrendUnit {
  return addDays(from, TREND_DAYS_MAX - 1) < to ? "month" : "day";
}

/**
 * The response figures of each day (or each calendar month) from `from` to `to` from the daily
 * roll-ups: one GROUP BY, with the days or months that have no roll-up filled in as zeros (rates
 * null), so a chart's axis has no holes. Each row runs from `day` to `to`, both inside the period
 * (a month at either end of the period is cut to it). It reads the roll-ups as the SLA job stored them.
 */
export function responseTrend(db: DB, scope: PeriodScope, unit: TrendUnit = "day"): ResponseDay[] {
  addDays(scope.from, 0);
  addDays(scope.to, 0);
  if (scope.from > scope.to) throw new RangeError(`The period starts (${scope.from}) after it ends (${scope.to})`);
  const rows = unit === "day" ? dailyBuckets(db, scope) : monthlyBuckets(db, scope);
  const byBucket = new Map(rows.map(({ bucket, ...sums }) => [bucket, counts(sums)]));
  const empty = counts(zeroSums());
  const result: ResponseDay[] = [];
  for (let day = scope.from; day <= scope.to; ) {
    if (unit === "day") {
      result.push({ day, to: day, ...(byBucket.get(day) ?? empty) });
      day = addDays(day, 1);
      continue;
    }
    const monthEnd = lastDayOfMonth(day);
    const last = monthEnd < scope.to ? monthEnd : scope.to;
    result.push({ day, to: last, ...(byBucket.get(day.slice(0, 7)) ?? empty) });
    day = addDays(last, 1);
  }
  return result;
}

function dailyBuckets(db: DB, scope: PeriodScope): ({ bucket: string } & Sums)[] {
  return db
    .select({ bucket: responseDaily.day, ...sumColumns })
    .from(responseDaily)
    .where(scopeCondition(db, scope))
    .groupBy(responseDaily.day)
    .all();
}

/**
 * Month buckets: whole months from the monthly roll-ups (a row per month × assignee × channel),
 * the cut months at either end from their days, so a long period reads a few rows per month.
 */
function monthlyBuckets(db: DB, scope: PeriodScope): ({ bucket: string } & Sums)[] {
  const generation = currentResponseGeneration(db);
  const split = splitIntoMonths(scope.from, scope.to);
  const assignee = scope.assigneeId === undefined ? sql`` : sql` and assignee_id = ${scope.assigneeId ?? 0}`;
  const channel = scope.channelId === undefined ? sql`` : sql` and channel_id = ${scope.channelId}`;
  const columns = sql.raw(SUM_COLUMNS.map(([column]) => column).join(", "));
  const parts: SQL[] = split.dayRanges.map(
    ([first, last]) =>
      sql`select substr(day, 1, 7) as bucket, ${columns} from response_daily
           where generation = ${generation} and day between ${first} and ${last}${assignee}${channel}`,
  );
  if (split.months) {
    const [first, last] = split.months;
    parts.push(sql`select month as bucket, ${columns} from response_monthly
                    where generation = ${generation} and month between ${first} and ${last}${assignee}${channel}`);
  }
  return db.all<{ bucket: string } & Sums>(sql`
    select bucket, ${sql.raw(SUM_COLUMNS.map(([column, key]) => `coalesce(sum(${column}), 0) as ${key}`).join(", "))}
      from (${sql.join(parts, sql` union all `)})
     group by bucket`);
}

/** One group's counts and rates over a period from the roll-ups (e.g. one person's last 30 days). */
export function responseTotals(db: DB, scope: PeriodScope): ResponseCounts {
  return counts(db.select(sumColumns).from(responseDaily).where(scopeCondition(db, scope)).get()!);
}

/**
 * Everything the report screen shows beside `responseReport`'s figures: the counts behind each
 * rate (overall, per assignee, per channel, in the report's row order), the names to show, and the
 * trend by day or month (of one assignee when `trendAssigneeId` is given). One read transaction,
 * so the tables and the trend come from the same snapshot.
 */
export function responseBreakdown(
  db: DB,
  options: { from: string; to: string; trendAssigneeId?: number | null },
): ResponseBreakdown {
  const { from, to } = options;
  return db.transaction(
    // Exactly responseReport's groups and order, so the rows line up with its byAssignee.
    (tx): ResponseBreakdown => breakdownOf(tx, periodGroups(tx, from, to, false), options),
    { behavior: "deferred" },
  );
}

function breakdownOf(
  tx: DB,
  groups: PeriodGroups,
  options: { from: string; to: string; trendAssigneeId?: number | null },
): ResponseBreakdown {
  const { from, to } = options;
  const overall = counts(groups.overall);
  const byAssignee = groups.byAssignee.map(({ assigneeId, email, name, ...sums }) => ({
    assigneeId: assigneeId === 0 ? null : assigneeId,
    email: assigneeId === 0 ? null : email,
    name: assigneeId === 0 ? null : name,
    ...counts(sums),
  }));
  const byChannel = groups.byChannel.map(({ channelId, channel, name, ...sums }) => ({
    channelId,
    channel,
    name,
    ...counts(sums),
  }));
  const unit = trendUnit(from, to);
  const trend = responseTrend(tx, { from, to, assigneeId: options.trendAssigneeId }, unit);
  return { overall, byAssignee, byChannel, trend, trendUnit: unit };
}

/**
 * What the report screen shows, in one read: `responseReport`'s figures and `responseBreakdown`'s
 * counts and trend, both from the same grouping of the period's roll-ups (read once, with the FRT
 * runs), so each is exactly what the two functions return on their own.
 */
export function responseReportPage(
  db: DB,
  options: ResponseReportOptions & { trendAssigneeId?: number | null },
): { report: ResponseReport; breakdown: ResponseBreakdown } {
  const { from, to } = options;
  checkPeriod(from, to);
  return db.transaction(
    (tx) => {
      const groups = periodGroups(tx, from, to, true);
      return { report: reportOf(groups, from, to), breakdown: breakdownOf(tx, groups, options) };
    },
    { behavior: "deferred" },
  );
}
