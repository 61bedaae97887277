import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/session.server";
import { EmptyState } from "~/components/empty-state";
import { IgnoredFilters } from "~/components/ignored-filters";
import { CsvLink, PeriodPicker } from "~/components/period-picker";
import { FunnelEconomicsSection, FunnelStagesSection, FunnelSummarySection } from "~/components/reports/funnel-sections";
import { FunnelSplitSection } from "~/components/reports/funnel-split";
import { localDay } from "~/domain/calendar";
import { funnelCsvFileBase, funnelCsvTables } from "~/models/funnel-report-csv.server";
import { funnelReport } from "~/models/funnel-report.server";
import { getSettings } from "~/models/settings.server";
import { DATE_FILTER_CHECKS, ignoredFilters } from "~/schemas/date-filter";
import { funnelQuerySchema } from "~/schemas/funnel-query";
import { periodFromUrl } from "~/schemas/period";
import { reportCsvDownload, wantsCsv } from "~/utils/csv-download.server";
import { pageTitle } from "~/utils/meta";
import { useFormat } from "~/utils/use-format";
import { useTranslation } from "~/utils/use-translation";
import { db } from "~db/client.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "reportFunnel.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "viewTeamReports");
  const database = db();
  const settings = getSettings(database);
  const url = new URL(request.url);
  const period = periodFromUrl(url, localDay(new Date(), settings.general.timeZone), "90d");
  const { split, table } = funnelQuerySchema.parse(Object.fromEntries(url.searchParams));
  const started = performance.now();
  const report = funnelReport(database, { from: period.from, to: period.to, settings, split });
  const ms = performance.now() - started;
  if (wantsCsv(url)) {
    const tables = funnelCsvTables(report);
    // The split table exists only once a split is chosen: asking for it before is the reader's slip.
    if (table && !tables.some((shown) => shown.name === table)) {
      throw new Response("This table is not shown: choose a split first.", { status: 400 });
    }
    return reportCsvDownload(funnelCsvFileBase(report), tables, table);
  }
  return {
    period,
    ignoredFilters: ignoredFilters(url, DATE_FILTER_CHECKS),
    split: split ?? null,
    report,
    ms: Math.round(ms * 10) / 10,
    spendYear: Number(period.to.slice(0, 4)),
  };
}

// The loader also answers `?format=csv` with a Response; the page sees only its data.
type LoaderData = Exclude<Awaited<ReturnType<typeof loader>>, Response>;

export default function FunnelReportPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { period, ignoredFilters: ignored, split, report, ms, spendYear } = useLoaderData<LoaderData>();
  const received = report.stages[0]!.count;
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
          <FunnelSummarySection report={report} />
          <FunnelStagesSection stages={report.stages} />
          <FunnelSplitSection period={period} report={report} split={split} />
        </>
      )}
      <FunnelEconomicsSection report={report} spendYear={spendYear} />
    </div>
  );
}
