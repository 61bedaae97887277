import { Link, useLocation } from "@remix-run/react";
import { BarsChart } from "~/components/charts";
import { EmptyState } from "~/components/empty-state";
import type { FunnelStageFigures } from "~/domain/funnel";
import type { FunnelTable } from "~/models/funnel-report-csv.server";
import type { FunnelReport } from "~/models/funnel-report.server";
import { reportCsvHref } from "~/utils/report-csv";
import { useFormat } from "~/utils/use-format";
import { useTranslation } from "~/utils/use-translation";

export function usePresenters() {
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

export function SectionHeading({ id, title, table }: { id: string; title: string; table?: FunnelTable }) {
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

export function FunnelSummarySection({ report }: { report: FunnelReport }) {
  const { t, format, percent } = usePresenters();
  const received = report.stages[0]!.count;
  const won = report.stages.find((s) => s.stage === "won")!;
  return (
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
  );
}

export function FunnelStagesSection({ stages }: { stages: FunnelStageFigures[] }) {
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

export function FunnelEconomicsSection({ report, spendYear }: { report: FunnelReport; spendYear: number }) {
  const { t, format } = usePresenters();
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
