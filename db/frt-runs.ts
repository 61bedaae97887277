/**
 * The response roll-ups keep each group's calendar FRTs (milliseconds) as a sorted run: a blob of
 * little-endian float64 values in ascending order. A report over a period reads the runs of its
 * roll-up rows and finds exact medians and nearest ranks across them without parsing text or
 * merging them (~/domain/sla `medianAndP90OfRuns`).
 *
 * SQLite has no function that builds such a blob, so every connection the product opens gets two
 * (openDatabase, registerFrtRunFunctions).
 */
import { endianness } from "node:os";
import type Database from "better-sqlite3";

const BYTES = Float64Array.BYTES_PER_ELEMENT;

// Runs are written and read through Float64Array views, in the machine's byte order; every
// platform Node runs on today is little-endian, and a run written on one is read on another only
// through a copied database file, so the order is checked rather than converted on every read.
if (endianness() !== "LE") throw new Error("The response roll-ups' FRT runs need a little-endian machine");

/** A run's bytes for storage. */
function encodeFrtRun(sorted: Float64Array): Buffer {
  return Buffer.from(sorted.buffer, sorted.byteOffset, sorted.byteLength);
}

/** A stored run as values (an empty blob or null is no values). */
export function decodeFrtRun(blob: Uint8Array | null): Float64Array {
  if (blob === null || blob.byteLength === 0) return new Float64Array(0);
  if (blob.byteLength % BYTES !== 0) throw new RangeError(`An FRT run of ${blob.byteLength} bytes is not whole float64 values`);
  // A view when the bytes are aligned (better-sqlite3 gives each blob its own buffer), else a copy.
  if (blob.byteOffset % BYTES === 0) return new Float64Array(blob.buffer, blob.byteOffset, blob.byteLength / BYTES);
  return new Float64Array(blob.slice().buffer);
}

/**
 * The runs a reader got joined into one blob, `group_concat(frt_ms_run, '')` cast to a blob, cut
 * apart again by their lengths in bytes, `group_concat(length(frt_ms_run))` in the same group (both
 * aggregates see the group's rows in the same order). One blob per group instead of one per row:
 * each blob handed to JavaScript costs an allocation, and a report over three years reads ten
 * thousand rows.
 */
export function splitFrtRuns(joined: Uint8Array | null, lengths: string | number | null): Float64Array[] {
  const values = decodeFrtRun(joined);
  const runs: Float64Array[] = [];
  let at = 0;
  for (const bytes of String(lengths ?? "").split(",")) {
    const count = Number(bytes) / BYTES;
    if (count > 0) runs.push(values.subarray(at, at + count));
    at += count;
  }
  if (at !== values.length) throw new RangeError(`FRT runs of ${at} values in a blob of ${values.length}`);
  return runs;
}

/**
 * Registers on a connection `frt_run(frt_ms)`, the aggregate that sorts a group's values into a
 * run, and `frt_sorted(blob)`, which sorts the values of joined runs into one (a month's run from
 * its days' runs, joined by group_concat as above).
 */
export function registerFrtRunFunctions(sqlite: Database.Database): void {
  sqlite.aggregate("frt_run", {
    start: () => [] as number[],
    step: (values: number[], value: unknown) => {
      if (value !== null && value !== undefined) values.push(Number(value));
    },
    result: (values: number[]) => encodeFrtRun(Float64Array.from(values).sort()),
    deterministic: true,
  });
  sqlite.function("frt_sorted", { deterministic: true }, (joined: unknown) =>
    encodeFrtRun(Float64Array.from(decodeFrtRun(joined instanceof Uint8Array ? joined : null)).sort()),
  );
}
