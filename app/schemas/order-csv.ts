/**
 * One row of an orders CSV file (SPEC §9), validated before anything is written; built per import
 * from the lookups the model loaded once (the customers and inquiries the file names, the base
 * currency, the team time zone). Plain-English messages, as in the other imports.
 *
 * Customers are looked up among the customers that exist when the import runs: an orders file
 * cannot create its customers, and there is no combined customers-and-orders run. Import the
 * customers file first (the web page and the CLI take one file of one kind at a time); a missing
 * customer is then reported as the row's problem, and nothing is imported half-way.
 */
import { z } from "zod";
import { ORDER_STATUSES, type OrderStatus } from "~db/enums";
import { minorDigits, parseMoney, toBaseMinor } from "~/domain/money";
import { cell, dateOrTimestamp, requiredText } from "./customer-csv";
import { orderRate } from "./order";

export const ORDER_CSV_COLUMNS = [
  "external_id",
  "customer_external_id",
  "ordered_at",
  "amount",
  "currency",
  "fx_rate",
  "status",
  "inquiry_external_id",
] as const;

export const ORDER_CSV_REQUIRED_COLUMNS = ["external_id", "customer_external_id", "ordered_at", "amount"] as const;

/** Computed columns that `export orders` adds; an import accepts and ignores them. */
export const ORDER_CSV_EXPORT_ONLY_COLUMNS = ["id", "number", "total_base", "customer_name"] as const;

export const ORDER_CSV_EXPORT_COLUMNS = [...ORDER_CSV_COLUMNS, ...ORDER_CSV_EXPORT_ONLY_COLUMNS] as const;

/** As for inquiries: marketplaces' order ids can be long. */
const ORDER_EXTERNAL_ID_MAX = 200;

/** An order import defaults to a finished sale: files usually carry past orders (SPEC §9). */
export const DEFAULT_IMPORTED_ORDER_STATUS: OrderStatus = "completed";

const currencies = new Set(Intl.supportedValuesOf("currency"));

/** One inquiry that has a given external_id (unique per channel only, SPEC §9). */
export type InquiryMatch = { id: number; channel: string };

/** What the import resolved once for the whole file. */
export type OrderCsvLookups = {
  /** customer external_id → customer id. */
  customers: ReadonlyMap<string, number>;
  /** inquiry external_id → every inquiry with it, across channels. */
  inquiries: ReadonlyMap<string, readonly InquiryMatch[]>;
  baseCurrency: string;
  timeZone: string;
  now: Date;
};

export type OrderCsvRow = {
  externalId: string;
  customerId: number;
  orderedAt: Date;
  currency: string;
  /** Exact decimal text: "1" for the base currency. */
  fxRate: string;
  totalMinor: number;
  totalBaseMinor: number;
  /** null: the cell was empty (new orders get DEFAULT_IMPORTED_ORDER_STATUS, updates keep theirs). */
  status: OrderStatus | null;
  /** null: the cell was empty (updates keep their link). */
  inquiryId: number | null;
};

/**
 * A plain decimal with a point: "1234.5", "0.10", "7". Thousands separators and decimal commas are
 * refused rather than guessed: "1,234" is 1234 in one spreadsheet and 1.234 in another.
 */
const AMOUNT = /^\d+(?:\.\d+)?$/;

const decimalsOf = (currency: string) => {
  const digits = minorDigits(currency);
  return digits === 0 ? `${currency} has no decimals` : `${currency} has ${digits} decimal${digits === 1 ? "" : "s"}`;
};

function rateProblem(error: string, typed: string, currency: string, base: string): string {
  if (error === "documents.errors.baseRate") return `must be 1 or empty when the currency is the base currency ${base}`;
  if (error === "documents.errors.fxRequired") {
    return `is required for ${currency}: how many ${base} one ${currency} is worth, e.g. 1.0850`;
  }
  return `"${typed}" is not a rate: a positive decimal with at most 10 decimals, e.g. 1.0850`;
}

/** Builds the row schema for one import. Object keys are the CSV column names. */
export function orderCsvRowSchema(lookups: OrderCsvLookups) {
  const base = lookups.baseCurrency;
  return z
    .object({
      external_id: cell(requiredText(ORDER_EXTERNAL_ID_MAX)),
      customer_external_id: cell(
        z.string({ error: "is required" }).transform((text, ctx): number => {
          const id = lookups.customers.get(text);
          if (id === undefined) {
            ctx.issues.push({
              code: "custom",
              input: text,
              message: `no customer has external_id "${text}" (import the customers first)`,
            });
            return z.NEVER;
          }
          return id;
        }),
      ),
      ordered_at: cell(z.string({ error: "is required" }).pipe(dateOrTimestamp(lookups.timeZone, lookups.now))),
      amount: cell(
        z.string({ error: "is required" }).refine((text) => AMOUNT.test(text), {
          error: (issue) =>
            typeof issue.input === "string" && issue.input.startsWith("-")
              ? "must be 0 or more"
              : `"${String(issue.input)}" is not an amount: digits with a point for decimals, no thousands separators, e.g. 1234.50`,
        }),
      ),
      currency: cell(
        z
          .string()
          .transform((text, ctx) => {
            const code = text.toUpperCase();
            if (currencies.has(code)) return code;
            ctx.issues.push({
              code: "custom",
              input: text,
              message: `"${text}" is not an ISO 4217 currency code, e.g. USD, EUR, CNY`,
            });
            return z.NEVER;
          })
          .optional(),
      ),
      fx_rate: cell(z.string().optional()),
      status: cell(
        z
          .string()
          .transform((text) => text.toLowerCase())
          .pipe(z.enum(ORDER_STATUSES, { error: `must be one of ${ORDER_STATUSES.join(", ")}` }))
          .optional(),
      ),
      inquiry_external_id: cell(
        z
          .string()
          .transform((text, ctx): number => {
            const matches = lookups.inquiries.get(text) ?? [];
            if (matches.length === 1) return matches[0]!.id;
            ctx.issues.push({
              code: "custom",
              input: text,
              message:
                matches.length === 0
                  ? `no inquiry has external_id "${text}"`
                  : `matches ${matches.length} inquiries (channels ${matches.map((m) => m.channel).join(", ")}); ` +
                    "external ids are unique per channel only, so this order cannot tell which one it won",
            });
            return z.NEVER;
          })
          .optional(),
      ),
    })
    .superRefine(
      (row, ctx) => {
        // Amount and rate depend on the currency. This runs even when other columns failed
        // (`when` below), so every problem of a row is listed at once; a column that failed holds
        // no usable value and is skipped here.
        if (row.currency !== undefined && typeof row.currency !== "string") return;
        const currency = row.currency ?? base;
        const rate = orderRate(currency, base, row.fx_rate ?? "");
        if ("error" in rate) {
          ctx.addIssue({
            code: "custom",
            path: ["fx_rate"],
            message: rateProblem(rate.error, row.fx_rate ?? "", currency, base),
          });
        }
        if (typeof row.amount !== "string" || !AMOUNT.test(row.amount)) return;
        const totalMinor = parseMoney(row.amount, currency);
        if (totalMinor === null) {
          const fraction = row.amount.split(".")[1] ?? "";
          ctx.addIssue({
            code: "custom",
            path: ["amount"],
            message:
              fraction.length > minorDigits(currency)
                ? `has ${fraction.length} decimals but ${decimalsOf(currency)}`
                : "is too large",
          });
        } else if (!("error" in rate) && !Number.isSafeInteger(toBaseMinor(totalMinor, rate.rate, currency, base))) {
          ctx.addIssue({ code: "custom", path: ["amount"], message: `is too large in ${base}` });
        }
      },
      { when: () => true },
    )
    .transform((row): OrderCsvRow => {
      // Only reached when every check above passed.
      const currency = row.currency ?? base;
      const rate = orderRate(currency, base, row.fx_rate ?? "") as { rate: string };
      const totalMinor = parseMoney(row.amount, currency)!;
      return {
        externalId: row.external_id,
        customerId: row.customer_external_id,
        orderedAt: row.ordered_at,
        currency,
        fxRate: rate.rate,
        totalMinor,
        totalBaseMinor: toBaseMinor(totalMinor, rate.rate, currency, base),
        status: row.status ?? null,
        inquiryId: row.inquiry_external_id ?? null,
      };
    });
}
