import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS } from "./settings";
import { settingsFormSchema, settingsToFormValues } from "./settings-form";
import "./form";

const defaults = () => settingsToFormValues(DEFAULT_SETTINGS);

describe("settings form", () => {
  it("reads the defaults back unchanged", () => {
    const parsed = settingsFormSchema.parse(defaults());
    expect(parsed).toEqual(DEFAULT_SETTINGS);
  });

  it("shows a 1% discount rate as 1 and reads it back as 0.01", () => {
    expect(defaults().monthlyDiscountRatePercent).toBe("1");
    const parsed = settingsFormSchema.parse({ ...defaults(), monthlyDiscountRatePercent: "1.5" });
    expect(parsed.clv.monthlyDiscountRate).toBe(0.015);
  });

  it("reads a lunch break, a closed day, holidays and make-up days", () => {
    const parsed = settingsFormSchema.parse({
      ...defaults(),
      weekday1: "9:00-12:00, 13:30-18:00",
      weekday5: "",
      holidays: "2026-10-01\n2026-10-02, 2026-10-01",
      makeUpDays: "2026-10-10",
    });
    expect(parsed.calendar.weekdays[1]).toEqual([
      { start: "09:00", end: "12:00" },
      { start: "13:30", end: "18:00" },
    ]);
    expect(parsed.calendar.weekdays[5]).toEqual([]);
    expect(parsed.calendar.holidays).toEqual(["2026-10-01", "2026-10-02"]);
    expect(parsed.calendar.makeUpDays).toEqual(["2026-10-10"]);
  });

  it("gives one message per bad field, as catalog keys", () => {
    const result = settingsFormSchema.safeParse({
      ...defaults(),
      timeZone: "Mars/Olympus",
      baseCurrency: "XYZW",
      weekday2: "18:00-09:00",
      weekday3: "nine to five",
      holidays: "2026-02-30",
      thresholdSeconds: "",
      escalationMinutes: "2.5",
      leadDays: "-1",
      sellerEmail: "not-an-email",
    });
    expect(result.success).toBe(false);
    const byField = Object.fromEntries(result.error!.issues.map((issue) => [issue.path.join("."), issue.message]));
    expect(byField).toEqual({
      timeZone: "errors.timeZone",
      baseCurrency: "errors.currency",
      weekday2: "errors.windows",
      weekday3: "errors.windows",
      holidays: "errors.dates",
      thresholdSeconds: "errors.required",
      escalationMinutes: "errors.integer",
      leadDays: 'errors.tooSmall|{"minimum":0}',
      sellerEmail: "errors.email",
    });
  });

  it("refuses overlapping windows on one day", () => {
    const result = settingsFormSchema.safeParse({ ...defaults(), weekday1: "09:00-13:00, 12:00-18:00" });
    expect(result.success).toBe(false);
  });
});
