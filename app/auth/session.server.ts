import { invariantResponse } from "@epic-web/invariant";
import { createCookie, redirect } from "@remix-run/node";
import { db } from "~db/client.server";
import { can, type Permission } from "~/domain/permissions";
import { safeRedirectPath } from "~/domain/redirect";
import { sessionSecret } from "~/env.server";
import { isLocale, localeFromAcceptLanguage, type Locale } from "~/i18n";
import { createSession, deleteSession, findSessionUser, SESSION_LIFETIME_MS } from "~/models/session.server";
import { findUserByEmail, releaseSignInAttempt, reserveSignInAttempt } from "~/models/user.server";
import { verifyAgainstDecoy, verifyPassword } from "./password.server";

// `secure` is decided per request (cookieOptions below), not once for the process.
let sessionCookieInstance: ReturnType<typeof createCookie> | undefined;
function sessionCookie() {
  sessionCookieInstance ??= createCookie("crm_session", {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    maxAge: SESSION_LIFETIME_MS / 1000,
    secrets: [sessionSecret()],
  });
  return sessionCookieInstance;
}

// The language of someone not signed in; signed-in users keep theirs on their account.
export const localeCookie = createCookie("crm_locale", {
  httpOnly: true,
  sameSite: "lax",
  path: "/",
  maxAge: 365 * 24 * 60 * 60,
});

export type CurrentUser = NonNullable<ReturnType<typeof findSessionUser>>;

async function sessionToken(request: Request): Promise<string | null> {
  const value: unknown = await sessionCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 0 ? value : null;
}

export async function getCurrentUser(request: Request): Promise<CurrentUser | null> {
  const token = await sessionToken(request);
  if (!token) return null;
  return findSessionUser(db(), token, new Date()) ?? null;
}

/** The signed-in user, or a redirect to the sign-in page that comes back here afterwards. */
export async function requireUser(request: Request): Promise<CurrentUser> {
  const user = await getCurrentUser(request);
  if (!user) {
    const url = new URL(request.url);
    const back = url.pathname + url.search;
    throw redirect(back === "/" ? "/login" : `/login?redirectTo=${encodeURIComponent(back)}`);
  }
  return user;
}

const FORBIDDEN = { status: 403, statusText: "Forbidden" } as const;

export function forbidden(): never {
  invariantResponse(false, "Forbidden", FORBIDDEN);
}

/** The signed-in user if their role holds the permission; 403 otherwise. */
export async function requirePermission(request: Request, permission: Permission): Promise<CurrentUser> {
  const user = await requireUser(request);
  invariantResponse(can(user.role, permission), "Forbidden", FORBIDDEN);
  return user;
}

export type SignInResult =
  | { ok: true; userId: number; role: CurrentUser["role"] }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAt: Date };

/**
 * Checks an e-mail and password. The answer never says whether the e-mail exists: an unknown
 * address costs the same time and gives the same "invalid" as a wrong password.
 *
 * The attempt is reserved (counted) before anything is awaited, so parallel guesses are counted
 * one by one and a guess over the limit is refused before its password is checked (SPEC §12).
 * Only a successful check gives the reservation back; a failure, or a check that throws, stays
 * counted.
 */
export async function checkSignIn(
  email: string,
  password: string,
  attempt: { now: Date; address: string },
): Promise<SignInResult> {
  const database = db();
  const reservation = reserveSignInAttempt(database, { email, address: attempt.address, now: attempt.now });
  if (!reservation.ok) return { ok: false, reason: "throttled", retryAt: reservation.retryAt };
  const user = findUserByEmail(database, email);
  const valid = user && user.active ? await verifyPassword(password, user.passwordHash) : await verifyAgainstDecoy(password);
  if (!user || !user.active || !valid) return { ok: false, reason: "invalid" };
  releaseSignInAttempt(database, reservation.attemptId);
  return { ok: true, userId: user.id, role: user.role };
}

/**
 * SPEC §12: the session cookie is Secure only when the request came over HTTPS, so a team on
 * plain HTTP can sign in. The request URL's protocol is Express's req.protocol, which believes a
 * proxy's X-Forwarded-Proto only when CRM_TRUST_PROXY trusts that proxy.
 */
export function cameOverHttps(request: Request): boolean {
  return new URL(request.url).protocol === "https:";
}

/** A fresh session (a new id at every sign-in) and the cookie that carries it. */
export async function startSession(request: Request, userId: number, redirectTo: string) {
  const previous = await sessionToken(request);
  if (previous) deleteSession(db(), previous);
  return redirect(redirectTo, {
    headers: { "Set-Cookie": await newSessionCookie(userId, request) },
  });
}

/**
 * Opens a session for a user and returns the Set-Cookie header that carries it. Sign-in calls it
 * once the password is checked; tests call it to act as a user without a password check.
 */
export async function newSessionCookie(userId: number, request: Request): Promise<string> {
  const token = createSession(db(), userId, new Date(), request.headers.get("User-Agent"));
  return sessionCookie().serialize(token, { secure: cameOverHttps(request) });
}

export async function endSession(request: Request) {
  const token = await sessionToken(request);
  if (token) deleteSession(db(), token);
  return redirect("/login?signedOut=1", {
    headers: {
      "Set-Cookie": await sessionCookie().serialize("", { maxAge: 0, secure: cameOverHttps(request) }),
    },
  });
}

/** The language to show: the user's own, else the one they picked, else their browser's. */
export async function resolveLocale(request: Request, user: CurrentUser | null): Promise<Locale> {
  if (user && isLocale(user.locale)) return user.locale;
  const picked: unknown = await localeCookie.parse(request.headers.get("Cookie"));
  if (isLocale(picked)) return picked;
  return localeFromAcceptLanguage(request.headers.get("Accept-Language"));
}

/** Only paths of this app may be redirect targets (SPEC §12); anything else gives the fallback. */
export function safeRedirect(target: FormDataEntryValue | string | null | undefined, fallback: string): string {
  return safeRedirectPath(target, fallback);
}
