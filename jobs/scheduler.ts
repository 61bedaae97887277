/**
 * The job schedules of SPEC §10, run by croner in the team's time zone.
 *
 * The time zone is read from the settings once, when the scheduler starts: a change of time zone
 * in the settings applies from the next start of the process (server or `npm run jobs`).
 *
 * Overlap is prevented at two levels. In this process, each job has one chain: a firing waits for
 * the job's previous run here to end, and a schedule that already has a firing waiting or running
 * is skipped (croner's `protect` guards each schedule the same way). Across processes, the lease in
 * runJob decides; a run refused because another process holds the lease is normal and is logged
 * quietly. The one exception is the nightly full SLA pass: when a per-minute pass elsewhere holds
 * the lease at 01:00, it waits for that lease and runs after it, rather than skip the night.
 */
import { Cron } from "croner";
import { env } from "~/env.server";
import { getSettings } from "~/models/settings.server";
import type { DB } from "~db/client.server";
import type { JobName } from "~db/enums";
import type { JobDefinition } from "./job";
import { JOB_DEFINITIONS } from "./registry";
import { describeResult, pickUpRequestedRun, processHolder, runJob, type JobRunResult, type RunMode } from "./runner";

export type Schedule = {
  /** Unique per schedule; the SLA job has two. */
  key: string;
  job: JobName;
  mode: RunMode;
  /** Five-field cron pattern (minute hour day month weekday) in the team time zone. */
  pattern: string;
  /** When another process holds the job's lease, wait for it and run afterwards instead of skipping. */
  waitForLease?: boolean;
};

export const SCHEDULES: readonly Schedule[] = [
  { key: "sla-recent", job: "sla", mode: "recent", pattern: "* * * * *" },
  { key: "sla-full", job: "sla", mode: "full", pattern: "0 1 * * *", waitForLease: true },
  { key: "tiers", job: "tiers", mode: "full", pattern: "0 2 * * *" },
  { key: "clv", job: "clv", mode: "full", pattern: "30 2 * * *" },
  { key: "reminders", job: "reminders", mode: "full", pattern: "0 7 * * *" },
];

/** How often runs asked for on the jobs page ("Run now" with CRM_JOBS=off) are looked for. */
const REQUEST_POLL_MS = 1_000;

/** How often, and how long at most, a waiting schedule looks at a lease held elsewhere. */
const LEASE_POLL_MS = 5_000;
const LEASE_WAIT_MAX_MS = 30 * 60 * 1000;

export type SchedulerLog = {
  info: (message: string) => void;
  error: (message: string, error?: unknown) => void;
  /** For the expected and frequent: a per-minute pass that succeeded, a run held elsewhere. */
  debug: (message: string) => void;
};

const consoleLog: SchedulerLog = {
  info: (message) => console.log(`[jobs] ${message}`),
  error: (message, error) =>
    error === undefined ? console.error(`[jobs] ${message}`) : console.error(`[jobs] ${message}`, error),
  debug: (message) => {
    if (env().CRM_JOBS_DEBUG === "1") console.log(`[jobs] ${message}`);
  },
};

export type SchedulerOptions = {
  /** Defaults to the team time zone in the settings. */
  timeZone?: string;
  /** Defaults to the four jobs of the registry; tests pass fakes. */
  definitions?: Record<JobName, JobDefinition>;
  log?: SchedulerLog;
  holder?: string;
  /** How often a schedule that waits for a lease held elsewhere asks again (tests shorten it). */
  leasePollMs?: number;
  /** How often requested runs are looked for; defaults to REQUEST_POLL_MS. */
  requestPollMs?: number;
};

export type NextRun = { key: string; job: JobName; mode: RunMode; next: Date | null };

export type Scheduler = {
  timeZone: string;
  /** The next firing of each schedule after `from` (default: now). */
  nextRuns(from?: Date): NextRun[];
  /** Fires a schedule now, as its timer would; resolves when it has run or been skipped. */
  fire(key: string): Promise<JobRunResult | "skipped">;
  /**
   * Looks for a requested run, as the poll does, and starts the oldest if its job is free; resolves
   * with its result, or null when none was started. One requested run at a time, in the order asked.
   */
  pickUpRequests(): Promise<JobRunResult | null>;
  /** Stops the timers and drops firings that have not begun; waits (up to `waitMs`) for a run in progress. */
  stop(waitMs?: number): Promise<void>;
};

/** The next firing of each schedule after `from`, in a time zone: the schedule as the team sees it. */
export function nextScheduledRuns(timeZone: string, from: Date = new Date()): NextRun[] {
  return SCHEDULES.map((schedule) => ({
    key: schedule.key,
    job: schedule.job,
    mode: schedule.mode,
    // A Cron without a function only evaluates its pattern; it sets no timer.
    next: new Cron(schedule.pattern, { timezone: timeZone }).nextRun(from),
  }));
}

let active: Scheduler | undefined;

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done);
  });
}

/** Starts the schedules (once per process: a second call returns the running scheduler). */
export function startScheduler(db: DB, options: SchedulerOptions = {}): Scheduler {
  if (active) return active;
  const timeZone = options.timeZone ?? getSettings(db).general.timeZone;
  const definitions = options.definitions ?? JOB_DEFINITIONS;
  const log = options.log ?? consoleLog;
  const holder = options.holder ?? processHolder();
  const stopping = new AbortController();

  // Per job, the promise of the last firing queued here: the next one starts when it settles.
  const chains = new Map<JobName, Promise<unknown>>();
  const pending = new Set<string>();

  async function runSchedule(schedule: Schedule): Promise<JobRunResult | "skipped"> {
    if (stopping.signal.aborted) return "skipped";
    const run = () => runJob(db, definitions[schedule.job], { trigger: "schedule", mode: schedule.mode, holder });
    let result = await run();
    if (result.status === "already_running" && schedule.waitForLease) {
      log.debug(`${schedule.key}: ${describeResult(result)}; waiting for it to end`);
      const deadline = Date.now() + LEASE_WAIT_MAX_MS;
      while (result.status === "already_running" && Date.now() < deadline && !stopping.signal.aborted) {
        await sleep(options.leasePollMs ?? LEASE_POLL_MS, stopping.signal);
        // Asking again costs one small transaction and writes nothing while the lease is held.
        if (!stopping.signal.aborted) result = await run();
      }
    }
    const line = `${schedule.key}: ${describeResult(result)}`;
    if (result.status === "failed") log.error(line);
    else if (result.status === "already_running" || schedule.mode === "recent") log.debug(line);
    else log.info(line);
    return result;
  }

  function fire(key: string): Promise<JobRunResult | "skipped"> {
    const schedule = SCHEDULES.find((candidate) => candidate.key === key);
    if (!schedule) return Promise.reject(new Error(`no schedule ${key}`));
    if (stopping.signal.aborted) return Promise.resolve("skipped");
    if (pending.has(key)) {
      log.debug(`${key}: the previous firing has not finished; skipped`);
      return Promise.resolve("skipped");
    }
    pending.add(key);
    const previous = chains.get(schedule.job) ?? Promise.resolve();
    const current = previous
      .then(() => runSchedule(schedule))
      .catch((error: unknown) => {
        // runJob records a job's own failure; this is the runner failing (e.g. the database).
        log.error(`${key}: could not run`, error);
        return "skipped" as const;
      })
      .finally(() => pending.delete(key));
    chains.set(schedule.job, current);
    return current;
  }

  // One requested run at a time, so that "Run all" keeps its order (each was queued in order).
  let requestInFlight: Promise<JobRunResult | null> | null = null;
  function pickUpRequests(): Promise<JobRunResult | null> {
    if (stopping.signal.aborted) return Promise.resolve(null);
    if (requestInFlight) return requestInFlight;
    let started: ReturnType<typeof pickUpRequestedRun>;
    try {
      started = pickUpRequestedRun(db, definitions, { holder });
    } catch (error) {
      log.error("could not look for requested runs", error);
      return Promise.resolve(null);
    }
    if (!started) return Promise.resolve(null);
    log.info(`${started.job}: requested run ${started.runId} started`);
    const current = started.finished.then((result) => {
      const line = `${result.job} (requested): ${describeResult(result)}`;
      if (result.status === "failed") log.error(line);
      else log.info(line);
      return result;
    });
    requestInFlight = current.finally(() => {
      requestInFlight = null;
    });
    // Chained with the job's schedules, so stop() waits for it like any run in progress.
    chains.set(started.job, Promise.allSettled([chains.get(started.job), current]));
    return current;
  }
  const requestPoll = setInterval(() => void pickUpRequests(), options.requestPollMs ?? REQUEST_POLL_MS);

  const crons = SCHEDULES.map(
    (schedule) =>
      new Cron(
        schedule.pattern,
        {
          timezone: timeZone,
          protect: () => log.debug(`${schedule.key}: still running at its next time; skipped`),
          catch: (error) => log.error(`${schedule.key}: could not run`, error),
        },
        async () => {
          await fire(schedule.key);
        },
      ),
  );

  const scheduler: Scheduler = {
    timeZone,
    nextRuns(from?: Date) {
      return SCHEDULES.map((schedule, index) => ({
        key: schedule.key,
        job: schedule.job,
        mode: schedule.mode,
        next: crons[index]!.nextRun(from ?? new Date()),
      }));
    },
    fire,
    pickUpRequests,
    async stop(waitMs = 30_000) {
      stopping.abort();
      clearInterval(requestPoll);
      for (const cron of crons) cron.stop();
      if (active === scheduler) active = undefined;
      const inFlight = Promise.allSettled([...chains.values()]);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, waitMs);
        timer.unref();
      });
      await Promise.race([inFlight, timeout]);
      clearTimeout(timer);
    },
  };
  active = scheduler;
  log.info(`scheduler started in ${timeZone}: ${SCHEDULES.map((s) => `${s.key} "${s.pattern}"`).join(", ")}`);
  return scheduler;
}

/** Stops the process's scheduler, if one runs; waits up to `waitMs` for a run in progress. */
export async function stopScheduler(waitMs?: number): Promise<void> {
  await active?.stop(waitMs);
}
