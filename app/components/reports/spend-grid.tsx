import { Form, Link } from "@remix-run/react";
import { EmptyState } from "~/components/empty-state";
import type { SpendGrid } from "~/models/channel-spend.server";
import { useFormat } from "~/utils/use-format";
import { useTranslation } from "~/utils/use-translation";

/** A month ("YYYY-MM") as "Mar" and as "March 2026", in the reader's language. */
export function useMonthNames() {
  const format = useFormat();
  return {
    monthName: (month: string) =>
      new Intl.DateTimeFormat(format.locale, { month: "short", timeZone: "UTC" }).format(new Date(`${month}-01T00:00:00Z`)),
    longMonth: (month: string) =>
      new Intl.DateTimeFormat(format.locale, { year: "numeric", month: "long", timeZone: "UTC" }).format(
        new Date(`${month}-01T00:00:00Z`),
      ),
  };
}

/** The year shown, with the years before and after it within the years the page can show. */
export function SpendYearNav({ year, minYear, maxYear }: { year: number; minYear: number; maxYear: number }) {
  const { t } = useTranslation();
  return (
    <nav className="card no-print flex flex-wrap items-end gap-3" aria-label={t("reportFunnel.spend.yearNav")}>
      {year > minYear ? (
        <Link to={`?year=${year - 1}`} className="btn-secondary">
          ← {t("reportFunnel.spend.previousYear")}
        </Link>
      ) : null}
      <Form method="get" className="flex items-end gap-2">
        <div>
          <label htmlFor="spend-year" className="field-label">
            {t("reportFunnel.spend.year")}
          </label>
          <input
            id="spend-year"
            name="year"
            type="number"
            min={minYear}
            max={maxYear}
            defaultValue={year}
            key={year}
            className="field-input w-28"
          />
        </div>
        <button type="submit" className="btn-secondary">
          {t("reports.show")}
        </button>
      </Form>
      {year < maxYear ? (
        <Link to={`?year=${year + 1}`} className="btn-secondary">
          {t("reportFunnel.spend.nextYear")} →
        </Link>
      ) : null}
    </nav>
  );
}

/** The year's spend, channel by month; an editor's cells open the form on that month and channel. */
export function SpendGridSection({
  year,
  grid,
  baseCurrency,
  canEdit,
}: {
  year: number;
  grid: SpendGrid;
  baseCurrency: string;
  canEdit: boolean;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const { monthName, longMonth } = useMonthNames();
  const cellLink = (month: string, channel: string) =>
    `?${new URLSearchParams({ year: String(year), month, channel })}#spend-form`;
  return (
    <section aria-labelledby="spend-grid-title" className="space-y-3">
      <h2 id="spend-grid-title" className="text-lg font-semibold">
        {t("reportFunnel.spend.gridTitle", { year })}
      </h2>
      {grid.entries === 0 ? (
        <EmptyState>{t("reportFunnel.spend.empty", { year })}</EmptyState>
      ) : (
        <>
          <p className="text-sm text-slate-600">{t("reportFunnel.spend.gridIntro", { currency: baseCurrency })}</p>
          <div className="card overflow-x-auto p-0">
            <table className="data-table" data-table="spend">
              <thead className="bg-slate-50">
                <tr>
                  <th scope="col">{t("reportFunnel.spend.channel")}</th>
                  {grid.months.map((month) => (
                    <th key={month} scope="col" className="text-right">
                      <abbr title={longMonth(month)} className="no-underline">
                        {monthName(month)}
                      </abbr>
                    </th>
                  ))}
                  <th scope="col" className="text-right">
                    {t("reportFunnel.spend.total", { currency: baseCurrency })}
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {grid.rows.map((row) => (
                  <tr key={row.channel.key} data-channel={row.channel.key}>
                    <th scope="row" className="whitespace-nowrap text-left font-medium">
                      {row.channel.name}
                      {row.channel.active ? null : (
                        <span className="ml-1 text-xs font-normal text-slate-500">({t("reportFunnel.spend.inactive")})</span>
                      )}
                    </th>
                    {row.cells.map((cell, index) => {
                      const month = grid.months[index]!;
                      const label = { channel: row.channel.name, month: longMonth(month) };
                      return (
                        <td key={month} className="whitespace-nowrap text-right tabular-nums" data-month={month}>
                          {cell ? (
                            <>
                              {canEdit ? (
                                <Link to={cellLink(month, row.channel.key)} className="text-brand-700 hover:underline">
                                  {format.money(cell.amountMinor, cell.currency)}
                                  <span className="sr-only"> · {t("reportFunnel.spend.editCell", label)}</span>
                                </Link>
                              ) : (
                                format.money(cell.amountMinor, cell.currency)
                              )}
                              {cell.currency === baseCurrency ? null : (
                                <span className="block text-xs text-slate-500">
                                  ≈ {format.money(cell.baseMinor, baseCurrency)}
                                </span>
                              )}
                            </>
                          ) : canEdit ? (
                            <Link to={cellLink(month, row.channel.key)} className="text-slate-400 hover:text-brand-700">
                              <span aria-hidden="true">+</span>
                              <span className="sr-only">{t("reportFunnel.spend.addCell", label)}</span>
                            </Link>
                          ) : (
                            <span className="text-slate-400">{t("common.none")}</span>
                          )}
                        </td>
                      );
                    })}
                    <td className="whitespace-nowrap text-right font-medium tabular-nums">
                      {row.totalBaseMinor === null ? t("common.none") : format.money(row.totalBaseMinor, baseCurrency)}
                    </td>
                  </tr>
                ))}
              </tbody>
              <tfoot className="border-t border-slate-200 bg-slate-50">
                <tr>
                  <th scope="row" className="text-left">
                    {t("reportFunnel.spend.monthTotal", { currency: baseCurrency })}
                  </th>
                  {grid.monthTotalsBaseMinor.map((total, index) => (
                    <td key={grid.months[index]} className="whitespace-nowrap text-right tabular-nums">
                      {total === null ? t("common.none") : format.money(total, baseCurrency)}
                    </td>
                  ))}
                  <td className="whitespace-nowrap text-right font-semibold tabular-nums">
                    {grid.totalBaseMinor === null ? t("common.none") : format.money(grid.totalBaseMinor, baseCurrency)}
                  </td>
                </tr>
              </tfoot>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
