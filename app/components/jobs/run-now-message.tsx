import { useTranslation } from "~/utils/use-translation";
import type { JobName } from "~db/enums";

/** What the jobs page's action answers to "Run now" and "Run all". */
export type RunNowOutcome =
  | { outcome: "started"; job: JobName; runId: number }
  | { outcome: "startedAll" }
  | { outcome: "queued"; job: JobName; runId: number }
  | { outcome: "queuedAll" }
  | { outcome: "alreadyRunning"; job: JobName; runId: number | null };

export function RunNowMessage({ data }: { data: RunNowOutcome | undefined }) {
  const { t } = useTranslation();
  if (!data) return null;
  if (data.outcome === "alreadyRunning") {
    const job = t(`jobs.${data.job}`);
    return (
      <p role="alert" className="rounded-md bg-amber-50 p-3 text-sm text-amber-900">
        {data.runId === null ? t("jobRuns.alreadyRunningNoId", { job }) : t("jobRuns.alreadyRunning", { job, runId: data.runId })}
      </p>
    );
  }
  const text =
    data.outcome === "startedAll"
      ? t("jobRuns.startedAll")
      : data.outcome === "queuedAll"
        ? t("jobRuns.requestedAll")
        : data.outcome === "queued"
          ? t("jobRuns.requested", { job: t(`jobs.${data.job}`), runId: data.runId })
          : t("jobRuns.started", { job: t(`jobs.${data.job}`), runId: data.runId });
  return (
    <p role="status" className="rounded-md bg-green-50 p-3 text-sm text-green-800">
      {text}
    </p>
  );
}
