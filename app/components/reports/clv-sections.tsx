import { Link, useLocation } from "@remix-run/react";
import type { TFunction } from "i18next";
import { useState } from "react";
import { BarsChart, ScatterPlot, type ScatterGroup } from "~/components/charts";
import { minorDigits } from "~/domain/money";
import type { Locale } from "~/i18n";
import type { ClvTableName } from "~/models/clv-report-csv.server";
import type { ClvBucket, ClvChannelRow, ClvCustomerRow, ClvGroupFigures, ClvPoint, ClvTierRow } from "~/models/clv-report.server";
import type { TierKey } from "~/models/tier-report.server";
import { reportCsvHref } from "~/utils/report-csv";
import { useFormat } from "~/utils/use-format";
import { useTranslation } from "~/utils/use-translation";
import { TIERS } from "~db/enums";

/** The CLV page's ways of writing money, shares and tiers, in the reader's language. */
export function useClvPresenters() {
  const { t } = useTranslation();
  const format = useFormat();
  const currency = format.baseCurrency;
  const perMajor = 10 ** minorDigits(currency);
  return {
    t,
    format,
    currency,
    major: (minor: number | null) => (minor === null ? 0 : minor / perMajor),
    whole: (minor: number) => wholeMoney(minor, currency, format.locale),
    compact: (value: number) =>
      new Intl.NumberFormat(format.locale, { style: "currency", currency, notation: "compact", maximumFractionDigits: 1 }).format(
        value,
      ),
    pct: (value: number | null) => (value === null ? "" : `${format.number(value * 100, 1)}%`),
    tierName: (tier: TierKey | null) => (tier === null || tier === "none" ? t("customers.noTier") : t(`tiers.${tier}`)),
  };
}

/** "$1,000"-style whole amounts for bucket edges. */
function wholeMoney(minor: number, currency: string, locale: Locale): string {
  return new Intl.NumberFormat(locale, {
    style: "currency",
    currency,
    maximumFractionDigits: 0,
    minimumFractionDigits: 0,
  }).format(minor / 10 ** minorDigits(currency));
}

function bucketLabel(t: TFunction, bucket: ClvBucket, money: (minor: number) => string): string {
  if (bucket.upperMinor === null) return t("reportClv.distribution.over", { lower: money(bucket.lowerMinor) });
  if (bucket.lowerMinor === 0) return t("reportClv.distribution.under", { upper: money(bucket.upperMinor) });
  return t("reportClv.distribution.range", { lower: money(bucket.lowerMinor), upper: money(bucket.upperMinor) });
}

/** A link to one table of the page as CSV (`?table=`), with the page's other parameters. */
function TableCsvLink({ table }: { table: ClvTableName }) {
  const { t } = useTranslation();
  const location = useLocation();
  const href = reportCsvHref(location.pathname, location.search, { table });
  return (
    <a href={href} className="no-print text-sm text-brand-700 hover:underline" download>
      {t("reportClv.exportTable")}
    </a>
  );
}

export function SectionHeading({ id, title, table }: { id: string; title: string; table: ClvTableName }) {
  return (
    <div className="flex flex-wrap items-center justify-between gap-2">
      <h2 id={id} className="text-lg font-semibold">
        {title}
      </h2>
      <TableCsvLink table={table} />
    </div>
  );
}

export function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div className="card">
      <p className="text-sm text-slate-600">{label}</p>
      <p className="mt-1 text-xl font-semibold tabular-nums">{value}</p>
    </div>
  );
}

export function ClvDistributionSection({ distribution }: { distribution: ClvBucket[] }) {
  const { t, format, whole, pct } = useClvPresenters();
  return (
    <section className="card space-y-3" aria-labelledby="clv-distribution">
      <SectionHeading id="clv-distribution" title={t("reportClv.distribution.title")} table="distribution" />
      <BarsChart
        data={distribution.map((bucket) => ({ bucket: bucketLabel(t, bucket, whole), customers: bucket.customers }))}
        x="bucket"
        series={[{ key: "customers", label: t("reportClv.distribution.customers") }]}
      />
      <div className="overflow-x-auto">
        <table className="data-table" data-table="distribution">
          <thead className="bg-slate-50">
            <tr>
              <th scope="col">{t("reportClv.distribution.bucket")}</th>
              <th scope="col" className="text-right">
                {t("reportClv.distribution.customers")}
              </th>
              <th scope="col" className="text-right">
                {t("reportClv.distribution.share")}
              </th>
              <th scope="col" className="text-right">
                {t("reportClv.distribution.predicted")}
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {distribution.map((bucket) => (
              <tr key={bucket.lowerMinor}>
                <th scope="row" className="text-left font-normal">
                  {bucketLabel(t, bucket, whole)}
                </th>
                <td className="text-right tabular-nums">{format.number(bucket.customers)}</td>
                <td className="text-right tabular-nums">{pct(bucket.share)}</td>
                <td className="text-right tabular-nums">{format.money(bucket.predictedMinor)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function ClvTopSection({ top, limit }: { top: ClvCustomerRow[]; limit: number }) {
  const { t, format, pct, tierName } = useClvPresenters();
  return (
    <section className="card space-y-3" aria-labelledby="clv-top">
      <SectionHeading id="clv-top" title={t("reportClv.top.title", { count: limit })} table="top" />
      <div className="overflow-x-auto">
        <table className="data-table" data-table="top">
          <thead className="bg-slate-50">
            <tr>
              <th scope="col" className="text-right">
                {t("reportClv.rank")}
              </th>
              <th scope="col">{t("reportClv.top.customer")}</th>
              <th scope="col">{t("reportClv.top.tier")}</th>
              <th scope="col">{t("reportClv.top.owner")}</th>
              <th scope="col" className="text-right">
                {t("reportClv.top.pAlive")}
              </th>
              <th scope="col" className="text-right">
                {t("reportClv.top.expectedOrders")}
              </th>
              <th scope="col" className="text-right">
                {t("reportClv.top.expectedOrderValue")}
              </th>
              <th scope="col" className="text-right">
                {t("reportClv.top.predicted")}
              </th>
              <th scope="col" className="text-right">
                {t("reportClv.top.historical")}
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {top.map((row, index) => (
              <tr key={row.id}>
                <td className="text-right tabular-nums">{index + 1}</td>
                <td>
                  <Link to={`/customers/${row.id}`} className="text-brand-700 hover:underline">
                    {row.name}
                  </Link>
                </td>
                <td>{tierName(row.tier)}</td>
                <td>{row.owner ?? t("common.none")}</td>
                <td className="text-right tabular-nums">{pct(row.pAlive)}</td>
                <td className="text-right tabular-nums">{format.number(row.expectedOrders365d, 2)}</td>
                <td className="text-right tabular-nums">{format.money(row.expectedOrderValueMinor)}</td>
                <td className="text-right font-medium tabular-nums">{format.money(row.predictedClv12mMinor)}</td>
                <td className="text-right tabular-nums">{format.money(row.historicalMinor)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

type GroupRow = { key: string; label: string; row: ClvGroupFigures };

function useGroupChart() {
  const { t, major } = useClvPresenters();
  return {
    chart: (rows: GroupRow[]) =>
      rows.map(({ label, row }) => ({
        label,
        predicted: major(row.averagePredictedMinor),
        historical: major(row.averageHistoricalMinor),
      })),
    series: [
      { key: "predicted", label: t("reportClv.groups.chartAverage") },
      { key: "historical", label: t("reportClv.groups.chartHistorical"), colour: "#94a3b8" },
    ],
  };
}

function GroupTable({ table, caption, first, rows }: { table: ClvTableName; caption: string; first: string; rows: GroupRow[] }) {
  const { t, format } = useClvPresenters();
  return (
    <div className="overflow-x-auto">
      <table className="data-table" data-table={table}>
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50">
          <tr>
            <th scope="col">{first}</th>
            <th scope="col" className="text-right">
              {t("reportClv.groups.customers")}
            </th>
            <th scope="col" className="text-right">
              {t("reportClv.groups.predicted")}
            </th>
            <th scope="col" className="text-right">
              {t("reportClv.groups.averagePredicted")}
            </th>
            <th scope="col" className="text-right">
              {t("reportClv.groups.historical")}
            </th>
            <th scope="col" className="text-right">
              {t("reportClv.groups.averageHistorical")}
            </th>
            <th scope="col" className="text-right">
              {t("reportClv.groups.ratio")}
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map(({ key, label, row }) => (
            <tr key={key}>
              <th scope="row" className="text-left font-normal">
                {label}
              </th>
              <td className="text-right tabular-nums">{format.number(row.customers)}</td>
              <td className="text-right tabular-nums">{format.money(row.predictedMinor)}</td>
              <td className="text-right tabular-nums">{format.money(row.averagePredictedMinor)}</td>
              <td className="text-right tabular-nums">{format.money(row.historicalMinor)}</td>
              <td className="text-right tabular-nums">{format.money(row.averageHistoricalMinor)}</td>
              <td className="text-right tabular-nums">
                {row.predictedToHistorical === null ? "" : format.number(row.predictedToHistorical, 2)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ClvByTierSection({ byTier }: { byTier: ClvTierRow[] }) {
  const { t, tierName } = useClvPresenters();
  const group = useGroupChart();
  const rows = byTier.map((row) => ({ key: row.tier, label: tierName(row.tier), row }));
  return (
    <section className="card space-y-3" aria-labelledby="clv-by-tier">
      <SectionHeading id="clv-by-tier" title={t("reportClv.groups.byTier")} table="by_tier" />
      <BarsChart data={group.chart(rows)} x="label" series={group.series} />
      <GroupTable table="by_tier" caption={t("reportClv.groups.byTier")} first={t("reportClv.groups.tier")} rows={rows} />
    </section>
  );
}

export function ClvByChannelSection({ byChannel }: { byChannel: ClvChannelRow[] }) {
  const { t } = useClvPresenters();
  const group = useGroupChart();
  const rows = byChannel.map((row) => ({
    key: row.channel ?? "none",
    label: row.channelName ?? t("reportClv.groups.noChannel"),
    row,
  }));
  return (
    <section className="card space-y-3" aria-labelledby="clv-by-channel">
      <SectionHeading id="clv-by-channel" title={t("reportClv.groups.byChannel")} table="by_channel" />
      <BarsChart data={group.chart(rows)} x="label" series={group.series} horizontal height={Math.max(200, 48 * rows.length)} />
      <GroupTable
        table="by_channel"
        caption={t("reportClv.groups.byChannel")}
        first={t("reportClv.groups.channel")}
        rows={rows}
      />
    </section>
  );
}

export function ClvVersusSection({ points }: { points: ClvPoint[] }) {
  const { t, major, compact, tierName } = useClvPresenters();
  const scatterGroups: ScatterGroup[] = ([...TIERS, "none"] as const)
    .map((tier) => ({
      key: tier,
      label: tierName(tier),
      points: points
        .filter((point) => (point.tier ?? "none") === tier)
        .map((point) => ({ x: major(point.historicalMinor), y: major(point.predictedMinor), name: point.name })),
    }))
    .filter((group) => group.points.length > 0);
  return (
    <section className="card space-y-3" aria-labelledby="clv-versus">
      <SectionHeading id="clv-versus" title={t("reportClv.versus.title")} table="points" />
      <p className="text-sm text-slate-600">{t("reportClv.versus.help", { count: points.length })}</p>
      <ScatterPlot groups={scatterGroups} xLabel={t("reportClv.versus.x")} yLabel={t("reportClv.versus.y")} format={compact} />
      <PointsTable points={points} />
    </section>
  );
}

/**
 * The chart's points as a table, for readers who cannot see the chart. Its rows are drawn when it
 * is opened: 200 rows a reader rarely opens cost every page view a third of its rendering.
 */
function PointsTable({ points }: { points: ClvPoint[] }) {
  const { t, format, tierName } = useClvPresenters();
  const [open, setOpen] = useState(false);
  return (
    <details onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary className="cursor-pointer text-sm text-brand-700">{t("reportClv.versus.showPoints")}</summary>
      {open ? (
        <div className="mt-2 max-h-96 overflow-auto">
          <table className="data-table" data-table="points">
            <thead className="bg-slate-50">
              <tr>
                <th scope="col">{t("reportClv.top.customer")}</th>
                <th scope="col">{t("reportClv.top.tier")}</th>
                <th scope="col" className="text-right">
                  {t("reportClv.versus.x")}
                </th>
                <th scope="col" className="text-right">
                  {t("reportClv.versus.y")}
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {points.map((point) => (
                <tr key={point.id}>
                  <td>
                    <Link to={`/customers/${point.id}`} className="text-brand-700 hover:underline">
                      {point.name}
                    </Link>
                  </td>
                  <td>{tierName(point.tier)}</td>
                  <td className="text-right tabular-nums">{format.money(point.historicalMinor)}</td>
                  <td className="text-right tabular-nums">{format.money(point.predictedMinor)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </details>
  );
}
