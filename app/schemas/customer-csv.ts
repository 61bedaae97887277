/**
 * One row of a customers CSV file (SPEC §9), validated before anything is written.
 *
 * Built per import from the lookups the model loaded once (users, the customers the file names)
 * and the import's `now` and team time zone, so that every problem of a row is reported at once in
 * the `row N, column C: reason` form. Messages are plain English, as in the inquiry import: the
 * file is read by the person who will fix it, often on a command line.
 */
import { z } from "zod";
import { stripControls } from "./text";
import type { Role } from "~db/enums";
import { isCalendarDay, startOfLocalDay } from "~/domain/calendar";
import { isInTheFuture } from "./instant";
import { parseTimestamp } from "./inquiry-csv";

export const CUSTOMER_CSV_COLUMNS = [
  "external_id",
  "name",
  "country",
  "industry",
  "owner_email",
  "contact_name",
  "email",
  "phone",
  "created_at",
] as const;

export const CUSTOMER_CSV_REQUIRED_COLUMNS = ["external_id", "name"] as const;

/**
 * `export customers` (SPEC §9): SPEC's columns in SPEC's order, then the import columns SPEC does
 * not list there, so that an export can be imported back without editing.
 */
export const CUSTOMER_CSV_EXPORT_COLUMNS = [
  "external_id",
  "id",
  "name",
  "country",
  "industry",
  "owner_email",
  "tier",
  "tier_reason",
  "first_order_at",
  "last_order_at",
  "orders_count",
  "revenue_12m",
  "revenue_total",
  "recency_days",
  "frequency",
  "monetary",
  "p_alive",
  "expected_orders_365d",
  "expected_order_value",
  "predicted_clv_12m",
  "contact_name",
  "email",
  "phone",
  "created_at",
] as const;

const importColumns = new Set<string>(CUSTOMER_CSV_COLUMNS);
/** Computed columns that `export customers` adds; an import accepts and ignores them. */
export const CUSTOMER_CSV_EXPORT_ONLY_COLUMNS = CUSTOMER_CSV_EXPORT_COLUMNS.filter((c) => !importColumns.has(c));

// The same limits as the customer and contact forms (~/schemas/customer), so that a customer
// imported here can be saved unchanged from its edit form.
const CUSTOMER_EXTERNAL_ID_MAX = 100;
const CUSTOMER_NAME_MAX = 200;
const INDUSTRY_MAX = 100;
const CONTACT_NAME_MAX = 200;
const EMAIL_MAX = 200;
const PHONE_MAX = 50;

// ---------------------------------------------------------------------------------------------
// Countries
// ---------------------------------------------------------------------------------------------

/**
 * The officially assigned ISO 3166-1 alpha-2 codes (249). A fixed list rather than the runtime's
 * ICU data, whose region names also cover "EU", "UN", "ZZ" and vary between Node builds.
 */
const ISO_COUNTRIES = new Set(
  (
    "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ " +
    "CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO " +
    "FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE " +
    "JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO " +
    "MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW " +
    "PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM " +
    "TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW"
  ).split(" "),
);

/** Codes people type that ISO assigns to nobody (or to someone else), with the code they mean. */
const COUNTRY_HINTS: Record<string, string> = { UK: "GB", EL: "GR", EN: "GB" };

function isIsoCountry(code: string): boolean {
  return ISO_COUNTRIES.has(code);
}

// ---------------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------------

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_EXAMPLE = "2026-11-22 or 2026-11-22T08:15:30Z";

/**
 * A date (`2026-11-22`) or a full timestamp with an offset (see parseTimestamp). SPEC §4: "a
 * date-only value in a CSV file is that day in the team time zone", so a date is the instant that
 * day begins there (2026-03-01 in Asia/Shanghai = 2026-02-28T16:00:00.000Z). A timestamp without
 * an offset is refused, as in the inquiry import: its instant would depend on the server's zone.
 */
export function parseDateOrTimestamp(
  text: string,
  timeZone: string,
): { ok: true; instant: Date } | { ok: false; reason: string } {
  const day = DATE_ONLY.exec(text);
  if (day) {
    if (Number(day[1]) < 1900 || !isCalendarDay(text)) {
      return { ok: false, reason: `"${text}" is not a real date` };
    }
    return { ok: true, instant: startOfLocalDay(text, timeZone) };
  }
  const parsed = parseTimestamp(text);
  if (parsed.ok) return parsed;
  if (/^\d{4}-\d{2}-\d{2}[Tt ]/.test(text)) return parsed;
  return { ok: false, reason: `"${text}" is not a date or timestamp, e.g. ${DATE_EXAMPLE}` };
}

/** A date or timestamp column (see parseDateOrTimestamp), refused when it lies in the future. */
export function dateOrTimestamp(timeZone: string, now: Date) {
  // Files repeat the same days thousands of times, and a time zone lookup is the dearest step.
  const seen = new Map<string, ReturnType<typeof parseDateOrTimestamp>>();
  return z.string().transform((text, ctx): Date => {
    let parsed = seen.get(text);
    if (!parsed) {
      parsed = parseDateOrTimestamp(text, timeZone);
      seen.set(text, parsed);
    }
    if (!parsed.ok) {
      ctx.issues.push({ code: "custom", message: parsed.reason, input: text });
      return z.NEVER;
    }
    if (isInTheFuture(parsed.instant, now)) {
      ctx.issues.push({ code: "custom", message: `${text} is in the future`, input: text });
      return z.NEVER;
    }
    return new Date(parsed.instant.getTime());
  });
}

// ---------------------------------------------------------------------------------------------
// Cells
// ---------------------------------------------------------------------------------------------

/** Cells are trimmed; an empty cell is "not given". */
export const cell = <T extends z.ZodType>(inner: T, kind: "singleLine" | "multiLine" = "singleLine") =>
  z.preprocess((value) => {
    if (typeof value !== "string") return value;
    // Control characters are dropped before anything reads the cell (schemas/text.ts).
    const trimmed = stripControls(value, kind).trim();
    return trimmed === "" ? undefined : trimmed;
  }, inner);

export const requiredText = (max: number) =>
  z.string({ error: "is required" }).max(max, { error: `is longer than ${max} characters` });

const optionalText = (max: number) =>
  z
    .string()
    .max(max, { error: `is longer than ${max} characters` })
    .optional();

// ---------------------------------------------------------------------------------------------
// The row
// ---------------------------------------------------------------------------------------------

export type CsvUser = { id: number; email: string; role: Role; active: boolean };

/** What the import resolved once for the whole file. */
export type CustomerCsvLookups = {
  /** lower-cased e-mail → user (every user, active or not). */
  users: ReadonlyMap<string, CsvUser>;
  /** external_id → current owner id, for the customers of the file that exist already. */
  currentOwners: ReadonlyMap<string, number | null>;
  timeZone: string;
  now: Date;
};

/** A validated row; null means "the cell was empty". */
export type CustomerCsvRow = {
  externalId: string;
  name: string;
  country: string | null;
  industry: string | null;
  ownerId: number | null;
  contactName: string | null;
  email: string | null;
  phone: string | null;
  createdAt: Date | null;
};

/** Builds the row schema for one import. Object keys are the CSV column names. */
export function customerCsvRowSchema(lookups: CustomerCsvLookups) {
  return z
    .object({
      external_id: cell(requiredText(CUSTOMER_EXTERNAL_ID_MAX)),
      name: cell(requiredText(CUSTOMER_NAME_MAX)),
      country: cell(
        z
          .string()
          .transform((text, ctx) => {
            const code = text.toUpperCase();
            if (isIsoCountry(code)) return code;
            const hint = COUNTRY_HINTS[code];
            ctx.issues.push({
              code: "custom",
              input: text,
              message: `"${text}" is not an ISO 3166-1 alpha-2 country code${hint ? ` (did you mean ${hint}?)` : ", e.g. DE, US, CN"}`,
            });
            return z.NEVER;
          })
          .optional(),
      ),
      industry: cell(optionalText(INDUSTRY_MAX)),
      owner_email: cell(
        z
          .string()
          .transform((text, ctx): CsvUser => {
            const user = lookups.users.get(text.toLowerCase());
            if (!user) {
              ctx.issues.push({ code: "custom", input: text, message: `no user has e-mail "${text}"` });
              return z.NEVER;
            }
            return user;
          })
          .optional(),
      ),
      contact_name: cell(optionalText(CONTACT_NAME_MAX)),
      email: cell(
        z
          .string()
          .toLowerCase()
          .pipe(
            z
              .email({ error: "is not a valid e-mail address" })
              .max(EMAIL_MAX, { error: `is longer than ${EMAIL_MAX} characters` }),
          )
          .optional(),
      ),
      phone: cell(optionalText(PHONE_MAX)),
      created_at: cell(dateOrTimestamp(lookups.timeZone, lookups.now).optional()),
    })
    .superRefine(
      (row, ctx) => {
        // Owners are sales reps (SPEC §1 "owner (a sales user)", §8: only sales own customers and
        // receive repurchase reminders), as the customer form insists; a manager or service user
        // is refused rather than made an owner who never gets the customer's reminders. A rep
        // who has left (inactive) is accepted only where they already own that customer, so
        // that an export imports back unchanged, but no new customer is handed to them.
        // A column that failed holds no usable value (zod's NEVER), so only a resolved user counts.
        const owner = row.owner_email;
        if (!owner || typeof owner !== "object" || !("role" in owner)) return;
        if (owner.role !== "sales") {
          ctx.addIssue({
            code: "custom",
            path: ["owner_email"],
            message: `"${owner.email}" is a ${owner.role} user; only sales reps own customers`,
          });
        } else if (!owner.active) {
          const current = typeof row.external_id === "string" ? lookups.currentOwners.get(row.external_id) : undefined;
          if (current !== owner.id) {
            ctx.addIssue({
              code: "custom",
              path: ["owner_email"],
              message: `"${owner.email}" is no longer active; choose an active sales rep`,
            });
          }
        }
      },
      { when: () => true },
    )
    .transform(
      (row): CustomerCsvRow => ({
        externalId: row.external_id,
        name: row.name,
        country: row.country ?? null,
        industry: row.industry ?? null,
        ownerId: row.owner_email?.id ?? null,
        contactName: row.contact_name ?? null,
        email: row.email ?? null,
        phone: row.phone ?? null,
        createdAt: row.created_at ?? null,
      }),
    );
}
