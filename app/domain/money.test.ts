import { describe, expect, it } from "vitest";
import { lineTotalMinor, minorDigits, minorToDecimalString, toBaseMinor } from "./money";

describe("minorDigits", () => {
  it("knows the ISO 4217 exponents", () => {
    expect(minorDigits("USD")).toBe(2);
    expect(minorDigits("CNY")).toBe(2);
    expect(minorDigits("JPY")).toBe(0);
    expect(minorDigits("KWD")).toBe(3);
  });
});

describe("minorToDecimalString", () => {
  it("writes cents as dollars without floating point", () => {
    expect(minorToDecimalString(123456, "USD")).toBe("1234.56");
    expect(minorToDecimalString(5, "USD")).toBe("0.05");
    expect(minorToDecimalString(0, "EUR")).toBe("0.00");
    expect(minorToDecimalString(-1999, "EUR")).toBe("-19.99");
    expect(minorToDecimalString(1500, "JPY")).toBe("1500");
    // 2^53 - 1 cents still prints exactly.
    expect(minorToDecimalString(9007199254740991, "USD")).toBe("90071992547409.91");
  });
});

describe("lineTotalMinor", () => {
  it("stays exact where floats would not", () => {
    // 0.1 + 0.2 style trouble: 7 × 1.15 × (1 − 0.1) = 7.245 → 7.25
    expect(lineTotalMinor(7, 115, 1000)).toBe(725);
    expect(() => lineTotalMinor(1.5, 100)).toThrow(RangeError);
    expect(() => lineTotalMinor(1, 100, 10_001)).toThrow(RangeError);
  });
});

describe("toBaseMinor", () => {
  it("accounts for currencies whose minor unit differs", () => {
    // ¥1,000 × 0.0067 = 6.70 USD
    expect(toBaseMinor(1000, "0.0067", "JPY", "USD")).toBe(670);
    expect(() => toBaseMinor(100, "1,08", "EUR", "USD")).toThrow(RangeError);
  });
});
