/**
 * How far after the present a stated time may lie (SPEC §9): a source system's clock a little
 * ahead of ours is tolerated, the future is not. Intake, the manual inquiry form and the CSV
 * imports all judge a stated time here.
 */
const FUTURE_TOLERANCE_MS = 5 * 60 * 1000;

/** Whether a stated time lies further after `now` than the tolerance allows. */
export function isInTheFuture(instant: Date, now: Date): boolean {
  return instant.getTime() > now.getTime() + FUTURE_TOLERANCE_MS;
}
