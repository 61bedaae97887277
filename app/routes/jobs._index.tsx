import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "~/utils/use-translation";
import { requirePermission } from "~/auth/session.server";
import { EmptyState } from "~/components/empty-state";
import { JobCard } from "~/components/jobs/job-card";
import { isPending, POLL_MS } from "~/components/jobs/job-run-parts";
import { JobRunTable } from "~/components/jobs/job-run-table";
import { RunNowMessage, type RunNowOutcome } from "~/components/jobs/run-now-message";
import { Pagination } from "~/components/pagination";
import { INTERRUPTED, lastRunPerJob, listJobRuns, type JobRun } from "~/models/job-run.server";
import { getSettings } from "~/models/settings.server";
import { jobActionSchema } from "~/schemas/job-actions";
import { db } from "~db/client.server";
import { pageTitle } from "~/utils/meta";
import { pageFromUrl } from "~/utils/pagination";
import { env } from "~/env.server";
import {
  abandonedRunIds,
  JOB_DEFINITIONS,
  nextScheduledRuns,
  queuedJobs,
  requestRun,
  RUN_ALL_ORDER,
  runAll,
  startJob,
} from "../../jobs";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "jobRuns.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "runJobs");
  const database = db();
  const now = new Date();
  // Runs left "running" by a process that died are shown as failed, not polled for ever; the page
  // only reads (the next start or run of the job records them failed).
  const abandoned = abandonedRunIds(database, now);
  const timeZone = getSettings(database).general.timeZone;
  const next = nextScheduledRuns(timeZone, now);
  const queued = queuedJobs();
  // The runner's marker for a run whose process died, shown in the reader's language.
  const withInterrupted = (run: JobRun) =>
    abandoned.has(run.id)
      ? { ...run, status: "failed" as const, error: INTERRUPTED, interrupted: true }
      : { ...run, interrupted: run.error === INTERRUPTED };
  const history = listJobRuns(database, pageFromUrl(new URL(request.url)));
  return {
    timeZone,
    jobs: lastRunPerJob(database).map(({ job, run }) => ({
      job,
      run: run ? withInterrupted(run) : null,
      queued: queued.includes(job),
      // The SLA job's per-minute pass is always next; the daily full pass is the one worth showing.
      nextRun: next.find((entry) => entry.job === job && entry.mode === "full")?.next ?? null,
    })),
    history: { ...history, rows: history.rows.map(withInterrupted) },
  };
}

/**
 * With CRM_JOBS=off the jobs run in a process of their own (`npm run jobs`): the page asks that
 * process (a queued run it picks up within a second) and never runs a job here, where it would
 * hold up every request while it runs.
 */
const jobsRunElsewhere = () => env().CRM_JOBS === "off";

export async function action({ request, context }: ActionFunctionArgs) {
  await requirePermission(request, "runJobs");
  const parsed = jobActionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw new Response("Unknown action", { status: 400 });
  const database = db();
  if (jobsRunElsewhere()) {
    if (parsed.data.intent === "runAll") {
      // Queued in order; the jobs process runs requested runs one at a time, oldest first. A job
      // already queued or running is not asked for twice.
      for (const job of RUN_ALL_ORDER) requestRun(database, job, { trigger: "manual" });
      return Response.json({ outcome: "queuedAll" } satisfies RunNowOutcome);
    }
    const { job } = parsed.data;
    const requested = requestRun(database, job, { trigger: "manual" });
    if (requested.status === "already_running") {
      return Response.json({ outcome: "alreadyRunning", job, runId: requested.runId } satisfies RunNowOutcome, { status: 409 });
    }
    return Response.json({ outcome: "queued", job, runId: requested.runId } satisfies RunNowOutcome);
  }
  // Here the jobs live in this process: a run begins once the answer has gone out (the server
  // says when), so the request that started it never waits on it.
  const begin = context?.afterResponse;
  if (parsed.data.intent === "runAll") {
    // The runs go on in this process after the answer is sent; each records its own outcome.
    runAll(database, JOB_DEFINITIONS, { trigger: "manual", begin }).catch((error: unknown) =>
      console.error("Running all jobs failed:", error),
    );
    return Response.json({ outcome: "startedAll" } satisfies RunNowOutcome);
  }
  const { job } = parsed.data;
  const started = startJob(database, JOB_DEFINITIONS[job], { trigger: "manual", mode: "full", begin });
  if (started.status === "already_running") {
    return Response.json({ outcome: "alreadyRunning", job, runId: started.runId } satisfies RunNowOutcome, { status: 409 });
  }
  // `finished` never rejects: the run records its failure itself.
  void started.finished;
  return Response.json({ outcome: "started", job, runId: started.runId } satisfies RunNowOutcome);
}

export default function JobsPage() {
  const { t } = useTranslation();
  const { jobs, history, timeZone } = useLoaderData<typeof loader>();
  const actionData = useActionData<RunNowOutcome>();
  const navigation = useNavigation();
  const revalidator = useRevalidator();
  const busy = navigation.state === "submitting";
  const anyRunning = jobs.some((entry) => entry.run !== null && isPending(entry.run.status));
  const anyQueued = jobs.some((entry) => entry.queued);

  // Between two jobs of "Run all" nothing is running for a moment: look again until the queue is empty.
  const revalidate = useRef(revalidator.revalidate);
  revalidate.current = revalidator.revalidate;
  useEffect(() => {
    if (!anyQueued || anyRunning || revalidator.state !== "idle") return;
    const timer = setTimeout(() => revalidate.current(), POLL_MS);
    return () => clearTimeout(timer);
  }, [anyQueued, anyRunning, revalidator.state]);

  return (
    <div className="space-y-8">
      {anyRunning || anyQueued ? (
        // Without JavaScript the page reloads itself while a job runs.
        <noscript>
          <meta httpEquiv="refresh" content="5;url=/jobs" />
        </noscript>
      ) : null}
      <div>
        <h1 className="text-2xl font-semibold">{t("jobRuns.title")}</h1>
        <p className="mt-1 text-sm text-slate-600">{t("jobRuns.intro")}</p>
        <p className="mt-1 text-xs text-slate-500">{t("jobRuns.timeZoneNote", { timeZone })}</p>
      </div>
      <RunNowMessage data={actionData} />

      <section aria-labelledby="jobs-title" className="space-y-3">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h2 id="jobs-title" className="text-lg font-semibold">
            {t("jobRuns.jobsTitle")}
          </h2>
          <Form method="post" className="flex items-center gap-3">
            <input type="hidden" name="intent" value="runAll" />
            <span className="hidden text-sm text-slate-600 md:inline">{t("jobRuns.runAllHelp")}</span>
            <button type="submit" className="btn-secondary" disabled={busy}>
              {t("jobRuns.runAll")}
            </button>
          </Form>
        </div>
        <ul className="grid grid-cols-1 gap-4 md:grid-cols-2">
          {jobs.map((entry) => (
            <JobCard key={entry.job} {...entry} busy={busy} />
          ))}
        </ul>
      </section>

      <section aria-labelledby="history-title">
        <h2 id="history-title" className="text-lg font-semibold">
          {t("jobRuns.history")}
        </h2>
        {history.total === 0 ? (
          <EmptyState>{t("jobRuns.empty")}</EmptyState>
        ) : (
          <>
            <JobRunTable runs={history.rows} />
            <Pagination page={history.page} pages={history.pages} total={history.total} pageSize={history.pageSize} />
          </>
        )}
      </section>
    </div>
  );
}
