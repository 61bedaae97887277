import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/session.server";
import { EmptyState } from "~/components/empty-state";
import { ClvCohortSection, ClvHeading, ClvModelCard, ClvSummaryStats } from "~/components/reports/clv-overview";
import {
  ClvByChannelSection,
  ClvByTierSection,
  ClvDistributionSection,
  ClvTopSection,
  ClvVersusSection,
} from "~/components/reports/clv-sections";
import { localDay } from "~/domain/calendar";
import { can } from "~/domain/permissions";
import { clvCsvFileBase, clvCsvTables } from "~/models/clv-report-csv.server";
import {
  clvModelRows,
  clvReport,
  TOP_CUSTOMERS,
  type ClvCohort,
  type ClvModelRow,
  type ClvReport,
} from "~/models/clv-report.server";
import { getSettings } from "~/models/settings.server";
import { DATE_FILTER_CHECKS, ignoredFilters } from "~/schemas/date-filter";
import { periodFromUrl, type Period } from "~/schemas/period";
import { reportCsvDownload, wantsCsv } from "~/utils/csv-download.server";
import { pageTitle } from "~/utils/meta";
import { useTranslation } from "~/utils/use-translation";
import { db } from "~db/client.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "reportClv.title");

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

  if (wantsCsv(url)) {
    return reportCsvDownload(
      clvCsvFileBase(report, cohort, today),
      clvCsvTables(currency, report),
      url.searchParams.get("table"),
    );
  }

  return pageData({
    period,
    ignoredFilters: ignoredFilters(url, DATE_FILTER_CHECKS),
    // Shown in the picker while every customer is covered: from the first order to today.
    allPeriod: {
      from: report.summary.firstOrderAt === null ? today : localDay(new Date(report.summary.firstOrderAt), timeZone),
      to: today,
      preset: null,
    },
    report,
    model: clvModelRows(report.fit),
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
  model: ClvModelRow[];
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

export default function ClvReportPage() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof pageData>();
  const heading = <ClvHeading fit={data.fit} />;
  const modelCard = <ClvModelCard fit={data.fit} model={data.model} canRunJobs={data.canRunJobs} />;

  if (data.fit.params.status !== "fitted") {
    return (
      <section className="space-y-6" aria-labelledby="clv-title">
        {heading}
        <p className="max-w-3xl text-sm text-slate-600">{t("reportClv.intro")}</p>
        {modelCard}
      </section>
    );
  }

  return (
    <section className="space-y-6" aria-labelledby="clv-title">
      {heading}
      <p className="max-w-3xl text-sm text-slate-600">{t("reportClv.intro")}</p>
      {modelCard}
      <ClvCohortSection period={data.period} allPeriod={data.allPeriod} ignoredFilters={data.ignoredFilters} />
      <ClvSummaryStats summary={data.summary} />

      {data.summary.withPrediction === 0 ? (
        <EmptyState>{t("reportClv.noCustomers")}</EmptyState>
      ) : (
        <>
          <ClvDistributionSection distribution={data.distribution} />
          <ClvTopSection top={data.top} limit={data.topLimit} />
          <ClvByTierSection byTier={data.byTier} />
          <ClvByChannelSection byChannel={data.byChannel} />
          <ClvVersusSection points={data.points} />
        </>
      )}
      <p className="text-xs text-slate-500">{t("reports.generatedIn", { ms: data.ms })}</p>
    </section>
  );
}
