/**
 * The order list's count and base-currency total read from `order_status_totals` (migration 0013),
 * which triggers on `orders` keep in step with every write: checked against a count and sum over
 * the orders themselves after each kind of change, after the migration on a database that already
 * had orders, and in the statements the list runs.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { eq, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { beforeEach, describe, expect, it } from "vitest";
import { listOrders } from "~/models/order.server";
import type { DB, OpenDatabase } from "~db/client.server";
import { createCustomer, createOrder, type Customer } from "~db/factories";
import * as schema from "~db/schema";
import { orderLines, orders } from "~db/schema";
import { createTestDb } from "./helpers";

let database: OpenDatabase;
let db: DB;
let acme: Customer;

type Figures = Record<string, { orders: number; baseMinor: number }>;

function stored(on: DB = db): Figures {
  const rows = on.all<{ status: string; orders: number; base_minor: number }>(
    sql`select status, orders, base_minor from order_status_totals where orders <> 0 or base_minor <> 0`,
  );
  return Object.fromEntries(rows.map((row) => [row.status, { orders: row.orders, baseMinor: row.base_minor }]));
}

function byDefinition(on: DB = db): Figures {
  const rows = on.all<{ status: string; orders: number; base_minor: number }>(
    sql`select status, count(*) as orders, sum(total_base_minor) as base_minor from orders group by status`,
  );
  return Object.fromEntries(rows.map((row) => [row.status, { orders: row.orders, baseMinor: row.base_minor }]));
}

beforeEach(() => {
  database = createTestDb();
  db = database.db;
  acme = createCustomer(db, { name: "Acme GmbH" });
});

describe("order figures per status kept by triggers", () => {
  it("follow orders taken, cancelled, moved on, repriced, edited otherwise and deleted", () => {
    const at = new Date("2026-11-20T02:00:00Z");
    const a = createOrder(db, { customerId: acme.id, orderedAt: at, totalMinor: 10_000 });
    const b = createOrder(db, { customerId: acme.id, orderedAt: at, currency: "EUR", fxRate: "1.0850", totalMinor: 20_000 });
    const c = createOrder(db, { customerId: acme.id, orderedAt: at, totalMinor: 5_000, status: "shipped" });
    expect(stored()).toEqual({ confirmed: { orders: 2, baseMinor: 31_700 }, shipped: { orders: 1, baseMinor: 5_000 } });
    expect(stored()).toEqual(byDefinition());

    db.update(orders).set({ status: "cancelled" }).where(eq(orders.id, a.id)).run();
    expect(stored()).toEqual(byDefinition());
    db.update(orders).set({ status: "shipped" }).where(eq(orders.id, b.id)).run();
    expect(stored()).toEqual(byDefinition());
    db.update(orders).set({ totalBaseMinor: 7_777 }).where(eq(orders.id, c.id)).run();
    expect(stored()).toEqual(byDefinition());
    db.update(orders).set({ status: "completed", totalBaseMinor: 8_888 }).where(eq(orders.id, c.id)).run();
    expect(stored()).toEqual(byDefinition());
    db.update(orders)
      .set({ orderedAt: new Date("2026-11-21T02:00:00Z"), cancelReason: "Duplicate" })
      .where(eq(orders.id, a.id))
      .run();
    expect(stored()).toEqual(byDefinition());
    db.delete(orderLines).where(eq(orderLines.orderId, b.id)).run();
    db.delete(orders).where(eq(orders.id, b.id)).run();
    expect(stored()).toEqual(byDefinition());
    expect(stored()).toEqual({ cancelled: { orders: 1, baseMinor: 10_000 }, completed: { orders: 1, baseMinor: 8_888 } });
  });

  it("are counted for the orders a database already had when the migration runs", () => {
    const folder = mkdtempSync(join(tmpdir(), "crm-order-totals-migration-"));
    const sqlite = new Database(":memory:");
    try {
      cpSync("db/migrations", folder, { recursive: true });
      const journalPath = join(folder, "meta", "_journal.json");
      const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: { idx: number; tag: string }[] };
      const index = journal.entries.find((entry) => entry.tag.endsWith("_order_status_totals"))!.idx;
      writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.filter((entry) => entry.idx < index) }));
      sqlite.pragma("foreign_keys = ON");
      const before = drizzle(sqlite, { schema });
      migrate(before, { migrationsFolder: folder });
      sqlite.exec(`
        insert into customers (id, name, created_at, updated_at) values (1, 'Acme GmbH', 0, 0);
        insert into orders (number, customer_id, currency, total_minor, total_base_minor, ordered_at, status, created_at, updated_at) values
          ('SO-1', 1, 'USD', 100, 100, 0, 'confirmed', 0, 0),
          ('SO-2', 1, 'USD', 250, 250, 0, 'confirmed', 0, 0),
          ('SO-3', 1, 'USD', 900, 900, 0, 'cancelled', 0, 0);
      `);
      migrate(before, { migrationsFolder: "db/migrations" });
      expect(stored(before)).toEqual({ confirmed: { orders: 2, baseMinor: 350 }, cancelled: { orders: 1, baseMinor: 900 } });
      expect(listOrders(before, { page: 1 })).toMatchObject({ total: 3, totalBaseMinor: 350 });
    } finally {
      sqlite.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe("the order list's figures", () => {
  /** The SQL of every statement `run` executes. */
  function statementsOf(run: () => void): string[] {
    const prepare = database.sqlite.prepare.bind(database.sqlite);
    const seen: string[] = [];
    database.sqlite.prepare = ((source: string) => {
      seen.push(source);
      return prepare(source);
    }) as typeof database.sqlite.prepare;
    try {
      run();
    } finally {
      database.sqlite.prepare = prepare;
    }
    return seen;
  }

  it("read the stored figures when only the status narrows the list, and count the orders otherwise", () => {
    const at = new Date("2026-11-20T02:00:00Z");
    for (const status of ["confirmed", "shipped", "cancelled", "confirmed"] as const) {
      createOrder(db, { customerId: acme.id, orderedAt: at, totalMinor: 1_000, status });
    }
    const cases = [
      [{ page: 1 }, { total: 4, totalBaseMinor: 3_000 }],
      [
        { status: "confirmed" as const, page: 1 },
        { total: 2, totalBaseMinor: 2_000 },
      ],
      [
        { status: "cancelled" as const, page: 1 },
        { total: 1, totalBaseMinor: 0 },
      ],
    ] as const;
    for (const [filter, figures] of cases) {
      let page: ReturnType<typeof listOrders> | undefined;
      const statements = statementsOf(() => {
        page = listOrders(db, filter);
      });
      expect(page).toMatchObject(figures);
      // The page of rows is the only statement that reads the orders.
      const readingOrders = statements.filter((source) => /from "orders"/.test(source));
      expect(readingOrders, statements.join("\n")).toHaveLength(1);
      expect(readingOrders[0]).toMatch(/limit \?/);
    }
    // A customer (or dates, or a search) still counts the matching orders themselves.
    const other = createCustomer(db, { name: "Other Ltd" });
    createOrder(db, { customerId: other.id, orderedAt: at, totalMinor: 7_000 });
    expect(listOrders(db, { customerId: acme.id, page: 1 })).toMatchObject({ total: 4, totalBaseMinor: 3_000 });
    expect(listOrders(db, { page: 1 })).toMatchObject({ total: 5, totalBaseMinor: 10_000 });
  });
});
