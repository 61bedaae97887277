/**
 * `import inquiries FILE.csv` and `export inquiries` (SPEC §9).
 *
 * Import (run by ~/models/csv-import.server): every row is validated first, in a streaming pass
 * (one zod schema per row, lookups cached); with any problem nothing is written. Otherwise the
 * file is read again and written in short journaled transactions (all or nothing) with prepared
 * statements. A row whose (channel, external_id) exists updates that inquiry. Imports are
 * history: no auto-reply, no round-robin assignment, no escalation.
 *
 * Update rules (chosen so that importing the same file twice changes nothing, and so that an
 * import never destroys what the team recorded in the app):
 * - received_at, and any non-empty cell, replaces the stored value; an empty cell keeps it
 *   (an import cannot unassign or remove a customer).
 * - The first response is a fact in the thread. A recorded one is never removed or moved later;
 *   a first_response_at *earlier* than the recorded one adds that earlier reply and becomes the
 *   first response; a later or equal one changes nothing.
 * - The buyer's first `in` message follows received_at, and takes the `message` cell when given.
 * - The per-inquiry SLA columns are recomputed with `inquirySla` (SPEC §3) as of the import;
 *   sla_computed_at and updated_at move only when something actually changed.
 */
import { and, asc, eq, gt, gte, inArray, or, sql } from "drizzle-orm";
import type { DB } from "~db/client.server";
import { channels, customers, inquiries, messages, users, type InquiryStatus } from "~db/schema";
import { localDay } from "~/domain/calendar";
import { inquirySla, type InquirySla, type InquiryTiming } from "~/domain/sla";
import { recordInquiryChange, recordInquiryCreated, responsePolicy, SLA_PLACEHOLDERS, slaParams } from "./inquiry.server";
import {
  INQUIRY_CSV_COLUMNS,
  INQUIRY_CSV_EXPORT_ONLY_COLUMNS,
  INQUIRY_CSV_REQUIRED_COLUMNS,
  inquiryCsvRowSchema,
  subjectFromMessage,
  type InquiryCsvLookups,
  type InquiryCsvRow,
} from "~/schemas/inquiry-csv";
import {
  csvIssueMessage,
  csvRowProblems,
  type CsvCell,
  type CsvInput,
  type CsvProblem,
  type CsvRecord,
} from "~/utils/csv.server";
import { recordAudit } from "./audit.server";
import { runCsvImport, runCsvImportSync, type CsvImportPlan, type CsvImportRunOptions } from "./csv-import.server";
import { getSettings } from "./settings.server";
import { bind, ms } from "./sql.server";

/** Body of the `out` message that stands for a first response given outside the CRM. */
export const IMPORTED_RESPONSE_BODY = "(First response sent outside the CRM; recorded by CSV import.)";

export type InquiryImportResult =
  | { ok: false; problems: CsvProblem[] }
  | {
      ok: true;
      dryRun: boolean;
      /** Data rows in the file. */
      rows: number;
      created: number;
      /** Rows that matched an existing inquiry (with or without an actual change). */
      updated: number;
      /** Of `updated`, those whose values were already what the file says. */
      unchanged: number;
    };

// SQLite allows 32,766 bound variables per statement; 500 keeps IN lists far below that.
const IN_CHUNK = 500;

function* chunks<T>(values: readonly T[], size = IN_CHUNK): Generator<T[]> {
  for (let i = 0; i < values.length; i += size) yield values.slice(i, i + size);
}

const distinctCells = (records: CsvRecord[], column: string) => [
  ...new Set(records.map((record) => record.values[column]?.trim() ?? "").filter((value) => value !== "")),
];

/** Past this many cached customers the cache starts again (a CRM may hold far more than a file names). */
const CUSTOMER_CACHE_MAX = 200_000;

/**
 * The lookups of one import: channels and users loaded once; customers by external_id fetched a
 * batch at a time, only those the batch names and not fetched before, and kept for later batches.
 */
function lookupsFor(db: DB, now: Date) {
  const channelMap = new Map(
    db
      .select({ key: channels.key, id: channels.id })
      .from(channels)
      .orderBy(asc(channels.sortOrder), asc(channels.id))
      .all()
      .map((c) => [c.key.toLowerCase(), c.id]),
  );
  const userMap = new Map(
    db
      .select({ email: users.email, id: users.id })
      .from(users)
      .all()
      .map((u) => [u.email.toLowerCase(), u.id]),
  );
  const customerMap = new Map<string, number>();
  const lookups: InquiryCsvLookups = { channels: channelMap, users: userMap, customers: customerMap, now };
  const fetchCustomers = (db: DB, records: CsvRecord[]) => {
    const missing = distinctCells(records, "customer_external_id").filter((key) => !customerMap.has(key));
    if (customerMap.size + missing.length > CUSTOMER_CACHE_MAX) customerMap.clear();
    for (const chunk of chunks(missing)) {
      const rows = db
        .select({ externalId: customers.externalId, id: customers.id })
        .from(customers)
        .where(inArray(customers.externalId, chunk))
        .all();
      for (const row of rows) if (row.externalId !== null) customerMap.set(row.externalId, row.id);
    }
  };
  return { lookups, fetchCustomers };
}

type ExistingInquiry = typeof inquiries.$inferSelect;
type FirstBuyerMessage = { id: number; body: string; sentAt: Date };

const inquiryKey = (channelId: number, externalId: string) => `${channelId}\u0000${externalId}`;

function loadExisting(db: DB, rows: InquiryCsvRow[]) {
  // Per channel, so each lookup is a range on the (channel_id, external_id) unique index.
  const externalIdsByChannel = new Map<number, string[]>();
  for (const row of rows) {
    const list = externalIdsByChannel.get(row.channelId) ?? [];
    list.push(row.externalId);
    externalIdsByChannel.set(row.channelId, list);
  }
  const byKey = new Map<string, ExistingInquiry>();
  for (const [channelId, externalIds] of externalIdsByChannel) {
    // One bound JSON array instead of an IN list of hundreds of parameters, which SQLite would
    // parse and plan anew for every batch.
    const found = db
      .select()
      .from(inquiries)
      .where(
        and(
          eq(inquiries.channelId, channelId),
          sql`${inquiries.externalId} in (select value from json_each(${JSON.stringify(externalIds)}))`,
        ),
      )
      .all();
    for (const inquiry of found) byKey.set(inquiryKey(inquiry.channelId, inquiry.externalId!), inquiry);
  }
  const firstIn = new Map<number, FirstBuyerMessage>();
  for (const chunk of chunks([...byKey.values()].map((inquiry) => inquiry.id))) {
    const rows = db
      .select({ id: messages.id, inquiryId: messages.inquiryId, body: messages.body, sentAt: messages.sentAt })
      .from(messages)
      .where(and(inArray(messages.inquiryId, chunk), eq(messages.direction, "in")))
      .orderBy(asc(messages.inquiryId), asc(messages.sentAt), asc(messages.id))
      .all();
    for (const { inquiryId, ...message } of rows) if (!firstIn.has(inquiryId)) firstIn.set(inquiryId, message);
  }
  return { byKey, firstIn };
}

/** The inquiry columns an import decides, including the SLA fields. */
type InquiryState = {
  subject: string;
  status: InquiryStatus;
  customerId: number | null;
  assigneeId: number | null;
  receivedAt: Date;
  /** The team-time-zone day of receivedAt, derived like the SLA fields. */
  receivedDay: string;
  firstResponseAt: Date | null;
  firstResponderId: number | null;
  frtMs: number | null;
  businessFrtMs: number | null;
  inBusinessHours: boolean | null;
  within30s: boolean | null;
  within24h: boolean | null;
  slaStatus: "pending" | "hit" | "missed" | null;
};

const BUSINESS_FIELDS = [
  "subject",
  "status",
  "customerId",
  "assigneeId",
  "receivedAt",
  "firstResponseAt",
  "firstResponderId",
] as const satisfies readonly (keyof InquiryState)[];
const SLA_FIELDS = [
  "receivedDay",
  "frtMs",
  "businessFrtMs",
  "inBusinessHours",
  "within30s",
  "within24h",
  "slaStatus",
] as const satisfies readonly (keyof InquiryState)[];

const sameValue = (a: unknown, b: unknown) => (a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b);

type Planned = {
  line: number;
  row: InquiryCsvRow;
  existing: ExistingInquiry | undefined;
  state: InquiryState;
  /** A new `out` message for a first response this import records. */
  newResponse: { at: Date; authorId: number | null } | null;
};

/** What the inquiry should look like after this row, and which first response it records. */
function plan(
  line: number,
  row: InquiryCsvRow,
  existing: ExistingInquiry | undefined,
  sla: (timing: InquiryTiming) => InquirySla,
  dayOf: (instant: Date) => string,
): Planned {
  const assigneeId = row.assigneeId ?? existing?.assigneeId ?? null;
  const recorded = existing?.firstResponseAt ?? null;
  const recordsResponse =
    row.firstResponseAt !== null && (recorded === null || row.firstResponseAt.getTime() < recorded.getTime());
  const firstResponseAt = recordsResponse ? row.firstResponseAt : recorded;
  const firstResponderId = recordsResponse ? assigneeId : (existing?.firstResponderId ?? null);
  const status: InquiryStatus =
    row.status ??
    (existing
      ? existing.status === "new" && firstResponseAt !== null
        ? "responded"
        : existing.status
      : firstResponseAt !== null
        ? "responded"
        : "new");
  const subject = row.subject ?? existing?.subject ?? subjectFromMessage(row.message);
  const computed = sla({ receivedAt: row.receivedAt, firstResponseAt, status });
  return {
    line,
    row,
    existing,
    newResponse: recordsResponse ? { at: row.firstResponseAt!, authorId: assigneeId } : null,
    state: {
      subject,
      status,
      customerId: row.customerId ?? existing?.customerId ?? null,
      assigneeId,
      receivedAt: row.receivedAt,
      receivedDay: dayOf(row.receivedAt),
      firstResponseAt,
      firstResponderId,
      frtMs: computed.frtMs,
      businessFrtMs: computed.businessFrtMs,
      inBusinessHours: computed.inBusinessHours,
      within30s: computed.within30s,
      within24h: computed.within24h,
      slaStatus: computed.slaStatus,
    },
  };
}

/** Problems only the database can show: conflicts with what an existing inquiry already records. */
function conflicts(planned: Planned): CsvProblem[] {
  const { existing, state, row, line } = planned;
  if (!existing) return [];
  const problems: CsvProblem[] = [];
  if (state.firstResponseAt !== null && state.firstResponseAt.getTime() < row.receivedAt.getTime()) {
    problems.push({
      row: line,
      column: "received_at",
      message: `is after the first response already recorded for this inquiry (${state.firstResponseAt.toISOString()})`,
    });
  }
  if (row.status === "new" && state.firstResponseAt !== null) {
    problems.push({
      row: line,
      column: "status",
      message: `is new although this inquiry already has a first response (${state.firstResponseAt.toISOString()})`,
    });
  }
  return problems;
}

// Values are bound as the driver stores them (ms, 0/1, null): drizzle would run a timestamp
// column's encoder on a bound null, so each placeholder is wrapped in sql`` to bypass it.

function stateParams(state: InquiryState) {
  return {
    subject: state.subject,
    status: state.status,
    customerId: state.customerId,
    assigneeId: state.assigneeId,
    receivedAt: ms(state.receivedAt),
    receivedDay: state.receivedDay,
    firstResponseAt: ms(state.firstResponseAt),
    firstResponderId: state.firstResponderId,
    ...slaParams(state),
  };
}

const stateColumns = {
  subject: bind("subject"),
  status: bind("status"),
  customerId: bind("customerId"),
  assigneeId: bind("assigneeId"),
  receivedAt: bind("receivedAt"),
  receivedDay: bind("receivedDay"),
  firstResponseAt: bind("firstResponseAt"),
  firstResponderId: bind("firstResponderId"),
  ...SLA_PLACEHOLDERS,
};

/** What an update row changes on an existing inquiry and its buyer message. */
type UpdateEffect = {
  /** The buyer's first message: insert one (none yet), update it, or leave it. */
  buyerMessage: { kind: "insert"; body: string } | { kind: "update"; id: number; body: string } | null;
  businessChanged: boolean;
  slaChanged: boolean;
};

function updateEffect(planned: Planned, existing: ExistingInquiry, firstIn: Map<number, FirstBuyerMessage>): UpdateEffect {
  const { row, state, newResponse } = planned;
  const current = firstIn.get(existing.id);
  let buyerMessage: UpdateEffect["buyerMessage"] = null;
  if (!current) {
    buyerMessage = { kind: "insert", body: row.message ?? state.subject };
  } else {
    const body = row.message ?? current.body;
    if (body !== current.body || current.sentAt.getTime() !== row.receivedAt.getTime()) {
      buyerMessage = { kind: "update", id: current.id, body };
    }
  }
  const businessChanged =
    buyerMessage !== null || newResponse !== null || BUSINESS_FIELDS.some((field) => !sameValue(existing[field], state[field]));
  const slaChanged = existing.slaComputedAt === null || SLA_FIELDS.some((field) => !sameValue(existing[field], state[field]));
  return { buyerMessage, businessChanged, slaChanged };
}

/** Who imports and when, for the audit entries of the inquiries the import creates or changes. */
type Importer = { userId: number | null; at: Date };

/**
 * Writes the planned rows with prepared statements; returns how many updates changed nothing.
 * Each new inquiry is audited as created, and each change of its status, assignee or customer as
 * an update (SPEC §8), as the inquiry page does: one audit insert per row at most.
 */
function write(
  tx: DB,
  planned: Planned[],
  now: Date,
  firstIn: Map<number, FirstBuyerMessage>,
  by: Importer,
  channelKeys: Map<number, string>,
): number {
  const insertInquiry = tx
    .insert(inquiries)
    .values({
      ...stateColumns,
      channelId: bind("channelId"),
      externalId: bind("externalId"),
      createdAt: bind("now"),
      updatedAt: bind("now"),
      slaComputedAt: bind("now"),
    })
    // No RETURNING: SQLite runs an insert with RETURNING about twice as slowly; the new id is the
    // statement's last insert rowid.
    .prepare();
  const updateInquiry = tx
    .update(inquiries)
    .set({ ...stateColumns, updatedAt: bind("updatedAt"), slaComputedAt: bind("slaComputedAt") })
    .where(eq(inquiries.id, bind("id")))
    .prepare();
  const insertMessage = tx
    .insert(messages)
    .values({
      inquiryId: bind("inquiryId"),
      direction: bind("direction"),
      authorId: bind("authorId"),
      body: bind("body"),
      sentAt: bind("sentAt"),
      isAutoReply: sql`0`,
      createdAt: bind("now"),
    })
    .prepare();
  const updateMessage = tx
    .update(messages)
    .set({ body: bind("body"), sentAt: bind("sentAt") })
    .where(eq(messages.id, bind("id")))
    .prepare();

  const nowMs = now.getTime();
  const buyerMessage = (inquiryId: number, body: string, receivedAt: Date) =>
    insertMessage.run({ inquiryId, direction: "in", authorId: null, body, sentAt: ms(receivedAt), now: nowMs });

  let unchanged = 0;
  for (const entry of planned) {
    const { row, existing, state, newResponse } = entry;
    let inquiryId: number;
    if (!existing) {
      const params = { ...stateParams(state), channelId: row.channelId, externalId: row.externalId, now: nowMs };
      inquiryId = Number(insertInquiry.run(params).lastInsertRowid);
      buyerMessage(inquiryId, row.message ?? state.subject, row.receivedAt);
      recordInquiryCreated(tx, {
        id: inquiryId,
        by,
        after: {
          channel: channelKeys.get(row.channelId),
          externalId: row.externalId,
          subject: state.subject,
          customerId: state.customerId,
          assigneeId: state.assigneeId,
          status: state.status,
          receivedAt: state.receivedAt,
        },
      });
    } else {
      inquiryId = existing.id;
      const effect = updateEffect(entry, existing, firstIn);
      if (effect.buyerMessage?.kind === "insert") buyerMessage(inquiryId, effect.buyerMessage.body, row.receivedAt);
      if (effect.buyerMessage?.kind === "update") {
        updateMessage.run({ id: effect.buyerMessage.id, body: effect.buyerMessage.body, sentAt: ms(row.receivedAt) });
      }
      if (effect.businessChanged || effect.slaChanged) {
        updateInquiry.run({
          ...stateParams(state),
          id: inquiryId,
          updatedAt: effect.businessChanged ? nowMs : existing.updatedAt.getTime(),
          slaComputedAt: effect.slaChanged ? nowMs : existing.slaComputedAt!.getTime(),
        });
        // Writes nothing when none of the three changed.
        recordInquiryChange(
          tx,
          inquiryId,
          by,
          { status: existing.status, assigneeId: existing.assigneeId, customerId: existing.customerId },
          { status: state.status, assigneeId: state.assigneeId, customerId: state.customerId },
        );
      } else {
        unchanged++;
      }
    }
    if (newResponse) {
      insertMessage.run({
        inquiryId,
        direction: "out",
        authorId: newResponse.authorId,
        body: IMPORTED_RESPONSE_BODY,
        sentAt: ms(newResponse.at),
        now: nowMs,
      });
    }
  }
  return unchanged;
}

function countUnchanged(planned: Planned[], firstIn: Map<number, FirstBuyerMessage>): number {
  return planned.filter((entry) => {
    if (!entry.existing) return false;
    const effect = updateEffect(entry, entry.existing, firstIn);
    return !effect.businessChanged && !effect.slaChanged;
  }).length;
}

export type ImportOptions = {
  dryRun?: boolean;
  now?: Date;
  /** Who imports (null: the command line); recorded on the inquiries' audit entries. */
  userId?: number | null;
  /** The file's name: when given, the run gets an audit entry of its own (as the web import records). */
  fileName?: string;
};

const CSV_SPEC = {
  columns: INQUIRY_CSV_COLUMNS,
  required: INQUIRY_CSV_REQUIRED_COLUMNS,
  ignored: INQUIRY_CSV_EXPORT_ONLY_COLUMNS,
};

/**
 * One import of an inquiries file (see ~/models/csv-import.server for how it runs). The check
 * claims each row's (channel, external_id) among the keys seen so far; each batch's existing
 * inquiries are read with the batch.
 */
function inquiryImportPlan(db: DB, options: ImportOptions = {}): CsvImportPlan {
  const now = options.now ?? new Date();
  const settings = getSettings(db);
  const policy = responsePolicy(settings);
  const sla = (timing: InquiryTiming) => inquirySla(timing, now, settings.calendar, policy);
  const dayOf = (instant: Date) => localDay(instant, settings.general.timeZone);
  const { lookups, fetchCustomers } = lookupsFor(db, now);
  const schema = inquiryCsvRowSchema(lookups);
  const channelKeys = new Map([...lookups.channels].map(([key, id]) => [id, key]));
  const by = { userId: options.userId ?? null, at: now };

  const problems: CsvProblem[] = [];
  const checked = { rows: 0, created: 0, updated: 0, unchanged: 0 };
  const written = { rows: 0, created: 0, updated: 0, unchanged: 0 };

  const parseRows = (records: CsvRecord[], found: CsvProblem[]) => {
    const valid: { line: number; row: InquiryCsvRow }[] = [];
    for (const record of records) {
      const result = schema.safeParse(record.values, { error: csvIssueMessage });
      if (!result.success) found.push(...csvRowProblems(record.row, result.error));
      else valid.push({ line: record.row, row: result.data });
    }
    return valid;
  };
  const planRows = (tx: DB, valid: { line: number; row: InquiryCsvRow }[]) => {
    const { byKey, firstIn } = loadExisting(
      tx,
      valid.map((entry) => entry.row),
    );
    const planned = valid.map(({ line, row }) =>
      plan(line, row, byKey.get(inquiryKey(row.channelId, row.externalId)), sla, dayOf),
    );
    return { planned, firstIn };
  };

  return {
    spec: CSV_SPEC,
    check(db, records, seen) {
      fetchCustomers(db, records);
      checked.rows += records.length;
      const valid = parseRows(records, problems).filter(({ line, row }) => {
        const earlier = seen.claim(inquiryKey(row.channelId, row.externalId), line);
        if (earlier !== undefined) {
          problems.push({ row: line, column: "external_id", message: `repeats row ${earlier} (same channel and external_id)` });
          return false;
        }
        return true;
      });
      const { planned, firstIn } = planRows(db, valid);
      for (const entry of planned) problems.push(...conflicts(entry));
      if (problems.length > 0) return;
      const created = planned.filter((entry) => !entry.existing).length;
      checked.created += created;
      checked.updated += planned.length - created;
      checked.unchanged += countUnchanged(planned, firstIn);
    },
    problems: () => problems,
    checked: () => checked,
    write(tx, records) {
      fetchCustomers(tx, records);
      const found: CsvProblem[] = [];
      const valid = parseRows(records, found);
      const { planned, firstIn } = planRows(tx, valid);
      for (const entry of planned) found.push(...conflicts(entry));
      if (found.length > 0) return found;
      const created = planned.filter((entry) => !entry.existing).length;
      written.rows += records.length;
      written.created += created;
      written.updated += planned.length - created;
      written.unchanged += write(tx, planned, now, firstIn, by, channelKeys);
      return [];
    },
    written: () => written,
    finish(tx) {
      if (options.fileName === undefined) return;
      recordAudit(tx, {
        entity: "import",
        entityId: "inquiries",
        action: "create",
        userId: options.userId ?? null,
        at: now,
        after: { kind: "inquiries", file: options.fileName, ...written },
      });
    },
  };
}

/**
 * Validates the whole file and, when every row is good and this is not a dry run, imports it, all
 * or nothing, in short journaled transactions (~/models/csv-import.server). For a file in memory;
 * streamInquiriesCsv reads a file on disk as it goes.
 */
export function importInquiriesCsv(db: DB, file: Uint8Array | string, options: ImportOptions = {}): InquiryImportResult {
  return runCsvImportSync(db, file, inquiryImportPlan(db, options), { dryRun: options.dryRun });
}

/** The streaming import of a file on disk or in memory, with progress over both passes. */
export function streamInquiriesCsv(
  db: DB,
  input: CsvInput,
  options: ImportOptions & Omit<CsvImportRunOptions, "dryRun"> = {},
): Promise<InquiryImportResult> {
  return runCsvImport(db, input, inquiryImportPlan(db, options), options);
}

// ---------------------------------------------------------------------------------------------
// Export
// ---------------------------------------------------------------------------------------------

const seconds = (milliseconds: number | null) => (milliseconds === null ? null : milliseconds / 1000);

/**
 * Every inquiry as a CSV row in INQUIRY_CSV_EXPORT_COLUMNS order (see ~/schemas/inquiry-csv), by received_at then id.
 *
 * Rows are read a page at a time with a keyset cursor on (received_at, id), which the
 * received_at index serves in order. Memory stays at one page however many inquiries there are,
 * and no statement stays open between pages: a better-sqlite3 iterator held open while a slow
 * reader drains stdout would block every write on the connection for the whole export.
 */
type ExportCursor = { receivedAt: Date; id: number };

function exportPage(db: DB, cursor: ExportCursor | null, pageSize: number) {
  // The buyer's first message, as the import reads `message`.
  const message = sql<
    string | null
  >`(select m.body from ${messages} m where m.inquiry_id = ${inquiries.id} and m.direction = 'in' order by m.sent_at, m.id limit 1)`;
  return db
    .select({
      id: inquiries.id,
      externalId: inquiries.externalId,
      channel: channels.key,
      receivedAt: inquiries.receivedAt,
      firstResponseAt: inquiries.firstResponseAt,
      customerExternalId: customers.externalId,
      customerName: customers.name,
      subject: inquiries.subject,
      message,
      assigneeEmail: users.email,
      status: inquiries.status,
      frtMs: inquiries.frtMs,
      businessFrtMs: inquiries.businessFrtMs,
      inBusinessHours: inquiries.inBusinessHours,
      within30s: inquiries.within30s,
      slaStatus: inquiries.slaStatus,
    })
    .from(inquiries)
    .innerJoin(channels, eq(channels.id, inquiries.channelId))
    .leftJoin(customers, eq(customers.id, inquiries.customerId))
    .leftJoin(users, eq(users.id, inquiries.assigneeId))
    .where(
      cursor
        ? and(
            gte(inquiries.receivedAt, cursor.receivedAt),
            or(gt(inquiries.receivedAt, cursor.receivedAt), gt(inquiries.id, cursor.id)),
          )
        : undefined,
    )
    .orderBy(asc(inquiries.receivedAt), asc(inquiries.id))
    .limit(pageSize)
    .all();
}

/**
 * Every inquiry as a CSV row in INQUIRY_CSV_EXPORT_COLUMNS order (see ~/schemas/inquiry-csv), by received_at then id.
 *
 * Rows are read a page at a time with a keyset cursor on (received_at, id), which the
 * received_at index serves in order. Memory stays at one page however many inquiries there are,
 * and no statement stays open between pages: a better-sqlite3 iterator held open while a slow
 * reader drains stdout would block every write on the connection for the whole export.
 */
export function* inquiryExportRows(db: DB, pageSize = 1000): Generator<CsvCell[]> {
  let cursor: ExportCursor | null = null;
  for (;;) {
    const page = exportPage(db, cursor, pageSize);
    for (const r of page) {
      yield [
        r.externalId,
        r.channel,
        r.receivedAt.toISOString(),
        r.firstResponseAt?.toISOString() ?? null,
        r.customerExternalId,
        r.subject,
        r.message,
        r.assigneeEmail,
        r.status,
        r.id,
        r.customerName,
        seconds(r.frtMs),
        seconds(r.businessFrtMs),
        r.inBusinessHours,
        r.within30s,
        r.slaStatus,
      ];
    }
    if (page.length < pageSize) return;
    const last = page[page.length - 1];
    cursor = { receivedAt: last.receivedAt, id: last.id };
  }
}
