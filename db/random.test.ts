import { describe, expect, it } from "vitest";
import { mulberry32, sampleBeta, sampleExponential, sampleGamma, sampleStandardNormal, type Random } from "./random";

/** Sample mean and variance of n draws. */
function moments(draw: () => number, n: number): { mean: number; variance: number } {
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const v = draw();
    sum += v;
    sumSq += v * v;
  }
  const mean = sum / n;
  return { mean, variance: (sumSq - n * mean * mean) / (n - 1) };
}

// Every tolerance below is 4 standard errors of the sample mean, sd/√n, with sd the
// distribution's own standard deviation: a correct sampler fails such a check with probability
// about 6·10⁻⁵, and the seeds are fixed, so a pass is permanent. Variances are checked at 5%,
// which is more than 4 standard errors of a sample variance at n = 200,000 for these shapes.
const N = 200_000;

describe("mulberry32", () => {
  it("is deterministic per seed and uniform on [0, 1)", () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const first = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(first);
    expect([c(), c(), c()]).not.toEqual(first);

    const random = mulberry32(7);
    let min = 1;
    let max = 0;
    const { mean, variance } = moments(() => {
      const u = random();
      min = Math.min(min, u);
      max = Math.max(max, u);
      return u;
    }, N);
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    // U(0, 1): mean ½, variance 1/12, sd of the mean √(1/12)/√n.
    expect(Math.abs(mean - 0.5)).toBeLessThan((4 * Math.sqrt(1 / 12)) / Math.sqrt(N));
    expect(variance).toBeCloseTo(1 / 12, 3);
  });
});

describe("samplers", () => {
  const random: Random = mulberry32(20240601);

  it("draws standard normals", () => {
    const { mean, variance } = moments(() => sampleStandardNormal(random), N);
    expect(Math.abs(mean)).toBeLessThan(4 / Math.sqrt(N));
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });

  it("draws exponentials with mean 1/rate", () => {
    const rate = 0.25;
    const { mean, variance } = moments(() => sampleExponential(random, rate), N);
    // Exponential(rate): mean 1/rate = 4, sd 1/rate = 4.
    expect(Math.abs(mean - 4)).toBeLessThan((4 * 4) / Math.sqrt(N));
    expect(Math.abs(variance / 16 - 1)).toBeLessThan(0.05);
  });

  it.each([
    [0.3, 2],
    [0.8, 60],
    [1, 1],
    [6, 0.002],
  ])("draws Gamma(shape %f, rate %f) with mean shape/rate and variance shape/rate²", (shape, rate) => {
    const { mean, variance } = moments(() => sampleGamma(random, shape, rate), N);
    const sd = Math.sqrt(shape) / rate;
    expect(Math.abs(mean - shape / rate)).toBeLessThan((4 * sd) / Math.sqrt(N));
    // Small shapes are heavy-tailed (the variance of a sample variance grows like 1/shape).
    expect(Math.abs(variance / (sd * sd) - 1)).toBeLessThan(shape < 1 ? 0.1 : 0.05);
  });

  it.each([
    [0.6, 3],
    [2, 2],
    [0.5, 0.5],
  ])("draws Beta(%f, %f) with mean a/(a+b) and variance ab/((a+b)²(a+b+1))", (a, b) => {
    const { mean, variance } = moments(() => sampleBeta(random, a, b), N);
    const expectedVariance = (a * b) / ((a + b) ** 2 * (a + b + 1));
    expect(Math.abs(mean - a / (a + b))).toBeLessThan((4 * Math.sqrt(expectedVariance)) / Math.sqrt(N));
    expect(Math.abs(variance / expectedVariance - 1)).toBeLessThan(0.05);
  });

  it("refuses impossible parameters", () => {
    expect(() => sampleGamma(random, 0, 1)).toThrow(RangeError);
    expect(() => sampleGamma(random, 1, -1)).toThrow(RangeError);
  });
});
