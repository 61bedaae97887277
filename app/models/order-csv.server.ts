/**
 * `import orders FILE.csv` and `export orders` (SPEC §9), built like the other imports and run by
 * ~/models/csv-import.server: every row validated first with one zod row schema, in a streaming
 * pass; with any problem nothing is written; otherwise short journaled transactions (all or
 * nothing) with prepared statements, and one audit entry for the run.
 *
 * - An order is the total of the file's `amount` in its currency, in minor units, exactly
 *   (parseMoney; more decimals than the currency has are refused, not rounded), and that total in
 *   the base currency at the file's rate (toBaseMinor, half up). Imported orders have no lines.
 * - A row whose external_id exists updates that order; it is never duplicated. New orders get the
 *   next number of the import's year (nextOrderNumber, as an order taken in the app does).
 * - `status` empty: a new order is `completed`; an existing one keeps its status (the team may have
 *   moved it along since). `inquiry_external_id` empty keeps an existing link. Currency and rate
 *   always come from the row (empty = the base currency), since the amount is read in them.
 * - A non-cancelled order linked to an inquiry marks that inquiry `won` (not a spam one), as an
 *   order taken in the app does; a cancelled one changes nothing on the inquiry.
 * - Open repurchase reminders of a customer close as "ordered" (SPEC §5) when an imported order is
 *   on a later day than the purchase day the reminder belongs to; history older than that leaves
 *   them open.
 * - Afterwards the order figures of the customers whose orders changed are refreshed once
 *   (refreshCustomerFigures), so cancelled orders count nowhere. A re-import that changes nothing
 *   refreshes nothing.
 */
import { and, asc, desc, eq, gt, gte, inArray, lt, lte, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { DB } from "~db/client.server";
import { orderConditions } from "./order.server";
import { channels, customers, inquiries, orders, type InquiryStatus, type OrderStatus } from "~db/schema";
import { localDay } from "~/domain/calendar";
import { statusAfter } from "~/domain/inquiry-status";
import { minorToDecimalString } from "~/domain/money";
import {
  DEFAULT_IMPORTED_ORDER_STATUS,
  ORDER_CSV_COLUMNS,
  ORDER_CSV_EXPORT_ONLY_COLUMNS,
  ORDER_CSV_REQUIRED_COLUMNS,
  orderCsvRowSchema,
  type InquiryMatch,
  type OrderCsvRow,
} from "~/schemas/order-csv";
import type { CsvCell, CsvInput, CsvProblem, CsvRecord } from "~/utils/csv.server";
import { recordAudit } from "./audit.server";
import { runCsvImport, runCsvImportSync, type CsvImportPlan, type CsvImportRunOptions } from "./csv-import.server";
import { refreshCustomerFigures } from "./customer.server";
import {
  chunks,
  customerIdsByExternalId,
  distinctCells,
  rowValidator,
  sameValue,
  type CsvImportOptions,
  type CsvImportResult,
} from "./customer-csv.server";
import { nextOrderNumber } from "./document-number.server";
import { bind, ms } from "./sql.server";
import { advanceInquiryStatus } from "./inquiry.server";
import { closeRemindersSatisfiedBy } from "./reminder.server";
import { getSettings } from "./settings.server";

// ---------------------------------------------------------------------------------------------
// Import
// ---------------------------------------------------------------------------------------------

type LinkedInquiry = InquiryMatch & { status: InquiryStatus };

/** Every inquiry with one of these external ids, whatever its channel. */
function loadInquiries(db: DB, externalIds: string[]) {
  const byExternalId = new Map<string, LinkedInquiry[]>();
  for (const chunk of chunks(externalIds)) {
    const rows = db
      .select({ id: inquiries.id, externalId: inquiries.externalId, channel: channels.key, status: inquiries.status })
      .from(inquiries)
      .innerJoin(channels, eq(channels.id, inquiries.channelId))
      .where(inArray(inquiries.externalId, chunk))
      .orderBy(asc(channels.key), asc(inquiries.id))
      .all();
    for (const { externalId, ...inquiry } of rows) {
      const list = byExternalId.get(externalId!) ?? [];
      list.push(inquiry);
      byExternalId.set(externalId!, list);
    }
  }
  return byExternalId;
}

type ExistingOrder = Pick<
  typeof orders.$inferSelect,
  | "id"
  | "externalId"
  | "customerId"
  | "inquiryId"
  | "currency"
  | "fxRate"
  | "totalMinor"
  | "totalBaseMinor"
  | "orderedAt"
  | "status"
  | "cancelReason"
>;

function loadExistingOrders(db: DB, externalIds: string[]): Map<string, ExistingOrder> {
  const byExternalId = new Map<string, ExistingOrder>();
  for (const chunk of chunks(externalIds)) {
    const rows = db
      .select({
        id: orders.id,
        externalId: orders.externalId,
        customerId: orders.customerId,
        inquiryId: orders.inquiryId,
        currency: orders.currency,
        fxRate: orders.fxRate,
        totalMinor: orders.totalMinor,
        totalBaseMinor: orders.totalBaseMinor,
        orderedAt: orders.orderedAt,
        status: orders.status,
        cancelReason: orders.cancelReason,
      })
      .from(orders)
      .where(inArray(orders.externalId, chunk))
      .all();
    for (const row of rows) byExternalId.set(row.externalId!, row);
  }
  return byExternalId;
}

type OrderState = {
  customerId: number;
  inquiryId: number | null;
  currency: string;
  fxRate: string;
  totalMinor: number;
  totalBaseMinor: number;
  orderedAt: Date;
  status: OrderStatus;
  cancelReason: string | null;
};

const ORDER_FIELDS = [
  "customerId",
  "inquiryId",
  "currency",
  "fxRate",
  "totalMinor",
  "totalBaseMinor",
  "orderedAt",
  "status",
  "cancelReason",
] as const satisfies readonly (keyof OrderState)[];

type Planned = { row: OrderCsvRow; existing: ExistingOrder | undefined; state: OrderState; changed: boolean };

function plan(row: OrderCsvRow, existing: ExistingOrder | undefined): Planned {
  const status = row.status ?? existing?.status ?? DEFAULT_IMPORTED_ORDER_STATUS;
  const state: OrderState = {
    customerId: row.customerId,
    inquiryId: row.inquiryId ?? existing?.inquiryId ?? null,
    currency: row.currency,
    fxRate: row.fxRate,
    totalMinor: row.totalMinor,
    totalBaseMinor: row.totalBaseMinor,
    orderedAt: row.orderedAt,
    status,
    // A reason belongs to a cancellation (as when an order is moved in the app).
    cancelReason: status === "cancelled" ? (existing?.cancelReason ?? null) : null,
  };
  const changed = !existing || ORDER_FIELDS.some((field) => !sameValue(state[field], existing[field]));
  return { row, existing, state, changed };
}

/** An inquiry the import wins, with the status it had (for its audit entry). */
type InquiryToWin = { id: number; status: InquiryStatus };

/**
 * The inquiries to mark won: linked to a non-cancelled order this import creates or changes, and
 * moved by it (statusAfter: neither won already nor spam). An unchanged order leaves its inquiry alone, so a re-import does
 * not overturn a status the team set since.
 */
function inquiriesToWin(planned: Planned[], statusOf: Map<number, InquiryStatus>): InquiryToWin[] {
  const toWin = new Map<number, InquiryStatus>();
  for (const { state, changed } of planned) {
    if (!changed || state.inquiryId === null || state.status === "cancelled") continue;
    const status = statusOf.get(state.inquiryId);
    if (status !== undefined && statusAfter(status, "orderTaken") !== status) toWin.set(state.inquiryId, status);
  }
  return [...toWin].map(([id, status]) => ({ id, status }));
}

type Team = { timeZone: string; baseCurrency: string };

/** The last order number an import gave, kept from one chunk to the next. */
type Numbering = { prefix: string | null; last: number | null };

function write(
  tx: DB,
  planned: Planned[],
  now: Date,
  team: Team,
  userId: number | null,
  toWin: InquiryToWin[],
  numbering: Numbering,
): void {
  const insertOrder = tx
    .insert(orders)
    .values({
      number: bind("number"),
      externalId: bind("externalId"),
      customerId: bind("customerId"),
      inquiryId: bind("inquiryId"),
      currency: bind("currency"),
      fxRate: bind("fxRate"),
      discountBps: sql`0`,
      totalMinor: bind("totalMinor"),
      totalBaseMinor: bind("totalBaseMinor"),
      orderedAt: bind("orderedAt"),
      status: bind("status"),
      cancelReason: bind("cancelReason"),
      createdById: bind("userId"),
      createdAt: bind("now"),
      updatedAt: bind("now"),
    })
    .prepare();
  const updateOrder = tx
    .update(orders)
    .set({
      customerId: bind("customerId"),
      inquiryId: bind("inquiryId"),
      currency: bind("currency"),
      fxRate: bind("fxRate"),
      totalMinor: bind("totalMinor"),
      totalBaseMinor: bind("totalBaseMinor"),
      orderedAt: bind("orderedAt"),
      status: bind("status"),
      cancelReason: bind("cancelReason"),
      updatedAt: bind("now"),
    })
    .where(eq(orders.id, bind("id")))
    .prepare();

  // Every new order is numbered in the import's year, in file order: the series' next number is
  // read once per chunk and counted on in memory (the chunk's immediate transaction keeps anyone
  // else from taking one meanwhile), rather than asking the database thousands of times. The
  // count also carries over from the chunk before: past 99,999 the stored numbers no longer sort
  // by value (SO-2026-100000 sorts before SO-2026-99999), so the series' own answer would repeat.
  let nextNumber: (() => string) | undefined;
  const numberer = (): (() => string) => {
    const first = nextOrderNumber(tx, now, team.timeZone);
    const [, prefix, digits] = /^(.*?)(\d+)$/.exec(first)!;
    let n = Number(digits);
    if (numbering.prefix === prefix && numbering.last !== null) n = Math.max(n, numbering.last + 1);
    numbering.prefix = prefix!;
    return () => {
      numbering.last = n;
      return `${prefix}${String(n++).padStart(digits!.length, "0")}`;
    };
  };

  const nowMs = now.getTime();
  const affectedCustomers = new Set<number>();
  /** Per customer, the latest day of an imported non-cancelled order. */
  const latestOrderDay = new Map<number, string>();
  for (const { row, existing, state, changed } of planned) {
    if (!changed) continue;
    const values = { ...state, orderedAt: ms(state.orderedAt), now: nowMs };
    if (!existing) {
      nextNumber ??= numberer();
      insertOrder.run({ ...values, number: nextNumber(), externalId: row.externalId, userId });
    } else {
      updateOrder.run({ ...values, id: existing.id });
      affectedCustomers.add(existing.customerId);
    }
    affectedCustomers.add(state.customerId);
    if (state.status !== "cancelled") {
      const orderDay = localDay(state.orderedAt, team.timeZone);
      const latest = latestOrderDay.get(state.customerId);
      if (latest === undefined || orderDay > latest) latestOrderDay.set(state.customerId, orderDay);
    }
  }
  // Each win is audited like a status change on the inquiry page, by whoever imports the file.
  for (const { id } of toWin) advanceInquiryStatus(tx, id, "orderTaken", { userId, at: now });
  for (const [customerId, orderDay] of latestOrderDay) closeRemindersSatisfiedBy(tx, customerId, orderDay, now);
  for (const ids of chunks([...affectedCustomers])) refreshCustomerFigures(tx, { now, timeZone: team.timeZone }, ids);
}

const CSV_SPEC = {
  columns: ORDER_CSV_COLUMNS,
  required: ORDER_CSV_REQUIRED_COLUMNS,
  ignored: ORDER_CSV_EXPORT_ONLY_COLUMNS,
};

function planAll(db: DB, valid: OrderCsvRow[]) {
  const existing = loadExistingOrders(
    db,
    valid.map((row) => row.externalId),
  );
  const planned = valid.map((row) => plan(row, existing.get(row.externalId)));
  const created = planned.filter((entry) => !entry.existing).length;
  const unchanged = planned.filter((entry) => entry.existing && !entry.changed).length;
  return { planned, summary: { rows: planned.length, created, updated: planned.length - created, unchanged } };
}

/** Past this many cached customers the cache starts again. */
const CUSTOMER_CACHE_MAX = 200_000;

/**
 * One import of an orders file (see ~/models/csv-import.server for how it runs). The team's
 * settings are read once; customers by external_id are fetched for each batch that names ones not
 * fetched before, and kept; the inquiries a batch links to are read with the batch (their status
 * decides which to win). The check claims each external id among those seen so far (on disk).
 */
function orderImportPlan(db: DB, options: CsvImportOptions = {}): CsvImportPlan {
  const now = options.now ?? new Date();
  const team = getSettings(db).general;
  const customerIds = new Map<string, number>();
  const lookups = (db: DB, records: CsvRecord[]) => {
    const missing = distinctCells(records, "customer_external_id").filter((key) => !customerIds.has(key));
    if (customerIds.size + missing.length > CUSTOMER_CACHE_MAX) customerIds.clear();
    for (const [key, id] of customerIdsByExternalId(db, missing)) customerIds.set(key, id);
    const linked = loadInquiries(db, distinctCells(records, "inquiry_external_id"));
    const schema = orderCsvRowSchema({
      customers: customerIds,
      inquiries: linked,
      baseCurrency: team.baseCurrency,
      timeZone: team.timeZone,
      now,
    });
    return { linked, schema };
  };
  const problems: CsvProblem[] = [];
  const checked = { rows: 0, created: 0, updated: 0, unchanged: 0 };
  const written = { rows: 0, created: 0, updated: 0, unchanged: 0 };
  const numbering: Numbering = { prefix: null, last: null };
  let inquiriesWon = 0;
  const add = (to: typeof checked, summary: typeof checked) => {
    for (const key of ["rows", "created", "updated", "unchanged"] as const) to[key] += summary[key];
  };

  return {
    spec: CSV_SPEC,
    check(db, records, seen) {
      const { schema } = lookups(db, records);
      const validator = rowValidator(schema, seen);
      for (const record of records) validator.check(record);
      problems.push(...validator.problems);
      if (problems.length > 0) return;
      add(checked, planAll(db, validator.valid).summary);
    },
    problems: () => problems,
    checked: () => checked,
    write(tx, records) {
      const { linked, schema } = lookups(tx, records);
      const validator = rowValidator(schema);
      for (const record of records) validator.check(record);
      if (validator.problems.length > 0) return validator.problems;
      const { planned, summary } = planAll(tx, validator.valid);
      const statusOf = new Map([...linked.values()].flat().map((inquiry) => [inquiry.id, inquiry.status]));
      const toWin = inquiriesToWin(planned, statusOf);
      write(tx, planned, now, team, options.userId ?? null, toWin, numbering);
      add(written, summary);
      inquiriesWon += toWin.length;
      return [];
    },
    written: () => written,
    finish(tx) {
      recordAudit(tx, {
        entity: "import",
        entityId: "orders",
        action: "create",
        userId: options.userId ?? null,
        at: now,
        after: { kind: "orders", ...(options.fileName ? { file: options.fileName } : {}), ...written, inquiriesWon },
      });
    },
  };
}

/**
 * Validates the whole file and, when every row is good and this is not a dry run, imports it, all
 * or nothing, in short journaled transactions (~/models/csv-import.server). For a file in memory;
 * streamOrdersCsv reads a file on disk as it goes.
 */
export function importOrdersCsv(db: DB, file: Uint8Array | string, options: CsvImportOptions = {}): CsvImportResult {
  return runCsvImportSync(db, file, orderImportPlan(db, options), { dryRun: options.dryRun });
}

/** The streaming import of a file on disk or in memory, with progress over both passes. */
export function streamOrdersCsv(
  db: DB,
  input: CsvInput,
  options: CsvImportOptions & Omit<CsvImportRunOptions, "dryRun"> = {},
): Promise<CsvImportResult> {
  return runCsvImport(db, input, orderImportPlan(db, options), options);
}

// ---------------------------------------------------------------------------------------------
// Export
// ---------------------------------------------------------------------------------------------

/** The order list's filters (orderFilterFromUrl without the page). */
export type OrderExportFilter = { status?: OrderStatus; customerId?: number; q?: string; from?: Date; to?: Date };

/** The order list's conditions (the export must hold exactly what the list shows). */
function filterConditions(filter: OrderExportFilter): SQL[] {
  const where = orderConditions(filter);
  return where ? [where] : [];
}

const linkedInquiry = alias(inquiries, "linked_inquiry");

type ExportCursor = { orderedAt: Date; id: number };

function exportPage(db: DB, conditions: SQL[], cursor: ExportCursor | null, newestFirst: boolean, pageSize: number) {
  const keyset = cursor
    ? newestFirst
      ? and(lte(orders.orderedAt, cursor.orderedAt), or(lt(orders.orderedAt, cursor.orderedAt), lt(orders.id, cursor.id)))
      : and(gte(orders.orderedAt, cursor.orderedAt), or(gt(orders.orderedAt, cursor.orderedAt), gt(orders.id, cursor.id)))
    : undefined;
  const direction = newestFirst ? desc : asc;
  return db
    .select({
      id: orders.id,
      number: orders.number,
      externalId: orders.externalId,
      customerExternalId: customers.externalId,
      customerName: customers.name,
      orderedAt: orders.orderedAt,
      totalMinor: orders.totalMinor,
      totalBaseMinor: orders.totalBaseMinor,
      currency: orders.currency,
      fxRate: orders.fxRate,
      status: orders.status,
      inquiryExternalId: linkedInquiry.externalId,
    })
    .from(orders)
    .innerJoin(customers, eq(customers.id, orders.customerId))
    .leftJoin(linkedInquiry, eq(linkedInquiry.id, orders.inquiryId))
    .where(and(...conditions, keyset))
    .orderBy(direction(orders.orderedAt), direction(orders.id))
    .limit(pageSize)
    .all();
}

export type OrderExportOptions = {
  /** The order list's current filters: exactly those orders, in the list's order (newest first). */
  filter?: OrderExportFilter;
  pageSize?: number;
};

/**
 * Orders as CSV rows in ORDER_CSV_EXPORT_COLUMNS order (see ~/schemas/order-csv): the import
 * columns (amount in the order's currency, exact), then id, number, total_base (base currency)
 * and customer_name. Without a filter every order, oldest first; with one, the list's order.
 *
 * Read a page at a time with a keyset cursor on (ordered_at, id), which the ordered_at index
 * serves, so memory stays at one page and no statement stays open between pages.
 */
export function* orderExportRows(db: DB, options: OrderExportOptions = {}): Generator<CsvCell[]> {
  const pageSize = options.pageSize ?? 1000;
  const newestFirst = options.filter !== undefined;
  const conditions = filterConditions(options.filter ?? {});
  const { baseCurrency } = getSettings(db).general;
  let cursor: ExportCursor | null = null;
  for (;;) {
    const page = exportPage(db, conditions, cursor, newestFirst, pageSize);
    for (const r of page) {
      yield [
        r.externalId,
        r.customerExternalId,
        r.orderedAt.toISOString(),
        minorToDecimalString(r.totalMinor, r.currency),
        r.currency,
        r.fxRate,
        r.status,
        r.inquiryExternalId,
        r.id,
        r.number,
        minorToDecimalString(r.totalBaseMinor, baseCurrency),
        r.customerName,
      ];
    }
    if (page.length < pageSize) return;
    const last = page[page.length - 1]!;
    cursor = { orderedAt: last.orderedAt, id: last.id };
  }
}
