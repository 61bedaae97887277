import { describe, expect, it } from "vitest";
import { businessMilliseconds, DEFAULT_CALENDAR, type BusinessCalendar, type OpeningWindow } from "./calendar";
import {
  clockState,
  DEFAULT_RESPONSE_POLICY,
  escalationDueAt,
  inquirySla,
  median,
  needsEscalation,
  percentileNearestRank,
  responseFigures,
  type InquiryTiming,
  type ResponsePolicy,
  medianAndP90,
  medianAndP90OfRuns,
} from "./sla";

// Asia/Shanghai is UTC+8 all year (no DST): local 09:00 = 01:00Z, 10:00 = 02:00Z,
// 12:00 = 04:00Z, 13:30 = 05:30Z, 18:00 = 10:00Z, 20:00 = 12:00Z.
// Reference weeks: Monday 2026-11-23 … Sunday 2026-11-29, Monday 2026-11-30.
const at = (iso: string) => new Date(iso);
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

const CAL = DEFAULT_CALENDAR;
const POLICY = DEFAULT_RESPONSE_POLICY;

function inquiry(receivedAt: string, firstResponseAt: string | null, status = "new"): InquiryTiming {
  return { receivedAt: at(receivedAt), firstResponseAt: firstResponseAt === null ? null : at(firstResponseAt), status };
}

const LUNCH: OpeningWindow[] = [
  { start: "09:00", end: "12:00" },
  { start: "13:30", end: "18:00" },
];
// Tuesday 2026-11-24 is a holiday; Saturday 2026-11-28 is a make-up working day.
const LUNCH_CAL: BusinessCalendar = {
  ...DEFAULT_CALENDAR,
  weekdays: [[], LUNCH, LUNCH, LUNCH, LUNCH, LUNCH, []],
  holidays: ["2026-11-24"],
  makeUpDays: ["2026-11-28"],
  makeUpDayWindows: LUNCH,
};

describe("DEFAULT_RESPONSE_POLICY", () => {
  it("is 30 s, 60 business minutes, 5 min escalation", () => {
    expect(DEFAULT_RESPONSE_POLICY).toEqual({ thresholdSeconds: 30, businessSlaMinutes: 60, escalationMinutes: 5 });
  });
});

describe("inquirySla: the 30-second rule (in business hours)", () => {
  // Monday 10:00 local.
  const RECEIVED = "2026-11-23T02:00:00.000Z";

  it("FRT of exactly 30 s is a hit", () => {
    const r = inquirySla(inquiry(RECEIVED, "2026-11-23T02:00:30.000Z"), at("2026-11-23T03:00:00Z"), CAL, POLICY);
    expect(r).toEqual({
      counted: true,
      inBusinessHours: true,
      frtMs: 30_000,
      businessFrtMs: 30_000,
      within30s: true,
      within24h: true,
      slaStatus: null,
      slaDueAt: null,
    });
  });

  it("FRT of 30.001 s is a miss", () => {
    const r = inquirySla(inquiry(RECEIVED, "2026-11-23T02:00:30.001Z"), at("2026-11-23T03:00:00Z"), CAL, POLICY);
    expect(r.frtMs).toBe(30_001);
    expect(r.within30s).toBe(false);
    expect(r.within24h).toBe(true);
  });

  it("unanswered at 29 s is pending", () => {
    const r = inquirySla(inquiry(RECEIVED, null), at("2026-11-23T02:00:29.000Z"), CAL, POLICY);
    expect(r.within30s).toBeNull();
    expect(r.within24h).toBeNull();
    expect(r.frtMs).toBeNull();
    expect(r.businessFrtMs).toBeNull();
  });

  it("unanswered at exactly 30 s is still pending (an answer now would hit)", () => {
    const r = inquirySla(inquiry(RECEIVED, null), at("2026-11-23T02:00:30.000Z"), CAL, POLICY);
    expect(r.within30s).toBeNull();
  });

  it("unanswered at 30.001 s and at 31 s is a miss; the 24-hour rule is still pending", () => {
    expect(inquirySla(inquiry(RECEIVED, null), at("2026-11-23T02:00:30.001Z"), CAL, POLICY).within30s).toBe(false);
    const r = inquirySla(inquiry(RECEIVED, null), at("2026-11-23T02:00:31.000Z"), CAL, POLICY);
    expect(r.within30s).toBe(false);
    expect(r.within24h).toBeNull();
  });

  it("uses the policy's threshold: 45 s is a hit under a 60 s threshold", () => {
    const policy: ResponsePolicy = { ...POLICY, thresholdSeconds: 60 };
    const r = inquirySla(inquiry(RECEIVED, "2026-11-23T02:00:45.000Z"), at("2026-11-23T03:00:00Z"), CAL, policy);
    expect(r.within30s).toBe(true);
  });

  it("measures calendar time, even across closing: 17:59:50 answered at 18:00:30 is 40 s, a miss", () => {
    // 17:59:50 local = 09:59:50Z; 18:00:30 local = 10:00:30Z; 40 s calendar, 10 s business.
    const r = inquirySla(inquiry("2026-11-23T09:59:50Z", "2026-11-23T10:00:30Z"), at("2026-11-23T11:00:00Z"), CAL, POLICY);
    expect(r.inBusinessHours).toBe(true);
    expect(r.frtMs).toBe(40 * SECOND);
    expect(r.businessFrtMs).toBe(10 * SECOND);
    expect(r.within30s).toBe(false);
  });

  it("treats a response stamped after `now` as not sent yet (as-of view)", () => {
    // Answered 10 s after receipt, but now is only 5 s after receipt.
    const r = inquirySla(inquiry(RECEIVED, "2026-11-23T02:00:10Z"), at("2026-11-23T02:00:05Z"), CAL, POLICY);
    expect(r.frtMs).toBeNull();
    expect(r.within30s).toBeNull();
  });

  it("clamps a response stamped before receipt to an FRT of 0", () => {
    const r = inquirySla(inquiry(RECEIVED, "2026-11-23T01:59:58Z"), at("2026-11-23T03:00:00Z"), CAL, POLICY);
    expect(r.frtMs).toBe(0);
    expect(r.businessFrtMs).toBe(0);
    expect(r.within30s).toBe(true);
  });

  it("a receivedAt slightly in the future (allowed at intake) is pending, not a miss", () => {
    const r = inquirySla(inquiry("2026-11-23T02:04:00Z", null), at("2026-11-23T02:00:00Z"), CAL, POLICY);
    expect(r.within30s).toBeNull();
    expect(r.within24h).toBeNull();
  });
});

describe("inquirySla: the 24-hour rule", () => {
  const RECEIVED = "2026-11-23T02:00:00.000Z"; // Monday 10:00 local

  it("answered after exactly 24 h is a hit, 24 h + 1 ms a miss", () => {
    const now = at("2026-11-25T00:00:00Z");
    expect(inquirySla(inquiry(RECEIVED, "2026-11-24T02:00:00.000Z"), now, CAL, POLICY).within24h).toBe(true);
    expect(inquirySla(inquiry(RECEIVED, "2026-11-24T02:00:00.001Z"), now, CAL, POLICY).within24h).toBe(false);
  });

  it("unanswered is pending until more than 24 h old, then a miss", () => {
    expect(inquirySla(inquiry(RECEIVED, null), at("2026-11-24T01:59:59Z"), CAL, POLICY).within24h).toBeNull();
    expect(inquirySla(inquiry(RECEIVED, null), at("2026-11-24T02:00:00.000Z"), CAL, POLICY).within24h).toBeNull();
    expect(inquirySla(inquiry(RECEIVED, null), at("2026-11-24T02:00:00.001Z"), CAL, POLICY).within24h).toBe(false);
  });

  it("applies to inquiries received out of hours too", () => {
    // Monday 20:00 local (12:00Z), answered Tuesday 09:30 local (01:30Z): 13 h 30 min.
    const r = inquirySla(inquiry("2026-11-23T12:00:00Z", "2026-11-24T01:30:00Z"), at("2026-11-24T05:00:00Z"), CAL, POLICY);
    expect(r.inBusinessHours).toBe(false);
    expect(r.frtMs).toBe(13 * HOUR + 30 * MINUTE);
    expect(r.within24h).toBe(true);
  });
});

describe("inquirySla: closed-time inquiries and the business SLA (default calendar)", () => {
  // Saturday 2026-11-28 11:00 local. Next opening Monday 2026-11-30 09:00 local (01:00Z),
  // so 60 business minutes run out Monday 10:00 local (02:00Z).
  const SATURDAY = "2026-11-28T03:00:00.000Z";
  const DUE = at("2026-11-30T02:00:00.000Z");

  it("is not in the 30-second rule at all", () => {
    const r = inquirySla(inquiry(SATURDAY, "2026-11-28T03:00:05Z"), at("2026-11-28T04:00:00Z"), CAL, POLICY);
    expect(r.inBusinessHours).toBe(false);
    expect(r.within30s).toBeNull();
    // Answered on Saturday itself: no business time has passed, so a hit.
    expect(r.businessFrtMs).toBe(0);
    expect(r.slaStatus).toBe("hit");
    expect(r.slaDueAt).toEqual(DUE);
  });

  it("answered 45 business minutes after Monday 09:00 is a hit", () => {
    // Monday 09:45 local = 01:45Z. Calendar FRT: Sat 03:00Z → Mon 01:45Z = 46 h 45 min.
    const r = inquirySla(inquiry(SATURDAY, "2026-11-30T01:45:00Z"), at("2026-11-30T03:00:00Z"), CAL, POLICY);
    expect(r.businessFrtMs).toBe(45 * MINUTE);
    expect(r.frtMs).toBe(46 * HOUR + 45 * MINUTE);
    expect(r.slaStatus).toBe("hit");
    expect(r.slaDueAt).toEqual(DUE);
    expect(r.within24h).toBe(false);
  });

  it("answered exactly at the deadline (60 business minutes) is a hit", () => {
    const r = inquirySla(inquiry(SATURDAY, "2026-11-30T02:00:00Z"), at("2026-11-30T03:00:00Z"), CAL, POLICY);
    expect(r.businessFrtMs).toBe(60 * MINUTE);
    expect(r.slaStatus).toBe("hit");
  });

  it("answered 61 business minutes after Monday 09:00 is missed", () => {
    const r = inquirySla(inquiry(SATURDAY, "2026-11-30T02:01:00Z"), at("2026-11-30T03:00:00Z"), CAL, POLICY);
    expect(r.businessFrtMs).toBe(61 * MINUTE);
    expect(r.slaStatus).toBe("missed");
  });

  it("unanswered is pending on Sunday, at Monday 09:30 and at the deadline itself, missed 1 ms after", () => {
    const timing = inquiry(SATURDAY, null);
    expect(inquirySla(timing, at("2026-11-29T08:00:00Z"), CAL, POLICY).slaStatus).toBe("pending");
    expect(inquirySla(timing, at("2026-11-30T01:30:00Z"), CAL, POLICY).slaStatus).toBe("pending");
    expect(inquirySla(timing, at("2026-11-30T02:00:00.000Z"), CAL, POLICY).slaStatus).toBe("pending");
    const late = inquirySla(timing, at("2026-11-30T02:00:00.001Z"), CAL, POLICY);
    expect(late.slaStatus).toBe("missed");
    expect(late.slaDueAt).toEqual(DUE);
  });

  it("an inquiry at 20:00 local on a weekday is due at 10:00 the next morning", () => {
    // Monday 20:00 local = 12:00Z; Tuesday 10:00 local = 2026-11-24T02:00Z.
    // Answered Tuesday 09:30 local: 30 business minutes, a hit.
    const r = inquirySla(inquiry("2026-11-23T12:00:00Z", "2026-11-24T01:30:00Z"), at("2026-11-24T03:00:00Z"), CAL, POLICY);
    expect(r.inBusinessHours).toBe(false);
    expect(r.within30s).toBeNull();
    expect(r.businessFrtMs).toBe(30 * MINUTE);
    expect(r.slaDueAt).toEqual(at("2026-11-24T02:00:00Z"));
    expect(r.slaStatus).toBe("hit");
  });

  it("does not apply to in-hours inquiries", () => {
    const r = inquirySla(inquiry("2026-11-23T02:00:00Z", null), at("2026-11-25T02:00:00Z"), CAL, POLICY);
    expect(r.slaStatus).toBeNull();
    expect(r.slaDueAt).toBeNull();
  });

  it("uses the policy's SLA minutes", () => {
    // 90 business minutes from Monday 09:00 local = 10:30 local = 02:30Z; answered at 10:15 local.
    const policy: ResponsePolicy = { ...POLICY, businessSlaMinutes: 90 };
    const r = inquirySla(inquiry(SATURDAY, "2026-11-30T02:15:00Z"), at("2026-11-30T03:00:00Z"), CAL, policy);
    expect(r.slaDueAt).toEqual(at("2026-11-30T02:30:00Z"));
    expect(r.slaStatus).toBe("hit");
  });
});

describe("business FRT across a weekend", () => {
  it("counts only open time: Friday 17:00 → Monday 10:00 is 2 business hours", () => {
    // Friday 2026-11-27 17:00 local = 09:00Z; Monday 2026-11-30 10:00 local = 02:00Z.
    // Business: Fri 17:00–18:00 (1 h) + Mon 09:00–10:00 (1 h) = 2 h.
    // Calendar: Fri 09:00Z → Mon 09:00Z is 72 h, back to 02:00Z is 65 h.
    const r = inquirySla(inquiry("2026-11-27T09:00:00Z", "2026-11-30T02:00:00Z"), at("2026-11-30T03:00:00Z"), CAL, POLICY);
    expect(r.inBusinessHours).toBe(true);
    expect(r.businessFrtMs).toBe(2 * HOUR);
    expect(r.frtMs).toBe(65 * HOUR);
    expect(r.within30s).toBe(false);
    expect(r.slaStatus).toBeNull();
  });
});

describe("business SLA on a lunch-break calendar with a holiday and a make-up day", () => {
  it("an inquiry during lunch is out of hours; the clock starts at 13:30", () => {
    // Monday 12:30 local = 04:30Z. Due 13:30 + 60 min = 14:30 local = 06:30Z.
    // Answered 14:15 local = 06:15Z: 45 business minutes, calendar 1 h 45 min.
    const r = inquirySla(inquiry("2026-11-23T04:30:00Z", "2026-11-23T06:15:00Z"), at("2026-11-23T07:00:00Z"), LUNCH_CAL, POLICY);
    expect(r.inBusinessHours).toBe(false);
    expect(r.within30s).toBeNull();
    expect(r.slaDueAt).toEqual(at("2026-11-23T06:30:00Z"));
    expect(r.businessFrtMs).toBe(45 * MINUTE);
    expect(r.frtMs).toBe(HOUR + 45 * MINUTE);
    expect(r.slaStatus).toBe("hit");
  });

  it("skips the Tuesday holiday: Monday 20:00 is due Wednesday 10:00", () => {
    // Monday 20:00 local = 2026-11-23T12:00Z. Tuesday is closed, Wednesday 10:00 local = 2026-11-25T02:00Z.
    const received = "2026-11-23T12:00:00Z";
    const onHoliday = inquirySla(inquiry(received, "2026-11-24T07:00:00Z"), at("2026-11-24T08:00:00Z"), LUNCH_CAL, POLICY);
    expect(onHoliday.slaDueAt).toEqual(at("2026-11-25T02:00:00Z"));
    expect(onHoliday.businessFrtMs).toBe(0);
    expect(onHoliday.slaStatus).toBe("hit");

    // Wednesday 10:01 local: 61 business minutes.
    const late = inquirySla(inquiry(received, "2026-11-25T02:01:00Z"), at("2026-11-25T03:00:00Z"), LUNCH_CAL, POLICY);
    expect(late.businessFrtMs).toBe(61 * MINUTE);
    expect(late.slaStatus).toBe("missed");

    const unanswered = inquiry(received, null);
    // All of Tuesday (a holiday) is still pending, and so is Wednesday 09:59:59 local.
    expect(inquirySla(unanswered, at("2026-11-24T09:00:00Z"), LUNCH_CAL, POLICY).slaStatus).toBe("pending");
    expect(inquirySla(unanswered, at("2026-11-25T01:59:59Z"), LUNCH_CAL, POLICY).slaStatus).toBe("pending");
    expect(inquirySla(unanswered, at("2026-11-25T02:00:01Z"), LUNCH_CAL, POLICY).slaStatus).toBe("missed");
  });

  it("a make-up Saturday is a working day: in the 30-second rule, not in the SLA", () => {
    // Saturday 2026-11-28 10:00 local = 02:00Z, answered 20 s later.
    const r = inquirySla(inquiry("2026-11-28T02:00:00Z", "2026-11-28T02:00:20Z"), at("2026-11-28T03:00:00Z"), LUNCH_CAL, POLICY);
    expect(r.inBusinessHours).toBe(true);
    expect(r.within30s).toBe(true);
    expect(r.slaStatus).toBeNull();
  });

  it("Friday 20:00 is due on the make-up Saturday at 10:00, not on Monday", () => {
    // Friday 2026-11-27 20:00 local = 12:00Z; Saturday 10:00 local = 2026-11-28T02:00Z.
    const timing = inquiry("2026-11-27T12:00:00Z", null);
    const r = inquirySla(timing, at("2026-11-28T02:00:00.001Z"), LUNCH_CAL, POLICY);
    expect(r.slaDueAt).toEqual(at("2026-11-28T02:00:00Z"));
    expect(r.slaStatus).toBe("missed");
    // On the default calendar (no make-up day) the same inquiry is still pending then.
    expect(inquirySla(timing, at("2026-11-28T02:00:00.001Z"), CAL, POLICY).slaStatus).toBe("pending");
  });

  it("when the budget ends at a window's close, an answer during the break still hits, so unanswered is pending", () => {
    // 180 business minutes from Monday 07:00 local (2026-11-22T23:00Z) run 09:00–12:00 local,
    // so the deadline is 12:00 local = 04:00Z. Lunch is closed until 13:30 local = 05:30Z.
    const policy: ResponsePolicy = { ...POLICY, businessSlaMinutes: 180 };
    const received = "2026-11-22T23:00:00Z";
    const answered = inquirySla(inquiry(received, "2026-11-23T05:00:00Z"), at("2026-11-23T06:00:00Z"), LUNCH_CAL, policy);
    expect(answered.slaDueAt).toEqual(at("2026-11-23T04:00:00Z"));
    expect(answered.businessFrtMs).toBe(180 * MINUTE);
    expect(answered.slaStatus).toBe("hit");

    const unanswered = inquiry(received, null);
    expect(inquirySla(unanswered, at("2026-11-23T05:00:00Z"), LUNCH_CAL, policy).slaStatus).toBe("pending");
    expect(inquirySla(unanswered, at("2026-11-23T05:30:00.000Z"), LUNCH_CAL, policy).slaStatus).toBe("pending");
    expect(inquirySla(unanswered, at("2026-11-23T05:30:00.001Z"), LUNCH_CAL, policy).slaStatus).toBe("missed");
  });
});

describe("spam", () => {
  it("is never counted: no 30-second, 24-hour or SLA status", () => {
    const inHours = inquirySla(inquiry("2026-11-23T02:00:00Z", null, "spam"), at("2026-11-25T00:00:00Z"), CAL, POLICY);
    expect(inHours).toEqual({
      counted: false,
      inBusinessHours: true,
      frtMs: null,
      businessFrtMs: null,
      within30s: null,
      within24h: null,
      slaStatus: null,
      slaDueAt: null,
    });
    const outOfHours = inquirySla(inquiry("2026-11-28T03:00:00Z", null, "spam"), at("2026-12-01T00:00:00Z"), CAL, POLICY);
    expect(outOfHours.slaStatus).toBeNull();
    expect(outOfHours.slaDueAt).toBeNull();
  });

  it("other statuses are all counted", () => {
    for (const status of ["new", "responded", "quoted", "won", "lost"]) {
      expect(inquirySla(inquiry("2026-11-23T02:00:00Z", null, status), at("2026-11-23T02:00:10Z"), CAL, POLICY).counted).toBe(
        true,
      );
    }
  });
});

describe("median", () => {
  it("is the middle value for an odd count, in any input order", () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([7])).toBe(7);
  });
  it("is the mean of the two middle values for an even count", () => {
    expect(median([4, 1, 3, 2])).toBe(2.5); // (2 + 3) / 2
    expect(median([10, 20])).toBe(15);
  });
  it("sorts numerically, not as text", () => {
    expect(median([9, 10, 100])).toBe(10);
  });
  it("is null for no values and does not mutate its input", () => {
    expect(median([])).toBeNull();
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });
  it("rejects NaN", () => {
    expect(() => median([1, Number.NaN])).toThrow(RangeError);
  });
});

describe("percentileNearestRank", () => {
  it("p90 of ten values is the 9th smallest, including a tie at the percentile", () => {
    // n = 10, rank ⌈0.9 × 10⌉ = 9; the 9th value is 9 (and so is the 10th).
    expect(percentileNearestRank([1, 2, 3, 4, 5, 6, 7, 8, 9, 9], 90)).toBe(9);
  });
  it("is a value from the data, not interpolated", () => {
    // Rank 9 of 10 → 90 (linear interpolation would give 91).
    expect(percentileNearestRank([100, 90, 80, 70, 60, 50, 40, 30, 20, 10], 90)).toBe(90);
  });
  it("rounds the rank up: p90 of 6 values is rank ⌈5.4⌉ = 6", () => {
    expect(percentileNearestRank([6, 5, 4, 3, 2, 1], 90)).toBe(6);
  });
  it("is not thrown off by floating point: p55 of 1..100 is rank 55, not 56", () => {
    // 0.55 × 100 is 55.000000000000007 in binary floating point.
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentileNearestRank(values, 55)).toBe(55);
  });
  it("p80 of 1..15 is rank 12", () => {
    const values = Array.from({ length: 15 }, (_, i) => i + 1);
    expect(percentileNearestRank(values, 80)).toBe(12);
  });
  it("p100 is the maximum; one value is every percentile", () => {
    expect(percentileNearestRank([3, 8, 1], 100)).toBe(8);
    expect(percentileNearestRank([42], 10)).toBe(42);
  });
  it("is null for no values and refuses a percent that is not whole or outside 1–100", () => {
    expect(percentileNearestRank([], 90)).toBeNull();
    expect(() => percentileNearestRank([1], 0)).toThrow(RangeError);
    expect(() => percentileNearestRank([1], 150)).toThrow(RangeError);
    expect(() => percentileNearestRank([1], Number.NaN)).toThrow(RangeError);
    expect(() => percentileNearestRank([1], 0.9)).toThrow(RangeError);
    expect(() => percentileNearestRank([], 0.9)).toThrow(RangeError);
  });
});

describe("responseFigures", () => {
  it("is empty with null rates and statistics for no inquiries", () => {
    expect(responseFigures([], at("2026-11-30T01:30:00Z"), CAL, POLICY)).toEqual({
      received: 0,
      counted: 0,
      inHoursCounted: 0,
      thirtySecondHits: 0,
      thirtySecondDenominator: 0,
      thirtySecondRate: null,
      within24hHits: 0,
      within24hDenominator: 0,
      within24hRate: null,
      answered: 0,
      frtSumMs: 0,
      avgFrtSeconds: null,
      medianFrtSeconds: null,
      p90FrtSeconds: null,
      slaHit: 0,
      slaMissed: 0,
      slaPending: 0,
    });
  });

  it("a single pending in-hours inquiry leaves the 30-second rate null", () => {
    const f = responseFigures([inquiry("2026-11-23T02:00:00Z", null)], at("2026-11-23T02:00:10Z"), CAL, POLICY);
    expect(f.counted).toBe(1);
    expect(f.inHoursCounted).toBe(1);
    expect(f.thirtySecondDenominator).toBe(0);
    expect(f.thirtySecondRate).toBeNull();
    expect(f.within24hRate).toBeNull();
    expect(f.answered).toBe(0);
  });

  it("computes every figure of SPEC §3 over a mixed set", () => {
    // now = Monday 2026-11-30 09:30 local.
    const now = at("2026-11-30T01:30:00Z");
    const items: InquiryTiming[] = [
      // 1. Mon 23 10:00 local, answered in 12 s: 30 s hit, 24 h hit.
      inquiry("2026-11-23T02:00:00Z", "2026-11-23T02:00:12Z"),
      // 2. Mon 23 10:10 local, answered in exactly 30 s: 30 s hit, 24 h hit.
      inquiry("2026-11-23T02:10:00Z", "2026-11-23T02:10:30Z", "responded"),
      // 3. Mon 23 11:00 local, answered in 45 s: 30 s miss, 24 h hit.
      inquiry("2026-11-23T03:00:00Z", "2026-11-23T03:00:45Z", "quoted"),
      // 4. Mon 23 11:30 local, answered in 2 h = 7 200 s: 30 s miss, 24 h hit.
      inquiry("2026-11-23T03:30:00Z", "2026-11-23T05:30:00Z", "won"),
      // 5. Sat 28 11:00 local (closed), answered Mon 30 09:20 local: 46 h 20 min = 166 800 s,
      //    24 h miss; 20 business minutes, SLA hit.
      inquiry("2026-11-28T03:00:00Z", "2026-11-30T01:20:00Z"),
      // 6. Mon 23 20:00 local (closed), never answered: 24 h miss (over 6 days old); SLA was due
      //    Tue 10:00 local, missed.
      inquiry("2026-11-23T12:00:00Z", null, "lost"),
      // 7. Spam at Mon 23 10:05 local, never answered: counts nowhere but `received`.
      inquiry("2026-11-23T02:05:00Z", null, "spam"),
      // 8. Mon 30 09:29:50 local, unanswered for 10 s: in hours but 30 s pending, 24 h pending.
      inquiry("2026-11-30T01:29:50Z", null),
      // 9. Sun 29 22:00 local (closed), unanswered: 11½ h old → 24 h pending; 30 business
      //    minutes used of 60 → SLA pending.
      inquiry("2026-11-29T14:00:00Z", null),
      // 10. Wed 25 07:00 local (closed), answered Wed 10:30 local: 3 h 30 min = 12 600 s,
      //     24 h hit; 90 business minutes → SLA missed.
      inquiry("2026-11-24T23:00:00Z", "2026-11-25T02:30:00Z"),
    ];
    const f = responseFigures(items, now, CAL, POLICY);

    expect(f.received).toBe(10);
    expect(f.counted).toBe(9); // all but 7
    expect(f.inHoursCounted).toBe(5); // 1, 2, 3, 4, 8

    expect(f.thirtySecondHits).toBe(2); // 1, 2
    expect(f.thirtySecondDenominator).toBe(4); // 1, 2, 3, 4 (8 pending)
    expect(f.thirtySecondRate).toBe(0.5);

    expect(f.within24hHits).toBe(5); // 1, 2, 3, 4, 10
    expect(f.within24hDenominator).toBe(7); // + 5, 6 (8, 9 pending)
    expect(f.within24hRate).toBe(5 / 7);

    // Answered: 1, 2, 3, 4, 5, 10 → FRT 12, 30, 45, 7 200, 166 800, 12 600 s.
    expect(f.answered).toBe(6);
    // 12 + 30 + 45 + 7 200 + 166 800 + 12 600 = 186 687 s.
    expect(f.frtSumMs).toBe(186_687_000);
    expect(f.avgFrtSeconds).toBe(31_114.5); // 186 687 / 6
    // Sorted: 12, 30, 45, 7 200, 12 600, 166 800 → (45 + 7 200) / 2.
    expect(f.medianFrtSeconds).toBe(3_622.5);
    // Rank ⌈0.9 × 6⌉ = 6.
    expect(f.p90FrtSeconds).toBe(166_800);

    expect(f.slaHit).toBe(1); // 5
    expect(f.slaMissed).toBe(2); // 6, 10
    expect(f.slaPending).toBe(1); // 9
  });

  it("keeps millisecond precision in FRT statistics", () => {
    // FRT 1.5 s and 2.001 s (both in hours, Monday 10:00 and 10:01 local).
    const items = [
      inquiry("2026-11-23T02:00:00.000Z", "2026-11-23T02:00:01.500Z"),
      inquiry("2026-11-23T02:01:00.000Z", "2026-11-23T02:01:02.001Z"),
    ];
    const f = responseFigures(items, at("2026-11-23T03:00:00Z"), CAL, POLICY);
    expect(f.frtSumMs).toBe(3_501);
    expect(f.avgFrtSeconds).toBe(1.7505);
    expect(f.medianFrtSeconds).toBe(1.7505);
    expect(f.p90FrtSeconds).toBe(2.001);
  });
});

describe("escalation", () => {
  it("is due 5 minutes after an in-hours receipt: 10:00 → 10:05", () => {
    expect(escalationDueAt(at("2026-11-23T02:00:00Z"), CAL, POLICY)).toEqual(at("2026-11-23T02:05:00Z"));
  });

  it("is due 5 minutes after the next opening when received on Saturday: Monday 09:05 local", () => {
    expect(escalationDueAt(at("2026-11-28T03:00:00Z"), CAL, POLICY)).toEqual(at("2026-11-30T01:05:00Z"));
  });

  it("carries over closing: Monday 17:58 → Tuesday 09:03 local", () => {
    // 17:58 local = 09:58Z: 2 minutes before 18:00, 3 after Tuesday 09:00 local (01:00Z).
    expect(escalationDueAt(at("2026-11-23T09:58:00Z"), CAL, POLICY)).toEqual(at("2026-11-24T01:03:00Z"));
  });

  it("uses the policy's minutes", () => {
    expect(escalationDueAt(at("2026-11-23T02:00:00Z"), CAL, { ...POLICY, escalationMinutes: 15 })).toEqual(
      at("2026-11-23T02:15:00Z"),
    );
  });

  it("is null when the calendar never opens", () => {
    const closed: BusinessCalendar = { ...DEFAULT_CALENDAR, weekdays: [[], [], [], [], [], [], []] };
    expect(escalationDueAt(at("2026-11-23T02:00:00Z"), closed, POLICY)).toBeNull();
    expect(needsEscalation(inquiry("2026-11-23T02:00:00Z", null), at("2027-01-01T00:00:00Z"), closed, POLICY)).toBe(false);
  });

  it("needsEscalation: counted, unanswered and now at or after the due time", () => {
    const timing = inquiry("2026-11-23T02:00:00Z", null);
    expect(needsEscalation(timing, at("2026-11-23T02:04:59.999Z"), CAL, POLICY)).toBe(false);
    expect(needsEscalation(timing, at("2026-11-23T02:05:00.000Z"), CAL, POLICY)).toBe(true);
  });

  it("needsEscalation: a Saturday inquiry is not escalated over the weekend", () => {
    const timing = inquiry("2026-11-28T03:00:00Z", null);
    expect(needsEscalation(timing, at("2026-11-29T12:00:00Z"), CAL, POLICY)).toBe(false);
    expect(needsEscalation(timing, at("2026-11-30T01:04:59Z"), CAL, POLICY)).toBe(false);
    expect(needsEscalation(timing, at("2026-11-30T01:05:00Z"), CAL, POLICY)).toBe(true);
  });

  it("needsEscalation: never for answered or spam inquiries", () => {
    const now = at("2026-11-23T03:00:00Z");
    expect(needsEscalation(inquiry("2026-11-23T02:00:00Z", "2026-11-23T02:10:00Z"), now, CAL, POLICY)).toBe(false);
    expect(needsEscalation(inquiry("2026-11-23T02:00:00Z", null, "spam"), now, CAL, POLICY)).toBe(false);
  });

  it("needsEscalation: a response stamped after now does not count yet", () => {
    const timing = inquiry("2026-11-23T02:00:00Z", "2026-11-23T02:30:00Z");
    expect(needsEscalation(timing, at("2026-11-23T02:10:00Z"), CAL, POLICY)).toBe(true);
  });
});

describe("clockState (inbox clock, default 30 s threshold, amber from 20 s)", () => {
  it("is fresh below 20 s", () => {
    expect(clockState(0, 30)).toBe("fresh");
    expect(clockState(19_999, 30)).toBe("fresh");
  });
  it("is warning from 20 s through exactly 30 s (30 s is still a hit)", () => {
    expect(clockState(20_000, 30)).toBe("warning");
    expect(clockState(30_000, 30)).toBe("warning");
  });
  it("is overdue from 30.001 s, the moment inquirySla calls it a miss", () => {
    expect(clockState(30_001, 30)).toBe("overdue");
  });
  it("follows a custom threshold and warning", () => {
    expect(clockState(44_999, 60, 45)).toBe("fresh");
    expect(clockState(45_000, 60, 45)).toBe("warning");
    expect(clockState(60_000, 60, 45)).toBe("warning");
    expect(clockState(60_001, 60, 45)).toBe("overdue");
  });
});

describe("business SLA status of unanswered inquiries, against its definition", () => {
  // The rule walks only to the deadline; the definition measures all business time from receipt
  // to now. Over many random inquiries (holidays, a lunch break, long budgets) they must agree.
  it("is missed exactly when more than the budget of business time has passed", () => {
    let seed = 11;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const lunch = {
      ...DEFAULT_CALENDAR,
      weekdays: DEFAULT_CALENDAR.weekdays.map((windows) =>
        windows.length
          ? [
              { start: "09:00", end: "12:00" },
              { start: "13:30", end: "18:00" },
            ]
          : [],
      ),
      holidays: ["2026-10-01", "2026-10-02", "2026-10-05"],
    };
    const now = new Date("2026-11-23T03:00:00.000Z");
    for (const calendar of [DEFAULT_CALENDAR, lunch]) {
      for (const businessSlaMinutes of [60, 180, 60 * 24 * 5]) {
        const policy = { ...DEFAULT_RESPONSE_POLICY, businessSlaMinutes };
        for (let i = 0; i < 150; i++) {
          const receivedAt = new Date(now.getTime() - Math.floor(random() * 60 * 86_400_000));
          const result = inquirySla({ receivedAt, firstResponseAt: null, status: "new" }, now, calendar, policy);
          if (result.slaStatus === null) continue;
          const elapsed = businessMilliseconds(receivedAt, now, calendar);
          expect(result.slaStatus).toBe(elapsed > businessSlaMinutes * 60_000 ? "missed" : "pending");
        }
      }
    }
  });
});

describe("medianAndP90 (selection over a large list)", () => {
  // The answer by definition: sort a copy, take the middle (or the mean of the two middle) values
  // and the value at rank ⌈0.9 n⌉.
  const byDefinition = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const n = sorted.length;
    const median = n % 2 === 1 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    return { median, p90: sorted[Math.ceil(0.9 * n) - 1] };
  };

  it("is null for no values", () => {
    expect(medianAndP90(new Float64Array(0))).toBeNull();
  });

  it("takes the one value, the two values' mean, and the rank ⌈0.9 n⌉ at the small edges", () => {
    expect(medianAndP90(Float64Array.from([7]))).toEqual({ median: 7, p90: 7 });
    expect(medianAndP90(Float64Array.from([9, 3]))).toEqual({ median: 6, p90: 9 });
    // n = 10: rank 9 exactly (0.9 × 10 is 9, not 9.000…1 → 10).
    expect(medianAndP90(Float64Array.from([10, 1, 9, 2, 8, 3, 7, 4, 6, 5]))).toEqual({ median: 5.5, p90: 9 });
    // n = 11: median is rank 6, p90 is rank ⌈9.9⌉ = 10.
    expect(medianAndP90(Float64Array.from([11, 1, 10, 2, 9, 3, 8, 4, 7, 5, 6]))).toEqual({ median: 6, p90: 10 });
  });

  it("counts ties at the median and at the 90th rank once each", () => {
    expect(medianAndP90(Float64Array.from([30, 30, 30, 30, 1000]))).toEqual({ median: 30, p90: 1000 });
    expect(medianAndP90(Float64Array.from([5, 5, 5, 5, 5, 5, 5, 5, 5, 6]))).toEqual({ median: 5, p90: 5 });
  });

  it("agrees with sorting on many lists of random sizes, with and without ties", () => {
    let seed = 20261204;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let trial = 0; trial < 300; trial++) {
      const n = 1 + Math.floor(random() * 400);
      const spread = trial % 3 === 0 ? 5 : 86_400_000;
      const values = Array.from({ length: n }, () => Math.floor(random() * spread));
      expect(medianAndP90(Float64Array.from(values)), `trial ${trial}`).toEqual(byDefinition(values));
    }
  });
});

describe("medianAndP90OfRuns (the same figures across sorted runs)", () => {
  const sortedRun = (values: number[]) => Float64Array.from(values).sort();

  it("is null for no runs and for empty runs only", () => {
    expect(medianAndP90OfRuns([])).toBeNull();
    expect(medianAndP90OfRuns([new Float64Array(0), new Float64Array(0)])).toBeNull();
  });

  it("takes the middle of the union, not of any one run", () => {
    // Union 1 2 3 4 10 20 30 40 50 60: median (10 + 20) / 2, p90 rank 9 = 50.
    expect(medianAndP90OfRuns([sortedRun([1, 2, 3, 4]), sortedRun([10, 20, 30, 40, 50, 60])])).toEqual({ median: 15, p90: 50 });
    // A tie across runs at the median counts once per value.
    expect(medianAndP90OfRuns([sortedRun([30, 30]), sortedRun([30, 30, 1000])])).toEqual({ median: 30, p90: 1000 });
  });

  it("agrees with medianAndP90 of the values joined, for many random splits into runs", () => {
    let seed = 20261205;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let trial = 0; trial < 60; trial++) {
      // Up to 60,000 values, so that the larger trials take the sampled path.
      const n = 1 + Math.floor(random() ** 2 * 60_000);
      const spread = trial % 4 === 0 ? 7 : 3 * 86_400_000;
      const values = Array.from({ length: n }, () => Math.floor(random() * spread));
      const runs: Float64Array[] = [];
      for (let at = 0; at < n; ) {
        const length = Math.min(n - at, Math.floor(random() * 400));
        runs.push(sortedRun(values.slice(at, at + length)));
        at += length;
      }
      expect(medianAndP90OfRuns(runs), `trial ${trial}, n = ${n}`).toEqual(medianAndP90(Float64Array.from(values)));
    }
  });
});
