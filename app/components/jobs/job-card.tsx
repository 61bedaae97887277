import { Form } from "@remix-run/react";
import { useTranslation } from "~/utils/use-translation";
import type { JobName } from "~db/enums";
import { useFormat } from "~/utils/use-format";
import { isPending, JobRunError, JobRunFigures, JobRunStatusBadge, type ShownJobRun } from "./job-run-parts";
import { JobRunProgress } from "./job-run-progress";

/** One job: its schedule, its last run (with progress while it runs), its next run and "Run now". */
export function JobCard({
  job,
  run,
  queued,
  nextRun,
  busy,
}: {
  job: JobName;
  run: ShownJobRun | null;
  queued: boolean;
  nextRun: Date | null;
  busy: boolean;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const running = run !== null && isPending(run.status);
  return (
    <li className="card space-y-2">
      <div className="flex items-start justify-between gap-3">
        <div>
          <h3 className="font-semibold">{t(`jobs.${job}`)}</h3>
          <p className="text-xs text-slate-600">{t(`jobRuns.schedules.${job}`)}</p>
        </div>
        <Form method="post">
          <input type="hidden" name="intent" value="run" />
          <input type="hidden" name="job" value={job} />
          <button type="submit" className="btn-primary" disabled={busy || running}>
            {t("jobRuns.runNow")}
            <span className="sr-only"> {t(`jobs.${job}`)}</span>
          </button>
        </Form>
      </div>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
        <dt className="text-slate-600">{t("jobRuns.lastRun")}</dt>
        <dd>
          {run ? (
            <>
              <JobRunStatusBadge status={run.status} /> {format.dateTime(run.startedAt)}
              {run.finishedAt
                ? ` · ${format.duration(new Date(run.finishedAt).getTime() - new Date(run.startedAt).getTime())}`
                : null}
            </>
          ) : (
            t("jobRuns.neverRun")
          )}
        </dd>
        {run ? (
          <>
            <dt className="text-slate-600">{t("jobRuns.asOf")}</dt>
            <dd>{format.day(run.asOf)}</dd>
          </>
        ) : null}
        <dt className="text-slate-600">{t("jobRuns.nextRun")}</dt>
        <dd>{nextRun ? format.dateTime(nextRun) : t("common.none")}</dd>
      </dl>
      {queued && !running ? <p className="text-sm text-slate-600">{t("jobRuns.queued")}</p> : null}
      {run && running ? (
        <JobRunProgress key={run.id} runId={run.id} job={job} initial={run.progress} initialStatus={run.status} />
      ) : null}
      {run?.status === "failed" ? (
        <p className="text-sm">
          <JobRunError error={run.error} interrupted={run.interrupted} />
        </p>
      ) : null}
      {run?.status === "succeeded" ? <JobRunFigures figures={run.figures} /> : null}
    </li>
  );
}
