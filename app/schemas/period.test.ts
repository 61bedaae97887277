import { describe, expect, it } from "vitest";
import { periodFromUrl, presetPeriod } from "./period";

const url = (query: string) => new URL(`http://localhost/reports?${query}`);

describe("report periods", () => {
  it("count presets in whole days ending today", () => {
    expect(presetPeriod("7d", "2026-11-22")).toEqual({ from: "2026-11-16", to: "2026-11-22", preset: "7d" });
    expect(presetPeriod("30d", "2026-03-01")).toEqual({ from: "2026-01-31", to: "2026-03-01", preset: "30d" });
    expect(presetPeriod("thisMonth", "2026-11-22")).toEqual({ from: "2026-11-01", to: "2026-11-22", preset: "thisMonth" });
    expect(presetPeriod("lastMonth", "2026-03-15")).toEqual({ from: "2026-02-01", to: "2026-02-28", preset: "lastMonth" });
    expect(presetPeriod("lastMonth", "2026-01-10")).toEqual({ from: "2025-12-01", to: "2025-12-31", preset: "lastMonth" });
  });
  it("take explicit days over a preset", () => {
    expect(periodFromUrl(url("from=2026-01-01&to=2026-01-31&preset=7d"), "2026-11-22")).toEqual({
      from: "2026-01-01",
      to: "2026-01-31",
      preset: null,
    });
  });
  it("fall back to the default for reversed, malformed or too long periods", () => {
    const fallback = { from: "2026-10-24", to: "2026-11-22", preset: "30d" };
    expect(periodFromUrl(url("from=2026-02-01&to=2026-01-01"), "2026-11-22")).toEqual(fallback);
    expect(periodFromUrl(url("from=yesterday&to=2026-01-01"), "2026-11-22")).toEqual(fallback);
    expect(periodFromUrl(url("from=2020-01-01&to=2026-01-01"), "2026-11-22")).toEqual(fallback);
    expect(periodFromUrl(url("preset=forever"), "2026-11-22")).toEqual(fallback);
  });
});
