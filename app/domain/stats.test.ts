import { describe, expect, it } from "vitest";
import { expm1OverX, hyp2f1, logSumExp, nelderMead, sumSeries } from "./stats";

describe("logSumExp", () => {
  it("adds in log space without overflow or underflow", () => {
    expect(logSumExp(0, 0)).toBeCloseTo(Math.LN2, 15);
    // e^1000 overflows a double, but ln(2·e^1000) = 1000 + ln 2.
    expect(logSumExp(1000, 1000)).toBeCloseTo(1000 + Math.LN2, 10);
    expect(logSumExp(-1000, -1000)).toBeCloseTo(-1000 + Math.LN2, 10);
    expect(logSumExp(Math.log(3), Math.log(5))).toBeCloseTo(Math.log(8), 14);
    expect(logSumExp(-Infinity, 2)).toBe(2);
    expect(logSumExp(-Infinity, -Infinity)).toBe(-Infinity);
  });
});

describe("expm1OverX", () => {
  it("is (e^k − 1)/k and 1 at k = 0", () => {
    expect(expm1OverX(0)).toBe(1);
    // (e − 1)/1
    expect(expm1OverX(1)).toBeCloseTo(Math.E - 1, 14);
    // Series 1 + k/2 + k²/6 + k³/24 + …: for |k| ≤ 1e-6 the k³ term is below 1e-19.
    expect(expm1OverX(1e-7)).toBeCloseTo(1 + 5e-8 + 1e-14 / 6, 15);
    expect(expm1OverX(-1e-6)).toBeCloseTo(1 - 5e-7 + 1e-12 / 6, 15);
  });
});

describe("hyp2f1", () => {
  it("matches ₂F₁(1, 1; 2; z) = −ln(1 − z)/z", () => {
    for (const z of [0.01, 0.3, 0.5, 0.9, 0.99, -0.5]) {
      expect(hyp2f1(1, 1, 2, z)).toBeCloseTo(-Math.log1p(-z) / z, 12);
    }
  });

  it("matches ₂F₁(a, b; b; z) = (1 − z)^−a", () => {
    for (const [a, b, z] of [
      [0.243, 2.426, 0.474],
      [2.5, 4.2, 0.9],
      [7, 0.3, 0.99],
      [0.5, 3, -0.7],
    ]) {
      const expected = (1 - z) ** -a;
      expect(Math.abs(hyp2f1(a, b, b, z) / expected - 1)).toBeLessThan(1e-12);
    }
  });

  it("matches ₂F₁(½, ½; 3/2; z²) = arcsin(z)/z and ₂F₁(a, b; c; 0) = 1", () => {
    for (const z of [0.2, 0.7, 0.95]) expect(hyp2f1(0.5, 0.5, 1.5, z * z)).toBeCloseTo(Math.asin(z) / z, 12);
    expect(hyp2f1(3, 4, 5, 0)).toBe(1);
  });

  it("stops on a terminating series (a negative integer)", () => {
    // ₂F₁(−2, b; c; z) = 1 − 2bz/c + b(b+1)z²/(c(c+1)); with b = 1, c = 1: 1 − 2z + z² = (1 − z)².
    expect(hyp2f1(-2, 1, 1, 0.3)).toBeCloseTo(0.49, 15);
  });

  it("refuses arguments outside its domain", () => {
    expect(() => hyp2f1(1, 1, 2, 1)).toThrow(RangeError);
    expect(() => hyp2f1(1, 1, -2, 0.5)).toThrow(RangeError);
  });
});

describe("sumSeries", () => {
  it("sums a geometric series to its limit", () => {
    // Σ 0.9ⁿ = 10
    expect(sumSeries(1, () => 0.9, 0.9)).toBeCloseTo(10, 12);
  });

  it("gives up instead of looping forever", () => {
    expect(() => sumSeries(1, () => 0.999999, 0.999999, { maxTerms: 1000 })).toThrow(/did not converge/);
    expect(() => sumSeries(1, () => 1, 1)).toThrow(RangeError);
  });
});

describe("nelderMead", () => {
  it("finds the minimum of Rosenbrock's valley from the classic start", () => {
    const rosenbrock = ([x, y]: readonly number[]) => 100 * (y - x * x) ** 2 + (1 - x) ** 2;
    const result = nelderMead(rosenbrock, [-1.2, 1], { fTolerance: 1e-14, xTolerance: 1e-10 });
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 5);
    expect(result.x[1]).toBeCloseTo(1, 5);
    expect(result.fx).toBeLessThan(1e-10);
  });

  it("finds the centre of a badly scaled 4-dimensional quadratic", () => {
    const centre = [3, -2, 0.5, 10];
    const weights = [1, 100, 0.01, 5];
    const f = (x: readonly number[]) => x.reduce((s, xi, i) => s + weights[i] * (xi - centre[i]) ** 2, 0);
    const result = nelderMead(f, [0, 0, 0, 0], { step: 1, fTolerance: 1e-16, xTolerance: 1e-9 });
    expect(result.converged).toBe(true);
    for (const [i, xi] of result.x.entries()) expect(xi).toBeCloseTo(centre[i], 5);
  });

  it("treats NaN and Infinity as walls", () => {
    // Minimum of (x − 2)² on x ≤ 1 is at the wall x = 1.
    const f = ([x]: readonly number[]) => (x > 1 ? Infinity : (x - 2) ** 2);
    const result = nelderMead(f, [-3], { step: 1 });
    expect(result.x[0]).toBeCloseTo(1, 6);
    const g = ([x]: readonly number[]) => (x < 0 ? NaN : (x - 1) ** 2);
    expect(nelderMead(g, [5]).x[0]).toBeCloseTo(1, 6);
  });

  it("reports an exhausted budget as not converged", () => {
    const f = ([x, y]: readonly number[]) => 100 * (y - x * x) ** 2 + (1 - x) ** 2;
    const result = nelderMead(f, [-1.2, 1], { maxIterations: 10 });
    expect(result.converged).toBe(false);
    expect(result.iterations).toBeLessThanOrEqual(10);
  });
});
