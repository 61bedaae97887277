import { Form } from "@remix-run/react";
import { BarsChart, TrendChart } from "~/components/charts";
import type { ResponseDay } from "~/models/response-report.server";
import type { Period } from "~/schemas/period";
import { useFormat } from "~/utils/use-format";
import { useTranslation } from "~/utils/use-translation";
import { ResponseColumnHeaders, usePercent, type CountLinkFn, type Scope } from "./response-tables";

/** The rates and counts by day (by month for a long period), for everyone or one assignee. */
export function ResponseTrendSection({
  period,
  trend,
  trendUnit,
  trendAssignee,
  people,
  thresholdSeconds,
  countLink,
}: {
  period: Period;
  trend: ResponseDay[];
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
            <select
              id="trend-assignee"
              name="assignee"
              defaultValue={trendAssignee === null ? "" : String(trendAssignee)}
              className="field-input"
            >
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
          <figcaption className="text-sm text-slate-600">
            {t(monthly ? "reportResponse.monthlyRateChart" : "reportResponse.rateChart")}
          </figcaption>
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
          <figcaption className="text-sm text-slate-600">
            {t(monthly ? "reportResponse.monthlyCountChart" : "reportResponse.countChart")}
          </figcaption>
          <BarsChart data={chartData} x="day" series={[{ key: "counted", label: t("reportResponse.counted") }]} />
        </figure>
      </div>
      <details className="card p-0" open={trend.length <= 31}>
        <summary className="cursor-pointer px-4 py-2 font-medium">
          {t(monthly ? "reportResponse.monthlyTable" : "reportResponse.dailyTable")}
        </summary>
        <div className="overflow-x-auto">
          <table className="data-table">
            <thead className="bg-slate-50">
              <tr>
                <th scope="col">{t(monthly ? "reportResponse.column.month" : "reportResponse.column.day")}</th>
                <ResponseColumnHeaders thresholdSeconds={thresholdSeconds} />
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
