/**
 * The order routes, called the way Remix calls them: taking an order (/orders/new) from an
 * accepted quote or directly, moving it along (/orders/:id) and the list (/orders).
 *
 * Date is frozen at Monday 2026-11-23 10:30:00 Shanghai (= 02:30:00Z); the team time zone is the
 * default Asia/Shanghai and the base currency USD. Only Date is faked.
 */
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  createCustomer,
  createInquiry,
  createOrder as insertOrder,
  createProduct,
  createQuote,
  type Customer,
  type Product,
  type QuoteWithLines,
  type User,
} from "~db/factories";
import { customers, inquiries, orderLines, orders, reminders, users } from "~db/schema";
import type { OpenDatabase } from "~db/client.server";
import * as list from "~/routes/orders._index";
import * as taking from "~/routes/orders.new";
import * as one from "~/routes/orders.$orderId";
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

// Monday 2026-11-23 10:30:00 Shanghai = 2026-11-23T02:30:00Z. Team day: 2026-11-23.
const NOW = sh("2026-11-23T10:30:00");

let database: OpenDatabase;
let rep: User;
let acme: Customer;
let berlin: Customer;
let hinge: Product;

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
  database = createTestDb();
  const team = await createTeam(database.db);
  rep = team.rep;
  acme = createCustomer(database.db, { name: "Acme GmbH", country: "DE", ownerId: rep.id, createdAt: sh("2025-01-01T10:00:00") });
  berlin = createCustomer(database.db, { name: "Berlin Tools AG", country: "DE" });
  hinge = createProduct(database.db, { sku: "HG-304-100", name: "Stainless hinge 100 mm", listPriceMinor: 95, currency: "USD" });
});

afterEach(() => {
  vi.useRealTimers();
});

type Who = "svc" | "rep" | "boss" | "root";

async function signIn(who: Who) {
  return sessionCookieFor(`${who}@example.com`);
}

const loadNew = (cookie: string, search: string) =>
  respond(() => taking.loader(loaderArgs(getRequest(`/orders/new${search}`, cookie))));
const postNew = (cookie: string, fields: Record<string, string>) =>
  respond(() => taking.action(loaderArgs(formRequest("/orders/new", fields, { cookie }))));
const loadOrder = (cookie: string, id: number | string) =>
  respond(() => one.loader(loaderArgs(getRequest(`/orders/${id}`, cookie), { orderId: String(id) })));
const postOrder = (cookie: string, id: number | string, fields: Record<string, string>) =>
  respond(() => one.action(loaderArgs(formRequest(`/orders/${id}`, fields, { cookie }), { orderId: String(id) })));
const loadList = (cookie: string, search = "") => respond(() => list.loader(loaderArgs(getRequest(`/orders${search}`, cookie))));

const orderRow = (id: number) => database.db.select().from(orders).where(eq(orders.id, id)).get()!;
const allOrders = () => database.db.select().from(orders).orderBy(orders.id).all();
const linesOf = (id: number) =>
  database.db.select().from(orderLines).where(eq(orderLines.orderId, id)).orderBy(orderLines.position).all();
const customerRow = (id: number) => database.db.select().from(customers).where(eq(customers.id, id)).get()!;
const inquiryStatus = (id: number) => database.db.select().from(inquiries).where(eq(inquiries.id, id)).get()!.status;
const inquiryAudit = (id: number) => auditEntries(database.db, "inquiry", id);
const orderAudit = (id: number) => auditEntries(database.db, "order", id);
const createdId = (response: Response) => Number(/^\/orders\/(\d+)$/.exec(response.headers.get("Location") ?? "")?.[1]);

/** A direct one-line order form for Acme in USD, dated today. */
const directForm = (overrides: Record<string, string> = {}) => ({
  customerId: String(acme.id),
  currency: "USD",
  fxRate: "",
  orderedOn: "2026-11-23",
  discount: "",
  "lines[0].productId": "",
  "lines[0].description": "Sample hinge",
  "lines[0].quantity": "10",
  "lines[0].unitPrice": "1.00",
  "lines[0].discount": "",
  ...overrides,
});

const fromQuoteForm = (quote: { id: number; customerId: number }, overrides: Record<string, string> = {}) => ({
  customerId: String(quote.customerId),
  quoteId: String(quote.id),
  currency: "USD",
  fxRate: "",
  orderedOn: "2026-11-23",
  ...overrides,
});

// ---------------------------------------------------------------------------------------------
// From a quote
// ---------------------------------------------------------------------------------------------

describe("order from a quote", () => {
  let inquiryId: number;
  let quote: QuoteWithLines;

  beforeEach(() => {
    inquiryId = createInquiry(database.db, {
      customerId: acme.id,
      receivedAt: sh("2026-11-10T10:00:00"),
      firstResponse: { at: sh("2026-11-10T10:00:20"), by: rep.id },
      status: "quoted",
    }).id;
    quote = createQuote(database.db, {
      customerId: acme.id,
      inquiryId,
      createdAt: sh("2026-11-12T10:00:00"),
      status: "accepted",
      discountBps: 250,
      lines: [
        { productId: hinge.id, description: "Hinge", quantity: 1000, unitPriceMinor: 95 },
        { description: "Screws", quantity: 333, unitPriceMinor: 7, discountBps: 1000 },
      ],
    });
  });

  it("copies the lines and discount of an accepted quote, totals equal the quote's, the inquiry is won", async () => {
    // Line 0: 1 000 × 95 = 95 000. Line 1: 333 × 7 = 2 331, less 10 % = 2 097.9 → 2 098.
    // Subtotal 97 098; 2.5 % = 2 427.45 → 2 427; total 97 098 − 2 427 = 94 671.
    expect(quote.totalMinor).toBe(94_671);

    const cookie = await signIn("rep");
    const page = await loadNew(cookie, `?quoteId=${quote.id}`);
    expect(page.status).toBe(200);
    const form = await page.json();
    expect(form.customer).toEqual({ id: acme.id, name: "Acme GmbH" });
    expect(form.inquiryId).toBe(inquiryId);
    expect(form.today).toBe("2026-11-23");

    const response = await postNew(cookie, fromQuoteForm(quote));
    expect(response.status).toBe(302);
    const id = createdId(response);
    expect(orderRow(id)).toMatchObject({
      number: "SO-2026-00001",
      customerId: acme.id,
      quoteId: quote.id,
      inquiryId,
      currency: "USD",
      fxRate: "1",
      discountBps: 250,
      totalMinor: 94_671,
      totalBaseMinor: 94_671,
      status: "confirmed",
      createdById: rep.id,
    });
    // Taken today: the order time is now.
    expect(orderRow(id).orderedAt).toEqual(NOW);
    expect(
      linesOf(id).map(({ productId, description, quantity, unitPriceMinor, discountBps, lineTotalMinor }) => [
        productId,
        description,
        quantity,
        unitPriceMinor,
        discountBps,
        lineTotalMinor,
      ]),
    ).toEqual([
      [hinge.id, "Hinge", 1000, 95, 0, 95_000],
      [null, "Screws", 333, 7, 1000, 2_098],
    ]);
    expect(inquiryStatus(inquiryId)).toBe("won");
  });

  it("ignores lines typed into a form that names a quote", async () => {
    const response = await postNew(
      await signIn("rep"),
      fromQuoteForm(quote, {
        "lines[0].description": "Sneaky",
        "lines[0].quantity": "1",
        "lines[0].unitPrice": "0.01",
        discount: "50",
      }),
    );
    expect(response.status).toBe(302);
    const id = createdId(response);
    expect(orderRow(id)).toMatchObject({ totalMinor: 94_671, discountBps: 250 });
    expect(linesOf(id).map((line) => line.description)).toEqual(["Hinge", "Screws"]);
  });

  it("refuses a second order from the same quote unless the first is cancelled", async () => {
    const cookie = await signIn("rep");
    const first = createdId(await postNew(cookie, fromQuoteForm(quote)));
    const second = await postNew(cookie, fromQuoteForm(quote));
    expect(second.status).toBe(409);
    expect((await second.json()).errors).toEqual({ "": ["documents.errors.quoteHasOrder"] });
    expect(allOrders()).toHaveLength(1);

    expect((await postOrder(cookie, first, { status: "cancelled", cancelReason: "Buyer changed the finish" })).status).toBe(200);
    const again = await postNew(cookie, fromQuoteForm(quote));
    expect(again.status).toBe(302);
    expect(orderRow(createdId(again))).toMatchObject({ quoteId: quote.id, totalMinor: 94_671, number: "SO-2026-00002" });
  });

  it("refuses a quote that is not accepted", async () => {
    const cookie = await signIn("rep");
    for (const status of ["draft", "sent", "rejected", "expired"] as const) {
      const other = createQuote(database.db, { customerId: acme.id, status });
      expect((await loadNew(cookie, `?quoteId=${other.id}`)).status, status).toBe(409);
      const response = await postNew(cookie, fromQuoteForm(other));
      expect(response.status, status).toBe(409);
      expect((await response.json()).errors, status).toEqual({ "": ["documents.errors.quoteNotAccepted"] });
    }
    expect(allOrders()).toHaveLength(0);
    expect((await loadNew(cookie, "?quoteId=99999")).status).toBe(404);
    const unknown = await postNew(cookie, fromQuoteForm({ id: 99_999, customerId: acme.id }));
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).errors).toMatchObject({ quoteId: ["errors.invalid"] });
    expect(allOrders()).toHaveLength(0);
  });

  it("takes the currency of the quote, which then needs a rate", async () => {
    // 40 × 12.34 EUR = 40 × 1 234 = 49 360 euro cents, no discounts.
    const euroQuote = createQuote(database.db, {
      customerId: berlin.id,
      currency: "EUR",
      status: "accepted",
      lines: [{ description: "Lock, EU cylinder", quantity: 40, unitPriceMinor: 1234 }],
    });
    expect(euroQuote.totalMinor).toBe(49_360);
    const cookie = await signIn("rep");
    // The form says USD, but the quote is in EUR: a rate is required.
    const noRate = await postNew(cookie, fromQuoteForm(euroQuote, { currency: "USD" }));
    expect(noRate.status).toBe(400);
    expect((await noRate.json()).errors).toEqual({ fxRate: ["documents.errors.fxRequired"] });

    const response = await postNew(cookie, fromQuoteForm(euroQuote, { currency: "USD", fxRate: "1.0850" }));
    expect(response.status).toBe(302);
    // 49 360 × 1.085 = 49 360 + 4 195.6 = 53 555.6 → 53 556.
    expect(orderRow(createdId(response))).toMatchObject({
      currency: "EUR",
      fxRate: "1.0850",
      totalMinor: 49_360,
      totalBaseMinor: 53_556,
    });
  });

  it("marks the inquiry of the quote won even when the order names no inquiry", async () => {
    const fresh = createInquiry(database.db, { customerId: berlin.id, status: "quoted" });
    const theirQuote = createQuote(database.db, { customerId: berlin.id, inquiryId: fresh.id, status: "accepted" });
    const response = await postNew(await signIn("boss"), fromQuoteForm(theirQuote));
    expect(response.status).toBe(302);
    expect(orderRow(createdId(response))).toMatchObject({ customerId: berlin.id, inquiryId: fresh.id });
    expect(inquiryStatus(fresh.id)).toBe("won");
    const boss = database.db.select().from(users).where(eq(users.email, "boss@example.com")).get()!;
    expect(inquiryAudit(fresh.id).map((e) => [e.action, e.userId, e.before, e.after])).toEqual([
      ["update", boss.id, { status: "quoted" }, { status: "won" }],
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Direct orders: currency, rate, date
// ---------------------------------------------------------------------------------------------

describe("direct order /orders/new", () => {
  // 20 × 75.05 EUR = 20 × 7 505 = 150 100 euro cents.
  const euroForm = (fxRate: string) =>
    directForm({
      currency: "EUR",
      fxRate,
      orderedOn: "2026-11-20",
      "lines[0].description": "Hinge, EU finish",
      "lines[0].quantity": "20",
      "lines[0].unitPrice": "75.05",
    });

  it("asks for the rate of a currency other than the base currency", async () => {
    const fields = euroForm("");
    const response = await postNew(await signIn("rep"), fields);
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.errors).toEqual({ fxRate: ["documents.errors.fxRequired"] });
    expect(body.values).toEqual(fields);
    for (const bad of ["abc", "0", "0.0000", "-1.08", "1,085"]) {
      const refused = await postNew(await signIn("rep"), euroForm(bad));
      expect(refused.status, bad).toBe(400);
      expect((await refused.json()).errors, bad).toEqual({ fxRate: ["documents.errors.fxRate"] });
    }
    expect(allOrders()).toHaveLength(0);
  });

  it("stores the total in base currency at the rate, rounded half up exactly", async () => {
    const response = await postNew(await signIn("rep"), euroForm("1.0850"));
    expect(response.status).toBe(302);
    const id = createdId(response);
    // 150 100 × 1.0850 = 150 100 + 150 100 × 0.085 = 150 100 + 12 758.5 = 162 858.5 → half up 162 859.
    // (Half to even would give 162 858, and so would Math.round(150100 * 1.085) = 162 858.49999…)
    expect(orderRow(id)).toMatchObject({
      currency: "EUR",
      fxRate: "1.0850",
      totalMinor: 150_100,
      totalBaseMinor: 162_859,
      discountBps: 0,
    });
    // A past day is that day's start in the team time zone: 2026-11-20 00:00 Shanghai = 2026-11-19T16:00Z.
    expect(orderRow(id).orderedAt).toEqual(new Date("2026-11-19T16:00:00Z"));
    expect(linesOf(id)).toMatchObject([
      { description: "Hinge, EU finish", quantity: 20, unitPriceMinor: 7505, lineTotalMinor: 150_100 },
    ]);
  });

  it("computes line and order discounts on a direct order", async () => {
    const response = await postNew(
      await signIn("rep"),
      directForm({
        discount: "3",
        "lines[0].productId": String(hinge.id),
        "lines[0].description": "",
        "lines[0].quantity": "1,001",
        "lines[0].unitPrice": "",
        "lines[0].discount": "7.5",
      }),
    );
    expect(response.status).toBe(302);
    const id = createdId(response);
    // The list price 0.95 is filled in: 1 001 × 95 = 95 095; less 7.5 % = 95 095 × 0.925 = 87 962.875 → 87 963.
    // Order discount 3 %: 87 963 × 0.03 = 2 638.89 → 2 639; total 87 963 − 2 639 = 85 324.
    expect(linesOf(id)).toMatchObject([
      {
        productId: hinge.id,
        description: "Stainless hinge 100 mm (HG-304-100)",
        unitPriceMinor: 95,
        discountBps: 750,
        lineTotalMinor: 87_963,
      },
    ]);
    expect(orderRow(id)).toMatchObject({ discountBps: 300, totalMinor: 85_324, totalBaseMinor: 85_324, fxRate: "1" });
  });

  it("takes no rate other than 1 for the base currency", async () => {
    const cookie = await signIn("rep");
    const response = await postNew(cookie, directForm({ fxRate: "1.08" }));
    expect(response.status).toBe(400);
    expect((await response.json()).errors).toEqual({ fxRate: ["documents.errors.baseRate"] });
    expect(allOrders()).toHaveLength(0);
    // "1.000" is the same as 1, and stored as "1".
    const one = await postNew(cookie, directForm({ fxRate: "1.000" }));
    expect(one.status).toBe(302);
    expect(orderRow(createdId(one)).fxRate).toBe("1");
  });

  it("refuses an order date in the future, judged by the team's calendar", async () => {
    const cookie = await signIn("rep");
    const response = await postNew(cookie, directForm({ orderedOn: "2026-11-24" }));
    expect(response.status).toBe(400);
    expect((await response.json()).errors).toEqual({ orderedOn: ["documents.errors.futureDate"] });
    const bad = await postNew(cookie, directForm({ orderedOn: "23/11/2026" }));
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors).toEqual({ orderedOn: ["errors.invalid"] });
    expect(allOrders()).toHaveLength(0);

    // 2026-11-23T16:30Z is still the 23rd in UTC but 00:30 on the 24th in Shanghai: the 24th is today.
    vi.setSystemTime(new Date("2026-11-23T16:30:00Z"));
    const today = await postNew(cookie, directForm({ orderedOn: "2026-11-24" }));
    expect(today.status).toBe(302);
    expect(orderRow(createdId(today)).orderedAt).toEqual(new Date("2026-11-23T16:30:00Z"));
  });

  it("answers 400 with errors per line for bad lines, keeping the values", async () => {
    const fields = directForm({
      "lines[0].quantity": "2.5",
      "lines[1].description": "Lock",
      "lines[1].quantity": "2",
      "lines[1].unitPrice": "1.234",
    });
    const response = await postNew(await signIn("rep"), fields);
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.errors).toEqual({ "lines[0].quantity": ["errors.integer"], "lines[1].unitPrice": ["documents.errors.price"] });
    expect(body.values).toEqual(fields);
    expect((await (await postNew(await signIn("rep"), directForm({ customerId: "99999" }))).json()).errors).toEqual({
      customerId: ["errors.invalid"],
    });
  });

  it("refuses an unknown inquiry as a field error instead of failing", async () => {
    const response = await postNew(await signIn("rep"), directForm({ inquiryId: "99999" }));
    expect(response.status).toBe(400);
    expect((await response.json()).errors).toEqual({ inquiryId: ["errors.invalid"] });
    expect(allOrders()).toHaveLength(0);
  });
});

// ---------------------------------------------------------------------------------------------
// What an order changes elsewhere
// ---------------------------------------------------------------------------------------------

describe("effects of taking an order", () => {
  it("marks a linked inquiry won; a spam inquiry stays spam", async () => {
    const responded = createInquiry(database.db, { customerId: acme.id, status: "responded" });
    const spam = createInquiry(database.db, { customerId: acme.id, status: "spam" });
    const cookie = await signIn("rep");
    expect((await postNew(cookie, directForm({ inquiryId: String(responded.id) }))).status).toBe(302);
    expect(inquiryStatus(responded.id)).toBe("won");
    expect((await postNew(cookie, directForm({ inquiryId: String(spam.id) }))).status).toBe(302);
    expect(inquiryStatus(spam.id)).toBe("spam");
  });

  it("audits the inquiry's win with who took the order; a spam or already won inquiry gets no entry", async () => {
    const responded = createInquiry(database.db, { customerId: acme.id, status: "responded" });
    const spam = createInquiry(database.db, { customerId: acme.id, status: "spam" });
    const won = createInquiry(database.db, { customerId: acme.id, status: "won" });
    const cookie = await signIn("rep");
    for (const inquiry of [responded, spam, won]) {
      expect((await postNew(cookie, directForm({ inquiryId: String(inquiry.id) }))).status).toBe(302);
    }
    expect(inquiryAudit(responded.id).map((e) => [e.action, e.userId, e.at, e.before, e.after])).toEqual([
      ["update", rep.id, NOW, { status: "responded" }, { status: "won" }],
    ]);
    expect(inquiryAudit(spam.id)).toEqual([]);
    expect(inquiryAudit(won.id)).toEqual([]);
  });

  it("closes the customer's open repurchase reminders as ordered, and only those", async () => {
    const db = database.db;
    const reminder = (
      customerId: number,
      kind: "repurchase" | "tier_change",
      status: "open" | "snoozed" | "dismissed",
      cycleKey: string,
    ) =>
      db
        .insert(reminders)
        .values({
          kind,
          customerId,
          ownerId: rep.id,
          dueAt: sh("2026-11-20T07:00:00"),
          status,
          reason: cycleKey,
          cycleKey,
          createdAt: sh("2026-11-20T07:00:00"),
          updatedAt: sh("2026-11-20T07:00:00"),
        })
        .returning()
        .get().id;
    const open = reminder(acme.id, "repurchase", "open", "2026-08-01");
    const snoozed = reminder(acme.id, "repurchase", "snoozed", "2026-05-01");
    const dismissed = reminder(acme.id, "repurchase", "dismissed", "2026-02-01");
    const tierChange = reminder(acme.id, "tier_change", "open", "2026-11-20");
    const otherCustomer = reminder(berlin.id, "repurchase", "open", "2026-08-01");
    // Raised for a purchase on the order's own day: a second order that day is the same purchase.
    const sameDay = reminder(acme.id, "repurchase", "open", "2026-11-23");

    expect((await postNew(await signIn("rep"), directForm())).status).toBe(302);
    const byId = new Map(
      db
        .select()
        .from(reminders)
        .all()
        .map((r) => [r.id, r]),
    );
    expect(byId.get(open)).toMatchObject({ status: "done", outcome: "ordered", closedAt: NOW });
    expect(byId.get(snoozed)).toMatchObject({ status: "done", outcome: "ordered", closedAt: NOW });
    expect(byId.get(dismissed)).toMatchObject({ status: "dismissed", outcome: null, closedAt: null });
    expect(byId.get(tierChange)).toMatchObject({ status: "open", outcome: null });
    expect(byId.get(otherCustomer)).toMatchObject({ status: "open", outcome: null });
    expect(byId.get(sameDay)).toMatchObject({ status: "open", outcome: null });
  });

  it("refreshes the customer's figures, and a cancelled order drops out of them", async () => {
    expect(customerRow(acme.id)).toMatchObject({ ordersCount: 0, revenue12mMinor: 0, revenueTotalMinor: 0, lastOrderAt: null });
    const cookie = await signIn("rep");
    // 10 × 1.00 USD = 1 000 cents, today.
    const usd = createdId(await postNew(cookie, directForm()));
    expect(customerRow(acme.id)).toMatchObject({ ordersCount: 1, revenue12mMinor: 1_000, revenueTotalMinor: 1_000 });
    expect(customerRow(acme.id).lastOrderAt).toEqual(NOW);

    // 3 × 100.00 EUR = 30 000 euro cents at 1.0850 → 32 550 US cents exactly, on 2026-11-20.
    const eur = createdId(
      await postNew(
        cookie,
        directForm({
          currency: "EUR",
          fxRate: "1.0850",
          orderedOn: "2026-11-20",
          "lines[0].quantity": "3",
          "lines[0].unitPrice": "100",
        }),
      ),
    );
    expect(orderRow(eur).totalBaseMinor).toBe(32_550);
    // 1 000 + 32 550 = 33 550.
    expect(customerRow(acme.id)).toMatchObject({ ordersCount: 2, revenue12mMinor: 33_550, revenueTotalMinor: 33_550 });
    expect(customerRow(acme.id).firstOrderAt).toEqual(new Date("2026-11-19T16:00:00Z"));

    expect((await postOrder(cookie, usd, { status: "cancelled", cancelReason: "Paid twice by mistake" })).status).toBe(200);
    expect(customerRow(acme.id)).toMatchObject({ ordersCount: 1, revenue12mMinor: 32_550, revenueTotalMinor: 32_550 });
    expect(customerRow(acme.id).lastOrderAt).toEqual(new Date("2026-11-19T16:00:00Z"));
  });

  it("records the creation and each status change in the audit trail", async () => {
    const cookie = await signIn("rep");
    const id = createdId(await postNew(cookie, directForm()));
    await postOrder(cookie, id, { status: "deposit_paid" });
    await postOrder(cookie, id, { status: "cancelled", cancelReason: "Factory fire" });
    const entries = orderAudit(id);
    expect(entries.map((e) => [e.action, e.userId])).toEqual([
      ["create", rep.id],
      ["update", rep.id],
      ["update", rep.id],
    ]);
    expect(entries[0]!.after).toMatchObject({
      number: "SO-2026-00001",
      customerId: acme.id,
      currency: "USD",
      fxRate: "1",
      totalMinor: 1_000,
      totalBaseMinor: 1_000,
      orderedAt: NOW.toISOString(),
    });
    expect(entries[1]).toMatchObject({ before: { status: "confirmed" }, after: { status: "deposit_paid" } });
    expect(entries[2]).toMatchObject({
      before: { status: "deposit_paid" },
      after: { status: "cancelled", cancelReason: "Factory fire" },
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Status flow
// ---------------------------------------------------------------------------------------------

describe("order status /orders/:id", () => {
  it("moves forward only, one or more steps at a time", async () => {
    const cookie = await signIn("rep");
    const id = insertOrder(database.db, { customerId: acme.id, orderedAt: sh("2026-11-01T10:00:00"), totalMinor: 50_000 }).id;
    const move = async (status: string) => (await postOrder(cookie, id, { status })).status;

    const page = await (await loadOrder(cookie, id)).json();
    expect(page.next).toEqual(["deposit_paid", "in_production", "shipped", "completed", "cancelled"]);

    expect(await move("deposit_paid")).toBe(200);
    expect(orderRow(id).status).toBe("deposit_paid");
    // Skipping production is allowed (forward).
    expect(await move("shipped")).toBe(200);
    // Backwards or standing still is not.
    for (const back of ["in_production", "deposit_paid", "confirmed", "shipped"]) {
      const refused = await postOrder(cookie, id, { status: back });
      expect(refused.status, back).toBe(409);
      expect(await refused.json()).toEqual({ errors: { status: ["documents.errors.notAllowed"] } });
    }
    expect(orderRow(id).status).toBe("shipped");
    expect(await move("completed")).toBe(200);
    expect(orderRow(id).status).toBe("completed");
    expect((await (await loadOrder(cookie, id)).json()).next).toEqual([]);
  });

  it("needs a reason to cancel (400), and a completed order cannot be cancelled (409)", async () => {
    const cookie = await signIn("boss");
    const id = insertOrder(database.db, {
      customerId: acme.id,
      orderedAt: sh("2026-11-01T10:00:00"),
      totalMinor: 50_000,
      status: "in_production",
    }).id;
    const noReason = await postOrder(cookie, id, { status: "cancelled", cancelReason: "  " });
    expect(noReason.status).toBe(400);
    expect(await noReason.json()).toEqual({
      errors: { cancelReason: ["documents.errors.cancelReason"] },
      values: { status: "cancelled", cancelReason: "  " },
    });
    expect(orderRow(id).status).toBe("in_production");

    const cancelled = await postOrder(cookie, id, { status: "cancelled", cancelReason: "Buyer went bankrupt" });
    expect(cancelled.status).toBe(200);
    expect(await cancelled.json()).toEqual({ done: "cancelled" });
    expect(orderRow(id)).toMatchObject({ status: "cancelled", cancelReason: "Buyer went bankrupt" });
    // Cancelled is final.
    expect((await postOrder(cookie, id, { status: "shipped" })).status).toBe(409);
    expect((await postOrder(cookie, id, { status: "cancelled", cancelReason: "Again" })).status).toBe(409);

    const completed = insertOrder(database.db, {
      customerId: acme.id,
      orderedAt: sh("2026-10-01T10:00:00"),
      totalMinor: 20_000,
      status: "completed",
    }).id;
    const refused = await postOrder(cookie, completed, { status: "cancelled", cancelReason: "Too late" });
    expect(refused.status).toBe(409);
    expect(orderRow(completed)).toMatchObject({ status: "completed", cancelReason: null });
  });

  it("answers 404 for an unknown order and 400 for an unknown status", async () => {
    const cookie = await signIn("rep");
    expect((await postOrder(cookie, 99_999, { status: "shipped" })).status).toBe(404);
    expect((await postOrder(cookie, "abc", { status: "shipped" })).status).toBe(404);
    expect((await loadOrder(cookie, 99_999)).status).toBe(404);
    const id = insertOrder(database.db, { customerId: acme.id, totalMinor: 1_000 }).id;
    const bad = await postOrder(cookie, id, { status: "lost_at_sea" });
    expect(bad.status).toBe(400);
    expect(Object.keys((await bad.json()).errors)).toEqual(["status"]);
  });
});

// ---------------------------------------------------------------------------------------------
// The list
// ---------------------------------------------------------------------------------------------

describe("order list /orders", () => {
  let o1: number;
  let o2: number;
  let o3: number;
  let o4: number;

  beforeEach(() => {
    const db = database.db;
    // O1: 2026-11-20 23:30 Shanghai (15:30Z), Acme, 100.00 USD, confirmed.
    o1 = insertOrder(db, { customerId: acme.id, orderedAt: new Date("2026-11-20T15:30:00Z"), totalMinor: 10_000 }).id;
    // O2: 2026-11-21 00:30 Shanghai (still the 20th in UTC), Berlin, 200.00 EUR at 1.0850 → 21 700, shipped.
    o2 = insertOrder(db, {
      customerId: berlin.id,
      orderedAt: new Date("2026-11-20T16:30:00Z"),
      currency: "EUR",
      fxRate: "1.0850",
      totalMinor: 20_000,
      status: "shipped",
    }).id;
    // O3: 2026-11-22 10:00 Shanghai, Acme, 300.00 USD, cancelled.
    o3 = insertOrder(db, {
      customerId: acme.id,
      orderedAt: sh("2026-11-22T10:00:00"),
      totalMinor: 30_000,
      status: "cancelled",
      cancelReason: "Duplicate",
    }).id;
    // O4: 2026-11-23 09:00 Shanghai, Berlin, 1 000.00 CNY at 0.1390 → 13 900, completed, imported as EXT-77.
    o4 = insertOrder(db, {
      customerId: berlin.id,
      orderedAt: sh("2026-11-23T09:00:00"),
      currency: "CNY",
      fxRate: "0.1390",
      totalMinor: 100_000,
      status: "completed",
      externalId: "EXT-77",
    }).id;
  });

  async function page(search: string) {
    const response = await loadList(await signIn("svc"), search);
    expect(response.status, search).toBe(200);
    const body = (await response.json()).page as { rows: { id: number }[]; total: number; totalBaseMinor: number };
    return { ids: body.rows.map((row) => row.id), total: body.total, baseMinor: body.totalBaseMinor };
  }

  it("lists newest first with the base-currency total of the non-cancelled orders", async () => {
    expect(orderRow(o2).totalBaseMinor).toBe(21_700);
    expect(orderRow(o4).totalBaseMinor).toBe(13_900);
    // 10 000 + 21 700 + 13 900 = 45 600 (O3's 30 000 is cancelled).
    expect(await page("")).toEqual({ ids: [o4, o3, o2, o1], total: 4, baseMinor: 45_600 });
  });

  it("filters by status", async () => {
    expect(await page("?status=cancelled")).toEqual({ ids: [o3], total: 1, baseMinor: 0 });
    expect(await page("?status=shipped")).toEqual({ ids: [o2], total: 1, baseMinor: 21_700 });
    expect(await page("?status=bogus")).toMatchObject({ total: 4 });
  });

  it("filters by whole days in the team's time zone", async () => {
    // From the 21st (Shanghai): O2 (00:30 on the 21st), O3, O4 → 21 700 + 13 900 = 35 600.
    expect(await page("?from=2026-11-21")).toEqual({ ids: [o4, o3, o2], total: 3, baseMinor: 35_600 });
    // To the 20th inclusive: only O1 (23:30 on the 20th).
    expect(await page("?to=2026-11-20")).toEqual({ ids: [o1], total: 1, baseMinor: 10_000 });
    expect(await page("?from=2026-11-21&to=2026-11-21")).toEqual({ ids: [o2], total: 1, baseMinor: 21_700 });
    // The 22nd: only the cancelled O3.
    expect(await page("?from=2026-11-22&to=2026-11-22")).toEqual({ ids: [o3], total: 1, baseMinor: 0 });
  });

  it("searches number, external id and customer name, taking % literally", async () => {
    // Berlin's: 21 700 + 13 900 = 35 600.
    expect(await page("?q=berlin")).toEqual({ ids: [o4, o2], total: 2, baseMinor: 35_600 });
    expect(await page("?q=ACME")).toEqual({ ids: [o3, o1], total: 2, baseMinor: 10_000 });
    expect(await page("?q=EXT-77")).toEqual({ ids: [o4], total: 1, baseMinor: 13_900 });
    expect(await page(`?q=${orderRow(o2).number}`)).toEqual({ ids: [o2], total: 1, baseMinor: 21_700 });
    expect(await page("?q=%25")).toEqual({ ids: [], total: 0, baseMinor: 0 });
  });

  it("combines the filters", async () => {
    expect(await page("?q=acme&from=2026-11-21")).toEqual({ ids: [o3], total: 1, baseMinor: 0 });
    expect(await page("?q=berlin&status=completed&to=2026-11-23")).toEqual({ ids: [o4], total: 1, baseMinor: 13_900 });
    expect(await page(`?customerId=${acme.id}&status=confirmed`)).toEqual({ ids: [o1], total: 1, baseMinor: 10_000 });
  });
});

// ---------------------------------------------------------------------------------------------
// Roles
// ---------------------------------------------------------------------------------------------

describe("orders: roles (SPEC §8)", () => {
  it("lets every role see orders", async () => {
    const id = insertOrder(database.db, { customerId: acme.id, totalMinor: 1_000 }).id;
    for (const who of ["svc", "rep", "boss", "root"] as const) {
      const cookie = await signIn(who);
      expect((await loadList(cookie)).status, `${who} list`).toBe(200);
      const response = await loadOrder(cookie, id);
      expect(response.status, `${who} page`).toBe(200);
      expect((await response.json()).may.sell, `${who} may sell`).toBe(who !== "svc");
    }
  });

  it("refuses a service user with 403 on taking and changing orders", async () => {
    const quote = createQuote(database.db, { customerId: acme.id, status: "accepted" });
    const existing = insertOrder(database.db, { customerId: acme.id, totalMinor: 1_000 });
    const cookie = await signIn("svc");
    expect((await loadNew(cookie, `?customerId=${acme.id}`)).status).toBe(403);
    expect((await loadNew(cookie, `?quoteId=${quote.id}`)).status).toBe(403);
    expect((await postNew(cookie, directForm())).status).toBe(403);
    expect((await postNew(cookie, fromQuoteForm(quote))).status).toBe(403);
    expect((await postOrder(cookie, existing.id, { status: "deposit_paid" })).status).toBe(403);
    expect((await postOrder(cookie, existing.id, { status: "cancelled", cancelReason: "No" })).status).toBe(403);
    expect(allOrders()).toHaveLength(1);
    expect(orderRow(existing.id).status).toBe("confirmed");
  });

  it("lets sales, managers and admins take orders", async () => {
    for (const who of ["rep", "boss", "root"] as const) {
      const cookie = await signIn(who);
      expect((await loadNew(cookie, `?customerId=${acme.id}`)).status, who).toBe(200);
      expect((await postNew(cookie, directForm())).status, who).toBe(302);
    }
    expect(allOrders().map((o) => o.number)).toEqual(["SO-2026-00001", "SO-2026-00002", "SO-2026-00003"]);
  });
});
