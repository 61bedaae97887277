import { sql, type SQL } from "drizzle-orm";
import type { DB } from "~db/client.server";
import { addDays, startOfLocalDay } from "~/domain/calendar";
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
import { orderCounts, quoteWasSent } from "./sql.server";

/**
 * The funnel report of SPEC §7 for a cohort: the counted (non-spam) inquiries received from day
 * `from` to day `to`, both included, in the team's time zone.
 *
 * Stages, each by its own rule and counted in SQL (EXISTS over indexed columns; the cohort is
 * never loaded into JavaScript):
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
 * mean of the two middle values (rows numbered 1..n in SQL, rows ⌊(n+1)/2⌋ and ⌊(n+2)/2⌋
 * averaged: one row when n is odd, the two middle rows when n is even).
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
const REPEAT_WINDOW_MS = 365 * MS_PER_DAY;

/**
 * The cohort and, per inquiry, how far it went. `reached` has one row per cohort inquiry with
 * 0/1 flags, `won_at` (the first won order's ordered_at) and the split columns.
 */
function funnelCtes(start: number, end: number): SQL {
  return sql`
    with cohort as (
      select i.id, i.channel_id, i.assignee_id, i.customer_id, i.product_id, i.received_at, i.first_response_at
        from inquiries i
       where i.received_at >= ${start} and i.received_at < ${end} and i.status <> 'spam'
    ),
    linked as (
      select c.id as inquiry_id, o.id as order_id, o.customer_id, o.ordered_at, o.total_base_minor
        from cohort c join orders o on o.inquiry_id = c.id
       where ${orderCounts("o")}
      union
      select c.id, o.id, o.customer_id, o.ordered_at, o.total_base_minor
        from cohort c join quotes q on q.inquiry_id = c.id join orders o on o.quote_id = q.id
       where ${orderCounts("o")}
    ),
    first_won as (
      select inquiry_id, customer_id, ordered_at from (
        select inquiry_id, customer_id, ordered_at,
               row_number() over (partition by inquiry_id order by ordered_at, order_id) as rn
          from linked
      ) where rn = 1
    ),
    reached as (
      select c.id, c.channel_id, c.assignee_id, c.customer_id, c.product_id, c.received_at,
             c.first_response_at is not null as responded,
             exists (
               select 1 from quotes q
                where q.inquiry_id = c.id and ${quoteWasSent("q")}
             ) as quoted,
             fw.ordered_at as won_at,
             fw.ordered_at is not null and exists (
               select 1 from orders o
                where o.customer_id = fw.customer_id and ${orderCounts("o")}
                  and o.ordered_at > fw.ordered_at and o.ordered_at <= fw.ordered_at + ${REPEAT_WINDOW_MS}
             ) as repeated
        from cohort c left join first_won fw on fw.inquiry_id = c.id
    )`;
}

type SplitSql = { key: SQL; label: SQL; join: SQL };

const NO_SPLIT: SplitSql = { key: sql`null`, label: sql`null`, join: sql`` };

function splitSql(by: FunnelSplit): SplitSql {
  switch (by) {
    case "channel":
      return { key: sql`ch.key`, label: sql`ch.name`, join: sql`left join channels ch on ch.id = r.channel_id` };
    case "assignee":
      return { key: sql`u.email`, label: sql`u.name`, join: sql`left join users u on u.id = r.assignee_id` };
    case "country":
      return { key: sql`cu.country`, label: sql`cu.country`, join: sql`left join customers cu on cu.id = r.customer_id` };
    case "product":
      return { key: sql`p.sku`, label: sql`p.name`, join: sql`left join products p on p.id = r.product_id` };
  }
}

type StageRow = {
  key: string | null;
  label: string | null;
  received: number;
  responded: number | null;
  quoted: number | null;
  won: number | null;
  repeated: number | null;
};

function stageCounts(db: DB, ctes: SQL, split: SplitSql): StageRow[] {
  return db.all<StageRow>(sql`${ctes}
    select ${split.key} as key, ${split.label} as label,
           count(*) as received, sum(r.responded) as responded, sum(r.quoted) as quoted,
           sum(r.won_at is not null) as won, sum(r.repeated) as repeated
      from reached r ${split.join}
     group by 1, 2`);
}

function medianDaysToWon(db: DB, ctes: SQL, split: SplitSql): Map<string | null, number> {
  const rows = db.all<{ key: string | null; medianMs: number | null }>(sql`${ctes},
    cycle as (
      select ${split.key} as key, r.won_at - r.received_at as ms
        from reached r ${split.join}
       where r.won_at is not null
    ),
    ranked as (
      select key, ms,
             row_number() over (partition by key order by ms) as rn,
             count(*) over (partition by key) as n
        from cycle
    )
    select key, avg(ms) as medianMs from ranked where rn in ((n + 1) / 2, (n + 2) / 2) group by key`);
  return new Map(rows.map((row) => [row.key, row.medianMs === null ? Number.NaN : row.medianMs / MS_PER_DAY]));
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
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new RangeError(`${what} must be a "YYYY-MM-DD" day, got ${JSON.stringify(day)}`);
  addDays(day, 0);
}

export function funnelReport(db: DB, { from, to, settings, split }: FunnelReportOptions): FunnelReport {
  requireDay(from, "from");
  requireDay(to, "to");
  if (from > to) throw new RangeError(`from (${from}) is after to (${to})`);
  const timeZone = settings.general.timeZone;
  const baseCurrency = settings.general.baseCurrency;
  const start = startOfLocalDay(from, timeZone).getTime();
  const end = startOfLocalDay(addDays(to, 1), timeZone).getTime();
  const ctes = funnelCtes(start, end);

  const [total] = stageCounts(db, ctes, NO_SPLIT);
  const median = medianDaysToWon(db, ctes, NO_SPLIT).get(null);

  // Channel economics: counts by channel, revenue of each channel's won orders (an order linked
  // to several of the channel's inquiries counts once), spend pro rata by days.
  const byChannelCounts = new Map(stageCounts(db, ctes, splitSql("channel")).map((row) => [row.key, row]));
  const revenueRows = db.all<{ channelId: number; revenueMinor: number }>(sql`${ctes}
    select channel_id as channelId, sum(total_base_minor) as revenueMinor from (
      select distinct c.channel_id, l.order_id, l.total_base_minor
        from linked l join cohort c on c.id = l.inquiry_id
    ) group by channel_id`);
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
    const medians = medianDaysToWon(db, ctes, splitColumns);
    const groups = stageCounts(db, ctes, splitColumns)
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
