import { z } from "zod";
import { parseMoney, parsePercentToBps } from "~/domain/money";
import { stripControls } from "./text";

/**
 * The line fields of a quote or order form, sent as `lines[0].quantity`, `lines[0].unitPrice` …
 * Rows left completely empty are dropped (the form offers a few spare rows that work without
 * scripts). Amounts are read exactly in the document's currency.
 */
export type LineFields = { productId: string; description: string; quantity: string; unitPrice: string; discount: string };

export function lineFieldsFrom(formData: FormData): { index: number; fields: LineFields }[] {
  const rows = new Map<number, LineFields>();
  for (const [key, value] of formData.entries()) {
    const match = /^lines\[(\d{1,3})\]\.(productId|description|quantity|unitPrice|discount)$/.exec(key);
    if (!match || typeof value !== "string") continue;
    const index = Number(match[1]);
    const row = rows.get(index) ?? { productId: "", description: "", quantity: "", unitPrice: "", discount: "" };
    row[match[2] as keyof LineFields] = stripControls(value, "singleLine").trim();
    rows.set(index, row);
  }
  return [...rows.entries()]
    .sort(([a], [b]) => a - b)
    .map(([index, fields]) => ({ index, fields }))
    .filter(({ fields }) => Object.values(fields).some((value) => value !== ""));
}

export type ParsedLine = {
  productId: number | null;
  description: string;
  quantity: number;
  unitPriceMinor: number | null;
  discountBps: number;
};

/** Reads the lines, or the errors keyed `lines[i].field` so the form can show them in place. */
export function parseLines(
  rows: { index: number; fields: LineFields }[],
  currency: string,
): { lines: ParsedLine[]; errors: Record<string, string[]> } {
  const errors: Record<string, string[]> = {};
  const lines: ParsedLine[] = [];
  const fail = (index: number, field: string, message: string) => {
    (errors[`lines[${index}].${field}`] ??= []).push(message);
  };
  for (const { index, fields } of rows) {
    const productId = fields.productId ? Number(fields.productId) : null;
    if (productId !== null && (!Number.isInteger(productId) || productId <= 0)) fail(index, "productId", "errors.invalid");
    // Digits only: Number() would also read "0x10" as 16 and "1e3" as 1000.
    const quantity = z
      .string()
      .regex(/^\d{1,12}$/)
      .transform(Number)
      .pipe(z.number().int().min(1).max(100_000_000))
      .safeParse(fields.quantity.replace(/[,\s]/g, "") || undefined);
    if (!quantity.success) fail(index, "quantity", fields.quantity ? "errors.integer" : "errors.required");
    // An empty price with a product means "the agreed or list price"; the model fills it in.
    const unitPriceMinor = fields.unitPrice ? parseMoney(fields.unitPrice, currency) : null;
    if (fields.unitPrice && (unitPriceMinor === null || unitPriceMinor < 0)) fail(index, "unitPrice", "documents.errors.price");
    if (!fields.unitPrice && productId === null) fail(index, "unitPrice", "errors.required");
    const discountBps = fields.discount ? parsePercentToBps(fields.discount) : 0;
    if (discountBps === null) fail(index, "discount", "documents.errors.percent");
    if (!fields.description && productId === null) fail(index, "description", "errors.required");
    if (fields.description.length > 500) fail(index, "description", 'errors.tooLong|{"maximum":500}');
    if (quantity.success && discountBps !== null) {
      lines.push({
        productId,
        description: fields.description,
        quantity: quantity.data,
        unitPriceMinor: unitPriceMinor !== null && unitPriceMinor >= 0 ? unitPriceMinor : null,
        discountBps,
      });
    }
  }
  if (rows.length === 0) errors.lines = ["documents.errors.noLines"];
  return { lines, errors };
}

export const documentDiscountSchema = z
  .string()
  .trim()
  .optional()
  .transform((value, ctx) => {
    if (!value) return 0;
    const bps = parsePercentToBps(value);
    if (bps === null) {
      ctx.addIssue({ code: "custom", message: "documents.errors.percent" });
      return z.NEVER;
    }
    return bps;
  });
