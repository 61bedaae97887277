import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { createCustomer, createProduct as insertProduct } from "~db/factories";
import { agreedPrices, auditLog, products } from "~db/schema";
import type { OpenDatabase } from "~db/client.server";
import * as list from "~/routes/products._index";
import * as edit from "~/routes/products.$productId";
import {
  createProduct,
  getProduct,
  listCategories,
  listProducts,
  productOptions,
  setProductActive,
  updateProduct,
} from "~/models/product.server";
import { productSchema } from "~/schemas/product";
import { createTeam, createTestDb, formRequest, getRequest, loaderArgs, respond, sessionCookieFor } from "./helpers";

let database: OpenDatabase;

beforeEach(async () => {
  database = createTestDb();
  await createTeam(database.db);
});

async function signIn(who: string) {
  return sessionCookieFor(`${who}@example.com`);
}

const loadList = (cookie: string, search = "") =>
  respond(() => list.loader(loaderArgs(getRequest(`/products${search}`, cookie))));
const postList = (cookie: string, fields: Record<string, string>) =>
  respond(() => list.action(loaderArgs(formRequest("/products?index", fields, { cookie }))));
const loadEdit = (cookie: string, id: string) =>
  respond(() => edit.loader(loaderArgs(getRequest(`/products/${id}`, cookie), { productId: id })));
const postEdit = (cookie: string, id: string, fields: Record<string, string>) =>
  respond(() => edit.action(loaderArgs(formRequest(`/products/${id}`, fields, { cookie }), { productId: id })));

const valid = { sku: "HG-304-100", name: "Stainless hinge 100 mm", category: "Hinges", listPrice: "1,234.56", currency: "usd" };
const productAudit = (id: number) =>
  database.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entity, "product"), eq(auditLog.entityId, String(id))))
    .orderBy(auditLog.id)
    .all();

describe("products: roles", () => {
  it("shows products to every role and lets only sales, managers and admins change them", async () => {
    const product = insertProduct(database.db, { sku: "SEED-1" });
    const id = String(product.id);
    const canChange = { svc: 403, rep: 200, boss: 200, root: 200 };
    for (const [who, status] of Object.entries(canChange)) {
      const cookie = await signIn(who);
      const listed = await loadList(cookie);
      expect(listed.status, `${who} list`).toBe(200);
      expect((await listed.json()).canSell, `${who} canSell`).toBe(status === 200);
      expect((await loadEdit(cookie, id)).status, `${who} view`).toBe(200);
      expect((await postList(cookie, { ...valid, sku: `BY-${who}` })).status, `${who} create`).toBe(status);
      expect((await postEdit(cookie, id, { intent: "update", ...valid, sku: `SEED-${who}` })).status, `${who} update`).toBe(
        status,
      );
    }
    const service = await signIn("svc");
    for (const intent of ["deactivate", "reactivate", "delete"]) {
      expect((await postEdit(service, id, { intent })).status, `svc ${intent}`).toBe(403);
    }
    expect(getProduct(database.db, product.id)).toMatchObject({ sku: "SEED-root", active: true });
    expect(listProducts(database.db, { q: "BY-svc" }).total).toBe(0);
  });

  it("sends a visitor who is not signed in to the sign-in page", async () => {
    const response = await respond(() => list.loader(loaderArgs(getRequest("/products"))));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/login?redirectTo=%2Fproducts");
  });
});

describe("products: create", () => {
  it("creates a product with its exact list price and records who created it", async () => {
    const response = await postList(await signIn("rep"), valid);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.created.sku).toBe("HG-304-100");
    const stored = getProduct(database.db, body.created.id)!;
    expect(stored).toMatchObject({
      sku: "HG-304-100",
      category: "Hinges",
      listPriceMinor: 123456,
      currency: "USD",
      active: true,
    });

    const [entry, ...rest] = productAudit(stored.id);
    expect(rest).toHaveLength(0);
    expect(entry).toMatchObject({ action: "create", before: null });
    expect(entry!.after).toEqual({
      sku: "HG-304-100",
      name: "Stainless hinge 100 mm",
      category: "Hinges",
      listPriceMinor: 123456,
      currency: "USD",
      active: true,
    });
    expect(entry!.userId).not.toBeNull();
  });

  it("answers 400 with an error per field and keeps what was typed", async () => {
    const cookie = await signIn("boss");
    const fields = { sku: " ", name: "", category: "", listPrice: "", currency: "US" };
    const empty = await postList(cookie, fields);
    expect(empty.status).toBe(400);
    const body = await empty.json();
    expect(body.errors).toEqual({
      sku: ["errors.required"],
      name: ["errors.required"],
      listPrice: ["errors.required"],
      currency: ["errors.currency"],
    });
    expect(body.values).toEqual(fields);

    const long = { sku: "S".repeat(61), name: "n".repeat(201), category: "c".repeat(101), listPrice: "12.50", currency: "EUR" };
    const tooLong = await (await postList(cookie, long)).json();
    expect(tooLong.errors).toEqual({
      sku: ['errors.tooLong|{"maximum":60}'],
      name: ['errors.tooLong|{"maximum":200}'],
      category: ['errors.tooLong|{"maximum":100}'],
    });
    expect(tooLong.values).toEqual(long);
    expect(database.db.select().from(products).all()).toHaveLength(0);
  });

  it("refuses more decimals than the currency has, together with the other fields' errors", async () => {
    const cookie = await signIn("boss");
    const response = await postList(cookie, { ...valid, name: "", listPrice: "12.345" });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.errors).toEqual({
      name: ["errors.required"],
      listPrice: ['products.errors.priceDecimals|{"digits":2,"currency":"USD"}'],
    });
    expect(body.values.listPrice).toBe("12.345");

    const yen = await (await postList(cookie, { ...valid, listPrice: "1500.5", currency: "JPY" })).json();
    expect(yen.errors).toEqual({ listPrice: ['products.errors.priceNoDecimals|{"currency":"JPY"}'] });
    for (const listPrice of ["abc", "-5", "1,23", "12,3456.00", "1.2.3", "1e5"]) {
      const bad = await (await postList(cookie, { ...valid, listPrice })).json();
      expect(bad.errors, listPrice).toEqual({ listPrice: ["products.errors.price"] });
    }
    expect(database.db.select().from(products).all()).toHaveLength(0);
  });

  it("keeps the SKU unique regardless of case", async () => {
    const cookie = await signIn("rep");
    expect((await postList(cookie, valid)).status).toBe(200);
    const fields = { ...valid, sku: " hg-304-100 ", name: "Another hinge" };
    const taken = await postList(cookie, fields);
    expect(taken.status).toBe(400);
    const body = await taken.json();
    expect(body.errors).toEqual({ sku: ["products.errors.skuTaken"] });
    expect(body.values).toEqual(fields);
    expect(listProducts(database.db, {}).total).toBe(1);
  });
});

describe("product price schema", () => {
  const parse = (listPrice: string, currency: string) => productSchema.safeParse({ sku: "A", name: "A", listPrice, currency });

  it("converts typed prices to minor units exactly", () => {
    const cases: [string, string, number][] = [
      ["1,234.56", "USD", 123456],
      ["1234.5", "USD", 123450],
      ["0.10", "USD", 10],
      ["0.29", "USD", 29],
      ["7", "EUR", 700],
      ["1,500", "JPY", 1500],
      ["1.234", "KWD", 1234],
      ["9,007,199,254,740.99", "USD", 900719925474099],
    ];
    for (const [text, currency, minor] of cases) {
      const result = parse(text, currency);
      expect(result.success, `${text} ${currency}`).toBe(true);
      if (result.success) expect(result.data.listPriceMinor, `${text} ${currency}`).toBe(minor);
    }
  });

  it("refuses what cannot be held exactly", () => {
    expect(parse("12.345", "USD").success).toBe(false);
    expect(parse("1.2345", "KWD").success).toBe(false);
    expect(parse("99999999999999999", "USD").error?.issues[0]?.message).toBe("products.errors.priceTooLarge");
  });
});

describe("products: list", () => {
  it("searches by SKU or name, filters by category and status, and counts the total in SQL", async () => {
    insertProduct(database.db, { sku: "HG-100", name: "Butt hinge", category: "Hinges" });
    insertProduct(database.db, { sku: "LK-200", name: "Mortise lock", category: "Locks" });
    insertProduct(database.db, { sku: "HG-300", name: "Piano hinge", category: "Hinges", active: false });
    insertProduct(database.db, { sku: "SC-400", name: "Wood screw", category: null });
    const cookie = await signIn("svc");

    const rows = async (search: string) =>
      ((await (await loadList(cookie, search)).json()).page.rows as { sku: string }[]).map((row) => row.sku);
    expect(await rows("")).toEqual(["HG-100", "HG-300", "LK-200", "SC-400"]);
    expect(await rows("?q=hg-")).toEqual(["HG-100", "HG-300"]);
    expect(await rows("?q=lock")).toEqual(["LK-200"]);
    expect(await rows("?q=100%25")).toEqual([]);
    expect(await rows("?category=Hinges")).toEqual(["HG-100", "HG-300"]);
    expect(await rows("?category=Hinges&status=active")).toEqual(["HG-100"]);
    expect(await rows("?status=inactive")).toEqual(["HG-300"]);
    expect(await rows("?status=bogus")).toHaveLength(4);

    const data = await (await loadList(cookie)).json();
    expect(data.categories).toEqual(["Hinges", "Locks"]);
    expect(listCategories(database.db)).toEqual(["Hinges", "Locks"]);
  });

  it("pages through many products with the full total", async () => {
    for (let n = 1; n <= 55; n += 1) insertProduct(database.db, { sku: `P-${String(n).padStart(3, "0")}` });
    const cookie = await signIn("rep");
    const second = (await (await loadList(cookie, "?page=2")).json()).page;
    expect(second).toMatchObject({ total: 55, page: 2, pages: 2, pageSize: 50 });
    expect(second.rows.map((row: { sku: string }) => row.sku)).toEqual(["P-051", "P-052", "P-053", "P-054", "P-055"]);
    // A page beyond the end shows the last one rather than nothing.
    expect((await (await loadList(cookie, "?page=9")).json()).page.page).toBe(2);
  });
});

describe("products: edit", () => {
  it("updates a product and records only the changed fields before and after", async () => {
    const product = insertProduct(database.db, { sku: "HG-100", name: "Hinge", listPriceMinor: 95, currency: "USD" });
    const fields = { intent: "update", sku: "hg-100", name: "Hinge", category: "Hinges", listPrice: "1.05", currency: "USD" };
    const response = await postEdit(await signIn("boss"), String(product.id), fields);
    expect(response.status).toBe(200);
    expect((await response.json()).updated).toBe("hg-100");
    expect(getProduct(database.db, product.id)).toMatchObject({ sku: "hg-100", listPriceMinor: 105 });

    const [entry] = productAudit(product.id);
    expect(entry).toMatchObject({
      action: "update",
      before: { sku: "HG-100", listPriceMinor: 95 },
      after: { sku: "hg-100", listPriceMinor: 105 },
    });
  });

  it("answers 400 with the typed values for a bad field or a SKU another product has", async () => {
    insertProduct(database.db, { sku: "LK-200" });
    const product = insertProduct(database.db, { sku: "HG-100", listPriceMinor: 95 });
    const cookie = await signIn("rep");
    const bad = { intent: "update", sku: "HG-100", name: "Hinge", category: "", listPrice: "0.955", currency: "USD" };
    const badResponse = await postEdit(cookie, String(product.id), bad);
    expect(badResponse.status).toBe(400);
    const badBody = await badResponse.json();
    expect(badBody.errors).toEqual({ listPrice: ['products.errors.priceDecimals|{"digits":2,"currency":"USD"}'] });
    expect(badBody.values).toEqual(bad);

    const taken = { ...bad, sku: "lk-200", listPrice: "0.95" };
    const takenResponse = await postEdit(cookie, String(product.id), taken);
    expect(takenResponse.status).toBe(400);
    expect(await takenResponse.json()).toEqual({ errors: { sku: ["products.errors.skuTaken"] }, values: taken });
    expect(getProduct(database.db, product.id)).toMatchObject({ sku: "HG-100", listPriceMinor: 95 });
    expect(productAudit(product.id)).toHaveLength(0);
  });

  it("deactivates a product, which then leaves the pickers, and reactivates it", async () => {
    const product = insertProduct(database.db, { sku: "HG-100" });
    const cookie = await signIn("rep");
    const off = await postEdit(cookie, String(product.id), { intent: "deactivate" });
    expect(off.status).toBe(302);
    expect(off.headers.get("Location")).toBe(`/products/${product.id}`);
    expect(getProduct(database.db, product.id)!.active).toBe(false);
    expect(productOptions(database.db).map((option) => option.id)).not.toContain(product.id);
    expect(productAudit(product.id).at(-1)).toMatchObject({
      action: "update",
      before: { active: true },
      after: { active: false },
    });

    await postEdit(cookie, String(product.id), { intent: "reactivate" });
    expect(productOptions(database.db).map((option) => option.id)).toContain(product.id);
    // Setting the state it already has records nothing.
    setProductActive(database.db, product.id, true, { userId: null, at: new Date() });
    expect(productAudit(product.id)).toHaveLength(2);
  });

  it("deletes only a product that nothing refers to", async () => {
    const unused = insertProduct(database.db, { sku: "TYPO-1" });
    const used = insertProduct(database.db, { sku: "HG-100" });
    const customer = createCustomer(database.db);
    database.db
      .insert(agreedPrices)
      .values({ customerId: customer.id, productId: used.id, priceMinor: 90, currency: "USD" })
      .run();
    const cookie = await signIn("boss");

    expect((await (await loadEdit(cookie, String(unused.id))).json()).deletable).toBe(true);
    expect((await (await loadEdit(cookie, String(used.id))).json()).deletable).toBe(false);

    const refused = await postEdit(cookie, String(used.id), { intent: "delete" });
    expect(refused.status).toBe(400);
    expect((await refused.json()).errors).toEqual({ "": ["products.errors.referenced"] });
    expect(getProduct(database.db, used.id)).toBeDefined();

    const deleted = await postEdit(cookie, String(unused.id), { intent: "delete" });
    expect(deleted.status).toBe(302);
    expect(deleted.headers.get("Location")).toBe("/products");
    expect(getProduct(database.db, unused.id)).toBeUndefined();
    expect(productAudit(unused.id)).toMatchObject([{ action: "delete", before: { sku: "TYPO-1" }, after: null }]);
  });

  it("answers 404 for a product that does not exist and 400 for an unknown intent", async () => {
    const cookie = await signIn("boss");
    expect((await loadEdit(cookie, "999")).status).toBe(404);
    expect((await loadEdit(cookie, "abc")).status).toBe(404);
    expect((await postEdit(cookie, "999", { intent: "deactivate" })).status).toBe(404);
    const product = insertProduct(database.db);
    expect((await postEdit(cookie, String(product.id), { intent: "explode" })).status).toBe(400);
  });
});

describe("product model", () => {
  it("writes the product and its audit entry together", () => {
    const by = { userId: null, at: new Date("2026-03-01T08:00:00.000Z") };
    const created = createProduct(
      database.db,
      { sku: "A-1", name: "A", category: null, listPriceMinor: 100, currency: "USD" },
      by,
    );
    expect(created.ok).toBe(true);
    expect(createProduct(database.db, { sku: "a-1", name: "B", category: null, listPriceMinor: 1, currency: "USD" }, by)).toEqual(
      {
        ok: false,
        reason: "skuTaken",
      },
    );
    expect(
      updateProduct(database.db, 999, { sku: "X", name: "X", category: null, listPriceMinor: 1, currency: "USD" }, by),
    ).toBeUndefined();
    // An update that changes nothing leaves no entry.
    if (created.ok) {
      const { sku, name, category, listPriceMinor, currency } = created.product;
      updateProduct(database.db, created.product.id, { sku, name, category, listPriceMinor, currency }, by);
      expect(productAudit(created.product.id).map((entry) => entry.action)).toEqual(["create"]);
    }
  });
});
