import { useRevalidator } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "~/utils/use-translation";
import type { JobName, JobRunStatus } from "~db/enums";
import { useFormat } from "~/utils/use-format";
import { isPending, POLL_MS } from "./job-run-parts";

type RunState = { status: JobRunStatus; progress: number };

/**
 * A queued or running job's progress bar, kept fresh by polling; reloads the page's data when the
 * run ends.
 */
export function JobRunProgress({
  runId,
  job,
  initial,
  initialStatus,
}: {
  runId: number;
  job: JobName;
  initial: number;
  initialStatus: JobRunStatus;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const revalidator = useRevalidator();
  const revalidate = useRef(revalidator.revalidate);
  revalidate.current = revalidator.revalidate;
  const [state, setState] = useState<RunState>({ status: initialStatus, progress: initial });

  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const response = await fetch(`/jobs/${runId}/progress`, { headers: { Accept: "application/json" } });
        if (cancelled) return;
        if (response.ok) {
          const body = (await response.json()) as RunState;
          if (cancelled) return;
          setState({ status: body.status, progress: body.progress });
          if (!isPending(body.status)) {
            revalidate.current();
            return;
          }
        } else if (response.status === 404) {
          revalidate.current();
          return;
        }
      } catch {
        // A missed poll (server busy with the job, network) is retried on the next tick.
      }
      if (!cancelled) timer = setTimeout(poll, POLL_MS);
    };
    timer = setTimeout(poll, POLL_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [runId]);

  const percent = Math.round(state.progress * 100);
  return (
    <div className="mt-2">
      <div
        role="progressbar"
        aria-label={t("jobRuns.progress", { job: t(`jobs.${job}`) })}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        className="h-2 w-full overflow-hidden rounded-full bg-slate-200"
      >
        <div className="h-full rounded-full bg-blue-600 transition-[width] duration-500" style={{ width: `${percent}%` }} />
      </div>
      <p className="mt-1 text-xs text-slate-600">
        {state.status === "queued"
          ? t("jobRuns.waitingForJobsProcess")
          : t("jobRuns.percentDone", { percent: format.number(percent) })}
      </p>
    </div>
  );
}
