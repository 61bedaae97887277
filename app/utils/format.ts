import { minorDigits } from "~/domain/money";
import type { Locale } from "~/i18n";

/** Date and time in the team's time zone, in the reader's language. */
export function formatDateTime(value: Date | string | number | null | undefined, locale: Locale, timeZone: string) {
  if (value === null || value === undefined) return "";
  return new Intl.DateTimeFormat(locale, {
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
  return new Intl.DateTimeFormat(locale, { timeZone, year: "numeric", month: "short", day: "numeric" }).format(
    new Date(value),
  );
}

/** A calendar day string ("2026-11-22") shown without shifting it through a time zone. */
export function formatDay(day: string | null | undefined, locale: Locale) {
  if (!day) return "";
  return new Intl.DateTimeFormat(locale, { timeZone: "UTC", year: "numeric", month: "short", day: "numeric" }).format(
    new Date(`${day}T00:00:00Z`),
  );
}

/** A "YYYY-MM" month (or the month of a "YYYY-MM-DD" day), e.g. "Mar 2026" / "2026年3月". */
export function formatMonth(month: string | null | undefined, locale: Locale) {
  if (!month) return "";
  return new Intl.DateTimeFormat(locale, { timeZone: "UTC", year: "numeric", month: "short" }).format(
    new Date(`${month.slice(0, 7)}-01T00:00:00Z`),
  );
}

export function formatMoney(minor: number | null | undefined, currency: string, locale: Locale) {
  if (minor === null || minor === undefined) return "";
  const digits = minorDigits(currency);
  // Dividing by a power of ten once for display is exact enough; sums are always done in minor units.
  return new Intl.NumberFormat(locale, { style: "currency", currency, maximumFractionDigits: digits }).format(
    minor / 10 ** digits,
  );
}

export function formatNumber(value: number | null | undefined, locale: Locale, fractionDigits = 0) {
  if (value === null || value === undefined) return "";
  return new Intl.NumberFormat(locale, { maximumFractionDigits: fractionDigits }).format(value);
}

export function formatDuration(ms: number | null | undefined, locale: Locale) {
  if (ms === null || ms === undefined) return "";
  const seconds = ms / 1000;
  const format = (value: number, unit: "second" | "minute" | "hour" | "day") =>
    new Intl.NumberFormat(locale, { style: "unit", unit, unitDisplay: "short", maximumFractionDigits: 1 }).format(value);
  if (seconds < 60) return format(seconds, "second");
  if (seconds < 3600) return format(seconds / 60, "minute");
  if (seconds < 86400) return format(seconds / 3600, "hour");
  return format(seconds / 86400, "day");
}
