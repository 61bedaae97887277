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
import { and, eq, inArray, isNull, lte, sql } from "drizzle-orm";
import type { DB } from "~db/client.server";
import { inquiries, slaQueue, slaQueueDays, UNSETTLED_INQUIRIES } from "~db/schema";
import { localDay } from "~/domain/calendar";
import type { Settings } from "~/schemas/settings";
import { prepareInquirySlaUpdate, slaColumns } from "./inquiry.server";
import { getMarker, setMarker } from "./settings.server";

/** Rows read and written per transaction: short write locks (well under 100 ms), bounded memory. */
const ROW_CHUNK = 500;
/** Days rebuilt per transaction: a week of a large team's inquiries is grouped in tens of ms. */
const DAY_CHUNK = 7;
/** Roll-up rows of a discarded generation deleted per transaction. */
const DISCARD_CHUNK = 5000;
/** Settings-table key of the SLA job's bookkeeping: the `now` of its last successful run. */
const SLA_LAST_RUN_KEY = "sla.lastRun";

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
  setMarker(db, SLA_LAST_RUN_KEY, value, run.now);
}

/** Settings-table key of the roll-up generation readers use. */
const SLA_GENERATION_KEY = "sla.generation";

/** The generation of `response_daily` that reports read (0 before any full rebuild). */
export function currentResponseGeneration(db: DB): number {
  const value = getMarker(db, SLA_GENERATION_KEY);
  return typeof value === "number" && Number.isInteger(value) ? value : 0;
}

/** Settings-table key of the last full recompute: what it was computed with, and as of when. */
const SLA_LAST_FULL_KEY = "sla.lastFull";

/**
 * Everything a stored SLA figure depends on besides the inquiry's own facts and the clock. When
 * it has not changed since the last full recompute, a full run has nothing to redo beyond what
 * the recent pass finds (every write to an inquiry stamps updated_at; time alone moves only the
 * unsettled ones). Bump ROLLUP_FORMAT when the stored shape or the rule's code changes.
 */
const ROLLUP_FORMAT = 3;
export function slaFingerprint(settings: Settings): string {
  const { calendar, response, general } = settings;
  return JSON.stringify({ format: ROLLUP_FORMAT, timeZone: general.timeZone, calendar, response });
}

export type FullSlaMarker = { fingerprint: string; now: Date };

export function lastFullSlaRun(db: DB): FullSlaMarker | null {
  const value = getMarker(db, SLA_LAST_FULL_KEY) as { fingerprint?: unknown; now?: unknown } | undefined;
  if (!value || typeof value.fingerprint !== "string" || typeof value.now !== "string") return null;
  const now = new Date(value.now);
  return Number.isNaN(now.getTime()) ? null : { fingerprint: value.fingerprint, now };
}

export function recordFullSlaRun(db: DB, marker: FullSlaMarker): void {
  setMarker(db, SLA_LAST_FULL_KEY, { fingerprint: marker.fingerprint, now: marker.now.toISOString() }, marker.now);
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

type SlaUpdate = ReturnType<typeof prepareInquirySlaUpdate>;

/**
 * Recomputes the given rows (already read inside `tx`), writes only those that change, and takes
 * them off the change queue in the same transaction: a write committed after this read queues
 * the inquiry again.
 */
function recomputeRows(tx: DB, update: SlaUpdate, rows: StoredRow[], context: RecomputeContext, result: RecomputeResult): void {
  const { now, settings } = context;
  if (rows.length)
    tx.delete(slaQueue)
      .where(
        inArray(
          slaQueue.inquiryId,
          rows.map((row) => row.id),
        ),
      )
      .run();
  // A run as of a past moment stores a response given after it as not yet given: such rows stay
  // queued, so that the next pass at the real time corrects them.
  const answeredLater = rows.filter((row) => row.firstResponseAt !== null && row.firstResponseAt.getTime() > now.getTime());
  if (answeredLater.length) {
    tx.insert(slaQueue)
      .values(answeredLater.map((row) => ({ inquiryId: row.id })))
      .onConflictDoNothing()
      .run();
  }
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
    update(row.id, next);
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
  const update = prepareInquirySlaUpdate(db);
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
        recomputeRows(tx, update, rows, context, result);
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
  const update = prepareInquirySlaUpdate(db);
  for (let i = 0; i < ids.length; i += ROW_CHUNK) {
    const chunk = ids.slice(i, i + ROW_CHUNK);
    db.transaction(
      (tx) => {
        const rows = tx
          .select(storedColumns)
          .from(inquiries)
          .where(and(inArray(inquiries.id, chunk), lte(inquiries.receivedAt, context.now)))
          .all();
        recomputeRows(tx, update, rows, context, result);
      },
      { behavior: "immediate" },
    );
  }
  return result;
}

/**
 * The inquiries whose stored result can differ from a recomputation as of `now`, found through
 * indexes and the change queue only:
 * - unsettled: counted, unanswered, and still pending under the 24-hour rule or the business SLA
 *   (the 30-second rule is pending only while the 24-hour rule is too). The partial index
 *   inquiries_unsettled_idx holds just these; answered or settled rows change only by a write.
 * - queued: every inquiry inserted, or whose facts (received_at, first response, status,
 *   assignee, channel) changed, since the pass that last took it from `sla_queue` (the triggers
 *   write the queue in the writer's own transaction, so nothing is missed and nothing older is
 *   re-read).
 * - undated: no received_day yet (rows from before that column existed; its index serves this).
 * Only rows received up to `now`: later ones stay queued for a later pass.
 */
export function recentCandidateIds(db: DB, options: { now: Date }): number[] {
  const upToNow = lte(inquiries.receivedAt, options.now);
  const unsettled = db
    .select({ id: inquiries.id })
    .from(inquiries)
    .where(and(sql.raw(UNSETTLED_INQUIRIES), upToNow));
  const queued = db
    .select({ id: inquiries.id })
    .from(slaQueue)
    .innerJoin(inquiries, eq(inquiries.id, slaQueue.inquiryId))
    .where(upToNow);
  const undated = db
    .select({ id: inquiries.id })
    .from(inquiries)
    .where(and(isNull(inquiries.receivedDay), upToNow));
  // Three statements rather than one UNION: a compound SELECT makes SQLite merge by id, which it
  // does by scanning the whole table in rowid order instead of using the indexes.
  const ids = new Set<number>();
  for (const query of [unsettled, queued, undated]) for (const row of query.all()) ids.add(row.id);
  return [...ids].sort((a, b) => a - b);
}

/** Days whose roll-ups must be rebuilt because an inquiry left them (moved or deleted). */
export function queuedDays(db: DB): string[] {
  return db
    .select({ day: slaQueueDays.day })
    .from(slaQueueDays)
    .all()
    .map((row) => row.day);
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

const dayList = (days: readonly string[]) =>
  sql.join(
    days.map((day) => sql`${day}`),
    sql`, `,
  );

/**
 * Rebuilds the roll-ups of the given days from the stored per-inquiry columns: per day ×
 * assignee (0 = unassigned) × channel. Counted = not spam (SPEC §3); the stored rule columns are
 * null for spam, and null for a counted inquiry means pending. Each batch of days is replaced in
 * one transaction, in the given generation (the current one unless a full rebuild is writing the
 * next).
 */
export function rebuildResponseDays(
  db: DB,
  days: Iterable<string>,
  now: Date,
  onProgress?: (fraction: number) => void,
  generation = currentResponseGeneration(db),
): RebuildResult {
  const sorted = [...new Set(days)].sort();
  const result: RebuildResult = { days: sorted.length, daysChanged: 0, rowsChanged: 0 };
  const nowMs = now.getTime();
  for (let i = 0; i < sorted.length; i += DAY_CHUNK) {
    const batch = sorted.slice(i, i + DAY_CHUNK);
    db.transaction(
      (tx) => {
        tx.delete(slaQueueDays).where(inArray(slaQueueDays.day, batch)).run();
        const deleted = tx.all<{ day: string }>(sql`
          delete from response_daily
          where generation = ${generation}
            and day in (${dayList(batch)})
            and (day, assignee_id, channel_id) not in (
              select received_day, coalesce(assignee_id, 0), channel_id
              from inquiries
              where received_day in (${dayList(batch)})
            )
          returning day`);
        const written = tx.all<{ day: string }>(sql`
          insert into response_daily (
            generation, day, assignee_id, channel_id, received, counted, in_hours_counted, in_hours_pending,
            within_30s, pending_24h, within_24h, answered, frt_sum_ms, sla_hit, sla_missed, frt_ms_run, computed_at
          )
          select
            ${generation},
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
            frt_run(frt_ms) filter (where status <> 'spam'),
            ${nowMs}
          from inquiries
          where received_day in (${dayList(batch)})
          -- Grouped by the raw columns, in index order (no sort); NULL (unassigned) is one group.
          group by received_day, assignee_id, channel_id
          on conflict (generation, day, assignee_id, channel_id) do update set
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
            frt_ms_run = excluded.frt_ms_run,
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
             or frt_ms_run <> excluded.frt_ms_run
          returning day`);
        const changedDays = new Set([...deleted, ...written].map((row) => row.day));
        result.rowsChanged += deleted.length + written.length;
        result.daysChanged += changedDays.size;
        // The months of the changed days are regrouped from their days in the same transaction,
        // so the monthly and daily roll-ups never disagree.
        for (const month of new Set([...changedDays].map((day) => day.slice(0, 7)))) {
          rebuildResponseMonth(tx, month, generation);
        }
      },
      { behavior: "immediate" },
    );
    onProgress?.(Math.min(1, (i + batch.length) / sorted.length));
  }
  return result;
}

const SUMMED = [
  "received",
  "counted",
  "in_hours_counted",
  "in_hours_pending",
  "within_30s",
  "pending_24h",
  "within_24h",
  "answered",
  "frt_sum_ms",
  "sla_hit",
  "sla_missed",
] as const;

/** One month's rows (per assignee × channel) as the sums of its days' rows in `generation`. */
function rebuildResponseMonth(tx: DB, month: string, generation: number): void {
  tx.run(sql`delete from response_monthly where generation = ${generation} and month = ${month}`);
  tx.run(sql`
    insert into response_monthly (generation, month, assignee_id, channel_id, ${sql.raw(SUMMED.join(", "))}, frt_ms_run)
    select ${generation}, ${month}, assignee_id, channel_id,
      ${sql.raw(SUMMED.map((column) => `sum(${column})`).join(", "))},
      frt_sorted(cast(group_concat(frt_ms_run, '') as blob))
    from response_daily
    where generation = ${generation} and day between ${`${month}-01`} and ${`${month}-31`}
    group by assignee_id, channel_id`);
}

/** Deletes, a chunk per transaction, every roll-up row outside the given generation. */
function discardOtherGenerations(db: DB, keep: number): number {
  let deleted = 0;
  for (const table of ["response_daily", "response_monthly"]) {
    for (;;) {
      const { changes } = db.run(sql`
        delete from ${sql.identifier(table)} where id in (
          select id from ${sql.identifier(table)} where generation <> ${keep} limit ${DISCARD_CHUNK}
        )`);
      deleted += changes;
      if (changes < DISCARD_CHUNK) break;
    }
  }
  return deleted;
}

/**
 * Rebuilds every day's roll-ups up to `lastDay` as a new generation written beside the current
 * one, then makes it current in one short transaction and discards the old. Readers see the
 * complete old roll-ups until the switch and the complete new ones after it; a crash before the
 * switch leaves a partial next generation that no reader uses and the next rebuild discards.
 * Days after `lastDay` (a run as of a past day) are carried over as they are.
 */
export function rebuildAllResponseDays(
  db: DB,
  lastDay: string,
  now: Date,
  onProgress?: (fraction: number) => void,
): RebuildResult & { generation: number } {
  const current = currentResponseGeneration(db);
  discardOtherGenerations(db, current);
  const next = current + 1;
  const boundaryMonth = lastDay.slice(0, 7);
  const laterMonths = db
    .all<{ month: string }>(
      sql`select distinct month from response_monthly where generation = ${current} and month >= ${boundaryMonth} order by month`,
    )
    .map((row) => row.month);
  for (const month of laterMonths) {
    db.transaction(
      (tx) => {
        tx.run(sql`
          insert into response_daily (generation, day, assignee_id, channel_id, ${sql.raw(SUMMED.join(", "))}, frt_ms_run, computed_at)
          select ${next}, day, assignee_id, channel_id, ${sql.raw(SUMMED.join(", "))}, frt_ms_run, computed_at
          from response_daily
          where generation = ${current} and day > ${lastDay} and day between ${`${month}-01`} and ${`${month}-31`}`);
        rebuildResponseMonth(tx, month, next);
      },
      { behavior: "immediate" },
    );
  }
  const days = db
    .all<{ day: string }>(
      sql`select distinct received_day as day from inquiries where received_day is not null and received_day <= ${lastDay} order by day`,
    )
    .map((row) => row.day);
  const rebuilt = rebuildResponseDays(db, days, now, onProgress, next);
  db.transaction((tx) => setMarker(tx, SLA_GENERATION_KEY, next, now), { behavior: "immediate" });
  discardOtherGenerations(db, next);
  return { ...rebuilt, generation: next };
}
