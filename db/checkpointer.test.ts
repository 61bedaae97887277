import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startCheckpointer, type Checkpointer, type CheckpointResult } from "./checkpointer.server";
import { openDatabase, type OpenDatabase } from "./client.server";

let dir: string;
let open: OpenDatabase;
let checkpointer: Checkpointer | null;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "crm-checkpoint-"));
  open = openDatabase(join(dir, "crm.db"));
  // As the web connection would be if the thread did nothing: no checkpoint of its own.
  open.sqlite.pragma("wal_autocheckpoint = 0");
  checkpointer = null;
});
afterEach(async () => {
  await checkpointer?.stop();
  open.sqlite.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Frames in the log and frames already copied into the database file, without copying any. */
const logState = () => {
  const [row] = open.sqlite.pragma("wal_checkpoint(PASSIVE)") as CheckpointResult[];
  return row;
};

describe("the checkpoint thread", () => {
  it("copies what the web committed into the database file while the web writes on, without its own checkpoints", async () => {
    open.sqlite.exec("create table notes (body text)");
    const insert = open.sqlite.prepare("insert into notes values (?)");
    for (let i = 0; i < 200; i++) insert.run(`note ${i} `.repeat(50));
    const seen: CheckpointResult[] = [];
    let whole: () => void = () => {};
    const copiedAll = new Promise<void>((resolve) => (whole = resolve));
    checkpointer = startCheckpointer(open.path, {
      everyMs: 10,
      onCheckpoint: (result) => {
        seen.push(result);
        if (result.log > 0 && result.checkpointed === result.log) whole();
      },
    });
    await copiedAll;
    // A write after the thread started is copied as well, and the web went on writing meanwhile.
    insert.run("one more");
    const before = seen.length;
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (seen.length > before + 1) {
          clearInterval(check);
          resolve();
        }
      }, 5);
    });
    const last = seen[seen.length - 1];
    expect(last.busy).toBe(0);
    expect(last.checkpointed).toBe(last.log);
    expect(logState().checkpointed).toBe(logState().log);
    expect(open.sqlite.prepare("select count(*) as n from notes").get()).toEqual({ n: 201 });
  });

  it("stops when asked, and the database stays usable", async () => {
    checkpointer = startCheckpointer(open.path, { everyMs: 10 });
    await checkpointer.stop();
    checkpointer = null;
    open.sqlite.exec("create table t (x); insert into t values (1)");
    expect(open.sqlite.prepare("select x from t").get()).toEqual({ x: 1 });
  });
});
