import { and, asc, eq } from "drizzle-orm";
import type { DB } from "~db/client.server";
import { agreedPrices, customers, products } from "~db/schema";
import type { AgreedPriceInput } from "~/schemas/product";
import { recordAudit } from "./audit.server";

export type AgreedPrice = typeof agreedPrices.$inferSelect;

type By = { userId: number | null; at: Date };

/** What the audit trail keeps of an agreed price; the SKU is there so that the entry reads on its own. */
function snapshot(row: AgreedPrice, sku: string) {
  return { customerId: row.customerId, productId: row.productId, sku, priceMinor: row.priceMinor, currency: row.currency };
}

/** The customer whose prices are shown, or undefined when there is none. */
export function priceListCustomer(db: DB, customerId: number) {
  return db.select({ id: customers.id, name: customers.name }).from(customers).where(eq(customers.id, customerId)).get();
}

/** A customer's agreed prices by SKU, with each product's list price beside them. */
export function agreedPricesForCustomer(db: DB, customerId: number) {
  return db
    .select({
      id: agreedPrices.id,
      productId: agreedPrices.productId,
      sku: products.sku,
      name: products.name,
      productActive: products.active,
      priceMinor: agreedPrices.priceMinor,
      currency: agreedPrices.currency,
      listPriceMinor: products.listPriceMinor,
      listCurrency: products.currency,
      updatedAt: agreedPrices.updatedAt,
    })
    .from(agreedPrices)
    .innerJoin(products, eq(products.id, agreedPrices.productId))
    .where(eq(agreedPrices.customerId, customerId))
    .orderBy(asc(products.sku), asc(agreedPrices.id))
    .all();
}

export function agreedPriceFor(db: DB, customerId: number, productId: number): AgreedPrice | undefined {
  return db
    .select()
    .from(agreedPrices)
    .where(and(eq(agreedPrices.customerId, customerId), eq(agreedPrices.productId, productId)))
    .get();
}

export type QuotePrice = { priceMinor: number; currency: string; source: "agreed" | "list" };

/**
 * The unit price a new quote line starts with: the customer's agreed price for the product, else
 * the product's list price. Undefined when there is no such product.
 */
export function priceForQuote(db: DB, customerId: number | null, productId: number): QuotePrice | undefined {
  const agreed = customerId === null ? undefined : agreedPriceFor(db, customerId, productId);
  if (agreed) return { priceMinor: agreed.priceMinor, currency: agreed.currency, source: "agreed" };
  const product = db
    .select({ priceMinor: products.listPriceMinor, currency: products.currency })
    .from(products)
    .where(eq(products.id, productId))
    .get();
  return product ? { ...product, source: "list" } : undefined;
}

export type AgreedPriceWrite =
  | { ok: true; created: boolean; agreedPrice: AgreedPrice; sku: string }
  | { ok: false; reason: "unknownProduct" };

/**
 * Sets the customer's price for a product: the one row of the (customer, product) pair is created or
 * changed. Only active products take new prices, as only they are offered in the picker.
 */
export function setAgreedPrice(db: DB, customerId: number, input: AgreedPriceInput, by: By): AgreedPriceWrite {
  return db.transaction((tx): AgreedPriceWrite => {
    const product = tx
      .select({ sku: products.sku })
      .from(products)
      .where(and(eq(products.id, input.productId), eq(products.active, true)))
      .get();
    if (!product) return { ok: false, reason: "unknownProduct" };
    const before = agreedPriceFor(tx, customerId, input.productId);
    const values = { priceMinor: input.priceMinor, currency: input.currency, updatedAt: by.at };
    const row = before
      ? tx.update(agreedPrices).set(values).where(eq(agreedPrices.id, before.id)).returning().get()
      : tx
          .insert(agreedPrices)
          .values({ ...values, customerId, productId: input.productId, createdAt: by.at })
          .returning()
          .get();
    recordAudit(tx, {
      entity: "agreed_price",
      entityId: row.id,
      action: before ? "update" : "create",
      userId: by.userId,
      at: by.at,
      before: before ? snapshot(before, product.sku) : null,
      after: snapshot(row, product.sku),
    });
    return { ok: true, created: !before, agreedPrice: row, sku: product.sku };
  });
}

/** Removes one of the customer's agreed prices; the removed row (with its SKU), or undefined when there was none. */
export function removeAgreedPrice(db: DB, customerId: number, id: number, by: By) {
  return db.transaction((tx) => {
    const before = tx
      .select({ row: agreedPrices, sku: products.sku })
      .from(agreedPrices)
      .innerJoin(products, eq(products.id, agreedPrices.productId))
      .where(and(eq(agreedPrices.id, id), eq(agreedPrices.customerId, customerId)))
      .get();
    if (!before) return undefined;
    tx.delete(agreedPrices).where(eq(agreedPrices.id, id)).run();
    recordAudit(tx, {
      entity: "agreed_price",
      entityId: id,
      action: "delete",
      userId: by.userId,
      at: by.at,
      before: snapshot(before.row, before.sku),
    });
    return { ...before.row, sku: before.sku };
  });
}
