import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { findLiveApiKey } from "~/models/api-key.server";
import { findUserByEmail, reserveSignInAttempt, signInThrottledUntil } from "~/models/user.server";
import { apiKeys } from "~db/schema";
import type { OpenDatabase } from "~db/client.server";
import { createTestDb } from "../test/helpers";
import { run } from "./cli";

let database: OpenDatabase;
let out: string[];
let err: string[];

beforeEach(() => {
  database = createTestDb();
  out = [];
  err = [];
  vi.spyOn(console, "log").mockImplementation((...args) => void out.push(args.join(" ")));
  vi.spyOn(console, "error").mockImplementation((...args) => void err.push(args.join(" ")));
});
afterEach(() => vi.restoreAllMocks());

describe("crm command line", () => {
  it("prints usage and exits 2 without a command", async () => {
    expect(await run([])).toBe(2);
    expect(out.join("\n")).toContain("Usage: npm run crm -- <command>");
  });

  it("names an unknown command in one line and exits 2", async () => {
    expect(await run(["frobnicate"])).toBe(2);
    expect(err).toEqual(['crm: unknown command: frobnicate (run "npm run crm -- help")']);
  });

  it("adds a user with a hashed password", async () => {
    const code = await run([
      "user",
      "add",
      "--email",
      "Jane@Example.com",
      "--name",
      "Jane",
      "--role",
      "sales",
      "--password",
      "long-enough",
    ]);
    expect(code).toBe(0);
    const user = findUserByEmail(database.db, "jane@example.com");
    expect(user?.role).toBe("sales");
    expect(user?.passwordHash).toMatch(/^scrypt\$/);
    expect(user?.passwordHash).not.toContain("long-enough");
  });

  it.each([
    [
      ["user", "add", "--email", "a@b.co", "--name", "A", "--password", "long-enough"],
      "crm: --role: must be one of admin, manager, sales, service",
    ],
    [
      ["user", "add", "--email", "a@b.co", "--name", "A", "--role", "boss", "--password", "long-enough"],
      "crm: --role: must be one of admin, manager, sales, service",
    ],
    [
      ["user", "add", "--email", "not-mail", "--name", "A", "--role", "sales", "--password", "long-enough"],
      "crm: --email: is not a valid e-mail address",
    ],
    [
      ["user", "add", "--email", "a@b.co", "--name", "A", "--role", "sales", "--password", "short"],
      "crm: --password: must be at least 8 characters",
    ],
  ])("refuses %j with one line", async (args, message) => {
    expect(await run(args)).toBe(2);
    expect(err).toEqual([message]);
  });

  it("lets a throttled user sign in again with user unlock, and says when the e-mail is unknown", async () => {
    await run(["user", "add", "--email", "root@example.com", "--name", "Root", "--role", "admin", "--password", "long-enough"]);
    const now = new Date();
    for (let i = 0; i < 5; i++) reserveSignInAttempt(database.db, { email: "root@example.com", address: `10.0.0.${i}`, now });
    expect(signInThrottledUntil(database.db, "root@example.com", now)).not.toBeNull();

    expect(await run(["user", "unlock", "--email", "Root@Example.com"])).toBe(0);
    expect(out.at(-1)).toBe("root@example.com may sign in again (5 failed attempts forgotten).");
    expect(signInThrottledUntil(database.db, "root@example.com", now)).toBeNull();

    expect(await run(["user", "unlock", "--email", "nobody@example.com"])).toBe(2);
    expect(err).toEqual(["crm: no user has the e-mail nobody@example.com"]);
  });

  it("refuses an unknown option", async () => {
    expect(await run(["user", "add", "--mail", "x"])).toBe(2);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^crm: .*--mail/);
  });

  it("refuses a second user with the same e-mail", async () => {
    const args = ["user", "add", "--email", "a@b.co", "--name", "A", "--role", "service", "--password", "long-enough"];
    expect(await run(args)).toBe(0);
    expect(await run(args)).toBe(2);
    expect(err).toEqual(["crm: a user with e-mail a@b.co already exists"]);
  });

  it("creates an API key, prints it once and stores only its hash", async () => {
    expect(await run(["apikey", "create", "Alibaba connector"])).toBe(0);
    const key = out[0]!;
    expect(key).toMatch(/^crm_[A-Za-z0-9_-]{32}$/);
    const stored = database.db.select().from(apiKeys).all();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.keyHash).not.toContain(key);
    expect(findLiveApiKey(database.db, key)?.name).toBe("Alibaba connector");
    expect(findLiveApiKey(database.db, `${key}x`)).toBeUndefined();
  });

  it("needs a name for an API key", async () => {
    expect(await run(["apikey", "create"])).toBe(2);
    expect(err).toEqual(["crm: argument: is required"]);
  });

  it("backs up the live database to a file that opens with the same rows", async () => {
    await run(["user", "add", "--email", "a@b.co", "--name", "A", "--role", "admin", "--password", "long-enough"]);
    const folder = mkdtempSync(join(tmpdir(), "crm-backup-"));
    try {
      const target = join(folder, "copy.db");
      expect(await run(["backup", target])).toBe(0);
      const copy = new Database(target, { readonly: true });
      const row = copy.prepare("select email from users").get() as { email: string };
      copy.close();
      expect(row.email).toBe("a@b.co");
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it("wants exactly one backup file", async () => {
    expect(await run(["backup"])).toBe(2);
    expect(err).toEqual(["crm: backup takes exactly one FILE"]);
  });
});
