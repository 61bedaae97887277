/**
 * The web never waits long behind another process's write lock (issue 10): the web connection's
 * busy timeout is short (WEB_BUSY_TIMEOUT_MS, set at start-up), and a request that still meets a
 * busy database answers 503 with Retry-After, not 500. A second connection holding
 * `BEGIN IMMEDIATE` across the request stands in for a job (or an import) in another process.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { bootstrap, shutdown } from "~/bootstrap.server";
import { reloadEnv } from "~/env.server";
import { isDatabaseBusy, writeIfFree } from "~/utils/database-busy.server";
import { limiter } from "~/utils/rate-limiter.server";
import { closeDatabase, database, WEB_BUSY_TIMEOUT_MS } from "~db/client.server";
import { webWaitingMarker } from "~db/write-priority";
import { inquiries } from "~db/schema";
import { en } from "~/i18n/en";
import "./helpers";
import { startApp, type RunningApp } from "./http-server";

const KEY = "database-busy-intake-key-0123456789";
let dir: string;
let app: RunningApp;
const saved = { ...process.env };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "crm-busy-"));
  Object.assign(process.env, {
    DATABASE_PATH: join(dir, "crm.db"),
    CRM_DEMO: "0",
    CRM_JOBS: "off",
    CRM_INTAKE_KEY: KEY,
  });
  reloadEnv();
  closeDatabase();
  // The server's own start-up: migrate, then the short busy timeout for requests.
  await bootstrap();
  app = await startApp();
}, 60_000);

afterAll(async () => {
  await app.close();
  // The server's own stop: the checkpoint thread ends and the connection closes.
  await shutdown();
  process.env = saved;
  reloadEnv();
  rmSync(dir, { recursive: true, force: true });
});

/** Another connection (another process, as far as SQLite can tell) holds the write lock while `during` runs. */
async function whileLocked<T>(during: () => Promise<T>): Promise<T> {
  const holder = new Database(join(dir, "crm.db"));
  holder.exec("BEGIN IMMEDIATE");
  try {
    return await during();
  } finally {
    holder.exec("ROLLBACK");
    holder.close();
  }
}

const intake = () =>
  fetch(`${app.origin}/api/v1/inquiries`, {
    method: "POST",
    headers: { Authorization: `Bearer ${KEY}`, "Content-Type": "application/json" },
    body: JSON.stringify({
      channel: "website",
      subject: "Price for 500 valves",
      message: "Please quote.",
      buyer: { name: "Jonas Weber", email: "jonas@acme.example" },
    }),
  });

const count = () => database().db.select().from(inquiries).all().length;

describe("a busy database in the web process", () => {
  it("waits at most the web's short busy timeout, not the 5 s the jobs may wait", () => {
    expect(WEB_BUSY_TIMEOUT_MS).toBeLessThanOrEqual(250);
    expect(database().sqlite.pragma("busy_timeout", { simple: true })).toBe(WEB_BUSY_TIMEOUT_MS);
  });

  it("answers an API write 503 with Retry-After while another process holds the write lock, and 201 once it lets go", async () => {
    limiter("intake").reset();
    // Timers keep running between requests: one set now fires, it is not held up for seconds
    // behind the lock (the event loop is blocked at most for one busy timeout per statement).
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 1);
    const busy = await whileLocked(async () => {
      const reply = await intake();
      return { status: reply.status, retryAfter: reply.headers.get("retry-after"), body: await reply.text() };
    });
    clearInterval(ticker);
    expect(busy.status, busy.body).toBe(503);
    expect(JSON.parse(busy.body)).toHaveProperty("error");
    expect(Number(busy.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(ticks).toBeGreaterThan(0);
    expect(count()).toBe(0);

    const after = await intake();
    expect(after.status).toBe(201);
    expect(count()).toBe(1);
  });

  it("lets an inquiry wait for a lock let go within its wait, serving other requests meanwhile", async () => {
    limiter("intake").reset();
    const before = count();
    const holder = new Database(join(dir, "crm.db"));
    holder.exec("BEGIN IMMEDIATE");
    const lockedAt = Date.now();
    let released = false;
    try {
      const posted = intake().then(async (reply) => ({ status: reply.status, body: await reply.text(), released }));
      // While the inquiry waits for the lock, the process answers another request.
      const health = await fetch(`${app.origin}/api/v1/health`);
      expect(health.status).toBe(200);
      expect(released).toBe(false);
      // Longer than the web's own busy timeout, shorter than the intake's wait.
      await new Promise((resolve) => setTimeout(resolve, WEB_BUSY_TIMEOUT_MS + 150));
      // Meanwhile it tells the jobs it is waiting: the marker beside the database is touched after
      // the lock was taken, so a job in another process holds back its next transaction. (Looked
      // for until it appears: on a busy machine the request may reach its first attempt late.)
      const marker = webWaitingMarker(join(dir, "crm.db"))!;
      await vi.waitFor(
        () => {
          expect(existsSync(marker) && statSync(marker).mtimeMs >= lockedAt - 1).toBe(true);
        },
        { timeout: 1_500, interval: 10 },
      );
      released = true;
      holder.exec("ROLLBACK");
      const reply = await posted;
      expect(reply.status, reply.body).toBe(201);
      // It was answered after the lock was let go, not before.
      expect(reply.released).toBe(true);
    } finally {
      if (holder.inTransaction) holder.exec("ROLLBACK");
      holder.close();
    }
    expect(count()).toBe(before + 1);
  });

  it("stores every inquiry that waited behind the lock together with others, each once", async () => {
    limiter("intake").reset();
    const before = count();
    const holder = new Database(join(dir, "crm.db"));
    holder.exec("BEGIN IMMEDIATE");
    try {
      const subjects = ["first", "second", "third", "fourth"];
      const posted = subjects.map((subject) =>
        fetch(`${app.origin}/api/v1/inquiries`, {
          method: "POST",
          headers: { Authorization: `Bearer ${KEY}`, "Content-Type": "application/json" },
          body: JSON.stringify({
            channel: "website",
            subject,
            message: "Please quote.",
            buyer: { name: "Jonas Weber", email: "jonas@acme.example" },
          }),
        }).then((reply) => reply.status),
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
      holder.exec("ROLLBACK");
      expect(await Promise.all(posted)).toEqual([201, 201, 201, 201]);
      const stored = database().db.select({ id: inquiries.id, subject: inquiries.subject }).from(inquiries).all().slice(before);
      expect(stored.map((row) => row.subject).sort()).toEqual([...subjects].sort());
    } finally {
      if (holder.inTransaction) holder.exec("ROLLBACK");
      holder.close();
    }
  });

  it("answers a page's form post 503, not 500, while the lock is held", async () => {
    limiter("publicForm").reset();
    const reply = await whileLocked(() =>
      fetch(`${app.origin}/inquire?index`, {
        method: "POST",
        redirect: "manual",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: app.origin },
        body: new URLSearchParams({
          name: "Jonas Weber",
          email: "jonas@acme.example",
          message: "Please quote 500 valves.",
        }).toString(),
      }),
    );
    expect(reply.status).toBe(503);
    expect(reply.headers.get("retry-after")).not.toBeNull();
    // The error page says what happened and that nothing was saved, not that something broke.
    const page = await reply.text();
    expect(page).toContain(en.errors.busyTitle);
    expect(page).not.toContain(en.errors.serverTitle);
  });
});

describe("writeIfFree", () => {
  it("writes when the lock is free, and skips the write at once, without an error, while another process holds it", async () => {
    const connection = database().sqlite;
    connection.exec("create table if not exists courtesy (n integer)");
    expect(writeIfFree(connection, () => connection.prepare("insert into courtesy values (1)").run())).toBe(true);
    const skipped = await whileLocked(async () =>
      writeIfFree(connection, () => connection.prepare("insert into courtesy values (2)").run()),
    );
    expect(skipped).toBe(false);
    expect(connection.prepare("select n from courtesy").all()).toEqual([{ n: 1 }]);
    // The connection's usual wait is back afterwards.
    expect(connection.pragma("busy_timeout", { simple: true })).toBe(WEB_BUSY_TIMEOUT_MS);
  });
});

describe("isDatabaseBusy", () => {
  it("knows the driver's SQLITE_BUSY codes, also wrapped by the ORM, and nothing else", () => {
    const busy = Object.assign(new Error("database is locked"), { code: "SQLITE_BUSY" });
    expect(isDatabaseBusy(busy)).toBe(true);
    expect(isDatabaseBusy(Object.assign(new Error("x"), { code: "SQLITE_BUSY_SNAPSHOT" }))).toBe(true);
    expect(isDatabaseBusy(new Error("Failed query", { cause: busy }))).toBe(true);
    expect(isDatabaseBusy(Object.assign(new Error("x"), { code: "SQLITE_CONSTRAINT" }))).toBe(false);
    expect(isDatabaseBusy("SQLITE_BUSY")).toBe(false);
  });
});
