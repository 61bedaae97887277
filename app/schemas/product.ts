import { z } from "zod";
import { minorDigits, parseMoney } from "~/domain/money";
import { optionalText, requiredText } from "./form";
import { currencySchema } from "./settings";

/**
 * A price as a person types it: digits, optionally grouped with commas ("1,234.56"), and a decimal
 * point. Whether the decimals fit the currency is checked once the currency is known.
 */
const priceTextSchema = z
  .string()
  .trim()
  .min(1, { abort: true })
  .regex(/^(\d+|\d{1,3}(,\d{3})+)(\.\d+)?$/, "products.errors.price");

/**
 * The error for a price that does not fit its currency: more decimals than the currency has are
 * refused, never rounded. Undefined when the price converts exactly.
 */
function priceError(text: string, currency: string): string | undefined {
  const decimals = text.split(".")[1]?.length ?? 0;
  const digits = minorDigits(currency);
  if (decimals > digits) {
    return digits === 0
      ? `products.errors.priceNoDecimals|${JSON.stringify({ currency })}`
      : `products.errors.priceDecimals|${JSON.stringify({ digits, currency })}`;
  }
  return parseMoney(text, currency) === null ? "products.errors.priceTooLarge" : undefined;
}

/**
 * Adds the currency check of one price field to an object schema. It runs alongside the other
 * fields' checks (so every error shows at once), and only when the price and the currency are each
 * readable on their own.
 */
function checkPrice(field: string) {
  return (value: Record<string, unknown>, ctx: z.RefinementCtx) => {
    const price = priceTextSchema.safeParse(value[field]);
    const currency = currencySchema.safeParse(value.currency);
    if (!price.success || !currency.success) return;
    const message = priceError(price.data, currency.data);
    if (message) ctx.addIssue({ code: "custom", path: [field], message });
  };
}

/** A product as the create and edit forms send it; `listPriceMinor` is the exact price. */
export const productSchema = z
  .object({
    sku: requiredText(60),
    name: requiredText(200),
    category: optionalText(100).transform((value) => value || null),
    listPrice: priceTextSchema,
    currency: currencySchema,
  })
  .superRefine(checkPrice("listPrice"))
  .transform(({ listPrice, ...product }) => ({
    ...product,
    listPriceMinor: parseMoney(listPrice, product.currency)!,
  }));

export type ProductInput = z.output<typeof productSchema>;

/** The product list's filters from the URL; anything unreadable is ignored. */
export const productFilterSchema = z.object({
  q: z.string().trim().max(200).optional().catch(undefined),
  category: z.string().trim().max(100).optional().catch(undefined),
  status: z.enum(["active", "inactive"]).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(1_000_000).catch(1),
});
export type ProductFilter = z.output<typeof productFilterSchema>;

/** A customer's agreed price for one product, as the customer's price form sends it. */
export const agreedPriceSchema = z
  .object({
    productId: z.coerce.number({ error: "products.errors.productRequired" }).int().positive("products.errors.productRequired"),
    price: priceTextSchema,
    currency: currencySchema,
  })
  .superRefine(checkPrice("price"))
  .transform(({ price, ...agreed }) => ({ ...agreed, priceMinor: parseMoney(price, agreed.currency)! }));

export type AgreedPriceInput = z.output<typeof agreedPriceSchema>;
