import { and, asc, count, eq, isNotNull, ne, or, sql, type SQL } from "drizzle-orm";
import type { DB } from "~db/client.server";
import { agreedPrices, inquiries, orderLines, products, quoteLines } from "~db/schema";
import type { ProductFilter, ProductInput } from "~/schemas/product";
import { pageInfo } from "~/utils/pagination";
import { recordAudit } from "./audit.server";
import { containsPattern } from "./sql.server";

export type Product = typeof products.$inferSelect;

type By = { userId: number | null; at: Date };

/** Active products for pickers, by SKU. */
export function productOptions(db: DB, limit = 1000) {
  return db
    .select({ id: products.id, sku: products.sku, name: products.name })
    .from(products)
    .where(eq(products.active, true))
    .orderBy(asc(products.sku))
    .limit(limit)
    .all();
}

/** What the audit trail keeps of a product: its business fields, not the bookkeeping timestamps. */
function snapshot(product: Product) {
  return {
    sku: product.sku,
    name: product.name,
    category: product.category,
    listPriceMinor: product.listPriceMinor,
    currency: product.currency,
    active: product.active,
  };
}

/** One page of products by SKU, filtered by text (SKU or name), category and status; total counted in SQL. */
export function listProducts(
  db: DB,
  filter: Partial<Pick<ProductFilter, "q" | "category">> & { active?: boolean; page?: number },
) {
  const conditions: SQL[] = [];
  if (filter.q) {
    const pattern = containsPattern(filter.q);
    conditions.push(or(sql`${products.sku} like ${pattern} escape '\\'`, sql`${products.name} like ${pattern} escape '\\'`)!);
  }
  if (filter.category) conditions.push(eq(products.category, filter.category));
  if (filter.active !== undefined) conditions.push(eq(products.active, filter.active));
  const where = conditions.length ? and(...conditions) : undefined;
  const total = db.select({ n: count() }).from(products).where(where).get()?.n ?? 0;
  const info = pageInfo(total, filter.page ?? 1);
  const rows = db
    .select()
    .from(products)
    .where(where)
    .orderBy(asc(products.sku), asc(products.id))
    .limit(info.pageSize)
    .offset(info.offset)
    .all();
  return { ...info, rows };
}

/** The categories in use, for the list's filter and the form's suggestions. */
export function listCategories(db: DB): string[] {
  return db
    .selectDistinct({ category: products.category })
    .from(products)
    .where(isNotNull(products.category))
    .orderBy(asc(products.category))
    .all()
    .map((row) => row.category!);
}

export function getProduct(db: DB, id: number): Product | undefined {
  return db.select().from(products).where(eq(products.id, id)).get();
}

/** SKUs are unique regardless of case: "hg-304" and "HG-304" are the same article. */
function skuTaken(db: DB, sku: string, exceptId?: number): boolean {
  return (
    db
      .select({ id: products.id })
      .from(products)
      .where(
        and(sql`lower(${products.sku}) = lower(${sku.trim()})`, exceptId === undefined ? undefined : ne(products.id, exceptId)),
      )
      .get() !== undefined
  );
}

export type ProductWrite = { ok: true; product: Product } | { ok: false; reason: "skuTaken" };

export function createProduct(db: DB, input: ProductInput, by: By): ProductWrite {
  return db.transaction((tx): ProductWrite => {
    if (skuTaken(tx, input.sku)) return { ok: false, reason: "skuTaken" };
    const product = tx
      .insert(products)
      .values({ ...input, createdAt: by.at, updatedAt: by.at })
      .returning()
      .get();
    recordAudit(tx, {
      entity: "product",
      entityId: product.id,
      action: "create",
      userId: by.userId,
      at: by.at,
      after: snapshot(product),
    });
    return { ok: true, product };
  });
}

/** Undefined when there is no such product. */
export function updateProduct(db: DB, id: number, input: ProductInput, by: By): ProductWrite | undefined {
  return db.transaction((tx): ProductWrite | undefined => {
    const before = getProduct(tx, id);
    if (!before) return undefined;
    if (skuTaken(tx, input.sku, id)) return { ok: false, reason: "skuTaken" };
    const product = tx
      .update(products)
      .set({ ...input, updatedAt: by.at })
      .where(eq(products.id, id))
      .returning()
      .get();
    recordAudit(tx, {
      entity: "product",
      entityId: id,
      action: "update",
      userId: by.userId,
      at: by.at,
      before: snapshot(before),
      after: snapshot(product),
    });
    return { ok: true, product };
  });
}

/**
 * Deactivates or reactivates a product. A deactivated product stays on every inquiry, quote, order
 * and agreed price that names it, but is no longer offered in pickers. Undefined when there is no
 * such product; setting the state it already has changes nothing.
 */
export function setProductActive(db: DB, id: number, active: boolean, by: By): Product | undefined {
  return db.transaction((tx) => {
    const before = getProduct(tx, id);
    if (!before || before.active === active) return before;
    const product = tx.update(products).set({ active, updatedAt: by.at }).where(eq(products.id, id)).returning().get();
    recordAudit(tx, {
      entity: "product",
      entityId: id,
      action: "update",
      userId: by.userId,
      at: by.at,
      before: snapshot(before),
      after: snapshot(product),
    });
    return product;
  });
}

/** How many inquiries, quote lines, order lines and agreed prices name the product. */
export function productReferences(db: DB, id: number): number {
  const counted = (table: typeof inquiries | typeof quoteLines | typeof orderLines | typeof agreedPrices) =>
    db.select({ n: count() }).from(table).where(eq(table.productId, id)).get()?.n ?? 0;
  return counted(inquiries) + counted(quoteLines) + counted(orderLines) + counted(agreedPrices);
}

export type ProductDelete = "deleted" | "referenced" | "notFound";

/**
 * Deletes a product that nothing names yet (a typo, a duplicate). Once an inquiry, quote, order or
 * agreed price names it, it can only be deactivated, so that history keeps its product.
 */
export function deleteProduct(db: DB, id: number, by: By): ProductDelete {
  return db.transaction((tx): ProductDelete => {
    const before = getProduct(tx, id);
    if (!before) return "notFound";
    if (productReferences(tx, id) > 0) return "referenced";
    tx.delete(products).where(eq(products.id, id)).run();
    recordAudit(tx, {
      entity: "product",
      entityId: id,
      action: "delete",
      userId: by.userId,
      at: by.at,
      before: snapshot(before),
    });
    return "deleted";
  });
}
