import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, lt } from "drizzle-orm";
import type { DB } from "~db/client.server";
import { sessions, users } from "~db/schema";

export const SESSION_LIFETIME_MS = 14 * 24 * 60 * 60 * 1000;

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** Starts a session and returns its token; the database keeps only the token's hash. */
export function createSession(db: DB, userId: number, now: Date, userAgent: string | null): string {
  const token = randomBytes(32).toString("base64url");
  db.insert(sessions)
    .values({
      idHash: hashToken(token),
      userId,
      createdAt: now,
      expiresAt: new Date(now.getTime() + SESSION_LIFETIME_MS),
      userAgent: userAgent?.slice(0, 300) ?? null,
    })
    .run();
  return token;
}

/** The active user behind a session token, if the session is live and the user still active. */
export function findSessionUser(db: DB, token: string, now: Date) {
  return db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      locale: users.locale,
      onDuty: users.onDuty,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.idHash, hashToken(token)), gt(sessions.expiresAt, now), eq(users.active, true)))
    .get();
}

export function deleteSession(db: DB, token: string): void {
  db.delete(sessions)
    .where(eq(sessions.idHash, hashToken(token)))
    .run();
}

/** Signs a user out everywhere (deactivated, or given a new password). */
export function endSessionsOfUser(db: DB, userId: number): void {
  db.delete(sessions).where(eq(sessions.userId, userId)).run();
}

export function deleteExpiredSessions(db: DB, now: Date): void {
  db.delete(sessions).where(lt(sessions.expiresAt, now)).run();
}
