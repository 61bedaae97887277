import { describe, expect, it } from "vitest";
import {
  addBusinessMilliseconds,
  addDays,
  daysBefore,
  isCalendarDay,
  startOfLocalDay,
  businessMilliseconds,
  DEFAULT_CALENDAR,
  isOpenAt,
  localDay,
  nextOpening,
  splitIntoMonths,
  lastDayOfMonth,
  openIntervalsOn,
  validateCalendar,
  windowsOn,
  type BusinessCalendar,
  type OpeningWindow,
} from "./calendar";

// Asia/Shanghai is UTC+8 all year: local 09:00 = 01:00Z, local 18:00 = 10:00Z.
// Reference week: Monday 2025-03-03 … Sunday 2025-03-09.
const at = (iso: string) => new Date(iso);
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

const LUNCH: OpeningWindow[] = [
  { start: "09:00", end: "12:00" },
  { start: "13:30", end: "18:00" },
];
const LUNCH_CALENDAR: BusinessCalendar = {
  ...DEFAULT_CALENDAR,
  weekdays: [[], LUNCH, LUNCH, LUNCH, LUNCH, LUNCH, []],
  makeUpDayWindows: LUNCH,
};

const NINE_TO_SIX: OpeningWindow[] = [{ start: "09:00", end: "18:00" }];
const BERLIN: BusinessCalendar = {
  timeZone: "Europe/Berlin",
  weekdays: [[], NINE_TO_SIX, NINE_TO_SIX, NINE_TO_SIX, NINE_TO_SIX, NINE_TO_SIX, []],
  holidays: [],
  makeUpDays: [],
  makeUpDayWindows: NINE_TO_SIX,
};
const ALL_DAY: OpeningWindow[] = [{ start: "00:00", end: "24:00" }];
const BERLIN_24_7: BusinessCalendar = {
  ...BERLIN,
  weekdays: [ALL_DAY, ALL_DAY, ALL_DAY, ALL_DAY, ALL_DAY, ALL_DAY, ALL_DAY],
};

const NEVER_OPEN: BusinessCalendar = {
  ...DEFAULT_CALENDAR,
  weekdays: [[], [], [], [], [], [], []],
};

describe("localDay", () => {
  it("uses the calendar's zone, not UTC", () => {
    expect(localDay(at("2025-03-02T15:59:59.999Z"), "Asia/Shanghai")).toBe("2025-03-02");
    expect(localDay(at("2025-03-02T16:00:00.000Z"), "Asia/Shanghai")).toBe("2025-03-03");
    // 22:30Z on 2025-03-30 is 00:30 CEST (UTC+2) on the 31st in Berlin.
    expect(localDay(at("2025-03-30T22:30:00Z"), "Europe/Berlin")).toBe("2025-03-31");
  });

  // The day is found from offsets kept per quarter hour; the platform's own formatter is the
  // independent answer. Zones with quarter- and half-hour offsets and half-hour DST are included,
  // and instants are taken on both sides of each 2025 change and of local midnights.
  const formatters = new Map<string, Intl.DateTimeFormat>();
  const oracle = (instant: Date, timeZone: string) => {
    let format = formatters.get(timeZone);
    if (!format) {
      format = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
      formatters.set(timeZone, format);
    }
    return format.format(instant);
  };
  const zones = [
    "Asia/Shanghai",
    "Europe/Berlin",
    "America/New_York",
    "Asia/Kathmandu",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "America/St_Johns",
  ];

  it("agrees with the platform's formatter at every quarter hour and second around them", () => {
    const start = Date.UTC(2025, 2, 1);
    const mismatches: string[] = [];
    for (const zone of zones) {
      for (let t = start; t < start + 40 * 24 * HOUR; t += 15 * MINUTE) {
        for (const instant of [t, t - 1, t + 1, t + 7 * MINUTE + 31 * SECOND]) {
          const expected = oracle(new Date(instant), zone);
          const actual = localDay(new Date(instant), zone);
          if (actual !== expected) mismatches.push(`${zone} ${new Date(instant).toISOString()}: ${actual} ≠ ${expected}`);
        }
      }
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
  });

  it("agrees with the formatter across the year's changes in the southern hemisphere too", () => {
    const mismatches: string[] = [];
    for (const zone of zones) {
      for (let t = Date.UTC(2025, 8, 1); t < Date.UTC(2025, 11, 31); t += 37 * MINUTE + 13 * SECOND) {
        const expected = oracle(new Date(t), zone);
        if (localDay(new Date(t), zone) !== expected) mismatches.push(`${zone} ${new Date(t).toISOString()}`);
      }
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
  });
});

describe("isOpenAt on the default calendar (Mon–Fri 09:00–18:00 Asia/Shanghai)", () => {
  it("is open at 09:00 exactly", () => {
    expect(isOpenAt(at("2025-03-03T01:00:00.000Z"), DEFAULT_CALENDAR)).toBe(true);
  });
  it("is closed one millisecond before 09:00", () => {
    expect(isOpenAt(at("2025-03-03T00:59:59.999Z"), DEFAULT_CALENDAR)).toBe(false);
  });
  it("is open at 17:59:59.999", () => {
    expect(isOpenAt(at("2025-03-03T09:59:59.999Z"), DEFAULT_CALENDAR)).toBe(true);
  });
  it("is closed at 18:00 (end is exclusive)", () => {
    expect(isOpenAt(at("2025-03-03T10:00:00.000Z"), DEFAULT_CALENDAR)).toBe(false);
  });
  it("is closed at local midnight", () => {
    expect(isOpenAt(at("2025-03-02T16:00:00.000Z"), DEFAULT_CALENDAR)).toBe(false);
  });
  it("is closed on Saturday and Sunday during office hours", () => {
    expect(isOpenAt(at("2025-03-08T03:00:00Z"), DEFAULT_CALENDAR)).toBe(false);
    expect(isOpenAt(at("2025-03-09T03:00:00Z"), DEFAULT_CALENDAR)).toBe(false);
  });
});

describe("windowsOn / openIntervalsOn", () => {
  it("gives the weekday's windows as UTC instants", () => {
    expect(windowsOn("2025-03-03", DEFAULT_CALENDAR)).toEqual([{ start: "09:00", end: "18:00" }]);
    expect(windowsOn("2025-03-08", DEFAULT_CALENDAR)).toEqual([]);
    expect(openIntervalsOn("2025-03-03", LUNCH_CALENDAR)).toEqual([
      { start: at("2025-03-03T01:00:00Z"), end: at("2025-03-03T04:00:00Z") },
      { start: at("2025-03-03T05:30:00Z"), end: at("2025-03-03T10:00:00Z") },
    ]);
  });
  it("lets a holiday win over a make-up day on the same date", () => {
    const cal = { ...DEFAULT_CALENDAR, holidays: ["2025-03-08"], makeUpDays: ["2025-03-08"] };
    expect(windowsOn("2025-03-08", cal)).toEqual([]);
  });
  it("rejects a malformed day", () => {
    expect(() => windowsOn("2025-3-3", DEFAULT_CALENDAR)).toThrow(RangeError);
  });
});

describe("lunch-break calendar (09:00–12:00 and 13:30–18:00)", () => {
  it("is closed over lunch and open either side", () => {
    expect(isOpenAt(at("2025-03-03T03:59:59.999Z"), LUNCH_CALENDAR)).toBe(true); // 11:59:59.999
    expect(isOpenAt(at("2025-03-03T04:00:00Z"), LUNCH_CALENDAR)).toBe(false); // 12:00
    expect(isOpenAt(at("2025-03-03T04:30:00Z"), LUNCH_CALENDAR)).toBe(false); // 12:30
    expect(isOpenAt(at("2025-03-03T05:30:00Z"), LUNCH_CALENDAR)).toBe(true); // 13:30
  });
  it("counts only the open parts of a span across lunch", () => {
    // 11:00 → 14:00 local: 11:00–12:00 (1 h) + 13:30–14:00 (30 min).
    expect(businessMilliseconds(at("2025-03-03T03:00:00Z"), at("2025-03-03T06:00:00Z"), LUNCH_CALENDAR)).toBe(HOUR + 30 * MINUTE);
  });
  it("counts a whole day as 3 h + 4.5 h", () => {
    expect(businessMilliseconds(at("2025-03-02T16:00:00Z"), at("2025-03-03T16:00:00Z"), LUNCH_CALENDAR)).toBe(7.5 * HOUR);
  });
  it("nextOpening during lunch is 13:30", () => {
    expect(nextOpening(at("2025-03-03T04:00:00Z"), LUNCH_CALENDAR)).toEqual(at("2025-03-03T05:30:00Z"));
  });
  it("addBusinessMilliseconds skips lunch", () => {
    // 11:30 + 1 h: 30 min before lunch, 30 min after 13:30 → 14:00 local.
    expect(addBusinessMilliseconds(at("2025-03-03T03:30:00Z"), HOUR, LUNCH_CALENDAR)).toEqual(at("2025-03-03T06:00:00Z"));
  });
});

describe("businessMilliseconds", () => {
  it("gives each calendar its own windows when two calendars share a day", () => {
    // Kept intervals are per zone and per windows: a lunch break must not leak into the next
    // question about the same day, nor Shanghai's hours into Berlin's.
    const monday = [at("2025-03-03T00:00:00Z"), at("2025-03-03T23:59:59Z")] as const;
    expect(businessMilliseconds(...monday, DEFAULT_CALENDAR)).toBe(9 * HOUR);
    expect(businessMilliseconds(...monday, LUNCH_CALENDAR)).toBe(7.5 * HOUR);
    expect(businessMilliseconds(...monday, DEFAULT_CALENDAR)).toBe(9 * HOUR);
    // Berlin (UTC+1 in March): 08:00Z–17:00Z lies inside the span.
    expect(businessMilliseconds(...monday, BERLIN)).toBe(9 * HOUR);
    expect(businessMilliseconds(at("2025-03-03T00:00:00Z"), at("2025-03-03T09:00:00Z"), BERLIN)).toBe(1 * HOUR);
    expect(businessMilliseconds(at("2025-03-03T00:00:00Z"), at("2025-03-03T09:00:00Z"), DEFAULT_CALENDAR)).toBe(8 * HOUR);
  });

  it("counts Friday 17:00 → Monday 10:00 as 2 business hours", () => {
    expect(businessMilliseconds(at("2025-03-07T09:00:00Z"), at("2025-03-10T02:00:00Z"), DEFAULT_CALENDAR)).toBe(2 * HOUR);
  });
  it("is exact to the millisecond", () => {
    // 09:00:00.000 → 09:00:01.234 local.
    expect(businessMilliseconds(at("2025-03-03T01:00:00.000Z"), at("2025-03-03T01:00:01.234Z"), DEFAULT_CALENDAR)).toBe(1234);
    // 17:59:59.999 → 18:00:05 local: only the last millisecond is open.
    expect(businessMilliseconds(at("2025-03-03T09:59:59.999Z"), at("2025-03-03T10:00:05Z"), DEFAULT_CALENDAR)).toBe(1);
  });
  it("is 0 when from > to or from === to", () => {
    expect(businessMilliseconds(at("2025-03-10T02:00:00Z"), at("2025-03-07T09:00:00Z"), DEFAULT_CALENDAR)).toBe(0);
    expect(businessMilliseconds(at("2025-03-03T02:00:00Z"), at("2025-03-03T02:00:00Z"), DEFAULT_CALENDAR)).toBe(0);
  });
  it("is 0 for a span entirely outside hours", () => {
    // Saturday 00:00 → Monday 00:00 local.
    expect(businessMilliseconds(at("2025-03-07T16:00:00Z"), at("2025-03-09T16:00:00Z"), DEFAULT_CALENDAR)).toBe(0);
  });
  it("counts 4 full weeks as 20 days × 9 h", () => {
    // Monday 2025-03-03 00:00 local → Monday 2025-03-31 00:00 local.
    expect(businessMilliseconds(at("2025-03-02T16:00:00Z"), at("2025-03-30T16:00:00Z"), DEFAULT_CALENDAR)).toBe(20 * 9 * HOUR);
  });
  it("handles a two-year span quickly", () => {
    // 2024-01-01 (Monday) 00:00 → 2026-01-01 00:00 local.
    // 2024: 366 days = 52 weeks + Mon, Tue → 262 weekdays. 2025: 365 days = 52 weeks + Wed → 261.
    const started = performance.now();
    const ms = businessMilliseconds(at("2023-12-31T16:00:00Z"), at("2025-12-31T16:00:00Z"), DEFAULT_CALENDAR);
    const elapsed = performance.now() - started;
    expect(ms).toBe((262 + 261) * 9 * HOUR);
    expect(elapsed).toBeLessThan(1000);
  });
});

describe("holidays and make-up days", () => {
  const withHoliday: BusinessCalendar = { ...DEFAULT_CALENDAR, holidays: ["2025-03-05"] }; // a Wednesday
  const withMakeUp: BusinessCalendar = { ...DEFAULT_CALENDAR, makeUpDays: ["2025-03-08"] }; // a Saturday

  it("closes a weekday holiday", () => {
    expect(isOpenAt(at("2025-03-05T02:00:00Z"), withHoliday)).toBe(false);
    expect(windowsOn("2025-03-05", withHoliday)).toEqual([]);
    // The whole local day 2025-03-05.
    expect(businessMilliseconds(at("2025-03-04T16:00:00Z"), at("2025-03-05T16:00:00Z"), withHoliday)).toBe(0);
  });
  it("skips the holiday in spans and searches", () => {
    // Tuesday 17:00 → Thursday 10:00 local: 1 h Tuesday + 1 h Thursday.
    expect(businessMilliseconds(at("2025-03-04T09:00:00Z"), at("2025-03-06T02:00:00Z"), withHoliday)).toBe(2 * HOUR);
    expect(nextOpening(at("2025-03-05T02:00:00Z"), withHoliday)).toEqual(at("2025-03-06T01:00:00Z"));
  });
  it("opens a make-up Saturday with the make-up windows", () => {
    expect(isOpenAt(at("2025-03-08T02:00:00Z"), withMakeUp)).toBe(true);
    expect(windowsOn("2025-03-08", withMakeUp)).toEqual([{ start: "09:00", end: "18:00" }]);
    // Friday 17:00 → Monday 10:00 local: 1 h Fri + 9 h Sat + 1 h Mon.
    expect(businessMilliseconds(at("2025-03-07T09:00:00Z"), at("2025-03-10T02:00:00Z"), withMakeUp)).toBe(11 * HOUR);
  });
  it("handles a Spring Festival 调休 period", () => {
    // 2025: holidays Tue 01-28 … Tue 02-04; make-up days Sun 01-26 and Sat 02-08.
    const cal: BusinessCalendar = {
      ...DEFAULT_CALENDAR,
      holidays: ["2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31", "2025-02-01", "2025-02-02", "2025-02-03", "2025-02-04"],
      makeUpDays: ["2025-01-26", "2025-02-08"],
    };
    // Fri 01-24 00:00 → Mon 02-10 00:00 local. Open: 01-24, 01-26, 01-27, 02-05, 02-06, 02-07, 02-08 = 7 days.
    expect(businessMilliseconds(at("2025-01-23T16:00:00Z"), at("2025-02-09T16:00:00Z"), cal)).toBe(7 * 9 * HOUR);
    // From Monday 01-27 18:00 local, the next opening is Wednesday 02-05 09:00 local.
    expect(nextOpening(at("2025-01-27T10:00:00Z"), cal)).toEqual(at("2025-02-05T01:00:00Z"));
  });
});

describe("nextOpening", () => {
  it("from Friday evening is Monday 09:00 local", () => {
    // Friday 2025-03-07 19:00 local → Monday 2025-03-10 09:00 local.
    expect(nextOpening(at("2025-03-07T11:00:00Z"), DEFAULT_CALENDAR)).toEqual(at("2025-03-10T01:00:00Z"));
  });
  it("inside a window returns the same instant", () => {
    expect(nextOpening(at("2025-03-04T03:21:45.678Z"), DEFAULT_CALENDAR)).toEqual(at("2025-03-04T03:21:45.678Z"));
  });
  it("at 18:00 exactly is the next day's 09:00", () => {
    expect(nextOpening(at("2025-03-04T10:00:00Z"), DEFAULT_CALENDAR)).toEqual(at("2025-03-05T01:00:00Z"));
  });
  it("before opening on the same day is that day's 09:00", () => {
    // Tuesday 07:15 local.
    expect(nextOpening(at("2025-03-03T23:15:00Z"), DEFAULT_CALENDAR)).toEqual(at("2025-03-04T01:00:00Z"));
  });
  it("is null when the calendar never opens", () => {
    expect(nextOpening(at("2025-03-03T02:00:00Z"), NEVER_OPEN)).toBeNull();
  });
});

describe("addBusinessMilliseconds", () => {
  it("stays within the day when there is room", () => {
    // Monday 10:00 + 90 min → 11:30 local.
    expect(addBusinessMilliseconds(at("2025-03-03T02:00:00Z"), 90 * MINUTE, DEFAULT_CALENDAR)).toEqual(
      at("2025-03-03T03:30:00Z"),
    );
  });
  it("carries across a weekend", () => {
    // Friday 17:30 + 60 min: 30 min Friday, 30 min Monday → Monday 09:30 local.
    expect(addBusinessMilliseconds(at("2025-03-07T09:30:00Z"), HOUR, DEFAULT_CALENDAR)).toEqual(at("2025-03-10T01:30:00Z"));
  });
  it("starts counting at the next opening when from is outside hours", () => {
    // Saturday 11:00 local + 60 min → Monday 10:00 local.
    expect(addBusinessMilliseconds(at("2025-03-08T03:00:00Z"), HOUR, DEFAULT_CALENDAR)).toEqual(at("2025-03-10T02:00:00Z"));
  });
  it("returns the window's end when the budget runs out exactly there", () => {
    // Monday 09:00 + 9 h → Monday 18:00 local.
    expect(addBusinessMilliseconds(at("2025-03-03T01:00:00Z"), 9 * HOUR, DEFAULT_CALENDAR)).toEqual(at("2025-03-03T10:00:00Z"));
    // One more millisecond lands just after Tuesday 09:00.
    expect(addBusinessMilliseconds(at("2025-03-03T01:00:00Z"), 9 * HOUR + 1, DEFAULT_CALENDAR)).toEqual(
      at("2025-03-04T01:00:00.001Z"),
    );
  });
  it("returns from itself for 0 ms", () => {
    expect(addBusinessMilliseconds(at("2025-03-08T03:00:00Z"), 0, DEFAULT_CALENDAR)).toEqual(at("2025-03-08T03:00:00Z"));
  });
  it("is null when the budget cannot be spent within 730 days", () => {
    expect(addBusinessMilliseconds(at("2025-03-03T02:00:00Z"), MINUTE, NEVER_OPEN)).toBeNull();
    // 730 days hold at most 731 × 9 h of a Mon–Fri calendar; 3 years' worth cannot fit.
    expect(addBusinessMilliseconds(at("2025-03-03T02:00:00Z"), 3 * 365 * 9 * HOUR, DEFAULT_CALENDAR)).toBeNull();
  });
  it("agrees with businessMilliseconds", () => {
    const from = at("2025-03-06T07:12:34.567Z");
    for (const ms of [1, 37 * MINUTE, 7.5 * HOUR, 45 * HOUR + 123]) {
      const to = addBusinessMilliseconds(from, ms, LUNCH_CALENDAR);
      expect(to).not.toBeNull();
      expect(businessMilliseconds(from, to as Date, LUNCH_CALENDAR)).toBe(ms);
    }
  });
});

describe("DST zone (Europe/Berlin, spring forward on Sunday 2025-03-30)", () => {
  it("maps 09:00 local to 08:00Z before the change and 07:00Z after it", () => {
    expect(openIntervalsOn("2025-03-28", BERLIN)).toEqual([
      { start: at("2025-03-28T08:00:00Z"), end: at("2025-03-28T17:00:00Z") },
    ]);
    expect(openIntervalsOn("2025-03-31", BERLIN)).toEqual([
      { start: at("2025-03-31T07:00:00Z"), end: at("2025-03-31T16:00:00Z") },
    ]);
  });
  it("counts Friday 17:00 CET → Monday 10:00 CEST as 2 h", () => {
    expect(businessMilliseconds(at("2025-03-28T16:00:00Z"), at("2025-03-31T08:00:00Z"), BERLIN)).toBe(2 * HOUR);
    expect(nextOpening(at("2025-03-28T17:00:00Z"), BERLIN)).toEqual(at("2025-03-31T07:00:00Z"));
    expect(isOpenAt(at("2025-03-31T07:00:00Z"), BERLIN)).toBe(true);
    expect(isOpenAt(at("2025-03-31T06:59:59.999Z"), BERLIN)).toBe(false);
  });
  it("has a 23-hour day in spring and a 25-hour day in autumn", () => {
    // 2025-03-30 00:00 CET = 03-29T23:00Z; 24:00 = 03-31 00:00 CEST = 03-30T22:00Z.
    expect(openIntervalsOn("2025-03-30", BERLIN_24_7)).toEqual([
      { start: at("2025-03-29T23:00:00Z"), end: at("2025-03-30T22:00:00Z") },
    ]);
    expect(businessMilliseconds(at("2025-03-29T23:00:00Z"), at("2025-03-30T22:00:00Z"), BERLIN_24_7)).toBe(23 * HOUR);
    // 2025-10-26 00:00 CEST = 10-25T22:00Z; 24:00 = 10-27 00:00 CET = 10-26T23:00Z.
    expect(businessMilliseconds(at("2025-10-25T22:00:00Z"), at("2025-10-26T23:00:00Z"), BERLIN_24_7)).toBe(25 * HOUR);
  });
  it("counts a window that contains the skipped hour by real elapsed time", () => {
    // 01:00 CET (00:00Z) → 04:00 CEST (02:00Z): 3 h on the wall clock, 2 h elapsed.
    const cal: BusinessCalendar = { ...BERLIN, weekdays: [[{ start: "01:00", end: "04:00" }], [], [], [], [], [], []] };
    expect(businessMilliseconds(at("2025-03-29T12:00:00Z"), at("2025-03-30T12:00:00Z"), cal)).toBe(2 * HOUR);
    expect(isOpenAt(at("2025-03-30T01:30:00Z"), cal)).toBe(true); // 03:30 CEST
  });
  it("is continuous across local midnights on a 24/7 calendar", () => {
    // Five local days around the change: 03-28 00:00 CET (03-27T23:00Z) → 04-02 00:00 CEST (04-01T22:00Z).
    expect(businessMilliseconds(at("2025-03-27T23:00:00Z"), at("2025-04-01T22:00:00Z"), BERLIN_24_7)).toBe(5 * 24 * HOUR - HOUR);
    // Saturday 23:30 CET (22:30Z) + 1 h crosses local midnight to Sunday 00:30 CET (23:30Z).
    expect(addBusinessMilliseconds(at("2025-03-29T22:30:00Z"), HOUR, BERLIN_24_7)).toEqual(at("2025-03-29T23:30:00Z"));
  });
});

describe("validateCalendar", () => {
  it("accepts the default and the lunch calendars", () => {
    expect(validateCalendar(DEFAULT_CALENDAR)).toEqual([]);
    expect(validateCalendar(LUNCH_CALENDAR)).toEqual([]);
    expect(validateCalendar(BERLIN_24_7)).toEqual([]);
  });
  it("accepts touching windows", () => {
    const touching = [
      { start: "09:00", end: "12:00" },
      { start: "12:00", end: "13:00" },
    ];
    expect(validateCalendar({ ...DEFAULT_CALENDAR, weekdays: [[], touching, [], [], [], [], []] })).toEqual([]);
  });
  it.each([["9:00"], ["25:00"], ["12:60"], ["24:30"], ["09:00:00"], [""]])("rejects the time %j", (bad) => {
    const cal = { ...DEFAULT_CALENDAR, weekdays: [[], [{ start: bad, end: "18:00" }], [], [], [], [], []] };
    const problems = validateCalendar(cal);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain("Monday");
    expect(problems[0]).toContain("HH:mm");
  });
  it("rejects start >= end", () => {
    const cal = {
      ...DEFAULT_CALENDAR,
      weekdays: [[], [{ start: "18:00", end: "09:00" }], [{ start: "10:00", end: "10:00" }], [], [], [], []],
    };
    const problems = validateCalendar(cal);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toContain("Monday");
    expect(problems[1]).toContain("Tuesday");
    expect(problems.every((p) => p.includes("not before"))).toBe(true);
  });
  it("rejects 24:00 as a start", () => {
    const cal = { ...DEFAULT_CALENDAR, makeUpDayWindows: [{ start: "24:00", end: "24:00" }] };
    expect(validateCalendar(cal)).toHaveLength(1);
  });
  it("rejects overlapping windows within a day, in any order", () => {
    const cal = {
      ...DEFAULT_CALENDAR,
      weekdays: [
        [],
        [],
        [],
        [
          { start: "13:00", end: "18:00" },
          { start: "09:00", end: "13:30" },
        ],
        [],
        [],
        [],
      ],
    };
    const problems = validateCalendar(cal);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain("Wednesday");
    expect(problems[0]).toContain("overlap");
  });
  it("rejects bad dates in holidays and make-up days", () => {
    const cal = {
      ...DEFAULT_CALENDAR,
      holidays: ["2025-02-30", "2025/03/01", "2024-02-29"],
      makeUpDays: ["2025-13-01"],
    };
    const problems = validateCalendar(cal);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toContain("2025-02-30");
    expect(problems[1]).toContain("2025/03/01");
    expect(problems[2]).toContain("2025-13-01");
  });
  it("rejects an unknown time zone", () => {
    const problems = validateCalendar({ ...DEFAULT_CALENDAR, timeZone: "Mars/Olympus_Mons" });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain("Mars/Olympus_Mons");
  });
  it("rejects a weekdays list that is not 7 long", () => {
    const problems = validateCalendar({ ...DEFAULT_CALENDAR, weekdays: DEFAULT_CALENDAR.weekdays.slice(0, 5) });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain("7");
  });
});

describe("startOfLocalDay and addDays", () => {
  it("finds local midnight in Shanghai (UTC+8) as 16:00Z the day before", () => {
    expect(startOfLocalDay("2026-11-22", "Asia/Shanghai").toISOString()).toBe("2026-11-21T16:00:00.000Z");
  });
  it("steps calendar dates across month and leap-year ends", () => {
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
  });
  it("counts a Berlin DST day from its real midnight (UTC+1 before the change)", () => {
    expect(startOfLocalDay("2026-03-29", "Europe/Berlin").toISOString()).toBe("2026-03-28T23:00:00.000Z");
  });
});

describe("lastDayOfMonth", () => {
  it("knows the month's length, leap Februaries included, and refuses a day that does not exist", () => {
    expect(lastDayOfMonth("2024-02-10")).toBe("2024-02-29");
    expect(lastDayOfMonth("2026-02-01")).toBe("2026-02-28");
    expect(lastDayOfMonth("2026-12-31")).toBe("2026-12-31");
    expect(lastDayOfMonth("2026-04-30")).toBe("2026-04-30");
    expect(() => lastDayOfMonth("2026-02-30")).toThrow(RangeError);
  });
});

describe("splitIntoMonths", () => {
  it("reads whole months from the monthly roll-ups and the rest by day", () => {
    expect(splitIntoMonths("2025-01-15", "2025-04-10")).toEqual({
      months: ["2025-02", "2025-03"],
      dayRanges: [
        ["2025-01-15", "2025-01-31"],
        ["2025-04-01", "2025-04-10"],
      ],
    });
  });

  it("takes a month that starts on the 1st and ends on its last day whole, leap February too", () => {
    expect(splitIntoMonths("2024-02-01", "2024-02-29")).toEqual({ months: ["2024-02", "2024-02"], dayRanges: [] });
    expect(splitIntoMonths("2024-02-01", "2024-02-28")).toEqual({ months: null, dayRanges: [["2024-02-01", "2024-02-28"]] });
    expect(splitIntoMonths("2023-12-01", "2025-11-30")).toEqual({ months: ["2023-12", "2025-11"], dayRanges: [] });
  });

  it("keeps a period inside one month, or across two partial months, by day", () => {
    expect(splitIntoMonths("2025-03-05", "2025-03-05")).toEqual({ months: null, dayRanges: [["2025-03-05", "2025-03-05"]] });
    expect(splitIntoMonths("2025-12-20", "2026-01-10")).toEqual({ months: null, dayRanges: [["2025-12-20", "2026-01-10"]] });
  });

  it("crosses a year end on both sides", () => {
    expect(splitIntoMonths("2024-12-31", "2026-01-01")).toEqual({
      months: ["2025-01", "2025-12"],
      dayRanges: [
        ["2024-12-31", "2024-12-31"],
        ["2026-01-01", "2026-01-01"],
      ],
    });
  });

  it("covers every day of the period exactly once", () => {
    const days = (from: string, to: string) => {
      const all: string[] = [];
      for (let day = from; day <= to; day = addDays(day, 1)) all.push(day);
      return all;
    };
    for (const [from, to] of [
      ["2023-12-05", "2026-12-04"],
      ["2025-02-28", "2025-03-01"],
      ["2025-11-05", "2026-12-04"],
    ]) {
      const split = splitIntoMonths(from, to);
      const covered = split.dayRanges.flatMap(([a, b]) => days(a, b));
      if (split.months) {
        for (let day = `${split.months[0]}-01`; day.slice(0, 7) <= split.months[1]; day = addDays(day, 1)) covered.push(day);
      }
      expect(covered.sort()).toEqual(days(from, to));
    }
  });
});

describe("isCalendarDay", () => {
  it("accepts real days only, leap days by the Gregorian rule", () => {
    expect(isCalendarDay("2026-12-04")).toBe(true);
    expect(isCalendarDay("2028-02-29")).toBe(true);
    expect(isCalendarDay("2000-02-29")).toBe(true);
    expect(isCalendarDay("2026-02-29")).toBe(false);
    expect(isCalendarDay("2100-02-29")).toBe(false);
    expect(isCalendarDay("2026-04-31")).toBe(false);
    expect(isCalendarDay("2026-13-01")).toBe(false);
  });

  it("accepts only the YYYY-MM-DD form", () => {
    for (const text of ["2026-1-04", "2026-12-4", "26-12-04", "2026/12/04", " 2026-12-04", "2026-12-04T00:00", ""]) {
      expect(isCalendarDay(text), text).toBe(false);
    }
  });
});

describe("daysBefore", () => {
  it("counts whole calendar days: 0 on D, positive before, negative after", () => {
    expect(daysBefore("2026-12-04", "2026-12-04")).toBe(0);
    expect(daysBefore("2026-12-04", "2025-12-04")).toBe(365);
    expect(daysBefore("2028-12-04", "2027-12-04")).toBe(366); // 29 February 2028 between
    expect(daysBefore("2026-12-04", "2026-12-05")).toBe(-1);
  });

  it("is not moved by a time zone's clock change, as the days are zone-free", () => {
    // Europe/Berlin springs forward on 2025-03-30; the days either side are still one apart.
    expect(daysBefore("2025-03-31", "2025-03-30")).toBe(1);
    expect(daysBefore("2025-03-30", "2025-03-29")).toBe(1);
  });

  it("keeps years before 100 as they are, and refuses what is not a day", () => {
    expect(addDays("0099-12-31", 1)).toBe("0100-01-01");
    expect(daysBefore("0100-01-01", "0099-12-31")).toBe(1);
    expect(() => daysBefore("2026-12-04", "2026-02-30")).toThrow(RangeError);
  });
});

describe("month lengths, whatever the server's time zone", () => {
  it("are the same under a zone behind UTC and one ahead of it", () => {
    const zone = process.env.TZ;
    try {
      for (const tz of ["America/New_York", "Pacific/Kiritimati", "UTC"]) {
        process.env.TZ = tz;
        expect(lastDayOfMonth("2026-03-10"), tz).toBe("2026-03-31");
        expect(lastDayOfMonth("2028-02-01"), tz).toBe("2028-02-29");
        expect(lastDayOfMonth("2026-02-01"), tz).toBe("2026-02-28");
        expect(splitIntoMonths("2026-01-15", "2026-04-30").months, tz).toEqual(["2026-02", "2026-04"]);
      }
    } finally {
      process.env.TZ = zone;
    }
  });
});
