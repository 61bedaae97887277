import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/session.server";
import { IgnoredFilters } from "~/components/ignored-filters";
import { PeriodPicker } from "~/components/period-picker";
import {
  TierCountsSection,
  TierCustomersSection,
  TierMovementsSection,
  TiersHeading,
  TiersNotRun,
} from "~/components/reports/tiers-sections";
import { localDay } from "~/domain/calendar";
import { can } from "~/domain/permissions";
import { getSettings } from "~/models/settings.server";
import { tierCsvFileBase, tierCsvTables } from "~/models/tier-report-csv.server";
import { isTierKey, tierReport, type TierKey, type TierReport } from "~/models/tier-report.server";
import { DATE_FILTER_CHECKS, ignoredFilters } from "~/schemas/date-filter";
import { periodFromUrl, type Period } from "~/schemas/period";
import { reportCsvDownload, wantsCsv } from "~/utils/csv-download.server";
import { pageTitle } from "~/utils/meta";
import { pageFromUrl } from "~/utils/pagination";
import { useTranslation } from "~/utils/use-translation";
import { db } from "~db/client.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "reportTiers.title");

const DEFAULT_TIER: TierKey = "high_value";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "viewTeamReports");
  const started = performance.now();
  const database = db();
  const settings = getSettings(database);
  const url = new URL(request.url);
  const today = localDay(new Date(), settings.general.timeZone);
  const period = periodFromUrl(url, today, "90d");
  const requestedTier = url.searchParams.get("tier");
  const tier: TierKey = isTierKey(requestedTier) ? requestedTier : DEFAULT_TIER;
  const csv = wantsCsv(url);
  // The CSV's customers table holds every page of the tier.
  const report = tierReport(database, { period, tier, page: csv ? null : pageFromUrl(url) });

  if (csv) {
    if (!report.tables) return new Response("Nothing to export: the tiers job has not run yet.", { status: 404 });
    const { counts, movements, allCustomers } = report.tables;
    const tables = tierCsvTables(settings.general, { counts, movements, customers: allCustomers ?? [] });
    return reportCsvDownload(tierCsvFileBase(report.asOf.asOf ?? today, period, tier), tables, url.searchParams.get("table"));
  }

  return pageData({
    period,
    ignoredFilters: ignoredFilters(url, DATE_FILTER_CHECKS),
    tier,
    report,
    canRunJobs: can(user.role, "runJobs"),
    ms: Math.round(performance.now() - started),
  });
}

/** What the page gets (the loader answers `?format=csv` with a CSV Response instead). */
function pageData(input: {
  period: Period;
  ignoredFilters: string[];
  tier: TierKey;
  report: TierReport;
  canRunJobs: boolean;
  ms: number;
}) {
  const { report } = input;
  return {
    period: input.period,
    ignoredFilters: input.ignoredFilters,
    tier: input.tier,
    asOf: report.asOf,
    hasRun: report.tables !== null,
    canRunJobs: input.canRunJobs,
    counts: report.tables?.counts ?? null,
    movements: report.tables?.movements ?? null,
    customers: report.tables?.customers ?? null,
    ms: input.ms,
  };
}

export default function TiersReport() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof pageData>();
  const heading = <TiersHeading asOf={data.asOf} hasRun={data.hasRun} />;

  if (!data.hasRun || !data.counts || !data.movements || !data.customers) {
    return (
      <section className="space-y-4" aria-labelledby="tiers-title">
        {heading}
        <TiersNotRun canRunJobs={data.canRunJobs} />
      </section>
    );
  }

  return (
    <section className="space-y-6" aria-labelledby="tiers-title">
      {heading}
      <p className="max-w-3xl text-sm text-slate-600">{t("reportTiers.intro")}</p>
      <PeriodPicker period={data.period} keep={["tier"]} />
      <IgnoredFilters names={data.ignoredFilters} />
      <TierCountsSection counts={data.counts} />
      <TierMovementsSection movements={data.movements} />
      <TierCustomersSection tier={data.tier} counts={data.counts} customers={data.customers} />
      <p className="text-xs text-slate-500">{t("reports.generatedIn", { ms: data.ms })}</p>
    </section>
  );
}
