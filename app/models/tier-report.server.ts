/**
 * The tiers report (SPEC §4): what the tiers job left on the customers and in the tier history.
 *
 * - Counts and 12-month revenue per tier are the customers' *current* tiers, i.e. those of the
 *   last tiers run (customers not tiered yet are their own row, "none"); revenue share is each
 *   tier's 12-month revenue over all customers' 12-month revenue, in base-currency minor units.
 * - Movements are the tier-history rows whose changed_on lies in [from, to] (team days, both
 *   included), as a from → to matrix; a first tiering has no "from" and counts under "none".
 * - The customers of one tier, a page at a time, with the figures behind their tier.
 *
 * Everything is counted by SQL (GROUP BY over indexed columns); no table is loaded to be counted.
 */
import { and, asc, count, desc, eq, isNull, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { DB } from "~db/client.server";
import { TIERS, type Tier } from "~db/enums";
import { customers, jobRuns, users } from "~db/schema";
import { pageInfo, PAGE_SIZE, type Page } from "~/utils/pagination";

/** A tier, or "none" for customers the tiers job has not tiered (yet). */
export type TierKey = Tier | "none";
/** The rows of the counts table, in the order they are shown. */
const TIER_KEYS: readonly TierKey[] = [...TIERS, "none"];
/** Where a movement can come from: any tier, or "none" for a customer's first tiering. */
const MOVEMENT_FROM: readonly TierKey[] = ["none", ...TIERS];

export function isTierKey(value: unknown): value is TierKey {
  return typeof value === "string" && (TIER_KEYS as readonly string[]).includes(value);
}

const owner = alias(users, "owner");

// ---------------------------------------------------------------------------------------------
// As of when
// ---------------------------------------------------------------------------------------------

export type TiersAsOf = {
  /** The newest as-of day written on any customer by the tiers job; null when it never wrote. */
  asOf: string | null;
  /** The last succeeded tiers run, if one is recorded. */
  lastRun: { id: number; asOf: string; finishedAt: Date | null } | null;
};

function tiersAsOf(db: DB): TiersAsOf {
  const written = db.get<{ asOf: string | null }>(sql`select max(tiers_as_of) as asOf from customers`);
  const lastRun =
    db
      .select({ id: jobRuns.id, asOf: jobRuns.asOf, finishedAt: jobRuns.finishedAt })
      .from(jobRuns)
      .where(and(eq(jobRuns.job, "tiers"), eq(jobRuns.status, "succeeded")))
      .orderBy(desc(jobRuns.startedAt), desc(jobRuns.id))
      .limit(1)
      .get() ?? null;
  return { asOf: written?.asOf ?? lastRun?.asOf ?? null, lastRun };
}

/** Whether the tiers job has ever tiered anyone: without it the report has nothing honest to say. */
function tiersHaveRun(asOf: TiersAsOf): boolean {
  return asOf.asOf !== null || asOf.lastRun !== null;
}

// ---------------------------------------------------------------------------------------------
// Counts and revenue share
// ---------------------------------------------------------------------------------------------

export type TierCountRow = {
  tier: TierKey;
  customers: number;
  /** Share of all customers, 0..1; null when there are none. */
  customerShare: number | null;
  revenue12mMinor: number;
  /** Share of all customers' 12-month revenue, 0..1; null when that revenue is 0. */
  revenueShare: number | null;
};

export type TierCounts = { rows: TierCountRow[]; customers: number; revenue12mMinor: number };

/** Counted from customers_tier_revenue_idx alone, in its order (a NULL tier is a group of its own). */
function tierCounts(db: DB): TierCounts {
  const grouped = db.all<{ tier: TierKey; customers: number; revenue: number }>(sql`
    select coalesce(tier, 'none') as tier, count(*) as customers, coalesce(sum(revenue_12m_minor), 0) as revenue
      from customers
     group by tier`);
  const byTier = new Map(grouped.map((row) => [row.tier, row]));
  const totalCustomers = grouped.reduce((sum, row) => sum + row.customers, 0);
  const totalRevenue = grouped.reduce((sum, row) => sum + row.revenue, 0);
  return {
    customers: totalCustomers,
    revenue12mMinor: totalRevenue,
    rows: TIER_KEYS.map((tier) => {
      const row = byTier.get(tier);
      const n = row?.customers ?? 0;
      const revenue = row?.revenue ?? 0;
      return {
        tier,
        customers: n,
        customerShare: totalCustomers > 0 ? n / totalCustomers : null,
        revenue12mMinor: revenue,
        revenueShare: totalRevenue > 0 ? revenue / totalRevenue : null,
      };
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// Movements between tiers
// ---------------------------------------------------------------------------------------------

export type MovementRow = { from: TierKey; counts: Record<Tier, number>; total: number };

export type MovementMatrix = {
  from: string;
  to: string;
  /** One row per origin in MOVEMENT_FROM order ("none" = first tiering), every cell filled. */
  rows: MovementRow[];
  columnTotals: Record<Tier, number>;
  total: number;
};

const zeroCounts = (): Record<Tier, number> => ({ high_value: 0, growing: 0, dormant: 0, new: 0 });

/** Tier changes with changed_on in [from, to] (team days, inclusive), counted per from → to. */
function tierMovements(db: DB, period: { from: string; to: string }): MovementMatrix {
  const cells = db.all<{ fromTier: TierKey; toTier: Tier; n: number }>(sql`
    select coalesce(from_tier, 'none') as fromTier, to_tier as toTier, count(*) as n
      from tier_history
     where changed_on >= ${period.from} and changed_on <= ${period.to}
     group by coalesce(from_tier, 'none'), to_tier`);
  const rows = new Map<TierKey, MovementRow>(MOVEMENT_FROM.map((from) => [from, { from, counts: zeroCounts(), total: 0 }]));
  const columnTotals = zeroCounts();
  let total = 0;
  for (const cell of cells) {
    const row = rows.get(cell.fromTier);
    if (!row || !(TIERS as readonly string[]).includes(cell.toTier)) continue;
    row.counts[cell.toTier] += cell.n;
    row.total += cell.n;
    columnTotals[cell.toTier] += cell.n;
    total += cell.n;
  }
  return { from: period.from, to: period.to, rows: [...rows.values()], columnTotals, total };
}

// ---------------------------------------------------------------------------------------------
// The customers of one tier
// ---------------------------------------------------------------------------------------------

export type TierCustomerRow = {
  id: number;
  name: string;
  country: string | null;
  /** The stored reason: JSON `{ code, …figures }` from the tiers job, worded on screen. */
  tierReason: string | null;
  tierSince: string | null;
  ordersCount: number;
  revenue12mMinor: number;
  lastOrderAt: Date | null;
  owner: string | null;
};

const tierCustomerColumns = {
  id: customers.id,
  name: customers.name,
  country: customers.country,
  tierReason: customers.tierReason,
  tierSince: customers.tierSince,
  ordersCount: customers.ordersCount,
  revenue12mMinor: customers.revenue12mMinor,
  lastOrderAt: customers.lastOrderAt,
  owner: owner.name,
};

const ofTier = (tier: TierKey): SQL => (tier === "none" ? isNull(customers.tier) : eq(customers.tier, tier));
/** Biggest 12-month revenue first, then by name: the customers that matter most on top. */
const tierCustomerOrder = [desc(customers.revenue12mMinor), sql`${customers.name} collate nocase`, asc(customers.id)];

/** One page of a tier's customers; the pager's total is counted by SQL over the same condition. */
function tierCustomers(db: DB, tier: TierKey, page: number, pageSize = PAGE_SIZE): Page<TierCustomerRow> {
  const where = ofTier(tier);
  const total = db.select({ n: count() }).from(customers).where(where).get()?.n ?? 0;
  const info = pageInfo(total, page, pageSize);
  const rows = db
    .select(tierCustomerColumns)
    .from(customers)
    .leftJoin(owner, eq(owner.id, customers.ownerId))
    .where(where)
    .orderBy(...tierCustomerOrder)
    .limit(info.pageSize)
    .offset(info.offset)
    .all();
  return { rows, total: info.total, page: info.page, pageSize: info.pageSize, pages: info.pages };
}

/** Every customer of a tier in the order of the pages: the table's CSV holds all its pages. */
function allTierCustomers(db: DB, tier: TierKey): TierCustomerRow[] {
  return db
    .select(tierCustomerColumns)
    .from(customers)
    .leftJoin(owner, eq(owner.id, customers.ownerId))
    .where(ofTier(tier))
    .orderBy(...tierCustomerOrder)
    .all();
}

// ---------------------------------------------------------------------------------------------
// The whole report
// ---------------------------------------------------------------------------------------------

export type TierReport = {
  asOf: TiersAsOf;
  /** Null until the tiers job has run: without it the report has nothing honest to say. */
  tables: {
    counts: TierCounts;
    movements: MovementMatrix;
    /** The page asked for; null when every customer of the tier is listed instead. */
    customers: Page<TierCustomerRow> | null;
    /** Every customer of the tier (for the CSV); null when one page is listed. */
    allCustomers: TierCustomerRow[] | null;
  } | null;
};

/**
 * The report in one read snapshot, so a tiers run finishing mid-request cannot mix two runs on
 * one page. `page` lists that page of the tier's customers; null lists all of them.
 */
export function tierReport(
  db: DB,
  options: { period: { from: string; to: string }; tier: TierKey; page: number | null },
): TierReport {
  const { period, tier, page } = options;
  return db.transaction(
    (tx) => {
      const asOf = tiersAsOf(tx);
      if (!tiersHaveRun(asOf)) return { asOf, tables: null };
      return {
        asOf,
        tables: {
          counts: tierCounts(tx),
          movements: tierMovements(tx, period),
          customers: page === null ? null : tierCustomers(tx, tier, page),
          allCustomers: page === null ? allTierCustomers(tx, tier) : null,
        },
      };
    },
    { behavior: "deferred" },
  );
}
