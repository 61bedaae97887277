import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { createCustomer, createProduct } from "~db/factories";
import { agreedPrices, auditLog } from "~db/schema";
import type { OpenDatabase } from "~db/client.server";
import * as prices from "~/routes/customers.$customerId_.prices";
import {
  agreedPriceFor,
  agreedPricesForCustomer,
  priceForQuote,
  removeAgreedPrice,
  setAgreedPrice,
} from "~/models/agreed-price.server";
import { createTeam, createTestDb, formRequest, getRequest, loaderArgs, respond, sessionCookieFor } from "./helpers";

let database: OpenDatabase;

beforeEach(async () => {
  database = createTestDb();
  await createTeam(database.db);
});

async function signIn(who: string) {
  return sessionCookieFor(`${who}@example.com`);
}

const load = (cookie: string, id: string, search = "") =>
  respond(() => prices.loader(loaderArgs(getRequest(`/customers/${id}/prices${search}`, cookie), { customerId: id })));
const post = (cookie: string, id: string, fields: Record<string, string>) =>
  respond(() => prices.action(loaderArgs(formRequest(`/customers/${id}/prices`, fields, { cookie }), { customerId: id })));

const by = () => ({ userId: null, at: new Date() });
const priceAudit = () =>
  database.db.select().from(auditLog).where(eq(auditLog.entity, "agreed_price")).orderBy(auditLog.id).all();

describe("agreed prices: roles", () => {
  it("shows a customer's prices to every role and lets only sales, managers and admins change them", async () => {
    const customer = createCustomer(database.db);
    const product = createProduct(database.db, { sku: "HG-100" });
    const id = String(customer.id);
    const canChange = { svc: 403, rep: 200, boss: 200, root: 200 };
    for (const [who, status] of Object.entries(canChange)) {
      const cookie = await signIn(who);
      const page = await load(cookie, id);
      expect(page.status, `${who} view`).toBe(200);
      const data = await page.json();
      expect(data.canSell, `${who} canSell`).toBe(status === 200);
      // Only those who may change prices get the product picker.
      expect(data.products.length, `${who} picker`).toBe(status === 200 ? 1 : 0);
      expect(data.canSeeHistory, `${who} history`).toBe(who === "root");
      expect(
        (await post(cookie, id, { intent: "set", productId: String(product.id), price: "0.90", currency: "USD" })).status,
        `${who} set`,
      ).toBe(status);
    }
    const row = agreedPriceFor(database.db, customer.id, product.id)!;
    expect((await post(await signIn("svc"), id, { intent: "remove", id: String(row.id) })).status).toBe(403);
    expect(agreedPriceFor(database.db, customer.id, product.id)).toBeDefined();
  });

  it("answers 404 for a customer that does not exist", async () => {
    const cookie = await signIn("rep");
    const product = createProduct(database.db);
    expect((await load(cookie, "999")).status).toBe(404);
    expect((await load(cookie, "abc")).status).toBe(404);
    expect(
      (await post(cookie, "999", { intent: "set", productId: String(product.id), price: "1", currency: "USD" })).status,
    ).toBe(404);
    expect(database.db.select().from(agreedPrices).all()).toHaveLength(0);
  });
});

describe("agreed prices: set and remove", () => {
  it("adds a price, then changes the same (customer, product) pair, auditing both", async () => {
    const customer = createCustomer(database.db, { name: "Acme GmbH" });
    const product = createProduct(database.db, { sku: "HG-100", name: "Hinge", listPriceMinor: 95, currency: "USD" });
    const cookie = await signIn("rep");
    const id = String(customer.id);

    const first = await post(cookie, id, { intent: "set", productId: String(product.id), price: "0.88", currency: "usd" });
    expect(first.status).toBe(200);
    expect((await first.json()).saved).toBe("HG-100");
    const second = await post(cookie, id, { intent: "set", productId: String(product.id), price: "1,000.5", currency: "EUR" });
    expect(second.status).toBe(200);

    const rows = database.db.select().from(agreedPrices).all();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ customerId: customer.id, productId: product.id, priceMinor: 100050, currency: "EUR" });

    const [created, updated] = priceAudit();
    expect(created).toMatchObject({
      action: "create",
      entityId: String(rows[0]!.id),
      before: null,
      after: { customerId: customer.id, productId: product.id, sku: "HG-100", priceMinor: 88, currency: "USD" },
    });
    expect(created!.userId).not.toBeNull();
    expect(updated).toMatchObject({
      action: "update",
      before: { priceMinor: 88, currency: "USD" },
      after: { priceMinor: 100050, currency: "EUR" },
    });

    const data = await (await load(cookie, id)).json();
    expect(data.customer).toEqual({ id: customer.id, name: "Acme GmbH" });
    expect(data.prices).toMatchObject([
      {
        sku: "HG-100",
        name: "Hinge",
        priceMinor: 100050,
        currency: "EUR",
        listPriceMinor: 95,
        listCurrency: "USD",
        productActive: true,
      },
    ]);
  });

  it("answers 400 with an error per field and keeps what was typed", async () => {
    const customer = createCustomer(database.db);
    const product = createProduct(database.db);
    const cookie = await signIn("boss");
    const id = String(customer.id);

    const fields = { intent: "set", productId: "", price: "12.345", currency: "USD" };
    const response = await post(cookie, id, fields);
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.errors).toEqual({
      productId: ["products.errors.productRequired"],
      price: ['products.errors.priceDecimals|{"digits":2,"currency":"USD"}'],
    });
    expect(body.values).toEqual(fields);

    const missing = await (
      await post(cookie, id, { intent: "set", productId: String(product.id), price: "", currency: "ZZZ" })
    ).json();
    expect(missing.errors).toEqual({ price: ["errors.required"], currency: ["errors.currency"] });
    expect(database.db.select().from(agreedPrices).all()).toHaveLength(0);
  });

  it("refuses a deactivated or unknown product", async () => {
    const customer = createCustomer(database.db);
    const retired = createProduct(database.db, { active: false });
    const cookie = await signIn("rep");
    for (const productId of [String(retired.id), "999"]) {
      const fields = { intent: "set", productId, price: "5", currency: "USD" };
      const response = await post(cookie, String(customer.id), fields);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ errors: { productId: ["products.errors.productUnavailable"] }, values: fields });
    }
    expect(database.db.select().from(agreedPrices).all()).toHaveLength(0);
  });

  it("removes a price of this customer only, and records the removal", async () => {
    const customer = createCustomer(database.db);
    const other = createCustomer(database.db);
    const product = createProduct(database.db, { sku: "HG-100" });
    const mine = setAgreedPrice(database.db, customer.id, { productId: product.id, priceMinor: 80, currency: "USD" }, by());
    const theirs = setAgreedPrice(database.db, other.id, { productId: product.id, priceMinor: 70, currency: "USD" }, by());
    if (!mine.ok || !theirs.ok) throw new Error("setup failed");
    const cookie = await signIn("boss");

    expect((await post(cookie, String(customer.id), { intent: "remove", id: String(theirs.agreedPrice.id) })).status).toBe(404);
    const removed = await post(cookie, String(customer.id), { intent: "remove", id: String(mine.agreedPrice.id) });
    expect(removed.status).toBe(200);
    expect((await removed.json()).removed).toBe("HG-100");
    expect(agreedPriceFor(database.db, customer.id, product.id)).toBeUndefined();
    expect(agreedPriceFor(database.db, other.id, product.id)).toBeDefined();
    expect(priceAudit().at(-1)).toMatchObject({
      action: "delete",
      entityId: String(mine.agreedPrice.id),
      before: { sku: "HG-100", priceMinor: 80 },
      after: null,
    });
    expect(removeAgreedPrice(database.db, customer.id, mine.agreedPrice.id, by())).toBeUndefined();
  });

  it("opens the form on an existing price to change it", async () => {
    const customer = createCustomer(database.db);
    const product = createProduct(database.db);
    setAgreedPrice(database.db, customer.id, { productId: product.id, priceMinor: 1234, currency: "EUR" }, by());
    const data = await (await load(await signIn("rep"), String(customer.id), `?product=${product.id}`)).json();
    expect(data.editing).toMatchObject({ productId: product.id, priceMinor: 1234, currency: "EUR" });
    const none = await (await load(await signIn("rep"), String(customer.id), "?product=oops")).json();
    expect(none.editing).toBeNull();
  });

  it("refuses an unknown intent", async () => {
    const customer = createCustomer(database.db);
    expect((await post(await signIn("rep"), String(customer.id), { intent: "explode" })).status).toBe(400);
  });
});

describe("priceForQuote", () => {
  it("uses the customer's agreed price, else the product's list price", () => {
    const customer = createCustomer(database.db);
    const other = createCustomer(database.db);
    const product = createProduct(database.db, { listPriceMinor: 95, currency: "USD" });
    setAgreedPrice(database.db, customer.id, { productId: product.id, priceMinor: 6200, currency: "CNY" }, by());

    expect(priceForQuote(database.db, customer.id, product.id)).toEqual({ priceMinor: 6200, currency: "CNY", source: "agreed" });
    expect(priceForQuote(database.db, other.id, product.id)).toEqual({ priceMinor: 95, currency: "USD", source: "list" });
    expect(priceForQuote(database.db, null, product.id)).toEqual({ priceMinor: 95, currency: "USD", source: "list" });
    expect(priceForQuote(database.db, customer.id, 999)).toBeUndefined();
  });

  it("lists a customer's prices by SKU with product details", () => {
    const customer = createCustomer(database.db);
    const b = createProduct(database.db, { sku: "B-2", name: "Bolt" });
    const a = createProduct(database.db, { sku: "A-1", name: "Anchor" });
    setAgreedPrice(database.db, customer.id, { productId: b.id, priceMinor: 20, currency: "USD" }, by());
    setAgreedPrice(database.db, customer.id, { productId: a.id, priceMinor: 10, currency: "USD" }, by());
    expect(agreedPricesForCustomer(database.db, customer.id).map((row) => [row.sku, row.name, row.priceMinor])).toEqual([
      ["A-1", "Anchor", 10],
      ["B-2", "Bolt", 20],
    ]);
    expect(
      database.db
        .select()
        .from(agreedPrices)
        .where(and(eq(agreedPrices.customerId, customer.id), eq(agreedPrices.productId, a.id)))
        .all(),
    ).toHaveLength(1);
  });
});
