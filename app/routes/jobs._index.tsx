import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "~/utils/use-translation";
import { z } from "zod";
import { requirePermission } from "~/auth/session.server";
import { EmptyState } from "~/components/empty-state";
import { Pagination } from "~/components/pagination";
import { lastRunPerJob, listJobRuns, type JobRun } from "~/models/job-run.server";
import { getSettings } from "~/models/settings.server";
import { db } from "~db/client.server";
import { JOB_NAMES, type JobName, type JobRunStatus } from "~db/enums";
import { pageTitle } from "~/utils/meta";
import { pageFromUrl } from "~/utils/pagination";
import { useFormat } from "~/utils/use-format";
import { JOB_DEFINITIONS } from "../../jobs/registry";
import { env } from "~/env.server";
import { abandonedRunIds, INTERRUPTED, queuedJobs, requestRun, RUN_ALL_ORDER, runAll, startJob } from "../../jobs/runner";
import { nextScheduledRuns } from "../../jobs/scheduler";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "jobRuns.title");

/** How often a running job's progress is asked for. */
const POLL_MS = 1000;

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

const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("run"), job: z.enum(JOB_NAMES) }),
  z.object({ intent: z.literal("runAll") }),
]);

type ActionData =
  | { outcome: "started"; job: JobName; runId: number }
  | { outcome: "startedAll" }
  | { outcome: "queued"; job: JobName; runId: number }
  | { outcome: "queuedAll" }
  | { outcome: "alreadyRunning"; job: JobName; runId: number | null };

/**
 * With CRM_JOBS=off the jobs run in a process of their own (`npm run jobs`): the page asks that
 * process (a queued run it picks up within a second) and never runs a job here, where it would
 * hold up every request while it runs.
 */
const jobsRunElsewhere = () => env().CRM_JOBS === "off";

export async function action({ request, context }: ActionFunctionArgs) {
  await requirePermission(request, "runJobs");
  const parsed = actionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw new Response("Unknown action", { status: 400 });
  const database = db();
  if (jobsRunElsewhere()) {
    if (parsed.data.intent === "runAll") {
      // Queued in order; the jobs process runs requested runs one at a time, oldest first. A job
      // already queued or running is not asked for twice.
      for (const job of RUN_ALL_ORDER) requestRun(database, job, { trigger: "manual" });
      return Response.json({ outcome: "queuedAll" } satisfies ActionData);
    }
    const { job } = parsed.data;
    const requested = requestRun(database, job, { trigger: "manual" });
    if (requested.status === "already_running") {
      return Response.json({ outcome: "alreadyRunning", job, runId: requested.runId } satisfies ActionData, { status: 409 });
    }
    return Response.json({ outcome: "queued", job, runId: requested.runId } satisfies ActionData);
  }
  // Here the jobs live in this process: a run begins once the answer has gone out (the server
  // says when), so the request that started it never waits on it.
  const begin = context?.afterResponse;
  if (parsed.data.intent === "runAll") {
    // The runs go on in this process after the answer is sent; each records its own outcome.
    runAll(database, JOB_DEFINITIONS, { trigger: "manual", begin }).catch((error: unknown) =>
      console.error("Running all jobs failed:", error),
    );
    return Response.json({ outcome: "startedAll" } satisfies ActionData);
  }
  const { job } = parsed.data;
  const started = startJob(database, JOB_DEFINITIONS[job], { trigger: "manual", mode: "full", begin });
  if (started.status === "already_running") {
    return Response.json({ outcome: "alreadyRunning", job, runId: started.runId } satisfies ActionData, { status: 409 });
  }
  // `finished` never rejects: the run records its failure itself.
  void started.finished;
  return Response.json({ outcome: "started", job, runId: started.runId } satisfies ActionData);
}

type RunState = { status: JobRunStatus; progress: number };

/** Still to end: asked for and waiting for the jobs process, or running. */
const isPending = (status: JobRunStatus) => status === "queued" || status === "running";

/**
 * A queued or running job's progress bar, kept fresh by polling; reloads the page's data when the
 * run ends.
 */
function RunProgress({ runId, job, initial, initialStatus }: { runId: number; job: JobName; initial: number; initialStatus: JobRunStatus }) {
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
        {state.status === "queued" ? t("jobRuns.waitingForJobsProcess") : t("jobRuns.percentDone", { percent: format.number(percent) })}
      </p>
    </div>
  );
}

function StatusBadge({ status }: { status: JobRunStatus }) {
  const { t } = useTranslation();
  const tone =
    status === "succeeded"
      ? "bg-green-100 text-green-800"
      : status === "failed"
        ? "bg-red-100 text-red-800"
        : "bg-blue-100 text-blue-800";
  return <span className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium ${tone}`}>{t(`jobStatus.${status}`)}</span>;
}

function Figures({ figures }: { figures: Record<string, unknown> | null }) {
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

function RunError({ error, interrupted }: { error: string | null; interrupted: boolean }) {
  const { t } = useTranslation();
  if (!error) return null;
  return <span className="break-words text-red-700">{interrupted ? t("jobRuns.interrupted") : error}</span>;
}

function ActionMessage({ data }: { data: ActionData | undefined }) {
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

export default function JobsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { jobs, history, timeZone } = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
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
      <ActionMessage data={actionData} />

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
          {jobs.map(({ job, run, queued, nextRun }) => {
            const running = run !== null && isPending(run.status);
            return (
              <li key={job} className="card space-y-2">
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
                        <StatusBadge status={run.status} /> {format.dateTime(run.startedAt)}
                        {run.finishedAt ? ` · ${format.duration(new Date(run.finishedAt).getTime() - new Date(run.startedAt).getTime())}` : null}
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
                  <RunProgress key={run.id} runId={run.id} job={job} initial={run.progress} initialStatus={run.status} />
                ) : null}
                {run?.status === "failed" ? (
                  <p className="text-sm">
                    <RunError error={run.error} interrupted={run.interrupted} />
                  </p>
                ) : null}
                {run?.status === "succeeded" ? <Figures figures={run.figures} /> : null}
              </li>
            );
          })}
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
                  {history.rows.map((run) => (
                    <tr key={run.id}>
                      <td className="tabular-nums">{run.id}</td>
                      <td className="whitespace-nowrap">{t(`jobs.${run.job}`)}</td>
                      <td className="whitespace-nowrap">{format.day(run.asOf)}</td>
                      <td className="whitespace-nowrap">
                        {t(`jobRuns.triggers.${run.trigger}`, { defaultValue: run.trigger })}
                      </td>
                      <td className="whitespace-nowrap">{format.dateTime(run.startedAt)}</td>
                      <td className="whitespace-nowrap">
                        {run.finishedAt
                          ? format.duration(new Date(run.finishedAt).getTime() - new Date(run.startedAt).getTime())
                          : t("common.none")}
                      </td>
                      <td>
                        <StatusBadge status={run.status} />
                      </td>
                      <td>
                        <Figures figures={run.figures} />
                      </td>
                      <td className="max-w-xs text-sm">
                        <RunError error={run.error} interrupted={run.interrupted} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pagination page={history.page} pages={history.pages} total={history.total} pageSize={history.pageSize} />
          </>
        )}
      </section>
    </div>
  );
}
