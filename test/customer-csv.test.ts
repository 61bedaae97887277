import { asc, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
// The app's zod config turns default messages into catalog keys; CSV messages must stay English.
import "~/schemas/form";
import { customerExportRows, importCustomersCsv, tierReasonForExport } from "~/models/customer-csv.server";
import { CUSTOMER_CSV_EXPORT_COLUMNS } from "~/schemas/customer-csv";
import { parseCsv, writeCsv, type CsvSink } from "~/utils/csv.server";
import type { DB, OpenDatabase } from "~db/client.server";
import { createContact, createCustomer, insertUser, type User } from "~db/factories";
import { auditLog, contacts, customers, reminders } from "~db/schema";
import { run } from "../jobs/cli";
import { captureCommandLine, createTestDb } from "./helpers";

// Tuesday 10 March 2026, 12:00 in Asia/Shanghai (the default team time zone).
const NOW = new Date("2026-03-10T04:00:00.000Z");
const HEADER = "external_id,name,country,industry,owner_email,contact_name,email,phone,created_at";
const csv = (...lines: string[]) => [HEADER, ...lines].join("\n") + "\n";

let open: OpenDatabase;
let db: DB;
let sam: User;
let ann: User;

function seedPeople(target: DB) {
  sam = insertUser(target, { email: "sam@team.example", name: "Sam", role: "sales", passwordHash: "x" });
  ann = insertUser(target, { email: "ann@team.example", name: "Ann", role: "sales", active: false, passwordHash: "x" });
  insertUser(target, { email: "max@team.example", name: "Max", role: "manager", passwordHash: "x" });
  insertUser(target, { email: "lin@team.example", name: "Lin", role: "service", passwordHash: "x" });
}

const GOOD = csv(
  "C-ACME,Acme GmbH,de,Hardware wholesale,Sam@Team.example,Jonas Weber,Jonas@Acme.example,+49 30 1234567,2024-05-01",
  'C-BORE,"Borealis Oy, Helsinki",FI,,,,,,2024-06-01T09:30:00+03:00',
  "C-CHEN,陈氏五金有限公司,CN,五金,,陈明,,+86 574 8888 0000,",
);

const importText = (text: string | Uint8Array, options: { dryRun?: boolean; now?: Date } = {}) =>
  importCustomersCsv(db, text, { now: NOW, ...options });

function expectOk(result: ReturnType<typeof importText>) {
  if (!result.ok) throw new Error(`import refused:\n${result.problems.map((p) => JSON.stringify(p)).join("\n")}`);
  return result;
}

function problemsOf(result: ReturnType<typeof importText>) {
  if (result.ok) throw new Error("import was expected to fail");
  return result.problems.map((p) => (p.column ? `row ${p.row}, column ${p.column}: ${p.message}` : `row ${p.row}: ${p.message}`));
}

const snapshot = () => ({
  customers: open.sqlite.prepare("select * from customers order by id").all(),
  contacts: open.sqlite.prepare("select * from contacts order by id").all(),
});

const customer = (externalId: string) => db.select().from(customers).where(eq(customers.externalId, externalId)).get()!;
const contactsOf = (customerId: number) =>
  db.select().from(contacts).where(eq(contacts.customerId, customerId)).orderBy(asc(contacts.id)).all();

function exportText(target: DB, options: Parameters<typeof customerExportRows>[1] = {}): Promise<string> {
  const chunks: string[] = [];
  const sink: CsvSink = { write: (chunk) => (chunks.push(chunk), true), once: () => sink, on: () => sink, off: () => sink };
  return writeCsv(sink, CUSTOMER_CSV_EXPORT_COLUMNS, customerExportRows(target, options)).then(() => chunks.join(""));
}

function records(text: string) {
  const parsed = parseCsv(text, { columns: CUSTOMER_CSV_EXPORT_COLUMNS, required: [] });
  if (!parsed.ok) throw new Error("export is not readable CSV");
  return parsed.table.records.map((record) => record.values);
}

beforeEach(() => {
  open = createTestDb();
  db = open.db;
  seedPeople(db);
});

describe("import customers", () => {
  it("imports a good file with owners, first contacts and created_at", () => {
    expect(expectOk(importText(GOOD))).toEqual({ ok: true, dryRun: false, rows: 3, created: 3, updated: 0, unchanged: 0 });

    const acme = customer("C-ACME");
    expect(acme).toMatchObject({
      name: "Acme GmbH",
      country: "DE",
      industry: "Hardware wholesale",
      ownerId: sam.id,
      // A date is the start of that day in the team time zone (UTC+8).
      createdAt: new Date("2024-04-30T16:00:00.000Z"),
      updatedAt: NOW,
      // The tiers job decides; an import cannot know.
      tier: null,
      ordersCount: 0,
    });
    expect(contactsOf(acme.id)).toMatchObject([{ name: "Jonas Weber", email: "jonas@acme.example", phone: "+49 30 1234567" }]);

    const bore = customer("C-BORE");
    expect(bore).toMatchObject({
      name: "Borealis Oy, Helsinki",
      industry: null,
      ownerId: null,
      createdAt: new Date("2024-06-01T06:30:00.000Z"),
    });
    expect(contactsOf(bore.id)).toEqual([]);

    // No created_at: the time of the import. Unicode kept as it is.
    const chen = customer("C-CHEN");
    expect(chen).toMatchObject({ name: "陈氏五金有限公司", industry: "五金", createdAt: NOW });
    expect(contactsOf(chen.id)).toMatchObject([{ name: "陈明", email: null, phone: "+86 574 8888 0000" }]);
  });

  it("accepts a byte-order mark, CRLF line ends and header case", () => {
    const text = "\uFEFFExternal_ID,NAME,Country\r\nB-1,Bom Trading,gb\r\n\r\nB-2,Second Ltd,US\r\n";
    const bytes = Buffer.from(text, "utf8");
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(expectOk(importText(bytes)).created).toBe(2);
    expect(customer("B-1")).toMatchObject({ externalId: "B-1", name: "Bom Trading", country: "GB" });
  });

  it("reports every bad row with row and column, and imports nothing", () => {
    createCustomer(db, { externalId: "C-OLD", name: "Old Customer", ownerId: ann.id });
    const before = snapshot();
    const text = csv(
      "OK-1,Fine Ltd,DE,,,,,,",
      ",No Id Ltd,DE,,,,,,",
      "X-3,,UK,,,,,,",
      "X-4,Country Ltd,Germany,,nobody@team.example,,not-an-email,,",
      "X-5,Manager Owned,US,,max@team.example,,,,2026-02-30",
      "X-6,Service Owned,US,,lin@team.example,,,,03/01/2026",
      "X-7,Left Rep Ltd,US,,ann@team.example,,,,2026-03-01T10:00:00",
      `X-8,${"n".repeat(201)},US,,,,,,2026-03-11`,
      "OK-1,Twice Ltd,DE,,,,,,",
      // An inactive rep may stay the owner of the customer they own already.
      "C-OLD,Old Customer,US,,ann@team.example,,,,",
    );
    expect(problemsOf(importText(text))).toEqual([
      "row 3, column external_id: is required",
      "row 4, column name: is required",
      'row 4, column country: "UK" is not an ISO 3166-1 alpha-2 country code (did you mean GB?)',
      'row 5, column country: "Germany" is not an ISO 3166-1 alpha-2 country code, e.g. DE, US, CN',
      'row 5, column owner_email: no user has e-mail "nobody@team.example"',
      "row 5, column email: is not a valid e-mail address",
      'row 6, column created_at: "2026-02-30" is not a real date',
      'row 6, column owner_email: "max@team.example" is a manager user; only sales reps own customers',
      'row 7, column created_at: "03/01/2026" is not a date or timestamp, e.g. 2026-11-22 or 2026-11-22T08:15:30Z',
      'row 7, column owner_email: "lin@team.example" is a service user; only sales reps own customers',
      'row 8, column created_at: "2026-03-01T10:00:00" has no time zone offset; add Z (UTC) or an offset such as +08:00',
      'row 8, column owner_email: "ann@team.example" is no longer active; choose an active sales rep',
      "row 9, column name: is longer than 200 characters",
      "row 9, column created_at: 2026-03-11 is in the future",
      "row 10, column external_id: repeats row 2",
    ]);
    expect(snapshot()).toEqual(before);
    expect(db.select().from(auditLog).all()).toEqual([]);
  });

  it("refuses unknown and missing header columns", () => {
    expect(problemsOf(importText("external_id,nmae,country\nX,Y,DE\n"))).toEqual([
      'row 1: unknown column "nmae" (did you mean "name"?); the columns are: external_id, name, country, industry, owner_email, contact_name, email, phone, created_at',
      "row 1: missing required column: name",
    ]);
  });

  it("updates a customer found by external_id instead of duplicating it; empty cells keep what is stored", () => {
    const existing = createCustomer(db, {
      externalId: "C-ACME",
      name: "ACME",
      country: "AT",
      industry: "Tools",
      ownerId: sam.id,
      createdAt: new Date("2023-01-01T00:00:00Z"),
    });
    const first = createContact(db, { customerId: existing.id, name: "Old Buyer", email: "old@acme.example", phone: "1" });
    const second = createContact(db, { customerId: existing.id, name: "Jonas", email: "jonas@acme.example", phone: "2" });

    const later = new Date(NOW.getTime() + 60_000);
    const result = expectOk(
      importCustomersCsv(db, csv("C-ACME,Acme GmbH,DE,,,Jonas Weber,JONAS@acme.example,,"), { now: later }),
    );
    expect(result).toMatchObject({ rows: 1, created: 0, updated: 1, unchanged: 0 });
    expect(db.select().from(customers).where(eq(customers.externalId, "C-ACME")).all()).toHaveLength(1);
    expect(customer("C-ACME")).toMatchObject({
      id: existing.id,
      name: "Acme GmbH",
      country: "DE",
      industry: "Tools",
      ownerId: sam.id,
      createdAt: new Date("2023-01-01T00:00:00Z"),
      updatedAt: later,
    });
    // The contact with that e-mail is updated; the other one is left alone.
    expect(contactsOf(existing.id)).toMatchObject([
      { id: first.id, name: "Old Buyer", email: "old@acme.example", phone: "1" },
      { id: second.id, name: "Jonas Weber", email: "jonas@acme.example", phone: "2" },
    ]);

    // No e-mail match: the first contact takes the file's values.
    expectOk(importText(csv("C-ACME,Acme GmbH,,,,,new@acme.example,+49 1,")));
    expect(contactsOf(existing.id)).toMatchObject([
      { id: first.id, name: "Old Buyer", email: "new@acme.example", phone: "+49 1" },
      { id: second.id, name: "Jonas Weber" },
    ]);

    // A customer without contacts gets one, named after its e-mail when the file has no name.
    const bare = createCustomer(db, { externalId: "C-BARE", name: "Bare" });
    expectOk(importText(csv("C-BARE,Bare,,,,,buyer@bare.example,,")));
    expect(contactsOf(bare.id)).toMatchObject([{ name: "buyer@bare.example", email: "buyer@bare.example", phone: null }]);
  });

  it("changes nothing when the same file is imported again", () => {
    expectOk(importText(GOOD));
    const first = snapshot();
    const again = expectOk(importText(GOOD, { now: new Date(NOW.getTime() + 3_600_000) }));
    expect(again).toEqual({ ok: true, dryRun: false, rows: 3, created: 0, updated: 3, unchanged: 3 });
    expect(snapshot()).toEqual(first);
  });

  it("validates on a dry run and writes nothing", () => {
    const before = snapshot();
    expect(expectOk(importText(GOOD, { dryRun: true }))).toMatchObject({ dryRun: true, created: 3, updated: 0 });
    expect(snapshot()).toEqual(before);
    expect(db.select().from(auditLog).all()).toEqual([]);
  });

  it("records one audit entry per import run, with the counts", () => {
    expectOk(importCustomersCsv(db, GOOD, { now: NOW, userId: sam.id, fileName: "customers.csv" }));
    expectOk(importText(GOOD));
    const entries = db.select().from(auditLog).orderBy(asc(auditLog.id)).all();
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({
      entity: "import",
      entityId: "customers",
      action: "create",
      userId: sam.id,
      at: NOW,
      after: { kind: "customers", file: "customers.csv", rows: 3, created: 3, updated: 0, unchanged: 0 },
    });
    expect(entries[1]).toMatchObject({ userId: null, after: { rows: 3, created: 0, updated: 3, unchanged: 3 } });
  });

  it("moves a customer's open reminders to the owner the file names, and audits the change of owner", () => {
    expectOk(importText(GOOD));
    const acme = customer("C-ACME");
    const kim = insertUser(db, { email: "kim@team.example", name: "Kim", role: "sales", passwordHash: "x" });
    const reminder = (status: "open" | "snoozed" | "done", cycleKey: string) =>
      db
        .insert(reminders)
        .values({
          kind: "repurchase",
          customerId: acme.id,
          ownerId: sam.id,
          dueAt: NOW,
          status,
          reason: "Due",
          cycleKey,
          createdAt: NOW,
          updatedAt: NOW,
        })
        .returning()
        .get().id;
    const open = reminder("open", "2026-01-01");
    const snoozed = reminder("snoozed", "2026-02-01");
    const done = reminder("done", "2025-12-01");

    expectOk(
      importCustomersCsv(db, csv("C-ACME,Acme GmbH,DE,Hardware wholesale,kim@team.example,,,,"), { now: NOW, userId: sam.id }),
    );

    expect(customer("C-ACME").ownerId).toBe(kim.id);
    const ownerOf = (id: number) => db.select().from(reminders).where(eq(reminders.id, id)).get()!.ownerId;
    expect([ownerOf(open), ownerOf(snoozed), ownerOf(done)]).toEqual([kim.id, kim.id, sam.id]);
    const ownerEntries = db
      .select()
      .from(auditLog)
      .where(eq(auditLog.entity, "customer"))
      .all()
      .filter((entry) => entry.entityId === String(acme.id));
    expect(ownerEntries).toHaveLength(1);
    expect(ownerEntries[0]).toMatchObject({
      action: "update",
      userId: sam.id,
      before: { ownerId: sam.id },
      after: { ownerId: kim.id },
    });
  });
});

describe("export customers", () => {
  it("writes SPEC's columns, then the import columns; money in base major units; reasons in English", async () => {
    expectOk(importText(GOOD));
    const acme = customer("C-ACME");
    db.update(customers)
      .set({
        tier: "high_value",
        tierReason: JSON.stringify({
          code: "top_revenue",
          revenueMinor: 18_240_000,
          orders: 7,
          thresholdMinor: 5_000_000,
          topPercent: 20,
          minOrders: 2,
        }),
        ordersCount: 7,
        firstOrderAt: new Date("2025-01-02T03:04:05.006Z"),
        lastOrderAt: new Date("2026-02-01T00:00:00.000Z"),
        revenue12mMinor: 18_240_000,
        revenueTotalMinor: 123_456_789,
        recencyDays: 37,
        frequency: 7,
        monetaryMinor: 5,
        pAlive: 0.8125,
        expectedOrders365d: 3.5,
        expectedOrderValueMinor: 260_571,
        predictedClv12mMinor: 912_000,
      })
      .where(eq(customers.id, acme.id))
      .run();
    db.update(customers).set({ tierReason: "Dormant since the move" }).where(eq(customers.externalId, "C-BORE")).run();

    const text = await exportText(db);
    expect(text.split("\n")[0]).toBe(
      "external_id,id,name,country,industry,owner_email,tier,tier_reason,first_order_at,last_order_at,orders_count," +
        "revenue_12m,revenue_total,recency_days,frequency,monetary,p_alive,expected_orders_365d,expected_order_value," +
        "predicted_clv_12m,contact_name,email,phone,created_at",
    );
    const rows = records(text);
    expect(rows.map((r) => r.external_id)).toEqual(["C-ACME", "C-BORE", "C-CHEN"]);
    expect(rows[0]).toEqual({
      external_id: "C-ACME",
      id: String(acme.id),
      name: "Acme GmbH",
      country: "DE",
      industry: "Hardware wholesale",
      owner_email: "sam@team.example",
      tier: "high_value",
      tier_reason: "Top 20% by 12-month revenue: 182,400 USD over 7 orders",
      first_order_at: "2025-01-02T03:04:05.006Z",
      last_order_at: "2026-02-01T00:00:00.000Z",
      orders_count: "7",
      revenue_12m: "182400.00",
      revenue_total: "1234567.89",
      recency_days: "37",
      frequency: "7",
      monetary: "0.05",
      p_alive: "0.8125",
      expected_orders_365d: "3.5",
      expected_order_value: "2605.71",
      predicted_clv_12m: "9120.00",
      contact_name: "Jonas Weber",
      email: "jonas@acme.example",
      phone: "+49 30 1234567",
      created_at: "2024-04-30T16:00:00.000Z",
    });
    // Until the jobs fill them, the computed columns are present and empty.
    expect(rows[1]).toMatchObject({
      tier: "",
      tier_reason: "Dormant since the move",
      first_order_at: "",
      orders_count: "0",
      revenue_12m: "0.00",
      recency_days: "",
      monetary: "",
      p_alive: "",
      predicted_clv_12m: "",
      contact_name: "",
    });
  });

  it("words stored reasons as plain English, whatever their form", () => {
    expect(tierReasonForExport(null, "USD")).toBeNull();
    expect(tierReasonForExport("Manual tier", "USD")).toBe("Manual tier");
    expect(
      tierReasonForExport(
        JSON.stringify({ code: "dormant_inactive", lastOrderOn: "2025-06-01", days: 200, dormantAfterDays: 180 }),
        "USD",
      ),
    ).toBe("Dormant: last order on 2025-06-01, 200 days ago (more than 180 days)");
    expect(tierReasonForExport(JSON.stringify({ code: "vip_by_hand", by: "Max" }), "USD")).toBe("vip by hand (by Max)");
    expect(tierReasonForExport("[1,2]", "USD")).toBe("[1,2]");
  });

  it("exports exactly the given customers in the given order, page by page", () => {
    for (let i = 0; i < 7; i++) createCustomer(db, { externalId: `P-${i}`, name: `Page ${i}` });
    const ids = db
      .select({ id: customers.id })
      .from(customers)
      .all()
      .map((r) => r.id);
    const chosen = [ids[5]!, ids[0]!, ids[3]!];
    expect([...customerExportRows(db, { ids: chosen, pageSize: 2 })].map((r) => r[1])).toEqual(chosen);
    expect([...customerExportRows(db, { pageSize: 3 })].map((r) => r[1])).toEqual(ids);
  });

  it("round-trips: an export imported into a fresh database gives the same customers and contacts", async () => {
    expectOk(importText(GOOD));
    expectOk(
      importText(csv('C-QUOTE,"Comma, ""Quotes"" & Co",US,,sam@team.example,"Line 1\nLine 2",,,2025-12-31T23:59:59.999Z')),
    );
    const exported = await exportText(db);
    const described = (target: DB) =>
      target
        .select()
        .from(customers)
        .orderBy(asc(customers.externalId))
        .all()
        .map(({ id, updatedAt: _u, ownerId, ...rest }) => ({
          ...rest,
          owner: ownerId && open.sqlite.prepare("select email from users where id = ?").pluck().get(ownerId),
          contacts: contactsOf(id).map(({ name, email, phone }) => ({ name, email, phone })),
        }));
    const original = described(db);

    open = createTestDb();
    db = open.db;
    seedPeople(db);
    expect(expectOk(importText(exported))).toMatchObject({ created: 4, updated: 0 });
    expect(described(db)).toEqual(original);
    // And importing it again into the database it came from changes nothing.
    expect(expectOk(importText(exported))).toMatchObject({ created: 0, updated: 4, unchanged: 4 });
  });
});

describe("crm import/export customers", () => {
  const { out, err, file } = captureCommandLine("crm-customer-csv-");

  it("imports, validates with --dry-run, and updates on a second run", async () => {
    const path = file("good.csv", GOOD);
    expect(await run(["import", "customers", path, "--dry-run"])).toBe(0);
    expect(out[0]).toBe("Dry run: 3 customers valid (3 would be created, 0 would be updated); nothing was written.");
    expect(db.select().from(customers).all()).toEqual([]);
    expect(await run(["import", "customers", path])).toBe(0);
    expect(out[1]).toMatch(/^Imported 3 customers \(3 created, 0 updated\) in \d+ ms\.$/);
    expect(await run(["import", "customers", path])).toBe(0);
    expect(out[2]).toMatch(/^Imported 3 customers \(0 created, 3 updated\) in \d+ ms\.$/);
    expect(
      db
        .select()
        .from(auditLog)
        .all()
        .map((entry) => entry.after),
    ).toMatchObject([{ file: "good.csv" }, { file: "good.csv" }]);
    expect(err).toEqual([]);
  });

  it("reports each bad row on stderr, imports nothing and exits 1", async () => {
    const path = file("bad.csv", csv("OK-1,Fine,DE,,,,,,", "BAD-1,Bad,XX,,,,,,"));
    expect(await run(["import", "customers", path])).toBe(1);
    expect(err).toEqual([
      'row 3, column country: "XX" is not an ISO 3166-1 alpha-2 country code, e.g. DE, US, CN',
      `crm: ${path}: 1 problem; nothing was imported`,
    ]);
    expect(db.select().from(customers).all()).toEqual([]);
  });

  it("refuses a missing file argument with exit 2", async () => {
    expect(await run(["import", "customers"])).toBe(2);
    expect(err).toEqual(["crm: import customers takes exactly one FILE"]);
  });

  it("exports CSV on standard output", async () => {
    expectOk(importText(GOOD));
    expect(await run(["export", "customers"])).toBe(0);
    const text = out.join("");
    expect(text.startsWith(`${CUSTOMER_CSV_EXPORT_COLUMNS.join(",")}\n`)).toBe(true);
    expect(records(text)).toHaveLength(3);
    expect(err).toEqual([]);
  });
});
