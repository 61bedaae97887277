import { and, asc, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
// The app's zod config turns default messages into catalog keys; CSV messages must stay English.
import "~/schemas/form";
import { customerExportRows, importCustomersCsv } from "~/models/customer-csv.server";
import { importOrdersCsv, orderExportRows } from "~/models/order-csv.server";
import { CUSTOMER_CSV_EXPORT_COLUMNS } from "~/schemas/customer-csv";
import { ORDER_CSV_EXPORT_COLUMNS } from "~/schemas/order-csv";
import { csvLines, parseCsv, writeCsv, type CsvCell, type CsvSink } from "~/utils/csv.server";
import type { DB, OpenDatabase } from "~db/client.server";
import { createCustomer, createInquiry, createOrder, insertUser } from "~db/factories";
import { auditLog, customers, orders, reminders, users } from "~db/schema";
import { run } from "../jobs/cli";
import { captureCommandLine, createTestDb } from "./helpers";

// Tuesday 10 March 2026, 12:00 in Asia/Shanghai (the default team time zone; base currency USD).
const NOW = new Date("2026-03-10T04:00:00.000Z");
const HEADER = "external_id,customer_external_id,ordered_at,amount,currency,fx_rate,status,inquiry_external_id";
const csv = (...lines: string[]) => [HEADER, ...lines].join("\n") + "\n";

let open: OpenDatabase;
let db: DB;

function seed(target: DB) {
  insertUser(target, { email: "sam@team.example", name: "Sam", role: "sales", passwordHash: "x" });
  createCustomer(target, { externalId: "C-ACME", name: "Acme GmbH", createdAt: new Date("2024-01-01T00:00:00Z") });
  createCustomer(target, { externalId: "C-BORE", name: "Borealis Oy", createdAt: new Date("2024-01-01T00:00:00Z") });
  const at = new Date("2026-02-20T02:00:00Z");
  createInquiry(target, { externalId: "AL-1", channel: "alibaba", receivedAt: at });
  createInquiry(target, { externalId: "AL-2", channel: "alibaba", receivedAt: at });
  createInquiry(target, { externalId: "SPAM-1", channel: "email", receivedAt: at, status: "spam" });
  createInquiry(target, { externalId: "DUP-1", channel: "alibaba", receivedAt: at });
  createInquiry(target, { externalId: "DUP-1", channel: "website", receivedAt: at });
}

const GOOD = csv(
  "O-1,C-ACME,2026-03-01,1234.5,EUR,1.0850,,AL-1",
  "O-2,C-ACME,2026-02-15T10:00:00+08:00,99.99,,,shipped,",
  "O-3,C-BORE,2025-12-24T00:00:00Z,500,USD,1,cancelled,AL-2",
  "O-4,C-BORE,2026-01-05,150000,jpy,0.0067,completed,SPAM-1",
);

const importText = (text: string | Uint8Array, options: { dryRun?: boolean; now?: Date } = {}) =>
  importOrdersCsv(db, text, { now: NOW, ...options });

function expectOk(result: ReturnType<typeof importText>) {
  if (!result.ok) throw new Error(`import refused:\n${result.problems.map((p) => JSON.stringify(p)).join("\n")}`);
  return result;
}

function problemsOf(result: ReturnType<typeof importText>) {
  if (result.ok) throw new Error("import was expected to fail");
  return result.problems.map((p) => (p.column ? `row ${p.row}, column ${p.column}: ${p.message}` : `row ${p.row}: ${p.message}`));
}

const snapshot = () => ({
  orders: open.sqlite.prepare("select * from orders order by id").all(),
  customers: open.sqlite.prepare("select * from customers order by id").all(),
  inquiries: open.sqlite.prepare("select * from inquiries order by id").all(),
  reminders: open.sqlite.prepare("select * from reminders order by id").all(),
});

const order = (externalId: string) => db.select().from(orders).where(eq(orders.externalId, externalId)).get()!;
const customer = (externalId: string) => db.select().from(customers).where(eq(customers.externalId, externalId)).get()!;
const inquiryStatus = (externalId: string, channel = "alibaba") =>
  open.sqlite
    .prepare("select i.status from inquiries i join channels c on c.id = i.channel_id where i.external_id = ? and c.key = ?")
    .pluck()
    .get(externalId, channel);

function exportText(header: readonly string[], rows: Iterable<CsvCell[]>): Promise<string> {
  const chunks: string[] = [];
  const sink: CsvSink = { write: (chunk) => (chunks.push(chunk), true), once: () => sink, on: () => sink, off: () => sink };
  return writeCsv(sink, header, rows).then(() => chunks.join(""));
}

function records(text: string) {
  const parsed = parseCsv(text, { columns: ORDER_CSV_EXPORT_COLUMNS, required: [] });
  if (!parsed.ok) throw new Error("export is not readable CSV");
  return parsed.table.records.map((record) => record.values);
}

beforeEach(() => {
  open = createTestDb();
  db = open.db;
  seed(db);
});

describe("import orders", () => {
  it("imports a good file: exact money, team-day dates, defaults, numbers", () => {
    expect(expectOk(importText(GOOD))).toEqual({ ok: true, dryRun: false, rows: 4, created: 4, updated: 0, unchanged: 0 });
    const acme = customer("C-ACME");

    // 1234.5 EUR = 123450 cents; × 1.0850 = 133943.25 → 133943 US cents, half up, exactly.
    expect(order("O-1")).toMatchObject({
      customerId: acme.id,
      currency: "EUR",
      fxRate: "1.0850",
      totalMinor: 123_450,
      totalBaseMinor: 133_943,
      discountBps: 0,
      // A date only is the start of that day in Asia/Shanghai.
      orderedAt: new Date("2026-02-28T16:00:00.000Z"),
      status: "completed",
      number: "SO-2026-00001",
      createdAt: NOW,
      updatedAt: NOW,
    });
    // Empty currency and rate: the base currency at 1.
    expect(order("O-2")).toMatchObject({
      currency: "USD",
      fxRate: "1",
      totalMinor: 9_999,
      totalBaseMinor: 9_999,
      orderedAt: new Date("2026-02-15T02:00:00.000Z"),
      status: "shipped",
      inquiryId: null,
      number: "SO-2026-00002",
    });
    // JPY has no minor digits: 150000 yen × 0.0067 = 1005.00 USD.
    expect(order("O-4")).toMatchObject({ currency: "JPY", totalMinor: 150_000, totalBaseMinor: 100_500 });
  });

  it("accepts a byte-order mark and CRLF line ends", () => {
    const bytes = Buffer.from(`\uFEFF${GOOD.replace(/\n/g, "\r\n")}`, "utf8");
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(expectOk(importText(bytes))).toMatchObject({ created: 4 });
    expect(order("O-1").externalId).toBe("O-1");
  });

  it("links inquiries and marks them won, except for cancelled orders and spam", () => {
    expectOk(importText(GOOD));
    expect(order("O-1").inquiryId).not.toBeNull();
    expect(inquiryStatus("AL-1")).toBe("won");
    // O-3 is cancelled: linked, but the inquiry is not won.
    expect(order("O-3").inquiryId).not.toBeNull();
    expect(inquiryStatus("AL-2")).toBe("new");
    expect(inquiryStatus("SPAM-1", "email")).toBe("spam");
  });

  it("refreshes the customers' order figures, leaving cancelled orders out", () => {
    expectOk(importText(GOOD));
    expect(customer("C-ACME")).toMatchObject({
      ordersCount: 2,
      firstOrderAt: new Date("2026-02-15T02:00:00.000Z"),
      lastOrderAt: new Date("2026-02-28T16:00:00.000Z"),
      revenue12mMinor: 133_943 + 9_999,
      revenueTotalMinor: 133_943 + 9_999,
    });
    // The cancelled 500 USD order counts nowhere.
    expect(customer("C-BORE")).toMatchObject({
      ordersCount: 1,
      revenueTotalMinor: 100_500,
      firstOrderAt: new Date("2026-01-04T16:00:00.000Z"),
    });
  });

  it("reports every bad row with row and column, and imports nothing", () => {
    const before = snapshot();
    const text = csv(
      "OK-1,C-ACME,2026-03-01,10,,,,",
      ",C-ACME,2026-03-01,10,,,,",
      "X-3,C-NOPE,,,,,,",
      "X-4,C-ACME,2026-03-01T10:00:00,-5,,,,",
      'X-5,C-ACME,2026-02-30,"1,234.50",,,,',
      "X-6,C-ACME,2026-03-01,10.123,USD,,,",
      "X-7,C-ACME,2026-03-01,10.5,JPY,0.0067,,",
      "X-8,C-ACME,2026-03-01,10,EUR,,,",
      "X-9,C-ACME,2026-03-01,10,USD,1.1,,",
      "X-10,C-ACME,2026-03-01,10,GBP,abc,,",
      "X-11,C-ACME,2026-03-01,10,XYZ,,paid,NOPE-1",
      "X-12,C-ACME,2026-03-01,10,,,,DUP-1",
      "X-13,C-ACME,2026-03-11,10,,,,",
      "OK-1,C-BORE,2026-03-01,10,,,,",
      // A repeat of a bad row is reported at once too.
      "X-4,C-ACME,2026-03-01,10,,,,",
    );
    expect(problemsOf(importText(text))).toEqual([
      "row 3, column external_id: is required",
      'row 4, column customer_external_id: no customer has external_id "C-NOPE" (import the customers first)',
      "row 4, column ordered_at: is required",
      "row 4, column amount: is required",
      'row 5, column ordered_at: "2026-03-01T10:00:00" has no time zone offset; add Z (UTC) or an offset such as +08:00',
      "row 5, column amount: must be 0 or more",
      'row 6, column ordered_at: "2026-02-30" is not a real date',
      'row 6, column amount: "1,234.50" is not an amount: digits with a point for decimals, no thousands separators, e.g. 1234.50',
      "row 7, column amount: has 3 decimals but USD has 2 decimals",
      "row 8, column amount: has 1 decimals but JPY has no decimals",
      "row 9, column fx_rate: is required for EUR: how many USD one EUR is worth, e.g. 1.0850",
      "row 10, column fx_rate: must be 1 or empty when the currency is the base currency USD",
      'row 11, column fx_rate: "abc" is not a rate: a positive decimal with at most 10 decimals, e.g. 1.0850',
      'row 12, column currency: "XYZ" is not an ISO 4217 currency code, e.g. USD, EUR, CNY',
      "row 12, column status: must be one of confirmed, deposit_paid, in_production, shipped, completed, cancelled",
      'row 12, column inquiry_external_id: no inquiry has external_id "NOPE-1"',
      "row 13, column inquiry_external_id: matches 2 inquiries (channels alibaba, website); external ids are unique per channel only, so this order cannot tell which one it won",
      "row 14, column ordered_at: 2026-03-11 is in the future",
      "row 15, column external_id: repeats row 2",
      "row 16, column external_id: repeats row 5",
    ]);
    expect(snapshot()).toEqual(before);
    expect(db.select().from(auditLog).all()).toEqual([]);
  });

  it("refuses a zero rate and accepts a zero amount", () => {
    expect(problemsOf(importText(csv("Z-1,C-ACME,2026-03-01,10,EUR,0.000,,")))).toEqual([
      'row 2, column fx_rate: "0.000" is not a rate: a positive decimal with at most 10 decimals, e.g. 1.0850',
    ]);
    expectOk(importText(csv("Z-2,C-ACME,2026-03-01,0,EUR,1.0850,,")));
    expect(order("Z-2")).toMatchObject({ totalMinor: 0, totalBaseMinor: 0 });
  });

  it("updates an order found by external_id instead of duplicating it; an empty status keeps the stored one", () => {
    expectOk(importText(GOOD));
    const before = order("O-2");
    db.update(orders).set({ status: "completed" }).where(eq(orders.id, before.id)).run();
    const later = new Date(NOW.getTime() + 60_000);
    const result = expectOk(importOrdersCsv(db, csv("O-2,C-BORE,2026-02-16,120.00,EUR,1.1,,AL-2"), { now: later }));
    expect(result).toMatchObject({ rows: 1, created: 0, updated: 1, unchanged: 0 });
    expect(db.select().from(orders).where(eq(orders.externalId, "O-2")).all()).toHaveLength(1);
    expect(order("O-2")).toMatchObject({
      id: before.id,
      number: before.number,
      customerId: customer("C-BORE").id,
      currency: "EUR",
      fxRate: "1.1",
      totalMinor: 12_000,
      totalBaseMinor: 13_200,
      status: "completed",
      createdAt: NOW,
      updatedAt: later,
    });
    expect(inquiryStatus("AL-2")).toBe("won");
    // The order moved from Acme to Borealis: both customers' figures follow.
    expect(customer("C-ACME")).toMatchObject({ ordersCount: 1, revenueTotalMinor: 133_943 });
    expect(customer("C-BORE")).toMatchObject({ ordersCount: 2, revenueTotalMinor: 100_500 + 13_200 });
    // Cancelling through a re-import takes the order out of the figures.
    expectOk(importText(csv("O-2,C-BORE,2026-02-16,120.00,EUR,1.1,cancelled,")));
    expect(customer("C-BORE")).toMatchObject({ ordersCount: 1, revenueTotalMinor: 100_500 });
  });

  it("changes nothing when the same file is imported again", () => {
    expectOk(importText(GOOD));
    const first = snapshot();
    const again = expectOk(importText(GOOD, { now: new Date(NOW.getTime() + 86_400_000) }));
    expect(again).toEqual({ ok: true, dryRun: false, rows: 4, created: 0, updated: 4, unchanged: 4 });
    expect(snapshot()).toEqual(first);
  });

  it("validates on a dry run and writes nothing", () => {
    const before = snapshot();
    expect(expectOk(importText(GOOD, { dryRun: true }))).toMatchObject({ dryRun: true, rows: 4, created: 4 });
    expect(snapshot()).toEqual(before);
  });

  it("numbers new orders after the ones already taken this year", () => {
    createOrder(db, { customerId: customer("C-ACME").id, orderedAt: new Date("2026-01-05T02:00:00Z") });
    createOrder(db, { customerId: customer("C-ACME").id, orderedAt: new Date("2026-01-06T02:00:00Z") });
    expectOk(importText(GOOD));
    expect(["O-1", "O-2", "O-3", "O-4"].map((id) => order(id).number)).toEqual([
      "SO-2026-00003",
      "SO-2026-00004",
      "SO-2026-00005",
      "SO-2026-00006",
    ]);
  });

  it("closes open repurchase reminders of a cycle the imported order ends, and no others", () => {
    const acme = customer("C-ACME").id;
    const reminder = (cycleKey: string) =>
      db
        .insert(reminders)
        .values({ kind: "repurchase", customerId: acme, dueAt: NOW, reason: "Due again", cycleKey })
        .returning()
        .get().id;
    const ended = reminder("2025-11-01");
    const current = reminder("2026-03-01");
    expectOk(importText(csv("R-1,C-ACME,2026-03-01,10,,,,")));
    const status = (id: number) => db.select().from(reminders).where(eq(reminders.id, id)).get()!;
    expect(status(ended)).toMatchObject({ status: "done", outcome: "ordered", closedAt: NOW });
    expect(status(current)).toMatchObject({ status: "open", outcome: null });
  });

  it("records one audit entry per import run, with the counts", () => {
    expectOk(importOrdersCsv(db, GOOD, { now: NOW, fileName: "orders.csv" }));
    expect(db.select().from(auditLog).where(eq(auditLog.entity, "import")).all()).toMatchObject([
      {
        entity: "import",
        entityId: "orders",
        action: "create",
        userId: null,
        after: { kind: "orders", file: "orders.csv", rows: 4, created: 4, updated: 0, unchanged: 0, inquiriesWon: 1 },
      },
    ]);
  });
});

describe("import orders: the inquiries' audit trail", () => {
  const inquiryId = (externalId: string, channel = "alibaba") =>
    open.sqlite
      .prepare("select i.id from inquiries i join channels c on c.id = i.channel_id where i.external_id = ? and c.key = ?")
      .pluck()
      .get(externalId, channel) as number;
  const inquiryAudit = (externalId: string, channel = "alibaba") =>
    db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entity, "inquiry"), eq(auditLog.entityId, String(inquiryId(externalId, channel)))))
      .orderBy(asc(auditLog.id))
      .all();

  it("audits each inquiry an import wins, with who imported and the status before; nothing for the others", () => {
    const sam = db.select().from(users).where(eq(users.email, "sam@team.example")).get()!;
    expectOk(importOrdersCsv(db, GOOD, { now: NOW, userId: sam.id }));
    expect(inquiryAudit("AL-1").map((e) => [e.action, e.userId, e.at, e.before, e.after])).toEqual([
      ["update", sam.id, NOW, { status: "new" }, { status: "won" }],
    ]);
    // Cancelled (AL-2) and spam (SPAM-1) inquiries do not move, and get no entry.
    expect(inquiryAudit("AL-2")).toEqual([]);
    expect(inquiryAudit("SPAM-1", "email")).toEqual([]);
  });

  it("audits a win from the command line as made by no one, and a re-import adds nothing", () => {
    expectOk(importText(GOOD));
    expect(inquiryAudit("AL-1").map((e) => [e.userId, e.before, e.after])).toEqual([
      [null, { status: "new" }, { status: "won" }],
    ]);
    // An order that now links AL-2 wins it; the unchanged rows win nothing again.
    expectOk(
      importText(
        csv("O-1,C-ACME,2026-03-01,1234.5,EUR,1.0850,,AL-1", "O-3,C-BORE,2025-12-24T00:00:00Z,500,USD,1,completed,AL-2"),
      ),
    );
    expect(inquiryAudit("AL-1")).toHaveLength(1);
    expect(inquiryAudit("AL-2").map((e) => [e.userId, e.before, e.after])).toEqual([
      [null, { status: "new" }, { status: "won" }],
    ]);
  });
});

describe("export orders", () => {
  it("writes the import columns, then id, number, total_base and customer_name", async () => {
    expectOk(importText(GOOD));
    const text = await exportText(ORDER_CSV_EXPORT_COLUMNS, orderExportRows(db));
    expect(text.split("\n")[0]).toBe(
      "external_id,customer_external_id,ordered_at,amount,currency,fx_rate,status,inquiry_external_id,id,number,total_base,customer_name",
    );
    const rows = records(text);
    // Oldest first.
    expect(rows.map((r) => r.external_id)).toEqual(["O-3", "O-4", "O-2", "O-1"]);
    expect(rows[3]).toEqual({
      external_id: "O-1",
      customer_external_id: "C-ACME",
      ordered_at: "2026-02-28T16:00:00.000Z",
      amount: "1234.50",
      currency: "EUR",
      fx_rate: "1.0850",
      status: "completed",
      inquiry_external_id: "AL-1",
      id: String(order("O-1").id),
      number: "SO-2026-00001",
      total_base: "1339.43",
      customer_name: "Acme GmbH",
    });
    expect(rows[1]).toMatchObject({ amount: "150000", currency: "JPY", total_base: "1005.00" });
  });

  it("exports what the list's filters select, newest first, page by page", () => {
    expectOk(importText(GOOD));
    for (let i = 0; i < 5; i++) expectOk(importText(csv(`P-${i},C-BORE,2026-01-${10 + i},1,,,,`)));
    const ids = (filter: Parameters<typeof orderExportRows>[1]) => [...orderExportRows(db, filter)].map((r) => r[0]);
    expect(ids({ filter: { q: "acme" }, pageSize: 1 })).toEqual(["O-1", "O-2"]);
    expect(ids({ filter: { status: "cancelled" } })).toEqual(["O-3"]);
    expect(ids({ filter: { customerId: customer("C-BORE").id }, pageSize: 2 })).toEqual([
      "P-4",
      "P-3",
      "P-2",
      "P-1",
      "P-0",
      "O-4",
      "O-3",
    ]);
    expect(ids({ filter: { from: new Date("2026-01-10T16:00:00.000Z"), to: new Date("2026-01-12T16:00:00.000Z") } })).toEqual([
      "P-2",
      "P-1",
    ]);
  });

  it("round-trips: customers and orders exported and imported into a fresh database are the same", async () => {
    expectOk(importText(GOOD));
    expectOk(importText(csv("O-5,C-ACME,2025-06-30T23:59:59.999+02:00,0.01,CNY,0.1390,deposit_paid,")));
    const customerText = await exportText(CUSTOMER_CSV_EXPORT_COLUMNS, customerExportRows(db));
    const orderText = await exportText(ORDER_CSV_EXPORT_COLUMNS, orderExportRows(db));
    const described = (target: DB) =>
      target
        .select()
        .from(orders)
        .orderBy(asc(orders.externalId))
        .all()
        .map(({ id: _id, number: _n, createdAt: _c, updatedAt: _u, customerId, inquiryId, ...rest }) => ({
          ...rest,
          customer: open.sqlite.prepare("select external_id from customers where id = ?").pluck().get(customerId),
          inquiry: inquiryId && open.sqlite.prepare("select external_id from inquiries where id = ?").pluck().get(inquiryId),
        }));
    const original = described(db);
    const figures = (target: DB) =>
      target
        .select({
          externalId: customers.externalId,
          ordersCount: customers.ordersCount,
          revenueTotalMinor: customers.revenueTotalMinor,
        })
        .from(customers)
        .orderBy(asc(customers.externalId))
        .all();
    const originalFigures = figures(db);

    open = createTestDb();
    db = open.db;
    insertUser(db, { email: "sam@team.example", name: "Sam", role: "sales", passwordHash: "x" });
    const at = new Date("2026-02-20T02:00:00Z");
    createInquiry(db, { externalId: "AL-1", channel: "alibaba", receivedAt: at });
    createInquiry(db, { externalId: "AL-2", channel: "alibaba", receivedAt: at });
    createInquiry(db, { externalId: "SPAM-1", channel: "email", receivedAt: at, status: "spam" });
    expect(importCustomersCsv(db, customerText, { now: NOW })).toMatchObject({ ok: true, created: 2 });
    expect(expectOk(importText(orderText))).toMatchObject({ created: 5, updated: 0 });
    expect(described(db)).toEqual(original);
    expect(figures(db)).toEqual(originalFigures);
  });
});

describe("crm import/export orders", () => {
  const { out, err, file } = captureCommandLine("crm-order-csv-");

  it("imports a good file and exits 0; --dry-run writes nothing", async () => {
    const path = file("good.csv", GOOD);
    expect(await run(["import", "orders", path, "--dry-run"])).toBe(0);
    expect(out[0]).toBe("Dry run: 4 orders valid (4 would be created, 0 would be updated); nothing was written.");
    expect(db.select().from(orders).all()).toEqual([]);
    expect(await run(["import", "orders", path])).toBe(0);
    expect(out[1]).toMatch(/^Imported 4 orders \(4 created, 0 updated\) in \d+ ms\.$/);
    expect(err).toEqual([]);
  });

  it("reports each bad row on stderr, imports nothing and exits 1", async () => {
    const path = file("bad.csv", csv("OK-1,C-ACME,2026-03-01,10,,,,", "BAD-1,C-ACME,2026-03-01,10.999,,,,"));
    expect(await run(["import", "orders", path])).toBe(1);
    expect(err).toEqual([
      "row 3, column amount: has 3 decimals but USD has 2 decimals",
      `crm: ${path}: 1 problem; nothing was imported`,
    ]);
    expect(db.select().from(orders).all()).toEqual([]);
  });

  it("exports CSV on standard output", async () => {
    expectOk(importText(GOOD));
    expect(await run(["export", "orders"])).toBe(0);
    const text = out.join("");
    expect(text.startsWith(`${ORDER_CSV_EXPORT_COLUMNS.join(",")}\n`)).toBe(true);
    expect(records(text)).toHaveLength(4);
  });
});

describe("at scale", () => {
  /** ~2,400 customers and ~7,000 orders, as in the acceptance test; see the README for timings. */
  function scaleFiles(customerCount: number, orderCount: number) {
    const customerRows = [
      ["external_id", "name", "country", "industry", "owner_email", "contact_name", "email", "phone", "created_at"],
    ];
    for (let i = 0; i < customerCount; i++) {
      customerRows.push([
        `SC-${i}`,
        `Scale Customer ${i} Ltd`,
        ["DE", "US", "CN", "GB"][i % 4]!,
        "Hardware",
        "sam@team.example",
        `Buyer ${i}`,
        `buyer${i}@scale.example`,
        `+49 30 ${i}`,
        `2023-${String(1 + (i % 12)).padStart(2, "0")}-15`,
      ]);
    }
    const orderRows = [["external_id", "customer_external_id", "ordered_at", "amount", "currency", "fx_rate", "status"]];
    for (let i = 0; i < orderCount; i++) {
      const eur = i % 3 === 0;
      orderRows.push([
        `SO-${i}`,
        `SC-${(i * 7) % customerCount}`,
        `2025-${String(1 + (i % 12)).padStart(2, "0")}-${String(1 + (i % 28)).padStart(2, "0")}`,
        `${1000 + i}.${String(i % 100).padStart(2, "0")}`,
        eur ? "EUR" : "USD",
        eur ? "1.0850" : "",
        i % 19 === 0 ? "cancelled" : "completed",
      ]);
    }
    return { customers: csvLines(customerRows), orders: csvLines(orderRows) };
  }

  it("imports 2,400 customers and 7,000 orders, then re-imports them unchanged", () => {
    const files = scaleFiles(2400, 7000);
    expect(importCustomersCsv(db, files.customers, { now: NOW })).toMatchObject({ ok: true, created: 2400 });
    expect(importText(files.orders)).toMatchObject({ ok: true, created: 7000 });
    const live = open.sqlite
      .prepare("select count(*) from orders where status != 'cancelled' and external_id like 'SO-%'")
      .pluck()
      .get();
    expect(open.sqlite.prepare("select sum(orders_count) from customers where external_id like 'SC-%'").pluck().get()).toBe(live);
    expect(importText(files.orders)).toMatchObject({ ok: true, created: 0, updated: 7000, unchanged: 7000 });
  }, 60_000);
});
