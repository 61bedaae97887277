import { sql, type SQL } from "drizzle-orm";
import type { DB } from "~db/client.server";
import { addDays, isCalendarDay, startOfLocalDay } from "~/domain/calendar";
import {
  channelEconomics,
  FUNNEL_SPLITS,
  funnelStages,
  monthOf,
  spendInPeriodMinor,
  type FunnelCounts,
  type FunnelSplit,
  type FunnelStageFigures,
  type MonthSpend,
} from "~/domain/funnel";
import type { Settings } from "~/schemas/settings";
import { medianAndP90 } from "~/domain/sla";
import { orderCounts, pluckColumn } from "./sql.server";

/**
 * The funnel report of SPEC §7 for a cohort: the counted (non-spam) inquiries received from day
 * `from` to day `to`, both included, in the team's time zone.
 *
 * Stages, each by its own rule, counted in SQL from the per-inquiry facts the SLA job's pass
 * stores (./funnel-facts.server.ts, which applies the rules below) through one covering index;
 * the cohort is never loaded into JavaScript and a report never writes:
 * - received: every inquiry of the cohort;
 * - responded: it has a first response (first_response_at is set);
 * - quoted: it has a quote that was sent (sent_at set, or status sent/accepted/rejected/expired);
 * - won: a non-cancelled order is linked to it directly (orders.inquiry_id) or through one of
 *   its quotes (orders.quote_id);
 * - repeat: the customer of the inquiry's *first won order* placed another non-cancelled order
 *   ordered strictly after it and at most 365 days (365 × 24 h) after it. The first won order is
 *   the earliest of the inquiry's won orders by ordered_at, ties broken by the lower order id.
 *
 * Sales cycle: for each won inquiry, first won order's ordered_at − received_at in days
 * (fractional, 24 h days); the median is SPEC §3's: the middle value of the sorted list, or the
 * mean of the two middle values.
 *
 * Orders count however long after the period they were placed: the cohort is the period's
 * inquiries, followed to today.
 */

export { FUNNEL_SPLITS, type FunnelSplit };

export type FunnelReportOptions = {
  /** First day of the cohort, "YYYY-MM-DD" in the team's time zone. */
  from: string;
  /** Last day of the cohort, included. */
  to: string;
  settings: Settings;
  split?: FunnelSplit;
};

export type ChannelEconomicsRow = {
  channel: string;
  channelName: string;
  inquiries: number;
  won: number;
  /** Base-currency minor units. */
  revenueMinor: number;
  spendMinor: number;
  cpaMinor: number | null;
  costPerWonMinor: number | null;
  roas: number | null;
};

export type FunnelGroup = {
  /** channel key, assignee e-mail, ISO country code or product SKU; null = none recorded. */
  key: string | null;
  label: string | null;
  stages: FunnelStageFigures[];
  medianDaysToWon: number | null;
};

export type FunnelReport = {
  from: string;
  to: string;
  currency: string;
  stages: FunnelStageFigures[];
  medianDaysToWon: number | null;
  byChannel: ChannelEconomicsRow[];
  split?: { by: FunnelSplit; groups: FunnelGroup[] };
};

const MS_PER_DAY = 86_400_000;

/** The cohort: counted inquiries received in [start, end), read through inquiries_funnel_idx. */
const cohortOf = (start: number, end: number) => sql`i.received_at >= ${start} and i.received_at < ${end} and i.status <> 'spam'`;

/**
 * A split: the inquiry's column it groups by, and how that column's value becomes the group's key
 * and label (a channel key, an e-mail, a country, a SKU).
 */
type SplitSql = {
  column: SQL;
  join: SQL;
  key: SQL;
  label: SQL;
  /**
   * The same grouping from a daily roll-up, when one has it: per channel from
   * funnel_daily_channels (a few rows a day), per assignee from funnel_daily.
   */
  daily: { table: SQL; fk: SQL } | null;
};

export function splitSql(by: FunnelSplit): SplitSql {
  switch (by) {
    case "channel":
      return {
        column: sql`i.channel_id`,
        join: sql`left join channels x on x.id = s.fk`,
        key: sql`x.key`,
        label: sql`x.name`,
        daily: { table: sql`funnel_daily_channels`, fk: sql`d.channel_id` },
      };
    case "assignee":
      return {
        column: sql`i.assignee_id`,
        join: sql`left join users x on x.id = s.fk`,
        key: sql`x.email`,
        label: sql`x.name`,
        daily: { table: sql`funnel_daily`, fk: sql`nullif(d.assignee_id, 0)` },
      };
    case "country":
      return {
        column: sql`i.customer_id`,
        join: sql`left join customers x on x.id = s.fk`,
        key: sql`x.country`,
        label: sql`x.country`,
        daily: null,
      };
    case "product":
      return {
        column: sql`i.product_id`,
        join: sql`left join products x on x.id = s.fk`,
        key: sql`x.sku`,
        label: sql`x.name`,
        daily: null,
      };
  }
}

type StageRow = {
  key: string | null;
  label: string | null;
  received: number;
  responded: number;
  quoted: number;
  won: number;
  repeated: number;
};

/** A cohort: its first and last day, and the instants they start and end at in the team's time zone. */
type Cohort = { from: string; to: string; start: number; end: number };

/**
 * Stage counts per group. By channel or assignee (and for the totals) they are summed from the
 * daily roll-ups the triggers keep (funnel_daily_channels, funnel_daily); by country or product the
 * cohort's stored facts are grouped by the split's column, and only the (few) groups are joined
 * to their names and regrouped by key.
 */
function stageCounts(db: DB, cohort: Cohort, split: SplitSql): StageRow[] {
  return db.all<StageRow>(stageCountsSql(cohort, split));
}

export function stageCountsSql({ from, to, start, end }: Cohort, split: SplitSql): SQL {
  const groups = split.daily
    ? sql`select ${split.daily.fk} as fk, sum(d.received) as received, sum(d.responded) as responded, sum(d.quoted) as quoted,
                 sum(d.won) as won, sum(d.repeated) as repeated
            from ${split.daily.table} d
           where d.day >= ${from} and d.day <= ${to}
           group by 1`
    : sql`select ${split.column} as fk, count(*) as received, sum(i.first_response_at is not null) as responded,
                 sum(i.funnel_quoted) as quoted, sum(i.won_at is not null) as won, sum(i.funnel_repeat) as repeated
            from inquiries i
           where ${cohortOf(start, end)}
           group by 1`;
  return sql`
    select ${split.key} as key, ${split.label} as label,
           sum(s.received) as received, sum(s.responded) as responded, sum(s.quoted) as quoted,
           sum(s.won) as won, sum(s.repeated) as repeated
      from (${groups}) s ${split.join}
     group by 1, 2
    having sum(s.received) > 0`;
}

/**
 * The median of (first won order − received) per group, in days. Without a split the differences
 * are read as one column (no object per won inquiry: 50,000 of them over three years); by group
 * each group's come out of SQLite as one comma-separated list.
 */
function medianDaysToWon(db: DB, start: number, end: number, split: SplitSql | null): Map<string | null, number> {
  const wonInquiries = sql`from inquiries i where ${cohortOf(start, end)} and i.won_at is not null`;
  // Selection, not a sort: the same median (SPEC §3) among 50,000 values in linear time.
  const medianDays = (values: number[]) => medianAndP90(Float64Array.from(values))!.median / MS_PER_DAY;
  if (!split) {
    const values = pluckColumn(db, sql`select i.won_at - i.received_at ${wonInquiries}`);
    return values.length === 0 ? new Map() : new Map([[null, medianDays(values)]]);
  }
  const rows = db.all<{ key: string | null; list: string }>(sql`
    select ${split.key} as key, s.list as list
      from (select ${split.column} as fk, group_concat(i.won_at - i.received_at) as list ${wonInquiries} group by 1) s
      ${split.join}`);
  const byKey = new Map<string | null, number[]>();
  for (const row of rows) {
    const list = byKey.get(row.key) ?? [];
    for (const value of row.list.split(",")) list.push(Number(value));
    byKey.set(row.key, list);
  }
  return new Map([...byKey].map(([key, values]) => [key, medianDays(values)]));
}

/**
 * Revenue per channel of the cohort's won inquiries' orders (an order linked to several of the
 * channel's inquiries counts once). Each won inquiry stores its orders' total (funnel facts); those
 * whose orders are linked to no other inquiry are added up from their index alone. For the few
 * with an order shared with another inquiry, the orders are followed from them, each counted once
 * per channel. The joins run from the inquiries (their partial index) to their quotes and orders, in
 * that order: with statistics of a log where few orders have a quote, SQLite would otherwise read
 * every order for each inquiry.
 */
export function channelRevenueSql(start: number, end: number): SQL {
  return sql`
    select channel_id as channelId, sum(revenue) as revenueMinor from (
      select i.channel_id, sum(i.won_revenue_minor) as revenue
        from inquiries i indexed by inquiries_won_idx
       where ${cohortOf(start, end)} and i.won_at is not null and i.won_order_shared = 0
       group by i.channel_id
      union all
      select channel_id, sum(total_base_minor) from (
        select i.channel_id, o.id, o.total_base_minor
          from inquiries i indexed by inquiries_won_idx cross join orders o indexed by orders_inquiry_idx on o.inquiry_id = i.id
         where ${cohortOf(start, end)} and i.won_at is not null and i.won_order_shared = 1 and ${orderCounts("o")}
        union
        select i.channel_id, o.id, o.total_base_minor
          from inquiries i indexed by inquiries_won_idx cross join quotes q on q.inquiry_id = i.id cross join orders o indexed by orders_quote_idx on o.quote_id = q.id
         where ${cohortOf(start, end)} and i.won_at is not null and i.won_order_shared = 1 and ${orderCounts("o")}
      ) group by channel_id
    ) group by channel_id`;
}

function countsOf(row: StageRow | undefined): FunnelCounts {
  return {
    received: row?.received ?? 0,
    responded: row?.responded ?? 0,
    quoted: row?.quoted ?? 0,
    won: row?.won ?? 0,
    repeat: row?.repeated ?? 0,
  };
}

function requireDay(day: string, what: string): void {
  if (!isCalendarDay(day)) throw new RangeError(`${what} must be a "YYYY-MM-DD" day, got ${JSON.stringify(day)}`);
}

export function funnelReport(db: DB, { from, to, settings, split }: FunnelReportOptions): FunnelReport {
  requireDay(from, "from");
  requireDay(to, "to");
  if (from > to) throw new RangeError(`from (${from}) is after to (${to})`);
  const timeZone = settings.general.timeZone;
  const baseCurrency = settings.general.baseCurrency;
  const start = startOfLocalDay(from, timeZone).getTime();
  const end = startOfLocalDay(addDays(to, 1), timeZone).getTime();
  // One pass over the cohort by channel gives the channel economics and, added up, the totals.
  const channelSplit = splitSql("channel");
  const cohort: Cohort = { from, to, start, end };
  const channelStages = stageCounts(db, cohort, channelSplit);
  const total: StageRow = { key: null, label: null, received: 0, responded: 0, quoted: 0, won: 0, repeated: 0 };
  for (const row of channelStages) {
    total.received += row.received;
    total.responded += row.responded;
    total.quoted += row.quoted;
    total.won += row.won;
    total.repeated += row.repeated;
  }
  const median = medianDaysToWon(db, start, end, null).get(null);

  // Channel economics: revenue of each channel's won orders (an order linked to several of the
  // channel's inquiries counts once), from the cohort's won inquiries only; spend pro rata by days.
  const byChannelCounts = new Map(channelStages.map((row) => [row.key, row]));
  const revenueRows = db.all<{ channelId: number; revenueMinor: number }>(channelRevenueSql(start, end));
  const revenueByChannel = new Map(revenueRows.map((row) => [row.channelId, row.revenueMinor]));
  const spendRows = db.all<MonthSpend & { channelId: number }>(sql`
    select channel_id as channelId, month, amount_minor as amountMinor, currency, fx_rate as fxRate
      from channel_spend
     where month >= ${monthOf(from)} and month <= ${monthOf(to)}`);
  const spendByChannel = new Map<number, MonthSpend[]>();
  for (const row of spendRows) {
    const list = spendByChannel.get(row.channelId) ?? [];
    list.push(row);
    spendByChannel.set(row.channelId, list);
  }
  const channelRows = db.all<{ id: number; key: string; name: string }>(sql`
    select id, key, name from channels order by sort_order, id`);
  const byChannel: ChannelEconomicsRow[] = [];
  for (const channel of channelRows) {
    const counts = countsOf(byChannelCounts.get(channel.key));
    const revenueMinor = revenueByChannel.get(channel.id) ?? 0;
    const spendMinor = spendInPeriodMinor(spendByChannel.get(channel.id) ?? [], from, to, baseCurrency);
    if (counts.received === 0 && spendMinor === 0) continue;
    byChannel.push({
      channel: channel.key,
      channelName: channel.name,
      inquiries: counts.received,
      won: counts.won,
      revenueMinor,
      spendMinor,
      ...channelEconomics({ inquiries: counts.received, won: counts.won, revenueMinor, spendMinor }),
    });
  }

  const report: FunnelReport = {
    from,
    to,
    currency: baseCurrency,
    stages: funnelStages(countsOf(total)),
    medianDaysToWon: median === undefined || Number.isNaN(median) ? null : median,
    byChannel,
  };

  if (split) {
    const splitColumns = splitSql(split);
    const medians = medianDaysToWon(db, start, end, splitColumns);
    const groups = (split === "channel" ? channelStages : stageCounts(db, cohort, splitColumns))
      .map((row) => ({
        key: row.key,
        label: row.label,
        stages: funnelStages(countsOf(row)),
        medianDaysToWon: medians.get(row.key) ?? null,
      }))
      .sort((a, b) => b.stages[0].count - a.stages[0].count || compareKeys(a.key, b.key));
    report.split = { by: split, groups };
  }
  return report;
}

/** Named groups first (alphabetically), "none recorded" last. */
function compareKeys(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}
