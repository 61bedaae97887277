import { createHash } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { apiKeys, auditLog } from "~db/schema";
import type { OpenDatabase } from "~db/client.server";
import * as page from "~/routes/admin.api-keys";
import { apiKeyStampDue, createApiKey, findLiveApiKey, listApiKeys, revokeApiKey } from "~/models/api-key.server";
import { createTeam, createTestDb, formRequest, getRequest, loaderArgs, respond, sessionCookieFor } from "./helpers";

let database: OpenDatabase;

beforeEach(async () => {
  database = createTestDb();
  await createTeam(database.db);
});

async function signIn(who: string) {
  return sessionCookieFor(`${who}@example.com`);
}

const load = (cookie: string) => respond(() => page.loader(loaderArgs(getRequest("/admin/api-keys", cookie))));
const post = (cookie: string, fields: Record<string, string>) =>
  respond(() => page.action(loaderArgs(formRequest("/admin/api-keys", fields, { cookie }))));
const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");
const by = () => ({ userId: null, at: new Date() });

describe("API keys page: roles", () => {
  it("lets only admins see the page", async () => {
    const expected = { svc: 403, rep: 403, boss: 403, root: 200 };
    for (const [who, status] of Object.entries(expected)) {
      const response = await load(await signIn(who));
      expect(response.status, who).toBe(status);
    }
  });

  it("refuses to create or revoke a key for every other role, and changes nothing", async () => {
    const existing = createApiKey(database.db, "Website", by());
    for (const who of ["svc", "rep", "boss"]) {
      const cookie = await signIn(who);
      expect((await post(cookie, { intent: "create", name: "Sneaky" })).status, who).toBe(403);
      expect((await post(cookie, { intent: "revoke", id: String(existing.id) })).status, who).toBe(403);
    }
    expect(database.db.select().from(apiKeys).all()).toHaveLength(1);
    expect(findLiveApiKey(database.db, existing.key)?.id).toBe(existing.id);
  });

  it("sends visitors who are not signed in to the sign-in page", async () => {
    const response = await respond(() => page.loader(loaderArgs(getRequest("/admin/api-keys"))));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/login?redirectTo=%2Fadmin%2Fapi-keys");
  });
});

describe("API keys page: create", () => {
  it("shows the new key once and stores only its hash", async () => {
    const cookie = await signIn("root");
    const response = await post(cookie, { intent: "create", name: "  Website form  " });
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const body = await response.json();
    const key: string = body.created.key;
    expect(key).toMatch(/^crm_/);
    expect(body.created.name).toBe("Website form");

    const [stored] = database.db.select().from(apiKeys).all();
    expect(stored!.name).toBe("Website form");
    expect(stored!.keyHash).toBe(sha256(key));
    expect(JSON.stringify(stored)).not.toContain(key);
    expect(stored!.prefix).toBe(key.slice(0, 10));
    expect(findLiveApiKey(database.db, key)?.id).toBe(stored!.id);

    // The list never carries the key again.
    const listing = await load(cookie);
    const text = await listing.text();
    expect(text).toContain("Website form");
    expect(text).not.toContain(key);
    expect(text).not.toContain(stored!.keyHash);

    // The audit trail records the creation without the secret.
    const audit = database.db.select().from(auditLog).where(eq(auditLog.entity, "api_key")).all();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(key);
  });

  it("lists keys newest first", async () => {
    createApiKey(database.db, "Old", { userId: null, at: new Date("2026-01-01T00:00:00Z") });
    createApiKey(database.db, "New", { userId: null, at: new Date("2026-03-01T00:00:00Z") });
    const body = await (await load(await signIn("root"))).json();
    expect(body.keys.map((key: { name: string }) => key.name)).toEqual(["New", "Old"]);
  });

  it("answers 400 with the field's error and keeps what was typed", async () => {
    const cookie = await signIn("root");
    const empty = await post(cookie, { intent: "create", name: "   " });
    expect(empty.status).toBe(400);
    expect((await empty.json()).errors).toEqual({ name: ["errors.required"] });

    const long = "x".repeat(101);
    const tooLong = await post(cookie, { intent: "create", name: long });
    expect(tooLong.status).toBe(400);
    const body = await tooLong.json();
    expect(body.errors.name).toEqual(['errors.tooLong|{"maximum":100}']);
    expect(body.values.name).toBe(long);
    expect(body.created).toBeUndefined();
    expect(database.db.select().from(apiKeys).all()).toHaveLength(0);
  });

  it("accepts a name of exactly 100 characters", async () => {
    const response = await post(await signIn("root"), { intent: "create", name: "y".repeat(100) });
    expect(response.status).toBe(200);
  });

  it("refuses an unknown intent", async () => {
    const response = await post(await signIn("root"), { intent: "explode", name: "x" });
    expect(response.status).toBe(400);
  });
});

describe("API keys page: revoke", () => {
  it("revokes a key so it is no longer accepted, and keeps it listed", async () => {
    const { key, id } = createApiKey(database.db, "Connector", by());
    const cookie = await signIn("root");
    const response = await post(cookie, { intent: "revoke", id: String(id) });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.revoked).toBe("Connector");
    expect(JSON.stringify(body)).not.toContain(key);

    expect(findLiveApiKey(database.db, key)).toBeUndefined();
    const [listed] = (await (await load(cookie)).json()).keys;
    expect(listed.name).toBe("Connector");
    expect(listed.revokedAt).not.toBeNull();

    const audit = database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entity, "api_key"), eq(auditLog.action, "update")))
      .all();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.entityId).toBe(String(id));
    expect(audit[0]!.before).toEqual({ revokedAt: null });
    expect(audit[0]!.after).toHaveProperty("revokedAt");
  });

  it("leaves other keys working", async () => {
    const first = createApiKey(database.db, "First", by());
    const second = createApiKey(database.db, "Second", by());
    await post(await signIn("root"), { intent: "revoke", id: String(first.id) });
    expect(findLiveApiKey(database.db, first.key)).toBeUndefined();
    expect(findLiveApiKey(database.db, second.key)?.id).toBe(second.id);
  });

  it("answers 404 for a key that does not exist", async () => {
    const cookie = await signIn("root");
    expect((await post(cookie, { intent: "revoke", id: "999" })).status).toBe(404);
    expect((await post(cookie, { intent: "revoke", id: "abc" })).status).toBe(404);
  });

  it("keeps the first revocation time when a key is revoked twice", async () => {
    const { id } = createApiKey(database.db, "Twice", by());
    const first = new Date("2026-05-01T00:00:00Z");
    revokeApiKey(database.db, id, { userId: null, at: first });
    revokeApiKey(database.db, id, { userId: null, at: new Date("2026-06-01T00:00:00Z") });
    expect(listApiKeys(database.db)[0]!.revokedAt).toEqual(first);
    const updates = database.db.select().from(auditLog).where(eq(auditLog.action, "update")).all();
    expect(updates).toHaveLength(1);
  });
});

describe("the last-used stamp", () => {
  const used = new Date("2026-03-10T04:00:00.000Z");
  it("is due for a key never used, and again a full minute after the last stamp, not before", () => {
    expect(apiKeyStampDue({ lastUsedAt: null }, used)).toBe(true);
    expect(apiKeyStampDue({ lastUsedAt: used }, new Date(used.getTime() + 59_999))).toBe(false);
    expect(apiKeyStampDue({ lastUsedAt: used }, new Date(used.getTime() + 60_000))).toBe(true);
  });
});
