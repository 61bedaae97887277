/**
 * How every CSV import runs (SPEC §9, §13): in two streaming passes over the file, so that memory
 * stays flat however long the file is, and in short transactions, so that the web's own writers
 * (the intake above all) never wait long behind an import.
 *
 * 1. Check: the records are read a batch at a time and validated (the model keeps only what
 *    cross-row checks need, such as the keys seen so far). Any problem, in any row, and nothing is
 *    written.
 * 2. Write: the file is read again and written a chunk at a time, each chunk in its own immediate
 *    transaction sized to take about CHUNK_TARGET_MS; the model validates each chunk again inside
 *    its transaction, since the data may have changed since the check.
 *
 * A file is still imported whole or not at all: every row a chunk inserts, updates or deletes, in
 * any table (the models' helpers write audit entries, reminders, customer figures), is recorded in
 * an undo journal by temporary triggers that exist only on this connection and fire only while one
 * of this import's chunks runs. When a chunk fails (a full disk, a row that no longer passes, a
 * crash in the code), the journal is played backwards, also in short transactions, and the
 * database is as it was before the import. The journal is a scratch database file attached for
 * the run (in the system's temporary folder, removed at the end): a process killed midway loses
 * its use, and the chunks written so far stay.
 */
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DB } from "~db/client.server";
import { SEARCH_INDEXES } from "~db/schema";
import { connectionOf } from "./sql.server";
import {
  readCsvBatches,
  readCsvBatchesSync,
  sortCsvProblems,
  type CsvColumns,
  type CsvInput,
  type CsvProblem,
  type CsvRecord,
} from "~/utils/csv.server";

export type ImportCounts = {
  /** Data rows in the file. */
  rows: number;
  created: number;
  /** Rows that matched an existing record (with or without an actual change). */
  updated: number;
  /** Of `updated`, those whose values were already what the file says. */
  unchanged: number;
};

export type CsvImportOutcome = { ok: false; problems: CsvProblem[] } | ({ ok: true; dryRun: boolean } & ImportCounts);

/** Where a run is: rows checked in the first pass, rows written in the second. */
export type ImportProgress = (progress: { phase: "checking" | "writing"; rows: number }) => void;

export type CsvImportRunOptions = {
  dryRun?: boolean;
  onProgress?: ImportProgress;
  /** Fixed rows per write chunk instead of sizing chunks by time (tests). */
  chunkRows?: number;
};

/** One kind of import, as the runner drives it. A plan is made for one run and used once. */
export interface CsvImportPlan {
  spec: CsvColumns;
  /**
   * Pass 1: validates a batch of records, reading only; keeps what later batches need. `seen`
   * holds the keys of the rows checked so far, on disk, so that memory stays flat.
   */
  check(db: DB, records: CsvRecord[], seen: SeenKeys): void;
  /** Pass 1: every problem found so far. */
  problems(): CsvProblem[];
  /** Pass 1: what the import would do. */
  checked(): ImportCounts;
  /**
   * Pass 2: writes one chunk inside an immediate transaction. Returns the problems when a row no
   * longer passes (the data changed since the check): then the chunk is rolled back and the whole
   * import undone.
   */
  write(tx: DB, records: CsvRecord[]): CsvProblem[];
  /** Pass 2: what the import did. */
  written(): ImportCounts;
  /** The last transaction of a successful import (the run's audit entry). */
  finish(tx: DB): void;
}

/** A write chunk aims at this long a transaction; another writer waits at most about that long. */
const CHUNK_TARGET_MS = 80;
/**
 * WAL pages between checkpoints while an import writes (SQLite's default is 1,000): each of
 * hundreds of chunk commits would otherwise copy the WAL back and sync the file.
 */
const IMPORT_WAL_CHECKPOINT_PAGES = 16_384;
const FIRST_CHUNK_ROWS = 200;
const MIN_CHUNK_ROWS = 20;
const MAX_CHUNK_ROWS = 5000;
/** Records validated per batch in the first pass (the batch's lookups are one query per kind). */
const CHECK_BATCH_ROWS = 1000;

/** Raised inside a chunk's transaction to roll it back when its rows no longer pass. */
class ChunkRefused extends Error {
  constructor(readonly problems: CsvProblem[]) {
    super("the file no longer passes its checks");
  }
}

/** Sizes write chunks by how long the last one took. */
function chunkSizer(fixed?: number) {
  let rows = fixed ?? FIRST_CHUNK_ROWS;
  return {
    size: () => rows,
    took(count: number, ms: number) {
      if (fixed !== undefined || count < rows) return;
      const scaled = Math.round((rows * CHUNK_TARGET_MS) / Math.max(ms, 1));
      rows = Math.min(MAX_CHUNK_ROWS, Math.max(MIN_CHUNK_ROWS, Math.min(scaled, rows * 2)));
    },
  };
}

type Sqlite = {
  prepare(sql: string): {
    run(...params: unknown[]): unknown;
    all(...params: unknown[]): unknown[];
    get(...params: unknown[]): unknown;
  };
};

/** The better-sqlite3 connection under a drizzle database or transaction. */
const sqliteOf = (db: DB): Sqlite => connectionOf(db) as unknown as Sqlite;

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The rows a table gained in one chunk: rowids in (after, upTo]. */
type InsertedRange = { table: string; after: number; upTo: number };

/**
 * Search indexing for a chunk (see SEARCH_INDEXES): the insert triggers stand aside while the
 * chunk writes, and the rows it inserted are indexed by one statement per table at its end. All of
 * it happens inside the chunk's transaction, so no other connection ever sees the triggers aside.
 */
function chunkSearchIndexing(sqlite: Sqlite) {
  const setDeferred = sqlite.prepare("update search_indexing set deferred = ? where id = 1");
  const indexRows = new Map(
    Object.entries(SEARCH_INDEXES).map(([table, { index, columns }]) => [
      table,
      sqlite.prepare(
        `insert into ${quote(index)} (rowid, ${columns.map(quote).join(", ")}) select id, ${columns.map((c) => `${quote(c)} || '  '`).join(", ")} from ${quote(table)} where id > ? and id <= ?`,
      ),
    ]),
  );
  return {
    defer: () => void setDeferred.run(1),
    /** The chunk's last statements: any statement after them would make FTS5 flush again. */
    index(ranges: InsertedRange[]) {
      setDeferred.run(0);
      for (const { table, after, upTo } of ranges) indexRows.get(table)?.run(after, upTo);
    },
  };
}

/** The keys of the file's rows checked so far: a repeated key is a problem at its second row. */
export interface SeenKeys {
  /** Records `key` at `row`, or returns the row that had it first. */
  claim(key: string, row: number): number | undefined;
}

/** Seen keys of a few rows (a chunk checked again in the write pass). */
export function seenInMemory(): SeenKeys {
  const rows = new Map<string, number>();
  return {
    claim(key, row) {
      const earlier = rows.get(key);
      if (earlier === undefined) rows.set(key, row);
      return earlier;
    },
  };
}

/**
 * A run's scratch database: a file in the system's temporary folder, attached to the connection
 * for the run and removed at its end. It holds what grows with the file (the keys seen by the
 * check, the undo journal), so that neither the process's memory nor the main database does.
 * Never synced, and rolled back with a chunk that fails.
 */
class RunScratch {
  readonly schema = `crm_import_${randomBytes(6).toString("hex")}`;
  private readonly file = join(tmpdir(), `${this.schema}.db`);
  private attached = false;

  constructor(readonly sqlite: Sqlite) {}

  table(name: string): string {
    return `${quote(this.schema)}.${quote(name)}`;
  }

  open(): this {
    this.sqlite.prepare(`attach database ? as ${quote(this.schema)}`).run(this.file);
    this.attached = true;
    this.sqlite.prepare(`pragma ${quote(this.schema)}.journal_mode = memory`).get();
    this.sqlite.prepare(`pragma ${quote(this.schema)}.synchronous = off`).run();
    return this;
  }

  /** Seen keys kept in this database; claims are made inside `batch` for one transaction each. */
  seenKeys(): SeenKeys & { batch(run: () => void): void } {
    const table = this.table("seen");
    this.sqlite.prepare(`create table ${table} (key text primary key, row integer not null) without rowid`).run();
    const insert = this.sqlite.prepare(`insert into ${table} (key, row) values (?, ?) on conflict (key) do nothing`);
    const find = this.sqlite.prepare(`select row from ${table} where key = ?`);
    const begin = this.sqlite.prepare("begin");
    const commit = this.sqlite.prepare("commit");
    const rollback = this.sqlite.prepare("rollback");
    return {
      claim(key, row) {
        if ((insert.run(key, row) as { changes: number }).changes > 0) return undefined;
        return (find.get(key) as { row: number }).row;
      },
      batch(run) {
        begin.run();
        try {
          run();
          commit.run();
        } catch (error) {
          rollback.run();
          throw error;
        }
      },
    };
  }

  close(): void {
    if (this.attached) this.sqlite.prepare(`detach database ${quote(this.schema)}`).run();
    this.attached = false;
    rmSync(this.file, { force: true });
    rmSync(`${this.file}-journal`, { force: true });
  }
}

/**
 * The undo journal of one run (see the module comment), chunk by chunk. Inserts cost nothing per
 * row: a chunk's transaction is the only writer while it runs, so the rows it inserted in a table
 * are exactly those with a rowid above the table's largest before the chunk, up to its largest
 * after. Updates and deletes are rare in an import (a re-import, the figures of the customers an
 * order import touches) and keep the row as it was, written by temporary triggers on every
 * ordinary table of the main database, so whatever a model's helper changes is covered. The
 * triggers fire only while `active` is set, which happens inside a chunk's transaction only.
 */
class UndoJournal {
  private readonly prefix: string;
  private readonly sqlite: Sqlite;
  private readonly journal: string;
  private readonly flag: string;
  private triggers: string[] = [];
  private columns = new Map<string, string[]>();
  /** The primary key columns of the tables without rowids. */
  private keys = new Map<string, string[]>();
  /** Tables with no trigger of their own in the schema (running totals, queues, logs). */
  private leaves = new Set<string>();
  private maxRowid = new Map<string, ReturnType<Sqlite["prepare"]>>();
  /** Per chunk written, the rowid range each table gained: (after, upTo]. */
  private inserted: { chunk: number; ranges: InsertedRange[] }[] = [];
  private chunk = 0;
  private before: Map<string, number> | null = null;
  private pending: { chunk: number; ranges: InsertedRange[] } | null = null;

  /** The journal lives in the run's scratch database: a re-import's before-images can be large. */
  constructor(scratch: RunScratch) {
    this.sqlite = scratch.sqlite;
    this.prefix = scratch.schema;
    this.journal = scratch.table("undo");
    this.flag = `temp.${quote(`${this.prefix}_on`)}`;
  }

  open(): void {
    const s = this.sqlite;
    s.prepare(
      `create table ${this.journal} (seq integer primary key, chunk integer not null, tbl text not null, rid integer not null, kind text not null, before text not null)`,
    ).run();
    s.prepare(`create temp table ${quote(`${this.prefix}_on`)} (active integer not null, chunk integer not null)`).run();
    s.prepare(`insert into ${this.flag} (active, chunk) values (0, 0)`).run();
    // Virtual tables (full-text search) and their shadow tables follow their ordinary tables'
    // triggers, which the undo fires as well.
    const tables = (s.prepare("pragma main.table_list").all() as { name: string; type: string; wr: number }[]).filter(
      (t) => t.type === "table" && !t.name.startsWith("sqlite_") && !t.name.startsWith("__"),
    );
    const triggered = new Set(
      (s.prepare("select tbl_name as name from main.sqlite_master where type = 'trigger'").all() as { name: string }[]).map(
        (t) => t.name,
      ),
    );
    for (const { name } of tables) if (!triggered.has(name)) this.leaves.add(name);
    const when = `when (select active from ${this.flag}) = 1`;
    for (const { name, wr } of tables) {
      const info = s.prepare(`pragma main.table_info(${quote(name)})`).all() as { name: string; pk: number }[];
      const columns = info.map((c) => c.name);
      this.columns.set(name, columns);
      const image = (row: "old" | "new") =>
        `json_object(${columns.map((c) => `'${c.replace(/'/g, "''")}', ${row}.${quote(c)}`).join(", ")})`;
      const values = (kind: string, row: "old" | "new" = "old") =>
        `(select chunk from ${this.flag}), '${name.replace(/'/g, "''")}', ${wr ? 0 : `${row}.rowid`}, '${kind}', ${image(row)}`;
      const create = (suffix: string, timing: string, kind: string) => {
        const trigger = `${this.prefix}_${name}_${suffix}`;
        s.prepare(
          `create temp trigger ${quote(trigger)} ${timing} on main.${quote(name)} ${when} begin insert into ${this.journal} (chunk, tbl, rid, kind, before) values (${values(kind, kind === "n" ? "new" : "old")}); end`,
        ).run();
        this.triggers.push(trigger);
      };
      create("u", "before update", "u");
      create("d", "before delete", "d");
      if (wr) {
        // A table without rowids has no range to note: each new row is journaled by its key.
        const key = info
          .filter((c) => c.pk > 0)
          .sort((a, b) => a.pk - b.pk)
          .map((c) => c.name);
        this.keys.set(name, key);
        create("n", "after insert", "n");
      } else {
        this.maxRowid.set(name, s.prepare(`select coalesce(max(rowid), 0) as max from main.${quote(name)}`));
      }
    }
  }

  private largestRowids(): Map<string, number> {
    return new Map([...this.maxRowid].map(([table, statement]) => [table, (statement.get() as { max: number }).max]));
  }

  /** Inside a chunk's transaction, first: record what follows (rolled back with the chunk if it fails). */
  start(): void {
    this.pending = null;
    this.chunk++;
    this.sqlite.prepare(`update ${this.flag} set active = 1, chunk = ?`).run(this.chunk);
    this.before = this.largestRowids();
  }

  /** Inside a chunk's transaction, last: the rowid ranges each table gained in this chunk. */
  stop(): InsertedRange[] {
    this.sqlite.prepare(`update ${this.flag} set active = 0`).run();
    const ranges: InsertedRange[] = [];
    for (const [table, upTo] of this.largestRowids()) {
      const after = this.before!.get(table)!;
      if (upTo > after) ranges.push({ table, after, upTo });
    }
    this.pending = { chunk: this.chunk, ranges };
    this.before = null;
    return ranges;
  }

  /**
   * After a chunk's transaction committed: its ranges join the journal. (A chunk that rolled back,
   * even at its commit, inserted nothing, and its rowids may be taken by the next writer.)
   */
  committed(): void {
    if (this.pending) this.inserted.push(this.pending);
    this.pending = null;
  }

  /**
   * Undoes the chunks written, newest first, one immediate transaction per chunk (each as short as
   * the chunk was); yields between them. Foreign keys are checked at the end of each transaction,
   * so the order of the deletes within a chunk does not matter.
   */
  *undo(db: DB): Generator<void> {
    const s = this.sqlite;
    const entries = s.prepare(`select tbl, rid, kind, before from ${this.journal} where chunk = ? order by seq desc`);
    const forget = s.prepare(`delete from ${this.journal} where chunk = ?`);
    const statements = new Map<string, ReturnType<Sqlite["prepare"]>>();
    const statement = (key: string, sql: () => string) => {
      let prepared = statements.get(key);
      if (!prepared) statements.set(key, (prepared = s.prepare(sql())));
      return prepared;
    };
    // The last chunk attempted failed and rolled back: it recorded no range.
    while (this.inserted.length > 0) {
      const { chunk, ranges } = this.inserted[this.inserted.length - 1]!;
      db.transaction(
        () => {
          s.prepare("pragma defer_foreign_keys = on").run();
          const changed = entries.all(chunk) as { tbl: string; rid: number; kind: "u" | "d" | "n"; before: string }[];
          for (const { tbl, rid, kind, before } of changed) {
            const columns = this.columns.get(tbl)!;
            const image = JSON.parse(before) as Record<string, unknown>;
            const values = columns.map((c) => image[c] ?? null);
            const key = this.keys.get(tbl);
            if (kind === "n") {
              statement(
                `n:${tbl}`,
                () => `delete from main.${quote(tbl)} where ${key!.map((c) => `${quote(c)} = ?`).join(" and ")}`,
              ).run(...key!.map((c) => image[c] ?? null));
            } else if (kind === "u" && key) {
              statement(
                `uk:${tbl}`,
                () =>
                  `update main.${quote(tbl)} set ${columns.map((c) => `${quote(c)} = ?`).join(", ")} where ${key.map((c) => `${quote(c)} = ?`).join(" and ")}`,
                // The key an update left is the key it found: an import never changes a row's key.
              ).run(...values, ...key.map((c) => image[c] ?? null));
            } else if (kind === "u") {
              statement(
                `u:${tbl}`,
                () => `update main.${quote(tbl)} set ${columns.map((c) => `${quote(c)} = ?`).join(", ")} where rowid = ?`,
              ).run(...values, rid);
            } else {
              statement(
                `d:${tbl}`,
                () =>
                  `insert into main.${quote(tbl)} (${columns.map(quote).join(", ")}) values (${columns.map(() => "?").join(", ")})`,
              ).run(...values);
            }
          }
          for (const { table, after, upTo } of ranges) {
            statement(`i:${table}`, () => `delete from main.${quote(table)} where rowid > ? and rowid <= ?`).run(after, upTo);
          }
          // The replay and the deletes fired the schema's own triggers, which keep running totals
          // (waiting inquiries per assignee, orders per status) by adding and subtracting: a total
          // restored before a trigger subtracts again ends off. Tables that no trigger of theirs
          // feeds further get each row's image from before the chunk once more, last; writing them
          // fires nothing.
          const firstImages = new Map<string, { tbl: string; rid: number; image: Record<string, unknown> }>();
          for (let i = changed.length - 1; i >= 0; i--) {
            const { tbl, rid, kind, before } = changed[i]!;
            if (kind !== "u" || !this.leaves.has(tbl)) continue;
            const image = JSON.parse(before) as Record<string, unknown>;
            const key = this.keys.get(tbl);
            const id = `${tbl}\u0000${key ? JSON.stringify(key.map((c) => image[c] ?? null)) : rid}`;
            if (!firstImages.has(id)) firstImages.set(id, { tbl, rid, image });
          }
          for (const { tbl, rid, image } of firstImages.values()) {
            const columns = this.columns.get(tbl)!;
            const key = this.keys.get(tbl);
            const values = columns.map((c) => image[c] ?? null);
            if (key) {
              statement(
                `uk:${tbl}`,
                () =>
                  `update main.${quote(tbl)} set ${columns.map((c) => `${quote(c)} = ?`).join(", ")} where ${key.map((c) => `${quote(c)} = ?`).join(" and ")}`,
              ).run(...values, ...key.map((c) => image[c] ?? null));
            } else {
              statement(
                `u:${tbl}`,
                () => `update main.${quote(tbl)} set ${columns.map((c) => `${quote(c)} = ?`).join(", ")} where rowid = ?`,
              ).run(...values, rid);
            }
          }
          forget.run(chunk);
        },
        { behavior: "immediate" },
      );
      this.inserted.pop();
      yield;
    }
  }

  close(): void {
    const s = this.sqlite;
    for (const trigger of this.triggers) s.prepare(`drop trigger if exists temp.${quote(trigger)}`).run();
    this.triggers = [];
    s.prepare(`drop table if exists ${this.flag}`).run();
  }
}

type SearchIndexing = ReturnType<typeof chunkSearchIndexing>;

/** Writes one chunk in its own immediate transaction, journaled, and indexes its new rows for search. */
function writeChunk(db: DB, plan: CsvImportPlan, journal: UndoJournal, search: SearchIndexing, records: CsvRecord[]): void {
  db.transaction(
    (tx) => {
      search.defer();
      journal.start();
      const problems = plan.write(tx, records);
      if (problems.length > 0) throw new ChunkRefused(problems);
      search.index(journal.stop());
    },
    { behavior: "immediate" },
  );
  journal.committed();
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

function checkedOutcome(plan: CsvImportPlan, fileProblems: CsvProblem[]): CsvImportOutcome | null {
  if (fileProblems.length > 0) return { ok: false, problems: fileProblems };
  const problems = plan.problems();
  if (problems.length > 0) return { ok: false, problems: sortCsvProblems(problems) };
  return null;
}

/**
 * Runs an import over a file on disk or in memory, giving the event loop a turn between batches
 * and chunks (the web import runs in the server process).
 */
export async function runCsvImport(
  db: DB,
  input: CsvInput,
  plan: CsvImportPlan,
  options: CsvImportRunOptions = {},
): Promise<CsvImportOutcome> {
  const scratch = new RunScratch(sqliteOf(db)).open();
  try {
    const seen = scratch.seenKeys();
    let checkedRows = 0;
    const read = await readCsvBatches(input, plan.spec, CHECK_BATCH_ROWS, async (records) => {
      seen.batch(() => plan.check(db, records, seen));
      checkedRows += records.length;
      options.onProgress?.({ phase: "checking", rows: checkedRows });
      await nextTurn();
    });
    const refused = checkedOutcome(plan, read.problems);
    if (refused) return refused;
    if (options.dryRun) return { ok: true, dryRun: true, ...plan.checked() };

    const journal = new UndoJournal(scratch);
    const search = chunkSearchIndexing(scratch.sqlite);
    const sizer = chunkSizer(options.chunkRows);
    const restoreCheckpoints = fewerCheckpoints(db);
    let writtenRows = 0;
    try {
      journal.open();
      options.onProgress?.({ phase: "writing", rows: 0 });
      const again = await readCsvBatches(input, plan.spec, sizer.size, async (records) => {
        const started = performance.now();
        writeChunk(db, plan, journal, search, records);
        sizer.took(records.length, performance.now() - started);
        writtenRows += records.length;
        options.onProgress?.({ phase: "writing", rows: writtenRows });
        await nextTurn();
      });
      // The file changed between the passes.
      if (again.problems.length > 0) throw new ChunkRefused(again.problems);
      db.transaction((tx) => plan.finish(tx), { behavior: "immediate" });
    } catch (error) {
      for (const _ of journal.undo(db)) await nextTurn();
      if (error instanceof ChunkRefused) return { ok: false, problems: sortCsvProblems(error.problems) };
      throw error;
    } finally {
      journal.close();
      restoreCheckpoints();
    }
    return { ok: true, dryRun: false, ...plan.written() };
  } finally {
    scratch.close();
  }
}

/** Raises the connection's WAL auto-checkpoint for the import; returns how to put it back. */
function fewerCheckpoints(db: DB): () => void {
  const sqlite = sqliteOf(db);
  const current = (sqlite.prepare("pragma wal_autocheckpoint").get() as { wal_autocheckpoint: number }).wal_autocheckpoint;
  if (current <= 0 || current >= IMPORT_WAL_CHECKPOINT_PAGES) return () => undefined;
  sqlite.prepare(`pragma wal_autocheckpoint = ${IMPORT_WAL_CHECKPOINT_PAGES}`).run();
  return () => void sqlite.prepare(`pragma wal_autocheckpoint = ${current}`).run();
}

/**
 * The same run for a file in memory, without turns of the event loop: for callers that import a
 * small file synchronously (tests, fixtures, demo data). Writes in the same journaled chunks.
 */
export function runCsvImportSync(
  db: DB,
  input: string | Uint8Array,
  plan: CsvImportPlan,
  options: CsvImportRunOptions = {},
): CsvImportOutcome {
  const scratch = new RunScratch(sqliteOf(db)).open();
  try {
    const seen = scratch.seenKeys();
    const read = readCsvBatchesSync(input, plan.spec, CHECK_BATCH_ROWS, (records) =>
      seen.batch(() => plan.check(db, records, seen)),
    );
    const refused = checkedOutcome(plan, read.problems);
    if (refused) return refused;
    if (options.dryRun) return { ok: true, dryRun: true, ...plan.checked() };

    const journal = new UndoJournal(scratch);
    const search = chunkSearchIndexing(scratch.sqlite);
    const sizer = chunkSizer(options.chunkRows);
    try {
      journal.open();
      readCsvBatchesSync(input, plan.spec, sizer.size, (records) => {
        const started = performance.now();
        writeChunk(db, plan, journal, search, records);
        sizer.took(records.length, performance.now() - started);
      });
      db.transaction((tx) => plan.finish(tx), { behavior: "immediate" });
    } catch (error) {
      for (const _ of journal.undo(db));
      if (error instanceof ChunkRefused) return { ok: false, problems: sortCsvProblems(error.problems) };
      throw error;
    } finally {
      journal.close();
    }
    return { ok: true, dryRun: false, ...plan.written() };
  } finally {
    scratch.close();
  }
}
