import { describe, expect, it } from "vitest";
import { formDaySchema, ignoredFilters, isFilterDay, DATE_FILTER_CHECKS } from "./date-filter";

describe("filter days", () => {
  it("are real calendar days in the years 1970–2999", () => {
    for (const day of ["1970-01-01", "2026-02-28", "2028-02-29", "2999-12-31"]) expect(isFilterDay(day), day).toBe(true);
    for (const day of [
      "0000-01-01",
      "0001-01-01",
      "0099-12-31",
      "1969-12-31",
      "3000-01-01",
      "9999-12-31",
      "2026-02-30",
      "2027-02-29",
      "2026-13-01",
      "",
      "2026-1-1",
      "2026-01-01T00:00",
      "x".repeat(10_000),
      "2026-01-01\u0000",
    ]) {
      expect(isFilterDay(day), day).toBe(false);
    }
  });

  it("answer which given filters were ignored, reading a repeated one from its last value", () => {
    const url = (query: string) => new URL(`http://localhost/orders?${query}`);
    expect(ignoredFilters(url("from=0001-01-01&to=2026-01-31"), DATE_FILTER_CHECKS)).toEqual(["from"]);
    expect(ignoredFilters(url("from=&to=9999-12-31"), DATE_FILTER_CHECKS)).toEqual(["to"]);
    expect(ignoredFilters(url("from=a&from=2026-01-01"), DATE_FILTER_CHECKS)).toEqual([]);
    expect(ignoredFilters(url("from=2026-01-01&from=b"), DATE_FILTER_CHECKS)).toEqual(["from"]);
    expect(ignoredFilters(url("q=x"), DATE_FILTER_CHECKS)).toEqual([]);
  });

  it("in a form are refused with a message", () => {
    expect(formDaySchema.safeParse("0001-01-01").error?.issues[0]?.message).toBe("errors.invalid");
    expect(formDaySchema.safeParse(" 2026-11-22 ").data).toBe("2026-11-22");
  });
});
