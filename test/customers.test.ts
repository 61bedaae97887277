/**
 * The customer routes, called the way Remix calls them: the list (/customers), creating
 * (/customers/new), editing (/customers/:id/edit) and the customer page (/customers/:id) with its
 * contact intents.
 *
 * The routes read the clock themselves, so Date is frozen at Monday 2026-11-23 10:30:00 Shanghai
 * (= 02:30:00Z); the team time zone is the default Asia/Shanghai. Only Date is faked.
 */
import { and, count, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  channelId,
  createContact,
  createCustomer,
  createInquiry,
  createOrder,
  createQuote,
  createUser,
  type Customer,
  type User,
} from "~db/factories";
import { auditLog, contacts, customers, reminders } from "~db/schema";
import type { OpenDatabase } from "~db/client.server";
import { changeCustomerOwner, customerTimeline, refreshCustomerFigures } from "~/models/customer.server";
import * as list from "~/routes/customers._index";
import * as create from "~/routes/customers.new";
import * as page from "~/routes/customers.$customerId";
import * as edit from "~/routes/customers.$customerId_.edit";
import { createTestDb, formRequest, getRequest, loaderArgs, respond, sessionCookieFor } from "./helpers";

const sh = (local: string) => new Date(`${local}+08:00`);
const DAY = 24 * 60 * 60 * 1000;
const daysBefore = (at: Date, days: number) => new Date(at.getTime() - days * DAY);

// Monday 2026-11-23 10:30:00 Shanghai = 2026-11-23T02:30:00Z. Team day D = 2026-11-23.
const NOW = sh("2026-11-23T10:30:00");
const TEAM = { now: NOW, timeZone: "Asia/Shanghai" };

let database: OpenDatabase;
let svc: User;
let rep: User;
let rep2: User;
let boss: User;

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
  database = createTestDb();
  svc = await createUser(database.db, { email: "svc@example.com", name: "Svc", role: "service" });
  rep = await createUser(database.db, { email: "rep@example.com", name: "Rita Rep", role: "sales" });
  rep2 = await createUser(database.db, { email: "rep2@example.com", name: "Sam Sales", role: "sales" });
  boss = await createUser(database.db, { email: "boss@example.com", name: "Boss", role: "manager" });
  await createUser(database.db, { email: "root@example.com", name: "Root", role: "admin" });
});

afterEach(() => {
  vi.useRealTimers();
});

type Who = "svc" | "rep" | "rep2" | "boss" | "root";

async function signIn(who: Who) {
  return sessionCookieFor(`${who}@example.com`);
}

const loadList = (cookie: string, search = "") =>
  respond(() => list.loader(loaderArgs(getRequest(`/customers${search}`, cookie))));
const postNew = (cookie: string, fields: Record<string, string>) =>
  respond(() => create.action(loaderArgs(formRequest("/customers/new", fields, { cookie }))));
const loadPage = (cookie: string, id: string) =>
  respond(() => page.loader(loaderArgs(getRequest(`/customers/${id}`, cookie), { customerId: id })));
const postPage = (cookie: string, id: string, fields: Record<string, string>) =>
  respond(() => page.action(loaderArgs(formRequest(`/customers/${id}`, fields, { cookie }), { customerId: id })));
const loadEdit = (cookie: string, id: string) =>
  respond(() => edit.loader(loaderArgs(getRequest(`/customers/${id}/edit`, cookie), { customerId: id })));
const postEdit = (cookie: string, id: string, fields: Record<string, string>) =>
  respond(() => edit.action(loaderArgs(formRequest(`/customers/${id}/edit`, fields, { cookie }), { customerId: id })));

type Row = {
  id: number;
  name: string;
  ordersCount: number;
  revenue12mMinor: number;
  revenueTotalMinor: number;
  lastOrderAt: string | null;
};

async function names(cookie: string, search: string): Promise<string[]> {
  const response = await loadList(cookie, search);
  expect(response.status, search).toBe(200);
  return ((await response.json()).page.rows as Row[]).map((row) => row.name);
}

const customerRow = (id: number) => database.db.select().from(customers).where(eq(customers.id, id)).get()!;
const customerCount = () => database.db.select({ n: count() }).from(customers).get()!.n;
const contactsOf = (id: number) =>
  database.db.select().from(contacts).where(eq(contacts.customerId, id)).orderBy(contacts.id).all();
const customerAudit = (id: number) =>
  database.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entity, "customer"), eq(auditLog.entityId, String(id))))
    .orderBy(auditLog.id)
    .all();

// ---------------------------------------------------------------------------------------------
// The list: filters, search, sorting, pagination
// ---------------------------------------------------------------------------------------------

describe("customer list /customers: filters and search", () => {
  let acme: Customer;
  let berlin: Customer;
  let cotton: Customer;

  beforeEach(() => {
    const db = database.db;
    acme = createCustomer(db, {
      name: "Acme GmbH",
      country: "DE",
      industry: "Machinery",
      tier: "growing",
      ownerId: rep.id,
      externalId: "ALI-001",
    });
    berlin = createCustomer(db, {
      name: "Berlin Tools AG",
      country: "DE",
      industry: "Tools",
      tier: "high_value",
      ownerId: rep2.id,
      externalId: "AB_12",
    });
    cotton = createCustomer(db, {
      name: "Cotton 100% Ltd",
      country: "GB",
      industry: "Textiles",
      tier: "new",
      ownerId: rep.id,
      externalId: "ABX12",
    });
    createCustomer(db, {
      name: "Cotton 1000 Ltd",
      country: "GB",
      industry: "Textiles",
      tier: null,
      ownerId: null,
      externalId: null,
    });
    const delta = createCustomer(db, {
      name: "Delta Imports",
      country: "US",
      industry: "Machinery",
      tier: "dormant",
      ownerId: rep2.id,
    });
    createContact(db, { customerId: acme.id, name: "Jonas Weber", email: "jonas@acme.example" });
    createContact(db, { customerId: delta.id, name: "Maria Lopez", email: "maria@delta.example" });
    expect(berlin.id).toBeGreaterThan(acme.id);
    expect(cotton.id).toBeGreaterThan(berlin.id);
  });

  it("is open to all four roles", async () => {
    for (const who of ["svc", "rep", "boss", "root"] as const) {
      expect((await loadList(await signIn(who))).status, who).toBe(200);
    }
  });

  it("narrows by tier, owner, country and industry, each on its own", async () => {
    const cookie = await signIn("svc");
    // sort=name: case-insensitive by name, so each expectation is in alphabetical order.
    expect(await names(cookie, "?sort=name&tier=growing")).toEqual(["Acme GmbH"]);
    expect(await names(cookie, "?sort=name&tier=high_value")).toEqual(["Berlin Tools AG"]);
    expect(await names(cookie, "?sort=name&tier=none")).toEqual(["Cotton 1000 Ltd"]);
    expect(await names(cookie, `?sort=name&owner=${rep.id}`)).toEqual(["Acme GmbH", "Cotton 100% Ltd"]);
    expect(await names(cookie, `?sort=name&owner=${rep2.id}`)).toEqual(["Berlin Tools AG", "Delta Imports"]);
    expect(await names(cookie, "?sort=name&owner=none")).toEqual(["Cotton 1000 Ltd"]);
    // The country is read in any case.
    expect(await names(cookie, "?sort=name&country=de")).toEqual(["Acme GmbH", "Berlin Tools AG"]);
    expect(await names(cookie, "?sort=name&country=GB")).toEqual(["Cotton 100% Ltd", "Cotton 1000 Ltd"]);
    expect(await names(cookie, "?sort=name&industry=Machinery")).toEqual(["Acme GmbH", "Delta Imports"]);
    // No filter: all five.
    expect(await names(cookie, "?sort=name")).toEqual([
      "Acme GmbH",
      "Berlin Tools AG",
      "Cotton 100% Ltd",
      "Cotton 1000 Ltd",
      "Delta Imports",
    ]);
  });

  it("reads owner=me as the signed-in rep", async () => {
    expect(await names(await signIn("rep"), "?sort=name&owner=me")).toEqual(["Acme GmbH", "Cotton 100% Ltd"]);
    expect(await names(await signIn("rep2"), "?sort=name&owner=me")).toEqual(["Berlin Tools AG", "Delta Imports"]);
  });

  it("combines filters (all must hold)", async () => {
    const cookie = await signIn("rep");
    expect(await names(cookie, `?sort=name&country=DE&owner=${rep.id}`)).toEqual(["Acme GmbH"]);
    expect(await names(cookie, "?sort=name&industry=Textiles&tier=new")).toEqual(["Cotton 100% Ltd"]);
    expect(await names(cookie, "?sort=name&industry=Machinery&country=US&tier=dormant")).toEqual(["Delta Imports"]);
    expect(await names(cookie, "?sort=name&country=GB&tier=growing")).toEqual([]);
    expect(await names(cookie, "?sort=name&q=cotton&country=GB")).toEqual(["Cotton 100% Ltd", "Cotton 1000 Ltd"]);
    expect(await names(cookie, "?sort=name&q=cotton&tier=new")).toEqual(["Cotton 100% Ltd"]);
    const empty = await (await loadList(cookie, "?country=GB&tier=growing")).json();
    expect(empty.page.total).toBe(0);
  });

  it("searches name, external id, contact name and contact e-mail, case-insensitively", async () => {
    const cookie = await signIn("svc");
    expect(await names(cookie, "?sort=name&q=ACME")).toEqual(["Acme GmbH"]);
    expect(await names(cookie, "?sort=name&q=ali-001")).toEqual(["Acme GmbH"]);
    expect(await names(cookie, "?sort=name&q=weber")).toEqual(["Acme GmbH"]);
    expect(await names(cookie, "?sort=name&q=maria%40delta")).toEqual(["Delta Imports"]);
    expect(await names(cookie, "?sort=name&q=lopez")).toEqual(["Delta Imports"]);
    expect(await names(cookie, "?sort=name&q=nobody-like-this")).toEqual([]);
  });

  it("takes % and _ in the search text literally", async () => {
    const cookie = await signIn("svc");
    // "100%" as a LIKE pattern would also match "Cotton 1000 Ltd"; literally only the first.
    expect(await names(cookie, "?sort=name&q=100%25")).toEqual(["Cotton 100% Ltd"]);
    // "%" alone would match everyone.
    expect(await names(cookie, "?sort=name&q=%25")).toEqual(["Cotton 100% Ltd"]);
    // "B_1" as a pattern would also match external id "ABX12"; literally only "AB_12".
    expect(await names(cookie, "?sort=name&q=B_1")).toEqual(["Berlin Tools AG"]);
    expect(await names(cookie, "?sort=name&q=_")).toEqual(["Berlin Tools AG"]);
  });

  it("ignores unreadable filter values instead of failing", async () => {
    const all = await names(await signIn("svc"), "?sort=bogus&tier=gold&owner=someone&country=Germany&page=zero");
    expect(all).toHaveLength(5);
  });

  it("offers the filter options: countries, industries and the active sales reps", async () => {
    await createUser(database.db, { email: "gone@example.com", name: "Gone Rep", role: "sales", active: false });
    const body = await (await loadList(await signIn("svc"))).json();
    expect(body.options.countries).toEqual(["DE", "GB", "US"]);
    expect(body.options.industries).toEqual(["Machinery", "Textiles", "Tools"]);
    expect(body.options.owners).toEqual([
      { id: rep.id, name: "Rita Rep" },
      { id: rep2.id, name: "Sam Sales" },
    ]);
  });
});

describe("customer list /customers: sorting by figures", () => {
  let alpha: Customer;
  let beta: Customer;
  let gamma: Customer;
  let delta: Customer;

  beforeEach(() => {
    const db = database.db;
    alpha = createCustomer(db, { name: "Alpha Hardware" });
    beta = createCustomer(db, { name: "Beta Fittings" });
    gamma = createCustomer(db, { name: "Gamma Locks" });
    delta = createCustomer(db, { name: "Delta Hinges" });

    // Alpha: 500.00 USD ten days ago, and 700.00 USD 366 days ago (team day D − 366: outside
    // "0 ≤ D − d < 365", so in the total but not in the 12 months).
    createOrder(db, { customerId: alpha.id, orderedAt: daysBefore(NOW, 10), totalMinor: 50_000, status: "completed" });
    createOrder(db, { customerId: alpha.id, orderedAt: daysBefore(NOW, 366), totalMinor: 70_000, status: "completed" });
    // Beta: 800.00 USD 100 days ago; plus the two edges of the 12-month window. D − 364 is
    // 2025-11-24 (2026-11-23 − 365 days = 2025-11-23, no 29 February in between): an order at
    // its first instant, 00:00 Shanghai, counts; one a minute earlier (day D − 365) does not.
    createOrder(db, { customerId: beta.id, orderedAt: daysBefore(NOW, 100), totalMinor: 80_000, status: "shipped" });
    createOrder(db, { customerId: beta.id, orderedAt: sh("2025-11-24T00:00:00"), totalMinor: 10_000, status: "completed" });
    createOrder(db, { customerId: beta.id, orderedAt: sh("2025-11-23T23:59:00"), totalMinor: 20_000, status: "completed" });
    // Gamma: 600.00 EUR 30 days ago at 1.0850 → 60 000 × 1.085 = 65 100 US cents exactly.
    createOrder(db, {
      customerId: gamma.id,
      orderedAt: daysBefore(NOW, 30),
      currency: "EUR",
      fxRate: "1.0850",
      totalMinor: 60_000,
    });
    // Delta: only a cancelled order yesterday, 9 000.00 USD; cancelled orders count nowhere.
    createOrder(db, {
      customerId: delta.id,
      orderedAt: daysBefore(NOW, 1),
      totalMinor: 900_000,
      status: "cancelled",
      cancelReason: "Duplicate",
    });

    refreshCustomerFigures(db, TEAM);
  });

  it("keeps each customer's order figures, without cancelled orders", () => {
    // Alpha: 2 orders; total 50 000 + 70 000 = 120 000; 12 months 50 000.
    expect(customerRow(alpha.id)).toMatchObject({ ordersCount: 2, revenueTotalMinor: 120_000, revenue12mMinor: 50_000 });
    expect(customerRow(alpha.id).lastOrderAt).toEqual(daysBefore(NOW, 10));
    expect(customerRow(alpha.id).firstOrderAt).toEqual(daysBefore(NOW, 366));
    // Beta: 3 orders; total 80 000 + 10 000 + 20 000 = 110 000; 12 months 80 000 + 10 000 = 90 000.
    expect(customerRow(beta.id)).toMatchObject({ ordersCount: 3, revenueTotalMinor: 110_000, revenue12mMinor: 90_000 });
    // Gamma: one EUR order worth 65 100 in base currency.
    expect(customerRow(gamma.id)).toMatchObject({ ordersCount: 1, revenueTotalMinor: 65_100, revenue12mMinor: 65_100 });
    // Delta: nothing (its only order is cancelled).
    expect(customerRow(delta.id)).toMatchObject({
      ordersCount: 0,
      revenueTotalMinor: 0,
      revenue12mMinor: 0,
      lastOrderAt: null,
      firstOrderAt: null,
    });
  });

  it("sorts by 12-month revenue, highest first (the default)", async () => {
    const cookie = await signIn("boss");
    // Beta 90 000 > Gamma 65 100 > Alpha 50 000 > Delta 0.
    const expected = ["Beta Fittings", "Gamma Locks", "Alpha Hardware", "Delta Hinges"];
    expect(await names(cookie, "?sort=revenue")).toEqual(expected);
    expect(await names(cookie, "")).toEqual(expected);
    const rows = (await (await loadList(cookie)).json()).page.rows as Row[];
    expect(rows.map((row) => row.revenue12mMinor)).toEqual([90_000, 65_100, 50_000, 0]);
    expect(rows.map((row) => row.ordersCount)).toEqual([3, 1, 2, 0]);
  });

  it("sorts by last order, most recent first, customers without orders last", async () => {
    // Alpha 10 days ago, Gamma 30, Beta 100; Delta has none (its cancelled order of yesterday does not count).
    expect(await names(await signIn("boss"), "?sort=lastOrder")).toEqual([
      "Alpha Hardware",
      "Gamma Locks",
      "Beta Fittings",
      "Delta Hinges",
    ]);
  });
});

describe("customer list /customers: pagination", () => {
  it("pages 50 at a time and counts the total over the filter", async () => {
    for (let n = 1; n <= 55; n++) {
      createCustomer(database.db, { name: `Paris Buyer ${String(n).padStart(2, "0")}`, country: "FR" });
    }
    for (let n = 1; n <= 7; n++) createCustomer(database.db, { name: `Oslo Buyer ${n}`, country: "NO" });
    const cookie = await signIn("svc");

    const first = (await (await loadList(cookie, "?country=FR&sort=name")).json()).page;
    expect(first).toMatchObject({ total: 55, page: 1, pages: 2, pageSize: 50 });
    expect(first.rows).toHaveLength(50);
    expect(first.rows[0].name).toBe("Paris Buyer 01");
    expect(first.rows[49].name).toBe("Paris Buyer 50");

    const second = (await (await loadList(cookie, "?country=FR&sort=name&page=2")).json()).page;
    expect(second).toMatchObject({ total: 55, page: 2, pages: 2 });
    expect((second.rows as Row[]).map((row) => row.name)).toEqual([
      "Paris Buyer 51",
      "Paris Buyer 52",
      "Paris Buyer 53",
      "Paris Buyer 54",
      "Paris Buyer 55",
    ]);

    // Beyond the last page: the last page.
    const beyond = (await (await loadList(cookie, "?country=FR&sort=name&page=9")).json()).page;
    expect(beyond).toMatchObject({ total: 55, page: 2 });
    expect(beyond.rows).toHaveLength(5);

    // Another filter, another total: 7 fit on one page.
    const oslo = (await (await loadList(cookie, "?country=NO")).json()).page;
    expect(oslo).toMatchObject({ total: 7, page: 1, pages: 1 });
    // No filter: 55 + 7 = 62.
    expect((await (await loadList(cookie)).json()).page).toMatchObject({ total: 62, pages: 2 });
  });
});

// ---------------------------------------------------------------------------------------------
// Creating
// ---------------------------------------------------------------------------------------------

describe("new customer /customers/new", () => {
  const valid = () => ({
    name: "Nordic Fasteners AB",
    country: "se",
    industry: "Fasteners",
    website: "https://nordic.example",
    externalId: "CRM-900",
    ownerId: String(rep.id),
    sourceChannelId: String(channelId(database.db, "trade_show")),
    notes: "Met at Canton Fair",
    contactName: "Erik Lund",
    contactEmail: "Erik.Lund@Nordic.example",
    contactPhone: "+46 8 123 456",
    contactTitle: "Head of Purchasing",
  });

  it("lets every role create a customer (SPEC §8)", async () => {
    for (const who of ["svc", "rep", "boss", "root"] as const) {
      const cookie = await signIn(who);
      expect((await respond(() => create.loader(loaderArgs(getRequest("/customers/new", cookie))))).status, who).toBe(200);
      const response = await postNew(cookie, { name: `Made by ${who}` });
      expect(response.status, who).toBe(302);
    }
    expect(customerCount()).toBe(4);
  });

  it("proposes the signed-in rep as owner, and sends visitors to sign in", async () => {
    const visitor = await respond(() => create.loader(loaderArgs(getRequest("/customers/new"))));
    expect(visitor.status).toBe(302);
    expect(visitor.headers.get("Location")).toBe("/login?redirectTo=%2Fcustomers%2Fnew");
    const repCookie = await signIn("rep");
    const body = await (await respond(() => create.loader(loaderArgs(getRequest("/customers/new", repCookie))))).json();
    expect(body.defaults).toEqual({ ownerId: String(rep.id) });
    // Only active sales reps can own customers.
    expect(body.owners).toEqual([
      { id: rep.id, name: "Rita Rep" },
      { id: rep2.id, name: "Sam Sales" },
    ]);
    const bossCookie = await signIn("boss");
    const asManager = await (await respond(() => create.loader(loaderArgs(getRequest("/customers/new", bossCookie))))).json();
    expect(asManager.defaults).toEqual({ ownerId: "" });
  });

  it("creates the customer with its first contact, tier new, and an audit entry", async () => {
    const response = await postNew(await signIn("svc"), valid());
    expect(response.status).toBe(302);
    const id = Number(/^\/customers\/(\d+)$/.exec(response.headers.get("Location") ?? "")?.[1]);
    expect(id).toBeGreaterThan(0);
    expect(customerRow(id)).toMatchObject({
      name: "Nordic Fasteners AB",
      country: "SE",
      industry: "Fasteners",
      website: "https://nordic.example",
      externalId: "CRM-900",
      ownerId: rep.id,
      sourceChannelId: channelId(database.db, "trade_show"),
      notes: "Met at Canton Fair",
      tier: "new",
      ordersCount: 0,
    });
    expect(customerRow(id).createdAt).toEqual(NOW);
    expect(contactsOf(id)).toMatchObject([
      { name: "Erik Lund", email: "erik.lund@nordic.example", phone: "+46 8 123 456", title: "Head of Purchasing" },
    ]);

    const entries = customerAudit(id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: "create", userId: svc.id, before: null });
    expect(entries[0]!.at).toEqual(NOW);
    expect(entries[0]!.after).toEqual({
      name: "Nordic Fasteners AB",
      country: "SE",
      industry: "Fasteners",
      website: "https://nordic.example",
      externalId: "CRM-900",
      ownerId: rep.id,
      sourceChannelId: channelId(database.db, "trade_show"),
      notes: "Met at Canton Fair",
    });
  });

  it("creates a customer without a contact when no contact is given", async () => {
    const response = await postNew(await signIn("svc"), { name: "Just A Name" });
    expect(response.status).toBe(302);
    const id = Number(response.headers.get("Location")!.split("/").pop());
    expect(customerRow(id)).toMatchObject({ name: "Just A Name", country: null, ownerId: null, externalId: null });
    expect(contactsOf(id)).toEqual([]);
  });

  it("makes a sales rep's new customer theirs, without offering the owner menu (SPEC §8)", async () => {
    const cookie = await signIn("rep");
    const form = await (await respond(() => create.loader(loaderArgs(getRequest("/customers/new", cookie))))).json();
    expect(form).toMatchObject({ ownerEditable: false, ownerName: "Rita Rep" });
    const response = await postNew(cookie, { name: "Mine Ltd" });
    expect(response.status).toBe(302);
    const id = Number(response.headers.get("Location")!.split("/").pop());
    expect(customerRow(id).ownerId).toBe(rep.id);
    expect(customerAudit(id)[0]!.after).toMatchObject({ ownerId: rep.id });
  });

  it("refuses a sales rep's crafted post that gives the new customer to someone else: 403, nothing saved", async () => {
    const cookie = await signIn("rep");
    for (const ownerId of [String(rep2.id), ""]) {
      const response = await postNew(cookie, { name: "Someone Else's Ltd", ownerId });
      expect(response.status, ownerId).toBe(403);
      expect((await response.json()).errors, ownerId).toEqual({ ownerId: ["customers.errors.ownerNotYours"] });
    }
    expect(customerCount()).toBe(0);
    // Naming themselves is what the form would have done anyway.
    expect((await postNew(cookie, { name: "Own Ltd", ownerId: String(rep.id) })).status).toBe(302);
  });

  it("answers 400 with an error per field and keeps what was typed", async () => {
    const fields = {
      ...valid(),
      name: "  ",
      country: "Sweden",
      website: "w".repeat(201),
      contactEmail: "not-an-email",
    };
    const response = await postNew(await signIn("rep"), fields);
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.errors).toEqual({
      name: ["errors.required"],
      country: ["errors.country"],
      website: ['errors.tooLong|{"maximum":200}'],
      contactEmail: ["errors.email"],
    });
    expect(body.values).toEqual(fields);
    expect(customerCount()).toBe(0);
  });

  it("asks for the contact's name when an e-mail is given", async () => {
    const fields = { name: "Contactless Ltd", contactEmail: "someone@contactless.example" };
    const response = await postNew(await signIn("rep"), fields);
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.errors).toEqual({ contactName: ["errors.required"] });
    expect(body.values).toEqual(fields);
    expect(customerCount()).toBe(0);
  });

  it("accepts only an active sales rep as owner", async () => {
    const gone = await createUser(database.db, { email: "gone@example.com", name: "Gone Rep", role: "sales", active: false });
    const cookie = await signIn("boss");
    for (const [label, ownerId] of [
      ["service user", svc.id],
      ["manager", boss.id],
      ["inactive sales rep", gone.id],
      ["unknown user", 99_999],
    ] as const) {
      const fields = { ...valid(), ownerId: String(ownerId) };
      const response = await postNew(cookie, fields);
      expect(response.status, label).toBe(400);
      const body = await response.json();
      expect(body.errors, label).toEqual({ ownerId: ["customers.errors.ownerNotSales"] });
      expect(body.values, label).toEqual(fields);
    }
    expect(customerCount()).toBe(0);
    // A second, active rep is fine.
    expect((await postNew(cookie, { ...valid(), ownerId: String(rep2.id) })).status).toBe(302);
  });

  it("refuses an external id that another customer has", async () => {
    createCustomer(database.db, { name: "Holder Ltd", externalId: "CRM-900" });
    const response = await postNew(await signIn("rep"), valid());
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.errors).toEqual({ externalId: ["customers.errors.externalIdTaken"] });
    expect(body.values.externalId).toBe("CRM-900");
    expect(customerCount()).toBe(1);
  });

  describe("likely duplicates", () => {
    let acme: Customer;
    beforeEach(() => {
      acme = createCustomer(database.db, { name: "Acme GmbH", country: "DE" });
      createContact(database.db, { customerId: acme.id, name: "Jonas Weber", email: "jonas@acme.example" });
    });

    it("warns with 409 on the same name in another case, and saves when confirmed", async () => {
      const cookie = await signIn("rep");
      const fields = { name: "ACME GMBH", country: "AT" };
      const warned = await postNew(cookie, fields);
      expect(warned.status).toBe(409);
      expect(await warned.json()).toEqual({
        errors: {},
        duplicates: [{ id: acme.id, name: "Acme GmbH", country: "DE" }],
        values: fields,
      });
      expect(customerCount()).toBe(1);

      const saved = await postNew(cookie, { ...fields, confirmDuplicate: "on" });
      expect(saved.status).toBe(302);
      expect(customerCount()).toBe(2);
    });

    it("warns with 409 when the first contact's e-mail belongs to another customer's contact", async () => {
      const cookie = await signIn("rep");
      const fields = { name: "Acme Trading Co", contactName: "Jonas Weber", contactEmail: "JONAS@Acme.example" };
      const warned = await postNew(cookie, fields);
      expect(warned.status).toBe(409);
      const body = await warned.json();
      expect(body.duplicates).toEqual([{ id: acme.id, name: "Acme GmbH", country: "DE" }]);
      expect(body.values).toEqual(fields);
      expect(customerCount()).toBe(1);

      const saved = await postNew(cookie, { ...fields, confirmDuplicate: "on" });
      expect(saved.status).toBe(302);
      const id = Number(saved.headers.get("Location")!.split("/").pop());
      expect(contactsOf(id)).toMatchObject([{ name: "Jonas Weber", email: "jonas@acme.example" }]);
    });

    it("does not warn about a merely similar name", async () => {
      expect((await postNew(await signIn("rep"), { name: "Acme GmbH & Co. KG" })).status).toBe(302);
    });

    it("reports field errors before the duplicate warning", async () => {
      const response = await postNew(await signIn("boss"), { name: "acme gmbh", ownerId: String(svc.id) });
      expect(response.status).toBe(400);
      expect((await response.json()).errors).toEqual({ ownerId: ["customers.errors.ownerNotSales"] });
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Editing
// ---------------------------------------------------------------------------------------------

describe("edit customer /customers/:id/edit", () => {
  let acme: Customer;
  const formOf = (c: Customer): Record<string, string> => ({
    name: c.name,
    country: c.country ?? "",
    industry: c.industry ?? "",
    website: c.website ?? "",
    externalId: c.externalId ?? "",
    ownerId: c.ownerId === null ? "" : String(c.ownerId),
    sourceChannelId: c.sourceChannelId === null ? "" : String(c.sourceChannelId),
    notes: c.notes ?? "",
  });

  beforeEach(() => {
    acme = createCustomer(database.db, {
      name: "Acme GmbH",
      country: "DE",
      industry: "Machinery",
      ownerId: rep.id,
      externalId: "ALI-001",
    });
  });

  it("fills the form with the stored values; 404 for an unknown or non-numeric id", async () => {
    const cookie = await signIn("svc");
    const response = await loadEdit(cookie, String(acme.id));
    expect(response.status).toBe(200);
    expect((await response.json()).defaults).toEqual({
      name: "Acme GmbH",
      externalId: "ALI-001",
      country: "DE",
      industry: "Machinery",
      website: "",
      ownerId: String(rep.id),
      sourceChannelId: "",
      notes: "",
    });
    for (const bad of ["99999", "abc", "0"]) {
      expect((await loadEdit(cookie, bad)).status, bad).toBe(404);
      expect((await postEdit(cookie, bad, formOf(acme))).status, bad).toBe(404);
    }
  });

  it("saves and writes an audit entry with only the fields that changed", async () => {
    const fields = { ...formOf(acme), name: "Acme GmbH & Co. KG", ownerId: String(rep2.id), country: "de" };
    const response = await postEdit(await signIn("boss"), String(acme.id), fields);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/customers/${acme.id}`);
    expect(customerRow(acme.id)).toMatchObject({
      name: "Acme GmbH & Co. KG",
      ownerId: rep2.id,
      country: "DE",
      industry: "Machinery",
    });

    const entries = customerAudit(acme.id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: "update", userId: boss.id });
    // country "de" is stored as "DE" as before, so it is not a change.
    expect(entries[0]!.before).toEqual({ name: "Acme GmbH", ownerId: rep.id });
    expect(entries[0]!.after).toEqual({ name: "Acme GmbH & Co. KG", ownerId: rep2.id });
  });

  it("writes no audit entry when nothing changed", async () => {
    const response = await postEdit(await signIn("rep"), String(acme.id), formOf(acme));
    expect(response.status).toBe(302);
    expect(customerAudit(acme.id)).toEqual([]);
  });

  it("validates like the new form: errors per field, values kept, nothing saved", async () => {
    const other = createCustomer(database.db, { name: "Other Ltd", externalId: "TAKEN-1" });
    const cookie = await signIn("rep");
    const bad = { ...formOf(acme), name: "", country: "XYZ" };
    const response = await postEdit(cookie, String(acme.id), bad);
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.errors).toEqual({ name: ["errors.required"], country: ["errors.country"] });
    expect(body.values).toEqual(bad);

    const taken = await postEdit(cookie, String(acme.id), { ...formOf(acme), externalId: other.externalId! });
    expect(taken.status).toBe(400);
    expect((await taken.json()).errors).toEqual({ externalId: ["customers.errors.externalIdTaken"] });

    const service = await postEdit(await signIn("boss"), String(acme.id), { ...formOf(acme), ownerId: String(svc.id) });
    expect(service.status).toBe(400);
    expect((await service.json()).errors).toEqual({ ownerId: ["customers.errors.ownerNotSales"] });

    expect(customerRow(acme.id)).toMatchObject({ name: "Acme GmbH", externalId: "ALI-001", ownerId: rep.id });
    expect(customerAudit(acme.id)).toEqual([]);
  });

  describe("the owner (SPEC §8)", () => {
    const addReminder = (values: Partial<typeof reminders.$inferInsert>) =>
      database.db
        .insert(reminders)
        .values({
          kind: "repurchase",
          customerId: acme.id,
          ownerId: rep.id,
          dueAt: NOW,
          status: "open",
          reason: "Due to buy again",
          cycleKey: `k${Math.random()}`,
          createdAt: NOW,
          updatedAt: NOW,
          ...values,
        })
        .returning()
        .get();
    const ownerOf = (id: number) => database.db.select().from(reminders).where(eq(reminders.id, id)).get()!.ownerId;

    it("offers the owner menu only to managers and admins", async () => {
      for (const who of ["svc", "rep", "rep2"] as const) {
        const body = await (await loadEdit(await signIn(who), String(acme.id))).json();
        expect(body, who).toMatchObject({ ownerEditable: false, ownerName: "Rita Rep" });
      }
      for (const who of ["boss", "root"] as const) {
        expect((await (await loadEdit(await signIn(who), String(acme.id))).json()).ownerEditable, who).toBe(true);
      }
    });

    it("refuses a sales rep making another rep's customer their own, and service staff changing the owner: 403, nothing written", async () => {
      const open = addReminder({});
      for (const [who, ownerId] of [
        ["rep2", rep2.id],
        ["svc", rep2.id],
        ["rep2", null],
      ] as const) {
        const response = await postEdit(await signIn(who), String(acme.id), {
          ...formOf(acme),
          name: "Taken Over",
          ownerId: ownerId === null ? "" : String(ownerId),
        });
        expect(response.status, who).toBe(403);
        expect((await response.json()).errors, who).toEqual({ ownerId: ["customers.errors.ownerChangeForbidden"] });
      }
      expect(customerRow(acme.id)).toMatchObject({ name: "Acme GmbH", ownerId: rep.id });
      expect(ownerOf(open.id)).toBe(rep.id);
      expect(customerAudit(acme.id)).toEqual([]);
    });

    it("keeps the owner when the form has no owner field (as shown to those who may not change it)", async () => {
      const withoutOwner = formOf(acme);
      delete withoutOwner.ownerId;
      const response = await postEdit(await signIn("rep2"), String(acme.id), { ...withoutOwner, industry: "Hardware" });
      expect(response.status).toBe(302);
      expect(customerRow(acme.id)).toMatchObject({ industry: "Hardware", ownerId: rep.id });
      expect(customerAudit(acme.id)[0]!.after).toEqual({ industry: "Hardware" });
    });

    it("moves the open and snoozed reminders to the new owner when a manager changes it, audited", async () => {
      const open = addReminder({});
      const snoozed = addReminder({ kind: "tier_change", status: "snoozed", snoozedUntil: NOW });
      const done = addReminder({ status: "done", closedAt: NOW });
      const escalation = addReminder({ kind: "sla_escalation", ownerId: null });
      const otherCustomer = createCustomer(database.db, { name: "Other", ownerId: rep.id });
      const elsewhere = addReminder({ customerId: otherCustomer.id });

      const response = await postEdit(await signIn("boss"), String(acme.id), { ...formOf(acme), ownerId: String(rep2.id) });
      expect(response.status).toBe(302);
      expect(customerRow(acme.id).ownerId).toBe(rep2.id);
      expect([open, snoozed, done, escalation, elsewhere].map((r) => ownerOf(r.id))).toEqual([
        rep2.id,
        rep2.id,
        rep.id,
        null,
        rep.id,
      ]);
      expect(customerAudit(acme.id)).toMatchObject([
        { action: "update", userId: boss.id, before: { ownerId: rep.id }, after: { ownerId: rep2.id } },
      ]);

      // No owner: the reminders are the managers'.
      expect((await postEdit(await signIn("root"), String(acme.id), { ...formOf(acme), ownerId: "" })).status).toBe(302);
      expect(ownerOf(open.id)).toBeNull();
    });

    it("changeCustomerOwner (for the customer CSV import) moves the reminders and audits in the caller's transaction", () => {
      const open = addReminder({});
      const changed = database.db.transaction((tx) => changeCustomerOwner(tx, acme.id, rep2.id, { userId: boss.id, at: NOW }));
      expect(changed).toBe(true);
      expect(customerRow(acme.id).ownerId).toBe(rep2.id);
      expect(ownerOf(open.id)).toBe(rep2.id);
      expect(customerAudit(acme.id)).toMatchObject([
        { userId: boss.id, before: { ownerId: rep.id }, after: { ownerId: rep2.id } },
      ]);
      // The same owner again changes nothing and records nothing.
      expect(changeCustomerOwner(database.db, acme.id, rep2.id, { userId: boss.id, at: NOW })).toBe(false);
      expect(customerAudit(acme.id)).toHaveLength(1);
    });
  });

  it("warns about another customer with the same name, not about itself", async () => {
    createCustomer(database.db, { name: "Berlin Tools AG", country: "DE" });
    const cookie = await signIn("rep");
    // Its own name in another case is no duplicate.
    expect((await postEdit(cookie, String(acme.id), { ...formOf(acme), name: "ACME GMBH" })).status).toBe(302);
    const warned = await postEdit(cookie, String(acme.id), { ...formOf(acme), name: "berlin tools ag" });
    expect(warned.status).toBe(409);
    expect((await warned.json()).duplicates.map((d: { name: string }) => d.name)).toEqual(["Berlin Tools AG"]);
    expect(customerRow(acme.id).name).toBe("ACME GMBH");
    const confirmed = await postEdit(cookie, String(acme.id), {
      ...formOf(acme),
      name: "berlin tools ag",
      confirmDuplicate: "on",
    });
    expect(confirmed.status).toBe(302);
    expect(customerRow(acme.id).name).toBe("berlin tools ag");
  });
});

// ---------------------------------------------------------------------------------------------
// The customer page
// ---------------------------------------------------------------------------------------------

describe("customer page /customers/:id", () => {
  let acme: Customer;
  let other: Customer;

  beforeEach(() => {
    acme = createCustomer(database.db, {
      name: "Acme GmbH",
      country: "DE",
      ownerId: rep.id,
      tier: "growing",
      tierReason: "Growing",
    });
    other = createCustomer(database.db, { name: "Other Ltd" });
  });

  it("answers 404 for an unknown or non-numeric id", async () => {
    const cookie = await signIn("svc");
    for (const bad of ["99999", "abc", "1.5", "0", "-3"]) {
      expect((await loadPage(cookie, bad)).status, bad).toBe(404);
    }
  });

  it("shows the profile, contacts, values, open reminders and may-flags by role", async () => {
    const db = database.db;
    createContact(db, { customerId: acme.id, name: "Jonas Weber", email: "jonas@acme.example" });
    createContact(db, { customerId: acme.id, name: "Petra Klein", email: "petra@acme.example" });
    createContact(db, { customerId: other.id, name: "Not Acme" });
    createOrder(db, { customerId: acme.id, orderedAt: daysBefore(NOW, 20), totalMinor: 123_456 });
    refreshCustomerFigures(db, TEAM);
    const reminder = (status: "open" | "snoozed" | "done" | "dismissed", dueDays: number, cycleKey: string) =>
      db
        .insert(reminders)
        .values({
          kind: "repurchase",
          customerId: acme.id,
          ownerId: rep.id,
          dueAt: daysBefore(NOW, dueDays),
          status,
          reason: `Due ${cycleKey}`,
          cycleKey,
        })
        .run();
    reminder("open", 1, "a");
    reminder("snoozed", 3, "b");
    reminder("done", 5, "c");
    reminder("dismissed", 7, "d");

    const response = await loadPage(await signIn("svc"), String(acme.id));
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.customer).toMatchObject({
      id: acme.id,
      name: "Acme GmbH",
      country: "DE",
      tier: "growing",
      ordersCount: 1,
      revenue12mMinor: 123_456,
      revenueTotalMinor: 123_456,
    });
    expect(body.owner).toBe("Rita Rep");
    expect(body.contacts.map((c: { name: string }) => c.name)).toEqual(["Jonas Weber", "Petra Klein"]);
    // Open and snoozed only, the earliest due first.
    expect(body.reminders.map((r: { reason: string; status: string }) => [r.reason, r.status])).toEqual([
      ["Due b", "snoozed"],
      ["Due a", "open"],
    ]);
    expect(body.may).toEqual({ edit: true, sell: false, audit: false });

    const asRep = await (await loadPage(await signIn("rep"), String(acme.id))).json();
    expect(asRep.may).toEqual({ edit: true, sell: true, audit: false });
    const asRoot = await (await loadPage(await signIn("root"), String(acme.id))).json();
    expect(asRoot.may).toEqual({ edit: true, sell: true, audit: true });
  });

  it("merges inquiries, quotes and orders into one timeline, newest first", async () => {
    const db = database.db;
    const i1 = createInquiry(db, { customerId: acme.id, subject: "First contact", receivedAt: daysBefore(NOW, 10) });
    const q1 = createQuote(db, { customerId: acme.id, inquiryId: i1.id, createdAt: daysBefore(NOW, 8), status: "accepted" });
    const o1 = createOrder(db, { quoteId: q1.id, orderedAt: daysBefore(NOW, 5) });
    const i2 = createInquiry(db, { customerId: acme.id, subject: "Repeat order", receivedAt: daysBefore(NOW, 2) });
    const q2 = createQuote(db, { customerId: acme.id, createdAt: daysBefore(NOW, 1) });
    // Another customer's records stay out.
    createInquiry(db, { customerId: other.id, subject: "Not Acme", receivedAt: daysBefore(NOW, 3) });
    createQuote(db, { customerId: other.id, createdAt: daysBefore(NOW, 4) });
    createOrder(db, { customerId: other.id, orderedAt: daysBefore(NOW, 6) });

    const body = await (await loadPage(await signIn("svc"), String(acme.id))).json();
    type Entry = {
      kind: string;
      id: number;
      at: string;
      title: string;
      status: string;
      amountMinor: number | null;
      currency: string | null;
    };
    const timeline = body.timeline as Entry[];
    expect(timeline.map((entry) => [entry.kind, entry.id])).toEqual([
      ["quote", q2.id], // 1 day ago
      ["inquiry", i2.id], // 2 days
      ["order", o1.id], // 5 days
      ["quote", q1.id], // 8 days
      ["inquiry", i1.id], // 10 days
    ]);
    expect(timeline[2]).toMatchObject({
      title: o1.number,
      status: "confirmed",
      amountMinor: o1.totalMinor,
      currency: "USD",
      at: daysBefore(NOW, 5).toISOString(),
    });
    expect(timeline[3]).toMatchObject({ title: q1.number, status: "accepted", amountMinor: q1.totalMinor, currency: "USD" });
    expect(timeline[4]).toMatchObject({ title: "First contact", status: "new", amountMinor: null, currency: null });
    expect(body.counts).toEqual({ inquiries: 2, quotes: 2 });
  });

  it("keeps the newest entries of the merged timeline when each kind has more than fit, ties in kind then id order", () => {
    const db = database.db;
    const made: { kind: string; id: number; at: number }[] = [];
    for (let day = 1; day <= 6; day++) {
      // Two of each kind on the same instant, so the tie order counts too.
      const at = daysBefore(NOW, day);
      for (let n = 0; n < 2; n++) {
        made.push({ kind: "inquiry", id: createInquiry(db, { customerId: acme.id, receivedAt: at }).id, at: at.getTime() });
        made.push({ kind: "quote", id: createQuote(db, { customerId: acme.id, createdAt: at }).id, at: at.getTime() });
        made.push({ kind: "order", id: createOrder(db, { customerId: acme.id, orderedAt: at }).id, at: at.getTime() });
      }
    }
    const newest = [...made].sort((a, b) => b.at - a.at || a.kind.localeCompare(b.kind) || b.id - a.id);
    for (const limit of [1, 5, 7, 20, 36, 50]) {
      expect(
        customerTimeline(db, acme.id, limit).map((entry) => [entry.kind, entry.id]),
        String(limit),
      ).toEqual(newest.slice(0, limit).map((entry) => [entry.kind, entry.id]));
    }
  });

  it("reads each kind newest first along its own index and stops at the limit, never a customer's whole history", () => {
    const prepare = database.sqlite.prepare.bind(database.sqlite);
    const seen: { source: string; params: unknown[] }[] = [];
    database.sqlite.prepare = ((source: string) => {
      const statement = prepare(source);
      const all = statement.all.bind(statement);
      statement.all = ((...params: unknown[]) => {
        seen.push({ source, params });
        return all(...params);
      }) as typeof statement.all;
      return statement;
    }) as typeof database.sqlite.prepare;
    try {
      customerTimeline(database.db, acme.id, 100);
    } finally {
      database.sqlite.prepare = prepare;
    }
    expect(seen).toHaveLength(1);
    const plan = (prepare(`explain query plan ${seen[0]!.source}`).all(...seen[0]!.params) as { detail: string }[]).map(
      (row) => row.detail,
    );
    for (const index of ["inquiries_customer_idx", "quotes_customer_idx", "orders_customer_ordered_idx"]) {
      expect(
        plan.some((detail) => detail.includes(`USING INDEX ${index} (customer_id=?)`)),
        plan.join("\n"),
      ).toBe(true);
    }
    // One sort only, of the merged rows; each kind is its own limited subquery read in index order.
    expect(
      plan.filter((detail) => detail.includes("TEMP B-TREE")),
      plan.join("\n"),
    ).toHaveLength(1);
    expect(
      plan.filter((detail) => detail.startsWith("CO-ROUTINE")),
      plan.join("\n"),
    ).toHaveLength(4);
  });
});

describe("contacts on the customer page", () => {
  let acme: Customer;
  let other: Customer;

  beforeEach(() => {
    acme = createCustomer(database.db, { name: "Acme GmbH" });
    other = createCustomer(database.db, { name: "Other Ltd" });
  });

  it("adds a contact (any role); a name is required", async () => {
    const cookie = await signIn("svc");
    const empty = { intent: "addContact", name: " ", email: "nobody" };
    const refused = await postPage(cookie, String(acme.id), empty);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({
      intent: "addContact",
      contactId: null,
      errors: { name: ["errors.required"], email: ["errors.email"] },
      values: empty,
    });
    expect(contactsOf(acme.id)).toEqual([]);

    const added = await postPage(cookie, String(acme.id), {
      intent: "addContact",
      name: "Jonas Weber",
      email: "Jonas@Acme.example",
      phone: "+49 30 1234567",
      title: "Buyer",
      messagingHandle: "wechat:jonasw",
    });
    expect(added.status).toBe(200);
    expect(await added.json()).toEqual({ done: "contactAdded" });
    expect(contactsOf(acme.id)).toMatchObject([
      {
        name: "Jonas Weber",
        email: "jonas@acme.example",
        phone: "+49 30 1234567",
        title: "Buyer",
        messagingHandle: "wechat:jonasw",
      },
    ]);
  });

  it("updates a contact of this customer; another customer's contact is 404", async () => {
    const mine = createContact(database.db, { customerId: acme.id, name: "Jonas Weber", email: "jonas@acme.example" });
    const theirs = createContact(database.db, { customerId: other.id, name: "Theirs", email: "theirs@other.example" });
    const cookie = await signIn("rep");

    const updated = await postPage(cookie, String(acme.id), {
      intent: "updateContact",
      contactId: String(mine.id),
      name: "Jonas Weber-Schmidt",
      email: "",
    });
    expect(updated.status).toBe(200);
    expect(await updated.json()).toEqual({ done: "contactUpdated" });
    expect(contactsOf(acme.id)).toMatchObject([
      { id: mine.id, name: "Jonas Weber-Schmidt", email: null, phone: null, title: null },
    ]);

    const foreign = await postPage(cookie, String(acme.id), {
      intent: "updateContact",
      contactId: String(theirs.id),
      name: "Hijacked",
    });
    expect(foreign.status).toBe(404);
    expect(contactsOf(other.id)).toMatchObject([{ name: "Theirs", email: "theirs@other.example" }]);

    const invalid = await postPage(cookie, String(acme.id), { intent: "updateContact", contactId: String(mine.id), name: "" });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({
      intent: "updateContact",
      contactId: String(mine.id),
      errors: { name: ["errors.required"] },
    });
  });

  it("removes a contact of this customer; another customer's contact is 404 and stays", async () => {
    const mine = createContact(database.db, { customerId: acme.id, name: "Jonas Weber" });
    const keep = createContact(database.db, { customerId: acme.id, name: "Petra Klein" });
    const theirs = createContact(database.db, { customerId: other.id, name: "Theirs" });
    const cookie = await signIn("svc");

    const foreign = await postPage(cookie, String(acme.id), { intent: "removeContact", contactId: String(theirs.id) });
    expect(foreign.status).toBe(404);
    expect(contactsOf(other.id).map((c) => c.id)).toEqual([theirs.id]);

    const removed = await postPage(cookie, String(acme.id), { intent: "removeContact", contactId: String(mine.id) });
    expect(removed.status).toBe(200);
    expect(await removed.json()).toEqual({ done: "contactRemoved" });
    expect(contactsOf(acme.id).map((c) => c.id)).toEqual([keep.id]);

    // Removing it again: it is gone.
    expect((await postPage(cookie, String(acme.id), { intent: "removeContact", contactId: String(mine.id) })).status).toBe(404);
    expect((await postPage(cookie, String(acme.id), { intent: "removeContact", contactId: "abc" })).status).toBe(404);
  });

  it("answers 400 for an unknown intent and 404 for an unknown customer", async () => {
    const cookie = await signIn("svc");
    const unknown = await postPage(cookie, String(acme.id), { intent: "merge" });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toEqual({ errors: { "": ["errors.invalid"] } });
    expect((await postPage(cookie, "99999", { intent: "addContact", name: "X" })).status).toBe(404);
    expect((await postPage(cookie, "abc", { intent: "addContact", name: "X" })).status).toBe(404);
  });
});
