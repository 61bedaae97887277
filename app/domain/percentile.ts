/**
 * The nearest-rank percentile that SPEC §3 (the response time's p90) and SPEC §4 (the high-value
 * threshold) both use: among n values sorted ascending, the p-th percentile is the value at rank
 * ⌈p × n / 100⌉ (1-based), never below 1.
 *
 * Percents are whole numbers, which keeps the rank exact: p × n is then an exact integer, and a
 * quotient by 100 that is not whole lies at least 0.01 from the next integer, so the ceiling can
 * never be pushed over one by rounding (as 0.55 × 100 = 55.000000000000007 would push rank 55 to 56).
 */
export function nearestRank(n: number, percent: number): number {
  if (!Number.isInteger(percent) || percent < 1 || percent > 100) {
    throw new RangeError(`A percentile must be a whole percent 1–100, got ${percent}`);
  }
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`A percentile needs at least one value, got n = ${n}`);
  return Math.max(1, Math.ceil((percent * n) / 100));
}
