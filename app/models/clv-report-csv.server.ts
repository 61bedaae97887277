/**
 * The CLV report's tables as CSV: machine-stable headers (snake_case), tiers and channels as their
 * keys ("none": no tier / no source channel), probabilities and shares as fractions 0–1, money in
 * the base currency's major unit; the model's parameters as `clv params` prints them.
 */
import { minorToDecimalString } from "~/domain/money";
import type { ReportCsvTable } from "~/utils/csv-download.server";
import {
  clvModelRows,
  type ClvCohort,
  type ClvFit,
  type ClvGroupFigures,
  type ClvModelRow,
  type ClvReport,
} from "./clv-report.server";

/** The tables of the page, by the name `?table=` uses to export one of them alone. */
export type ClvTableName = "model" | "distribution" | "top" | "by_tier" | "by_channel" | "points";

type Cell = string | number | null;

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

function modelCsvRows(fit: ClvFit, model: ClvModelRow[]): Cell[][] {
  const params = fit.params;
  switch (params.status) {
    case "fitted":
      return [["status", "fitted"], ...model.map((row): Cell[] => [MODEL_CSV_NAMES[row.label] ?? row.label, row.value])];
    case "never_run":
      return [["status", "never_run"]];
    case "unreadable":
      return [
        ["status", "unreadable"],
        ["as_of", params.asOf],
      ];
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

const GROUP_HEADER = [
  "customers",
  "predicted_total",
  "predicted_average",
  "historical_total",
  "historical_average",
  "predicted_to_historical",
];

function allTables(currency: string, report: ClvReport): ReportCsvTable<ClvTableName>[] {
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
    { name: "model", header: ["parameter", "value"], rows: modelCsvRows(report.fit, clvModelRows(report.fit)) },
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
      rows: report.points.map((row) => [
        row.id,
        row.name,
        row.tier ?? "none",
        money(row.historicalMinor),
        money(row.predictedMinor),
      ]),
    },
  ];
}

/**
 * Only the tables the page shows: without a fit, or with no prediction in the cohort, the page
 * shows the model (or why there is none) alone.
 */
export function clvCsvTables(currency: string, report: ClvReport): ReportCsvTable<ClvTableName>[] {
  const fitted = report.fit.params.status === "fitted";
  return allTables(currency, report).filter((table) => table.name === "model" || (fitted && report.summary.withPrediction > 0));
}

/** `clv_<as of>` (today without a fit), with the cohort's days when one is chosen. */
export function clvCsvFileBase(report: ClvReport, cohort: ClvCohort, today: string): string {
  const asOf = report.fit.params.status === "fitted" ? report.fit.params.params.asOf : today;
  return `clv_${asOf}${cohort ? `_cohort_${cohort.from}_${cohort.to}` : ""}`;
}
