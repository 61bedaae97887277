import { Link, useLocation } from "@remix-run/react";
import type { TFunction } from "i18next";
import { IgnoredFilters } from "~/components/ignored-filters";
import { CsvLink, PeriodPicker } from "~/components/period-picker";
import type { ClvFit, ClvModelGroup, ClvModelRow, ClvSummary } from "~/models/clv-report.server";
import type { Period } from "~/schemas/period";
import { SectionHeading, Stat, useClvPresenters } from "./clv-sections";

/** Why there are no predictions, in the reader's language; null when the models are fitted. */
function notFittedText(t: TFunction, fit: ClvFit, day: (value: string) => string): string | null {
  const params = fit.params;
  switch (params.status) {
    case "fitted":
      return null;
    case "never_run":
      return t("reportClv.notFitted.neverRun");
    case "unreadable":
      return t("reportClv.notFitted.unreadable", { date: day(params.asOf) });
    case "not_fitted": {
      const date = day(params.asOf);
      if (params.code === "too_few_repeat_customers" && fit.run?.repeatCustomers != null && fit.run.required != null) {
        return t("reportClv.notFitted.too_few_repeat_customers", {
          date,
          count: fit.run.repeatCustomers,
          required: fit.run.required,
        });
      }
      const known = ["bgnbd_not_converged", "gamma_gamma_not_converged", "gamma_gamma_infinite_mean", "gamma_gamma_no_values"];
      if (params.code && known.includes(params.code)) return t(`reportClv.notFitted.${params.code}`, { date });
      return t("reportClv.notFitted.other", { date, reason: params.reason });
    }
  }
}

/** The title, the day the predictions are as of, and the link to every table as CSV. */
export function ClvHeading({ fit }: { fit: ClvFit }) {
  const { t, format } = useClvPresenters();
  const asOf = fit.params.status === "fitted" ? fit.params.params.asOf : null;
  return (
    <div className="flex flex-wrap items-start justify-between gap-3">
      <div>
        <h1 id="clv-title" className="text-2xl font-semibold">
          {t("reportClv.title")}
        </h1>
        {asOf ? (
          <p className="text-sm text-slate-600">
            {t("reportClv.asOf", { date: format.day(asOf) })}
            {fit.params.status === "fitted" && fit.params.finishedAt
              ? ` ${t("reportClv.fittedAt", { time: format.dateTime(fit.params.finishedAt) })}`
              : null}
          </p>
        ) : null}
      </div>
      <CsvLink label={t("reportClv.exportAll")} />
    </div>
  );
}

const GROUP_LABELS: Record<ClvModelGroup, string | null> = {
  run: null,
  bgnbd: "reportClv.model.bgnbd",
  gammaGamma: "reportClv.model.gammaGamma",
};

/** The fitted parameters, or why there are none and who can fit them. */
export function ClvModelCard({ fit, model, canRunJobs }: { fit: ClvFit; model: ClvModelRow[]; canRunJobs: boolean }) {
  const { t, format, currency, pct } = useClvPresenters();
  const status = notFittedText(t, fit, (day) => format.day(day));
  const modelValue = (row: ClvModelRow) => {
    if (row.value === null) return t("common.none");
    if (row.kind === "day") return format.day(String(row.value));
    if (row.kind === "instant") return format.dateTime(String(row.value));
    if (typeof row.value !== "number") return String(row.value);
    if (row.kind === "rate") return pct(row.value);
    if (row.kind === "count") return format.number(row.value);
    return format.number(Number(row.value.toPrecision(5)), 6);
  };
  return (
    <section className="card space-y-3" aria-labelledby="clv-model">
      <SectionHeading id="clv-model" title={t("reportClv.model.title")} table="model" />
      {status ? (
        <div>
          <p className="font-medium">{t("reportClv.notFitted.title")}</p>
          <p className="mt-1 text-slate-700">{status}</p>
          {fit.params.status !== "fitted" && canRunJobs ? (
            <Link to="/jobs" className="btn-primary mt-3">
              {t("reportClv.notFitted.runJob")}
            </Link>
          ) : (
            <p className="mt-2 text-sm text-slate-600">{t("reportClv.notFitted.askManager")}</p>
          )}
        </div>
      ) : (
        <>
          <div className="overflow-x-auto">
            <table className="data-table" data-table="model">
              <thead className="bg-slate-50">
                <tr>
                  <th scope="col">{t("reportClv.model.parameter")}</th>
                  <th scope="col" className="text-right">
                    {t("reportClv.model.value")}
                  </th>
                </tr>
              </thead>
              {(["run", "bgnbd", "gammaGamma"] as const).map((group) => (
                <tbody key={group} className="divide-y divide-slate-100">
                  {GROUP_LABELS[group] ? (
                    <tr>
                      <th scope="rowgroup" colSpan={2} className="bg-slate-50 text-left text-sm font-semibold">
                        {t(GROUP_LABELS[group])}
                      </th>
                    </tr>
                  ) : null}
                  {model
                    .filter((row) => row.group === group)
                    .map((row) => (
                      <tr key={row.label}>
                        <th scope="row" className="text-left font-normal">
                          {t(`reportClv.model.${row.label}`, { currency })}
                        </th>
                        <td className="text-right tabular-nums">{modelValue(row)}</td>
                      </tr>
                    ))}
                </tbody>
              ))}
            </table>
          </div>
          <p className="text-xs text-slate-500">{t("reportClv.model.timeUnit")}</p>
        </>
      )}
    </section>
  );
}

/** The cohort of customers the figures cover: all of them, or those first ordering in a period. */
export function ClvCohortSection({
  period,
  allPeriod,
  ignoredFilters,
}: {
  period: Period | null;
  allPeriod: Period;
  ignoredFilters: string[];
}) {
  const { t, format } = useClvPresenters();
  const location = useLocation();
  return (
    <section className="space-y-2" aria-labelledby="clv-cohort">
      <h2 id="clv-cohort" className="text-lg font-semibold">
        {t("reportClv.cohort.title")}
      </h2>
      <p className="max-w-3xl text-sm text-slate-600">{t("reportClv.cohort.help")}</p>
      <div className="flex flex-wrap items-center gap-2">
        <Link
          to={location.pathname}
          aria-current={period === null ? "true" : undefined}
          className={`rounded-md px-2 py-1 text-sm ${period === null ? "bg-brand-600 text-white" : "bg-slate-100 hover:bg-slate-200"}`}
        >
          {t("reportClv.cohort.all")}
        </Link>
        <p className="text-sm font-medium text-slate-700">
          {period
            ? t("reportClv.cohort.showing", { from: format.day(period.from), to: format.day(period.to) })
            : t("reportClv.cohort.showingAll")}
        </p>
      </div>
      <PeriodPicker period={period ?? allPeriod} />
      <IgnoredFilters names={ignoredFilters} />
    </section>
  );
}

export function ClvSummaryStats({ summary }: { summary: ClvSummary }) {
  const { t, format } = useClvPresenters();
  return (
    <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5">
      <Stat label={t("reportClv.summary.customers")} value={format.number(summary.customers)} />
      <Stat label={t("reportClv.summary.withPrediction")} value={format.number(summary.withPrediction)} />
      <Stat label={t("reportClv.summary.predicted")} value={format.money(summary.predictedMinor)} />
      <Stat
        label={t("reportClv.summary.average")}
        value={summary.averagePredictedMinor === null ? t("common.none") : format.money(summary.averagePredictedMinor)}
      />
      <Stat label={t("reportClv.summary.historical")} value={format.money(summary.historicalMinor)} />
    </div>
  );
}
