/**
 * The response report's tables as the page and its CSV show them: `responseReport`'s figures
 * beside the counts behind each rate (`responseBreakdown`'s), row by row.
 */
import type { CsvCell } from "~/utils/csv.server";
import type {
  ResponseBreakdown,
  ResponseCounts,
  ResponseDay,
  ResponseReport,
  ResponseReportFigures,
  TrendUnit,
} from "./response-report.server";

export type ResponseFigures = ResponseReportFigures & ResponseCounts;
export type ResponseAssigneeRow = ResponseFigures & { assigneeId: number | null; email: string | null; name: string | null };
export type ResponseChannelRow = ResponseFigures & { channel: string; name: string };

/**
 * The report's rows with the counts behind their rates. Both lists come in the same order (same
 * grouping, same ORDER BY), so rows are paired by position; the key is checked all the same, and
 * a row whose partner is missing (a write landed between the two reads) is matched by key.
 */
export function responseReportRows(report: ResponseReport, breakdown: ResponseBreakdown) {
  const assignees: ResponseAssigneeRow[] = report.byAssignee.map((row, index) => {
    const counts =
      breakdown.byAssignee[index]?.email === row.email
        ? breakdown.byAssignee[index]
        : breakdown.byAssignee.find((candidate) => candidate.email === row.email);
    return { ...(counts ?? zeroCounts(row)), ...row, assigneeId: counts?.assigneeId ?? null, name: counts?.name ?? null };
  });
  const channels: ResponseChannelRow[] = report.byChannel.map((row, index) => {
    const counts =
      breakdown.byChannel[index]?.channel === row.channel
        ? breakdown.byChannel[index]
        : breakdown.byChannel.find((candidate) => candidate.channel === row.channel);
    return { ...(counts ?? zeroCounts(row)), ...row, name: counts?.name ?? row.channel };
  });
  const overall: ResponseFigures = { ...breakdown.overall, ...pickFigures(report) };
  return { overall, assignees, channels };
}

function pickFigures(report: ResponseReport): ResponseReportFigures {
  const { from: _from, to: _to, byAssignee: _byAssignee, byChannel: _byChannel, ...figures } = report;
  return figures;
}

function zeroCounts(figures: ResponseReportFigures): ResponseCounts {
  return {
    counted: figures.counted,
    inHoursCounted: figures.inHoursCounted,
    thirtySecondHits: 0,
    thirtySecondMisses: 0,
    within24hHits: 0,
    within24hMisses: 0,
    slaHit: figures.slaHit,
    slaMissed: figures.slaMissed,
    thirtySecondRate: figures.thirtySecondRate,
    within24hRate: figures.within24hRate,
  };
}

// ---------------------------------------------------------------------------------------------
// CSV: one table, its first column naming the page's table each row comes from
// ---------------------------------------------------------------------------------------------

const CSV_HEADER = [
  "table",
  "key",
  "name",
  "counted",
  "in_hours_counted",
  "thirty_second_rate",
  "thirty_second_hits",
  "thirty_second_misses",
  "within_24h_rate",
  "within_24h_hits",
  "within_24h_misses",
  "avg_frt_seconds",
  "median_frt_seconds",
  "p90_frt_seconds",
  "sla_hit",
  "sla_missed",
];

function csvRow(table: string, key: string, name: string, row: ResponseCounts & Partial<ResponseReportFigures>): CsvCell[] {
  return [
    table,
    key,
    name,
    row.counted,
    row.inHoursCounted,
    row.thirtySecondRate,
    row.thirtySecondHits,
    row.thirtySecondMisses,
    row.within24hRate,
    row.within24hHits,
    row.within24hMisses,
    row.avgFrtSeconds ?? null,
    row.medianFrtSeconds ?? null,
    row.p90FrtSeconds ?? null,
    row.slaHit,
    row.slaMissed,
  ];
}

/** What the page shows, which is what its CSV holds. */
export type ResponsePageTables = {
  overall: ResponseFigures;
  assignees: ResponseAssigneeRow[];
  channels: ResponseChannelRow[];
  trend: ResponseDay[];
  trendUnit: TrendUnit;
  trendAssignee: number | "unassigned" | null;
};

/** Whose days the daily rows are: "" for everyone, else the assignee's e-mail. */
function trendScopeName(page: ResponsePageTables): string {
  if (page.trendAssignee === null) return "";
  if (page.trendAssignee === "unassigned") return "unassigned";
  return page.assignees.find((row) => row.assigneeId === page.trendAssignee)?.email ?? `#${page.trendAssignee}`;
}

/**
 * The tables of the page, in its order: the totals, per assignee, per channel, then per day (per
 * month for a period longer than the trend shows by day).
 */
export function responseCsvTable(page: ResponsePageTables): { header: string[]; rows: CsvCell[][] } {
  const scope = trendScopeName(page);
  return {
    header: CSV_HEADER,
    rows: [
      csvRow("total", "", "", page.overall),
      ...page.assignees.map((row) => csvRow("assignee", row.email ?? "", row.name ?? "", row)),
      ...page.channels.map((row) => csvRow("channel", row.channel, row.name, row)),
      ...page.trend.map((day) =>
        page.trendUnit === "month" ? csvRow("month", day.day.slice(0, 7), scope, day) : csvRow("day", day.day, scope, day),
      ),
    ],
  };
}
