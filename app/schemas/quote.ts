import { z } from "zod";
import { QUOTE_STATUSES } from "~db/enums";
import { currencySchema } from "./settings";
import { formDaySchema } from "./date-filter";
import { documentDiscountSchema } from "./document-lines";
import { optionalBody } from "./form";

export const quoteHeaderSchema = z.object({
  customerId: z.coerce.number({ error: "errors.required" }).int().positive(),
  inquiryId: z
    .string()
    .optional()
    .transform((value) => (value ? Number(value) : null))
    .pipe(z.number().int().positive().nullable()),
  currency: currencySchema,
  discount: documentDiscountSchema,
  validUntil: z
    .string()
    .trim()
    .optional()
    .transform((value) => value || null)
    .pipe(formDaySchema.nullable()),
  notes: optionalBody(5000).transform((value) => value || null),
});
export type QuoteHeader = z.output<typeof quoteHeaderSchema>;

/** Where a new quote starts from: a customer or an inquiry linked to one. */
export const newQuoteQuerySchema = z.object({
  customerId: z.coerce.number().int().positive().optional().catch(undefined),
  inquiryId: z.coerce.number().int().positive().optional().catch(undefined),
});

/** The quote list's filters; anything unknown is ignored rather than refused. */
export const quoteFilterSchema = z.object({
  status: z.enum(QUOTE_STATUSES).optional().catch(undefined),
  q: z.string().trim().max(100).optional().catch(undefined),
  page: z.coerce.number().int().min(1).catch(1),
});

/** The price lookup a quote or order line makes when its product changes. */
export const linePriceQuerySchema = z.object({
  customerId: z.coerce.number().int().positive(),
  productId: z.coerce.number().int().positive(),
});
