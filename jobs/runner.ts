/**
 * Runs one scheduled job under a lease and records the run (SPEC §10).
 *
 * The lease is a row in `job_leases` keyed by the job's name: whoever inserts it may run the job,
 * in this process or any other on the same database file. It carries an expiry that the run pushes
 * forward each time it reports progress, so a process that dies without releasing it blocks the
 * job for at most LEASE_MS; a lease whose holder is known to be dead (same host, process gone) is
 * taken over at once.
 *
 * Every run is a `job_runs` row: running → succeeded (with the job's figures) or failed (with the
 * error). A process killed mid-run cannot write its own verdict, so every start calls
 * markAbandonedRuns, which marks such rows failed with the error "interrupted". The job itself
 * writes its results in transactions, so a run that dies leaves the previous results in place.
 */
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { addDays, isCalendarDay, localDay, startOfLocalDay } from "~/domain/calendar";
import {
  allJobLeases,
  dropJobLease,
  extendJobLease,
  failQueuedJobRun,
  findJobLease,
  insertJobLease,
  insertQueuedJobRun,
  insertRunningJobRun,
  markJobRunsInterrupted,
  oldestQueuedJobRun,
  queuedJobRunOf,
  recordJobRunFailed,
  recordJobRunSucceeded,
  releaseJobLease,
  runningJobRuns,
  setJobRunProgress,
  startQueuedJobRun,
} from "~/models/job-run.server";
import { getSettings } from "~/models/settings.server";
import type { DB } from "~db/client.server";
import type { JobName } from "~db/enums";
import type { JobContext, JobDefinition, JobFigures } from "./job";
import { resumeStagedWrite, resumeStagedWrites } from "./staged-write";

export const RUN_TRIGGERS = ["schedule", "manual", "cli"] as const;
export type RunTrigger = (typeof RUN_TRIGGERS)[number];
export type RunMode = JobContext["mode"];

/** How long a lease lasts without a progress report; a run that reports progress keeps it alive. */
export const LEASE_MS = 10 * 60 * 1000;
/** Progress is written at most this often, however often a job reports it. */
const PROGRESS_WRITE_INTERVAL_MS = 250;
const MAX_ERROR_LENGTH = 2000;

/** The order in which "all" runs: SLA figures first, tiers before CLV, reminders last. */
export const RUN_ALL_ORDER: readonly JobName[] = ["sla", "tiers", "clv", "reminders"];

export type RunOptions = {
  /** "YYYY-MM-DD" in the team time zone; defaults to today there. Never after today. */
  asOf?: string;
  trigger: RunTrigger;
  /** Only the SLA job distinguishes: "recent" for the per-minute pass. Defaults to "full". */
  mode?: RunMode;
  /** The real now (tests pin it); the run's `now` is this or, for a past as-of day, that day's end. */
  now?: Date;
  /** Who holds the lease; defaults to this process (host:pid:nonce). */
  holder?: string;
  /** A run requested by a page (a "queued" run row) that this start turns into the running run. */
  queuedRunId?: number;
  /**
   * When the job may begin, once the lease is taken: by default on a later turn of the event loop.
   * The web process passes "after the response has been sent", so a request never waits on a job.
   */
  begin?: (start: () => void) => void;
};

export type RunSucceeded = {
  job: JobName;
  status: "succeeded";
  runId: number;
  asOf: string;
  figures: JobFigures;
  durationMs: number;
};
export type RunFailed = { job: JobName; status: "failed"; runId: number; asOf: string; error: string; durationMs: number };
/** Another run holds the lease; `runId` is that run (null if its row is unknown). No run row was written. */
export type RunAlreadyRunning = { job: JobName; status: "already_running"; runId: number | null };
export type JobRunResult = RunSucceeded | RunFailed | RunAlreadyRunning;

export type StartedRun = {
  job: JobName;
  status: "started";
  runId: number;
  asOf: string;
  /** Settles (never rejects) when the run has been recorded as succeeded or failed. */
  finished: Promise<RunSucceeded | RunFailed>;
};

// ---------------------------------------------------------------------------------------------
// Lease holders

const PROCESS_NONCE = randomBytes(4).toString("hex");
const HOST = hostname();

/** This process as a lease holder: host, pid and a nonce (a reused pid is not mistaken for us). */
export function processHolder(): string {
  return `${HOST}:${process.pid}:${PROCESS_NONCE}`;
}

/**
 * Whether a lease holder may still be running. Only a holder on this host can be checked; one on
 * another host (a shared file system) is presumed alive until its lease expires.
 */
export function isHolderAlive(holder: string): boolean {
  const match = /^(.*):(\d+):([0-9a-z]+)$/i.exec(holder);
  if (!match || match[1] !== HOST) return true;
  const pid = Number(match[2]);
  if (pid === process.pid) return match[3] === PROCESS_NONCE;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code !== "ESRCH";
  }
}

// ---------------------------------------------------------------------------------------------
// As-of days

/** The last millisecond of a local day (23:59:59.999 there, whatever the day's length). */
export function endOfLocalDay(day: string, timeZone: string): Date {
  return new Date(startOfLocalDay(addDays(day, 1), timeZone).getTime() - 1);
}

/**
 * The as-of day and the instant the job treats as now. Today (the default) runs at the real now;
 * a past day runs at its last millisecond, so nothing after that day counts.
 */
export function resolveAsOf(asOf: string | undefined, realNow: Date, timeZone: string): { asOf: string; now: Date } {
  const today = localDay(realNow, timeZone);
  if (asOf === undefined || asOf === today) return { asOf: today, now: realNow };
  if (!isCalendarDay(asOf)) throw new RangeError(`as-of must be a date "YYYY-MM-DD", got ${JSON.stringify(asOf)}`);
  if (asOf > today) throw new RangeError(`as-of ${asOf} is after today (${today} in ${timeZone})`);
  return { asOf, now: endOfLocalDay(asOf, timeZone) };
}

// ---------------------------------------------------------------------------------------------
// Abandoned runs

function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message || error.name : String(error);
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
}

/**
 * Marks failed ("interrupted") every run still recorded as running whose lease is gone, expired,
 * belongs to another run, or is held by a process that no longer exists; drops such leases.
 * Called at every start (server, jobs process, CLI); pages only read (abandonedRunIds). Returns
 * the ids it marked.
 */
function findAbandoned(conn: DB, now: Date) {
  const leases = allJobLeases(conn);
  const stale = leases.filter((lease) => lease.expiresAt.getTime() <= now.getTime() || !isHolderAlive(lease.holder));
  const live = new Map(leases.filter((lease) => !stale.includes(lease)).map((lease) => [lease.job, lease.runId]));
  const running = runningJobRuns(conn);
  const abandoned = running.filter((run) => live.get(run.job) !== run.id).map((run) => run.id);
  return { stale, abandoned };
}

/**
 * The runs recorded as running that can no longer end (what markAbandonedRuns would mark failed),
 * without writing: pages show them as interrupted and leave the marking to the next start or run.
 */
export function abandonedRunIds(db: DB, now: Date = new Date()): Set<number> {
  return new Set(findAbandoned(db, now).abandoned);
}

export function markAbandonedRuns(db: DB, now: Date = new Date()): number[] {
  const find = (conn: DB) => findAbandoned(conn, now);
  // Usually there is nothing to do: look without taking the write lock (pages call this too).
  const first = find(db);
  if (first.stale.length === 0 && first.abandoned.length === 0) return [];
  return db.transaction(
    (tx) => {
      const { stale, abandoned } = find(tx);
      for (const lease of stale) dropJobLease(tx, lease.job, lease.holder);
      markJobRunsInterrupted(tx, abandoned, now);
      return abandoned;
    },
    { behavior: "immediate" },
  );
}

/**
 * What every start (web server, jobs process) does before anything runs a job: runs a dead
 * process left "running" are marked interrupted, then results a killed run had decided but not
 * finished writing are completed. Returns both, for the start-up log.
 */
export function recoverInterruptedRuns(db: DB, now: Date = new Date()): { interrupted: number[]; resumed: JobName[] } {
  const interrupted = markAbandonedRuns(db, now);
  const resumed = resumeStagedWrites(db);
  return { interrupted, resumed };
}

// ---------------------------------------------------------------------------------------------
// Running

type Acquired = { ok: true; runId: number } | { ok: false; runId: number | null };

/** The job's lease if a live run holds it; an expired or orphaned one is dropped and its run marked. */
function liveLease(tx: DB, job: JobName, at: Date) {
  const existing = findJobLease(tx, job);
  if (!existing) return null;
  if (existing.expiresAt.getTime() > at.getTime() && isHolderAlive(existing.holder)) return existing;
  // Expired, or its process is gone: the run it guarded can no longer finish.
  dropJobLease(tx, job);
  if (existing.runId !== null) markJobRunsInterrupted(tx, [existing.runId], at);
  return null;
}

/**
 * Takes the job's lease and writes the run row (or turns the requested, queued one into the
 * running run), in one immediate transaction: no other process can slip in between the look and
 * the write, and a lease never exists without its run.
 */
function acquire(db: DB, job: JobName, holder: string, asOf: string, trigger: RunTrigger, queuedRunId?: number): Acquired {
  return db.transaction(
    (tx) => {
      const at = new Date();
      const held = liveLease(tx, job, at);
      if (held) return { ok: false, runId: held.runId };
      let runId: number;
      if (queuedRunId === undefined) {
        runId = insertRunningJobRun(tx, { job, asOf, trigger, startedAt: at, holder });
      } else {
        // The run starts now: its start is when the work began, not when it was asked for.
        // Another process picked it up first (or it is gone): nothing to run here.
        if (!startQueuedJobRun(tx, queuedRunId, job, { startedAt: at, holder })) return { ok: false, runId: queuedRunId };
        runId = queuedRunId;
      }
      insertJobLease(tx, { job, holder, runId, expiresAt: new Date(at.getTime() + LEASE_MS) });
      return { ok: true, runId };
    },
    { behavior: "immediate" },
  );
}

// ---------------------------------------------------------------------------------------------
// Requested runs: "Run now" when the jobs run in a process of their own

export type RunRequested = { job: JobName; status: "queued"; runId: number; asOf: string };

/**
 * Asks whichever process runs the schedules to run a job now: writes a "queued" run row and
 * returns at once (one short transaction). The jobs process picks it up within about a second
 * (pickUpRequestedRun) and runs it under the same lease as any run. A job already queued or
 * running is not asked for twice: the answer then names that run.
 */
export function requestRun(
  db: DB,
  job: JobName,
  options: { trigger: RunTrigger; asOf?: string; now?: Date },
): RunRequested | RunAlreadyRunning {
  const settings = getSettings(db);
  const { asOf } = resolveAsOf(options.asOf, options.now ?? new Date(), settings.general.timeZone);
  return db.transaction(
    (tx) => {
      const at = new Date();
      const waiting = queuedJobRunOf(tx, job);
      if (waiting !== undefined) return { job, status: "already_running" as const, runId: waiting };
      const held = liveLease(tx, job, at);
      if (held) return { job, status: "already_running" as const, runId: held.runId };
      const runId = insertQueuedJobRun(tx, { job, asOf, trigger: options.trigger, startedAt: at });
      return { job, status: "queued" as const, runId, asOf };
    },
    { behavior: "immediate" },
  );
}

/**
 * Starts the oldest requested run, if its job's lease is free. Returns null when nothing waits or
 * its job is busy (it stays queued and is asked for again on the next poll).
 */
export function pickUpRequestedRun(
  db: DB,
  definitions: Record<JobName, JobDefinition>,
  options: { holder?: string } = {},
): StartedRun | null {
  const request = oldestQueuedJobRun(db);
  if (!request) return null;
  const trigger = (RUN_TRIGGERS as readonly string[]).includes(request.trigger) ? (request.trigger as RunTrigger) : "manual";
  let started: StartedRun | RunAlreadyRunning;
  try {
    started = startJob(db, definitions[request.job], {
      trigger,
      asOf: request.asOf,
      queuedRunId: request.id,
      holder: options.holder,
    });
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    // An as-of day that can no longer run (a bad row): record it failed rather than retry for ever.
    failQueuedJobRun(db, request.id, errorText(error), new Date());
    return null;
  }
  return started.status === "started" ? started : null;
}

/** Thrown into a job (through its progress report) when another process has taken its lease over. */
class LeaseLostError extends Error {
  constructor(job: JobName) {
    super(`the ${job} job's lease expired and was taken over; this run stopped`);
  }
}

/**
 * Takes the lease and records the run, then starts the job when `options.begin` says (by default
 * on a later turn of the event loop) and returns at once: a web request can answer "started"
 * before the work begins. Throws a RangeError
 * for an as-of day that is not a date or lies after today; nothing is written then.
 */
export function startJob(db: DB, definition: JobDefinition, options: RunOptions): StartedRun | RunAlreadyRunning {
  const job = definition.name;
  const settings = getSettings(db);
  const resolved = resolveAsOf(options.asOf, options.now ?? new Date(), settings.general.timeZone);
  const holder = options.holder ?? processHolder();
  const acquired = acquire(db, job, holder, resolved.asOf, options.trigger, options.queuedRunId);
  if (!acquired.ok) return { job, status: "already_running", runId: acquired.runId };
  const runId = acquired.runId;

  let lastWrite = 0;
  const progress = (fraction: number) => {
    const wallNow = Date.now();
    if (wallNow - lastWrite < PROGRESS_WRITE_INTERVAL_MS) return;
    lastWrite = wallNow;
    const value = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
    setJobRunProgress(db, runId, value);
    if (!extendJobLease(db, { job, holder, runId }, new Date(wallNow + LEASE_MS))) throw new LeaseLostError(job);
  };

  const context: JobContext = {
    db,
    asOf: resolved.asOf,
    now: resolved.now,
    settings,
    mode: options.mode ?? "full",
    progress,
  };

  const begin = options.begin ?? ((start: () => void) => setImmediate(start));
  const finished = new Promise<RunSucceeded | RunFailed>((resolve) => {
    begin(() => {
      const started = performance.now();
      let outcome: RunSucceeded | RunFailed;
      Promise.resolve()
        .then(() => {
          // Results a dead run of this job had decided are put in place before this run reads them.
          resumeStagedWrite(db, job);
          return definition.run(context);
        })
        .then(
          (figures) => {
            outcome = { job, status: "succeeded", runId, asOf: resolved.asOf, figures: figures ?? {}, durationMs: 0 };
          },
          (error: unknown) => {
            outcome = { job, status: "failed", runId, asOf: resolved.asOf, error: errorText(error), durationMs: 0 };
          },
        )
        .then(() => {
          outcome.durationMs = Math.round(performance.now() - started);
          record(db, { job, holder, runId }, outcome);
          resolve(outcome);
        })
        .catch((error: unknown) => {
          // The verdict could not be written (the database closed under us): the next start
          // finds the run still "running" without a live lease and marks it interrupted.
          console.error(`${job} run ${runId}: could not record its end:`, error);
          resolve(outcome ?? { job, status: "failed", runId, asOf: resolved.asOf, error: errorText(error), durationMs: 0 });
        });
    });
  });

  return { job, status: "started", runId, asOf: resolved.asOf, finished };
}

/** Writes the run's verdict and releases the lease (only if it is still this run's) together. */
function record(db: DB, lease: { job: JobName; holder: string; runId: number }, outcome: RunSucceeded | RunFailed) {
  db.transaction(
    (tx) => {
      const finishedAt = new Date();
      if (outcome.status === "succeeded") recordJobRunSucceeded(tx, lease.runId, outcome.figures, finishedAt);
      else recordJobRunFailed(tx, lease.runId, outcome.error, finishedAt);
      releaseJobLease(tx, lease);
    },
    { behavior: "immediate" },
  );
}

/** Runs a job now and waits for it: succeeded, failed (recorded with its error), or already running. */
export async function runJob(db: DB, definition: JobDefinition, options: RunOptions): Promise<JobRunResult> {
  const started = startJob(db, definition, options);
  return started.status === "started" ? started.finished : started;
}

const queuedInThisProcess = new Set<JobName>();

/** Jobs that a "run all" in this process will start once the ones before them end. */
export function queuedJobs(): JobName[] {
  return RUN_ALL_ORDER.filter((job) => queuedInThisProcess.has(job));
}

/**
 * Runs every job, one after another, in RUN_ALL_ORDER (the SLA job in full), all for the same
 * as-of day; a job that fails or is already running does not stop the others. The first job's
 * lease is taken before this returns its promise, so a caller that does not wait still knows it
 * began.
 */
export function runAll(
  db: DB,
  definitions: Record<JobName, JobDefinition>,
  options: Omit<RunOptions, "mode">,
): Promise<JobRunResult[]> {
  const settings = getSettings(db);
  // Fix the day once: a run that crosses midnight must not give its later jobs another as-of.
  const { asOf } = resolveAsOf(options.asOf, options.now ?? new Date(), settings.general.timeZone);
  const fixed = { ...options, asOf, mode: "full" as const };
  for (const job of RUN_ALL_ORDER) queuedInThisProcess.add(job);
  const startNext = (index: number) => {
    const job = RUN_ALL_ORDER[index]!;
    queuedInThisProcess.delete(job);
    // `begin` holds back the first job only; each later one starts when the one before has ended.
    return startJob(db, definitions[job], index === 0 ? fixed : { ...fixed, begin: undefined });
  };
  let first: StartedRun | RunAlreadyRunning;
  try {
    first = startNext(0);
  } catch (error) {
    for (const job of RUN_ALL_ORDER) queuedInThisProcess.delete(job);
    throw error;
  }
  return (async () => {
    const results: JobRunResult[] = [];
    try {
      results.push(first.status === "started" ? await first.finished : first);
      for (let index = 1; index < RUN_ALL_ORDER.length; index++) {
        const started = startNext(index);
        results.push(started.status === "started" ? await started.finished : started);
      }
    } finally {
      for (const job of RUN_ALL_ORDER) queuedInThisProcess.delete(job);
    }
    return results;
  })();
}

// ---------------------------------------------------------------------------------------------
// Reporting

function figureValue(value: unknown): string {
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
  if (typeof value === "string") return /\s/.test(value) ? JSON.stringify(value) : value;
  return JSON.stringify(value);
}

/** "customers=300 changed=12": a run's figures on one line. */
export function summarizeFigures(figures: JobFigures | null | undefined): string {
  return Object.entries(figures ?? {})
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${figureValue(value)}`)
    .join(" ");
}

/** One line per run for the command line and the logs. */
export function describeResult(result: JobRunResult): string {
  switch (result.status) {
    case "already_running":
      return `${result.job}: already running${result.runId === null ? "" : ` (run ${result.runId})`}`;
    case "succeeded": {
      const figures = summarizeFigures(result.figures);
      return `${result.job}: succeeded in ${result.durationMs} ms (as of ${result.asOf})${figures ? `: ${figures}` : ""}`;
    }
    case "failed":
      return `${result.job}: failed after ${result.durationMs} ms (as of ${result.asOf}): ${result.error}`;
  }
}
