/**
 * The SLA job (SPEC §3, §10): per-inquiry SLA columns, daily and monthly roll-ups, the funnel's
 * per-inquiry facts, escalations.
 *
 * - recent (every minute): only inquiries whose result can still change without anyone touching
 *   them (unanswered and still pending, through a partial index), those the triggers queued since
 *   (new or changed facts, in `sla_queue`), and those without a received_day; then the roll-ups of
 *   the days they belong (or belonged) to, in the current generation.
 * - full (nightly 01:00, or by hand): when a setting the figures depend on changed since the last
 *   full run (or there was none, or it is run as of an earlier moment), every inquiry received up
 *   to `now` is recomputed with the one rule and its received_day corrected, and the roll-ups are
 *   rebuilt as a new generation that becomes current only when complete. Otherwise there is
 *   nothing more to redo than the recent pass does, and that is what it does.
 *
 * Both modes then recompute the funnel facts of the inquiries whose quotes or orders changed
 * (`funnel_queue`), raise escalations (once per inquiry, `escalateOverdueInquiries` is idempotent)
 * for inquiries received in the last ESCALATION_LOOKBACK_DAYS, so imported history never floods
 * managers, and finally record `now` as the last successful run.
 *
 * Every write is a short transaction (500 rows, a week of roll-ups), so the web never waits long
 * behind the job; readers see the complete previous roll-ups or the complete new ones; and only
 * values that differ are written, so a second run for the same as-of date changes nothing.
 */
import { refreshQueuedFunnelFacts } from "~/models/funnel-facts.server";
import { escalateOverdueInquiries } from "~/models/inquiry.server";
import {
  lastFullSlaRun,
  lastSlaRun,
  queuedDays,
  rebuildAllResponseDays,
  rebuildResponseDays,
  recentCandidateIds,
  recomputeAllInquirySla,
  recomputeInquirySlaByIds,
  recordFullSlaRun,
  recordSlaRun,
  slaFingerprint,
} from "~/models/sla-rollup.server";
import { localDay } from "~/domain/calendar";
import type { JobContext, JobDefinition, JobFigures } from "./job";

/** Escalations are raised only for inquiries received this recently (relative to `now`). */
const ESCALATION_LOOKBACK_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

export type SlaJobFigures = {
  mode: "recent" | "full";
  /** Whether every inquiry was recomputed and the roll-ups rebuilt as a new generation. */
  fullRecompute: boolean;
  asOf: string;
  now: string;
  /** Inquiries read and run through the rule. */
  inquiriesExamined: number;
  /** Of those, inquiries whose stored SLA columns or received_day changed. */
  inquiriesChanged: number;
  /** Days whose roll-ups were recomputed. */
  daysRebuilt: number;
  /** Of those, days whose roll-ups actually changed. */
  daysChanged: number;
  rollupRowsChanged: number;
  /** Inquiries whose funnel facts were recomputed (their quotes or orders changed), and changed. */
  funnelInquiriesExamined: number;
  funnelInquiriesChanged: number;
  escalations: number;
  durationMs: number;
};

function runSla(context: JobContext): SlaJobFigures {
  const started = performance.now();
  const { db, now, settings, mode, progress } = context;
  progress(0);

  // A full run recomputes everything only when something other than the inquiries' own facts
  // and the clock changed since the last one (the calendar, the thresholds, the time zone, the
  // stored format), when it never ran, or when it is run as of an earlier moment than the last
  // run. Otherwise what can differ is exactly what the recent pass finds.
  const fingerprint = slaFingerprint(settings);
  const lastFull = lastFullSlaRun(db);
  const last = lastSlaRun(db);
  const fullRecompute =
    mode === "full" && !(lastFull && last && lastFull.fingerprint === fingerprint && now.getTime() >= last.now.getTime());

  let recomputed: ReturnType<typeof recomputeInquirySlaByIds>;
  let rebuilt: ReturnType<typeof rebuildResponseDays>;
  if (fullRecompute) {
    recomputed = recomputeAllInquirySla(db, { now, settings, onProgress: (f) => progress(0.6 * f) });
    progress(0.6);
    // The as-of day, or the day `now` falls in if that is later (now = the end of the as-of day).
    const nowDay = localDay(now, settings.general.timeZone);
    const lastDay = nowDay > context.asOf ? nowDay : context.asOf;
    rebuilt = rebuildAllResponseDays(db, lastDay, now, (f) => progress(0.6 + 0.35 * f));
    recordFullSlaRun(db, { fingerprint, now });
  } else {
    const ids = recentCandidateIds(db, { now });
    progress(0.1);
    recomputed = recomputeInquirySlaByIds(db, ids, { now, settings });
    progress(0.7);
    const days = new Set([...recomputed.days, ...queuedDays(db)]);
    rebuilt = rebuildResponseDays(db, days, now, (f) => progress(0.7 + 0.25 * f));
  }

  // The funnel's per-inquiry facts of the inquiries whose quotes or orders changed.
  const funnel = refreshQueuedFunnelFacts(db);

  const escalations = escalateOverdueInquiries(db, {
    now,
    settings,
    receivedSince: new Date(now.getTime() - ESCALATION_LOOKBACK_DAYS * DAY_MS),
  });

  recordSlaRun(db, { now });
  progress(1);
  return {
    mode,
    fullRecompute,
    asOf: context.asOf,
    now: now.toISOString(),
    inquiriesExamined: recomputed.examined,
    inquiriesChanged: recomputed.changed,
    daysRebuilt: rebuilt.days,
    daysChanged: rebuilt.daysChanged,
    rollupRowsChanged: rebuilt.rowsChanged,
    funnelInquiriesExamined: funnel.examined,
    funnelInquiriesChanged: funnel.changed,
    escalations,
    durationMs: Math.round(performance.now() - started),
  };
}

export const slaJob: JobDefinition = {
  name: "sla",
  run: (context): JobFigures => runSla(context),
};
