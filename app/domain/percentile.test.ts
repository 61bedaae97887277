import { describe, expect, it } from "vitest";
import { nearestRank } from "./percentile";

describe("nearestRank", () => {
  it("is ⌈p × n / 100⌉: p90 of 10 is rank 9, of 6 is rank ⌈5.4⌉ = 6, p80 of 15 is rank 12", () => {
    expect(nearestRank(10, 90)).toBe(9);
    expect(nearestRank(6, 90)).toBe(6);
    expect(nearestRank(15, 80)).toBe(12);
  });

  it("is exact where floating point is not: p55 of 100 is rank 55 (0.55 × 100 = 55.000000000000007)", () => {
    expect(0.55 * 100).toBeGreaterThan(55);
    expect(nearestRank(100, 55)).toBe(55);
    // Every whole percent of every n up to 1,000 against integer arithmetic.
    for (let n = 1; n <= 1_000; n++) {
      for (let percent = 1; percent <= 100; percent++) {
        expect(nearestRank(n, percent)).toBe(Math.max(1, Math.floor((percent * n + 99) / 100)));
      }
    }
  });

  it("is at least rank 1 and at most n", () => {
    expect(nearestRank(1, 1)).toBe(1);
    expect(nearestRank(3, 1)).toBe(1); // ⌈0.03⌉
    expect(nearestRank(7, 100)).toBe(7);
  });

  it("refuses a percent that is not whole or not within 1–100, and an empty set", () => {
    expect(() => nearestRank(10, 0)).toThrow(RangeError);
    expect(() => nearestRank(10, 101)).toThrow(RangeError);
    expect(() => nearestRank(10, 0.9)).toThrow(RangeError);
    expect(() => nearestRank(10, Number.NaN)).toThrow(RangeError);
    expect(() => nearestRank(0, 90)).toThrow(RangeError);
  });
});
