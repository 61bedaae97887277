/**
 * Streaming imports (SPEC §9, §13): files on disk read in two passes and written in short
 * journaled transactions. A bad last row still imports nothing; chunking changes nothing in the
 * rows written; a failure midway (an injected SQLite error, as a full disk gives) leaves the
 * database exactly as it was, updates and side effects included; progress covers both passes.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
// The app's zod config turns default messages into catalog keys; CSV messages must stay English.
import "~/schemas/form";
import type { ImportProgress } from "~/models/csv-import.server";
import { streamCustomersCsv } from "~/models/customer-csv.server";
import { streamInquiriesCsv } from "~/models/inquiry-csv.server";
import { streamOrdersCsv } from "~/models/order-csv.server";
import type { OpenDatabase } from "~db/client.server";
import { createInquiry, insertUser } from "~db/factories";
import { SEARCH_INDEXES } from "~db/schema";
import { createTestDb } from "./helpers";

const NOW = new Date("2026-03-10T04:00:00.000Z");
const CUSTOMERS = 200;
const ORDERS = 500;
const INQUIRIES = 600;
// Each test imports a few thousand rows, several times: room for a busy machine.
const SLOW = { timeout: 60_000 };

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "crm-streaming-import-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, lines: string[]): { path: string } {
  const path = join(dir, name);
  writeFileSync(path, lines.join("\n") + "\n");
  return { path };
}

const customerLines = (n: number, suffix = "") => [
  "external_id,name,country,industry,owner_email,contact_name,email,phone,created_at",
  ...Array.from(
    { length: n },
    (_, i) =>
      `C-${i + 1},Customer ${i + 1}${suffix},DE,Hardware,sam@team.example,Buyer ${i + 1},buyer${i + 1}@c.example,,2024-01-01`,
  ),
];
const day = (i: number) => new Date(Date.UTC(2025, 0, 1) + (i % 400) * 86_400_000 + (i % 24) * 3_600_000);
const orderLines = (n: number, amount = "100.00") => [
  "external_id,customer_external_id,ordered_at,amount,currency,fx_rate,status,inquiry_external_id",
  ...Array.from(
    { length: n },
    (_, i) => `O-${i + 1},C-${(i % CUSTOMERS) + 1},${day(i).toISOString()},${amount},,,,${i < 40 ? `I-${i + 1}` : ""}`,
  ),
];
const channels = ["alibaba", "website", "email"];
const inquiryLines = (n: number, subject = "Hinges", answerAll = false) => [
  "external_id,channel,received_at,first_response_at,customer_external_id,subject,message,assignee_email,status",
  ...Array.from({ length: n }, (_, i) => {
    const received = day(i);
    const responded = i % 3 === 0 && !answerAll ? "" : new Date(received.getTime() + ((i % 7) + 1) * 60_000).toISOString();
    return `I-${i + 1},${channels[i % 3]},${received.toISOString()},${responded},C-${(i % CUSTOMERS) + 1},${subject} ${i},"Price for ${i} pcs, please",sam@team.example,`;
  }),
];

/**
 * Every row of every ordinary table, and what full-text search finds in each search table: the
 * whole database as data. The jobs' work queues are left out: undoing an insert is a delete, which
 * their triggers rightly note as a day for the SLA job to look at again.
 */
function dump(open: OpenDatabase) {
  const tables = (open.sqlite.prepare("pragma main.table_list").all() as { name: string; type: string }[])
    .filter(
      ({ name, type }) =>
        (type === "table" || type === "virtual") &&
        !name.startsWith("sqlite_") &&
        !name.endsWith("_terms") &&
        !/_queue(_|$)/.test(name),
    )
    .map(({ name }) => name)
    .sort();
  return Object.fromEntries(
    tables.map((name) => [name, open.sqlite.prepare(`select rowid as "(rowid)", * from "${name}" order by rowid`).all()]),
  );
}

function count(open: OpenDatabase, table: string): number {
  return (open.sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
}

/** A database with a user, the customers, the orders and the inquiries of the generated files. */
async function seeded(with_: { orders?: boolean; inquiries?: boolean } = {}) {
  const open = createTestDb();
  insertUser(open.db, { email: "sam@team.example", name: "Sam", role: "sales", passwordHash: "x" });
  expect(await streamCustomersCsv(open.db, file("c.csv", customerLines(CUSTOMERS)), { now: NOW })).toMatchObject({ ok: true });
  if (with_.inquiries)
    expect(await streamInquiriesCsv(open.db, file("i.csv", inquiryLines(INQUIRIES)), { now: NOW })).toMatchObject({ ok: true });
  if (with_.orders)
    expect(await streamOrdersCsv(open.db, file("o.csv", orderLines(ORDERS)), { now: NOW })).toMatchObject({ ok: true });
  return open;
}

let open: OpenDatabase;
beforeEach(() => {
  open = createTestDb();
});

describe("a bad last row imports nothing", SLOW, () => {
  it("customers", async () => {
    open = await seeded();
    const before = dump(open);
    const lines = [...customerLines(CUSTOMERS + 500, " renamed"), "C-LAST,,DE,,,,,,"];
    const result = await streamCustomersCsv(open.db, file("bad-c.csv", lines), { now: NOW, chunkRows: 50 });
    expect(result).toEqual({ ok: false, problems: [{ row: lines.length, column: "name", message: "is required" }] });
    expect(dump(open)).toEqual(before);
  });

  it("orders", async () => {
    open = await seeded({ inquiries: true });
    const before = dump(open);
    const lines = [...orderLines(ORDERS), "O-LAST,C-NOPE,2026-01-01,1.00,,,,"];
    const result = await streamOrdersCsv(open.db, file("bad-o.csv", lines), { now: NOW, chunkRows: 50 });
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.problems.map((p) => [p.row, p.column])).toEqual([[lines.length, "customer_external_id"]]);
    expect(dump(open)).toEqual(before);
  });

  it("inquiries, with the problem reported as before", async () => {
    open = await seeded();
    const before = dump(open);
    const lines = [...inquiryLines(INQUIRIES), "I-LAST,pigeon,2026-01-01T00:00:00Z,,,,,,"];
    const result = await streamInquiriesCsv(open.db, file("bad-i.csv", lines), { now: NOW, chunkRows: 50 });
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.problems).toEqual([
      {
        row: lines.length,
        column: "channel",
        message: expect.stringMatching(/^"pigeon" is not a configured channel \(alibaba, /),
      },
    ]);
    expect(dump(open)).toEqual(before);
  });

  it("a repeated key in the last row, far from its first row", async () => {
    open = await seeded();
    const lines = [...inquiryLines(INQUIRIES), inquiryLines(1)[1]!];
    const result = await streamInquiriesCsv(open.db, file("dup-i.csv", lines), { now: NOW });
    expect(result).toEqual({
      ok: false,
      problems: [{ row: lines.length, column: "external_id", message: "repeats row 2 (same channel and external_id)" }],
    });
    expect(count(open, "inquiries")).toBe(0);
  });
});

describe("writing in chunks gives the same rows as writing at once", SLOW, () => {
  // With `now` fixed, two imports of the same files into fresh databases must agree row for row,
  // whatever the chunk size: order numbers, figures, audit entries and messages included.
  async function importAll(chunkRows: number) {
    const target = createTestDb();
    insertUser(target.db, { email: "sam@team.example", name: "Sam", role: "sales", passwordHash: "x" });
    const options = { now: NOW, chunkRows, fileName: "f.csv" };
    expect(await streamCustomersCsv(target.db, file("c.csv", customerLines(CUSTOMERS)), options)).toEqual({
      ok: true,
      dryRun: false,
      rows: CUSTOMERS,
      created: CUSTOMERS,
      updated: 0,
      unchanged: 0,
    });
    expect(await streamInquiriesCsv(target.db, file("i.csv", inquiryLines(INQUIRIES)), options)).toMatchObject({
      ok: true,
      created: INQUIRIES,
    });
    expect(await streamOrdersCsv(target.db, file("o.csv", orderLines(ORDERS)), options)).toMatchObject({
      ok: true,
      created: ORDERS,
    });
    // A re-import with changes updates in chunks too.
    expect(await streamInquiriesCsv(target.db, file("i2.csv", inquiryLines(INQUIRIES, "Bolts")), options)).toMatchObject({
      ok: true,
      updated: INQUIRIES,
      unchanged: 0,
    });
    // The seed's own rows carry the clock of its setup; everything the imports wrote is compared.
    const { channels: _channels, users: _users, ...written } = dump(target);
    return written;
  }

  it("for customers, inquiries and orders, new and updated", async () => {
    const whole = await importAll(100_000);
    const chunked = await importAll(37);
    expect(chunked).toEqual(whole);
    expect(whole.inquiries).toHaveLength(INQUIRIES);
    expect(whole.orders).toHaveLength(ORDERS);
  });
});

describe("search indexes after an import", SLOW, () => {
  /** What each search index should hold for its table: every row, each value ending in two spaces. */
  function expectedIndex(target: OpenDatabase, table: keyof typeof SEARCH_INDEXES) {
    const { columns } = SEARCH_INDEXES[table];
    return target.sqlite
      .prepare(`select id as "rowid", ${columns.map((c) => `${c} || '  ' as ${c}`).join(", ")} from ${table} order by id`)
      .all();
  }
  const indexed = (target: OpenDatabase, table: keyof typeof SEARCH_INDEXES) => {
    const { index, columns } = SEARCH_INDEXES[table];
    return target.sqlite.prepare(`select rowid as "rowid", ${columns.join(", ")} from ${index} order by rowid`).all();
  };

  it("hold every imported row as the triggers index a single write, and the triggers are back on", async () => {
    const leftovers = () => readdirSync(tmpdir()).filter((name) => name.startsWith("crm_import_"));
    const before = leftovers();
    open = await seeded({ inquiries: true, orders: true });
    // A re-import that renames every customer reindexes them through the update triggers.
    expect(
      await streamCustomersCsv(open.db, file("c2.csv", customerLines(CUSTOMERS, " renamed")), { now: NOW, chunkRows: 33 }),
    ).toMatchObject({ ok: true });
    for (const table of ["customers", "contacts", "inquiries", "orders"] as const) {
      const expected = expectedIndex(open, table);
      expect(expected.length, table).toBeGreaterThan(0);
      expect(indexed(open, table), table).toEqual(expected);
    }
    expect(open.sqlite.prepare("select deferred from search_indexing").all()).toEqual([{ deferred: 0 }]);
    // A single write after the import is indexed by its trigger, in the same form.
    open.sqlite.prepare("update inquiries set subject = 'Gate valves DN50' where external_id = 'I-7'").run();
    createInquiry(open.db, { subject: "球阀 quotation", receivedAt: NOW });
    expect(indexed(open, "inquiries")).toEqual(expectedIndex(open, "inquiries"));
    // The undo journal's scratch files are gone.
    expect(leftovers()).toEqual(before);
  });
});

describe("a failure midway leaves nothing of the file", SLOW, () => {
  /** Makes SQLite refuse a write to `table` when `when` holds, as a full disk or an I/O error would. */
  function failOn(table: string, when: string) {
    open.sqlite.exec(
      `create trigger injected_failure before insert on ${table} when ${when} begin select raise(abort, 'disk I/O error (injected)'); end`,
    );
  }
  function failOnUpdate(table: string, when: string) {
    open.sqlite.exec(
      `create trigger injected_failure before update on ${table} when ${when} begin select raise(abort, 'disk I/O error (injected)'); end`,
    );
  }
  const healed = () => open.sqlite.exec("drop trigger injected_failure");

  it("customers: new ones removed, updated ones and their contacts restored", async () => {
    open = await seeded();
    const before = dump(open);
    failOn("customers", "new.external_id = 'C-650'");
    const progress: string[] = [];
    await expect(
      streamCustomersCsv(open.db, file("c2.csv", customerLines(CUSTOMERS + 600, " renamed")), {
        now: NOW,
        chunkRows: 40,
        onProgress: ({ phase }) => progress.push(phase),
      }),
    ).rejects.toThrow(/injected/);
    // Several chunks had been written (and were undone).
    expect(progress.filter((phase) => phase === "writing").length).toBeGreaterThan(5);
    healed();
    expect(dump(open)).toEqual(before);
  });

  it("orders: orders, won inquiries, closed reminders, customer figures and audit entries", async () => {
    open = await seeded({ inquiries: true, orders: true });
    // A re-import that changes every order's amount, then adds new ones, fails among the new ones.
    const lines = [...orderLines(ORDERS, "250.00"), ...orderLines(ORDERS + 300).slice(ORDERS + 1)];
    const before = dump(open);
    failOn("orders", `new.external_id = 'O-${ORDERS + 250}'`);
    await expect(streamOrdersCsv(open.db, file("o2.csv", lines), { now: NOW, chunkRows: 60 })).rejects.toThrow(/injected/);
    healed();
    expect(dump(open)).toEqual(before);
    // The same file imports once the disk is healthy.
    expect(await streamOrdersCsv(open.db, file("o2.csv", lines), { now: NOW, chunkRows: 60 })).toMatchObject({
      ok: true,
      created: 300,
    });
  });

  it("inquiries: new ones with their messages and audit entries, updated ones restored", async () => {
    open = await seeded({ inquiries: true });
    const before = dump(open);
    failOnUpdate("inquiries", "new.external_id = 'I-500'");
    await expect(
      streamInquiriesCsv(
        open.db,
        file("i2.csv", [...inquiryLines(INQUIRIES, "Bolts"), ...inquiryLines(INQUIRIES + 200).slice(INQUIRIES + 1)]),
        {
          now: NOW,
          chunkRows: 45,
          fileName: "i2.csv",
        },
      ),
    ).rejects.toThrow(/injected/);
    healed();
    expect(dump(open)).toEqual(before);
  });

  it("inquiries: the running count of waiting inquiries is restored after a re-import that answered them", async () => {
    open = await seeded({ inquiries: true });
    const waiting = () => open.sqlite.prepare("select assignee_id, count from unanswered_counts order by assignee_id").all();
    expect(waiting()).not.toEqual([]);
    const before = dump(open);
    // Row I-502 was waiting (every third is) and is answered by the file.
    failOnUpdate("inquiries", "new.external_id = 'I-502'");
    await expect(
      streamInquiriesCsv(open.db, file("i3.csv", inquiryLines(INQUIRIES, "Hinges", true)), { now: NOW, chunkRows: 45 }),
    ).rejects.toThrow(/injected/);
    healed();
    expect(dump(open)).toEqual(before);
    // The same file, imported in full, answers every one of them.
    expect(
      await streamInquiriesCsv(open.db, file("i3.csv", inquiryLines(INQUIRIES, "Hinges", true)), { now: NOW, chunkRows: 45 }),
    ).toMatchObject({ ok: true });
    expect(waiting().every((row) => (row as { count: number }).count === 0)).toBe(true);
  });

  it("inquiries: a failure in the last chunk, on a message, undoes the earlier chunks too", async () => {
    open = await seeded();
    const before = dump(open);
    failOn("messages", "new.body = 'Price for 599 pcs, please'");
    await expect(
      streamInquiriesCsv(open.db, file("i.csv", inquiryLines(INQUIRIES)), { now: NOW, chunkRows: 100 }),
    ).rejects.toThrow(/injected/);
    healed();
    expect(dump(open)).toEqual(before);
  });
});

describe("order numbers", SLOW, () => {
  it("keep counting from chunk to chunk past 99,999, where the stored numbers stop sorting by value", async () => {
    open = await seeded({ inquiries: true });
    // The series stands at SO-2026-99998: the import's orders (ordered in 2026, the year of NOW).
    open.sqlite
      .prepare(
        "insert into orders (number, customer_id, currency, fx_rate, discount_bps, total_minor, total_base_minor, ordered_at, status, created_at, updated_at) values ('SO-2026-99998', 1, 'USD', '1', 0, 100, 100, ?, 'completed', ?, ?)",
      )
      .run(NOW.getTime(), NOW.getTime(), NOW.getTime());
    const result = await streamOrdersCsv(open.db, file("n.csv", orderLines(7)), { now: NOW, chunkRows: 2 });
    expect(result).toMatchObject({ ok: true, created: 7 });
    const numbers = (open.sqlite.prepare("select number from orders order by id").all() as { number: string }[]).map(
      (r) => r.number,
    );
    expect(numbers).toEqual(["SO-2026-99998", ...Array.from({ length: 7 }, (_, i) => `SO-2026-${99999 + i}`)]);
  });
});

describe("progress", SLOW, () => {
  it("counts the rows checked, then the rows written", async () => {
    open = await seeded();
    const seen: Parameters<ImportProgress>[0][] = [];
    const result = await streamInquiriesCsv(open.db, file("i.csv", inquiryLines(2500)), {
      now: NOW,
      chunkRows: 400,
      onProgress: (progress) => seen.push(progress),
    });
    expect(result).toMatchObject({ ok: true, rows: 2500 });
    const checking = seen.filter((p) => p.phase === "checking").map((p) => p.rows);
    const writing = seen.filter((p) => p.phase === "writing").map((p) => p.rows);
    expect(checking).toEqual([1000, 2000, 2500]);
    expect(writing).toEqual([0, 400, 800, 1200, 1600, 2000, 2400, 2500]);
    // Checking comes first.
    expect(seen.findIndex((p) => p.phase === "writing")).toBe(checking.length);
  });
});
