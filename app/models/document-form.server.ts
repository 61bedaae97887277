import type { DB } from "~db/client.server";
import { lineFieldsFrom, parseLines } from "~/schemas/document-lines";
import { fieldErrors, submittedValues } from "~/schemas/form";
import { quoteHeaderSchema, type QuoteHeader } from "~/schemas/quote";
import { customerExists } from "./customer.server";
import { inquiryFitsCustomer } from "./inquiry.server";
import { resolveLines, type ResolvedLine } from "./quote.server";

export type QuoteSubmission =
  | { ok: true; header: QuoteHeader; lines: ResolvedLine[] }
  | { ok: false; errors: Record<string, string[]>; values: Record<string, string> };

/** Reads a quote form: the header, then the lines in the quote's currency, completed from the catalogue. */
export function readQuoteSubmission(db: DB, formData: FormData): QuoteSubmission {
  const values = submittedValues(formData);
  const header = quoteHeaderSchema.safeParse(Object.fromEntries(formData.entries()));
  const errors: Record<string, string[]> = header.success ? {} : fieldErrors(header.error);
  if (header.success && !customerExists(db, header.data.customerId)) errors.customerId = ["errors.invalid"];
  if (
    header.success &&
    header.data.inquiryId !== null &&
    !inquiryFitsCustomer(db, header.data.inquiryId, header.data.customerId)
  ) {
    errors.inquiryId = ["errors.invalid"];
  }
  const currency = header.success ? header.data.currency : "USD";
  const rows = lineFieldsFrom(formData);
  const parsed = parseLines(rows, currency);
  Object.assign(errors, parsed.errors);
  if (!header.success || Object.keys(errors).length) return { ok: false, errors, values };
  // Without errors every row parsed, so the parsed lines and the rows line up one to one.
  const resolved = resolveLines(
    db,
    parsed.lines.map((line, i) => ({ ...line, index: rows[i]?.index })),
    {
      customerId: header.data.customerId,
      currency,
    },
  );
  if (Object.keys(resolved.errors).length) return { ok: false, errors: resolved.errors, values };
  return { ok: true, header: header.data, lines: resolved.lines };
}
