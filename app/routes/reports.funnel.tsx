import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { Fragment } from "react";
import { useTranslation } from "~/utils/use-translation";
import { z } from "zod";
import { requirePermission } from "~/auth/session.server";
import { BarsChart } from "~/components/charts";
import { EmptyState } from "~/components/empty-state";
import { CsvLink, PeriodPicker } from "~/components/period-picker";
import { db } from "~db/client.server";
import { localDay } from "~/domain/calendar";
import { FUNNEL_STAGES, type FunnelStageFigures } from "~/domain/funnel";
import { minorToDecimalString } from "~/domain/money";
import { FUNNEL_SPLITS, type FunnelSplit } from "~/domain/funnel";
import { funnelReport, type FunnelGroup, type FunnelReport } from "~/models/funnel-report.server";
import { getSettings } from "~/models/settings.server";
import { periodFromUrl } from "~/schemas/period";
import { IgnoredFilters } from "~/components/ignored-filters";
import { DATE_FILTER_CHECKS, ignoredFilters } from "~/schemas/date-filter";
import { csvResponse, wantsCsv } from "~/utils/csv-response.server";
import { pageTitle } from "~/utils/meta";
import { reportCsvHref } from "~/utils/report-csv";
import { useFormat } from "~/utils/use-format";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "reportFunnel.title");

/** The tables of the page, each exportable alone with `?format=csv&table=…`. */
const FUNNEL_TABLES = ["summary", "stages", "split", "economics"] as const;
type FunnelTable = (typeof FUNNEL_TABLES)[number];

const querySchema = z.object({
  split: z.enum(FUNNEL_SPLITS).optional().catch(undefined),
  table: z.enum(FUNNEL_TABLES).optional().catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "viewTeamReports");
  const database = db();
  const settings = getSettings(database);
  const url = new URL(request.url);
  const period = periodFromUrl(url, localDay(new Date(), settings.general.timeZone), "90d");
  const { split, table } = querySchema.parse(Object.fromEntries(url.searchParams));
  const started = performance.now();
  const report = funnelReport(database, { from: period.from, to: period.to, settings, split });
  const ms = performance.now() - started;
  if (wantsCsv(url)) return funnelCsv(report, table);
  return {
    period,
    ignoredFilters: ignoredFilters(url, DATE_FILTER_CHECKS),
    split: split ?? null,
    report,
    ms: Math.round(ms * 10) / 10,
    spendYear: Number(period.to.slice(0, 4)),
  };
}

// ---------------------------------------------------------------------------------------------
// CSV: the page's tables with machine-stable headers (the CLI JSON's names in snake_case), rates
// as fractions 0–1, money in the base currency's major unit, exactly as funnelReport gives them.
// ---------------------------------------------------------------------------------------------

type Cell = string | number | null;
type CsvTable = { name: FunnelTable; header: string[]; rows: Cell[][] };

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

/**
 * `table=` names one table: a plain CSV of it. Without it, every table the page shows, stacked:
 * each block starts with its own header row, every row starts with a `table` column naming its
 * block (summary, stages, split, economics), and one empty line separates the blocks.
 */
function funnelCsv(report: FunnelReport, table: FunnelTable | undefined): Response {
  const base = `funnel_${report.from}_${report.to}${report.split ? `_by-${report.split.by}` : ""}`;
  const tables = [summaryTable(report), stagesTable(report), splitTable(report), economicsTable(report)].filter(
    (t): t is CsvTable => t !== null,
  );
  if (table) {
    const one = tables.find((t) => t.name === table);
    if (!one) throw new Response("This table is not shown: choose a split first.", { status: 400 });
    return csvResponse(`${base}_${table}.csv`, one.header, one.rows);
  }
  const [first, ...rest] = tables as [CsvTable, ...CsvTable[]];
  const rows: Cell[][] = first.rows.map((row) => [first.name, ...row]);
  for (const block of rest) {
    rows.push([], ["table", ...block.header], ...block.rows.map((row) => [block.name, ...row]));
  }
  return csvResponse(`${base}.csv`, ["table", ...first.header], rows);
}

// ---------------------------------------------------------------------------------------------
// Page
// ---------------------------------------------------------------------------------------------

// The loader also answers `?format=csv` with a Response; the page sees only its data.
type LoaderData = Exclude<Awaited<ReturnType<typeof loader>>, Response>;

function usePresenters() {
  const { t } = useTranslation();
  const format = useFormat();
  return {
    t,
    format,
    percent: (value: number | null) => (value === null ? t("common.none") : `${format.number(value * 100, 1)}%`),
    stageName: (stage: FunnelStageFigures["stage"]) => t(`reportFunnel.stages.${stage}`),
  };
}

/** A link to one table of the page as CSV. */
function TableCsvLink({ table, label }: { table: FunnelTable; label: string }) {
  const { t } = useTranslation();
  const location = useLocation();
  const href = reportCsvHref(location.pathname, location.search, { table });
  return (
    <a
      href={href}
      className="text-sm text-brand-700 underline no-print"
      download
      aria-label={t("reportFunnel.csv.tableLabel", { table: label })}
    >
      {t("reportFunnel.csv.table")}
    </a>
  );
}

function SectionHeading({ id, title, table }: { id: string; title: string; table?: FunnelTable }) {
  return (
    <div className="flex flex-wrap items-baseline justify-between gap-2">
      <h2 id={id} className="text-lg font-semibold">
        {title}
      </h2>
      {table ? <TableCsvLink table={table} label={title} /> : null}
    </div>
  );
}

function Figure({ label, value, figure }: { label: string; value: string; figure: string }) {
  return (
    <div className="card">
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold tabular-nums" data-figure={figure}>
        {value}
      </dd>
    </div>
  );
}

export default function FunnelReportPage() {
  const { t, format, percent } = usePresenters();
  const { period, ignoredFilters: ignored, report, ms } = useLoaderData<LoaderData>();
  const received = report.stages[0]!.count;
  const won = report.stages.find((s) => s.stage === "won")!;
  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold">{t("reportFunnel.title")}</h1>
        <p className="mt-1 text-sm text-slate-600">{t("reportFunnel.intro")}</p>
      </div>
      <PeriodPicker period={period} keep={["split"]} />
      <IgnoredFilters names={ignored} />
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-slate-600">
          {t("reports.periodLabel", { from: format.day(period.from), to: format.day(period.to) })}
          {" · "}
          <span data-figure="generated-in">{t("reports.generatedIn", { ms: format.number(ms, 1) })}</span>
        </p>
        <CsvLink label={t("reportFunnel.csv.all")} />
      </div>

      {received === 0 ? (
        <EmptyState>{t("reportFunnel.empty")}</EmptyState>
      ) : (
        <>
          <section aria-labelledby="funnel-summary-title">
            <h2 id="funnel-summary-title" className="sr-only">
              {t("reportFunnel.summary")}
            </h2>
            <dl className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-4">
              <Figure label={t("reportFunnel.received")} value={format.number(received)} figure="received" />
              <Figure label={t("reportFunnel.won")} value={format.number(won.count)} figure="won" />
              <Figure label={t("reportFunnel.wonRate")} value={percent(won.fromReceived)} figure="won-rate" />
              <Figure
                label={t("reportFunnel.medianDaysToWon")}
                value={
                  report.medianDaysToWon === null
                    ? t("reportFunnel.nothingWon")
                    : t("reportFunnel.days", { days: format.number(report.medianDaysToWon, 1) })
                }
                figure="median-days-to-won"
              />
            </dl>
          </section>
          <StagesSection stages={report.stages} />
          <SplitSection />
        </>
      )}
      <EconomicsSection />
    </div>
  );
}

function StagesSection({ stages }: { stages: FunnelStageFigures[] }) {
  const { t, format, percent, stageName } = usePresenters();
  return (
    <section aria-labelledby="funnel-stages-title" className="space-y-3">
      <SectionHeading id="funnel-stages-title" title={t("reportFunnel.stagesTitle")} table="stages" />
      <figure className="card">
        <figcaption className="text-sm text-slate-600">{t("reportFunnel.stagesChart")}</figcaption>
        <BarsChart
          data={stages.map((s) => ({ stage: stageName(s.stage), count: s.count }))}
          x="stage"
          series={[{ key: "count", label: t("reportFunnel.count") }]}
        />
      </figure>
      <div className="card overflow-x-auto p-0">
        <table className="data-table" data-table="stages">
          <thead className="bg-slate-50">
            <tr>
              <th scope="col">{t("reportFunnel.stage")}</th>
              <th scope="col" className="text-right">
                {t("reportFunnel.count")}
              </th>
              <th scope="col" className="text-right">
                {t("reportFunnel.fromPrevious")}
              </th>
              <th scope="col" className="text-right">
                {t("reportFunnel.fromReceived")}
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {stages.map((s) => (
              <tr key={s.stage} data-stage={s.stage}>
                <th scope="row" className="text-left font-medium">
                  {stageName(s.stage)}
                  <span className="block text-xs font-normal text-slate-500">{t(`reportFunnel.stageHelp.${s.stage}`)}</span>
                </th>
                <td className="text-right tabular-nums">{format.number(s.count)}</td>
                <td className="text-right tabular-nums">{s.stage === "received" ? "" : percent(s.fromPrevious)}</td>
                <td className="text-right tabular-nums">{percent(s.fromReceived)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="text-xs text-slate-500">{t("reportFunnel.stagesNote")}</p>
    </section>
  );
}

function regionName(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: "region" }).of(code) ?? code;
  } catch {
    return code;
  }
}

function GroupName({ by, group }: { by: FunnelSplit; group: FunnelGroup }) {
  const { t, format } = usePresenters();
  if (group.key === null) return <span className="italic text-slate-500">{t("reportFunnel.split.noneRecorded")}</span>;
  switch (by) {
    case "channel":
      return <>{group.label ?? group.key}</>;
    case "country":
      return (
        <>
          {regionName(group.key, format.locale)} <span className="text-xs text-slate-500">({group.key})</span>
        </>
      );
    case "assignee":
    case "product":
      return (
        <>
          {group.label ?? group.key}
          {group.label ? <span className="block text-xs font-normal text-slate-500">{group.key}</span> : null}
        </>
      );
  }
}

function SplitSection() {
  const { t, format, percent, stageName } = usePresenters();
  const { period, report, split } = useLoaderData<LoaderData>();
  const later = report.stages.slice(1).map((s) => s.stage);
  return (
    <section aria-labelledby="funnel-split-title" className="space-y-3">
      <SectionHeading id="funnel-split-title" title={t("reportFunnel.split.title")} table={report.split ? "split" : undefined} />
      <Form method="get" className="card no-print flex flex-wrap items-end gap-3">
        {period.preset ? (
          <input type="hidden" name="preset" value={period.preset} />
        ) : (
          <>
            <input type="hidden" name="from" value={period.from} />
            <input type="hidden" name="to" value={period.to} />
          </>
        )}
        <div>
          <label htmlFor="funnel-split" className="field-label">
            {t("reportFunnel.split.label")}
          </label>
          <select
            id="funnel-split"
            name="split"
            defaultValue={split ?? ""}
            key={split ?? ""}
            className="field-input"
            onChange={(event) => event.currentTarget.form?.requestSubmit()}
          >
            <option value="">{t("reportFunnel.split.none")}</option>
            {FUNNEL_SPLITS.map((by) => (
              <option key={by} value={by}>
                {t(`reportFunnel.split.${by}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="btn-secondary">
          {t("reportFunnel.split.show")}
        </button>
      </Form>
      {report.split ? (
        <>
          <p className="text-sm text-slate-600">{t("reportFunnel.split.groups", { count: report.split.groups.length })}</p>
          <div className="card overflow-x-auto p-0">
            <table className="data-table" data-table="split">
              <thead className="bg-slate-50">
                <tr>
                  <th scope="col" rowSpan={2}>
                    {t(`reportFunnel.split.${report.split.by}`)}
                  </th>
                  <th scope="col" rowSpan={2} className="text-right">
                    {stageName("received")}
                  </th>
                  {later.map((stage) => (
                    <th key={stage} scope="colgroup" colSpan={3} className="border-l border-slate-200 text-center">
                      {stageName(stage)}
                    </th>
                  ))}
                  <th scope="col" rowSpan={2} className="border-l border-slate-200 text-right">
                    {t("reportFunnel.split.medianDays")}
                  </th>
                </tr>
                <tr>
                  {later.map((stage) => (
                    <Fragment key={stage}>
                      <th scope="col" className="border-l border-slate-200 text-right text-xs">
                        {t("reportFunnel.split.count")}
                      </th>
                      <th scope="col" className="text-right text-xs">
                        {t("reportFunnel.fromPrevious")}
                      </th>
                      <th scope="col" className="text-right text-xs">
                        {t("reportFunnel.fromReceived")}
                      </th>
                    </Fragment>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {report.split.groups.map((group) => (
                  <tr key={group.key ?? "(none)"} data-group={group.key ?? ""}>
                    <th scope="row" className="text-left font-medium">
                      <GroupName by={report.split!.by} group={group} />
                    </th>
                    <td className="text-right tabular-nums">{format.number(group.stages[0]!.count)}</td>
                    {group.stages.slice(1).map((s) => (
                      <Fragment key={s.stage}>
                        <td className="border-l border-slate-200 text-right tabular-nums">{format.number(s.count)}</td>
                        <td className="text-right tabular-nums">{percent(s.fromPrevious)}</td>
                        <td className="text-right tabular-nums">{percent(s.fromReceived)}</td>
                      </Fragment>
                    ))}
                    <td className="border-l border-slate-200 text-right tabular-nums">
                      {group.medianDaysToWon === null ? t("common.none") : format.number(group.medianDaysToWon, 1)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : (
        <p className="text-sm text-slate-600">{t("reportFunnel.split.intro")}</p>
      )}
    </section>
  );
}

function EconomicsSection() {
  const { t, format } = usePresenters();
  const { report, spendYear } = useLoaderData<LoaderData>();
  const money = (minor: number | null) => (minor === null ? t("common.none") : format.money(minor, report.currency));
  const anyWithoutSpend = report.byChannel.some((c) => c.spendMinor === 0);
  return (
    <section aria-labelledby="funnel-economics-title" className="space-y-3">
      <SectionHeading id="funnel-economics-title" title={t("reportFunnel.economics.title")} table="economics" />
      <p className="text-sm text-slate-600">{t("reportFunnel.economics.intro", { currency: report.currency })}</p>
      {report.byChannel.length === 0 ? (
        <EmptyState>{t("reportFunnel.economics.empty")}</EmptyState>
      ) : (
        <div className="card overflow-x-auto p-0">
          <table className="data-table" data-table="economics">
            <thead className="bg-slate-50">
              <tr>
                <th scope="col">{t("reportFunnel.economics.channel")}</th>
                <th scope="col" className="text-right">
                  {t("reportFunnel.economics.inquiries")}
                </th>
                <th scope="col" className="text-right">
                  {t("reportFunnel.economics.won")}
                </th>
                <th scope="col" className="text-right">
                  {t("reportFunnel.economics.revenue")}
                </th>
                <th scope="col" className="text-right">
                  {t("reportFunnel.economics.spend")}
                </th>
                <th scope="col" className="text-right">
                  {t("reportFunnel.economics.cpa")}
                </th>
                <th scope="col" className="text-right">
                  {t("reportFunnel.economics.costPerWon")}
                </th>
                <th scope="col" className="text-right">
                  {t("reportFunnel.economics.roas")}
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {report.byChannel.map((c) => (
                <tr key={c.channel} data-channel={c.channel}>
                  <th scope="row" className="text-left font-medium">
                    {c.channelName}
                  </th>
                  <td className="text-right tabular-nums">{format.number(c.inquiries)}</td>
                  <td className="text-right tabular-nums">{format.number(c.won)}</td>
                  <td className="text-right tabular-nums">{money(c.revenueMinor)}</td>
                  <td className="text-right tabular-nums">{money(c.spendMinor)}</td>
                  <td className="text-right tabular-nums" data-figure="cpa">
                    {money(c.cpaMinor)}
                  </td>
                  <td className="text-right tabular-nums" data-figure="cost-per-won">
                    {money(c.costPerWonMinor)}
                  </td>
                  <td className="text-right tabular-nums" data-figure="roas">
                    {c.roas === null ? t("common.none") : format.number(c.roas, 2)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {anyWithoutSpend ? <p className="text-xs text-slate-500">{t("reportFunnel.economics.noSpend")}</p> : null}
      <p>
        <Link to={`/reports/spend?year=${spendYear}`} className="text-sm text-brand-700 underline">
          {t("reportFunnel.economics.editSpend")}
        </Link>
      </p>
    </section>
  );
}
