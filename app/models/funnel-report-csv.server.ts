/**
 * The funnel report's tables as CSV: machine-stable headers (the CLI JSON's names in snake_case),
 * rates as fractions 0–1, money in the base currency's major unit, exactly as funnelReport gives
 * them.
 */
import { minorToDecimalString } from "~/domain/money";
import { FUNNEL_STAGES } from "~/domain/funnel";
import type { ReportCsvTable } from "~/utils/csv-download.server";
import type { FunnelReport } from "./funnel-report.server";

/** The tables of the page, each exportable alone with `?format=csv&table=…`. */
export const FUNNEL_TABLES = ["summary", "stages", "split", "economics"] as const;
export type FunnelTable = (typeof FUNNEL_TABLES)[number];

type Cell = string | number | null;
type CsvTable = ReportCsvTable<FunnelTable>;

const fraction = (value: number | null): Cell => (value === null ? null : value.toFixed(4));
const days = (value: number | null): Cell => (value === null ? null : (Math.round(value * 100) / 100).toFixed(2));

function summaryTable(report: FunnelReport): CsvTable {
  return {
    name: "summary",
    header: ["from", "to", "currency", "split_by", "median_days_to_won"],
    rows: [[report.from, report.to, report.currency, report.split?.by ?? null, days(report.medianDaysToWon)]],
  };
}

function stagesTable(report: FunnelReport): CsvTable {
  return {
    name: "stages",
    header: ["stage", "count", "from_previous", "from_received"],
    rows: report.stages.map((s) => [s.stage, s.count, fraction(s.fromPrevious), fraction(s.fromReceived)]),
  };
}

const LATER_STAGES = FUNNEL_STAGES.slice(1);

function splitTable(report: FunnelReport): CsvTable | null {
  if (!report.split) return null;
  const { by, groups } = report.split;
  return {
    name: "split",
    header: [
      "split_by",
      "group_key",
      "group_label",
      "received",
      ...LATER_STAGES.flatMap((stage) => [stage, `${stage}_from_previous`, `${stage}_from_received`]),
      "median_days_to_won",
    ],
    rows: groups.map((group) => [
      by,
      group.key,
      group.label,
      group.stages[0]!.count,
      ...group.stages.slice(1).flatMap((s) => [s.count, fraction(s.fromPrevious), fraction(s.fromReceived)]),
      days(group.medianDaysToWon),
    ]),
  };
}

function economicsTable(report: FunnelReport): CsvTable {
  const money = (minor: number | null): Cell => (minor === null ? null : minorToDecimalString(minor, report.currency));
  return {
    name: "economics",
    header: ["channel", "channel_name", "inquiries", "won", "revenue", "spend", "cpa", "cost_per_won", "roas"],
    rows: report.byChannel.map((c) => [
      c.channel,
      c.channelName,
      c.inquiries,
      c.won,
      money(c.revenueMinor),
      money(c.spendMinor),
      money(c.cpaMinor),
      money(c.costPerWonMinor),
      fraction(c.roas),
    ]),
  };
}

/** The tables the page shows, in its order: the split only once one is chosen. */
export function funnelCsvTables(report: FunnelReport): CsvTable[] {
  return [summaryTable(report), stagesTable(report), splitTable(report), economicsTable(report)].filter(
    (table): table is CsvTable => table !== null,
  );
}

/** `funnel_<from>_<to>`, with `_by-<split>` when the page is split. */
export function funnelCsvFileBase(report: FunnelReport): string {
  return `funnel_${report.from}_${report.to}${report.split ? `_by-${report.split.by}` : ""}`;
}
