import { z } from "zod";
import { ORDER_STATUSES } from "~db/enums";
import { formDaySchema } from "./date-filter";
import { documentDiscountSchema } from "./document-lines";
import { optionalBody } from "./form";
import { currencySchema } from "./settings";

const optionalId = z
  .string()
  .optional()
  .transform((value) => (value ? Number(value) : null))
  .pipe(z.number().int().positive().nullable());

/** A rate as typed: a positive decimal with at most 10 decimals, kept as exact text. */
const fxRateSchema = z
  .string()
  .trim()
  .regex(/^\d{1,9}(\.\d{1,10})?$/, "documents.errors.fxRate")
  .refine((rate) => /[1-9]/.test(rate), "documents.errors.fxRate");

/** The order form; whether a rate is required depends on the base currency, checked in `orderRate`. */
export const orderHeaderSchema = z.object({
  customerId: z.coerce.number().int().positive(),
  quoteId: optionalId,
  inquiryId: optionalId,
  currency: currencySchema,
  fxRate: z
    .string()
    .trim()
    .optional()
    .transform((value) => value || ""),
  orderedOn: formDaySchema,
  discount: documentDiscountSchema,
});

/** The rate to the base currency: 1 for the base currency itself, required for any other. */
export function orderRate(currency: string, baseCurrency: string, typed: string): { rate: string } | { error: string } {
  if (currency === baseCurrency) {
    if (!typed || typed === "1" || /^1(\.0+)?$/.test(typed)) return { rate: "1" };
    return { error: "documents.errors.baseRate" };
  }
  if (!typed) return { error: "documents.errors.fxRequired" };
  const parsed = fxRateSchema.safeParse(typed);
  return parsed.success ? { rate: parsed.data } : { error: "documents.errors.fxRate" };
}

export const orderMoveSchema = z
  .object({
    status: z.enum(ORDER_STATUSES),
    cancelReason: optionalBody(500),
  })
  .refine((value) => value.status !== "cancelled" || value.cancelReason.length > 0, {
    path: ["cancelReason"],
    message: "documents.errors.cancelReason",
  });

/** Where a new order starts from: a customer, an accepted quote, or an inquiry. */
export const newOrderQuerySchema = z.object({
  customerId: z.coerce.number().int().positive().optional().catch(undefined),
  quoteId: z.coerce.number().int().positive().optional().catch(undefined),
  inquiryId: z.coerce.number().int().positive().optional().catch(undefined),
});
