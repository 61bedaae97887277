import { useTranslation } from "~/utils/use-translation";
import { useFormat } from "~/utils/use-format";
import { JobRunError, JobRunFigures, JobRunStatusBadge, type ShownJobRun } from "./job-run-parts";

/** The run history: one row per run, newest first. */
export function JobRunTable({ runs }: { runs: ShownJobRun[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <div className="card mt-3 overflow-x-auto p-0">
      <table className="data-table">
        <thead className="bg-slate-50">
          <tr>
            <th scope="col">{t("jobRuns.run")}</th>
            <th scope="col">{t("jobRuns.job")}</th>
            <th scope="col">{t("jobRuns.asOf")}</th>
            <th scope="col">{t("jobRuns.trigger")}</th>
            <th scope="col">{t("jobRuns.startedAt")}</th>
            <th scope="col">{t("jobRuns.duration")}</th>
            <th scope="col">{t("jobRuns.status")}</th>
            <th scope="col">{t("jobRuns.figures")}</th>
            <th scope="col">{t("jobRuns.error")}</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {runs.map((run) => (
            <tr key={run.id}>
              <td className="tabular-nums">{run.id}</td>
              <td className="whitespace-nowrap">{t(`jobs.${run.job}`)}</td>
              <td className="whitespace-nowrap">{format.day(run.asOf)}</td>
              <td className="whitespace-nowrap">{t(`jobRuns.triggers.${run.trigger}`, { defaultValue: run.trigger })}</td>
              <td className="whitespace-nowrap">{format.dateTime(run.startedAt)}</td>
              <td className="whitespace-nowrap">
                {run.finishedAt
                  ? format.duration(new Date(run.finishedAt).getTime() - new Date(run.startedAt).getTime())
                  : t("common.none")}
              </td>
              <td>
                <JobRunStatusBadge status={run.status} />
              </td>
              <td>
                <JobRunFigures figures={run.figures} />
              </td>
              <td className="max-w-xs text-sm">
                <JobRunError error={run.error} interrupted={run.interrupted} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
