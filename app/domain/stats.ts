/**
 * Numerical building blocks for the CLV models (SPEC §6): hypergeometric series and a
 * derivative-free optimiser. Pure: no clock, no I/O, no randomness.
 */

// ---------------------------------------------------------------------------------------------
// Series and small helpers
// ---------------------------------------------------------------------------------------------

/** ln(e^a + e^b) without overflow or underflow; −∞ when both are −∞. */
export function logSumExp(a: number, b: number): number {
  const hi = Math.max(a, b);
  if (hi === -Infinity) return -Infinity;
  if (hi === Infinity) return Infinity;
  return hi + Math.log1p(Math.exp(Math.min(a, b) - hi));
}

/** (e^k − 1)/k, continuous through k = 0 (where it is 1). */
export function expm1OverX(k: number): number {
  if (Math.abs(k) < 1e-5) return 1 + k / 2 + (k * k) / 6;
  return Math.expm1(k) / k;
}

export type SeriesOptions = {
  /** Relative accuracy asked of the sum. */
  tolerance?: number;
  /** A magnitude the sum is compared with when the sum itself cancels towards 0. */
  scale?: number;
  /** Give up (RangeError) after this many terms: the guard against a series that will not end. */
  maxTerms?: number;
};

/**
 * Σ_{n≥0} t_n for a hypergeometric-type series, given t_0 and the term ratio t_{n+1}/t_n, whose
 * limit as n → ∞ is `limitRatio` (|limitRatio| < 1). It stops once the tail, bounded by a
 * geometric series with ratio max(|current ratio|, |limitRatio|), is below the tolerance: the
 * term ratio of such a series is a rational function of n, so it is eventually monotone and
 * that ratio bounds all later ones.
 */
export function sumSeries(
  firstTerm: number,
  termRatio: (n: number) => number,
  limitRatio: number,
  options: SeriesOptions = {},
): number {
  const tolerance = options.tolerance ?? 1e-15;
  const scale = Math.abs(options.scale ?? 0);
  const maxTerms = options.maxTerms ?? 1_000_000;
  const limit = Math.abs(limitRatio);
  if (!(limit < 1)) throw new RangeError(`series diverges: limit ratio ${limitRatio}`);
  let term = firstTerm;
  let sum = firstTerm;
  if (term === 0) return sum;
  for (let n = 0; n < maxTerms; n++) {
    const ratio = termRatio(n);
    term *= ratio;
    sum += term;
    if (term === 0) return sum;
    if (!Number.isFinite(sum)) throw new RangeError("series overflowed");
    const rho = Math.max(Math.abs(ratio), limit);
    if (rho < 1) {
      const tail = (Math.abs(term) * rho) / (1 - rho);
      if (tail <= tolerance * Math.max(Math.abs(sum), scale)) return sum;
    }
  }
  throw new RangeError(`series did not converge in ${maxTerms} terms`);
}

/**
 * Gauss hypergeometric function ₂F₁(a, b; c; z) for |z| < 1 by its power series. Fine for the
 * moderate arguments of checks and tests; the CLV code itself sums a transformed series (see
 * `expectedPurchases` in clv.ts) that stays bounded where this one overflows.
 */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  if (!(Math.abs(z) < 1)) throw new RangeError(`hyp2f1 needs |z| < 1, got ${z}`);
  if (c <= 0 && Number.isInteger(c)) throw new RangeError(`hyp2f1 is undefined for c = ${c}`);
  return sumSeries(1, (n) => (((a + n) * (b + n)) / ((c + n) * (n + 1))) * z, z);
}

// ---------------------------------------------------------------------------------------------
// Nelder–Mead
// ---------------------------------------------------------------------------------------------

export type NelderMeadOptions = {
  /** Initial simplex edge along each coordinate (same units as x). */
  step?: number;
  /** Converged when the simplex's function values are within this of the best one … */
  fTolerance?: number;
  /** … and every vertex is within this of the best vertex, coordinate by coordinate. */
  xTolerance?: number;
  maxIterations?: number;
  /**
   * After converging, start again from the best point with a fresh simplex; stop when a restart
   * improves f by less than fTolerance. Guards against the simplex collapsing prematurely.
   */
  maxRestarts?: number;
};

export type NelderMeadResult = {
  x: number[];
  fx: number;
  iterations: number;
  evaluations: number;
  converged: boolean;
};

/**
 * Minimise f by the Nelder–Mead simplex method (standard coefficients: reflection 1, expansion
 * 2, contraction ½, shrink ½). A non-finite f counts as +∞, so a caller can fence off a region
 * by returning Infinity there.
 */
export function nelderMead(
  f: (x: readonly number[]) => number,
  x0: readonly number[],
  options: NelderMeadOptions = {},
): NelderMeadResult {
  const step = options.step ?? 0.5;
  const fTolerance = options.fTolerance ?? 1e-10;
  const xTolerance = options.xTolerance ?? 1e-8;
  const maxIterations = options.maxIterations ?? 5000;
  const maxRestarts = options.maxRestarts ?? 3;
  let evaluations = 0;
  const value = (x: readonly number[]): number => {
    evaluations++;
    const y = f(x);
    return Number.isNaN(y) ? Infinity : y;
  };

  let best = { x: [...x0], fx: value(x0) };
  let iterations = 0;
  let converged = false;
  for (let restart = 0; restart <= maxRestarts; restart++) {
    const run = simplexSearch(value, best.x, best.fx, step, fTolerance, xTolerance, maxIterations - iterations);
    iterations += run.iterations;
    const improvement = best.fx - run.fx;
    if (run.fx <= best.fx) best = { x: run.x, fx: run.fx };
    if (!run.converged) {
      converged = false;
      break;
    }
    // Without restarts a converged simplex is the answer; with them, only a restart that
    // could not improve on the previous optimum confirms it.
    converged = maxRestarts === 0 || (restart > 0 && improvement <= fTolerance);
    if (converged) break;
  }
  return { x: best.x, fx: best.fx, iterations, evaluations, converged };
}

function simplexSearch(
  value: (x: readonly number[]) => number,
  start: number[],
  fStart: number,
  step: number,
  fTolerance: number,
  xTolerance: number,
  maxIterations: number,
): { x: number[]; fx: number; iterations: number; converged: boolean } {
  const n = start.length;
  const points: number[][] = [start];
  const values: number[] = [fStart];
  for (let i = 0; i < n; i++) {
    const p = [...start];
    p[i] += step;
    points.push(p);
    values.push(value(p));
  }
  const order = points.map((_, i) => i);
  const combine = (from: number[], to: number[], t: number): number[] => from.map((fi, i) => fi + t * (to[i] - fi));

  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    order.sort((i, j) => values[i] - values[j]);
    const bestIndex = order[0];
    const worstIndex = order[n];
    const secondWorst = values[order[n - 1]];
    const fBest = values[bestIndex];
    const fSpread = values[worstIndex] - fBest;
    let xSpread = 0;
    for (const i of order) {
      for (let k = 0; k < n; k++) xSpread = Math.max(xSpread, Math.abs(points[i][k] - points[bestIndex][k]));
    }
    if (fSpread <= fTolerance && xSpread <= xTolerance) {
      return { x: [...points[bestIndex]], fx: fBest, iterations, converged: true };
    }

    const centroid = new Array<number>(n).fill(0);
    for (const i of order.slice(0, n)) for (let k = 0; k < n; k++) centroid[k] += points[i][k] / n;
    const worst = points[worstIndex];

    const reflected = combine(centroid, worst, -1);
    const fReflected = value(reflected);
    if (fReflected < fBest) {
      const expanded = combine(centroid, worst, -2);
      const fExpanded = value(expanded);
      if (fExpanded < fReflected) {
        points[worstIndex] = expanded;
        values[worstIndex] = fExpanded;
      } else {
        points[worstIndex] = reflected;
        values[worstIndex] = fReflected;
      }
      continue;
    }
    if (fReflected < secondWorst) {
      points[worstIndex] = reflected;
      values[worstIndex] = fReflected;
      continue;
    }
    // Contract towards the better of the worst point and its reflection.
    const outside = fReflected < values[worstIndex];
    const contracted = combine(centroid, worst, outside ? -0.5 : 0.5);
    const fContracted = value(contracted);
    if (fContracted < (outside ? fReflected : values[worstIndex])) {
      points[worstIndex] = contracted;
      values[worstIndex] = fContracted;
      continue;
    }
    // Shrink every vertex half-way towards the best one.
    for (const i of order.slice(1)) {
      points[i] = combine(points[bestIndex], points[i], 0.5);
      values[i] = value(points[i]);
    }
  }
  order.sort((i, j) => values[i] - values[j]);
  return { x: [...points[order[0]]], fx: values[order[0]], iterations, converged: false };
}
