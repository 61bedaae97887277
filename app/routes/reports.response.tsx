import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/session.server";
import { EmptyState } from "~/components/empty-state";
import { IgnoredFilters } from "~/components/ignored-filters";
import { CsvLink, PeriodPicker } from "~/components/period-picker";
import { GroupTable, ResponseHeadlines, useCountLink, type Scope } from "~/components/reports/response-tables";
import { ResponseTrendSection } from "~/components/reports/response-trend";
import { localDay } from "~/domain/calendar";
import { responseCsvTable, responseReportRows } from "~/models/response-report-tables.server";
import { responseReportPage } from "~/models/response-report.server";
import { getSettings } from "~/models/settings.server";
import { DATE_FILTER_CHECKS, ignoredFilters } from "~/schemas/date-filter";
import { inboxFilterSchema } from "~/schemas/inquiry";
import { periodFromUrl } from "~/schemas/period";
import { csvDownload, wantsCsv } from "~/utils/csv-download.server";
import { pageTitle } from "~/utils/meta";
import { useFormat } from "~/utils/use-format";
import { useLinkNavigation } from "~/utils/use-link-navigation";
import { useTranslation } from "~/utils/use-translation";
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

  const { report, breakdown } = responseReportPage(database, {
    from: period.from,
    to: period.to,
    settings,
    now,
    trendAssigneeId,
  });
  const rows = responseReportRows(report, breakdown);
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

export async function loader(args: LoaderFunctionArgs) {
  const page = await reportPage(args);
  if (!wantsCsv(new URL(args.request.url))) return page;
  const csv = responseCsvTable(page);
  return csvDownload(`response-${page.period.from}-${page.period.to}.csv`, csv.header, csv.rows);
}

export default function ResponseReportPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const data = useLoaderData<typeof reportPage>();
  const countLink = useCountLink();
  const linkNavigation = useLinkNavigation();
  const { period, overall, thresholdSeconds } = data;
  const whole: Scope = { from: period.from, to: period.to };
  const people = data.assignees.map((row) => ({
    value: row.assigneeId === null ? "unassigned" : String(row.assigneeId),
    label: row.assigneeId === null ? t("reportResponse.unassigned") : (row.name ?? row.email ?? `#${row.assigneeId}`),
  }));

  return (
    // Its hundreds of counts are plain links: one handler navigates for them all (Enter on a link
    // is a click too).
    // biome-ignore lint/a11y/useKeyWithClickEvents: the handler only speeds up clicks on links, which have their own keys.
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
          <ResponseHeadlines
            overall={overall}
            whole={whole}
            thresholdSeconds={thresholdSeconds}
            businessSlaMinutes={data.businessSlaMinutes}
            countLink={countLink}
          />
          <ResponseTrendSection
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
