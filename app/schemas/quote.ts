import { z } from "zod";
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
