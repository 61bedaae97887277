import { describe, expect, it } from "vitest";
import { valuesAtRanks } from "./sorted-runs";

/** A seeded generator, so that every run of the suite tests the same cases. */
function generator(seed: number) {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
}

/** Splits values into sorted runs of random lengths (some empty), as the roll-ups store them. */
function intoRuns(values: number[], random: () => number, longest: number): Float64Array[] {
  const runs: Float64Array[] = [];
  for (let at = 0; at < values.length; ) {
    const length = Math.min(values.length - at, Math.floor(random() * (longest + 1)));
    runs.push(Float64Array.from(values.slice(at, at + length)).sort());
    at += length;
  }
  return runs;
}

const byDefinition = (values: number[], ranks: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return ranks.map((rank) => sorted[rank - 1]);
};

describe("valuesAtRanks", () => {
  it("answers each rank of a small union, in the order asked, without changing the runs", () => {
    const runs = [Float64Array.from([1, 5, 9]), new Float64Array(0), Float64Array.from([2, 2, 8])];
    const before = runs.map((run) => [...run]);
    // Union sorted: 1 2 2 5 8 9.
    expect(valuesAtRanks(runs, [6, 1, 3, 2])).toEqual([9, 1, 2, 2]);
    expect(runs.map((run) => [...run])).toEqual(before);
  });

  it("refuses a rank outside 1 … total", () => {
    const runs = [Float64Array.from([1, 2])];
    expect(() => valuesAtRanks(runs, [0])).toThrow(RangeError);
    expect(() => valuesAtRanks(runs, [3])).toThrow(RangeError);
    expect(() => valuesAtRanks(runs, [1.5])).toThrow(RangeError);
    expect(() => valuesAtRanks([], [1])).toThrow(RangeError);
  });

  it("agrees with sorting when the union is large enough to be sampled, at the edges and in the middle", () => {
    const random = generator(7);
    for (let trial = 0; trial < 12; trial++) {
      const n = 20_000 + Math.floor(random() * 80_000);
      // Heavy ties on some trials: every value one of five.
      const spread = trial % 3 === 0 ? 5 : 10 ** (3 + (trial % 7));
      const values = Array.from({ length: n }, () => Math.floor(random() * spread));
      const runs = intoRuns(values, random, trial % 2 === 0 ? 50 : 3_000);
      const ranks = [1, 2, Math.floor(n / 2), Math.floor(n / 2) + 1, Math.ceil(0.9 * n), n - 1, n];
      expect(valuesAtRanks(runs, ranks), `trial ${trial}`).toEqual(byDefinition(values, ranks));
    }
  });

  it("stays exact when the sampled brackets miss their ranks (a bracket of zero width)", () => {
    const random = generator(11);
    for (let trial = 0; trial < 20; trial++) {
      const n = 50 + Math.floor(random() * 5_000);
      const values = Array.from({ length: n }, () => Math.floor(random() * 1_000_000));
      const runs = intoRuns(values, random, 40);
      const ranks = [Math.ceil(n / 3), Math.ceil(n / 2), Math.ceil(0.9 * n)];
      const options = { sampleSize: 1 + Math.floor(random() * 64), spreadSigmas: 0 };
      expect(valuesAtRanks(runs, ranks, options), `trial ${trial}`).toEqual(byDefinition(values, ranks));
    }
  });

  it("takes values from one run as well as from thousands of one-value runs", () => {
    const random = generator(13);
    const values = Array.from({ length: 30_000 }, () => Math.floor(random() * 1e9));
    const ranks = [1, 15_000, 15_001, 27_000, 30_000];
    expect(valuesAtRanks([Float64Array.from(values).sort()], ranks)).toEqual(byDefinition(values, ranks));
    expect(
      valuesAtRanks(
        values.map((value) => Float64Array.of(value)),
        ranks,
      ),
    ).toEqual(byDefinition(values, ranks));
  });
});
