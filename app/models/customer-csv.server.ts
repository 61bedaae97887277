/**
 * `import customers FILE.csv` and `export customers` (SPEC §9), built like the inquiry import
 * (~/models/inquiry-csv.server) and run by ~/models/csv-import.server: every row is validated
 * first with one zod row schema, in a streaming pass; with any problem nothing is written;
 * otherwise the file is read again and written in short journaled transactions with prepared
 * statements (all or nothing), and one audit entry records the run.
 *
 * Update rules (chosen so that importing the same file twice changes nothing, and so that an import
 * never destroys what the team recorded in the app):
 * - A row whose external_id exists updates that customer; it is never duplicated. external_id is
 *   the only key: a customer typed into the app without one is not matched by name.
 * - `name` always replaces the stored name; any other non-empty cell replaces the stored value; an
 *   empty cell keeps it (an import cannot clear an owner or a country).
 * - New customers get created_at from the file, else the time of the import. Their tier stays empty
 *   until the tiers job computes it: an import cannot know whether a customer with history is new.
 * - The contact columns describe the customer's main contact. When any of them is given: the
 *   customer's contact with that e-mail (ignoring case) is updated; failing that, its first
 *   contact (the oldest, the one the export writes); a customer without contacts gets one. Other
 *   contacts are never touched. A new contact without a name is named after its e-mail (else its
 *   phone), because a contact must have a name.
 * - updated_at moves only when something actually changed.
 */
import { asc, eq, gt, inArray, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { z } from "zod";
import type { DB } from "~db/client.server";
import { contacts, customers, users } from "~db/schema";
import { minorToDecimalString } from "~/domain/money";
import { tierReasonText, type TierReason } from "~/domain/tiers";
import {
  CUSTOMER_CSV_COLUMNS,
  CUSTOMER_CSV_EXPORT_ONLY_COLUMNS,
  CUSTOMER_CSV_REQUIRED_COLUMNS,
  customerCsvRowSchema,
  type CsvUser,
  type CustomerCsvRow,
} from "~/schemas/customer-csv";
import {
  csvIssueMessage,
  csvRowProblems,
  type CsvCell,
  type CsvInput,
  type CsvProblem,
  type CsvRecord,
} from "~/utils/csv.server";
import {
  runCsvImport,
  runCsvImportSync,
  seenInMemory,
  type CsvImportPlan,
  type CsvImportRunOptions,
  type SeenKeys,
} from "./csv-import.server";
import { recordAudit } from "./audit.server";
import { changeCustomerOwner } from "./customer.server";
import { getSettings } from "./settings.server";
import { bind, ms } from "./sql.server";

/** What an import of customers or orders reports; the same shape as the inquiry import's. */
export type CsvImportResult =
  | { ok: false; problems: CsvProblem[] }
  | {
      ok: true;
      dryRun: boolean;
      /** Data rows in the file. */
      rows: number;
      created: number;
      /** Rows that matched an existing record (with or without an actual change). */
      updated: number;
      /** Of `updated`, those whose values were already what the file says. */
      unchanged: number;
    };

export type CsvImportOptions = {
  dryRun?: boolean;
  now?: Date;
  /** Who imports (null: the command line); recorded on the audit entry. */
  userId?: number | null;
  /** The file's name, for the audit entry. */
  fileName?: string;
};

// SQLite allows 32,766 bound variables per statement; 500 keeps IN lists far below that.
const IN_CHUNK = 500;

export function* chunks<T>(values: readonly T[], size = IN_CHUNK): Generator<T[]> {
  for (let i = 0; i < values.length; i += size) yield values.slice(i, i + size);
}

export const distinctCells = (records: readonly CsvRecord[], column: string) => [
  ...new Set(records.map((record) => record.values[column]?.trim() ?? "").filter((value) => value !== "")),
];

// Values are bound as the driver stores them (ms, 0/1, null): drizzle would run a timestamp
// column's encoder on a bound null, so each placeholder is wrapped in sql`` to bypass it.

export const sameValue = (a: unknown, b: unknown) =>
  a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;

/**
 * Validates records one at a time with a row schema, collecting the good rows and every problem
 * (`row N, column C: reason`). A row whose external_id an earlier row has (bad or not) is refused
 * too, so that one pass over the file reports everything.
 */
export function rowValidator<Row extends { externalId: string }>(
  schema: z.ZodType<Row>,
  /** The external ids seen in earlier batches of the same file, with their rows; added to. */
  seen: SeenKeys = seenInMemory(),
) {
  const problems: CsvProblem[] = [];
  const valid: Row[] = [];
  const check = (record: CsvRecord) => {
    const result = schema.safeParse(record.values, { error: csvIssueMessage });
    if (!result.success) problems.push(...csvRowProblems(record.row, result.error));
    const externalId = record.values.external_id?.trim() ?? "";
    const earlier = externalId === "" ? undefined : seen.claim(externalId, record.row);
    if (earlier !== undefined) problems.push({ row: record.row, column: "external_id", message: `repeats row ${earlier}` });
    if (result.success && earlier === undefined) valid.push(result.data);
  };
  return { check, problems, valid };
}

/** Every user by lower-cased e-mail, active or not (the schema decides who may own customers). */
function usersByEmail(db: DB): Map<string, CsvUser> {
  return new Map(
    db
      .select({ id: users.id, email: users.email, role: users.role, active: users.active })
      .from(users)
      .all()
      .map((user) => [user.email.toLowerCase(), user]),
  );
}

// ---------------------------------------------------------------------------------------------
// Import
// ---------------------------------------------------------------------------------------------

type ExistingCustomer = Pick<
  typeof customers.$inferSelect,
  "id" | "externalId" | "name" | "country" | "industry" | "ownerId" | "createdAt"
>;
type ExistingContact = Pick<typeof contacts.$inferSelect, "id" | "customerId" | "name" | "email" | "phone">;

function loadExistingCustomers(db: DB, externalIds: string[]): Map<string, ExistingCustomer> {
  const byExternalId = new Map<string, ExistingCustomer>();
  for (const chunk of chunks(externalIds)) {
    const rows = db
      .select({
        id: customers.id,
        externalId: customers.externalId,
        name: customers.name,
        country: customers.country,
        industry: customers.industry,
        ownerId: customers.ownerId,
        createdAt: customers.createdAt,
      })
      .from(customers)
      .where(inArray(customers.externalId, chunk))
      .all();
    for (const row of rows) byExternalId.set(row.externalId!, row);
  }
  return byExternalId;
}

/** The contacts of the given customers, oldest first. */
function loadContacts(db: DB, customerIds: number[]): Map<number, ExistingContact[]> {
  const byCustomer = new Map<number, ExistingContact[]>();
  for (const chunk of chunks(customerIds)) {
    const rows = db
      .select({
        id: contacts.id,
        customerId: contacts.customerId,
        name: contacts.name,
        email: contacts.email,
        phone: contacts.phone,
      })
      .from(contacts)
      .where(inArray(contacts.customerId, chunk))
      .orderBy(asc(contacts.customerId), asc(contacts.id))
      .all();
    for (const row of rows) {
      const list = byCustomer.get(row.customerId) ?? [];
      list.push(row);
      byCustomer.set(row.customerId, list);
    }
  }
  return byCustomer;
}

type CustomerState = {
  name: string;
  country: string | null;
  industry: string | null;
  ownerId: number | null;
  createdAt: Date;
};
type ContactState = { name: string; email: string | null; phone: string | null };

const CUSTOMER_FIELDS = [
  "name",
  "country",
  "industry",
  "ownerId",
  "createdAt",
] as const satisfies readonly (keyof CustomerState)[];
const CONTACT_FIELDS = ["name", "email", "phone"] as const satisfies readonly (keyof ContactState)[];

type ContactPlan = { kind: "insert"; state: ContactState } | { kind: "update"; id: number; state: ContactState } | null;

type Planned = {
  row: CustomerCsvRow;
  existing: ExistingCustomer | undefined;
  customer: CustomerState;
  customerChanged: boolean;
  contact: ContactPlan;
};

function planContact(row: CustomerCsvRow, current: ExistingContact[]): ContactPlan {
  if (row.contactName === null && row.email === null && row.phone === null) return null;
  const target =
    (row.email !== null ? current.find((contact) => contact.email?.toLowerCase() === row.email) : undefined) ?? current[0];
  if (!target) {
    return { kind: "insert", state: { name: row.contactName ?? row.email ?? row.phone!, email: row.email, phone: row.phone } };
  }
  const state: ContactState = {
    name: row.contactName ?? target.name,
    email: row.email ?? target.email,
    phone: row.phone ?? target.phone,
  };
  return CONTACT_FIELDS.some((field) => !sameValue(state[field], target[field]))
    ? { kind: "update", id: target.id, state }
    : null;
}

function plan(
  row: CustomerCsvRow,
  existing: ExistingCustomer | undefined,
  contactsOf: Map<number, ExistingContact[]>,
  now: Date,
): Planned {
  if (!existing) {
    return {
      row,
      existing,
      customer: {
        name: row.name,
        country: row.country,
        industry: row.industry,
        ownerId: row.ownerId,
        createdAt: row.createdAt ?? now,
      },
      customerChanged: true,
      contact: planContact(row, []),
    };
  }
  const customer: CustomerState = {
    name: row.name,
    country: row.country ?? existing.country,
    industry: row.industry ?? existing.industry,
    ownerId: row.ownerId ?? existing.ownerId,
    createdAt: row.createdAt ?? existing.createdAt,
  };
  return {
    row,
    existing,
    customer,
    customerChanged: CUSTOMER_FIELDS.some((field) => !sameValue(customer[field], existing[field])),
    contact: planContact(row, contactsOf.get(existing.id) ?? []),
  };
}

const isUnchanged = (entry: Planned) => entry.existing !== undefined && !entry.customerChanged && entry.contact === null;

function write(tx: DB, planned: Planned[], now: Date, userId: number | null): void {
  const insertCustomer = tx
    .insert(customers)
    .values({
      externalId: bind("externalId"),
      name: bind("name"),
      country: bind("country"),
      industry: bind("industry"),
      ownerId: bind("ownerId"),
      createdAt: bind("createdAt"),
      updatedAt: bind("now"),
    })
    // No RETURNING (SQLite runs it about twice as slowly): the id is the last insert rowid.
    .prepare();
  const updateCustomer = tx
    .update(customers)
    .set({
      name: bind("name"),
      country: bind("country"),
      industry: bind("industry"),
      ownerId: bind("ownerId"),
      createdAt: bind("createdAt"),
      updatedAt: bind("now"),
    })
    .where(eq(customers.id, bind("id")))
    .prepare();
  const insertContact = tx
    .insert(contacts)
    .values({
      customerId: bind("customerId"),
      name: bind("name"),
      email: bind("email"),
      phone: bind("phone"),
      createdAt: bind("now"),
      updatedAt: bind("now"),
    })
    .prepare();
  const updateContact = tx
    .update(contacts)
    .set({ name: bind("name"), email: bind("email"), phone: bind("phone"), updatedAt: bind("now") })
    .where(eq(contacts.id, bind("id")))
    .prepare();

  const nowMs = now.getTime();
  for (const { row, existing, customer, customerChanged, contact } of planned) {
    const values = { ...customer, createdAt: ms(customer.createdAt), now: nowMs };
    let customerId: number;
    if (!existing) {
      customerId = Number(insertCustomer.run({ ...values, externalId: row.externalId }).lastInsertRowid);
    } else {
      customerId = existing.id;
      // A new owner takes the customer's open reminders with it, audited, as on the customer form.
      if (customer.ownerId !== existing.ownerId) changeCustomerOwner(tx, customerId, customer.ownerId, { userId, at: now });
      if (customerChanged) updateCustomer.run({ ...values, id: customerId });
    }
    if (contact?.kind === "insert") insertContact.run({ ...contact.state, customerId, now: nowMs });
    if (contact?.kind === "update") updateContact.run({ ...contact.state, id: contact.id, now: nowMs });
  }
}

function planAll(db: DB, valid: CustomerCsvRow[], existingByExternalId: Map<string, ExistingCustomer>, now: Date) {
  const contactsOf = loadContacts(
    db,
    [...existingByExternalId.values()].map((customer) => customer.id),
  );
  const planned = valid.map((row) => plan(row, existingByExternalId.get(row.externalId), contactsOf, now));
  const created = planned.filter((entry) => !entry.existing).length;
  const summary = {
    rows: planned.length,
    created,
    updated: planned.length - created,
    unchanged: planned.filter(isUnchanged).length,
  };
  return { planned, summary };
}

const CSV_SPEC = {
  columns: CUSTOMER_CSV_COLUMNS,
  required: CUSTOMER_CSV_REQUIRED_COLUMNS,
  ignored: CUSTOMER_CSV_EXPORT_ONLY_COLUMNS,
};

/**
 * One import of a customers file (see ~/models/csv-import.server for how it runs): users loaded
 * once; each batch's existing customers and their contacts read with the batch. The check claims
 * each external id among those seen so far (on disk).
 */
function customerImportPlan(db: DB, options: CsvImportOptions = {}): CsvImportPlan {
  const now = options.now ?? new Date();
  const { timeZone } = getSettings(db).general;
  const userMap = usersByEmail(db);
  const schemaFor = (existingByExternalId: Map<string, ExistingCustomer>) =>
    customerCsvRowSchema({
      users: userMap,
      currentOwners: new Map([...existingByExternalId].map(([externalId, customer]) => [externalId, customer.ownerId])),
      timeZone,
      now,
    });
  const problems: CsvProblem[] = [];
  const checked = { rows: 0, created: 0, updated: 0, unchanged: 0 };
  const written = { rows: 0, created: 0, updated: 0, unchanged: 0 };
  const add = (to: typeof checked, summary: typeof checked) => {
    for (const key of ["rows", "created", "updated", "unchanged"] as const) to[key] += summary[key];
  };

  return {
    spec: CSV_SPEC,
    check(db, records, seen) {
      const existingByExternalId = loadExistingCustomers(db, distinctCells(records, "external_id"));
      const validator = rowValidator(schemaFor(existingByExternalId), seen);
      for (const record of records) validator.check(record);
      problems.push(...validator.problems);
      if (problems.length > 0) return;
      add(checked, planAll(db, validator.valid, existingByExternalId, now).summary);
    },
    problems: () => problems,
    checked: () => checked,
    write(tx, records) {
      const existingByExternalId = loadExistingCustomers(tx, distinctCells(records, "external_id"));
      const validator = rowValidator(schemaFor(existingByExternalId));
      for (const record of records) validator.check(record);
      if (validator.problems.length > 0) return validator.problems;
      const { planned, summary } = planAll(tx, validator.valid, existingByExternalId, now);
      write(tx, planned, now, options.userId ?? null);
      add(written, summary);
      return [];
    },
    written: () => written,
    finish(tx) {
      recordAudit(tx, {
        entity: "import",
        entityId: "customers",
        action: "create",
        userId: options.userId ?? null,
        at: now,
        after: { kind: "customers", ...(options.fileName ? { file: options.fileName } : {}), ...written },
      });
    },
  };
}

/**
 * Validates the whole file and, when every row is good and this is not a dry run, imports it, all
 * or nothing, in short journaled transactions (~/models/csv-import.server). For a file in memory;
 * streamCustomersCsv reads a file on disk as it goes.
 */
export function importCustomersCsv(db: DB, file: Uint8Array | string, options: CsvImportOptions = {}): CsvImportResult {
  return runCsvImportSync(db, file, customerImportPlan(db, options), { dryRun: options.dryRun });
}

/** The streaming import of a file on disk or in memory, with progress over both passes. */
export function streamCustomersCsv(
  db: DB,
  input: CsvInput,
  options: CsvImportOptions & Omit<CsvImportRunOptions, "dryRun"> = {},
): Promise<CsvImportResult> {
  return runCsvImport(db, input, customerImportPlan(db, options), options);
}

// ---------------------------------------------------------------------------------------------
// Export
// ---------------------------------------------------------------------------------------------

const figure = z.number();
const day = z.string();
const revenueReason = {
  revenueMinor: figure,
  orders: figure,
  thresholdMinor: figure,
  topPercent: figure,
  minOrders: figure,
};
/** The structured reasons the tiers job stores (TierReason), checked before they are worded. */
const tierReasonSchema: z.ZodType<TierReason> = z.discriminatedUnion("code", [
  z.object({ code: z.literal("first_order_recent"), firstOrderOn: day, days: figure, windowDays: figure }),
  z.object({ code: z.literal("no_orders_new"), createdOn: day, days: figure, windowDays: figure }),
  z.object({ code: z.literal("dormant_no_orders"), createdOn: day, days: figure, windowDays: figure }),
  z.object({ code: z.literal("dormant_inactive"), lastOrderOn: day, days: figure, dormantAfterDays: figure }),
  z.object({ code: z.literal("top_revenue"), ...revenueReason }),
  z.object({ code: z.literal("growing"), ...revenueReason }),
]);

/**
 * The stored tier reason as plain English. The tiers job stores a structured reason as JSON
 * (worded by tierReasonText, the same words as the tier history); plain text is kept as it is; a
 * JSON reason this version does not know is spelled out as its code and figures.
 */
export function tierReasonForExport(stored: string | null, baseCurrency: string): string | null {
  if (stored === null || stored.trim() === "") return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(stored);
  } catch {
    return stored;
  }
  if (typeof parsed !== "object" || parsed === null || !("code" in parsed)) return stored;
  const known = tierReasonSchema.safeParse(parsed);
  if (known.success) return tierReasonText(known.data, baseCurrency);
  const { code, ...figures } = parsed as Record<string, unknown>;
  const details = Object.entries(figures)
    .map(([key, value]) => `${key} ${typeof value === "object" ? JSON.stringify(value) : String(value)}`)
    .join(", ");
  return `${String(code).replace(/_/g, " ")}${details ? ` (${details})` : ""}`;
}

const owner = alias(users, "owner");
const firstContact = alias(contacts, "first_contact");

function exportQuery(db: DB, where: SQL | undefined, limit: number) {
  return (
    db
      .select({
        id: customers.id,
        externalId: customers.externalId,
        name: customers.name,
        country: customers.country,
        industry: customers.industry,
        ownerEmail: owner.email,
        tier: customers.tier,
        tierReason: customers.tierReason,
        firstOrderAt: customers.firstOrderAt,
        lastOrderAt: customers.lastOrderAt,
        ordersCount: customers.ordersCount,
        revenue12mMinor: customers.revenue12mMinor,
        revenueTotalMinor: customers.revenueTotalMinor,
        recencyDays: customers.recencyDays,
        frequency: customers.frequency,
        monetaryMinor: customers.monetaryMinor,
        pAlive: customers.pAlive,
        expectedOrders365d: customers.expectedOrders365d,
        expectedOrderValueMinor: customers.expectedOrderValueMinor,
        predictedClv12mMinor: customers.predictedClv12mMinor,
        contactName: firstContact.name,
        contactEmail: firstContact.email,
        contactPhone: firstContact.phone,
        createdAt: customers.createdAt,
      })
      .from(customers)
      .leftJoin(owner, eq(owner.id, customers.ownerId))
      // The first (oldest) contact: the one the import updates when no e-mail matches.
      .leftJoin(
        firstContact,
        eq(firstContact.id, sql`(select min(c.id) from ${contacts} c where c.customer_id = ${customers.id})`),
      )
      .where(where)
      .orderBy(asc(customers.id))
      .limit(limit)
      .all()
  );
}

type ExportRow = ReturnType<typeof exportQuery>[number];

function exportCells(r: ExportRow, baseCurrency: string): CsvCell[] {
  const money = (minor: number | null) => (minor === null ? null : minorToDecimalString(minor, baseCurrency));
  return [
    r.externalId,
    r.id,
    r.name,
    r.country,
    r.industry,
    r.ownerEmail,
    r.tier,
    tierReasonForExport(r.tierReason, baseCurrency),
    r.firstOrderAt?.toISOString() ?? null,
    r.lastOrderAt?.toISOString() ?? null,
    r.ordersCount,
    money(r.revenue12mMinor),
    money(r.revenueTotalMinor),
    r.recencyDays,
    r.frequency,
    money(r.monetaryMinor),
    r.pAlive,
    r.expectedOrders365d,
    money(r.expectedOrderValueMinor),
    money(r.predictedClv12mMinor),
    r.contactName,
    r.contactEmail,
    r.contactPhone,
    r.createdAt.toISOString(),
  ];
}

export type CustomerExportOptions = {
  /**
   * Exactly these customers, in this order (the customer list's current filter and sort, from
   * customerIdsForFilter). Without it: every customer, by id.
   */
  ids?: readonly number[];
  pageSize?: number;
};

/**
 * Customers as CSV rows in CUSTOMER_CSV_EXPORT_COLUMNS order (see ~/schemas/customer-csv); money
 * in the base currency's major unit as exact decimal strings, instants in UTC with milliseconds.
 *
 * Read a page at a time (a keyset on id, or a slice of the given ids), so memory stays at one page
 * and no statement stays open while a slow reader drains the output.
 */
export function* customerExportRows(db: DB, options: CustomerExportOptions = {}): Generator<CsvCell[]> {
  const pageSize = options.pageSize ?? 500;
  const { baseCurrency } = getSettings(db).general;
  if (options.ids) {
    for (const slice of chunks(options.ids, Math.min(pageSize, IN_CHUNK))) {
      const byId = new Map(exportQuery(db, inArray(customers.id, slice), slice.length).map((r) => [r.id, r]));
      for (const id of slice) {
        const row = byId.get(id);
        // A customer deleted since the list was read is left out.
        if (row) yield exportCells(row, baseCurrency);
      }
    }
    return;
  }
  let after = 0;
  for (;;) {
    const page = exportQuery(db, gt(customers.id, after), pageSize);
    for (const row of page) yield exportCells(row, baseCurrency);
    if (page.length < pageSize) return;
    after = page[page.length - 1]!.id;
  }
}

/** The ids of the customers with these external ids (absent ones are left out). */
export function customerIdsByExternalId(db: DB, externalIds: string[]): Map<string, number> {
  const map = new Map<string, number>();
  for (const chunk of chunks(externalIds)) {
    for (const row of db
      .select({ id: customers.id, externalId: customers.externalId })
      .from(customers)
      .where(inArray(customers.externalId, chunk))
      .all()) {
      map.set(row.externalId!, row.id);
    }
  }
  return map;
}
