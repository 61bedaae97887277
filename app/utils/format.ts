import { minorDigits } from "~/domain/money";
import type { Locale } from "~/i18n";

// Building an Intl formatter costs far more than using one, and a report page formats hundreds
// of numbers and days: each formatter is built once per locale and options, then reused.
const numberFormats = new Map<string, Intl.NumberFormat>();
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

function numberFormat(locale: Locale, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, options);
    numberFormats.set(key, format);
  }
  return format;
}

function dateTimeFormat(locale: Locale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = dateTimeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    dateTimeFormats.set(key, format);
  }
  return format;
}

/** Date and time in the team's time zone, in the reader's language. */
export function formatDateTime(value: Date | string | number | null | undefined, locale: Locale, timeZone: string) {
  if (value === null || value === undefined) return "";
  return dateTimeFormat(locale, {
    timeZone,
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  }).format(new Date(value));
}

export function formatDate(value: Date | string | number | null | undefined, locale: Locale, timeZone: string) {
  if (value === null || value === undefined) return "";
  return dateTimeFormat(locale, { timeZone, year: "numeric", month: "short", day: "numeric" }).format(new Date(value));
}

/** A calendar day string ("2026-11-22") shown without shifting it through a time zone. */
export function formatDay(day: string | null | undefined, locale: Locale) {
  if (!day) return "";
  return dateTimeFormat(locale, { timeZone: "UTC", year: "numeric", month: "short", day: "numeric" }).format(
    new Date(`${day}T00:00:00Z`),
  );
}

/** A "YYYY-MM" month (or the month of a "YYYY-MM-DD" day), e.g. "Mar 2026" / "2026年3月". */
export function formatMonth(month: string | null | undefined, locale: Locale) {
  if (!month) return "";
  return dateTimeFormat(locale, { timeZone: "UTC", year: "numeric", month: "short" }).format(
    new Date(`${month.slice(0, 7)}-01T00:00:00Z`),
  );
}

export function formatMoney(minor: number | null | undefined, currency: string, locale: Locale) {
  if (minor === null || minor === undefined) return "";
  const digits = minorDigits(currency);
  // Dividing by a power of ten once for display is exact enough; sums are always done in minor units.
  return numberFormat(locale, { style: "currency", currency, maximumFractionDigits: digits }).format(minor / 10 ** digits);
}

export function formatNumber(value: number | null | undefined, locale: Locale, fractionDigits = 0) {
  if (value === null || value === undefined) return "";
  return numberFormat(locale, { maximumFractionDigits: fractionDigits }).format(value);
}

export function formatDuration(ms: number | null | undefined, locale: Locale) {
  if (ms === null || ms === undefined) return "";
  const seconds = ms / 1000;
  const format = (value: number, unit: "second" | "minute" | "hour" | "day") =>
    numberFormat(locale, { style: "unit", unit, unitDisplay: "short", maximumFractionDigits: 1 }).format(value);
  if (seconds < 60) return format(seconds, "second");
  if (seconds < 3600) return format(seconds / 60, "minute");
  if (seconds < 86400) return format(seconds / 3600, "hour");
  return format(seconds / 86400, "day");
}
