/**
 * Seeded random numbers and the samplers that simulate customers: the demo generator
 * (./seed.ts), the benchmark's data set and the CLV models' recovery tests draw from here. Never
 * Math.random: the same seed gives the same numbers on every machine and Node version.
 */

/** A uniform generator on [0, 1). */
export type Random = () => number;

/** mulberry32: a small, fast 32-bit seeded generator; plenty for Monte-Carlo checks. */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniform draw on (0, 1): never exactly 0, so logarithms of it stay finite. */
function openUniform(random: Random): number {
  let u = random();
  while (u === 0) u = random();
  return u;
}

/** Standard normal by the Marsaglia polar method. */
export function sampleStandardNormal(random: Random): number {
  for (;;) {
    const u = 2 * random() - 1;
    const v = 2 * random() - 1;
    const s = u * u + v * v;
    if (s > 0 && s < 1) return u * Math.sqrt((-2 * Math.log(s)) / s);
  }
}

/** Exponential with the given rate (mean 1/rate). */
export function sampleExponential(random: Random, rate: number): number {
  return -Math.log(openUniform(random)) / rate;
}

/**
 * Gamma(shape, rate) (mean shape/rate) by Marsaglia & Tsang (2000); for shape < 1 it draws
 * Gamma(shape + 1) and multiplies by U^(1/shape), their boosting trick.
 */
export function sampleGamma(random: Random, shape: number, rate: number): number {
  if (!(shape > 0) || !(rate > 0)) throw new RangeError(`Gamma needs shape, rate > 0: ${shape}, ${rate}`);
  if (shape < 1) {
    return sampleGamma(random, shape + 1, rate) * openUniform(random) ** (1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = sampleStandardNormal(random);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = openUniform(random);
    if (u < 1 - 0.0331 * x * x * x * x) return (d * v) / rate;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return (d * v) / rate;
  }
}

/** Beta(a, b) as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b). */
export function sampleBeta(random: Random, a: number, b: number): number {
  const x = sampleGamma(random, a, 1);
  const y = sampleGamma(random, b, 1);
  return x / (x + y);
}
