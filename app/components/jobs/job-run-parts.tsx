import { useTranslation } from "~/utils/use-translation";
import type { JobRunStatus } from "~db/enums";
import type { JobRun } from "~/models/job-run.server";
import { useFormat } from "~/utils/use-format";

/** A run as the jobs page shows it: `interrupted` when its process died before it ended. */
export type ShownJobRun = Pick<
  JobRun,
  "id" | "job" | "asOf" | "trigger" | "startedAt" | "finishedAt" | "status" | "progress" | "figures" | "error"
> & {
  interrupted: boolean;
};

/** How often a running job's progress, or a queue waiting for its next job, is looked at again. */
export const POLL_MS = 1000;

/** Still to end: asked for and waiting for the jobs process, or running. */
export const isPending = (status: JobRunStatus) => status === "queued" || status === "running";

export function JobRunStatusBadge({ status }: { status: JobRunStatus }) {
  const { t } = useTranslation();
  const tone =
    status === "succeeded"
      ? "bg-green-100 text-green-800"
      : status === "failed"
        ? "bg-red-100 text-red-800"
        : "bg-blue-100 text-blue-800";
  return <span className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium ${tone}`}>{t(`jobStatus.${status}`)}</span>;
}

/** What a run reported (customers scored, reminders made, …), as the job wrote it. */
export function JobRunFigures({ figures }: { figures: Record<string, unknown> | null }) {
  const format = useFormat();
  const entries = Object.entries(figures ?? {}).filter(([, value]) => value !== undefined && value !== null);
  if (entries.length === 0) return null;
  return (
    <ul className="space-y-0.5 text-xs">
      {entries.map(([key, value]) => (
        <li key={key}>
          <span className="text-slate-500">{key}</span>{" "}
          <span className="tabular-nums">
            {typeof value === "number" ? format.number(value, 4) : typeof value === "string" ? value : JSON.stringify(value)}
          </span>
        </li>
      ))}
    </ul>
  );
}

export function JobRunError({ error, interrupted }: { error: string | null; interrupted: boolean }) {
  const { t } = useTranslation();
  if (!error) return null;
  return <span className="break-words text-red-700">{interrupted ? t("jobRuns.interrupted") : error}</span>;
}
