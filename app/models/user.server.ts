import { and, asc, count, eq, gt, ne, sql, type SQL } from "drizzle-orm";
import type { DB } from "~db/client.server";
import { signInFailures, users, type Locale, type Role } from "~db/schema";
import { reopensAt, SIGN_IN_LIMITS, throttleDecision, windowStart, type SignInLimits } from "~/domain/sign-in-throttle";
import { recordAudit } from "./audit.server";
import { endSessionsOfUser } from "./session.server";
import { bind, preparedOnce } from "./sql.server";

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

const normalizeEmail = (email: string) => email.trim().toLowerCase();

export function findUserByEmail(db: DB, email: string): User | undefined {
  return db
    .select()
    .from(users)
    .where(eq(users.email, normalizeEmail(email)))
    .get();
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
      endSessionsOfUser(tx, id);
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

// --- Sign-in throttling (SPEC §12). Attempts are rows in the database so that every process agrees.

export type SignInReservation = { ok: true; attemptId: number } | { ok: false; retryAt: Date };

/**
 * Reserves one sign-in attempt for this e-mail and client address, or refuses it when either has
 * reached its limit in the window. Counting and reserving happen in one synchronous transaction
 * opened with BEGIN IMMEDIATE (which takes the write lock before the first read), so parallel
 * attempts, in this process or another, are counted one by one and the password of a refused one is
 * never checked. Refused attempts are not recorded: guessing on does not extend the lock.
 */
export function reserveSignInAttempt(
  db: DB,
  attempt: { email: string; address: string; now: Date },
  limits: SignInLimits = SIGN_IN_LIMITS,
): SignInReservation {
  const email = normalizeEmail(attempt.email);
  const since = windowStart(attempt.now, limits);
  return db.transaction(
    (tx) => {
      const times = (key: SQL) =>
        tx
          .select({ at: signInFailures.at })
          .from(signInFailures)
          .where(and(key, gt(signInFailures.at, since)))
          .all()
          .map((row) => row.at);
      const decision = throttleDecision({
        emailAttempts: times(eq(signInFailures.email, email)),
        addressAttempts: times(eq(signInFailures.address, attempt.address)),
        now: attempt.now,
        limits,
      });
      if (!decision.allowed) return { ok: false, retryAt: decision.retryAt };
      const row = tx
        .insert(signInFailures)
        .values({ email, address: attempt.address, at: attempt.now })
        .returning({ id: signInFailures.id })
        .get();
      return { ok: true, attemptId: row.id };
    },
    { behavior: "immediate" },
  );
}

/** A successful sign-in gives its reservation back: it does not count as a failure. */
export function releaseSignInAttempt(db: DB, attemptId: number): void {
  db.delete(signInFailures).where(eq(signInFailures.id, attemptId)).run();
}

/** Until when sign-in with this e-mail is refused because of its own failures; null when it is not. */
export function signInThrottledUntil(db: DB, email: string, now: Date, limits: SignInLimits = SIGN_IN_LIMITS): Date | null {
  const attempts = db
    .select({ at: signInFailures.at })
    .from(signInFailures)
    .where(and(eq(signInFailures.email, normalizeEmail(email)), gt(signInFailures.at, windowStart(now, limits))))
    .all()
    .map((row) => row.at);
  return reopensAt(attempts, limits.perEmail, now, limits);
}

/** The e-mails whose sign-in is refused now because of their own failures (for the users list). */
export function throttledEmails(db: DB, now: Date, limits: SignInLimits = SIGN_IN_LIMITS): Set<string> {
  const rows = db
    .select({ email: signInFailures.email })
    .from(signInFailures)
    .where(gt(signInFailures.at, windowStart(now, limits)))
    .groupBy(signInFailures.email)
    .having(sql`count(*) >= ${limits.perEmail}`)
    .all();
  return new Set(rows.map((row) => row.email));
}

/**
 * An admin lets a throttled user try again at once (SPEC §12): forgets the attempts counted for
 * the user's e-mail, with an entry in the audit trail. Returns how many counted. `by.userId` is
 * null from the command line, the way back in for a team whose only admin is throttled.
 */
export function clearSignInThrottle(db: DB, userId: number, by: { userId: number | null; at: Date }): number {
  return db.transaction((tx) => {
    const user = getUser(tx, userId);
    if (!user) return 0;
    const email = eq(signInFailures.email, normalizeEmail(user.email));
    const counted =
      tx
        .select({ n: count() })
        .from(signInFailures)
        .where(and(email, gt(signInFailures.at, windowStart(by.at))))
        .get()?.n ?? 0;
    tx.delete(signInFailures).where(email).run();
    // Before: the failed sign-ins that counted against the user; an entry only when there were any.
    recordAudit(tx, {
      entity: "user",
      entityId: userId,
      action: "update",
      userId: by.userId,
      at: by.at,
      before: { failedSignIns: counted },
      after: { failedSignIns: 0 },
    });
    return counted;
  });
}

export function forgetSignInFailuresBefore(db: DB, before: Date): void {
  db.delete(signInFailures).where(sql`${signInFailures.at} < ${before.getTime()}`).run();
}

/** Round-robin assignment (SPEC §1): the user just given an inquiry goes to the back of the turn. */
export function markAssignedInTurn(db: DB, userId: number, at: Date): void {
  preparedOnce(db, "users.markAssigned", (database) =>
    database
      .update(users)
      .set({ lastAssignedAt: bind("at") })
      .where(eq(users.id, bind("id")))
      .prepare(),
  ).run({ id: userId, at: at.getTime() });
}
