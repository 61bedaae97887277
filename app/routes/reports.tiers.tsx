import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "~/utils/use-translation";
import { requirePermission } from "~/auth/session.server";
import { BarsChart } from "~/components/charts";
import { EmptyState } from "~/components/empty-state";
import { Pagination } from "~/components/pagination";
import { CsvLink, PeriodPicker } from "~/components/period-picker";
import { TierReason } from "~/components/tier-reason";
import { localDay } from "~/domain/calendar";
import { minorToDecimalString } from "~/domain/money";
import { can } from "~/domain/permissions";
import { tierReasonForExport } from "~/models/customer-csv.server";
import { getSettings } from "~/models/settings.server";
import {
  allTierCustomers,
  isTierKey,
  tierCounts,
  tierCustomers,
  tierMovements,
  tiersAsOf,
  tiersHaveRun,
  type MovementMatrix,
  type TierCounts,
  type TierCustomerRow,
  type TierKey,
} from "~/models/tier-report.server";
import { periodFromUrl, type Period } from "~/schemas/period";
import { IgnoredFilters } from "~/components/ignored-filters";
import { DATE_FILTER_CHECKS, ignoredFilters } from "~/schemas/date-filter";
import { csvResponse, wantsCsv } from "~/utils/csv-response.server";
import { pageTitle } from "~/utils/meta";
import { reportCsvHref } from "~/utils/report-csv";
import { pageFromUrl } from "~/utils/pagination";
import { useFormat } from "~/utils/use-format";
import { db } from "~db/client.server";
import { TIERS } from "~db/enums";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "reportTiers.title");

/** The tables of the page, by the name `?table=` uses to export one of them alone. */
const TABLES = ["counts", "movements", "customers"] as const;
type TableName = (typeof TABLES)[number];

const DEFAULT_TIER: TierKey = "high_value";
/** The tiers a reader can list (the model's TIER_KEYS; a .server module cannot reach the page). */
const TIER_KEYS: readonly TierKey[] = [...TIERS, "none"];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "viewTeamReports");
  const started = performance.now();
  const database = db();
  const settings = getSettings(database);
  const url = new URL(request.url);
  const today = localDay(new Date(), settings.general.timeZone);
  const period = periodFromUrl(url, today, "90d");
  const requestedTier = url.searchParams.get("tier");
  const tier: TierKey = isTierKey(requestedTier) ? requestedTier : DEFAULT_TIER;
  const csv = wantsCsv(url);

  // One read snapshot: a tiers run finishing mid-request cannot mix two runs on one page.
  const report = database.transaction(
    (tx) => {
      const asOf = tiersAsOf(tx);
      if (!tiersHaveRun(asOf)) return { asOf, tables: null };
      return {
        asOf,
        tables: {
          counts: tierCounts(tx),
          movements: tierMovements(tx, period),
          customers: csv ? null : tierCustomers(tx, tier, pageFromUrl(url)),
          allCustomers: csv ? allTierCustomers(tx, tier) : null,
        },
      };
    },
    { behavior: "deferred" },
  );

  if (csv) {
    if (!report.tables) return new Response("Nothing to export: the tiers job has not run yet.", { status: 404 });
    const tables = tierCsvTables(settings.general, {
      counts: report.tables.counts,
      movements: report.tables.movements,
      customers: report.tables.allCustomers ?? [],
    });
    return stackedCsv(`tiers_${report.asOf.asOf ?? today}_moves_${period.from}_${period.to}_${tier}`, tables, url.searchParams.get("table"));
  }

  return pageData({
    period,
    ignoredFilters: ignoredFilters(url, DATE_FILTER_CHECKS),
    tier,
    report,
    canRunJobs: can(user.role, "runJobs"),
    ms: Math.round(performance.now() - started),
  });
}

type ReadReport = {
  asOf: ReturnType<typeof tiersAsOf>;
  tables: { counts: TierCounts; movements: MovementMatrix; customers: ReturnType<typeof tierCustomers> | null } | null;
};

/** What the page gets (the loader answers `?format=csv` with a CSV Response instead). */
function pageData(input: { period: Period; ignoredFilters: string[]; tier: TierKey; report: ReadReport; canRunJobs: boolean; ms: number }) {
  const { report } = input;
  return {
    period: input.period,
    ignoredFilters: input.ignoredFilters,
    tier: input.tier,
    asOf: report.asOf,
    hasRun: report.tables !== null,
    canRunJobs: input.canRunJobs,
    counts: report.tables?.counts ?? null,
    movements: report.tables?.movements ?? null,
    customers: report.tables?.customers ?? null,
    ms: input.ms,
  };
}

// ---------------------------------------------------------------------------------------------
// CSV: the page's tables with machine-stable headers (snake_case), tiers as their codes ("none":
// not tiered yet / a first tiering), shares as fractions 0–1, money in the base currency's major
// unit, days as YYYY-MM-DD in the team's time zone. The customers table holds all its pages.
// ---------------------------------------------------------------------------------------------

type Cell = string | number | null;
type CsvTable = { name: TableName; header: string[]; rows: Cell[][] };

const fraction = (value: number | null): Cell => (value === null ? null : value.toFixed(4));

function tierCsvTables(
  team: { baseCurrency: string; timeZone: string },
  data: { counts: TierCounts; movements: MovementMatrix; customers: TierCustomerRow[] },
): CsvTable[] {
  const money = (minor: number) => minorToDecimalString(minor, team.baseCurrency);
  const { counts, movements } = data;
  return [
    {
      name: "counts",
      header: ["tier", "customers", "customer_share", "revenue_12m", "revenue_share"],
      rows: [
        ...counts.rows.map((row) => [row.tier, row.customers, fraction(row.customerShare), money(row.revenue12mMinor), fraction(row.revenueShare)]),
        ["total", counts.customers, fraction(counts.customers > 0 ? 1 : null), money(counts.revenue12mMinor), fraction(counts.revenue12mMinor > 0 ? 1 : null)],
      ],
    },
    {
      name: "movements",
      header: ["from_tier", ...TIERS, "total"],
      rows: [
        ...movements.rows.map((row) => [row.from, ...TIERS.map((tier) => row.counts[tier]), row.total]),
        ["total", ...TIERS.map((tier) => movements.columnTotals[tier]), movements.total],
      ],
    },
    {
      name: "customers",
      header: ["customer_id", "name", "country", "tier_reason", "tier_since", "orders_count", "revenue_12m", "last_order_on", "owner"],
      rows: data.customers.map((row) => [
        row.id,
        row.name,
        row.country,
        tierReasonForExport(row.tierReason, team.baseCurrency),
        row.tierSince,
        row.ordersCount,
        money(row.revenue12mMinor),
        row.lastOrderAt ? localDay(new Date(row.lastOrderAt), team.timeZone) : null,
        row.owner,
      ]),
    },
  ];
}

/**
 * `table=` names one table: a plain CSV of it. Without it, every table the page shows, stacked
 * as the other reports do: each block starts with its own header row, every row starts with a
 * `table` column naming its block, and one empty line separates the blocks.
 */
function stackedCsv(base: string, tables: CsvTable[], table: string | null): Response {
  if (table !== null) {
    const one = tables.find((candidate) => candidate.name === table);
    if (!one) return new Response(`No table "${table}" on this page.`, { status: 400 });
    return csvResponse(`${base}_${one.name}.csv`, one.header, one.rows);
  }
  const [first, ...rest] = tables as [CsvTable, ...CsvTable[]];
  const rows: Cell[][] = first.rows.map((row) => [first.name, ...row]);
  for (const block of rest) rows.push([], ["table", ...block.header], ...block.rows.map((row) => [block.name, ...row]));
  return csvResponse(`${base}.csv`, ["table", ...first.header], rows);
}

// ---------------------------------------------------------------------------------------------
// The page
// ---------------------------------------------------------------------------------------------

/** A link to one table of the page as CSV (`?table=`), with the page's other parameters. */
function TableCsvLink({ table, label }: { table: TableName; label: string }) {
  const location = useLocation();
  const params = new URLSearchParams(location.search);
  params.delete("page");
  const href = reportCsvHref(location.pathname, `?${params.toString()}`, { table });
  return (
    <a href={href} className="no-print text-sm text-brand-700 hover:underline" download>
      {label}
    </a>
  );
}

/** The same report with another tier listed (first page), the period kept. */
function useTierHref() {
  const location = useLocation();
  return (tier: TierKey) => {
    const params = new URLSearchParams(location.search);
    params.delete("page");
    params.delete("format");
    params.delete("table");
    params.set("tier", tier);
    return `${location.pathname}?${params.toString()}`;
  };
}

export default function TiersReport() {
  const { t } = useTranslation();
  const format = useFormat();
  const data = useLoaderData<typeof pageData>();
  const tierHref = useTierHref();
  const tierName = (tier: TierKey) => (tier === "none" ? t("reportTiers.notTiered") : t(`tiers.${tier}`));
  const share = (value: number | null) => (value === null ? "" : `${format.number(value * 100, 1)}%`);

  const heading = (
    <div className="flex flex-wrap items-start justify-between gap-3">
      <div>
        <h1 id="tiers-title" className="text-2xl font-semibold">
          {t("reportTiers.title")}
        </h1>
        {data.asOf.asOf ? (
          <p className="text-sm text-slate-600">
            {t("reportTiers.asOf", { date: format.day(data.asOf.asOf) })}
            {data.asOf.lastRun?.finishedAt ? ` ${t("reportTiers.lastRun", { time: format.dateTime(data.asOf.lastRun.finishedAt) })}` : null}
          </p>
        ) : null}
      </div>
      {data.hasRun ? <CsvLink label={t("reportTiers.exportAll")} /> : null}
    </div>
  );

  if (!data.hasRun || !data.counts || !data.movements || !data.customers) {
    return (
      <section className="space-y-4" aria-labelledby="tiers-title">
        {heading}
        <EmptyState>
          <p className="font-medium">{t("reportTiers.notRunTitle")}</p>
          <p className="mt-1">{t("reportTiers.notRun")}</p>
          {data.canRunJobs ? (
            <Link to="/jobs" className="btn-primary mt-4">
              {t("reportTiers.runJob")}
            </Link>
          ) : (
            <p className="mt-2 text-sm">{t("reportTiers.askManager")}</p>
          )}
        </EmptyState>
      </section>
    );
  }

  const { counts, movements, customers } = data;
  const chartData = counts.rows.map((row) => ({
    tier: tierName(row.tier),
    customers: row.customers,
    share: row.revenueShare === null ? 0 : Math.round(row.revenueShare * 1000) / 10,
  }));

  return (
    <section className="space-y-6" aria-labelledby="tiers-title">
      {heading}
      <p className="max-w-3xl text-sm text-slate-600">{t("reportTiers.intro")}</p>
      <PeriodPicker period={data.period} keep={["tier"]} />
      <IgnoredFilters names={data.ignoredFilters} />

      <section className="card space-y-4" aria-labelledby="tiers-counts">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="tiers-counts" className="text-lg font-semibold">
            {t("reportTiers.counts")}
          </h2>
          <TableCsvLink table="counts" label={t("reportTiers.exportTable")} />
        </div>
        <div className="grid gap-4 md:grid-cols-2">
          <figure>
            <figcaption className="text-sm font-medium text-slate-700">{t("reportTiers.countsChart")}</figcaption>
            <BarsChart data={chartData} x="tier" series={[{ key: "customers", label: t("reportTiers.customers") }]} />
          </figure>
          <figure>
            <figcaption className="text-sm font-medium text-slate-700">{t("reportTiers.shareChart")}</figcaption>
            <BarsChart data={chartData} x="tier" series={[{ key: "share", label: t("reportTiers.revenueShare"), colour: "#16a34a" }]} />
          </figure>
        </div>
        <div className="overflow-x-auto">
          <table className="data-table" data-table="counts">
            <thead className="bg-slate-50">
              <tr>
                <th scope="col">{t("reportTiers.tier")}</th>
                <th scope="col" className="text-right">
                  {t("reportTiers.customers")}
                </th>
                <th scope="col" className="text-right">
                  {t("reportTiers.customerShare")}
                </th>
                <th scope="col" className="text-right">
                  {t("reportTiers.revenue12m")}
                </th>
                <th scope="col" className="text-right">
                  {t("reportTiers.revenueShare")}
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {counts.rows.map((row) => (
                <tr key={row.tier}>
                  <th scope="row" className="text-left font-normal">
                    <Link to={tierHref(row.tier)} className="text-brand-700 hover:underline">
                      {tierName(row.tier)}
                    </Link>
                  </th>
                  <td className="text-right tabular-nums">{format.number(row.customers)}</td>
                  <td className="text-right tabular-nums">{share(row.customerShare)}</td>
                  <td className="text-right tabular-nums">{format.money(row.revenue12mMinor)}</td>
                  <td className="text-right tabular-nums">{share(row.revenueShare)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr className="font-medium">
                <th scope="row" className="text-left">
                  {t("reportTiers.total")}
                </th>
                <td className="text-right tabular-nums">{format.number(counts.customers)}</td>
                <td className="text-right tabular-nums">{counts.customers > 0 ? share(1) : ""}</td>
                <td className="text-right tabular-nums">{format.money(counts.revenue12mMinor)}</td>
                <td className="text-right tabular-nums">{counts.revenue12mMinor > 0 ? share(1) : ""}</td>
              </tr>
            </tfoot>
          </table>
        </div>
        <p className="text-xs text-slate-500">{t("reportTiers.notTieredHelp")}</p>
      </section>

      <section className="card space-y-3" aria-labelledby="tiers-movements">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="tiers-movements" className="text-lg font-semibold">
            {t("reportTiers.movements")}
          </h2>
          <TableCsvLink table="movements" label={t("reportTiers.exportTable")} />
        </div>
        <p className="text-sm text-slate-600">
          {t("reportTiers.movementsIntro", { from: format.day(movements.from), to: format.day(movements.to) })}
        </p>
        {movements.total === 0 ? <p className="text-sm font-medium text-slate-700">{t("reportTiers.noMovements")}</p> : null}
        <div className="overflow-x-auto">
          <table className="data-table" data-table="movements">
            <thead className="bg-slate-50">
              <tr>
                <th scope="col">{t("reportTiers.fromTier")}</th>
                {TIERS.map((tier) => (
                  <th key={tier} scope="col" className="text-right">
                    {tierName(tier)}
                  </th>
                ))}
                <th scope="col" className="text-right">
                  {t("reportTiers.total")}
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {movements.rows.map((row) => (
                <tr key={row.from}>
                  <th scope="row" className="text-left font-normal">
                    {row.from === "none" ? t("reportTiers.firstTiering") : tierName(row.from)}
                  </th>
                  {TIERS.map((tier) => (
                    <td key={tier} className={`text-right tabular-nums ${row.counts[tier] === 0 ? "text-slate-400" : ""}`}>
                      {format.number(row.counts[tier])}
                    </td>
                  ))}
                  <td className="text-right font-medium tabular-nums">{format.number(row.total)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr className="font-medium">
                <th scope="row" className="text-left">
                  {t("reportTiers.total")}
                </th>
                {TIERS.map((tier) => (
                  <td key={tier} className="text-right tabular-nums">
                    {format.number(movements.columnTotals[tier])}
                  </td>
                ))}
                <td className="text-right tabular-nums">{format.number(movements.total)}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      </section>

      <section className="card space-y-3" aria-labelledby="tiers-customers">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="tiers-customers" className="text-lg font-semibold">
            {t("reportTiers.tierCustomersOf", { tier: tierName(data.tier) })}
          </h2>
          {customers.total > 0 ? (
            <TableCsvLink table="customers" label={t("reportTiers.exportCustomers", { count: customers.total })} />
          ) : null}
        </div>
        <nav aria-label={t("reportTiers.chooseTier")} className="flex flex-wrap gap-1">
          {TIER_KEYS.map((tier) => {
            const n = counts.rows.find((row) => row.tier === tier)?.customers ?? 0;
            return (
              <Link
                key={tier}
                to={tierHref(tier)}
                aria-current={data.tier === tier ? "true" : undefined}
                className={`rounded-md px-2 py-1 text-sm ${data.tier === tier ? "bg-brand-600 text-white" : "bg-slate-100 hover:bg-slate-200"}`}
              >
                {tierName(tier)} ({format.number(n)})
              </Link>
            );
          })}
        </nav>
        {customers.total === 0 ? (
          <EmptyState>{t("reportTiers.noCustomers")}</EmptyState>
        ) : (
          <div className="overflow-x-auto">
            <table className="data-table" data-table="customers">
              <thead className="bg-slate-50">
                <tr>
                  <th scope="col">{t("reportTiers.name")}</th>
                  <th scope="col">{t("reportTiers.country")}</th>
                  <th scope="col">{t("reportTiers.reason")}</th>
                  <th scope="col">{t("reportTiers.tierSince")}</th>
                  <th scope="col" className="text-right">
                    {t("reportTiers.orders")}
                  </th>
                  <th scope="col" className="text-right">
                    {t("reportTiers.revenue12m")}
                  </th>
                  <th scope="col">{t("reportTiers.lastOrder")}</th>
                  <th scope="col">{t("reportTiers.owner")}</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {customers.rows.map((row) => (
                  <tr key={row.id}>
                    <td>
                      <Link to={`/customers/${row.id}`} className="text-brand-700 hover:underline">
                        {row.name}
                      </Link>
                    </td>
                    <td>{row.country}</td>
                    <td className="min-w-64">
                      <TierReason reason={row.tierReason} />
                    </td>
                    <td className="whitespace-nowrap">{format.day(row.tierSince)}</td>
                    <td className="text-right tabular-nums">{format.number(row.ordersCount)}</td>
                    <td className="text-right tabular-nums">{format.money(row.revenue12mMinor)}</td>
                    <td className="whitespace-nowrap">{format.date(row.lastOrderAt)}</td>
                    <td>{row.owner ?? t("reportTiers.noOwner")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pagination page={customers.page} pages={customers.pages} total={customers.total} pageSize={customers.pageSize} />
      </section>
      <p className="text-xs text-slate-500">{t("reports.generatedIn", { ms: data.ms })}</p>
    </section>
  );
}
