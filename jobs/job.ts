import type { DB } from "~db/client.server";
import type { JobName } from "~db/enums";
import type { Settings } from "~/schemas/settings";

/**
 * What every scheduled job is given. `asOf` is the team-time-zone day the job runs "as if it were
 * today": nothing after the end of that day counts. `now` is the instant the job treats as now
 * (the real clock for scheduled runs; the end of the as-of day for runs in the past).
 */
export type JobContext = {
  db: DB;
  asOf: string;
  now: Date;
  settings: Settings;
  /** "recent": the cheap per-minute pass of the SLA job; "full": everything (nightly, by hand). */
  mode: "recent" | "full";
  /** Reports how far the run is, from 0 to 1; also keeps the run's lease alive. */
  progress: (fraction: number) => void;
};

/** Figures a run reports, stored with the run as JSON (counts, timings, fitted parameters). */
export type JobFigures = Record<string, unknown>;

export type JobDefinition = {
  name: JobName;
  /**
   * Does the work. Results must be written in transactions so that a crash leaves the previous
   * results in place, and a second run for the same as-of day must change nothing.
   */
  run: (context: JobContext) => JobFigures | Promise<JobFigures>;
};
