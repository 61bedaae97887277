import { TZDate } from "@date-fns/tz";
import { getDaysInMonth } from "date-fns";
import { z } from "zod";

/**
 * Business calendar (SPEC §2): which instants count as "open", and how much open time lies
 * between two instants. Everything here is pure: callers pass the instants in, so the same
 * inputs always give the same answer and the SLA job and the live inbox cannot disagree.
 *
 * Work is done window by window, day by day, so cost grows with the number of local days
 * spanned, never with the length of the span in seconds.
 */

export type OpeningWindow = { start: string; end: string }; // local "HH:mm", 24h; start < end; end may be "24:00"

export type BusinessCalendar = {
  timeZone: string;
  /** Length 7, index 0 = Sunday … 6 = Saturday (as Date#getDay); [] = closed. */
  weekdays: OpeningWindow[][];
  /** "YYYY-MM-DD" local dates that are closed; a holiday beats a make-up day. */
  holidays: string[];
  /** "YYYY-MM-DD" local dates open although their weekday is normally closed (China's 调休). */
  makeUpDays: string[];
  makeUpDayWindows: OpeningWindow[];
};

export type OpenInterval = { start: Date; end: Date };

/**
 * Searches for the next opening (or for the end of an SLA budget) stop after this many local
 * days, so a calendar that is never open cannot loop forever.
 */
const SEARCH_HORIZON_DAYS = 730;

const NINE_TO_SIX: OpeningWindow[] = [{ start: "09:00", end: "18:00" }];

export const DEFAULT_CALENDAR: BusinessCalendar = {
  timeZone: "Asia/Shanghai",
  weekdays: [[], NINE_TO_SIX, NINE_TO_SIX, NINE_TO_SIX, NINE_TO_SIX, NINE_TO_SIX, []],
  holidays: [],
  makeUpDays: [],
  makeUpDayWindows: NINE_TO_SIX,
};

const WEEKDAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MINUTES_PER_DAY = 24 * 60;

type DayParts = { y: number; m: number; d: number };

/**
 * Whether a text is a real calendar day written "YYYY-MM-DD" (2026-02-29 is not; 2028-02-29 is).
 * The one definition of a valid day: forms, CSV rows, the command line and the rules all ask here.
 */
export function isCalendarDay(text: string): boolean {
  return dayParts(text) !== null;
}

const ISO_DAY = z.iso.date();
/** Valid days already parsed: imports and jobs over a million rows meet the same few thousand days. */
const parsedDays = new Map<string, DayParts & { weekday: number }>();
const PARSED_DAYS_LIMIT = 100_000;

/** A valid day's parts (parsed once, then remembered), or null for anything that is not a day. */
function dayParts(day: string): (DayParts & { weekday: number }) | null {
  const known = parsedDays.get(day);
  if (known) return known;
  if (!ISO_DAY.safeParse(day).success) return null;
  const [y, m, d] = [Number(day.slice(0, 4)), Number(day.slice(5, 7)), Number(day.slice(8, 10))];
  const parts = Object.freeze({ y, m, d, weekday: utcMidnight(y, m, d).getUTCDay() });
  if (parsedDays.size >= PARSED_DAYS_LIMIT) parsedDays.clear();
  parsedDays.set(day, parts);
  return parts;
}

function requireDay(day: string): DayParts & { weekday: number } {
  const parts = dayParts(day);
  if (!parts) throw new RangeError(`Not a valid "YYYY-MM-DD" date: ${JSON.stringify(day)}`);
  return parts;
}

/**
 * The UTC midnight of a day given by parts (the day may overflow its month: d = 32 is the next
 * month's first). setUTCFullYear, unlike Date.UTC, keeps the years 0–99 as they are.
 */
function utcMidnight(y: number, m: number, d: number): Date {
  const date = new Date(0);
  date.setUTCFullYear(y, m - 1, d);
  return date;
}

/**
 * 28–31, leap Februaries included. date-fns reads the process's local calendar; noon on the 15th
 * (UTC) lies in the same month in every time zone, so the server's zone cannot change the answer.
 */
function daysInMonth({ y, m }: DayParts): number {
  return getDaysInMonth(new Date(utcMidnight(y, m, 15).getTime() + 12 * 3_600_000));
}

function formatDay(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** Days already numbered: the jobs ask for the same thousand or so days millions of times. */
const dayNumbers = new Map<string, number>();

/** Whole days since 1970-01-01 (negative before). */
function dayNumber(day: string): number {
  const known = dayNumbers.get(day);
  if (known !== undefined) return known;
  const { y, m, d } = requireDay(day);
  const number = Math.round(utcMidnight(y, m, d).getTime() / MS_PER_DAY);
  if (dayNumbers.size < PARSED_DAYS_LIMIT) dayNumbers.set(day, number);
  return number;
}

/** D − d in whole calendar days: 0 on D itself, positive for days before D, negative after. */
export function daysBefore(asOf: string, day: string): number {
  return dayNumber(asOf) - dayNumber(day);
}

// Calendar-date arithmetic on the proleptic Gregorian calendar. UTC is used only as a
// zone-free calendar here; no instant is ever derived from it, so DST cannot leak in.
export function addDays(day: string, n: number): string {
  if (n === 1) {
    const known = nextDays.get(day);
    if (known !== undefined) return known;
  }
  const { y, m, d } = requireDay(day);
  const next = utcMidnight(y, m, d + n);
  const result = formatDay(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate());
  if (n === 1 && nextDays.size < PARSED_DAYS_LIMIT) nextDays.set(day, result);
  return result;
}
/**
 * A period of whole days split for reading monthly and daily roll-ups: the calendar months it
 * covers completely ("YYYY-MM", first and last, or null) and the days outside them (at most one
 * range before the months and one after). Together they cover each day of the period once.
 */
export type MonthSplit = { months: [string, string] | null; dayRanges: [string, string][] };

export function splitIntoMonths(from: string, to: string): MonthSplit {
  const start = requireDay(from);
  const end = requireDay(to);
  if (from > to) throw new RangeError(`The period starts (${from}) after it ends (${to})`);
  const lastOfMonth = (p: DayParts) => formatDay(p.y, p.m, daysInMonth(p));
  const monthOf = (p: DayParts) => formatDay(p.y, p.m, 1).slice(0, 7);
  const firstFull =
    start.d === 1 ? { y: start.y, m: start.m } : start.m === 12 ? { y: start.y + 1, m: 1 } : { y: start.y, m: start.m + 1 };
  const lastFull =
    to === lastOfMonth(end) ? { y: end.y, m: end.m } : end.m === 1 ? { y: end.y - 1, m: 12 } : { y: end.y, m: end.m - 1 };
  const firstMonth = monthOf({ ...firstFull, d: 1 });
  const lastMonth = monthOf({ ...lastFull, d: 1 });
  if (firstMonth > lastMonth) return { months: null, dayRanges: [[from, to]] };
  const dayRanges: [string, string][] = [];
  if (start.d !== 1) dayRanges.push([from, lastOfMonth(start)]);
  if (to !== lastOfMonth(end)) dayRanges.push([formatDay(end.y, end.m, 1), to]);
  return { months: [firstMonth, lastMonth], dayRanges };
}

/** The last day of the calendar month of `day` ("YYYY-MM-DD"). */
export function lastDayOfMonth(day: string): string {
  const parts = requireDay(day);
  return formatDay(parts.y, parts.m, daysInMonth(parts));
}

/** The day after each day already stepped over: the business-time loops step one day at a time. */
const nextDays = new Map<string, string>();

/** Minutes after local midnight, or null when not a valid "HH:mm" (00:00–24:00). */
function parseClock(hhmm: string): number | null {
  if (hhmm === "24:00") return MINUTES_PER_DAY;
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (!match) return null;
  return Number(match[1]) * 60 + Number(match[2]);
}

function requireClock(hhmm: string): number {
  const minutes = parseClock(hhmm);
  if (minutes === null) {
    throw new RangeError(`Not a valid "HH:mm" time: ${JSON.stringify(hhmm)} (run validateCalendar first)`);
  }
  return minutes;
}

function requireInstant(instant: Date): number {
  const t = instant.getTime();
  if (Number.isNaN(t)) throw new RangeError("Invalid Date");
  return t;
}

function localInstantMs(parts: DayParts, minutes: number, timeZone: string): number {
  // "24:00" is the next day's midnight; building it from the next date (rather than adding
  // 24 h) keeps 23- and 25-hour DST days right.
  if (minutes === MINUTES_PER_DAY) {
    const next = requireDay(addDays(formatDay(parts.y, parts.m, parts.d), 1));
    return new TZDate(next.y, next.m - 1, next.d, 0, 0, 0, 0, timeZone).getTime();
  }
  return new TZDate(parts.y, parts.m - 1, parts.d, Math.floor(minutes / 60), minutes % 60, 0, 0, timeZone).getTime();
}

/** Sets are built once per call so long spans do not rescan the holiday lists every day. */
function dayResolver(cal: BusinessCalendar): (day: string) => OpeningWindow[] {
  const holidays = new Set(cal.holidays);
  const makeUpDays = new Set(cal.makeUpDays);
  return (day) => {
    const parts = requireDay(day);
    if (holidays.has(day)) return [];
    if (makeUpDays.has(day)) return cal.makeUpDayWindows;
    return cal.weekdays[parts.weekday] ?? [];
  };
}

type MsInterval = { start: number; end: number };

/**
 * A day's open intervals depend only on the zone, the day and its windows, and the SLA job asks
 * for the same few thousand days a million times: they are kept, up to a bound, so that per-row
 * work never builds zone-aware dates. Callers never mutate the returned arrays.
 */
const intervalCache = new Map<string, MsInterval[]>();
const INTERVAL_CACHE_LIMIT = 20_000;

function intervalsMs(day: string, windows: OpeningWindow[], timeZone: string): MsInterval[] {
  if (windows.length === 0) return [];
  let key = `${timeZone}|${day}`;
  for (const w of windows) key += `|${w.start}-${w.end}`;
  const cached = intervalCache.get(key);
  if (cached) return cached;
  const computed = computeIntervalsMs(day, windows, timeZone);
  if (intervalCache.size >= INTERVAL_CACHE_LIMIT) intervalCache.clear();
  intervalCache.set(key, computed);
  return computed;
}

function computeIntervalsMs(day: string, windows: OpeningWindow[], timeZone: string): MsInterval[] {
  const parts = requireDay(day);
  const raw: MsInterval[] = [];
  for (const w of windows) {
    const start = localInstantMs(parts, requireClock(w.start), timeZone);
    const end = localInstantMs(parts, requireClock(w.end), timeZone);
    // An empty or inverted window (or one swallowed by a DST gap) adds no open time.
    if (end > start) raw.push({ start, end });
  }
  raw.sort((a, b) => a.start - b.start);
  // Overlaps are a configuration error (validateCalendar reports them), but merging means
  // they can never count the same millisecond twice.
  const merged: MsInterval[] = [];
  for (const iv of raw) {
    const last = merged[merged.length - 1];
    if (last && iv.start < last.end) last.end = Math.max(last.end, iv.end);
    else merged.push({ ...iv });
  }
  return merged;
}

/**
 * UTC offsets are looked up once per zone and six hours of UTC time: no zone changes its offset
 * twice within six hours, so an offset found at both ends of a block holds throughout it, and a
 * block whose ends differ holds one change, found to the millisecond by bisection and kept. This
 * keeps `localDay` off the zone database for all but a few rows in a million.
 */
const OFFSET_BLOCK_MS = 6 * 60 * 60 * 1000;
const OFFSET_CACHE_LIMIT = 200_000;
type OffsetBlock = number | { changeAt: number; before: number; after: number };
const offsetCache = new Map<string, Map<number, OffsetBlock>>();

const offsetAt = (ms: number, timeZone: string) => new TZDate(ms, timeZone).getTimezoneOffset();

function offsetBlock(block: number, timeZone: string): OffsetBlock {
  const first = block * OFFSET_BLOCK_MS;
  const last = first + OFFSET_BLOCK_MS - 1;
  const before = offsetAt(first, timeZone);
  const after = offsetAt(last, timeZone);
  if (before === after) return before;
  // Invariant: offsetAt(low) = before, offsetAt(high) = after.
  let low = first;
  let high = last;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (offsetAt(middle, timeZone) === before) low = middle;
    else high = middle;
  }
  return { changeAt: high, before, after };
}

function zoneOffsetMinutes(ms: number, timeZone: string): number {
  let zone = offsetCache.get(timeZone);
  if (!zone) offsetCache.set(timeZone, (zone = new Map()));
  const key = Math.floor(ms / OFFSET_BLOCK_MS);
  let block = zone.get(key);
  if (block === undefined) {
    block = offsetBlock(key, timeZone);
    if (zone.size >= OFFSET_CACHE_LIMIT) zone.clear();
    zone.set(key, block);
  }
  return typeof block === "number" ? block : ms < block.changeAt ? block.before : block.after;
}

const MS_PER_DAY = 24 * 60 * 60 * 1000;
const dayNames = new Map<number, string>();

export function localDay(instant: Date, timeZone: string): string {
  const ms = requireInstant(instant);
  // getTimezoneOffset is UTC minus local time, in minutes.
  const wallDay = Math.floor((ms - zoneOffsetMinutes(ms, timeZone) * 60_000) / MS_PER_DAY);
  let name = dayNames.get(wallDay);
  if (name === undefined) {
    const wall = new Date(wallDay * MS_PER_DAY);
    name = formatDay(wall.getUTCFullYear(), wall.getUTCMonth() + 1, wall.getUTCDate());
    if (dayNames.size < OFFSET_CACHE_LIMIT) dayNames.set(wallDay, name);
  }
  return name;
}

/** The instant a local calendar day begins in a time zone (not always 00:00 on DST days). */
export function startOfLocalDay(day: string, timeZone: string): Date {
  return new Date(localInstantMs(requireDay(day), 0, timeZone));
}

export function windowsOn(day: string, cal: BusinessCalendar): OpeningWindow[] {
  return dayResolver(cal)(day);
}

export function openIntervalsOn(day: string, cal: BusinessCalendar): OpenInterval[] {
  return intervalsMs(day, windowsOn(day, cal), cal.timeZone).map((iv) => ({
    start: new Date(iv.start),
    end: new Date(iv.end),
  }));
}

export function isOpenAt(instant: Date, cal: BusinessCalendar): boolean {
  const t = requireInstant(instant);
  // A window ends no later than the next local midnight, so only the instant's own local day
  // can contain it.
  const day = localDay(instant, cal.timeZone);
  return intervalsMs(day, windowsOn(day, cal), cal.timeZone).some((iv) => iv.start <= t && t < iv.end);
}

export function businessMilliseconds(from: Date, to: Date, cal: BusinessCalendar): number {
  const fromMs = requireInstant(from);
  const toMs = requireInstant(to);
  if (toMs <= fromMs) return 0;
  const resolve = dayResolver(cal);
  const lastDay = localDay(to, cal.timeZone);
  let total = 0;
  // "YYYY-MM-DD" strings sort chronologically, so plain string comparison bounds the loop.
  for (let day = localDay(from, cal.timeZone); day <= lastDay; day = addDays(day, 1)) {
    for (const iv of intervalsMs(day, resolve(day), cal.timeZone)) {
      const overlap = Math.min(iv.end, toMs) - Math.max(iv.start, fromMs);
      if (overlap > 0) total += overlap;
    }
  }
  return total;
}

export function nextOpening(instant: Date, cal: BusinessCalendar): Date | null {
  const t = requireInstant(instant);
  const resolve = dayResolver(cal);
  let day = localDay(instant, cal.timeZone);
  for (let i = 0; i <= SEARCH_HORIZON_DAYS; i++, day = addDays(day, 1)) {
    for (const iv of intervalsMs(day, resolve(day), cal.timeZone)) {
      if (iv.end > t) return new Date(Math.max(iv.start, t));
    }
  }
  return null;
}

/**
 * The earliest instant t with businessMilliseconds(from, t) === ms. When the budget runs out
 * exactly at a window's end, that end is returned (e.g. 9 h from Monday 09:00 is Monday 18:00,
 * not Tuesday 09:00). ms <= 0 needs no open time, so `from` itself is the answer.
 */
export function addBusinessMilliseconds(from: Date, ms: number, cal: BusinessCalendar): Date | null {
  const fromMs = requireInstant(from);
  if (Number.isNaN(ms)) throw new RangeError("ms must be a number");
  if (ms <= 0) return new Date(fromMs);
  const resolve = dayResolver(cal);
  let remaining = ms;
  let day = localDay(from, cal.timeZone);
  for (let i = 0; i <= SEARCH_HORIZON_DAYS; i++, day = addDays(day, 1)) {
    for (const iv of intervalsMs(day, resolve(day), cal.timeZone)) {
      const start = Math.max(iv.start, fromMs);
      if (iv.end <= start) continue;
      const available = iv.end - start;
      if (remaining <= available) return new Date(start + remaining);
      remaining -= available;
    }
  }
  return null;
}

function isKnownTimeZone(timeZone: string): boolean {
  if (!timeZone) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
}

function windowProblems(windows: OpeningWindow[], label: string): string[] {
  const problems: string[] = [];
  const parsed: { start: number; end: number; index: number }[] = [];
  windows.forEach((w, i) => {
    const where = `${label}, window ${i + 1}`;
    const start = parseClock(w.start);
    const end = parseClock(w.end);
    if (start === null) problems.push(`${where}: start ${JSON.stringify(w.start)} is not a valid "HH:mm" time`);
    if (end === null) problems.push(`${where}: end ${JSON.stringify(w.end)} is not a valid "HH:mm" time`);
    if (start === null || end === null) return;
    if (start >= end) {
      problems.push(`${where}: start ${w.start} is not before end ${w.end}`);
      return;
    }
    parsed.push({ start, end, index: i });
  });
  parsed.sort((a, b) => a.start - b.start);
  for (let i = 1; i < parsed.length; i++) {
    const prev = parsed[i - 1];
    const cur = parsed[i];
    // Touching windows (12:00–13:00 then 13:00–14:00) are fine; sharing any minute is not.
    if (cur.start < prev.end) {
      const a = windows[prev.index];
      const b = windows[cur.index];
      problems.push(`${label}: windows ${a.start}–${a.end} and ${b.start}–${b.end} overlap`);
    }
  }
  return problems;
}

function dateListProblems(days: string[], label: string): string[] {
  return days
    .filter((day) => !isCalendarDay(day))
    .map((day) => `${label}: ${JSON.stringify(day)} is not a valid "YYYY-MM-DD" date`);
}

export function validateCalendar(cal: BusinessCalendar): string[] {
  const problems: string[] = [];
  if (!isKnownTimeZone(cal.timeZone)) {
    problems.push(`Unknown time zone ${JSON.stringify(cal.timeZone)}`);
  }
  if (!Array.isArray(cal.weekdays) || cal.weekdays.length !== 7) {
    problems.push(`weekdays must list 7 days (Sunday first), got ${Array.isArray(cal.weekdays) ? cal.weekdays.length : "none"}`);
  } else {
    cal.weekdays.forEach((windows, i) => {
      problems.push(...windowProblems(windows, WEEKDAY_NAMES[i]));
    });
  }
  problems.push(...windowProblems(cal.makeUpDayWindows, "Make-up day"));
  problems.push(...dateListProblems(cal.holidays, "Holidays"));
  problems.push(...dateListProblems(cal.makeUpDays, "Make-up days"));
  return problems;
}
