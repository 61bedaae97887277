import { describe, expect, it } from "vitest";
import {
  bpsToPercentString,
  documentTotals,
  lineTotalMinor,
  minorDigits,
  minorToDecimalString,
  parseMoney,
  parsePercentToBps,
  toBaseMinor,
} from "./money";

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

describe("the money rules of quotes and orders", () => {
  // The stated rounding rule: each line is rounded half up to the minor unit, the lines are summed
  // exactly, and the quote discount is taken from that sum and rounded half up once.
  it("adds 0.10 + 0.20 to exactly 0.30", () => {
    const totals = documentTotals([
      { quantity: 1, unitPriceMinor: parseMoney("0.10", "USD")! },
      { quantity: 1, unitPriceMinor: parseMoney("0.20", "USD")! },
    ]);
    expect(totals.subtotalMinor).toBe(30);
    expect(minorToDecimalString(totals.totalMinor, "USD")).toBe("0.30");
  });

  it("multiplies 3 × 33.33 to exactly 99.99", () => {
    expect(lineTotalMinor(3, parseMoney("33.33", "USD")!)).toBe(9999);
  });

  it("rounds a line discount half up: 3 × 33.33 less 12.5% = 87.49125 → 87.49", () => {
    expect(lineTotalMinor(3, 3333, 1250)).toBe(8749);
  });

  it("rounds half up at exactly half a cent: 1 × 0.05 less 50% = 0.025 → 0.03", () => {
    expect(lineTotalMinor(1, 5, 5000)).toBe(3);
  });

  it("takes the quote discount from the exact sum of the rounded lines", () => {
    // Lines: 99.99 and 2 × 4.395 → 8.79; subtotal 108.78; 10% off = 10.878 → 10.88; total 97.90.
    const totals = documentTotals(
      [
        { quantity: 3, unitPriceMinor: 3333 },
        { quantity: 2, unitPriceMinor: 879, discountBps: 5000 },
      ],
      1000,
    );
    expect(totals.lineTotals).toEqual([9999, 879]);
    expect(totals.subtotalMinor).toBe(10878);
    expect(totals.discountMinor).toBe(1088);
    expect(totals.totalMinor).toBe(9790);
  });

  it("converts to the base currency at the order's rate, rounding half up once", () => {
    // 1,000.00 EUR × 1.0850 = 1,085.00 USD; 0.05 EUR × 1.0850 = 0.05425 → 0.05.
    expect(toBaseMinor(100000, "1.0850", "EUR", "USD")).toBe(108500);
    expect(toBaseMinor(5, "1.0850", "EUR", "USD")).toBe(5);
    // 12,345.67 CNY × 0.1389 = 1,714.813563 USD → 1,714.81; 0.5 rounding goes up: 0.10 × 0.125 = 0.0125 → 0.01.
    expect(toBaseMinor(1234567, "0.1389", "CNY", "USD")).toBe(171481);
    expect(toBaseMinor(10, "0.125", "CNY", "USD")).toBe(1);
    expect(toBaseMinor(30, "0.125", "CNY", "USD")).toBe(4);
  });

  it("reads typed amounts strictly", () => {
    expect(parseMoney("1,234.56", "USD")).toBe(123456);
    expect(parseMoney("0.1", "USD")).toBe(10);
    expect(parseMoney("7", "JPY")).toBe(7);
    expect(parseMoney("1.234", "USD")).toBeNull();
    expect(parseMoney("1.5", "JPY")).toBeNull();
    expect(parseMoney("abc", "USD")).toBeNull();
    expect(parseMoney("", "USD")).toBeNull();
  });

  it("reads percentages as basis points", () => {
    expect(parsePercentToBps("12.5")).toBe(1250);
    expect(parsePercentToBps("0")).toBe(0);
    expect(parsePercentToBps("100")).toBe(10000);
    expect(parsePercentToBps("100.01")).toBeNull();
    expect(parsePercentToBps("1.234")).toBeNull();
    expect(bpsToPercentString(1250)).toBe("12.5");
    expect(bpsToPercentString(1205)).toBe("12.05");
    expect(bpsToPercentString(1000)).toBe("10");
  });
});
