/**
 * The CLV report (SPEC §6): the last fit's parameters and what the CLV job wrote on the customers.
 *
 * Every figure is as of the last fit (the customers' predictions all carry that run's as-of day:
 * each run replaces them all). The report's period selects an *acquisition cohort*: the customers
 * whose first non-cancelled order fell on one of its days (team time zone); without a period,
 * every customer. Historical value is SPEC §6's: the sum of the customer's non-cancelled orders in
 * base currency (revenue_total_minor, kept with the customer).
 *
 * Counting, sums and averages are done by SQL (GROUP BY, CASE buckets); only the rows a table
 * shows (the top customers, the chart's sample) are read into JavaScript.
 */
import { eq, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { DB } from "~db/client.server";
import { TIERS, type Tier } from "~db/enums";
import { jobRuns } from "~db/schema";
import { addDays, startOfLocalDay } from "~/domain/calendar";
import { minorDigits } from "~/domain/money";
import { lastClvParams, type LastClvParams } from "./clv.server";
import type { TierKey } from "./tier-report.server";

/** Customers whose first order fell on these team days (inclusive); null = every customer. */
export type ClvCohort = { from: string; to: string } | null;

export type ClvReportOptions = { cohort: ClvCohort; timeZone: string; currency: string };

/** Lower edges of the distribution's buckets in base-currency major units; the last is open-ended. */
const CLV_BUCKET_EDGES = [0, 1_000, 5_000, 10_000, 25_000, 50_000, 100_000] as const;
/** How many customers the top table shows. */
export const TOP_CUSTOMERS = 25;
/** How many customers the historical-against-predicted chart plots. */
const SCATTER_SAMPLE = 200;

/** The cohort's customers (alias `c`); with `predicted`, only those that have a prediction. */
function cohortWhere(options: ClvReportOptions, predicted: boolean): SQL {
  const conditions: SQL[] = [];
  if (predicted) conditions.push(sql`c.predicted_clv_12m_minor is not null`);
  if (options.cohort) {
    const start = startOfLocalDay(options.cohort.from, options.timeZone).getTime();
    const end = startOfLocalDay(addDays(options.cohort.to, 1), options.timeZone).getTime();
    conditions.push(sql`c.first_order_at >= ${start} and c.first_order_at < ${end}`);
  }
  return conditions.length ? sql`where ${sql.join(conditions, sql` and `)}` : sql``;
}

// ---------------------------------------------------------------------------------------------
// The fit
// ---------------------------------------------------------------------------------------------

const runExtras = z.object({
  repeatCustomers: z.number().optional(),
  required: z.number().optional(),
  monthlyDiscountRate: z.number().optional(),
  predictions: z.number().optional(),
});

export type ClvFit = {
  params: LastClvParams;
  /** The run behind `params` (none when the job never succeeded). */
  run: {
    id: number;
    asOf: string;
    startedAt: Date;
    finishedAt: Date | null;
    repeatCustomers: number | null;
    required: number | null;
    monthlyDiscountRate: number | null;
    predictions: number | null;
  } | null;
};

/** `lastClvParams` (the `clv params` command's answer) and the figures of the same run. */
function clvFit(db: DB): ClvFit {
  const params = lastClvParams(db);
  if (params.status === "never_run") return { params, run: null };
  const row = db
    .select({
      id: jobRuns.id,
      asOf: jobRuns.asOf,
      startedAt: jobRuns.startedAt,
      finishedAt: jobRuns.finishedAt,
      figures: jobRuns.figures,
    })
    .from(jobRuns)
    .where(eq(jobRuns.id, params.runId))
    .get();
  if (!row) return { params, run: null };
  const extras = runExtras.safeParse(row.figures ?? {});
  const figures = extras.success ? extras.data : {};
  return {
    params,
    run: {
      id: row.id,
      asOf: row.asOf,
      startedAt: row.startedAt,
      finishedAt: row.finishedAt,
      repeatCustomers: figures.repeatCustomers ?? null,
      required: figures.required ?? null,
      monthlyDiscountRate: figures.monthlyDiscountRate ?? null,
      predictions: figures.predictions ?? null,
    },
  };
}

export type ClvModelGroup = "run" | "bgnbd" | "gammaGamma";
export type ClvModelRow = {
  group: ClvModelGroup;
  /** Catalog key under reportClv.model. */
  label: string;
  kind: "day" | "instant" | "parameter" | "count" | "rate";
  /** A day ("YYYY-MM-DD"), an ISO instant, or a number. */
  value: string | number | null;
};

/** The fitted models as rows: one list for the page and its CSV; none without a fit. */
export function clvModelRows(fit: ClvFit): ClvModelRow[] {
  if (fit.params.status !== "fitted") return [];
  const { params } = fit.params;
  const run = fit.run;
  return [
    { group: "run", label: "asOf", kind: "day", value: params.asOf },
    {
      group: "run",
      label: "finishedAt",
      kind: "instant",
      value: fit.params.finishedAt ? new Date(fit.params.finishedAt).toISOString() : null,
    },
    { group: "run", label: "discountRate", kind: "rate", value: run?.monthlyDiscountRate ?? null },
    { group: "bgnbd", label: "r", kind: "parameter", value: params.bgnbd.r },
    { group: "bgnbd", label: "alpha", kind: "parameter", value: params.bgnbd.alpha },
    { group: "bgnbd", label: "a", kind: "parameter", value: params.bgnbd.a },
    { group: "bgnbd", label: "b", kind: "parameter", value: params.bgnbd.b },
    { group: "bgnbd", label: "logLikelihood", kind: "parameter", value: params.bgnbd.logLikelihood },
    { group: "bgnbd", label: "customers", kind: "count", value: params.customers },
    { group: "bgnbd", label: "repeatCustomers", kind: "count", value: run?.repeatCustomers ?? null },
    { group: "gammaGamma", label: "p", kind: "parameter", value: params.gammaGamma.p },
    { group: "gammaGamma", label: "q", kind: "parameter", value: params.gammaGamma.q },
    { group: "gammaGamma", label: "v", kind: "parameter", value: params.gammaGamma.v },
    { group: "gammaGamma", label: "ggCustomers", kind: "count", value: params.gammaGamma.customers },
  ];
}

// ---------------------------------------------------------------------------------------------
// Summary
// ---------------------------------------------------------------------------------------------

export type ClvSummary = {
  /** Customers in the cohort (every customer without a period). */
  customers: number;
  withPrediction: number;
  predictedMinor: number;
  /** Average over the customers with a prediction; null with none. */
  averagePredictedMinor: number | null;
  /** Historical value of the customers with a prediction, to set beside the predicted total. */
  historicalMinor: number;
  /** The earliest first order among the cohort's customers (ms since the epoch); null with none. */
  firstOrderAt: number | null;
};

/**
 * The customers with a prediction grouped by tier, source channel and CLV bucket: a few hundred
 * groups whatever the number of customers, counted from one covering index
 * (customers_clv_figures_idx). The summary, the distribution and both breakdowns add them up.
 */
type ClvGroup = {
  tier: Tier | null;
  channelId: number | null;
  bucket: number;
  customers: number;
  predicted: number;
  historical: number;
};

function clvGroups(db: DB, options: ClvReportOptions): ClvGroup[] {
  const perMajor = 10 ** minorDigits(options.currency);
  const edges = CLV_BUCKET_EDGES.map((edge) => edge * perMajor);
  const whens = edges.slice(1).map((edge, index) => sql`when c.predicted_clv_12m_minor < ${edge} then ${index}`);
  const bucket = sql`case ${sql.join(whens, sql` `)} else ${edges.length - 1} end`;
  return db.all<ClvGroup>(sql`
    select c.tier as tier, c.source_channel_id as channelId, ${bucket} as bucket, count(*) as customers,
           sum(c.predicted_clv_12m_minor) as predicted, sum(c.revenue_total_minor) as historical
      from customers c indexed by customers_clv_figures_idx ${cohortWhere(options, true)}
     group by 1, 2, 3`);
}

function clvSummary(db: DB, options: ClvReportOptions, groups = clvGroups(db, options)): ClvSummary {
  // Every customer of the cohort, with a prediction or not: counted from the first-order index.
  const all = db.get<{ customers: number; firstOrderAt: number | null }>(sql`
    select count(*) as customers, min(c.first_order_at) as firstOrderAt
      from customers c indexed by customers_first_order_idx ${cohortWhere(options, false)}`);
  let withPrediction = 0;
  let predicted = 0;
  let historical = 0;
  for (const group of groups) {
    withPrediction += group.customers;
    predicted += group.predicted;
    historical += group.historical;
  }
  return {
    customers: all?.customers ?? 0,
    withPrediction,
    predictedMinor: predicted,
    averagePredictedMinor: withPrediction > 0 ? Math.round(predicted / withPrediction) : null,
    historicalMinor: historical,
    firstOrderAt: all?.firstOrderAt ?? null,
  };
}

// ---------------------------------------------------------------------------------------------
// Distribution of predicted 12-month CLV
// ---------------------------------------------------------------------------------------------

export type ClvBucket = {
  /** Inclusive lower edge, base minor units. */
  lowerMinor: number;
  /** Exclusive upper edge; null for the open-ended last bucket. */
  upperMinor: number | null;
  customers: number;
  /** Share of the customers with a prediction, 0..1; null with none. */
  share: number | null;
  predictedMinor: number;
};

/**
 * Customers with a prediction per bucket [edge_i, edge_i+1) of CLV_BUCKET_EDGES (a value exactly
 * on an edge belongs to the bucket that starts there), every bucket listed, empty ones with 0.
 */
function clvDistribution(db: DB, options: ClvReportOptions, groups = clvGroups(db, options)): ClvBucket[] {
  const perMajor = 10 ** minorDigits(options.currency);
  const edges = CLV_BUCKET_EDGES.map((edge) => edge * perMajor);
  const byBucket = edges.map(() => ({ customers: 0, predicted: 0 }));
  for (const group of groups) {
    byBucket[group.bucket].customers += group.customers;
    byBucket[group.bucket].predicted += group.predicted;
  }
  const total = byBucket.reduce((sum, row) => sum + row.customers, 0);
  return edges.map((lower, index) => {
    const n = byBucket[index].customers;
    return {
      lowerMinor: lower,
      upperMinor: edges[index + 1] ?? null,
      customers: n,
      share: total > 0 ? n / total : null,
      predictedMinor: byBucket[index].predicted,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Top customers
// ---------------------------------------------------------------------------------------------

export type ClvCustomerRow = {
  id: number;
  name: string;
  tier: Tier | null;
  owner: string | null;
  pAlive: number | null;
  expectedOrders365d: number | null;
  expectedOrderValueMinor: number | null;
  predictedClv12mMinor: number;
  historicalMinor: number;
};

/** The `limit` customers with the highest predicted 12-month CLV (ties: lower id first). */
function topClvCustomers(db: DB, options: ClvReportOptions, limit = TOP_CUSTOMERS): ClvCustomerRow[] {
  return db.all<ClvCustomerRow>(sql`
    select c.id, c.name, c.tier, u.name as owner, c.p_alive as pAlive,
           c.expected_orders_365d as expectedOrders365d,
           c.expected_order_value_minor as expectedOrderValueMinor,
           c.predicted_clv_12m_minor as predictedClv12mMinor,
           c.revenue_total_minor as historicalMinor
      from customers c left join users u on u.id = c.owner_id
      ${cohortWhere(options, true)}
     order by c.predicted_clv_12m_minor desc, c.id
     limit ${limit}`);
}

// ---------------------------------------------------------------------------------------------
// By tier and by acquisition channel
// ---------------------------------------------------------------------------------------------

export type ClvGroupFigures = {
  customers: number;
  predictedMinor: number;
  averagePredictedMinor: number | null;
  historicalMinor: number;
  averageHistoricalMinor: number | null;
  /** Predicted 12-month CLV over historical value; null when the historical value is 0. */
  predictedToHistorical: number | null;
};

export type ClvTierRow = { tier: TierKey } & ClvGroupFigures;
export type ClvChannelRow = { channel: string | null; channelName: string | null } & ClvGroupFigures;

type GroupSums = { customers: number; predicted: number; historical: number };

function groupFigures(row: GroupSums | undefined): ClvGroupFigures {
  const n = row?.customers ?? 0;
  const predicted = row?.predicted ?? 0;
  const historical = row?.historical ?? 0;
  return {
    customers: n,
    predictedMinor: predicted,
    averagePredictedMinor: n > 0 ? Math.round(predicted / n) : null,
    historicalMinor: historical,
    averageHistoricalMinor: n > 0 ? Math.round(historical / n) : null,
    predictedToHistorical: historical > 0 ? predicted / historical : null,
  };
}

/** Adds the groups up by `keyOf`. */
function sumBy<K>(groups: ClvGroup[], keyOf: (group: ClvGroup) => K): Map<K, GroupSums> {
  const sums = new Map<K, GroupSums>();
  for (const group of groups) {
    const key = keyOf(group);
    const into = sums.get(key) ?? { customers: 0, predicted: 0, historical: 0 };
    into.customers += group.customers;
    into.predicted += group.predicted;
    into.historical += group.historical;
    sums.set(key, into);
  }
  return sums;
}

/** Customers with a prediction per current tier: every tier listed; "none" only when it has some. */
function clvByTier(db: DB, options: ClvReportOptions, groups = clvGroups(db, options)): ClvTierRow[] {
  const byTier = sumBy<TierKey>(groups, (group) => group.tier ?? "none");
  const keys: TierKey[] = [...TIERS, ...(byTier.has("none") ? (["none"] as const) : [])];
  return keys.map((tier) => ({ tier, ...groupFigures(byTier.get(tier)) }));
}

/** Nulls first, as SQLite orders them. */
function ascending<T extends string | number>(a: T | null, b: T | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}

/** Customers with a prediction per source (acquisition) channel, biggest predicted total first. */
function clvByChannel(db: DB, options: ClvReportOptions, groups = clvGroups(db, options)): ClvChannelRow[] {
  const byChannel = sumBy(groups, (group) => group.channelId);
  const channelRows = db.all<{ id: number; key: string; name: string; sortOrder: number }>(sql`
    select id, key, name, sort_order as sortOrder from channels`);
  const channelsById = new Map(channelRows.map((row) => [row.id, row]));
  return [...byChannel]
    .map(([channelId, sums]) => ({ channel: channelId === null ? undefined : channelsById.get(channelId), sums }))
    .sort(
      (a, b) =>
        b.sums.predicted - a.sums.predicted ||
        ascending(a.channel?.sortOrder ?? null, b.channel?.sortOrder ?? null) ||
        ascending(a.channel?.key ?? null, b.channel?.key ?? null),
    )
    .map(({ channel, sums }) => ({ channel: channel?.key ?? null, channelName: channel?.name ?? null, ...groupFigures(sums) }));
}

// ---------------------------------------------------------------------------------------------
// Historical against predicted
// ---------------------------------------------------------------------------------------------

export type ClvPoint = { id: number; name: string; tier: Tier | null; historicalMinor: number; predictedMinor: number };

/**
 * The customers worth plotting: the `limit` with the largest of predicted CLV and historical value,
 * so both the biggest past buyers and the biggest expected ones appear.
 */
function historicalVsPredicted(db: DB, options: ClvReportOptions, limit = SCATTER_SAMPLE): ClvPoint[] {
  // Walked in the chart's order through customers_clv_plot_idx, stopping after `limit`.
  return db.all<ClvPoint>(sql`
    select c.id, c.name, c.tier, c.revenue_total_minor as historicalMinor, c.predicted_clv_12m_minor as predictedMinor
      from customers c ${cohortWhere(options, true)}
     order by max(c.predicted_clv_12m_minor, c.revenue_total_minor) desc, c.id
     limit ${limit}`);
}

// ---------------------------------------------------------------------------------------------
// The whole report
// ---------------------------------------------------------------------------------------------

export type ClvReport = {
  fit: ClvFit;
  summary: ClvSummary;
  distribution: ClvBucket[];
  top: ClvCustomerRow[];
  byTier: ClvTierRow[];
  byChannel: ClvChannelRow[];
  points: ClvPoint[];
};

export function clvReport(db: DB, options: ClvReportOptions): ClvReport {
  // One read snapshot: a CLV run finishing half-way through cannot mix two fits in one page.
  return db.transaction(
    (tx) => {
      const groups = clvGroups(tx, options);
      return {
        fit: clvFit(tx),
        summary: clvSummary(tx, options, groups),
        distribution: clvDistribution(tx, options, groups),
        top: topClvCustomers(tx, options),
        byTier: clvByTier(tx, options, groups),
        byChannel: clvByChannel(tx, options, groups),
        points: historicalVsPredicted(tx, options),
      };
    },
    { behavior: "deferred" },
  );
}
