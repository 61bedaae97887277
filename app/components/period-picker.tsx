import { Form, Link, useLocation } from "@remix-run/react";
import { useTranslation } from "~/utils/use-translation";
import { PERIOD_PRESETS, type Period } from "~/schemas/period";
import { reportCsvHref } from "~/utils/report-csv";

/**
 * The period of a report: preset links and a from–to form (a plain GET, so it works without
 * scripts). Other query parameters of the page (a split, a filter) are kept.
 */
export function PeriodPicker({ period, keep = [] }: { period: Period; keep?: string[] }) {
  const { t } = useTranslation();
  const location = useLocation();
  const params = new URLSearchParams(location.search);
  const withPreset = (preset: string) => {
    const next = new URLSearchParams();
    for (const name of keep) {
      const value = params.get(name);
      if (value) next.set(name, value);
    }
    next.set("preset", preset);
    return `${location.pathname}?${next.toString()}`;
  };
  return (
    // biome-ignore lint/a11y/useSemanticElements: a fieldset cannot hold the presets' links and the form side by side.
    <div className="card no-print flex flex-wrap items-end gap-3" role="group" aria-label={t("reports.period")}>
      <nav className="flex flex-wrap gap-1" aria-label={t("reports.presets")}>
        {PERIOD_PRESETS.map((preset) => (
          <Link
            key={preset}
            to={withPreset(preset)}
            className={`rounded-md px-2 py-1 text-sm ${period.preset === preset ? "bg-brand-600 text-white" : "bg-slate-100 hover:bg-slate-200"}`}
            aria-current={period.preset === preset ? "true" : undefined}
          >
            {t(`reports.preset.${preset}`)}
          </Link>
        ))}
      </nav>
      <Form method="get" className="flex flex-wrap items-end gap-2">
        {keep.map((name) => {
          const value = params.get(name);
          return value ? <input key={name} type="hidden" name={name} value={value} /> : null;
        })}
        <div>
          <label htmlFor="period-from" className="field-label">
            {t("reports.from")}
          </label>
          <input id="period-from" name="from" type="date" defaultValue={period.from} className="field-input" key={period.from} />
        </div>
        <div>
          <label htmlFor="period-to" className="field-label">
            {t("reports.to")}
          </label>
          <input id="period-to" name="to" type="date" defaultValue={period.to} className="field-input" key={period.to} />
        </div>
        <button type="submit" className="btn-secondary">
          {t("reports.show")}
        </button>
      </Form>
    </div>
  );
}

/** A link to the same report as CSV: exactly what the page shows (see ~/utils/report-csv). */
export function CsvLink({ label }: { label?: string }) {
  const { t } = useTranslation();
  const location = useLocation();
  return (
    <a href={reportCsvHref(location.pathname, location.search)} className="btn-secondary no-print" download>
      {label ?? t("reports.exportCsv")}
    </a>
  );
}
