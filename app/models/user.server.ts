import { and, asc, count, eq, gte, ne, sql } from "drizzle-orm";
import type { DB } from "~db/client.server";
import { sessions, signInFailures, users, type Locale, type Role } from "~db/schema";
import { recordAudit } from "./audit.server";

export type User = typeof users.$inferSelect;
/** What the rest of the app may see of a user: never the password hash. */
export type PublicUser = Omit<User, "passwordHash">;

const publicColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  locale: users.locale,
  active: users.active,
  onDuty: users.onDuty,
  lastAssignedAt: users.lastAssignedAt,
  createdAt: users.createdAt,
  updatedAt: users.updatedAt,
};

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export function findUserByEmail(db: DB, email: string): User | undefined {
  return db.select().from(users).where(eq(users.email, normalizeEmail(email))).get();
}

export function getUser(db: DB, id: number): PublicUser | undefined {
  return db.select(publicColumns).from(users).where(eq(users.id, id)).get();
}

export function listUsers(db: DB): PublicUser[] {
  return db.select(publicColumns).from(users).orderBy(asc(users.name)).all();
}

export function countActiveAdmins(db: DB, exceptUserId?: number): number {
  const where = and(
    eq(users.role, "admin"),
    eq(users.active, true),
    exceptUserId === undefined ? undefined : ne(users.id, exceptUserId),
  );
  return db.select({ n: count() }).from(users).where(where).get()?.n ?? 0;
}

export type NewUser = {
  email: string;
  name: string;
  role: Role;
  locale?: Locale;
  passwordHash: string;
};

export function createUser(db: DB, input: NewUser, by: { userId: number | null; at: Date }): PublicUser {
  return db.transaction((tx) => {
    const row = tx
      .insert(users)
      .values({ ...input, email: normalizeEmail(input.email), createdAt: by.at, updatedAt: by.at })
      .returning(publicColumns)
      .get();
    recordAudit(tx, { entity: "user", entityId: row.id, action: "create", userId: by.userId, at: by.at, after: row });
    return row;
  });
}

export type UserChanges = Partial<{
  name: string;
  role: Role;
  locale: Locale;
  active: boolean;
  onDuty: boolean;
  passwordHash: string;
}>;

/** Updates a user; deactivating one also ends every session they have. */
export function updateUser(
  db: DB,
  id: number,
  changes: UserChanges,
  by: { userId: number | null; at: Date },
): PublicUser | undefined {
  return db.transaction((tx) => {
    const before = getUser(tx, id);
    if (!before) return undefined;
    const after = tx
      .update(users)
      .set({ ...changes, updatedAt: by.at })
      .where(eq(users.id, id))
      .returning(publicColumns)
      .get();
    if (changes.active === false || changes.passwordHash) {
      tx.delete(sessions).where(eq(sessions.userId, id)).run();
    }
    const { passwordHash, ...visible } = changes;
    recordAudit(tx, {
      entity: "user",
      entityId: id,
      action: "update",
      userId: by.userId,
      at: by.at,
      before: { ...before, ...(passwordHash ? { password: "old" } : {}) },
      after: { ...after, ...visible, ...(passwordHash ? { password: "changed" } : {}) },
    });
    return after;
  });
}

export function setUserLocale(db: DB, id: number, locale: Locale): void {
  db.update(users).set({ locale }).where(eq(users.id, id)).run();
}

// --- Sign-in throttling: failures are kept per e-mail so that several processes agree. ---

export function recordSignInFailure(db: DB, email: string, at: Date): void {
  db.insert(signInFailures).values({ email: normalizeEmail(email), at }).run();
}

export function countSignInFailuresSince(db: DB, email: string, since: Date): number {
  return (
    db
      .select({ n: count() })
      .from(signInFailures)
      .where(and(eq(signInFailures.email, normalizeEmail(email)), gte(signInFailures.at, since)))
      .get()?.n ?? 0
  );
}

export function forgetSignInFailuresBefore(db: DB, before: Date): void {
  db.delete(signInFailures).where(sql`${signInFailures.at} < ${before.getTime()}`).run();
}
