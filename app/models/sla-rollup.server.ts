/**
 * The stored side of the response metrics (SPEC §3): each inquiry's SLA columns and the daily
 * roll-ups in `response_daily`. The SLA job (jobs/sla.ts) and the response report's refresh
 * (./response-report.server.ts) both write through here, so they keep the data the same way.
 *
 * - Per inquiry, the one rule is `inquirySla` (via `slaColumns`); this module only decides which
 *   rows to recompute, compares, and writes the rows whose values actually change. Rows received
 *   after `now` are left alone (a run "as of" a past day does not touch later inquiries).
 * - The roll-ups are one GROUP BY over the stored columns per batch of days, written as an upsert
 *   that only changes a row (and its computed_at) when its figures differ, plus a delete of the
 *   day's keys that no longer have inquiries. A roll-up row is therefore always the GROUP BY of
 *   the stored columns at the time its day was last rebuilt, and a rebuild that finds nothing new
 *   writes nothing.
 * - Every chunk is read and written inside one immediate transaction: a reply saved between a
 *   read and the write could otherwise be overwritten with columns computed without it.
 */
import { and, eq, gte, inArray, isNull, lt, lte, ne, or, sql } from "drizzle-orm";
import type { DB } from "~db/client.server";
import { inquiries, settings as settingsTable } from "~db/schema";
import { localDay } from "~/domain/calendar";
import type { Settings } from "~/schemas/settings";
import { slaColumns } from "./inquiry.server";
import { getMarker } from "./settings.server";

/** Rows read and written per transaction: short write locks, bounded memory. */
const ROW_CHUNK = 500;
/** Days rebuilt per transaction. */
const DAY_CHUNK = 31;
/**
 * "Changed since the last run" reaches back this much further than that run's `now`: a write
 * stamped just before the run started but committed by another process just after the run read
 * its candidates is then still picked up by the next run. Re-examining a row is harmless.
 */
export const CHANGED_SINCE_OVERLAP_MS = 2 * 60 * 1000;

/** Settings-table key of the SLA job's bookkeeping: the `now` of its last successful run. */
export const SLA_LAST_RUN_KEY = "sla.lastRun";

/**
 * Only the instant is kept (not the mode): a full run covers everything a recent one does, and a
 * second run at the same `now` then leaves the marker exactly as it was.
 */
export type SlaRunMarker = { now: Date };

export function lastSlaRun(db: DB): SlaRunMarker | null {
  const value = getMarker(db, SLA_LAST_RUN_KEY) as { now?: unknown } | undefined;
  if (!value || typeof value.now !== "string") return null;
  const now = new Date(value.now);
  return Number.isNaN(now.getTime()) ? null : { now };
}

/**
 * Records a successful run. Set to this run's `now` even when that is earlier than the previous
 * marker (a run as of a past day): the next recent pass then re-examines everything changed since
 * that past instant, which is exactly what the past run left in its past state.
 */
export function recordSlaRun(db: DB, run: SlaRunMarker): void {
  const value = { now: run.now.toISOString() };
  const current = getMarker(db, SLA_LAST_RUN_KEY);
  if (JSON.stringify(current) === JSON.stringify(value)) return;
  db.insert(settingsTable)
    .values({ key: SLA_LAST_RUN_KEY, value, updatedAt: run.now })
    .onConflictDoUpdate({ target: settingsTable.key, set: { value, updatedAt: run.now } })
    .run();
}

// ---------------------------------------------------------------------------------------------
// Per-inquiry columns
// ---------------------------------------------------------------------------------------------

const storedColumns = {
  id: inquiries.id,
  receivedAt: inquiries.receivedAt,
  firstResponseAt: inquiries.firstResponseAt,
  status: inquiries.status,
  receivedDay: inquiries.receivedDay,
  frtMs: inquiries.frtMs,
  businessFrtMs: inquiries.businessFrtMs,
  inBusinessHours: inquiries.inBusinessHours,
  within30s: inquiries.within30s,
  within24h: inquiries.within24h,
  slaStatus: inquiries.slaStatus,
  slaComputedAt: inquiries.slaComputedAt,
};
type StoredRow = {
  id: number;
  receivedAt: Date;
  firstResponseAt: Date | null;
  status: string;
  receivedDay: string | null;
  frtMs: number | null;
  businessFrtMs: number | null;
  inBusinessHours: boolean | null;
  within30s: boolean | null;
  within24h: boolean | null;
  slaStatus: string | null;
  slaComputedAt: Date | null;
};

const COMPARED = ["receivedDay", "frtMs", "businessFrtMs", "inBusinessHours", "within30s", "within24h", "slaStatus"] as const;

export type RecomputeResult = {
  /** Rows read and run through the rule. */
  examined: number;
  /** Rows whose stored values differed and were written. */
  changed: number;
  /** Every received_day the examined rows had or now have: the roll-up days to rebuild. */
  days: Set<string>;
};

type RecomputeContext = { now: Date; settings: Settings };

/** Recomputes the given rows (already read inside `tx`) and writes only those that change. */
function recomputeRows(tx: DB, rows: StoredRow[], context: RecomputeContext, result: RecomputeResult): void {
  const { now, settings } = context;
  for (const row of rows) {
    result.examined += 1;
    const next = {
      receivedDay: localDay(row.receivedAt, settings.general.timeZone),
      ...slaColumns(row, now, settings),
    };
    if (row.receivedDay !== null) result.days.add(row.receivedDay);
    result.days.add(next.receivedDay);
    // Unchanged rows are not written at all, so sla_computed_at keeps the time the values were
    // last different and a second run for the same `now` changes nothing.
    const differs = row.slaComputedAt === null || COMPARED.some((field) => row[field] !== next[field]);
    if (!differs) continue;
    tx.update(inquiries).set(next).where(eq(inquiries.id, row.id)).run();
    result.changed += 1;
  }
}

const emptyResult = (): RecomputeResult => ({ examined: 0, changed: 0, days: new Set() });

/** Every inquiry received up to `now`, in id order, a chunk per transaction. */
export function recomputeAllInquirySla(
  db: DB,
  context: RecomputeContext & { onProgress?: (fraction: number) => void },
): RecomputeResult {
  const { now } = context;
  const total = db.select({ n: sql<number>`count(*)` }).from(inquiries).where(lte(inquiries.receivedAt, now)).get()?.n ?? 0;
  const result = emptyResult();
  let afterId = 0;
  for (;;) {
    const read = db.transaction(
      (tx) => {
        const rows = tx
          .select(storedColumns)
          .from(inquiries)
          .where(and(lte(inquiries.receivedAt, now), sql`${inquiries.id} > ${afterId}`))
          .orderBy(inquiries.id)
          .limit(ROW_CHUNK)
          .all();
        recomputeRows(tx, rows, context, result);
        return rows;
      },
      { behavior: "immediate" },
    );
    if (read.length === 0) break;
    afterId = read[read.length - 1].id;
    context.onProgress?.(total === 0 ? 1 : Math.min(1, result.examined / total));
    if (read.length < ROW_CHUNK) break;
  }
  return result;
}

/** The given inquiries (those received up to `now`), a chunk per transaction. */
export function recomputeInquirySlaByIds(db: DB, ids: readonly number[], context: RecomputeContext): RecomputeResult {
  const result = emptyResult();
  for (let i = 0; i < ids.length; i += ROW_CHUNK) {
    const chunk = ids.slice(i, i + ROW_CHUNK);
    db.transaction(
      (tx) => {
        const rows = tx
          .select(storedColumns)
          .from(inquiries)
          .where(and(inArray(inquiries.id, chunk), lte(inquiries.receivedAt, context.now)))
          .all();
        recomputeRows(tx, rows, context, result);
      },
      { behavior: "immediate" },
    );
  }
  return result;
}

/**
 * The inquiries whose stored result can differ from a recomputation as of `now`, found through
 * indexes only:
 * - unsettled: counted, unanswered, and still pending under the 24-hour rule or the business SLA
 *   (the 30-second rule is pending only while the 24-hour rule is too). The partial index on
 *   unanswered inquiries serves this; answered or settled rows can only change through a write.
 * - changed: updated since `changedSince` (the updated_at index). Without a `changedSince` (no
 *   successful run yet) every inquiry in range counts as changed.
 * - undated: no received_day yet (rows from before that column existed; its index serves this).
 * Only rows received up to `now`, and within [receivedFrom, receivedBefore) when given.
 */
export function recentCandidateIds(
  db: DB,
  options: { now: Date; changedSince: Date | null; receivedFrom?: Date; receivedBefore?: Date },
): number[] {
  const range = and(
    lte(inquiries.receivedAt, options.now),
    options.receivedFrom ? gte(inquiries.receivedAt, options.receivedFrom) : undefined,
    options.receivedBefore ? lt(inquiries.receivedAt, options.receivedBefore) : undefined,
  );
  const unsettled = db
    .select({ id: inquiries.id })
    .from(inquiries)
    .where(
      and(
        isNull(inquiries.firstResponseAt),
        ne(inquiries.status, "spam"),
        or(isNull(inquiries.within24h), eq(inquiries.slaStatus, "pending")),
        range,
      ),
    );
  const undated = db.select({ id: inquiries.id }).from(inquiries).where(and(isNull(inquiries.receivedDay), range));
  const changed = db
    .select({ id: inquiries.id })
    .from(inquiries)
    .where(and(options.changedSince ? gte(inquiries.updatedAt, options.changedSince) : undefined, range));
  // Three statements rather than one UNION: a compound SELECT makes SQLite merge by id, which it
  // does by scanning the whole table in rowid order instead of using the three indexes.
  const ids = new Set<number>();
  for (const query of [unsettled, undated, changed]) for (const row of query.all()) ids.add(row.id);
  return [...ids].sort((a, b) => a - b);
}

// ---------------------------------------------------------------------------------------------
// Daily roll-ups
// ---------------------------------------------------------------------------------------------

export type RebuildResult = {
  /** Days whose roll-ups were recomputed. */
  days: number;
  /** Of those, days where at least one roll-up row was inserted, changed or deleted. */
  daysChanged: number;
  /** Roll-up rows inserted, changed or deleted. */
  rowsChanged: number;
};

const dayList = (days: readonly string[]) => sql.join(days.map((day) => sql`${day}`), sql`, `);

/**
 * Rebuilds the roll-ups of the given days from the stored per-inquiry columns: per day ×
 * assignee (0 = unassigned) × channel. Counted = not spam (SPEC §3); the stored rule columns are
 * null for spam, and null for a counted inquiry means pending. Each batch of days is replaced in
 * one transaction.
 */
export function rebuildResponseDays(
  db: DB,
  days: Iterable<string>,
  now: Date,
  onProgress?: (fraction: number) => void,
): RebuildResult {
  const sorted = [...new Set(days)].sort();
  const result: RebuildResult = { days: sorted.length, daysChanged: 0, rowsChanged: 0 };
  const nowMs = now.getTime();
  for (let i = 0; i < sorted.length; i += DAY_CHUNK) {
    const batch = sorted.slice(i, i + DAY_CHUNK);
    db.transaction(
      (tx) => {
        const deleted = tx.all<{ day: string }>(sql`
          delete from response_daily
          where day in (${dayList(batch)})
            and (day, assignee_id, channel_id) not in (
              select received_day, coalesce(assignee_id, 0), channel_id
              from inquiries
              where received_day in (${dayList(batch)})
            )
          returning day`);
        const written = tx.all<{ day: string }>(sql`
          insert into response_daily (
            day, assignee_id, channel_id, received, counted, in_hours_counted, in_hours_pending,
            within_30s, pending_24h, within_24h, answered, frt_sum_ms, sla_hit, sla_missed, computed_at
          )
          select
            received_day,
            coalesce(assignee_id, 0),
            channel_id,
            count(*),
            count(*) filter (where status <> 'spam'),
            count(*) filter (where status <> 'spam' and in_business_hours = 1),
            count(*) filter (where status <> 'spam' and in_business_hours = 1 and within_30s is null),
            count(*) filter (where status <> 'spam' and within_30s = 1),
            count(*) filter (where status <> 'spam' and within_24h is null),
            count(*) filter (where status <> 'spam' and within_24h = 1),
            count(*) filter (where status <> 'spam' and frt_ms is not null),
            coalesce(sum(frt_ms) filter (where status <> 'spam'), 0),
            count(*) filter (where status <> 'spam' and sla_status = 'hit'),
            count(*) filter (where status <> 'spam' and sla_status = 'missed'),
            ${nowMs}
          from inquiries
          where received_day in (${dayList(batch)})
          -- Grouped by the raw columns, in index order (no sort); NULL (unassigned) is one group.
          group by received_day, assignee_id, channel_id
          on conflict (day, assignee_id, channel_id) do update set
            received = excluded.received,
            counted = excluded.counted,
            in_hours_counted = excluded.in_hours_counted,
            in_hours_pending = excluded.in_hours_pending,
            within_30s = excluded.within_30s,
            pending_24h = excluded.pending_24h,
            within_24h = excluded.within_24h,
            answered = excluded.answered,
            frt_sum_ms = excluded.frt_sum_ms,
            sla_hit = excluded.sla_hit,
            sla_missed = excluded.sla_missed,
            computed_at = excluded.computed_at
          where received <> excluded.received
             or counted <> excluded.counted
             or in_hours_counted <> excluded.in_hours_counted
             or in_hours_pending <> excluded.in_hours_pending
             or within_30s <> excluded.within_30s
             or pending_24h <> excluded.pending_24h
             or within_24h <> excluded.within_24h
             or answered <> excluded.answered
             or frt_sum_ms <> excluded.frt_sum_ms
             or sla_hit <> excluded.sla_hit
             or sla_missed <> excluded.sla_missed
          returning day`);
        const changedDays = new Set([...deleted, ...written].map((row) => row.day));
        result.rowsChanged += deleted.length + written.length;
        result.daysChanged += changedDays.size;
      },
      { behavior: "immediate" },
    );
    onProgress?.(Math.min(1, (i + batch.length) / sorted.length));
  }
  return result;
}

/** Every day up to `lastDay` that has inquiries or roll-ups (an index-only read of each). */
export function responseDaysUpTo(db: DB, lastDay: string): string[] {
  return db
    .all<{ day: string }>(
      sql`select received_day as day from inquiries where received_day is not null and received_day <= ${lastDay}
          union
          select day from response_daily where day <= ${lastDay}
          order by day`,
    )
    .map((row) => row.day);
}
