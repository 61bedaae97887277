/**
 * What the web process may use of the jobs: start-up recovery, the scheduler when the jobs run
 * inside the server, and what the jobs page does (run now, ask the jobs process, show what is
 * running, queued and next). app/ imports jobs/ only through this file, so the rest of jobs/ (the
 * job bodies, staged writes, the command line) can change without reaching into the web process.
 */
export { JOB_DEFINITIONS } from "./registry";
export {
  abandonedRunIds,
  queuedJobs,
  recoverInterruptedRuns,
  requestRun,
  RUN_ALL_ORDER,
  runAll,
  runJob,
  startJob,
} from "./runner";
export { nextScheduledRuns, startScheduler, stopScheduler } from "./scheduler";
