import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { DB } from "~db/client.server";
import { apiKeys } from "~db/schema";
import { recordAudit } from "./audit.server";
import { bind, preparedOnce } from "./sql.server";

const hashKey = (key: string) => createHash("sha256").update(key).digest("hex");

/** Makes a new intake key. The key itself is returned once and never stored, only its hash. */
export function createApiKey(db: DB, name: string, by: { userId: number | null; at: Date }) {
  const key = `crm_${randomBytes(24).toString("base64url")}`;
  const row = db.transaction((tx) => {
    const inserted = tx
      .insert(apiKeys)
      .values({ name, prefix: key.slice(0, 10), keyHash: hashKey(key), createdById: by.userId, createdAt: by.at })
      .returning({ id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix, createdAt: apiKeys.createdAt })
      .get();
    recordAudit(tx, {
      entity: "api_key",
      entityId: inserted.id,
      action: "create",
      userId: by.userId,
      at: by.at,
      after: inserted,
    });
    return inserted;
  });
  return { key, ...row };
}

/** The live (not revoked) key matching a presented secret. */
export function findLiveApiKey(db: DB, key: string) {
  // Read on every intake request: prepared once per connection.
  const find = preparedOnce(db, "apiKey.findLive", (db) =>
    db
      .select({ id: apiKeys.id, name: apiKeys.name, lastUsedAt: apiKeys.lastUsedAt })
      .from(apiKeys)
      .where(and(eq(apiKeys.keyHash, bind("hash")), isNull(apiKeys.revokedAt)))
      .prepare(),
  );
  return find.get({ hash: hashKey(key) });
}

/** "Last used" is kept to the minute: a key's stamp is written at most once a minute. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** Whether a request at `at` should move the key's "last used" stamp (see touchApiKey). */
export function apiKeyStampDue(key: { lastUsedAt: Date | null }, at: Date): boolean {
  return key.lastUsedAt === null || at.getTime() - key.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS;
}

export function listApiKeys(db: DB) {
  return db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .orderBy(desc(apiKeys.createdAt))
    .all();
}

/**
 * Revokes a key: it stays listed (so the audit trail and "last used" keep their meaning) but is no
 * longer accepted. Revoking a revoked key changes nothing. Undefined when there is no such key.
 */
export function revokeApiKey(db: DB, id: number, by: { userId: number | null; at: Date }) {
  return db.transaction((tx) => {
    const before = tx
      .select({ id: apiKeys.id, name: apiKeys.name, revokedAt: apiKeys.revokedAt })
      .from(apiKeys)
      .where(eq(apiKeys.id, id))
      .get();
    if (!before || before.revokedAt) return before;
    const after = tx
      .update(apiKeys)
      .set({ revokedAt: by.at })
      .where(eq(apiKeys.id, id))
      .returning({ id: apiKeys.id, name: apiKeys.name, revokedAt: apiKeys.revokedAt })
      .get();
    recordAudit(tx, { entity: "api_key", entityId: id, action: "update", userId: by.userId, at: by.at, before, after });
    return after;
  });
}

/** Notes when a key was last used, at most once a minute per key (a write per request is waste). */
export function touchApiKey(db: DB, id: number, at: Date): void {
  db.update(apiKeys)
    .set({ lastUsedAt: at })
    .where(and(eq(apiKeys.id, id), sql`coalesce(${apiKeys.lastUsedAt}, 0) <= ${at.getTime() - LAST_USED_RESOLUTION_MS}`))
    .run();
}
