import { database, closeDatabase } from "~db/client.server";
import { seedDemoIfEmpty } from "~db/seed";
import { markAbandonedRuns } from "../jobs/runner";
import { startScheduler, stopScheduler } from "../jobs/scheduler";
import { env, sessionSecret } from "./env.server";
import { refreshCustomerFigures } from "./models/customer.server";
import { escalateOverdueInquiries } from "./models/inquiry.server";
import { getSettings } from "./models/settings.server";
import { deleteExpiredSessions } from "./models/session.server";
import { forgetSignInFailuresBefore } from "./models/user.server";

let started = false;
let escalationTimer: ReturnType<typeof setInterval> | undefined;

// Escalation must follow within moments of the deadline, so it is checked every 15 seconds.
const ESCALATION_CHECK_MS = 15_000;

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
      console.log(
        `Loaded demo data into ${path} in ${Date.now() - started} ms: ${summary.customers} customers, ` +
          `${summary.inquiries} inquiries, ${summary.orders} orders.`,
      );
    }
  }
  // A run that a dead process left "running" is marked failed before anything else runs a job.
  const interrupted = markAbandonedRuns(db, new Date());
  if (interrupted.length) console.log(`Marked ${interrupted.length} interrupted job run(s) failed: ${interrupted.join(", ")}.`);
  // The 12-month figures move with the calendar; until the nightly job runs, start-up brings them up to date.
  refreshCustomerFigures(db, { now: new Date(), timeZone: getSettings(db).general.timeZone });
  if (config.CRM_JOBS === "on") {
    startEscalationChecks();
    // The schedules use the team time zone as it is now; a change applies at the next start.
    startScheduler(db);
  }
}

function startEscalationChecks() {
  const check = () => {
    try {
      const { db } = database();
      escalateOverdueInquiries(db, { now: new Date(), settings: getSettings(db) });
    } catch (error) {
      console.error("Escalation check failed:", error);
    }
  };
  check();
  escalationTimer = setInterval(check, ESCALATION_CHECK_MS);
  escalationTimer.unref();
}

export async function shutdown(): Promise<void> {
  if (escalationTimer) clearInterval(escalationTimer);
  // A run still going after this is cut short; the next start marks it interrupted.
  await stopScheduler(10_000);
  closeDatabase();
}
