import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "~/utils/use-translation";
import { requirePermission } from "~/auth/session.server";
import { BarsChart, TrendChart } from "~/components/charts";
import { EmptyState } from "~/components/empty-state";
import { CsvLink, PeriodPicker } from "~/components/period-picker";
import { localDay } from "~/domain/calendar";
import {
  responseReportPage,
  type ResponseBreakdown,
  type ResponseCounts,
  type ResponseReport,
  type ResponseReportFigures,
} from "~/models/response-report.server";
import { getSettings } from "~/models/settings.server";
import { inboxFilterSchema, type ResponseMetric } from "~/schemas/inquiry";
import { periodFromUrl, type Period } from "~/schemas/period";
import { IgnoredFilters } from "~/components/ignored-filters";
import { DATE_FILTER_CHECKS, ignoredFilters } from "~/schemas/date-filter";
import { csvResponse, wantsCsv } from "~/utils/csv-response.server";
import { pageTitle } from "~/utils/meta";
import { useFormat } from "~/utils/use-format";
import { useLinkNavigation } from "~/utils/use-link-navigation";
import { db } from "~db/client.server";

/**
 * The response report (SPEC §3, §9) for managers. Its figures are `responseReport`'s, the very
 * function behind `npm run crm -- report response --json`; beside them it shows the counts behind
 * each rate and the daily trend (`responseBreakdown`'s), both read at once by `responseReportPage`. Every count
 * links to the inbox filtered to the inquiries behind it (`metric=…`), and `?format=csv` returns the
 * tables the page shows.
 */

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "reportResponse.title");

/** Whose daily trend to show: someone's id, "unassigned", "me", or (absent) everyone. */
const trendScopeSchema = inboxFilterSchema.pick({ assignee: true });

type Figures = ResponseReportFigures & ResponseCounts;
type AssigneeRow = Figures & { assigneeId: number | null; email: string | null; name: string | null };
type ChannelRow = Figures & { channel: string; name: string };

/**
 * The report's rows with the counts behind their rates. Both lists come in the same order (same
 * grouping, same ORDER BY), so rows are paired by position; the key is checked all the same, and
 * a row whose partner is missing (a write landed between the two reads) is matched by key.
 */
function reportRows(report: ResponseReport, breakdown: ResponseBreakdown) {
  const assignees: AssigneeRow[] = report.byAssignee.map((row, index) => {
    const counts =
      breakdown.byAssignee[index]?.email === row.email
        ? breakdown.byAssignee[index]
        : breakdown.byAssignee.find((candidate) => candidate.email === row.email);
    return { ...(counts ?? zeroCounts(row)), ...row, assigneeId: counts?.assigneeId ?? null, name: counts?.name ?? null };
  });
  const channels: ChannelRow[] = report.byChannel.map((row, index) => {
    const counts =
      breakdown.byChannel[index]?.channel === row.channel
        ? breakdown.byChannel[index]
        : breakdown.byChannel.find((candidate) => candidate.channel === row.channel);
    return { ...(counts ?? zeroCounts(row)), ...row, name: counts?.name ?? row.channel };
  });
  const overall: Figures = { ...breakdown.overall, ...pickFigures(report) };
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

type CsvCell = string | number | null;
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

/** What the page shows; the CSV is written from exactly this. */
async function reportPage({ request }: LoaderFunctionArgs) {
  const started = performance.now();
  const user = await requirePermission(request, "viewTeamReports");
  const database = db();
  const url = new URL(request.url);
  const settings = getSettings(database);
  const now = new Date();
  const period = periodFromUrl(url, localDay(now, settings.general.timeZone));
  const parsed = trendScopeSchema.parse(Object.fromEntries(url.searchParams)).assignee;
  const assignee = parsed === "me" ? user.id : parsed;
  const trendAssigneeId = assignee === undefined ? undefined : assignee === "unassigned" ? null : assignee;

  const { report, breakdown } = responseReportPage(database, { from: period.from, to: period.to, settings, now, trendAssigneeId });
  const rows = reportRows(report, breakdown);
  return {
    period,
    // A day that is not valid falls back to the default period; the page says so.
    ignoredFilters: ignoredFilters(url, DATE_FILTER_CHECKS),
    // The report's figures go out once, inside the rows (not also as the report itself).
    overall: rows.overall,
    assignees: rows.assignees,
    channels: rows.channels,
    trend: breakdown.trend,
    trendUnit: breakdown.trendUnit,
    trendAssignee: assignee ?? null,
    thresholdSeconds: settings.response.thresholdSeconds,
    businessSlaMinutes: settings.response.businessSlaMinutes,
    generatedMs: Math.round(performance.now() - started),
  };
}

/** Whose days the daily rows are, for the CSV: "" for everyone, else the assignee's e-mail. */
function trendScopeName(page: Awaited<ReturnType<typeof reportPage>>): string {
  if (page.trendAssignee === null) return "";
  if (page.trendAssignee === "unassigned") return "unassigned";
  return page.assignees.find((row) => row.assigneeId === page.trendAssignee)?.email ?? `#${page.trendAssignee}`;
}

export async function loader(args: LoaderFunctionArgs) {
  const page = await reportPage(args);
  if (!wantsCsv(new URL(args.request.url))) return page;
  // The tables of the page, in its order: the totals, per assignee, per channel, then per day (per
  // month for a period longer than the trend shows by day).
  return csvResponse(`response-${page.period.from}-${page.period.to}.csv`, CSV_HEADER, [
    csvRow("total", "", "", page.overall),
    ...page.assignees.map((row) => csvRow("assignee", row.email ?? "", row.name ?? "", row)),
    ...page.channels.map((row) => csvRow("channel", row.channel, row.name, row)),
    ...page.trend.map((day) =>
      page.trendUnit === "month"
        ? csvRow("month", day.day.slice(0, 7), trendScopeName(page), day)
        : csvRow("day", day.day, trendScopeName(page), day),
    ),
  ]);
}

type Scope = { from: string; to: string; assignee?: number | "unassigned" | null; channel?: string };

/** The inbox filtered to the inquiries behind one count. */
function drillDown(metric: ResponseMetric, scope: Scope) {
  const params = new URLSearchParams({ from: scope.from, to: scope.to });
  if (scope.assignee !== undefined && scope.assignee !== null) params.set("assignee", String(scope.assignee));
  if (scope.channel) params.set("channel", scope.channel);
  params.set("metric", metric);
  return `/inquiries?${params.toString()}`;
}

const COUNT_SLOT = "\u2063#\u2063";

/**
 * Draws a count as a link to the inquiries behind it. One hook call for the page, passed to its
 * tables, not one per count: a page has hundreds of counts, and each hook call would build its
 * own translator and formatter.
 */
function useCountLink() {
  const { t } = useTranslation();
  const format = useFormat();
  // One translation for the page, the count put in per link: a page has hundreds of counts.
  const titleTemplate = t("reportResponse.drillTitle", { number: COUNT_SLOT });
  // The same count recurs across rows and columns: its title and digits are worked out once.
  const shown = new Map<number, { title: string; digits: string }>();
  return (count: number, metric: ResponseMetric, scope: Scope) => {
    // Nothing to list behind a zero.
    if (count === 0) return <span className="text-slate-400">0</span>;
    let text = shown.get(count);
    if (!text) {
      const digits = format.number(count);
      text = { title: titleTemplate.replace(COUNT_SLOT, digits), digits };
      shown.set(count, text);
    }
    // A plain link: the page's one useLinkNavigation handler navigates in the app.
    return (
      <a href={drillDown(metric, scope)} className="text-brand-700 hover:underline" title={text.title}>
        {text.digits}
      </a>
    );
  };
}

function usePercent() {
  const { t } = useTranslation();
  const format = useFormat();
  return (rate: number | null) => (rate === null ? t("common.none") : `${format.number(rate * 100, 1)}%`);
}

function useSeconds() {
  const { t } = useTranslation();
  const format = useFormat();
  return (seconds: number | null) => (seconds === null ? t("common.none") : format.duration(seconds * 1000));
}

function Headline({ label, value, children, figure }: { label: string; value: string; children?: ReactNode; figure: string }) {
  return (
    <div className="card">
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold" data-figure={figure}>
        {value}
      </dd>
      {children}
    </div>
  );
}

type CountLinkFn = ReturnType<typeof useCountLink>;

function GroupTable({
  caption,
  nameHeader,
  rows,
  thresholdSeconds,
  countLink,
}: {
  caption: string;
  nameHeader: string;
  rows: { key: string; name: string; figures: Figures; scope: Scope }[];
  thresholdSeconds: number;
  countLink: CountLinkFn;
}) {
  const { t } = useTranslation();
  const percent = usePercent();
  const seconds = useSeconds();
  const s = { seconds: thresholdSeconds };
  return (
    <div className="card overflow-x-auto p-0">
      <table className="data-table">
        <caption className="px-4 py-2 text-left text-lg font-semibold">{caption}</caption>
        <thead className="bg-slate-50">
          <tr>
            <th scope="col">{nameHeader}</th>
            <th scope="col" className="text-right">{t("reportResponse.column.counted")}</th>
            <th scope="col" className="text-right">{t("reportResponse.column.inHours")}</th>
            <th scope="col" className="text-right">{t("reportResponse.column.thirtySecondRate", s)}</th>
            <th scope="col" className="text-right">{t("reportResponse.column.thirtySecondHits", s)}</th>
            <th scope="col" className="text-right">{t("reportResponse.column.thirtySecondMisses", s)}</th>
            <th scope="col" className="text-right">{t("reportResponse.column.within24hRate")}</th>
            <th scope="col" className="text-right">{t("reportResponse.column.within24hHits")}</th>
            <th scope="col" className="text-right">{t("reportResponse.column.within24hMisses")}</th>
            <th scope="col" className="text-right">{t("reportResponse.column.avgFrt")}</th>
            <th scope="col" className="text-right">{t("reportResponse.column.medianFrt")}</th>
            <th scope="col" className="text-right">{t("reportResponse.column.p90Frt")}</th>
            <th scope="col" className="text-right">{t("reportResponse.column.slaHit")}</th>
            <th scope="col" className="text-right">{t("reportResponse.column.slaMissed")}</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map(({ key, name, figures, scope }) => (
            <tr key={key} data-row={key}>
              <th scope="row" className="text-left font-medium">
                {name}
              </th>
              <td className="text-right">{countLink(figures.counted, "counted", scope)}</td>
              <td className="text-right">{countLink(figures.inHoursCounted, "inHours", scope)}</td>
              <td className="text-right">{percent(figures.thirtySecondRate)}</td>
              <td className="text-right">{countLink(figures.thirtySecondHits, "hit30", scope)}</td>
              <td className="text-right">{countLink(figures.thirtySecondMisses, "miss30", scope)}</td>
              <td className="text-right">{percent(figures.within24hRate)}</td>
              <td className="text-right">{countLink(figures.within24hHits, "hit24", scope)}</td>
              <td className="text-right">{countLink(figures.within24hMisses, "miss24", scope)}</td>
              <td className="text-right whitespace-nowrap">{seconds(figures.avgFrtSeconds)}</td>
              <td className="text-right whitespace-nowrap">{seconds(figures.medianFrtSeconds)}</td>
              <td className="text-right whitespace-nowrap">{seconds(figures.p90FrtSeconds)}</td>
              <td className="text-right">{countLink(figures.slaHit, "slaHit", scope)}</td>
              <td className="text-right">{countLink(figures.slaMissed, "slaMissed", scope)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function TrendSection({
  period,
  trend,
  trendUnit,
  trendAssignee,
  people,
  thresholdSeconds,
  countLink,
}: {
  period: Period;
  trend: ReturnType<typeof useLoaderData<typeof reportPage>>["trend"];
  trendUnit: "day" | "month";
  trendAssignee: number | "unassigned" | null;
  people: { value: string; label: string }[];
  thresholdSeconds: number;
  countLink: CountLinkFn;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const percent = usePercent();
  const s = { seconds: thresholdSeconds };
  const monthly = trendUnit === "month";
  const label = (row: { day: string }) => (monthly ? format.month(row.day) : format.day(row.day));
  const chartData = trend.map((day) => ({
    day: label(day),
    thirtySecondRate: day.thirtySecondRate,
    within24hRate: day.within24hRate,
    counted: day.counted,
  }));
  const scope = (row: { day: string; to: string }): Scope => ({ from: row.day, to: row.to, assignee: trendAssignee });
  return (
    <section aria-labelledby="trend-title" className="space-y-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h2 id="trend-title" className="text-lg font-semibold">
          {t(monthly ? "reportResponse.monthlyTrend" : "reportResponse.trend")}
        </h2>
        <Form method="get" className="no-print flex items-end gap-2">
          <input type="hidden" name="from" value={period.from} />
          <input type="hidden" name="to" value={period.to} />
          <div>
            <label htmlFor="trend-assignee" className="field-label">
              {t(monthly ? "reportResponse.monthlyFor" : "reportResponse.trendFor")}
            </label>
            <select id="trend-assignee" name="assignee" defaultValue={trendAssignee === null ? "" : String(trendAssignee)} className="field-input">
              <option value="">{t("reportResponse.everyone")}</option>
              {people.map((person) => (
                <option key={person.value} value={person.value}>
                  {person.label}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="btn-secondary">
            {t("reportResponse.show")}
          </button>
        </Form>
      </div>
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
        <figure className="card">
          <figcaption className="text-sm text-slate-600">{t(monthly ? "reportResponse.monthlyRateChart" : "reportResponse.rateChart")}</figcaption>
          <TrendChart
            data={chartData}
            x="day"
            percent
            series={[
              { key: "thirtySecondRate", label: t("reportResponse.thirtySecondRate", s) },
              { key: "within24hRate", label: t("reportResponse.within24hRate") },
            ]}
          />
        </figure>
        <figure className="card">
          <figcaption className="text-sm text-slate-600">{t(monthly ? "reportResponse.monthlyCountChart" : "reportResponse.countChart")}</figcaption>
          <BarsChart data={chartData} x="day" series={[{ key: "counted", label: t("reportResponse.counted") }]} />
        </figure>
      </div>
      <details className="card p-0" open={trend.length <= 31}>
        <summary className="cursor-pointer px-4 py-2 font-medium">{t(monthly ? "reportResponse.monthlyTable" : "reportResponse.dailyTable")}</summary>
        <div className="overflow-x-auto">
          <table className="data-table">
            <thead className="bg-slate-50">
              <tr>
                <th scope="col">{t(monthly ? "reportResponse.column.month" : "reportResponse.column.day")}</th>
                <th scope="col" className="text-right">{t("reportResponse.column.counted")}</th>
                <th scope="col" className="text-right">{t("reportResponse.column.inHours")}</th>
                <th scope="col" className="text-right">{t("reportResponse.column.thirtySecondRate", s)}</th>
                <th scope="col" className="text-right">{t("reportResponse.column.thirtySecondHits", s)}</th>
                <th scope="col" className="text-right">{t("reportResponse.column.thirtySecondMisses", s)}</th>
                <th scope="col" className="text-right">{t("reportResponse.column.within24hRate")}</th>
                <th scope="col" className="text-right">{t("reportResponse.column.within24hHits")}</th>
                <th scope="col" className="text-right">{t("reportResponse.column.within24hMisses")}</th>
                <th scope="col" className="text-right">{t("reportResponse.column.slaHit")}</th>
                <th scope="col" className="text-right">{t("reportResponse.column.slaMissed")}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {trend.map((day, index) => (
                <tr key={day.day} data-day={day.day}>
                  <th scope="row" className="whitespace-nowrap text-left font-normal">
                    {chartData[index]!.day}
                  </th>
                  <td className="text-right">{countLink(day.counted, "counted", scope(day))}</td>
                  <td className="text-right">{countLink(day.inHoursCounted, "inHours", scope(day))}</td>
                  <td className="text-right">{percent(day.thirtySecondRate)}</td>
                  <td className="text-right">{countLink(day.thirtySecondHits, "hit30", scope(day))}</td>
                  <td className="text-right">{countLink(day.thirtySecondMisses, "miss30", scope(day))}</td>
                  <td className="text-right">{percent(day.within24hRate)}</td>
                  <td className="text-right">{countLink(day.within24hHits, "hit24", scope(day))}</td>
                  <td className="text-right">{countLink(day.within24hMisses, "miss24", scope(day))}</td>
                  <td className="text-right">{countLink(day.slaHit, "slaHit", scope(day))}</td>
                  <td className="text-right">{countLink(day.slaMissed, "slaMissed", scope(day))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}

export default function ResponseReportPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const data = useLoaderData<typeof reportPage>();
  const percent = usePercent();
  const seconds = useSeconds();
  const countLink = useCountLink();
  const linkNavigation = useLinkNavigation();
  const { period, overall, thresholdSeconds } = data;
  const s = { seconds: thresholdSeconds };
  const whole: Scope = { from: period.from, to: period.to };
  const people = data.assignees.map((row) => ({
    value: row.assigneeId === null ? "unassigned" : String(row.assigneeId),
    label: row.assigneeId === null ? t("reportResponse.unassigned") : (row.name ?? row.email ?? `#${row.assigneeId}`),
  }));

  return (
    // Its hundreds of counts are plain links: one handler navigates for them all (Enter on a link
    // is a click too).
    <section aria-labelledby="report-title" className="space-y-6" onClick={linkNavigation}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 id="report-title" className="text-2xl font-semibold">
            {t("reportResponse.title")}
          </h1>
          <p className="mt-1 max-w-3xl text-sm text-slate-600">{t("reportResponse.intro")}</p>
          <p className="mt-1 text-sm text-slate-700" data-period={`${period.from}/${period.to}`}>
            {t("reports.periodLabel", { from: format.day(period.from), to: format.day(period.to) })}
          </p>
        </div>
        {overall.counted > 0 ? <CsvLink /> : null}
      </div>

      <PeriodPicker period={period} keep={["assignee"]} />
      <IgnoredFilters names={data.ignoredFilters} />

      {overall.counted === 0 ? (
        <EmptyState>{t("reportResponse.empty", { from: format.day(period.from), to: format.day(period.to) })}</EmptyState>
      ) : (
        <>
          <section aria-labelledby="headline-title" className="space-y-2">
            <h2 id="headline-title" className="sr-only">
              {t("reportResponse.headline")}
            </h2>
            <dl className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3 xl:grid-cols-5">
              <Headline label={t("reportResponse.thirtySecondRate", s)} value={percent(overall.thirtySecondRate)} figure="thirty-second-rate">
                <dd className="text-sm">
                  {countLink(overall.thirtySecondHits, "hit30", whole)} {t("reportResponse.hit")} ·{" "}
                  {countLink(overall.thirtySecondMisses, "miss30", whole)} {t("reportResponse.missed")}
                </dd>
                <dd className="mt-1 text-xs text-slate-500">{t("reportResponse.thirtySecondTarget", s)}</dd>
              </Headline>
              <Headline label={t("reportResponse.within24hRate")} value={percent(overall.within24hRate)} figure="within-24h-rate">
                <dd className="text-sm">
                  {countLink(overall.within24hHits, "hit24", whole)} {t("reportResponse.hit")} ·{" "}
                  {countLink(overall.within24hMisses, "miss24", whole)} {t("reportResponse.missed")}
                </dd>
                <dd className="mt-1 text-xs text-slate-500">{t("reportResponse.within24hTarget")}</dd>
              </Headline>
              <Headline label={t("reportResponse.medianFrt")} value={seconds(overall.medianFrtSeconds)} figure="median-frt">
                <dd className="text-sm">
                  <span className="text-slate-600">{t("reportResponse.p90Frt")}</span>{" "}
                  <span className="font-medium" data-figure="p90-frt">{seconds(overall.p90FrtSeconds)}</span>
                </dd>
                <dd className="text-sm">
                  <span className="text-slate-600">{t("reportResponse.avgFrt")}</span>{" "}
                  <span className="font-medium" data-figure="avg-frt">{seconds(overall.avgFrtSeconds)}</span>
                </dd>
                <dd className="mt-1 text-xs text-slate-500">{t("reportResponse.frtNote")}</dd>
              </Headline>
              <Headline
                label={t("reportResponse.sla")}
                value={`${format.number(overall.slaHit)} / ${format.number(overall.slaHit + overall.slaMissed)}`}
                figure="sla"
              >
                <dd className="text-sm">
                  {countLink(overall.slaHit, "slaHit", whole)} {t("reportResponse.hit")} ·{" "}
                  {countLink(overall.slaMissed, "slaMissed", whole)} {t("reportResponse.missed")}
                </dd>
                <dd className="mt-1 text-xs text-slate-500">{t("reportResponse.slaTarget", { minutes: data.businessSlaMinutes })}</dd>
              </Headline>
              <div className="card">
                <dt className="text-sm text-slate-600">{t("reportResponse.counted")}</dt>
                <dd className="mt-1 text-2xl font-semibold" data-figure="counted">
                  {countLink(overall.counted, "counted", whole)}
                </dd>
                <dd className="text-sm">
                  {countLink(overall.inHoursCounted, "inHours", whole)} {t("reportResponse.inHours")}
                </dd>
                <dd className="mt-1 text-xs text-slate-500">{t("reportResponse.countedNote")}</dd>
              </div>
            </dl>
            <p className="text-xs text-slate-500">{t("reportResponse.pendingNote")}</p>
          </section>

          <TrendSection
            period={period}
            trend={data.trend}
            trendUnit={data.trendUnit}
            trendAssignee={data.trendAssignee}
            people={people}
            thresholdSeconds={thresholdSeconds}
            countLink={countLink}
          />

          <GroupTable
            caption={t("reportResponse.byAssignee")}
            nameHeader={t("reportResponse.column.assignee")}
            thresholdSeconds={thresholdSeconds}
            countLink={countLink}
            rows={data.assignees.map((row, index) => ({
              key: row.email ?? `unassigned-${index}`,
              name: row.assigneeId === null ? t("reportResponse.unassigned") : (row.name ?? row.email ?? ""),
              figures: row,
              scope: { ...whole, assignee: row.assigneeId ?? "unassigned" },
            }))}
          />
          <GroupTable
            caption={t("reportResponse.byChannel")}
            nameHeader={t("reportResponse.column.channel")}
            thresholdSeconds={thresholdSeconds}
            countLink={countLink}
            rows={data.channels.map((row) => ({
              key: row.channel,
              name: row.name,
              figures: row,
              scope: { ...whole, channel: row.channel },
            }))}
          />
        </>
      )}
      <p className="text-xs text-slate-500" data-generated-ms={data.generatedMs}>
        {t("reports.generatedIn", { ms: format.number(data.generatedMs) })}
      </p>
    </section>
  );
}
