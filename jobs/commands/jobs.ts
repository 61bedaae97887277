/**
 * `npm run crm -- job run sla|tiers|reminders|clv|all [--as-of YYYY-MM-DD]`: runs a job now, as if
 * today were the as-of day (nothing after it counts), under the same lease as the scheduler.
 * Prints one line per job; exits 1 when a job failed or was already running, 2 for bad arguments.
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import { localDay } from "~/domain/calendar";
import { getSettings } from "~/models/settings.server";
import { database } from "~db/client.server";
import { JOB_NAMES } from "~db/enums";
import { resumeStagedWrites } from "../staged-write";
import { UsageError } from "../usage-error";
import { JOB_DEFINITIONS } from "../registry";
import { describeResult, markAbandonedRuns, runAll, runJob, type JobRunResult } from "../runner";
import { isCalendarDay } from "~/domain/calendar";

export const jobUsage = `  job run sla|tiers|reminders|clv|all [--as-of YYYY-MM-DD]
                          run a job now (all: sla, tiers, clv, reminders in turn), as if today were
                          the as-of date (default: today in the team time zone; never after it)`;

const jobRunSchema = (today: string) =>
  z.object({
    job: z.enum([...JOB_NAMES, "all"], { error: `the job must be one of ${[...JOB_NAMES, "all"].join(", ")}` }),
    asOf: z
      .string()
      .refine(isCalendarDay, { error: "--as-of must be a date YYYY-MM-DD" })
      .refine((day) => day <= today, { error: `--as-of may not be after today (${today})` })
      .optional(),
  });

async function jobRun(args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    options: { "as-of": { type: "string" } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length === 0) throw new UsageError(`job run needs a job: ${[...JOB_NAMES, "all"].join(", ")}`);
  if (positionals.length > 1) throw new UsageError(`unexpected argument: ${positionals[1]}`);
  const { db } = database();
  const timeZone = getSettings(db).general.timeZone;
  const parsed = jobRunSchema(localDay(new Date(), timeZone)).safeParse({ job: positionals[0], asOf: values["as-of"] });
  if (!parsed.success) throw new UsageError(parsed.error.issues[0]?.message ?? "invalid arguments");
  const { job, asOf } = parsed.data;

  // Every entry point settles runs that a dead process left "running".
  markAbandonedRuns(db, new Date());
  resumeStagedWrites(db);
  const results: JobRunResult[] =
    job === "all"
      ? await runAll(db, JOB_DEFINITIONS, { asOf, trigger: "cli" })
      : [await runJob(db, JOB_DEFINITIONS[job], { asOf, trigger: "cli", mode: "full" })];

  for (const result of results) {
    if (result.status === "succeeded") console.log(describeResult(result));
    else console.error(describeResult(result));
  }
  const unsuccessful = results.filter((result) => result.status !== "succeeded");
  if (unsuccessful.length) {
    const names = unsuccessful.map((result) => result.job).join(", ");
    throw new Error(`job run: ${names} did not succeed`);
  }
}

export const jobCommands: Record<string, (args: string[]) => Promise<void>> = {
  "job run": jobRun,
};
