import { asc, eq } from "drizzle-orm";
import type { DB } from "~db/client.server";
import { products } from "~db/schema";

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
