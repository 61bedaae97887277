import { Link, useLocation } from "@remix-run/react";
import { BarsChart } from "~/components/charts";
import { EmptyState } from "~/components/empty-state";
import { Pagination } from "~/components/pagination";
import { CsvLink } from "~/components/period-picker";
import { TierReason } from "~/components/tier-reason";
import type { TierTableName } from "~/models/tier-report-csv.server";
import type { MovementMatrix, TierCounts, TierCustomerRow, TierKey, TiersAsOf } from "~/models/tier-report.server";
import type { Page } from "~/utils/pagination";
import { reportCsvHref } from "~/utils/report-csv";
import { useFormat } from "~/utils/use-format";
import { useTranslation } from "~/utils/use-translation";
import { TIERS } from "~db/enums";

/** The tiers a reader can list (the model's TIER_KEYS; a .server module cannot reach the page). */
const TIER_KEYS: readonly TierKey[] = [...TIERS, "none"];

function usePresenters() {
  const { t } = useTranslation();
  const format = useFormat();
  return {
    t,
    format,
    tierName: (tier: TierKey) => (tier === "none" ? t("reportTiers.notTiered") : t(`tiers.${tier}`)),
    share: (value: number | null) => (value === null ? "" : `${format.number(value * 100, 1)}%`),
  };
}

/** A link to one table of the page as CSV (`?table=`), with the page's other parameters. */
function TableCsvLink({ table, label }: { table: TierTableName; label: string }) {
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

export function TiersHeading({ asOf, hasRun }: { asOf: TiersAsOf; hasRun: boolean }) {
  const { t, format } = usePresenters();
  return (
    <div className="flex flex-wrap items-start justify-between gap-3">
      <div>
        <h1 id="tiers-title" className="text-2xl font-semibold">
          {t("reportTiers.title")}
        </h1>
        {asOf.asOf ? (
          <p className="text-sm text-slate-600">
            {t("reportTiers.asOf", { date: format.day(asOf.asOf) })}
            {asOf.lastRun?.finishedAt ? ` ${t("reportTiers.lastRun", { time: format.dateTime(asOf.lastRun.finishedAt) })}` : null}
          </p>
        ) : null}
      </div>
      {hasRun ? <CsvLink label={t("reportTiers.exportAll")} /> : null}
    </div>
  );
}

/** Before the first tiers run: nothing honest to show, only who can run it. */
export function TiersNotRun({ canRunJobs }: { canRunJobs: boolean }) {
  const { t } = useTranslation();
  return (
    <EmptyState>
      <p className="font-medium">{t("reportTiers.notRunTitle")}</p>
      <p className="mt-1">{t("reportTiers.notRun")}</p>
      {canRunJobs ? (
        <Link to="/jobs" className="btn-primary mt-4">
          {t("reportTiers.runJob")}
        </Link>
      ) : (
        <p className="mt-2 text-sm">{t("reportTiers.askManager")}</p>
      )}
    </EmptyState>
  );
}

export function TierCountsSection({ counts }: { counts: TierCounts }) {
  const { t, format, tierName, share } = usePresenters();
  const tierHref = useTierHref();
  const chartData = counts.rows.map((row) => ({
    tier: tierName(row.tier),
    customers: row.customers,
    share: row.revenueShare === null ? 0 : Math.round(row.revenueShare * 1000) / 10,
  }));
  return (
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
          <BarsChart
            data={chartData}
            x="tier"
            series={[{ key: "share", label: t("reportTiers.revenueShare"), colour: "#16a34a" }]}
          />
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
  );
}

export function TierMovementsSection({ movements }: { movements: MovementMatrix }) {
  const { t, format, tierName } = usePresenters();
  return (
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
  );
}

export function TierCustomersSection({
  tier,
  counts,
  customers,
}: {
  tier: TierKey;
  counts: TierCounts;
  customers: Page<TierCustomerRow>;
}) {
  const { t, format, tierName } = usePresenters();
  const tierHref = useTierHref();
  return (
    <section className="card space-y-3" aria-labelledby="tiers-customers">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="tiers-customers" className="text-lg font-semibold">
          {t("reportTiers.tierCustomersOf", { tier: tierName(tier) })}
        </h2>
        {customers.total > 0 ? (
          <TableCsvLink table="customers" label={t("reportTiers.exportCustomers", { count: customers.total })} />
        ) : null}
      </div>
      <nav aria-label={t("reportTiers.chooseTier")} className="flex flex-wrap gap-1">
        {TIER_KEYS.map((key) => {
          const n = counts.rows.find((row) => row.tier === key)?.customers ?? 0;
          return (
            <Link
              key={key}
              to={tierHref(key)}
              aria-current={tier === key ? "true" : undefined}
              className={`rounded-md px-2 py-1 text-sm ${tier === key ? "bg-brand-600 text-white" : "bg-slate-100 hover:bg-slate-200"}`}
            >
              {tierName(key)} ({format.number(n)})
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
  );
}
