import { describe, expect, it } from "vitest";
import { isInTheFuture } from "./instant";

describe("isInTheFuture", () => {
  const now = new Date("2026-12-04T08:00:00.000Z");

  it("tolerates a clock up to exactly five minutes ahead, and refuses one millisecond more", () => {
    expect(isInTheFuture(new Date("2026-12-04T08:05:00.000Z"), now)).toBe(false);
    expect(isInTheFuture(new Date("2026-12-04T08:05:00.001Z"), now)).toBe(true);
  });

  it("accepts the present and the past", () => {
    expect(isInTheFuture(now, now)).toBe(false);
    expect(isInTheFuture(new Date("2020-01-01T00:00:00Z"), now)).toBe(false);
  });
});
