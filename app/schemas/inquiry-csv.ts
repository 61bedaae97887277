/**
 * One row of an inquiries CSV file (SPEC §9), validated before anything is written.
 *
 * The schema is built per import from the lookups the model loaded once (channels, users,
 * customers) and the import's `now`, so that "unknown channel" is reported beside "bad timestamp"
 * for the same row, in the same `row N, column C: reason` form. Messages are plain English: the
 * file is read by the person who will fix it, usually on a command line.
 */
import { z } from "zod";
import { isCalendarDay } from "~/domain/calendar";
import { isInTheFuture } from "./instant";
import { stripControls } from "./text";
import { INQUIRY_STATUSES, type InquiryStatus } from "~db/enums";

export const INQUIRY_CSV_COLUMNS = [
  "external_id",
  "channel",
  "received_at",
  "first_response_at",
  "customer_external_id",
  "subject",
  "message",
  "assignee_email",
  "status",
] as const;

export const INQUIRY_CSV_REQUIRED_COLUMNS = ["external_id", "channel", "received_at"] as const;

/** Computed columns that `export inquiries` adds; an import accepts and ignores them. */
export const INQUIRY_CSV_EXPORT_ONLY_COLUMNS = [
  "id",
  "customer_name",
  "frt_seconds",
  "business_frt_seconds",
  "in_business_hours",
  "within_30s",
  "sla_status",
] as const;

export const INQUIRY_CSV_EXPORT_COLUMNS = [...INQUIRY_CSV_COLUMNS, ...INQUIRY_CSV_EXPORT_ONLY_COLUMNS] as const;

const SUBJECT_MAX = 200;
const MESSAGE_MAX = 50_000;
const EXTERNAL_ID_MAX = 200;
const NO_SUBJECT = "(no subject)";

// ---------------------------------------------------------------------------------------------
// Timestamps
// ---------------------------------------------------------------------------------------------

const EXAMPLE = "2026-11-22T08:15:30.120Z or 2026-11-22T16:15:30.120+08:00";
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?$/;

export type TimestampResult = { ok: true; instant: Date } | { ok: false; reason: string };

/**
 * A full ISO 8601 timestamp with an offset or `Z`: `2026-11-22T08:15:30.120Z`,
 * `2026-11-22T16:15:30.120+08:00` (also `+0800`, `+08`, a space for the `T`, seconds and fraction
 * optional). Milliseconds are kept; digits beyond them are cut off, never rounded, so an instant
 * cannot move into the next second. Without an offset the instant would depend on the server's
 * zone, so it is refused rather than guessed.
 */
export function parseTimestamp(text: string): TimestampResult {
  if (DATE_ONLY.test(text)) {
    return { ok: false, reason: `"${text}" is a date only; a full timestamp with time and offset is needed, e.g. ${EXAMPLE}` };
  }
  const match = TIMESTAMP.exec(text);
  if (!match) return { ok: false, reason: `"${text}" is not an ISO 8601 timestamp, e.g. ${EXAMPLE}` };
  const [, ys, mos, ds, hs, mis, ss, fraction, zulu, sign, ohs, oms] = match;
  if (!zulu && !sign) {
    return { ok: false, reason: `"${text}" has no time zone offset; add Z (UTC) or an offset such as +08:00` };
  }
  const [y, mo, d, h, mi, s] = [ys, mos, ds, hs, mis, ss ?? "0"].map(Number);
  const ms = fraction ? Number(fraction.slice(0, 3).padEnd(3, "0")) : 0;
  const offsetMinutes = sign ? (sign === "-" ? -1 : 1) * (Number(ohs) * 60 + Number(oms ?? "0")) : 0;
  const validDay = y >= 1900 && isCalendarDay(`${ys}-${mos}-${ds}`);
  if (!validDay || h > 23 || mi > 59 || s > 59 || Number(ohs ?? 0) > 23 || Number(oms ?? 0) > 59) {
    return { ok: false, reason: `"${text}" is not a real date and time` };
  }
  return { ok: true, instant: new Date(Date.UTC(y, mo - 1, d, h, mi, s, ms) - offsetMinutes * 60_000) };
}

// ---------------------------------------------------------------------------------------------
// The row
// ---------------------------------------------------------------------------------------------

/** What the import resolved once for the whole file. Keys are already normalised (see below). */
export type InquiryCsvLookups = {
  /** channel key → id (every configured channel, active or not: history may use a retired one). */
  channels: ReadonlyMap<string, number>;
  /** lower-cased e-mail → user id. */
  users: ReadonlyMap<string, number>;
  /** customer external_id → customer id. */
  customers: ReadonlyMap<string, number>;
  /** The time of the import: timestamps later than this (plus a small tolerance) are refused. */
  now: Date;
};

export type InquiryCsvRow = {
  externalId: string;
  channelId: number;
  receivedAt: Date;
  firstResponseAt: Date | null;
  customerId: number | null;
  subject: string | null;
  message: string | null;
  assigneeId: number | null;
  status: InquiryStatus | null;
};

/** Cells are trimmed; an empty cell is "not given". */
const cell = <T extends z.ZodType>(inner: T, kind: "singleLine" | "multiLine" = "singleLine") =>
  z.preprocess((value) => {
    if (typeof value !== "string") return value;
    // Control characters are dropped before anything reads the cell (schemas/text.ts).
    const trimmed = stripControls(value, kind).trim();
    return trimmed === "" ? undefined : trimmed;
  }, inner);

const requiredText = (max: number) => z.string({ error: "is required" }).max(max, { error: `is longer than ${max} characters` });

const optionalText = (max: number) =>
  z
    .string()
    .max(max, { error: `is longer than ${max} characters` })
    .optional()
    .transform((value) => value ?? null);

function timestamp(now: Date) {
  return z.string().transform((text, ctx): Date => {
    const parsed = parseTimestamp(text);
    if (!parsed.ok) {
      ctx.issues.push({ code: "custom", message: parsed.reason, input: text });
      return z.NEVER;
    }
    if (isInTheFuture(parsed.instant, now)) {
      ctx.issues.push({ code: "custom", message: `${text} is in the future`, input: text });
      return z.NEVER;
    }
    return parsed.instant;
  });
}

function reference(map: ReadonlyMap<string, number>, normalize: (text: string) => string, unknown: (text: string) => string) {
  return z.string().transform((text, ctx): number => {
    const id = map.get(normalize(text));
    if (id === undefined) {
      ctx.issues.push({ code: "custom", message: unknown(text), input: text });
      return z.NEVER;
    }
    return id;
  });
}

const listed = (keys: Iterable<string>) => [...keys].join(", ");

/** Builds the row schema for one import. Object keys are the CSV column names. */
export function inquiryCsvRowSchema(lookups: InquiryCsvLookups) {
  return z
    .object({
      external_id: cell(requiredText(EXTERNAL_ID_MAX)),
      channel: cell(
        z.string({ error: "is required" }).pipe(
          reference(
            lookups.channels,
            (text) => text.toLowerCase(),
            (text) => `"${text}" is not a configured channel (${listed(lookups.channels.keys())})`,
          ),
        ),
      ),
      received_at: cell(z.string({ error: "is required" }).pipe(timestamp(lookups.now))),
      first_response_at: cell(timestamp(lookups.now).optional()),
      customer_external_id: cell(
        reference(
          lookups.customers,
          (text) => text,
          (text) => `no customer has external_id "${text}"`,
        ).optional(),
      ),
      subject: cell(optionalText(SUBJECT_MAX)),
      message: cell(optionalText(MESSAGE_MAX), "multiLine"),
      assignee_email: cell(
        reference(
          lookups.users,
          (text) => text.toLowerCase(),
          (text) => `no user has e-mail "${text}"`,
        ).optional(),
      ),
      status: cell(
        z
          .string()
          .transform((text) => text.toLowerCase())
          .pipe(z.enum(INQUIRY_STATUSES, { error: `must be one of ${INQUIRY_STATUSES.join(", ")}` }))
          .optional(),
      ),
    })
    .superRefine(
      (row, ctx) => {
        // Runs even when other columns failed (`when` below), so every problem of a row is listed
        // at once; a column that failed holds no usable value and is skipped here.
        const received = row.received_at instanceof Date ? row.received_at : null;
        const responded = row.first_response_at instanceof Date ? row.first_response_at : null;
        if (received && responded && responded.getTime() < received.getTime()) {
          ctx.addIssue({
            code: "custom",
            path: ["first_response_at"],
            message: `is before received_at (${received.toISOString()})`,
          });
        }
        if (row.status === "new" && row.first_response_at !== undefined) {
          ctx.addIssue({
            code: "custom",
            path: ["status"],
            message: "is new although first_response_at is given; use responded (or leave status empty)",
          });
        }
      },
      { when: () => true },
    )
    .transform(
      (row): InquiryCsvRow => ({
        externalId: row.external_id,
        channelId: row.channel,
        receivedAt: row.received_at,
        firstResponseAt: row.first_response_at ?? null,
        customerId: row.customer_external_id ?? null,
        subject: row.subject ?? null,
        message: row.message ?? null,
        assigneeId: row.assignee_email ?? null,
        status: row.status ?? null,
      }),
    );
}

/** The subject an inquiry gets when the file has none: the message's first line, or a placeholder. */
export function subjectFromMessage(message: string | null): string {
  const firstLine = message?.split(/\r?\n/, 1)[0]?.trim();
  if (!firstLine) return NO_SUBJECT;
  // By code point, so a truncated subject never ends in half an emoji or a broken CJK surrogate.
  return Array.from(firstLine).slice(0, SUBJECT_MAX).join("");
}
