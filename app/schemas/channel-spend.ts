import { z } from "zod";
import { minorDigits, parseMoney } from "~/domain/money";
import { orderRate } from "./order";
import { currencySchema } from "./settings";

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
/** The years the page can show and the form accepts. */
export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;

/** An amount as a person types it: digits, optionally grouped with commas, and a decimal point. */
const amountTextSchema = z
  .string()
  .trim()
  .min(1, { abort: true })
  .regex(/^(\d+|\d{1,3}(,\d{3})+)(\.\d+)?$/, "reportFunnel.spend.errors.amount");

/** More decimals than the currency has are refused, never rounded. Undefined when the amount converts exactly. */
function amountError(text: string, currency: string): string | undefined {
  const decimals = text.split(".")[1]?.length ?? 0;
  const digits = minorDigits(currency);
  if (decimals > digits) {
    return digits === 0
      ? `reportFunnel.spend.errors.amountNoDecimals|${JSON.stringify({ currency })}`
      : `reportFunnel.spend.errors.amountDecimals|${JSON.stringify({ digits, currency })}`;
  }
  return parseMoney(text, currency) === null ? "reportFunnel.spend.errors.amountTooLarge" : undefined;
}

/**
 * One month's spend for one channel, as the form sends it. The rate follows the order form's rule
 * (`orderRate`): 1 for the base currency, required for any other. The currency-dependent checks
 * run beside the other fields' checks, so every error shows at once.
 */
export function spendFormSchema(baseCurrency: string, channelKeys: readonly string[]) {
  return z
    .object({
      month: z
        .string()
        .trim()
        .min(1, { abort: true })
        // Only in the years the page can show: a month in year 0000 could be saved but never seen.
        .refine(
          (month) => MONTH.test(month) && Number(month.slice(0, 4)) >= MIN_YEAR && Number(month.slice(0, 4)) <= MAX_YEAR,
          "reportFunnel.spend.errors.month",
        ),
      channel: z
        .string({ error: "reportFunnel.spend.errors.channel" })
        .trim()
        .refine((key) => channelKeys.includes(key), "reportFunnel.spend.errors.channel"),
      amount: amountTextSchema,
      currency: currencySchema,
      fxRate: z
        .string()
        .trim()
        .optional()
        .transform((value) => value ?? ""),
    })
    .superRefine((value, ctx) => {
      const currency = currencySchema.safeParse(value.currency);
      if (!currency.success) return;
      const amount = amountTextSchema.safeParse(value.amount);
      const message = amount.success ? amountError(amount.data, currency.data) : undefined;
      if (message) ctx.addIssue({ code: "custom", path: ["amount"], message });
      const rate = orderRate(currency.data, baseCurrency, value.fxRate);
      if ("error" in rate) ctx.addIssue({ code: "custom", path: ["fxRate"], message: rate.error });
    })
    .transform(({ month, channel, amount, currency, fxRate }) => {
      const rate = orderRate(currency, baseCurrency, fxRate);
      return {
        month,
        channelKey: channel,
        amountMinor: parseMoney(amount, currency)!,
        currency,
        fxRate: "rate" in rate ? rate.rate : "1",
      };
    });
}

export const spendQuerySchema = z.object({
  year: z.coerce.number().int().min(MIN_YEAR).max(MAX_YEAR).optional().catch(undefined),
  // ?month=&channel= opens the form on that month and channel (to change or remove its amount).
  month: z.string().regex(MONTH).optional().catch(undefined),
  channel: z.string().trim().min(1).max(60).optional().catch(undefined),
});

// The spend page's buttons only: the authorisation test reads a route's intents from the schema
// files it imports.
export const spendIntentSchema = z.object({ intent: z.enum(["save", "remove"]) });
export const spendRemoveSchema = z.object({ id: z.coerce.number().int().positive() });
