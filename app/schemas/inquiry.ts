import { z } from "zod";
import { INQUIRY_STATUSES } from "~db/enums";
import { FILTER_YEAR_MIN, isFilterDay, optionalFilterDay } from "./date-filter";
import { isInTheFuture } from "./instant";
import { checkbox, optionalBody, optionalText, requiredBody, requiredText } from "./form";
import { multiLine, singleLine } from "./text";

const countryCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{2}$/, "errors.country")
  .transform((code) => code.toUpperCase());

const optionalEmail = z
  .union([
    z.literal(""),
    z
      .string()
      .trim()
      .toLowerCase()
      .pipe(z.email({ error: "errors.email" }).max(200)),
  ])
  .optional()
  .transform((value) => value || undefined);

const buyerSchema = z.object({
  company: singleLine()
    .trim()
    .max(200)
    .optional()
    .transform((value) => value || undefined),
  name: singleLine().trim().min(1).max(200),
  email: optionalEmail,
  phone: singleLine()
    .trim()
    .max(50)
    .optional()
    .transform((value) => value || undefined),
  country: countryCode.optional(),
});

/** The server's time of arrival of the body being parsed (see parseIntake). */
let arrivalMs = 0;

/**
 * The body of `POST /api/v1/inquiries` (SPEC §9). Built once: zod compiles an object schema on its
 * first use, which cost more than the parse itself when the schema was built per request.
 */
const intakeSchema = z.object({
  channel: singleLine().trim().min(1).max(50),
  externalId: singleLine().trim().min(1).max(200).optional(),
  receivedAt: z.iso
    .datetime({ offset: true, error: "errors.timestamp" })
    .transform((text) => new Date(text))
    // Years before 1970 (JavaScript reads 0000–0099 as 1900–1999 in calendar arithmetic) are
    // no source system's real time of arrival.
    .refine((at) => at.getUTCFullYear() >= FILTER_YEAR_MIN, "badInput.receivedAtTooEarly")
    .refine((at) => !isInTheFuture(at, new Date(arrivalMs)), "errors.receivedAtFuture")
    .optional(),
  subject: singleLine().trim().min(1).max(300),
  message: multiLine().trim().min(1).max(20_000),
  buyer: buyerSchema,
  product: z.object({ sku: singleLine().trim().min(1).max(100) }).optional(),
  quantity: z.number().int().min(1).max(1_000_000_000).optional(),
});

/**
 * Parses an intake body that arrived at `now`: a `receivedAt` may be earlier (the source system's
 * time) but not more than 5 minutes later. (The parse is synchronous, so the time it reads is this
 * body's.)
 */
export function parseIntake(json: unknown, now: Date) {
  arrivalMs = now.getTime();
  return intakeSchema.safeParse(json);
}

/** The public form on the seller's website: no sign-in, a honeypot named like a real field. */
export const publicInquirySchema = z.object({
  company: optionalText(200),
  name: requiredText(200),
  email: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.email({ error: "errors.email" }).max(200)),
  phone: optionalText(50),
  country: z
    .string()
    .trim()
    .optional()
    .transform((value) => value || undefined)
    .pipe(countryCode.optional()),
  product: optionalText(200),
  quantity: z
    .string()
    .trim()
    .optional()
    .transform((value) => (value ? Number(value.replace(/[,\s]/g, "")) : undefined))
    .pipe(z.number().int().min(1).max(1_000_000_000).optional()),
  message: requiredBody(20_000),
  // Bots fill every field; people never see this one.
  website: z.string().optional(),
});

/** Staff logging an inquiry from a phone call or a trade show. */
export const manualInquirySchema = z.object({
  channel: z.string().trim().min(1),
  customerName: requiredText(200),
  contactName: requiredText(200),
  contactEmail: optionalEmail,
  contactPhone: optionalText(50),
  country: z
    .string()
    .trim()
    .optional()
    .transform((value) => value || undefined)
    .pipe(countryCode.optional()),
  productId: z
    .string()
    .optional()
    .transform((value) => (value ? Number(value) : undefined))
    .pipe(z.number().int().positive().optional()),
  quantity: z
    .string()
    .trim()
    .optional()
    .transform((value) => (value ? Number(value.replace(/[,\s]/g, "")) : undefined))
    .pipe(z.number().int().min(1).max(1_000_000_000).optional()),
  subject: requiredText(300),
  message: requiredBody(20_000),
  // datetime-local in the team's time zone, e.g. "2026-11-22T09:15"; empty means now.
  receivedAt: z
    .string()
    .trim()
    .optional()
    .refine(
      (value) => !value || (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value) && isFilterDay(value.slice(0, 10))),
      "errors.localDateTime",
    )
    .transform((value) => value || undefined),
});

export const replySchema = z.object({ body: requiredBody(20_000) });
export const assignSchema = z.object({
  assigneeId: z
    .string()
    .transform((value) => (value === "" ? null : Number(value)))
    .pipe(z.number().int().positive().nullable()),
});
export const statusSchema = z
  .object({
    status: z.enum(INQUIRY_STATUSES),
    lostReason: optionalBody(500),
  })
  .refine((value) => value.status !== "lost" || value.lostReason.length > 0, {
    path: ["lostReason"],
    message: "errors.lostReasonRequired",
  });
export const linkCustomerSchema = z.object({
  customerId: z.coerce.number().int().positive(),
});
export const onDutySchema = z.object({ onDuty: checkbox() });

/**
 * The drill-downs of the response report: each names the inquiries behind one of its counts, read
 * from the stored per-inquiry SLA columns (so a list has exactly as many rows as the count).
 * hit30 / miss30: the 30-second rule decided (in hours); hit24 / miss24: the 24-hour rule decided;
 * slaHit / slaMissed: the business SLA; counted: not spam; inHours: counted and in business hours.
 */
export const RESPONSE_METRICS = ["counted", "inHours", "hit30", "miss30", "hit24", "miss24", "slaHit", "slaMissed"] as const;
export type ResponseMetric = (typeof RESPONSE_METRICS)[number];

/** The inbox's filters, read from the URL; anything unreadable is simply ignored. */
export const inboxFilterSchema = z.object({
  status: z.enum(INQUIRY_STATUSES).optional().catch(undefined),
  channel: z.string().max(50).optional().catch(undefined),
  assignee: z
    .union([z.literal("me"), z.literal("unassigned"), z.coerce.number().int().positive()])
    .optional()
    .catch(undefined),
  from: optionalFilterDay(),
  to: optionalFilterDay(),
  q: z.string().trim().max(200).optional().catch(undefined),
  metric: z.enum(RESPONSE_METRICS).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(1_000_000).catch(1),
});
export type InboxFilter = z.output<typeof inboxFilterSchema>;
