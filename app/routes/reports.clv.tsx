import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import type { TFunction } from "i18next";
import { useState } from "react";
import { useTranslation } from "~/utils/use-translation";
import { requirePermission } from "~/auth/session.server";
import { BarsChart, ScatterPlot, type ScatterGroup } from "~/components/charts";
import { EmptyState } from "~/components/empty-state";
import { CsvLink, PeriodPicker } from "~/components/period-picker";
import { localDay } from "~/domain/calendar";
import { minorDigits, minorToDecimalString } from "~/domain/money";
import { can } from "~/domain/permissions";
import type { Locale } from "~/i18n";
import {
  clvReport,
  TOP_CUSTOMERS,
  type ClvBucket,
  type ClvChannelRow,
  type ClvCohort,
  type ClvFit,
  type ClvGroupFigures,
  type ClvPoint,
  type ClvReport,
  type ClvTierRow,
} from "~/models/clv-report.server";
import { getSettings } from "~/models/settings.server";
import type { TierKey } from "~/models/tier-report.server";
import { periodFromUrl, type Period } from "~/schemas/period";
import { IgnoredFilters } from "~/components/ignored-filters";
import { DATE_FILTER_CHECKS, ignoredFilters } from "~/schemas/date-filter";
import { csvResponse, wantsCsv } from "~/utils/csv-response.server";
import { pageTitle } from "~/utils/meta";
import { reportCsvHref } from "~/utils/report-csv";
import { useFormat } from "~/utils/use-format";
import { db } from "~db/client.server";
import { TIERS } from "~db/enums";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "reportClv.title");

/** The tables of the page, by the name `?table=` uses to export one of them alone. */
const TABLES = ["model", "distribution", "top", "by_tier", "by_channel", "points"] as const;
type TableName = (typeof TABLES)[number];

/** Whether the URL chooses a cohort; without one the report covers every customer. */
const choosesPeriod = (url: URL) => ["preset", "from", "to"].some((name) => url.searchParams.has(name));

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "viewTeamReports");
  const started = performance.now();
  const database = db();
  const settings = getSettings(database);
  const { timeZone, baseCurrency: currency } = settings.general;
  const url = new URL(request.url);
  const today = localDay(new Date(), timeZone);
  const period = choosesPeriod(url) ? periodFromUrl(url, today, "12m") : null;
  const cohort: ClvCohort = period ? { from: period.from, to: period.to } : null;
  const report = clvReport(database, { cohort, timeZone, currency });
  const fitted = report.fit.params.status === "fitted";
  const model = modelRows(report.fit);

  if (wantsCsv(url)) {
    // Only the tables the page shows: without a fit, or with no prediction in the cohort, the
    // page shows the model (or why there is none) alone.
    const tables = clvCsvTables(currency, report, model).filter(
      (table) => table.name === "model" || (fitted && report.summary.withPrediction > 0),
    );
    const asOf = report.fit.params.status === "fitted" ? report.fit.params.params.asOf : today;
    return stackedCsv(`clv_${asOf}${cohort ? `_cohort_${cohort.from}_${cohort.to}` : ""}`, tables, url.searchParams.get("table"));
  }

  return pageData({
    period,
    ignoredFilters: ignoredFilters(url, DATE_FILTER_CHECKS),
    // Shown in the picker while every customer is covered: from the first order to today.
    allPeriod: { from: report.summary.firstOrderAt === null ? today : localDay(new Date(report.summary.firstOrderAt), timeZone), to: today, preset: null },
    report,
    model,
    canRunJobs: can(user.role, "runJobs"),
    ms: Math.round(performance.now() - started),
  });
}

/** What the page gets (the loader answers `?format=csv` with a CSV Response instead). */
function pageData(input: {
  period: Period | null;
  ignoredFilters: string[];
  allPeriod: Period;
  report: ClvReport;
  model: ModelRow[];
  canRunJobs: boolean;
  ms: number;
}) {
  return {
    ...input.report,
    ignoredFilters: input.ignoredFilters,
    topLimit: TOP_CUSTOMERS,
    period: input.period,
    allPeriod: input.allPeriod,
    model: input.model,
    canRunJobs: input.canRunJobs,
    ms: input.ms,
  };
}

// ---------------------------------------------------------------------------------------------
// The fitted models as rows (one list for the page and its CSV)
// ---------------------------------------------------------------------------------------------

type ModelGroup = "run" | "bgnbd" | "gammaGamma";
type ModelRow = {
  group: ModelGroup;
  /** Catalog key under reportClv.model. */
  label: string;
  kind: "day" | "instant" | "parameter" | "count" | "rate";
  /** A day ("YYYY-MM-DD"), an ISO instant, or a number. */
  value: string | number | null;
};

function modelRows(fit: ClvFit): ModelRow[] {
  if (fit.params.status !== "fitted") return [];
  const { params } = fit.params;
  const run = fit.run;
  return [
    { group: "run", label: "asOf", kind: "day", value: params.asOf },
    { group: "run", label: "finishedAt", kind: "instant", value: fit.params.finishedAt ? new Date(fit.params.finishedAt).toISOString() : null },
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

/** Why there are no predictions, in the reader's language; null when the models are fitted. */
function notFittedText(t: TFunction, fit: ClvFit, day: (value: string) => string): string | null {
  const params = fit.params;
  switch (params.status) {
    case "fitted":
      return null;
    case "never_run":
      return t("reportClv.notFitted.neverRun");
    case "unreadable":
      return t("reportClv.notFitted.unreadable", { date: day(params.asOf) });
    case "not_fitted": {
      const date = day(params.asOf);
      if (params.code === "too_few_repeat_customers" && fit.run?.repeatCustomers != null && fit.run.required != null) {
        return t("reportClv.notFitted.too_few_repeat_customers", { date, count: fit.run.repeatCustomers, required: fit.run.required });
      }
      const known = ["bgnbd_not_converged", "gamma_gamma_not_converged", "gamma_gamma_infinite_mean", "gamma_gamma_no_values"];
      if (params.code && known.includes(params.code)) return t(`reportClv.notFitted.${params.code}`, { date });
      return t("reportClv.notFitted.other", { date, reason: params.reason });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// CSV: the page's tables with machine-stable headers (snake_case), tiers and channels as their
// keys ("none": no tier / no source channel), probabilities and shares as fractions 0–1, money in
// the base currency's major unit; the model's parameters as `clv params` prints them.
// ---------------------------------------------------------------------------------------------

type Cell = string | number | null;
type CsvTable = { name: TableName; header: string[]; rows: Cell[][] };

const fraction = (value: number | null): Cell => (value === null ? null : value.toFixed(4));

const MODEL_CSV_NAMES: Record<string, string> = {
  asOf: "as_of",
  finishedAt: "finished_at",
  discountRate: "monthly_discount_rate",
  r: "r",
  alpha: "alpha",
  a: "a",
  b: "b",
  logLikelihood: "log_likelihood",
  customers: "customers",
  repeatCustomers: "repeat_customers",
  p: "p",
  q: "q",
  v: "v",
  ggCustomers: "gamma_gamma_customers",
};

function modelCsvRows(fit: ClvFit, model: ModelRow[]): Cell[][] {
  const params = fit.params;
  switch (params.status) {
    case "fitted":
      return [["status", "fitted"], ...model.map((row): Cell[] => [MODEL_CSV_NAMES[row.label] ?? row.label, row.value])];
    case "never_run":
      return [["status", "never_run"]];
    case "unreadable":
      return [["status", "unreadable"], ["as_of", params.asOf]];
    case "not_fitted":
      return [
        ["status", "not_fitted"],
        ["as_of", params.asOf],
        ["code", params.code],
        ["reason", params.reason],
        ["repeat_customers", fit.run?.repeatCustomers ?? null],
        ["required", fit.run?.required ?? null],
      ];
  }
}

const GROUP_HEADER = ["customers", "predicted_total", "predicted_average", "historical_total", "historical_average", "predicted_to_historical"];

function clvCsvTables(currency: string, report: ClvReport, model: ModelRow[]): CsvTable[] {
  const money = (minor: number | null): Cell => (minor === null ? null : minorToDecimalString(minor, currency));
  const group = (row: ClvGroupFigures): Cell[] => [
    row.customers,
    money(row.predictedMinor),
    money(row.averagePredictedMinor),
    money(row.historicalMinor),
    money(row.averageHistoricalMinor),
    fraction(row.predictedToHistorical),
  ];
  return [
    { name: "model", header: ["parameter", "value"], rows: modelCsvRows(report.fit, model) },
    {
      name: "distribution",
      header: ["lower", "upper", "customers", "share", "predicted_total"],
      rows: report.distribution.map((bucket) => [
        money(bucket.lowerMinor),
        money(bucket.upperMinor),
        bucket.customers,
        fraction(bucket.share),
        money(bucket.predictedMinor),
      ]),
    },
    {
      name: "top",
      header: [
        "rank",
        "customer_id",
        "name",
        "tier",
        "owner",
        "p_alive",
        "expected_orders_365d",
        "expected_order_value",
        "predicted_clv_12m",
        "historical_value",
      ],
      rows: report.top.map((row, index) => [
        index + 1,
        row.id,
        row.name,
        row.tier ?? "none",
        row.owner,
        fraction(row.pAlive),
        fraction(row.expectedOrders365d),
        money(row.expectedOrderValueMinor),
        money(row.predictedClv12mMinor),
        money(row.historicalMinor),
      ]),
    },
    { name: "by_tier", header: ["tier", ...GROUP_HEADER], rows: report.byTier.map((row) => [row.tier, ...group(row)]) },
    {
      name: "by_channel",
      header: ["channel", "channel_name", ...GROUP_HEADER],
      rows: report.byChannel.map((row) => [row.channel ?? "none", row.channelName, ...group(row)]),
    },
    {
      name: "points",
      header: ["customer_id", "name", "tier", "historical_value", "predicted_clv_12m"],
      rows: report.points.map((row) => [row.id, row.name, row.tier ?? "none", money(row.historicalMinor), money(row.predictedMinor)]),
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

/** "$1,000"-style whole amounts for bucket edges. */
function wholeMoney(minor: number, currency: string, locale: Locale): string {
  return new Intl.NumberFormat(locale, { style: "currency", currency, maximumFractionDigits: 0, minimumFractionDigits: 0 }).format(
    minor / 10 ** minorDigits(currency),
  );
}

function bucketLabel(t: TFunction, bucket: ClvBucket, money: (minor: number) => string): string {
  if (bucket.upperMinor === null) return t("reportClv.distribution.over", { lower: money(bucket.lowerMinor) });
  if (bucket.lowerMinor === 0) return t("reportClv.distribution.under", { upper: money(bucket.upperMinor) });
  return t("reportClv.distribution.range", { lower: money(bucket.lowerMinor), upper: money(bucket.upperMinor) });
}

const tierLabel = (t: TFunction, tier: TierKey | null) => (tier === null || tier === "none" ? t("customers.noTier") : t(`tiers.${tier}`));

// ---------------------------------------------------------------------------------------------
// The page
// ---------------------------------------------------------------------------------------------

/** A link to one table of the page as CSV (`?table=`), with the page's other parameters. */
function TableCsvLink({ table }: { table: TableName }) {
  const { t } = useTranslation();
  const location = useLocation();
  const href = reportCsvHref(location.pathname, location.search, { table });
  return (
    <a href={href} className="no-print text-sm text-brand-700 hover:underline" download>
      {t("reportClv.exportTable")}
    </a>
  );
}

function SectionHeading({ id, title, table }: { id: string; title: string; table: TableName }) {
  return (
    <div className="flex flex-wrap items-center justify-between gap-2">
      <h2 id={id} className="text-lg font-semibold">
        {title}
      </h2>
      <TableCsvLink table={table} />
    </div>
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div className="card">
      <p className="text-sm text-slate-600">{label}</p>
      <p className="mt-1 text-xl font-semibold tabular-nums">{value}</p>
    </div>
  );
}

const GROUP_LABELS: Record<ModelGroup, string | null> = { run: null, bgnbd: "reportClv.model.bgnbd", gammaGamma: "reportClv.model.gammaGamma" };

export default function ClvReportPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const data = useLoaderData<typeof pageData>();
  const location = useLocation();
  const fit = data.fit;
  const status = notFittedText(t, fit, (day) => format.day(day));
  const currency = format.baseCurrency;
  const perMajor = 10 ** minorDigits(currency);
  const major = (minor: number | null) => (minor === null ? 0 : minor / perMajor);
  const whole = (minor: number) => wholeMoney(minor, currency, format.locale);
  const compact = (value: number) =>
    new Intl.NumberFormat(format.locale, { style: "currency", currency, notation: "compact", maximumFractionDigits: 1 }).format(value);
  const pct = (value: number | null) => (value === null ? "" : `${format.number(value * 100, 1)}%`);
  const tierName = (tier: TierKey | null) => tierLabel(t, tier);
  const modelValue = (row: ModelRow) => {
    if (row.value === null) return t("common.none");
    if (row.kind === "day") return format.day(String(row.value));
    if (row.kind === "instant") return format.dateTime(String(row.value));
    if (typeof row.value !== "number") return String(row.value);
    if (row.kind === "rate") return pct(row.value);
    if (row.kind === "count") return format.number(row.value);
    return format.number(Number(row.value.toPrecision(5)), 6);
  };

  const asOf = fit.params.status === "fitted" ? fit.params.params.asOf : null;
  const heading = (
    <div className="flex flex-wrap items-start justify-between gap-3">
      <div>
        <h1 id="clv-title" className="text-2xl font-semibold">
          {t("reportClv.title")}
        </h1>
        {asOf ? (
          <p className="text-sm text-slate-600">
            {t("reportClv.asOf", { date: format.day(asOf) })}
            {fit.params.status === "fitted" && fit.params.finishedAt
              ? ` ${t("reportClv.fittedAt", { time: format.dateTime(fit.params.finishedAt) })}`
              : null}
          </p>
        ) : null}
      </div>
      <CsvLink label={t("reportClv.exportAll")} />
    </div>
  );

  const modelCard = (
    <section className="card space-y-3" aria-labelledby="clv-model">
      <SectionHeading id="clv-model" title={t("reportClv.model.title")} table="model" />
      {status ? (
        <div>
          <p className="font-medium">{t("reportClv.notFitted.title")}</p>
          <p className="mt-1 text-slate-700">{status}</p>
          {fit.params.status !== "fitted" && data.canRunJobs ? (
            <Link to="/jobs" className="btn-primary mt-3">
              {t("reportClv.notFitted.runJob")}
            </Link>
          ) : (
            <p className="mt-2 text-sm text-slate-600">{t("reportClv.notFitted.askManager")}</p>
          )}
        </div>
      ) : (
        <>
          <div className="overflow-x-auto">
            <table className="data-table" data-table="model">
              <thead className="bg-slate-50">
                <tr>
                  <th scope="col">{t("reportClv.model.parameter")}</th>
                  <th scope="col" className="text-right">
                    {t("reportClv.model.value")}
                  </th>
                </tr>
              </thead>
              {(["run", "bgnbd", "gammaGamma"] as const).map((group) => (
                <tbody key={group} className="divide-y divide-slate-100">
                  {GROUP_LABELS[group] ? (
                    <tr>
                      <th scope="rowgroup" colSpan={2} className="bg-slate-50 text-left text-sm font-semibold">
                        {t(GROUP_LABELS[group])}
                      </th>
                    </tr>
                  ) : null}
                  {data.model
                    .filter((row) => row.group === group)
                    .map((row) => (
                      <tr key={row.label}>
                        <th scope="row" className="text-left font-normal">
                          {t(`reportClv.model.${row.label}`, { currency })}
                        </th>
                        <td className="text-right tabular-nums">{modelValue(row)}</td>
                      </tr>
                    ))}
                </tbody>
              ))}
            </table>
          </div>
          <p className="text-xs text-slate-500">{t("reportClv.model.timeUnit")}</p>
        </>
      )}
    </section>
  );

  if (fit.params.status !== "fitted") {
    return (
      <section className="space-y-6" aria-labelledby="clv-title">
        {heading}
        <p className="max-w-3xl text-sm text-slate-600">{t("reportClv.intro")}</p>
        {modelCard}
      </section>
    );
  }

  const { summary, distribution, top, byTier, byChannel, points } = data;
  const groupChart = (rows: { label: string; row: ClvGroupFigures }[]) =>
    rows.map(({ label, row }) => ({ label, predicted: major(row.averagePredictedMinor), historical: major(row.averageHistoricalMinor) }));
  const groupSeries = [
    { key: "predicted", label: t("reportClv.groups.chartAverage") },
    { key: "historical", label: t("reportClv.groups.chartHistorical"), colour: "#94a3b8" },
  ];
  const scatterGroups: ScatterGroup[] = ([...TIERS, "none"] as const).map((tier) => ({
    key: tier,
    label: tierName(tier),
    points: points
      .filter((point) => (point.tier ?? "none") === tier)
      .map((point) => ({ x: major(point.historicalMinor), y: major(point.predictedMinor), name: point.name })),
  })).filter((group) => group.points.length > 0);

  const groupTable = (table: TableName, caption: string, first: string, rows: { key: string; label: string; row: ClvGroupFigures }[]) => (
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
              <td className="text-right tabular-nums">{row.predictedToHistorical === null ? "" : format.number(row.predictedToHistorical, 2)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
  const tierRows = byTier.map((row: ClvTierRow) => ({ key: row.tier, label: tierName(row.tier), row }));
  const channelRows = byChannel.map((row: ClvChannelRow) => ({
    key: row.channel ?? "none",
    label: row.channelName ?? t("reportClv.groups.noChannel"),
    row,
  }));

  return (
    <section className="space-y-6" aria-labelledby="clv-title">
      {heading}
      <p className="max-w-3xl text-sm text-slate-600">{t("reportClv.intro")}</p>
      {modelCard}

      <section className="space-y-2" aria-labelledby="clv-cohort">
        <h2 id="clv-cohort" className="text-lg font-semibold">
          {t("reportClv.cohort.title")}
        </h2>
        <p className="max-w-3xl text-sm text-slate-600">{t("reportClv.cohort.help")}</p>
        <div className="flex flex-wrap items-center gap-2">
          <Link
            to={location.pathname}
            aria-current={data.period === null ? "true" : undefined}
            className={`rounded-md px-2 py-1 text-sm ${data.period === null ? "bg-brand-600 text-white" : "bg-slate-100 hover:bg-slate-200"}`}
          >
            {t("reportClv.cohort.all")}
          </Link>
          <p className="text-sm font-medium text-slate-700">
            {data.period
              ? t("reportClv.cohort.showing", { from: format.day(data.period.from), to: format.day(data.period.to) })
              : t("reportClv.cohort.showingAll")}
          </p>
        </div>
        <PeriodPicker period={data.period ?? data.allPeriod} />
        <IgnoredFilters names={data.ignoredFilters} />
      </section>

      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5">
        <Stat label={t("reportClv.summary.customers")} value={format.number(summary.customers)} />
        <Stat label={t("reportClv.summary.withPrediction")} value={format.number(summary.withPrediction)} />
        <Stat label={t("reportClv.summary.predicted")} value={format.money(summary.predictedMinor)} />
        <Stat label={t("reportClv.summary.average")} value={summary.averagePredictedMinor === null ? t("common.none") : format.money(summary.averagePredictedMinor)} />
        <Stat label={t("reportClv.summary.historical")} value={format.money(summary.historicalMinor)} />
      </div>

      {summary.withPrediction === 0 ? (
        <EmptyState>{t("reportClv.noCustomers")}</EmptyState>
      ) : (
        <>
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

          <section className="card space-y-3" aria-labelledby="clv-top">
            <SectionHeading id="clv-top" title={t("reportClv.top.title", { count: data.topLimit })} table="top" />
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

          <section className="card space-y-3" aria-labelledby="clv-by-tier">
            <SectionHeading id="clv-by-tier" title={t("reportClv.groups.byTier")} table="by_tier" />
            <BarsChart data={groupChart(tierRows)} x="label" series={groupSeries} />
            {groupTable("by_tier", t("reportClv.groups.byTier"), t("reportClv.groups.tier"), tierRows)}
          </section>

          <section className="card space-y-3" aria-labelledby="clv-by-channel">
            <SectionHeading id="clv-by-channel" title={t("reportClv.groups.byChannel")} table="by_channel" />
            <BarsChart data={groupChart(channelRows)} x="label" series={groupSeries} horizontal height={Math.max(200, 48 * channelRows.length)} />
            {groupTable("by_channel", t("reportClv.groups.byChannel"), t("reportClv.groups.channel"), channelRows)}
          </section>

          <section className="card space-y-3" aria-labelledby="clv-versus">
            <SectionHeading id="clv-versus" title={t("reportClv.versus.title")} table="points" />
            <p className="text-sm text-slate-600">{t("reportClv.versus.help", { count: points.length })}</p>
            <ScatterPlot groups={scatterGroups} xLabel={t("reportClv.versus.x")} yLabel={t("reportClv.versus.y")} format={compact} />
            <PointsTable points={points} tierName={tierName} />
          </section>
        </>
      )}
      <p className="text-xs text-slate-500">{t("reports.generatedIn", { ms: data.ms })}</p>
    </section>
  );
}

/**
 * The chart's points as a table, for readers who cannot see the chart. Its rows are drawn when it
 * is opened: 200 rows a reader rarely opens cost every page view a third of its rendering.
 */
function PointsTable({ points, tierName }: { points: ClvPoint[]; tierName: (tier: ClvPoint["tier"]) => string }) {
  const { t } = useTranslation();
  const format = useFormat();
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
