import { Form } from "@remix-run/react";
import { Fragment } from "react";
import { FUNNEL_SPLITS, type FunnelSplit } from "~/domain/funnel";
import type { FunnelGroup, FunnelReport } from "~/models/funnel-report.server";
import type { Period } from "~/schemas/period";
import { SectionHeading, usePresenters } from "./funnel-sections";

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

/** The funnel by channel, assignee, country or product: the form that chooses one, and its table. */
export function FunnelSplitSection({
  period,
  report,
  split,
}: {
  period: Period;
  report: FunnelReport;
  split: FunnelSplit | null;
}) {
  const { t, format, percent, stageName } = usePresenters();
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
