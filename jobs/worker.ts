/**
 * `npm run jobs`: the scheduled jobs as a process of their own, for a server started with
 * CRM_JOBS=off (or none at all). It migrates the database like every entry point, marks runs that
 * a dead process left "running" as interrupted, then runs the schedules, and the runs asked for on
 * the jobs page ("Run now", queued by the web process), until SIGTERM or SIGINT.
 * Stopping waits briefly for a run in progress; one cut short is marked at the next start.
 */
import { closeDatabase, database, runInBackground } from "~db/client.server";
import { recoverInterruptedRuns } from "./runner";
import { startScheduler, stopScheduler } from "./scheduler";

const STOP_WAIT_MS = 30_000;

runInBackground();
const { db, path } = database();
// Results a killed run had decided but not finished writing are completed before anything else.
const { interrupted, resumed } = recoverInterruptedRuns(db, new Date());
if (interrupted.length) console.log(`[jobs] marked ${interrupted.length} interrupted run(s) failed: ${interrupted.join(", ")}`);
if (resumed.length) console.log(`[jobs] finished writing the results of interrupted run(s) of ${resumed.join(", ")}`);
console.log(`[jobs] jobs process ${process.pid} on ${path}`);
startScheduler(db);

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`[jobs] ${signal}: stopping`);
  try {
    await stopScheduler(STOP_WAIT_MS);
  } finally {
    closeDatabase();
    process.exit(0);
  }
}
process.on("SIGTERM", () => void stop("SIGTERM"));
process.on("SIGINT", () => void stop("SIGINT"));
