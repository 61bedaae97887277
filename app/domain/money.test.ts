import { describe, expect, it } from "vitest";
import { minorDigits, minorToDecimalString } from "./money";

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
