/**
 * The inbox, customer and order searches through their full-text indexes (the search_index
 * migration): English and Chinese, words of one to many characters, order numbers, typed
 * operators, and an index that follows every write, whichever path makes it.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { eq, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { beforeEach, describe, expect, it } from "vitest";
import { createApiKey } from "~/models/api-key.server";
import { listCustomers, searchCustomers } from "~/models/customer.server";
import { importCustomersCsv } from "~/models/customer-csv.server";
import { importInquiriesCsv } from "~/models/inquiry-csv.server";
import { listInquiries, SEARCH_COUNTED_UP_TO } from "~/models/inquiry.server";
import { listOrders } from "~/models/order.server";
import { searchedIds } from "~/models/sql.server";
import { action as intake } from "~/routes/api.v1.inquiries";
import { customerFilterSchema } from "~/schemas/customer";
import { inboxFilterSchema } from "~/schemas/inquiry";
import { limiter } from "~/utils/rate-limiter.server";
import type { DB, OpenDatabase } from "~db/client.server";
import { createContact, createCustomer, createInquiry, createOrder, type Customer } from "~db/factories";
import * as schema from "~db/schema";
import { contacts, customers, inquiries, orders } from "~db/schema";
import { createTestDb, loaderArgs } from "./helpers";

let database: OpenDatabase;
let db: DB;

const at = (day: number) => new Date(Date.UTC(2026, 10, day, 2));

function inbox(q: string, filters: Record<string, string> = {}, on: DB = db) {
  return listInquiries(on, inboxFilterSchema.parse({ q, ...filters }), { userId: 1, timeZone: "Asia/Shanghai" });
}
const inboxSubjects = (q: string, filters: Record<string, string> = {}, on: DB = db) =>
  inbox(q, filters, on).rows.map((r) => r.subject);
const customerNames = (q: string, on: DB = db) =>
  listCustomers(on, customerFilterSchema.parse({ q, sort: "name" }), 1).rows.map((r) => r.name);
const pickerNames = (q: string) => searchCustomers(db, q).map((r) => r.name);
const orderNumbers = (q: string, on: DB = db) => listOrders(on, { q, page: 1 }).rows.map((r) => r.number);

let huaqiang: Customer;
let acme: Customer;

beforeEach(() => {
  database = createTestDb();
  db = database.db;
  huaqiang = createCustomer(db, { name: "深圳华强电子有限公司", externalId: "CN-0042" });
  acme = createCustomer(db, { name: "Acme Trading GmbH", externalId: "DE-0007" });
  const wang = createContact(db, { customerId: huaqiang.id, name: "王伟", email: "wang.wei@huaqiang.cn" });
  const jonas = createContact(db, { customerId: acme.id, name: "Jonas Weber", email: "jonas@acme.example" });
  createInquiry(db, { subject: "求购不锈钢螺丝", customerId: huaqiang.id, contactId: wang.id, receivedAt: at(1) });
  createInquiry(db, {
    subject: "Stainless steel screws, 2,000 pcs",
    customerId: acme.id,
    contactId: jonas.id,
    receivedAt: at(2),
  });
  createInquiry(db, { subject: "询价LED灯带", receivedAt: at(3) });
  createInquiry(db, { subject: "Door handles", receivedAt: at(4) });
  createOrder(db, {
    customerId: huaqiang.id,
    number: "SO-2026-00123",
    externalId: "PO-2024-00777",
    totalMinor: 1000,
    orderedAt: at(5),
  });
  createOrder(db, {
    customerId: acme.id,
    number: "SO-2026-00124",
    externalId: "PO-2024-00123",
    totalMinor: 1000,
    orderedAt: at(6),
  });
});

describe("the inbox search", () => {
  it("finds a Chinese word of one, two, three or four characters and more in the subject", () => {
    expect(inboxSubjects("丝")).toEqual(["求购不锈钢螺丝"]);
    expect(inboxSubjects("螺丝")).toEqual(["求购不锈钢螺丝"]);
    expect(inboxSubjects("钢螺丝")).toEqual(["求购不锈钢螺丝"]);
    expect(inboxSubjects("不锈钢螺")).toEqual(["求购不锈钢螺丝"]);
    expect(inboxSubjects("求购不锈钢螺丝")).toEqual(["求购不锈钢螺丝"]);
    expect(inboxSubjects("灯带")).toEqual(["询价LED灯带"]);
    expect(inboxSubjects("LED灯")).toEqual(["询价LED灯带"]);
    expect(inboxSubjects("螺钉")).toEqual([]);
  });

  it("finds English words and parts of words, case-insensitively, newest first", () => {
    expect(inboxSubjects("STAINLESS")).toEqual(["Stainless steel screws, 2,000 pcs"]);
    expect(inboxSubjects("stain")).toEqual(["Stainless steel screws, 2,000 pcs"]);
    expect(inboxSubjects("steel screws")).toEqual(["Stainless steel screws, 2,000 pcs"]);
    expect(inboxSubjects("andl")).toEqual(["Door handles"]);
    expect(inboxSubjects("led")).toEqual(["询价LED灯带"]);
    expect(inboxSubjects("es")).toEqual(["Door handles", "Stainless steel screws, 2,000 pcs"]);
    expect(inboxSubjects("screws steel")).toEqual([]);
  });

  it("finds an inquiry by its company (Chinese, from two characters), contact name or e-mail", () => {
    expect(inboxSubjects("华强")).toEqual(["求购不锈钢螺丝"]);
    expect(inboxSubjects("深圳华强电子")).toEqual(["求购不锈钢螺丝"]);
    expect(inboxSubjects("王伟")).toEqual(["求购不锈钢螺丝"]);
    expect(inboxSubjects("wang.wei@")).toEqual(["求购不锈钢螺丝"]);
    expect(inboxSubjects("acme trading")).toEqual(["Stainless steel screws, 2,000 pcs"]);
    expect(inboxSubjects("weber")).toEqual(["Stainless steel screws, 2,000 pcs"]);
  });

  it("never fails on quotes, stars, dashes, parentheses or FTS5 operators, and finds them as text", () => {
    createInquiry(db, { subject: 'Quote "ASAP" (urgent) - 50% off* AND NEAR', receivedAt: at(5) });
    const typed = [
      '"',
      '""',
      '"unclosed',
      "*",
      "-",
      "--",
      "(",
      ")",
      "()",
      "^",
      "'",
      "\\",
      ":",
      "{",
      "}",
      "AND",
      "OR",
      "NOT",
      "NEAR",
      "NEAR(a b)",
      "a OR b",
      "subject:x",
      "{subject}: x",
      "-steel",
      "steel*",
      "+",
      "&",
      "\u0000",
    ];
    for (const q of typed) expect(() => inbox(q), q).not.toThrow();
    const quoted = 'Quote "ASAP" (urgent) - 50% off* AND NEAR';
    for (const q of ['"ASAP"', "(urgent)", "- 50%", "off*", "AND NEAR", '"', "*"]) expect(inboxSubjects(q), q).toEqual([quoted]);
    // As before, a word is found inside others: h-and-les.
    expect(inboxSubjects("AND")).toEqual([quoted, "Door handles"]);
  });

  it("keeps the other filters, the order newest first and the paging, with the total counted in SQL", () => {
    const expected: { id: number; channel: string }[] = [];
    for (let i = 0; i < 90; i++) {
      const channel = i % 3 === 0 ? "website" : "email";
      const inquiry = createInquiry(db, {
        subject: `批量螺丝 第${i}批`,
        channel,
        receivedAt: new Date(Date.UTC(2026, 9, 1) + (i % 7) * 3_600_000),
      });
      expected.push({ id: inquiry.id, channel });
    }
    // Seven inquiries share each hour: newest first, then by id, descending.
    const order = (rows: typeof expected) =>
      rows
        .map((row) => ({ ...row, hour: expected.indexOf(row) % 7 }))
        .sort((a, b) => b.hour - a.hour || b.id - a.id)
        .map((row) => row.id);
    const byEmail = order(expected.filter((row) => row.channel === "email"));
    const page1 = inbox("螺丝", { channel: "email" });
    expect(page1.total).toBe(byEmail.length);
    expect(page1.rows.map((r) => r.id)).toEqual(byEmail.slice(0, 50));
    const page2 = inbox("螺丝", { channel: "email", page: "2" });
    expect(page2.rows.map((r) => r.id)).toEqual(byEmail.slice(50));
    // The one from before these, with its own subject, is in the plain search too.
    expect(inbox("螺丝").total).toBe(91);
    expect(inbox("批量螺丝", { channel: "website" }).total).toBe(90 - byEmail.length);
  });
});

describe("the inbox search over many matches", () => {
  it("walks the inbox newest first when a word is in thousands of subjects, with the same totals, order and pages", () => {
    const channelIds = database.sqlite.prepare("select key, id from channels where key in ('email', 'website')").all() as {
      key: string;
      id: number;
    }[];
    const channelId = (key: string) => channelIds.find((row) => row.key === key)!.id;
    const insert = database.sqlite.prepare(
      "insert into inquiries (channel_id, subject, status, received_at, created_at, updated_at) values (?, ?, 'new', ?, ?, ?)",
    );
    const made: { id: number; channel: string; receivedAt: number }[] = [];
    database.sqlite.transaction(() => {
      for (let i = 0; i < 2_400; i++) {
        const channel = i % 4 === 0 ? "website" : "email";
        // Several share each minute, so the order by id inside a minute counts too.
        const receivedAt = Date.UTC(2026, 9, 1) + (i % 600) * 60_000;
        const id = Number(
          insert.run(channelId(channel), `批量螺丝 第${i}批`, receivedAt, receivedAt, receivedAt).lastInsertRowid,
        );
        made.push({ id, channel, receivedAt });
      }
    })();
    const newestFirst = (rows: typeof made) =>
      [...rows].sort((a, b) => b.receivedAt - a.receivedAt || b.id - a.id).map((row) => row.id);

    // The plain search: the one from before is the newest.
    const all = newestFirst(made);
    expect(inbox("螺丝").total).toBe(2_401);
    expect(inbox("螺丝").rows.map((r) => r.subject)[0]).toBe("求购不锈钢螺丝");
    expect(inbox("螺丝", { page: "2" }).rows.map((r) => r.id)).toEqual(all.slice(49, 99));
    expect(inbox("批量螺丝", { page: "48" }).rows.map((r) => r.id)).toEqual(all.slice(2_350));

    // With another filter, counted over both.
    const byEmail = newestFirst(made.filter((row) => row.channel === "email"));
    expect(inbox("批量螺丝", { channel: "email" }).total).toBe(byEmail.length);
    expect(inbox("批量螺丝", { channel: "email", page: "3" }).rows.map((r) => r.id)).toEqual(byEmail.slice(100, 150));
    expect(inbox("批量螺丝", { channel: "website", status: "won" }).total).toBe(0);
  });
});

describe("the inbox search over more matches than it counts", () => {
  it("counts exactly up to SEARCH_COUNTED_UP_TO and says 'more than' past it, with the pages newest first all the same", () => {
    const insert = database.sqlite.prepare(
      "insert into inquiries (channel_id, subject, status, received_at, created_at, updated_at) values ((select id from channels where key = 'email'), ?, 'new', ?, ?, ?)",
    );
    const start = Date.UTC(2026, 9, 1);
    database.sqlite.transaction(() => {
      // Exactly SEARCH_COUNTED_UP_TO subjects with one word, and one more with a neighbour.
      for (let i = 0; i < SEARCH_COUNTED_UP_TO; i++) insert.run(`订购垫圈甲 第${i}批`, start + i * 60_000, start, start);
      insert.run("订购垫圈乙", start - 60_000, start, start);
    })();

    const exact = inbox("垫圈甲");
    expect(exact.total).toBe(SEARCH_COUNTED_UP_TO);
    expect(exact.moreThan).toBe(false);

    const many = inbox("垫圈");
    expect(many.moreThan).toBe(true);
    expect(many.total).toBe(SEARCH_COUNTED_UP_TO);
    expect(many.pages).toBe(SEARCH_COUNTED_UP_TO / 50);
    expect(many.rows[0].subject).toBe(`订购垫圈甲 第${SEARCH_COUNTED_UP_TO - 1}批`);
    expect(inbox("垫圈", { page: "2" }).rows[0].subject).toBe(`订购垫圈甲 第${SEARCH_COUNTED_UP_TO - 51}批`);

    // With another filter the search is counted exactly, with the filter.
    const filtered = inbox("垫圈", { channel: "email" });
    expect(filtered.moreThan).toBe(false);
    expect(filtered.total).toBe(SEARCH_COUNTED_UP_TO + 1);
  });
});

describe("the customer search", () => {
  it("finds a customer by name (Chinese or English, any part), external id, contact name or e-mail", () => {
    expect(customerNames("华强")).toEqual(["深圳华强电子有限公司"]);
    expect(customerNames("强")).toEqual(["深圳华强电子有限公司"]);
    expect(customerNames("电子有限公司")).toEqual(["深圳华强电子有限公司"]);
    expect(customerNames("cn-00")).toEqual(["深圳华强电子有限公司"]);
    expect(customerNames("王伟")).toEqual(["深圳华强电子有限公司"]);
    expect(customerNames("huaqiang.cn")).toEqual(["深圳华强电子有限公司"]);
    expect(customerNames("TRADING")).toEqual(["Acme Trading GmbH"]);
    expect(customerNames("jonas@")).toEqual(["Acme Trading GmbH"]);
    expect(customerNames("00")).toEqual(["Acme Trading GmbH", "深圳华强电子有限公司"]);
    expect(customerNames('"(*)"')).toEqual([]);
  });

  it("offers pickers customers by name or contact e-mail", () => {
    expect(pickerNames("华强")).toEqual(["深圳华强电子有限公司"]);
    expect(pickerNames("华强电子")).toEqual(["深圳华强电子有限公司"]);
    expect(pickerNames("acme.example")).toEqual(["Acme Trading GmbH"]);
    expect(pickerNames("Ac")).toEqual(["Acme Trading GmbH"]);
    expect(pickerNames("NEAR(")).toEqual([]);
  });
});

describe("the order search", () => {
  it("finds an order by its whole number, a distinctive part, its external id or its customer's name", () => {
    expect(orderNumbers("SO-2026-00123")).toEqual(["SO-2026-00123"]);
    expect(orderNumbers("so-2026-00124")).toEqual(["SO-2026-00124"]);
    expect(orderNumbers("PO-2024-00123")).toEqual(["SO-2026-00124"]);
    // "00123" is in one order's number and the other's external id; newest first.
    expect(orderNumbers("00123")).toEqual(["SO-2026-00124", "SO-2026-00123"]);
    expect(orderNumbers("777")).toEqual(["SO-2026-00123"]);
    expect(orderNumbers("华强")).toEqual(["SO-2026-00123"]);
    expect(orderNumbers("acme")).toEqual(["SO-2026-00124"]);
    expect(orderNumbers("-")).toEqual(["SO-2026-00124", "SO-2026-00123"]);
    expect(orderNumbers("SO-2026-00125")).toEqual([]);
  });
});

describe("the indexes follow every write", () => {
  it("finds a new row, forgets a changed word, and finds the new one", () => {
    const inquiry = createInquiry(db, { subject: "需要样品：硅胶垫片", receivedAt: at(7) });
    expect(inboxSubjects("硅胶")).toEqual(["需要样品：硅胶垫片"]);
    db.update(inquiries).set({ subject: "需要样品：橡胶垫圈" }).where(eq(inquiries.id, inquiry.id)).run();
    expect(inboxSubjects("硅胶")).toEqual([]);
    expect(inboxSubjects("垫圈")).toEqual(["需要样品：橡胶垫圈"]);
    db.delete(inquiries).where(eq(inquiries.id, inquiry.id)).run();
    expect(inboxSubjects("垫圈")).toEqual([]);
  });

  it("finds a renamed customer by its new name only, in every search that reads names", () => {
    db.update(customers).set({ name: "Harbor Hardware 港湾五金" }).where(eq(customers.id, huaqiang.id)).run();
    expect(customerNames("华强")).toEqual([]);
    expect(pickerNames("华强")).toEqual([]);
    expect(orderNumbers("华强")).toEqual([]);
    // The inquiry's subject does not name the company, so only the new name finds it.
    expect(inboxSubjects("华强")).toEqual([]);
    expect(customerNames("五金")).toEqual(["Harbor Hardware 港湾五金"]);
    expect(pickerNames("harbor")).toEqual(["Harbor Hardware 港湾五金"]);
    expect(orderNumbers("港湾")).toEqual(["SO-2026-00123"]);
    expect(inboxSubjects("港湾五金")).toEqual(["求购不锈钢螺丝"]);
  });

  it("follows changed and deleted contacts, external ids and order numbers", () => {
    db.update(contacts).set({ email: "li.na@example.cn", name: "李娜" }).where(eq(contacts.customerId, huaqiang.id)).run();
    expect(inboxSubjects("wang.wei")).toEqual([]);
    expect(inboxSubjects("李娜")).toEqual(["求购不锈钢螺丝"]);
    expect(customerNames("li.na@")).toEqual(["深圳华强电子有限公司"]);
    db.delete(contacts).where(eq(contacts.customerId, huaqiang.id)).run();
    expect(customerNames("李娜")).toEqual([]);

    db.update(customers).set({ externalId: null }).where(eq(customers.id, huaqiang.id)).run();
    expect(customerNames("CN-0042")).toEqual([]);
    db.update(orders).set({ number: "SO-2026-09999", externalId: null }).where(eq(orders.customerId, huaqiang.id)).run();
    expect(orderNumbers("00777")).toEqual([]);
    expect(orderNumbers("09999")).toEqual(["SO-2026-09999"]);

    db.delete(orders).where(eq(orders.customerId, huaqiang.id)).run();
    db.delete(customers).where(eq(customers.id, huaqiang.id)).run();
    expect(customerNames("华强")).toEqual([]);
    expect(orderNumbers("09999")).toEqual([]);
    const left = database.sqlite.prepare("select count(*) from customers_search").pluck().get();
    expect(left).toBe(1);
  });

  it("indexes what the intake API and the imports write", async () => {
    limiter("intake").reset();
    const key = createApiKey(db, "test", { userId: null, at: new Date() }).key;
    const response = await intake(
      loaderArgs(
        new Request("http://localhost:3000/api/v1/inquiries", {
          method: "POST",
          headers: { "Content-Type": "application/json", Authorization: `Bearer ${key}` },
          body: JSON.stringify({
            channel: "alibaba",
            externalId: "AL-1",
            subject: "寻找照明灯具供应商",
            message: "请报价",
            buyer: { company: "宁波永达照明有限公司", name: "陈静", email: "chen@yongda.example", country: "CN" },
          }),
        }),
      ),
    );
    expect(response.status).toBe(201);
    expect(inboxSubjects("灯具")).toEqual(["寻找照明灯具供应商"]);
    expect(inboxSubjects("永达")).toEqual(["寻找照明灯具供应商"]);
    expect(inboxSubjects("陈静")).toEqual(["寻找照明灯具供应商"]);
    expect(customerNames("永达照明")).toEqual(["宁波永达照明有限公司"]);

    const customersFile =
      "external_id,name,country,industry,owner_email,contact_name,email,phone,created_at\nC-9,杭州宏发纺织有限公司,CN,,,周磊,zhou@hongfa.example,,\n";
    expect(importCustomersCsv(db, customersFile).ok).toBe(true);
    expect(customerNames("宏发")).toEqual(["杭州宏发纺织有限公司"]);
    expect(customerNames("周磊")).toEqual(["杭州宏发纺织有限公司"]);

    const inquiriesFile =
      "external_id,channel,received_at,customer_external_id,subject,message\nI-9,alibaba,2026-11-20T08:00:00Z,C-9,批量订购纺织面料,你好\n";
    const imported = importInquiriesCsv(db, inquiriesFile, { now: new Date("2026-11-23T00:00:00Z") });
    expect(imported.ok, JSON.stringify(imported)).toBe(true);
    expect(inboxSubjects("面料")).toEqual(["批量订购纺织面料"]);
    expect(inboxSubjects("宏发")).toEqual(["批量订购纺织面料"]);
  });
});

describe("the search_index migration", () => {
  it("indexes the rows that were there before it", () => {
    const folder = mkdtempSync(join(tmpdir(), "crm-search-migration-"));
    const sqlite = new Database(":memory:");
    try {
      cpSync("db/migrations", folder, { recursive: true });
      const journalPath = join(folder, "meta", "_journal.json");
      const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: { idx: number; tag: string }[] };
      const index = journal.entries.find((entry) => entry.tag.endsWith("_search_index"))!.idx;
      writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.filter((entry) => entry.idx < index) }));
      sqlite.pragma("foreign_keys = ON");
      const before = drizzle(sqlite, { schema });
      migrate(before, { migrationsFolder: folder });
      sqlite.exec(`
        insert into customers (id, name, external_id, created_at, updated_at) values (1, '东莞鑫源塑胶有限公司', 'CN-7', 0, 0);
        insert into contacts (id, customer_id, name, email, created_at, updated_at) values (1, 1, '刘强', 'liu@xinyuan.example', 0, 0);
        insert into inquiries (channel_id, customer_id, contact_id, subject, received_at, created_at, updated_at)
          values ((select min(id) from channels), 1, 1, '请报价螺母和垫圈', 0, 0, 0);
        insert into orders (number, customer_id, currency, total_minor, total_base_minor, ordered_at, created_at, updated_at)
          values ('SO-2025-00042', 1, 'USD', 100, 100, 0, 0, 0);
      `);
      migrate(before, { migrationsFolder: "db/migrations" });
      expect(inboxSubjects("螺母", {}, before)).toEqual(["请报价螺母和垫圈"]);
      expect(inboxSubjects("鑫源", {}, before)).toEqual(["请报价螺母和垫圈"]);
      expect(inboxSubjects("liu@", {}, before)).toEqual(["请报价螺母和垫圈"]);
      expect(customerNames("塑胶", before)).toEqual(["东莞鑫源塑胶有限公司"]);
      expect(customerNames("cn-7", before)).toEqual(["东莞鑫源塑胶有限公司"]);
      expect(orderNumbers("00042", before)).toEqual(["SO-2025-00042"]);
    } finally {
      sqlite.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe("query plans", () => {
  const plan = (condition: ReturnType<typeof sql>) => {
    const query = db.select({ id: inquiries.id }).from(inquiries).where(condition).toSQL();
    return (database.sqlite.prepare(`explain query plan ${query.sql}`).all(...query.params) as { detail: string }[]).map(
      (row) => row.detail,
    );
  };

  it("reads the full-text index and never scans the inquiries, for long and short words", () => {
    for (const q of ["不锈钢螺丝", "螺丝", "丝", "steel"]) {
      const details = plan(
        sql`${inquiries.id} in (${searchedIds("inquiries", ["subject"], q)}) or ${inquiries.customerId} in (${searchedIds("customers", ["name"], q)}) or ${inquiries.contactId} in (${searchedIds("contacts", ["name", "email"], q)})`,
      );
      expect(
        details.some((detail) => /inquiries_search(_terms)? VIRTUAL TABLE/.test(detail)),
        details.join("\n"),
      ).toBe(true);
      expect(
        details.some((detail) => /^SCAN inquiries\b/.test(detail)),
        details.join("\n"),
      ).toBe(false);
    }
  });

  /** The plan of every statement `run` prepares that reads `from "inquiries"`, with its parameters. */
  const plansOfInboxPage = (run: () => void) => {
    const prepare = database.sqlite.prepare.bind(database.sqlite);
    const seen: { sql: string; params: unknown[] }[] = [];
    const spy = ((source: string) => {
      const statement = prepare(source);
      const all = statement.all.bind(statement);
      statement.all = ((...params: unknown[]) => {
        seen.push({ sql: source, params });
        return all(...params);
      }) as typeof statement.all;
      return statement;
    }) as typeof database.sqlite.prepare;
    database.sqlite.prepare = spy;
    try {
      run();
    } finally {
      database.sqlite.prepare = prepare;
    }
    return seen
      .filter((query) => /from "inquiries"/.test(query.sql))
      .map((query) =>
        (prepare(`explain query plan ${query.sql}`).all(...query.params) as { detail: string }[]).map((row) => row.detail),
      );
  };

  it("reads a search's few matches by id, and never walks the whole inbox for an order number in one subject", () => {
    createInquiry(db, { subject: "关于订单PO4500144149的脚轮问题", receivedAt: at(7) });
    // The planner's statistics of a large inbox whose inquiries name no contact (as the bench's
    // data at a tenth of the reference size): a contact id then looks like it matches every row.
    database.sqlite.exec(`
      delete from sqlite_stat1 where tbl = 'inquiries';
      insert into sqlite_stat1 (tbl, idx, stat) values
        ('inquiries', 'inquiries_received_idx', '100000 1'),
        ('inquiries', 'inquiries_channel_received_idx', '100000 14286 1'),
        ('inquiries', 'inquiries_customer_idx', '100000 21 1'),
        ('inquiries', 'inquiries_contact_idx', '100000 100000'),
        ('inquiries', 'inquiries_assignee_received_idx', '100000 3572 1'),
        ('inquiries', 'inquiries_status_received_idx', '100000 16667 1');
      analyze sqlite_schema;
    `);
    for (const q of ["PO4500144149", "Acme", "王伟"]) {
      const plans = plansOfInboxPage(() => expect(inbox(q).total).toBe(1));
      expect(plans.length, q).toBe(1);
      const details = plans[0]!;
      expect(
        details.some((detail) => /^SEARCH i(nquiries)? USING INTEGER PRIMARY KEY/.test(detail)),
        details.join("\n"),
      ).toBe(true);
      expect(
        details.some((detail) => /^SCAN inquiries\b/.test(detail)),
        details.join("\n"),
      ).toBe(false);
    }
  });
});
