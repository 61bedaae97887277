import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lnGamma } from "./ln-gamma";

const relativeError = (actual: number, expected: number) =>
  expected === 0 ? Math.abs(actual) : Math.abs(actual - expected) / Math.abs(expected);

/**
 * ln|Γ(x)| at the double nearest each x, from mpmath's loggamma at 40 digits, rounded to the
 * nearest double. (Python's math.lgamma is a few units in the last place off at some of these:
 * 1051287.7089736566 at 1e5, where the true value is 1051287.70897365689…)
 */
const REFERENCE: Array<[number, number]> = [
  [1e-300, 690.7755278982137],
  [1e-10, 23.025850929882736],
  [0.001, 6.907178885383853],
  [0.1, 2.252712651734206],
  [0.5, 0.5723649429247001], // ln √π
  [0.9, 0.06637623973474295],
  [0.999999, 5.772164873855652e-7],
  [1.000001, -5.772148423874147e-7],
  [1.25, -0.09827183642181316],
  [1.5, -0.12078223763524522],
  [1.999999999, -4.227843697573328e-10],
  [2.0000001, 4.227843666532498e-8],
  [2.5, 0.2846828704729192],
  [3, 0.6931471805599453],
  [3.7, 1.428072326665388],
  [9.999, 12.799575780077413],
  [10, 12.801827480081469], // ln 9!
  [10.5, 13.940625219403763],
  [33.3, 82.60372358165495],
  [100, 359.1342053695754],
  [1000, 5905.220423209181],
  [100000, 1051287.7089736569],
  [999999.5, 12815497.661392707],
];

describe("lnGamma", () => {
  it("is 0 at 1 and 2 exactly", () => {
    expect(lnGamma(1)).toBe(0);
    expect(lnGamma(2)).toBe(0);
  });

  it("matches high-precision values within 1e-15 relative, next to its zeros at 1 and 2 too", () => {
    for (const [x, expected] of REFERENCE) {
      expect(relativeError(lnGamma(x), expected), `lnΓ(${x})`).toBeLessThanOrEqual(1e-15);
    }
  });

  it("is ln((n − 1)!) at whole numbers", () => {
    let lnFactorial = 0;
    for (let n = 2; n <= 170; n++) {
      lnFactorial += Math.log(n - 1);
      expect(relativeError(lnGamma(n), lnFactorial), `lnΓ(${n})`).toBeLessThanOrEqual(1e-14);
    }
  });

  it("keeps lnΓ(x + 1) = lnΓ(x) + ln x across (0, 1e6)", () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1e6, noNaN: true }), (drawn) => {
        // The x whose x + 1 is exact, so that both sides are about the same pair of points.
        const x = drawn + 1 - 1;
        const scale = Math.max(Math.abs(lnGamma(x)), Math.abs(Math.log(x)), 1);
        expect(Math.abs(lnGamma(x + 1) - (lnGamma(x) + Math.log(x))) / scale).toBeLessThanOrEqual(1e-14);
      }),
      { numRuns: 2000, seed: 20240601 },
    );
  });

  it("gives ln|Γ(x)| for negative x through the reflection formula, and +∞ at the poles", () => {
    expect(relativeError(lnGamma(-0.5), 1.2655121234846454)).toBeLessThanOrEqual(1e-15); // ln 2√π
    expect(relativeError(lnGamma(-1.5), 0.860047015376481)).toBeLessThanOrEqual(1e-15);
    expect(relativeError(lnGamma(-2.5), -0.056243716497674054)).toBeLessThanOrEqual(1e-14);
    expect(relativeError(lnGamma(-10.3), -14.457515440024208)).toBeLessThanOrEqual(1e-15);
    for (const pole of [0, -0, -1, -2, -100]) expect(lnGamma(pole)).toBe(Infinity);
  });

  it("is +∞ at ±∞ and NaN at NaN", () => {
    expect(lnGamma(Infinity)).toBe(Infinity);
    expect(lnGamma(-Infinity)).toBe(Infinity);
    expect(lnGamma(Number.NaN)).toBeNaN();
  });
});
