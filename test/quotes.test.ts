/**
 * The quote routes, called the way Remix calls them: the builder (/quotes/new), editing a draft
 * (/quotes/:id/edit), one quote and its status moves (/quotes/:id), the printable page
 * (/quotes/:id/print), the line price lookup (/quotes/price) and the list (/quotes).
 *
 * Date is frozen at Monday 2026-11-23 10:30:00 Shanghai (= 02:30:00Z); the team time zone is the
 * default Asia/Shanghai and the base currency USD. Only Date is faked.
 */
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  createContact,
  createCustomer,
  createInquiry,
  createProduct,
  createQuote,
  type Customer,
  type Product,
  type User,
} from "~db/factories";
import { agreedPrices, inquiries, quoteLines, quotes } from "~db/schema";
import type { OpenDatabase } from "~db/client.server";
import { expireQuotes } from "~/models/quote.server";
import { saveSettings } from "~/models/settings.server";
import { DEFAULT_SETTINGS } from "~/schemas/settings";
import * as list from "~/routes/quotes._index";
import * as builder from "~/routes/quotes.new";
import * as one from "~/routes/quotes.$quoteId";
import * as edit from "~/routes/quotes.$quoteId_.edit";
import * as print from "~/routes/quotes.$quoteId_.print";
import * as price from "~/routes/quotes.price";
import {
  auditEntries,
  createTeam,
  createTestDb,
  formRequest,
  getRequest,
  loaderArgs,
  respond,
  sessionCookieFor,
} from "./helpers";

const sh = (local: string) => new Date(`${local}+08:00`);

// Monday 2026-11-23 10:30:00 Shanghai = 2026-11-23T02:30:00Z.
const NOW = sh("2026-11-23T10:30:00");

let database: OpenDatabase;
let rep: User;
let acme: Customer;
let other: Customer;
let hinge: Product;
let euroLock: Product;

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
  database = createTestDb();
  const team = await createTeam(database.db);
  rep = team.rep;
  acme = createCustomer(database.db, { name: "Acme GmbH", country: "DE" });
  other = createCustomer(database.db, { name: "Other Ltd", country: "GB" });
  // List price 12.50 USD; Acme has agreed 11.37 USD.
  hinge = createProduct(database.db, {
    sku: "HG-304-100",
    name: "Stainless hinge 100 mm",
    listPriceMinor: 1250,
    currency: "USD",
  });
  // List price 8.80 EUR.
  euroLock = createProduct(database.db, { sku: "LK-EU-20", name: "Euro cylinder lock", listPriceMinor: 880, currency: "EUR" });
  database.db
    .insert(agreedPrices)
    .values({ customerId: acme.id, productId: hinge.id, priceMinor: 1137, currency: "USD", createdAt: NOW, updatedAt: NOW })
    .run();
});

afterEach(() => {
  vi.useRealTimers();
});

type Who = "svc" | "rep" | "boss" | "root";

async function signIn(who: Who) {
  return sessionCookieFor(`${who}@example.com`);
}

const loadNew = (cookie: string, search: string) =>
  respond(() => builder.loader(loaderArgs(getRequest(`/quotes/new${search}`, cookie))));
const postNew = (cookie: string, fields: Record<string, string>) =>
  respond(() => builder.action(loaderArgs(formRequest("/quotes/new", fields, { cookie }))));
const loadQuote = (cookie: string, id: number | string) =>
  respond(() => one.loader(loaderArgs(getRequest(`/quotes/${id}`, cookie), { quoteId: String(id) })));
const postQuote = (cookie: string, id: number | string, intent: string) =>
  respond(() => one.action(loaderArgs(formRequest(`/quotes/${id}`, { intent }, { cookie }), { quoteId: String(id) })));
const loadEdit = (cookie: string, id: number | string) =>
  respond(() => edit.loader(loaderArgs(getRequest(`/quotes/${id}/edit`, cookie), { quoteId: String(id) })));
const postEdit = (cookie: string, id: number | string, fields: Record<string, string>) =>
  respond(() => edit.action(loaderArgs(formRequest(`/quotes/${id}/edit`, fields, { cookie }), { quoteId: String(id) })));
const loadPrint = (cookie: string, id: number | string) =>
  respond(() => print.loader(loaderArgs(getRequest(`/quotes/${id}/print`, cookie), { quoteId: String(id) })));
const loadPrice = (cookie: string, search: string) =>
  respond(() => price.loader(loaderArgs(getRequest(`/quotes/price${search}`, cookie))));
const loadList = (cookie: string, search = "") => respond(() => list.loader(loaderArgs(getRequest(`/quotes${search}`, cookie))));

const quoteRow = (id: number) => database.db.select().from(quotes).where(eq(quotes.id, id)).get()!;
const allQuotes = () => database.db.select().from(quotes).orderBy(quotes.id).all();
const linesOf = (id: number) =>
  database.db.select().from(quoteLines).where(eq(quoteLines.quoteId, id)).orderBy(quoteLines.position).all();
const inquiryStatus = (id: number) => database.db.select().from(inquiries).where(eq(inquiries.id, id)).get()!.status;
const inquiryAudit = (id: number) => auditEntries(database.db, "inquiry", id);
const quoteAudit = (id: number) => auditEntries(database.db, "quote", id);
const createdId = (response: Response) => Number(/^\/quotes\/(\d+)$/.exec(response.headers.get("Location") ?? "")?.[1]);

/** A one-line USD quote form for Acme. */
const simpleForm = (overrides: Record<string, string> = {}) => ({
  customerId: String(acme.id),
  currency: "USD",
  discount: "",
  validUntil: "2026-12-23",
  notes: "",
  "lines[0].productId": "",
  "lines[0].description": "Sample hinge",
  "lines[0].quantity": "10",
  "lines[0].unitPrice": "1.00",
  "lines[0].discount": "",
  ...overrides,
});

// ---------------------------------------------------------------------------------------------
// The builder
// ---------------------------------------------------------------------------------------------

describe("new quote /quotes/new: pricing and totals", () => {
  it("fills the agreed price into a product line left without price and computes exact totals", async () => {
    const fields = {
      customerId: String(acme.id),
      currency: "usd",
      discount: "5",
      validUntil: "2026-12-23",
      notes: "FOB Ningbo, 30% deposit",
      // Line 0: the product, price left empty → Acme's agreed 11.37 USD (not the 12.50 list price).
      "lines[0].productId": String(hinge.id),
      "lines[0].description": "",
      "lines[0].quantity": "365",
      "lines[0].unitPrice": "",
      "lines[0].discount": "",
      // Line 1: typed price and a 12.5 % line discount.
      "lines[1].productId": "",
      "lines[1].description": "Custom packaging",
      "lines[1].quantity": "4",
      "lines[1].unitPrice": "6.07",
      "lines[1].discount": "12.5",
      // A spare row left empty is dropped.
      "lines[2].productId": "",
      "lines[2].description": "",
      "lines[2].quantity": "",
      "lines[2].unitPrice": "",
      "lines[2].discount": "",
    };
    const response = await postNew(await signIn("rep"), fields);
    expect(response.status).toBe(302);
    const id = createdId(response);

    // Line 0: 365 × 1137 = 341 100 + 73 905 = 415 005 (no discount, nothing to round).
    // Line 1: 4 × 607 = 2 428; × (1 − 0.125) = 2 428 × 7/8 = 2 124.5 → half up 2 125
    //         (half-to-even would give 2 124).
    // Subtotal: 415 005 + 2 125 = 417 130.
    // Quote discount 5 %: 417 130 × 0.05 = 20 856.5 → half up once 20 857 (half-to-even: 20 856).
    // Total: 417 130 − 20 857 = 396 273.
    expect(quoteRow(id)).toMatchObject({
      number: "Q-2026-00001",
      customerId: acme.id,
      inquiryId: null,
      currency: "USD",
      discountBps: 500,
      subtotalMinor: 417_130,
      discountMinor: 20_857,
      totalMinor: 396_273,
      validUntil: "2026-12-23",
      notes: "FOB Ningbo, 30% deposit",
      status: "draft",
      sentAt: null,
      createdById: rep.id,
    });
    expect(quoteRow(id).createdAt).toEqual(NOW);
    expect(
      linesOf(id).map(({ productId, description, quantity, unitPriceMinor, discountBps, lineTotalMinor }) => ({
        productId,
        description,
        quantity,
        unitPriceMinor,
        discountBps,
        lineTotalMinor,
      })),
    ).toEqual([
      {
        productId: hinge.id,
        description: "Stainless hinge 100 mm (HG-304-100)",
        quantity: 365,
        unitPriceMinor: 1137,
        discountBps: 0,
        lineTotalMinor: 415_005,
      },
      {
        productId: null,
        description: "Custom packaging",
        quantity: 4,
        unitPriceMinor: 607,
        discountBps: 1250,
        lineTotalMinor: 2_125,
      },
    ]);

    // The audit trail has the creation with the figures.
    const entries = quoteAudit(id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: "create", userId: rep.id, before: null });
    expect(entries[0]!.after).toEqual({
      number: "Q-2026-00001",
      customerId: acme.id,
      inquiryId: null,
      currency: "USD",
      discountBps: 500,
      totalMinor: 396_273,
      validUntil: "2026-12-23",
      status: "draft",
      lines: ["365 × Stainless hinge 100 mm (HG-304-100) @ 1137 −0bps", "4 × Custom packaging @ 607 −1250bps"],
    });
  });

  it("uses the list price for a customer without an agreed price", async () => {
    const response = await postNew(
      await signIn("rep"),
      simpleForm({
        customerId: String(other.id),
        "lines[0].productId": String(hinge.id),
        "lines[0].description": "",
        "lines[0].quantity": "3",
        "lines[0].unitPrice": "",
      }),
    );
    expect(response.status).toBe(302);
    const id = createdId(response);
    // 3 × 1250 (list) = 3 750.
    expect(linesOf(id)).toMatchObject([{ unitPriceMinor: 1250, lineTotalMinor: 3_750 }]);
    expect(quoteRow(id)).toMatchObject({ subtotalMinor: 3_750, discountMinor: 0, totalMinor: 3_750 });
  });

  it("refuses to fill a price from another currency, keyed by the form's line index", async () => {
    const cookie = await signIn("rep");
    const fields = simpleForm({
      // Row 1 is a blank spare row; row 2 holds the EUR product in a USD quote.
      "lines[1].description": "",
      "lines[1].quantity": "",
      "lines[2].productId": String(euroLock.id),
      "lines[2].description": "",
      "lines[2].quantity": "5",
      "lines[2].unitPrice": "",
    });
    const response = await postNew(cookie, fields);
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.errors).toEqual({ "lines[2].unitPrice": ["documents.errors.priceCurrency"] });
    expect(body.values).toEqual(fields);
    expect(allQuotes()).toHaveLength(0);

    // In a EUR quote the same line takes the 8.80 EUR list price: 5 × 880 = 4 400.
    const inEuro = await postNew(cookie, { ...fields, currency: "EUR" });
    expect(inEuro.status).toBe(302);
    expect(linesOf(createdId(inEuro))).toMatchObject([
      { description: "Sample hinge", unitPriceMinor: 100, lineTotalMinor: 1_000 },
      { productId: euroLock.id, unitPriceMinor: 880, lineTotalMinor: 4_400 },
    ]);
  });

  it("answers 400 with errors keyed by line and field, keeping every value", async () => {
    const fields = {
      customerId: String(acme.id),
      currency: "USD",
      discount: "abc",
      validUntil: "next week",
      notes: "",
      "lines[0].description": "Hinge",
      "lines[0].quantity": "2.5",
      "lines[0].unitPrice": "1.00",
      "lines[1].description": "Lock",
      "lines[1].quantity": "3",
      "lines[1].unitPrice": "1.234",
      "lines[2].description": "Screws",
      "lines[2].quantity": "1",
      "lines[2].unitPrice": "2",
      "lines[2].discount": "120",
      "lines[3].description": "",
      "lines[3].quantity": "1",
      "lines[3].unitPrice": "",
    };
    const response = await postNew(await signIn("rep"), fields);
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.errors).toEqual({
      discount: ["documents.errors.percent"],
      validUntil: ["errors.invalid"],
      "lines[0].quantity": ["errors.integer"],
      // USD has 2 decimals: more are refused, not rounded.
      "lines[1].unitPrice": ["documents.errors.price"],
      // 120 % is more than the whole line.
      "lines[2].discount": ["documents.errors.percent"],
      // Neither a product nor a description nor a price.
      "lines[3].unitPrice": ["errors.required"],
      "lines[3].description": ["errors.required"],
    });
    expect(body.values).toEqual(fields);
    expect(allQuotes()).toHaveLength(0);
  });

  it("needs at least one line, a known customer and known products", async () => {
    const cookie = await signIn("rep");
    const noLines = await postNew(cookie, { customerId: String(acme.id), currency: "USD" });
    expect(noLines.status).toBe(400);
    expect((await noLines.json()).errors).toEqual({ lines: ["documents.errors.noLines"] });

    const unknownCustomer = await postNew(cookie, simpleForm({ customerId: "99999" }));
    expect(unknownCustomer.status).toBe(400);
    expect((await unknownCustomer.json()).errors).toEqual({ customerId: ["errors.invalid"] });

    const unknownProduct = await postNew(cookie, simpleForm({ "lines[0].productId": "99999" }));
    expect(unknownProduct.status).toBe(400);
    expect((await unknownProduct.json()).errors).toEqual({ "lines[0].productId": ["errors.invalid"] });

    const badCurrency = await postNew(cookie, simpleForm({ currency: "XXY" }));
    expect(badCurrency.status).toBe(400);
    expect((await badCurrency.json()).errors).toEqual({ currency: ["errors.currency"] });
    expect(allQuotes()).toHaveLength(0);
  });

  it("refuses an unknown inquiry as a field error instead of failing", async () => {
    const response = await postNew(await signIn("rep"), simpleForm({ inquiryId: "99999" }));
    expect(response.status).toBe(400);
    expect((await response.json()).errors).toEqual({ inquiryId: ["errors.invalid"] });
    expect(allQuotes()).toHaveLength(0);
  });
});

describe("new quote /quotes/new: starting points", () => {
  it("starts from an inquiry: its customer, and a line with its product and quantity", async () => {
    const inquiry = createInquiry(database.db, {
      customerId: acme.id,
      productId: hinge.id,
      quantity: 500,
      subject: "500 hinges",
      receivedAt: sh("2026-11-22T09:00:00"),
    });
    const cookie = await signIn("rep");
    const response = await loadNew(cookie, `?inquiryId=${inquiry.id}`);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.customer).toEqual({ id: acme.id, name: "Acme GmbH" });
    expect(body.inquiry).toEqual({ id: inquiry.id, subject: "500 hinges" });
    expect(body.lines).toEqual([{ productId: String(hinge.id), description: "", quantity: "500", unitPrice: "", discount: "" }]);
    // Valid for 30 days from today (2026-11-23 + 30 = 2026-12-23), in the base currency.
    expect(body.defaults).toEqual({ currency: "USD", discount: "", validUntil: "2026-12-23", notes: "" });

    const created = await postNew(cookie, simpleForm({ inquiryId: String(inquiry.id) }));
    expect(created.status).toBe(302);
    expect(quoteRow(createdId(created))).toMatchObject({ inquiryId: inquiry.id, customerId: acme.id, status: "draft" });
    // Creating a draft does not touch the inquiry; sending does.
    expect(inquiryStatus(inquiry.id)).toBe("new");
  });

  it("starts from a customer with no lines", async () => {
    const body = await (await loadNew(await signIn("rep"), `?customerId=${acme.id}`)).json();
    expect(body.customer).toEqual({ id: acme.id, name: "Acme GmbH" });
    expect(body.inquiry).toBeNull();
    expect(body.lines).toEqual([]);
  });

  it("answers 404 for an unknown inquiry or customer, 400 for an inquiry without a customer or no start", async () => {
    const cookie = await signIn("rep");
    const orphan = createInquiry(database.db, { customerId: null });
    expect((await loadNew(cookie, "?inquiryId=99999")).status).toBe(404);
    expect((await loadNew(cookie, "?customerId=99999")).status).toBe(404);
    expect((await loadNew(cookie, `?inquiryId=${orphan.id}`)).status).toBe(400);
    expect((await loadNew(cookie, "")).status).toBe(400);
  });
});

describe("quote numbers", () => {
  it("numbers Q-YYYY-NNNNN by the team's year, so 01:00 on 1 January in Shanghai is the new year", async () => {
    // An earlier quote of 2026.
    createQuote(database.db, { customerId: acme.id, createdAt: sh("2026-06-01T10:00:00") });
    expect(allQuotes().map((q) => q.number)).toEqual(["Q-2026-00001"]);

    // 2026-12-31T15:59:59Z = 23:59:59 on 31 December in Shanghai: still 2026.
    vi.setSystemTime(new Date("2026-12-31T15:59:59Z"));
    const cookie = await signIn("rep");
    expect(createdId(await postNew(cookie, simpleForm()))).toBeGreaterThan(0);
    // 2026-12-31T17:00:00Z is still 2026 in UTC, but 01:00 on 1 January 2027 in Shanghai.
    vi.setSystemTime(new Date("2026-12-31T17:00:00Z"));
    expect((await postNew(cookie, simpleForm())).status).toBe(302);
    expect((await postNew(cookie, simpleForm())).status).toBe(302);
    expect(allQuotes().map((q) => q.number)).toEqual(["Q-2026-00001", "Q-2026-00002", "Q-2027-00001", "Q-2027-00002"]);
  });
});

// ---------------------------------------------------------------------------------------------
// Editing
// ---------------------------------------------------------------------------------------------

describe("edit quote /quotes/:id/edit", () => {
  // Factory totals: 2 000 × 95 = 190 000; 5 % = 9 500; total 180 500.
  const draft = () =>
    createQuote(database.db, {
      customerId: acme.id,
      createdAt: NOW,
      discountBps: 500,
      validUntil: "2026-12-23",
      lines: [{ description: "Hinge", quantity: 2000, unitPriceMinor: 95 }],
    });

  it("loads a draft into the form", async () => {
    const quote = draft();
    expect(quote.totalMinor).toBe(180_500);
    const response = await loadEdit(await signIn("rep"), quote.id);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.defaults).toEqual({ currency: "USD", discount: "5", validUntil: "2026-12-23", notes: "" });
    expect(body.lines).toEqual([{ productId: "", description: "Hinge", quantity: "2000", unitPrice: "0.95", discount: "" }]);
  });

  it("saves a draft with new totals, keeps its customer and records what changed", async () => {
    const quote = draft();
    const response = await postEdit(
      await signIn("rep"),
      quote.id,
      simpleForm({
        // The customer of a quote cannot be changed through the form.
        customerId: String(other.id),
        discount: "2.5",
        "lines[0].description": "Hinge, revised",
        "lines[0].quantity": "1,000",
        "lines[0].unitPrice": "1.10",
      }),
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/quotes/${quote.id}`);
    // 1 000 × 110 = 110 000; 2.5 % = 2 750; total 107 250.
    expect(quoteRow(quote.id)).toMatchObject({
      customerId: acme.id,
      number: quote.number,
      discountBps: 250,
      subtotalMinor: 110_000,
      discountMinor: 2_750,
      totalMinor: 107_250,
      status: "draft",
    });
    expect(linesOf(quote.id)).toMatchObject([
      { description: "Hinge, revised", quantity: 1000, unitPriceMinor: 110, lineTotalMinor: 110_000 },
    ]);

    const entries = quoteAudit(quote.id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: "update", userId: rep.id });
    expect(entries[0]!.before).toEqual({ discountBps: 500, totalMinor: 180_500, lines: ["2000 × Hinge @ 95 −0bps"] });
    expect(entries[0]!.after).toEqual({ discountBps: 250, totalMinor: 107_250, lines: ["1000 × Hinge, revised @ 110 −0bps"] });
  });

  it("answers 409 once the quote has left draft, and changes nothing", async () => {
    const cookie = await signIn("rep");
    for (const status of ["sent", "accepted", "rejected", "expired"] as const) {
      const quote = createQuote(database.db, {
        customerId: acme.id,
        status,
        lines: [{ description: "Hinge", quantity: 10, unitPriceMinor: 95 }],
      });
      expect((await loadEdit(cookie, quote.id)).status, status).toBe(409);
      expect((await postEdit(cookie, quote.id, simpleForm())).status, status).toBe(409);
      expect(quoteRow(quote.id)).toMatchObject({ status, totalMinor: 950 });
      expect(linesOf(quote.id)).toMatchObject([{ description: "Hinge", quantity: 10 }]);
    }
    expect((await loadEdit(cookie, 99_999)).status).toBe(404);
  });

  it("answers 400 with the errors of a bad form, saving nothing", async () => {
    const quote = draft();
    const response = await postEdit(await signIn("rep"), quote.id, simpleForm({ "lines[0].quantity": "0" }));
    expect(response.status).toBe(400);
    expect((await response.json()).errors).toEqual({ "lines[0].quantity": ["errors.integer"] });
    expect(quoteRow(quote.id).totalMinor).toBe(180_500);
  });
});

// ---------------------------------------------------------------------------------------------
// Status moves
// ---------------------------------------------------------------------------------------------

describe("quote status /quotes/:id", () => {
  it("sends a draft and marks its responded inquiry quoted", async () => {
    const inquiry = createInquiry(database.db, {
      customerId: acme.id,
      receivedAt: sh("2026-11-23T09:00:00"),
      firstResponse: { at: sh("2026-11-23T09:00:20"), by: rep.id },
    });
    expect(inquiry.status).toBe("responded");
    const quote = createQuote(database.db, { customerId: acme.id, inquiryId: inquiry.id, createdAt: NOW });
    const response = await postQuote(await signIn("rep"), quote.id, "send");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ done: "send" });
    expect(quoteRow(quote.id)).toMatchObject({ status: "sent", decidedAt: null });
    expect(quoteRow(quote.id).sentAt).toEqual(NOW);
    expect(inquiryStatus(inquiry.id)).toBe("quoted");
  });

  it("audits the inquiry's move to quoted with who sent the quote, and no move as nothing", async () => {
    const responded = createInquiry(database.db, {
      customerId: acme.id,
      receivedAt: sh("2026-11-23T09:00:00"),
      firstResponse: { at: sh("2026-11-23T09:00:20"), by: rep.id },
    });
    const won = createInquiry(database.db, { customerId: acme.id, status: "won" });
    const cookie = await signIn("rep");
    for (const inquiry of [responded, won]) {
      const quote = createQuote(database.db, { customerId: acme.id, inquiryId: inquiry.id });
      expect((await postQuote(cookie, quote.id, "send")).status).toBe(200);
    }
    expect(inquiryAudit(responded.id).map((e) => [e.action, e.userId, e.at, e.before, e.after])).toEqual([
      ["update", rep.id, NOW, { status: "responded" }, { status: "quoted" }],
    ]);
    // The won inquiry did not move: no entry.
    expect(inquiryAudit(won.id)).toEqual([]);
  });

  it("leaves a won inquiry won when a quote of it is sent", async () => {
    const inquiry = createInquiry(database.db, { customerId: acme.id, status: "won" });
    const quote = createQuote(database.db, { customerId: acme.id, inquiryId: inquiry.id });
    expect((await postQuote(await signIn("rep"), quote.id, "send")).status).toBe(200);
    expect(quoteRow(quote.id).status).toBe("sent");
    expect(inquiryStatus(inquiry.id)).toBe("won");
  });

  it("accepts or rejects only a sent quote", async () => {
    const cookie = await signIn("boss");
    const quote = createQuote(database.db, { customerId: acme.id });
    // From draft: neither accepted nor rejected.
    for (const intent of ["accept", "reject"]) {
      const refused = await postQuote(cookie, quote.id, intent);
      expect(refused.status, intent).toBe(409);
      expect(await refused.json()).toEqual({ error: "documents.errors.notAllowed" });
    }
    expect(quoteRow(quote.id).status).toBe("draft");

    expect((await postQuote(cookie, quote.id, "send")).status).toBe(200);
    expect((await postQuote(cookie, quote.id, "accept")).status).toBe(200);
    expect(quoteRow(quote.id)).toMatchObject({ status: "accepted" });
    expect(quoteRow(quote.id).decidedAt).toEqual(NOW);
    // Decided is final.
    for (const intent of ["reject", "send", "accept"]) {
      expect((await postQuote(cookie, quote.id, intent)).status, intent).toBe(409);
    }
    expect(quoteRow(quote.id).status).toBe("accepted");

    const second = createQuote(database.db, { customerId: acme.id, status: "sent" });
    expect((await postQuote(cookie, second.id, "reject")).status).toBe(200);
    expect(quoteRow(second.id).status).toBe("rejected");
    expect((await postQuote(cookie, second.id, "accept")).status).toBe(409);
  });

  it("answers 404 for an unknown quote and 400 for an unknown intent", async () => {
    const cookie = await signIn("rep");
    expect((await postQuote(cookie, 99_999, "send")).status).toBe(404);
    expect((await postQuote(cookie, "abc", "send")).status).toBe(404);
    const quote = createQuote(database.db, { customerId: acme.id });
    const bad = await postQuote(cookie, quote.id, "expire");
    expect(bad.status).toBe(400);
    expect(quoteRow(quote.id).status).toBe("draft");
    expect((await loadQuote(cookie, 99_999)).status).toBe(404);
  });

  it("records create and every status change in the audit trail", async () => {
    const cookie = await signIn("rep");
    const id = createdId(await postNew(cookie, simpleForm()));
    await postQuote(cookie, id, "send");
    await postQuote(cookie, id, "accept");
    const entries = quoteAudit(id);
    expect(
      entries.map((e) => [e.action, e.userId, e.before, e.after && "status" in e.after ? e.after.status : undefined]),
    ).toEqual([
      ["create", rep.id, null, "draft"],
      ["update", rep.id, { status: "draft" }, "sent"],
      ["update", rep.id, { status: "sent" }, "accepted"],
    ]);
    expect(entries[1]!.after).toEqual({ status: "sent" });
    expect(entries[2]!.after).toEqual({ status: "accepted" });
  });
});

describe("quote expiry", () => {
  it("expires sent quotes on the day after valid-until, not on the day itself", () => {
    const sent = createQuote(database.db, { customerId: acme.id, status: "sent", validUntil: "2026-11-23" });
    const draft = createQuote(database.db, { customerId: acme.id, status: "draft", validUntil: "2026-11-01" });
    const accepted = createQuote(database.db, { customerId: acme.id, status: "accepted", validUntil: "2026-11-01" });
    const later = createQuote(database.db, { customerId: acme.id, status: "sent", validUntil: "2026-11-24" });

    // On 2026-11-23 itself the quote is still valid.
    expect(expireQuotes(database.db, "2026-11-23", NOW)).toBe(0);
    expect(quoteRow(sent.id).status).toBe("sent");

    // On 2026-11-24 it has expired; drafts and decided quotes are not touched, nor one valid until the 24th.
    expect(expireQuotes(database.db, "2026-11-24", NOW)).toBe(1);
    expect(quoteRow(sent.id).status).toBe("expired");
    expect(quoteRow(draft.id).status).toBe("draft");
    expect(quoteRow(accepted.id).status).toBe("accepted");
    expect(quoteRow(later.id).status).toBe("sent");
    // Running it again changes nothing.
    expect(expireQuotes(database.db, "2026-11-24", NOW)).toBe(0);
  });

  it("reads the day in the team's time zone when the quote pages load", async () => {
    const sent = createQuote(database.db, { customerId: acme.id, status: "sent", validUntil: "2026-11-23" });
    const cookie = await signIn("svc");
    // 23:59:59 on the 23rd in Shanghai: still valid.
    vi.setSystemTime(new Date("2026-11-23T15:59:59Z"));
    expect((await loadList(cookie)).status).toBe(200);
    expect(quoteRow(sent.id).status).toBe("sent");
    // 00:00 on the 24th in Shanghai (still the 23rd in UTC): expired.
    vi.setSystemTime(new Date("2026-11-23T16:00:00Z"));
    const body = await (await loadList(cookie)).json();
    expect(body.rows).toMatchObject([{ id: sent.id, status: "expired" }]);

    const other = createQuote(database.db, { customerId: acme.id, status: "sent", validUntil: "2026-11-23" });
    const page = await (await loadQuote(cookie, other.id)).json();
    expect(page.quote.status).toBe("expired");
  });

  it("does not accept a sent quote whose valid-until day has passed", async () => {
    // Valid until 2026-11-22; today (team time) is 2026-11-23, so the offer has lapsed even though
    // no page has been loaded since midnight to mark it expired.
    const lapsed = createQuote(database.db, { customerId: acme.id, status: "sent", validUntil: "2026-11-22" });
    const response = await postQuote(await signIn("rep"), lapsed.id, "accept");
    expect(response.status).toBe(409);
    expect(quoteRow(lapsed.id).status).toBe("expired");
  });
});

// ---------------------------------------------------------------------------------------------
// Print page, price lookup, list
// ---------------------------------------------------------------------------------------------

describe("printable quote /quotes/:id/print", () => {
  it("includes the seller details from the settings, the first contact and the lines", async () => {
    const seller = {
      companyName: "Ningbo Hinge Works Co., Ltd.",
      address: "88 Harbour Road, Beilun, Ningbo 315800, China",
      phone: "+86 574 8888 0000",
      email: "sales@hingeworks.example",
      website: "https://hingeworks.example",
      taxId: "91330206MA2XXXXXXX",
      bankDetails: "Bank of Ningbo, SWIFT BKNBCN2N, A/C 1234567890",
      quoteTerms: "FOB Ningbo. 30% deposit, balance before shipment.",
    };
    saveSettings(database.db, { seller: { ...DEFAULT_SETTINGS.seller, ...seller } }, { userId: null, at: NOW });
    createContact(database.db, { customerId: acme.id, name: "Jonas Weber", email: "jonas@acme.example" });
    createContact(database.db, { customerId: acme.id, name: "Petra Klein" });
    const quote = createQuote(database.db, {
      customerId: acme.id,
      status: "sent",
      lines: [
        { productId: hinge.id, description: "Hinge", quantity: 2000, unitPriceMinor: 95 },
        { description: "Screws", quantity: 100, unitPriceMinor: 3 },
      ],
    });

    // Any role may print (it is seeing a quote).
    const response = await loadPrint(await signIn("svc"), quote.id);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.seller).toEqual(seller);
    expect(body.quote).toMatchObject({ id: quote.id, number: quote.number, totalMinor: 190_300 });
    expect(body.customer).toBe("Acme GmbH");
    expect(body.contact).toMatchObject({ name: "Jonas Weber", email: "jonas@acme.example" });
    // 2 000 × 95 = 190 000 and 100 × 3 = 300.
    expect(
      body.lines.map((l: { description: string; sku: string | null; lineTotalMinor: number }) => [
        l.description,
        l.sku,
        l.lineTotalMinor,
      ]),
    ).toEqual([
      ["Hinge", "HG-304-100", 190_000],
      ["Screws", null, 300],
    ]);
    expect((await loadPrint(await signIn("svc"), 99_999)).status).toBe(404);
  });
});

describe("line price /quotes/price", () => {
  it("answers the customer's agreed price, else the list price", async () => {
    const cookie = await signIn("rep");
    expect(await (await loadPrice(cookie, `?customerId=${acme.id}&productId=${hinge.id}`)).json()).toEqual({
      productId: hinge.id,
      price: { priceMinor: 1137, currency: "USD", source: "agreed" },
    });
    expect(await (await loadPrice(cookie, `?customerId=${other.id}&productId=${hinge.id}`)).json()).toEqual({
      productId: hinge.id,
      price: { priceMinor: 1250, currency: "USD", source: "list" },
    });
    expect(await (await loadPrice(cookie, `?customerId=${acme.id}&productId=${euroLock.id}`)).json()).toEqual({
      productId: euroLock.id,
      price: { priceMinor: 880, currency: "EUR", source: "list" },
    });
    expect(await (await loadPrice(cookie, `?customerId=${acme.id}&productId=99999`)).json()).toEqual({
      productId: 99999,
      price: null,
    });
    const bad = await loadPrice(cookie, `?customerId=${acme.id}`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ productId: null, price: null });
  });
});

// ---------------------------------------------------------------------------------------------
// Roles
// ---------------------------------------------------------------------------------------------

describe("quotes: roles (SPEC §8)", () => {
  it("lets every role see quotes", async () => {
    const quote = createQuote(database.db, { customerId: acme.id });
    for (const who of ["svc", "rep", "boss", "root"] as const) {
      const cookie = await signIn(who);
      expect((await loadList(cookie)).status, `${who} list`).toBe(200);
      const page = await loadQuote(cookie, quote.id);
      expect(page.status, `${who} page`).toBe(200);
      expect((await page.json()).may.sell, `${who} may sell`).toBe(who !== "svc");
      expect((await loadPrint(cookie, quote.id)).status, `${who} print`).toBe(200);
    }
  });

  it("refuses a service user with 403 on building, editing, pricing and moving quotes", async () => {
    const draft = createQuote(database.db, { customerId: acme.id });
    const cookie = await signIn("svc");
    expect((await loadNew(cookie, `?customerId=${acme.id}`)).status).toBe(403);
    expect((await postNew(cookie, simpleForm())).status).toBe(403);
    expect((await loadEdit(cookie, draft.id)).status).toBe(403);
    expect((await postEdit(cookie, draft.id, simpleForm())).status).toBe(403);
    expect((await loadPrice(cookie, `?customerId=${acme.id}&productId=${hinge.id}`)).status).toBe(403);
    for (const intent of ["send", "accept", "reject"]) {
      expect((await postQuote(cookie, draft.id, intent)).status, intent).toBe(403);
    }
    expect(allQuotes()).toHaveLength(1);
    expect(quoteRow(draft.id)).toMatchObject({ status: "draft", totalMinor: draft.totalMinor });
    expect(quoteAudit(draft.id)).toEqual([]);
  });

  it("lets sales, managers and admins build quotes", async () => {
    for (const who of ["rep", "boss", "root"] as const) {
      const cookie = await signIn(who);
      expect((await loadNew(cookie, `?customerId=${acme.id}`)).status, who).toBe(200);
      expect((await postNew(cookie, simpleForm())).status, who).toBe(302);
    }
    expect(allQuotes().map((q) => q.number)).toEqual(["Q-2026-00001", "Q-2026-00002", "Q-2026-00003"]);
  });
});
