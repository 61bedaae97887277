import { describe, expect, it } from "vitest";
import { privateTestDb } from "../test/helpers";
import { decodeFrtRun, splitFrtRuns } from "./frt-runs";

function connection() {
  const { sqlite } = privateTestDb();
  sqlite.exec("create table t (grp integer, frt_ms integer)");
  return sqlite;
}

describe("FRT runs in SQLite", () => {
  it("frt_run sorts a group's values into a run and skips nulls and filtered rows", () => {
    const sqlite = connection();
    const insert = sqlite.prepare("insert into t values (?, ?)");
    for (const [grp, frt] of [
      [1, 3000],
      [1, null],
      [1, 0],
      [1, 5_000_000_000],
      [1, 42],
      [2, null],
    ] as const)
      insert.run(grp, frt);
    const rows = sqlite
      .prepare("select grp, frt_run(frt_ms) filter (where frt_ms <> 42) as run from t group by grp order by grp")
      .all() as { grp: number; run: Buffer }[];
    expect(rows.map((row) => [...decodeFrtRun(row.run)])).toEqual([[0, 3000, 5_000_000_000], []]);
    // No rows at all gives an empty run, not null.
    const none = sqlite.prepare("select frt_run(frt_ms) as run from t where grp = 9").get() as { run: Buffer };
    expect(none.run.byteLength).toBe(0);
  });

  it("joins runs with group_concat byte for byte, so a month's run and a report's cells keep every value", () => {
    const sqlite = connection();
    sqlite.exec("create table runs (cell integer, day integer, run blob)");
    const insert = sqlite.prepare("insert into runs values (?, ?, (select frt_run(value) from json_each(?)))");
    // Values whose bytes hold zeros and high bits: 0, powers of two, 2^53 - 1.
    const days = [[0, 256, 65_536], [], [1, 2 ** 32, 2 ** 53 - 1], [7, 7, 7]];
    for (const [day, values] of days.entries()) insert.run(1, day, JSON.stringify(values));
    const joined = sqlite
      .prepare(
        "select group_concat(length(run)) as lengths, cast(group_concat(run, '') as blob) as joined, frt_sorted(cast(group_concat(run, '') as blob)) as sorted from (select * from runs order by day) group by cell",
      )
      .get() as { lengths: string; joined: Buffer; sorted: Buffer };
    expect(splitFrtRuns(joined.joined, joined.lengths).map((run) => [...run])).toEqual(
      days.filter((values) => values.length > 0),
    );
    expect([...decodeFrtRun(joined.sorted)]).toEqual(days.flat().sort((a, b) => a - b));
  });

  it("refuses lengths that do not add up to the blob, and a blob of part of a value", () => {
    const run = Buffer.from(Float64Array.of(1, 2, 3).buffer);
    expect(() => splitFrtRuns(run, "16")).toThrow(RangeError);
    expect(() => decodeFrtRun(run.subarray(0, 12))).toThrow(RangeError);
    expect(splitFrtRuns(null, null)).toEqual([]);
  });
});
