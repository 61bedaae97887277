import { isCalendarDay } from "~/domain/calendar";
import { z } from "zod";

/**
 * The days a list or report filter accepts. Before 1970 the product holds no records, and the
 * calendar arithmetic behind filters (the day after `to`, a day's start in the team's time zone)
 * is only meant for four-digit years: JavaScript reads the years 0–99 as 1900–1999, and the day
 * after 9999-12-31 has five digits. Three thousand years of room is plenty for a CRM.
 */
export const FILTER_YEAR_MIN = 1970;
const FILTER_YEAR_MAX = 2999;

/** True for a real calendar day "YYYY-MM-DD" within the filter years. */
export function isFilterDay(text: string): boolean {
  if (!isCalendarDay(text)) return false;
  const year = Number(text.slice(0, 4));
  return year >= FILTER_YEAR_MIN && year <= FILTER_YEAR_MAX;
}

/** A day typed into a filter; anything else fails (callers decide to ignore it and say so). */
const filterDaySchema = z.string().refine(isFilterDay, "errors.invalid");

/** A day typed into a form (an order's date, a quote's validity): the same days, or "invalid". */
export const formDaySchema = z.string().trim().refine(isFilterDay, "errors.invalid");

/** An optional filter day that is dropped when unreadable, as every list filter is. */
export const optionalFilterDay = () => filterDaySchema.optional().catch(undefined);

/**
 * The filters of a URL that were given but could not be read, so a page can say it ignored them
 * rather than silently show something else. A parameter given twice (`?from=a&from=b`) is read
 * from its last value, as the filters themselves read it.
 */
export function ignoredFilters(url: URL, checks: Record<string, z.ZodType>): string[] {
  const ignored: string[] = [];
  for (const [name, schema] of Object.entries(checks)) {
    const values = url.searchParams.getAll(name);
    const value = values[values.length - 1];
    if (value === undefined || value.trim() === "") continue;
    if (!schema.safeParse(value).success) ignored.push(name);
  }
  return ignored;
}

/** The date filters every list and report reads. */
export const DATE_FILTER_CHECKS = { from: filterDaySchema, to: filterDaySchema } as const;
