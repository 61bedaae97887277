import { closeDatabase, database, setBusyTimeout, WEB_BUSY_TIMEOUT_MS } from "~db/client.server";
import { startCheckpointer, WEB_AUTOCHECKPOINT_PAGES, type Checkpointer } from "~db/checkpointer.server";
import { seedDemoIfEmpty } from "~db/seed";
import { JOB_DEFINITIONS, recoverInterruptedRuns, runJob, startScheduler, stopScheduler } from "../jobs";
import { env, sessionSecret } from "./env.server";
import { refreshCustomerFigures } from "./models/customer.server";
import { getSettings } from "./models/settings.server";
import { deleteExpiredSessions } from "./models/session.server";
import { forgetSignInFailuresBefore } from "./models/user.server";

let started = false;
let checkpointer: Checkpointer | null = null;

export async function bootstrap(): Promise<void> {
  if (started) return;
  started = true;
  const config = env();
  sessionSecret();
  const { db, path } = database();
  const now = new Date();
  deleteExpiredSessions(db, now);
  forgetSignInFailuresBefore(db, new Date(now.getTime() - 24 * 60 * 60 * 1000));
  if (config.CRM_DEMO === "1") {
    const started = Date.now();
    const summary = await seedDemoIfEmpty(db, now);
    if (summary) {
      // Demo orders are written directly; the list figures (orders, 12-month revenue) follow them
      // now rather than at the next nightly tiers run. Later, jobs and order changes keep them.
      refreshCustomerFigures(db, { now, timeZone: getSettings(db).general.timeZone });
      // Reports read what the SLA job stores: its first pass runs now, not at the next minute.
      await runJob(db, JOB_DEFINITIONS.sla, { trigger: "schedule", mode: "full" });
      console.log(
        `Loaded demo data into ${path} in ${Date.now() - started} ms: ${summary.customers} customers, ` +
          `${summary.inquiries} inquiries, ${summary.orders} orders.`,
      );
    }
  }
  // Before serving and before anything else runs a job.
  const { interrupted, resumed } = recoverInterruptedRuns(db, new Date());
  if (interrupted.length) console.log(`Marked ${interrupted.length} interrupted job run(s) failed: ${interrupted.join(", ")}.`);
  if (resumed.length) console.log(`Finished writing the results of interrupted job run(s): ${resumed.join(", ")}.`);
  // Start-up may wait for the lock like any process; requests must not freeze the process for long.
  setBusyTimeout(database(), WEB_BUSY_TIMEOUT_MS);
  // The log is copied into the database file on a thread of its own, not inside a request's commit.
  if (path !== ":memory:") {
    database().sqlite.pragma(`wal_autocheckpoint = ${WEB_AUTOCHECKPOINT_PAGES}`);
    checkpointer = startCheckpointer(path);
  }
  if (config.CRM_JOBS === "on") {
    // Escalations are raised by the SLA job's pass every minute.
    // The schedules use the team time zone as it is now; a change applies at the next start.
    startScheduler(db);
  }
}

export async function shutdown(): Promise<void> {
  // A run still going after this is cut short; the next start marks it interrupted.
  await stopScheduler(10_000);
  await checkpointer?.stop();
  checkpointer = null;
  closeDatabase();
}
