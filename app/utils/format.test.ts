import { describe, expect, it } from "vitest";
import { formatDay, formatDuration, formatMoney, formatNumber } from "./format";

describe("formatters reused across calls", () => {
  it("keep each locale's and each option's own formatter", () => {
    expect(formatNumber(1234.56, "en")).toBe("1,235");
    expect(formatNumber(1234.56, "en", 1)).toBe("1,234.6");
    expect(formatNumber(1234.56, "en")).toBe("1,235");
    expect(formatDay("2026-11-22", "en")).toBe("Nov 22, 2026");
    expect(formatDay("2026-11-22", "zh-CN")).toBe("2026年11月22日");
    expect(formatDay("2026-11-22", "en")).toBe("Nov 22, 2026");
    expect(formatMoney(123_456, "USD", "en")).toBe("$1,234.56");
    expect(formatMoney(123_456, "JPY", "en")).toBe("¥123,456");
    expect(formatDuration(90_000, "en")).toBe("1.5 min");
    expect(formatDuration(45_000, "en")).toBe("45 sec");
  });
});
