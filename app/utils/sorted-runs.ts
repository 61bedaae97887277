/**
 * Exact order statistics of the union of sorted runs (ascending Float64Arrays) without merging
 * them: a report over three years finds a median among a million stored FRTs, kept as a few
 * thousand sorted runs, by reading a few thousand values.
 *
 * For each rank, a sample of the union brackets the value between two pivots; binary searches in
 * every run count what lies below the bracket and inside it, and the rank is then selected among
 * the values inside only (a few percent of the whole). When a bracket misses its rank, which the
 * bracket's width makes rare, that rank is selected among all values instead: the answer is always
 * exact, only its cost varies.
 */
import quickselect from "quickselect";

/** Up to this many values in all, the runs are simply joined and selected from. */
const JOIN_UP_TO = 16_384;
/** The sample's size is about total^(2/3) within these bounds (sampling against the bracket). */
const MIN_SAMPLE = 256;
const MAX_SAMPLE = 8_192;
/** The bracket spans this many standard deviations of a sampled rank on either side. */
const SPREAD_SIGMAS = 4;

export type RankOptions = {
  /** Sample size; the default grows with the total (for tests that need a given one). */
  sampleSize?: number;
  /** Bracket half-width in standard deviations of a sampled rank (tests force misses with 0). */
  spreadSigmas?: number;
};

function join(runs: readonly Float64Array[], total: number): Float64Array {
  const joined = new Float64Array(total);
  let at = 0;
  for (const run of runs) {
    joined.set(run, at);
    at += run.length;
  }
  return joined;
}

/** Selects the given ascending 1-based ranks in `values` (reordered in place). */
function selectRanks(values: Float64Array, ranks: readonly number[]): number[] {
  // The library is typed for arrays; it only indexes and swaps, which a typed array does alike.
  const items = values as unknown as number[];
  const picked: number[] = [];
  let left = 0;
  for (const rank of ranks) {
    const index = rank - 1;
    // After a selection everything right of the selected index is ≥ it, so the next (larger)
    // rank is selected among those alone.
    if (index >= left) quickselect(items, index, left, values.length - 1);
    picked.push(values[index]!);
    left = Math.max(left, index + 1);
  }
  return picked;
}

/** Index of the first value ≥ `value` (strict = false) or > `value` (strict = true). */
function bound(run: Float64Array, value: number, strict: boolean): number {
  let low = 0;
  let high = run.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const below = strict ? run[middle]! <= value : run[middle]! < value;
    if (below) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * The values at `ranks` (1-based, each 1 … total) in the union of `runs`, each run sorted
 * ascending. Exact for any input; the runs are not modified.
 */
export function valuesAtRanks(runs: readonly Float64Array[], ranks: readonly number[], options: RankOptions = {}): number[] {
  const total = runs.reduce((sum, run) => sum + run.length, 0);
  for (const rank of ranks) {
    if (!Number.isInteger(rank) || rank < 1 || rank > total) throw new RangeError(`Rank ${rank} is outside 1 … ${total}`);
  }
  const order = ranks.map((rank, at) => ({ rank, at })).sort((a, b) => a.rank - b.rank);
  const answers = new Array<number>(ranks.length);
  if (total <= JOIN_UP_TO && options.sampleSize === undefined) {
    const picked = selectRanks(
      join(runs, total),
      order.map((entry) => entry.rank),
    );
    for (const [i, entry] of order.entries()) answers[entry.at] = picked[i]!;
    return answers;
  }

  // An evenly spaced sample of the union, in one walk over the runs: each run gives values at its
  // own evenly spaced quantiles, so the sample's ranks estimate the union's closely.
  const size = Math.max(1, options.sampleSize ?? Math.min(MAX_SAMPLE, Math.max(MIN_SAMPLE, Math.round(total ** (2 / 3)))));
  const sample = new Float64Array(size);
  const step = total / size;
  let position = step / 2;
  let runStart = 0;
  let r = 0;
  for (let j = 0; j < size; j++, position += step) {
    const at = Math.min(total - 1, Math.floor(position));
    while (at >= runStart + runs[r]!.length) runStart += runs[r++]!.length;
    sample[j] = runs[r]![at - runStart]!;
  }
  sample.sort();
  const spread = (options.spreadSigmas ?? SPREAD_SIGMAS) * 0.5 * Math.sqrt(size);

  // A bracket of two sampled values around each rank's estimated place in the sample, widened to
  // take in the following ranks while their brackets overlap (the two middle ranks of an even count).
  const brackets: { lower: number; upper: number; ranks: { rank: number; at: number }[] }[] = [];
  for (let i = 0; i < order.length; ) {
    const place = (order[i]!.rank / total) * size;
    const lowIndex = Math.floor(place - spread) - 1;
    let highIndex = Math.ceil(place + spread);
    let j = i + 1;
    while (j < order.length && Math.floor((order[j]!.rank / total) * size - spread) - 1 <= highIndex) {
      highIndex = Math.ceil((order[j]!.rank / total) * size + spread);
      j++;
    }
    brackets.push({
      lower: lowIndex < 0 ? -Infinity : sample[lowIndex]!,
      upper: highIndex >= size ? Infinity : sample[highIndex]!,
      ranks: order.slice(i, j),
    });
    i = j;
  }

  const missed: { rank: number; at: number }[] = [];
  const from = new Int32Array(runs.length);
  const to = new Int32Array(runs.length);
  for (const { lower, upper, ranks: wanted } of brackets) {
    // How many values lie below the bracket, and how many inside it.
    let below = 0;
    let inside = 0;
    for (let k = 0; k < runs.length; k++) {
      const run = runs[k]!;
      const first = lower === -Infinity ? 0 : bound(run, lower, false);
      const last = upper === Infinity ? run.length : bound(run, upper, true);
      from[k] = first;
      to[k] = last;
      below += first;
      inside += last - first;
    }
    const caught = wanted.filter((entry) => entry.rank > below && entry.rank <= below + inside);
    for (const entry of wanted) if (!caught.includes(entry)) missed.push(entry);
    if (caught.length === 0) continue;
    // Each run holds only a few of the bracket's values: copied one by one, not sliced.
    const band = new Float64Array(inside);
    let at = 0;
    for (let k = 0; k < runs.length; k++) {
      const run = runs[k]!;
      for (let v = from[k]!, end = to[k]!; v < end; v++) band[at++] = run[v]!;
    }
    const picked = selectRanks(
      band,
      caught.map((entry) => entry.rank - below),
    );
    for (const [k, entry] of caught.entries()) answers[entry.at] = picked[k]!;
  }
  if (missed.length > 0) {
    const picked = selectRanks(
      join(runs, total),
      missed.map((entry) => entry.rank),
    );
    for (const [k, entry] of missed.entries()) answers[entry.at] = picked[k]!;
  }
  return answers;
}
