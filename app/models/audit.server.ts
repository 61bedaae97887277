import { and, desc, eq, inArray } from "drizzle-orm";
import type { DB } from "~db/client.server";
import { auditLog, users } from "~db/schema";
import { bind, preparedOnce } from "./sql.server";

export type AuditEntry = {
  entity:
    | "customer"
    | "product"
    | "quote"
    | "order"
    | "settings"
    | "user"
    | "api_key"
    | "agreed_price"
    | "import"
    | "channel_spend"
    | "inquiry";
  entityId: string | number;
  action: "create" | "update" | "delete";
  userId: number | null;
  at: Date;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
};

const SECRET_FIELDS = new Set(["passwordHash", "keyHash"]);

function redact(row: Record<string, unknown> | null | undefined) {
  if (!row) return null;
  return Object.fromEntries(Object.entries(row).map(([key, value]) => [key, SECRET_FIELDS.has(key) ? "[redacted]" : value]));
}

/** Keeps only the fields that changed, so an update's entry reads as a diff. */
function changedOnly(before: Record<string, unknown>, after: Record<string, unknown>) {
  const keys = Object.keys(after).filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]));
  return {
    before: Object.fromEntries(keys.map((key) => [key, before[key]])),
    after: Object.fromEntries(keys.map((key) => [key, after[key]])),
  };
}

// Values are bound as stored (ms, JSON text), wrapped in sql`` so drizzle's column encoders are
// bypassed (see inquiry-csv.server.ts).

function prepareInsert(db: DB) {
  return db
    .insert(auditLog)
    .values({
      entity: bind("entity"),
      entityId: bind("entityId"),
      action: bind("action"),
      userId: bind("userId"),
      at: bind("at"),
      before: bind("before"),
      after: bind("after"),
    })
    .prepare();
}

export function recordAudit(db: DB, entry: AuditEntry): void {
  let before = redact(entry.before);
  let after = redact(entry.after);
  if (entry.action === "update" && before && after) {
    ({ before, after } = changedOnly(before, after));
    if (Object.keys(after).length === 0) return;
  }
  // Prepared once per connection: an import audits thousands of rows, the intake one per request.
  preparedOnce(db, "audit.insert", prepareInsert).run({
    entity: entry.entity,
    entityId: String(entry.entityId),
    action: entry.action,
    userId: entry.userId,
    at: entry.at.getTime(),
    before: before === null ? null : JSON.stringify(before),
    after: after === null ? null : JSON.stringify(after),
  });
}

export function auditTrail(db: DB, entity: AuditEntry["entity"], entityId: string | number) {
  return db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entity, entity), eq(auditLog.entityId, String(entityId))))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(200)
    .all();
}

/** The newest entries across every record, with the name of who made each change (null: the system). */
export function latestAuditEntries(db: DB, limit = 100) {
  return db
    .select({
      id: auditLog.id,
      entity: auditLog.entity,
      entityId: auditLog.entityId,
      action: auditLog.action,
      userId: auditLog.userId,
      userName: users.name,
      at: auditLog.at,
      before: auditLog.before,
      after: auditLog.after,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.userId))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(limit)
    .all();
}

/** An entry as the audit page shows it: the change and the name of who made it (null: the system). */
export type AuditLogEntry = ReturnType<typeof latestAuditEntries>[number];

/** One record's trail, newest first, with the name of who made each change. */
export function auditTrailWithNames(db: DB, entity: AuditEntry["entity"], entityId: string | number) {
  const trail = auditTrail(db, entity, entityId);
  const names = auditUserNames(
    db,
    trail.map((entry) => entry.userId),
  );
  return trail.map((entry) => ({ ...entry, userName: entry.userId === null ? null : (names.get(entry.userId) ?? null) }));
}

/** The names of the users who appear in a trail, by id. */
function auditUserNames(db: DB, userIds: (number | null)[]): Map<number, string> {
  const ids = [...new Set(userIds.filter((id): id is number => id !== null))];
  if (ids.length === 0) return new Map();
  const rows = db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, ids)).all();
  return new Map(rows.map((row) => [row.id, row.name]));
}
