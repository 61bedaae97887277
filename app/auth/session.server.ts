import { createCookie, redirect } from "@remix-run/node";
import { db } from "~db/client.server";
import { can, type Permission } from "~/domain/permissions";
import { isProduction, sessionSecret } from "~/env.server";
import { isLocale, localeFromAcceptLanguage, type Locale } from "~/i18n";
import {
  createSession,
  deleteSession,
  findSessionUser,
  SESSION_LIFETIME_MS,
} from "~/models/session.server";
import {
  countSignInFailuresSince,
  findUserByEmail,
  recordSignInFailure,
} from "~/models/user.server";
import { verifyAgainstDecoy, verifyPassword } from "./password.server";

export const MAX_SIGN_IN_FAILURES = 5;
export const SIGN_IN_FAILURE_WINDOW_MS = 15 * 60 * 1000;

let sessionCookieInstance: ReturnType<typeof createCookie> | undefined;
function sessionCookie() {
  sessionCookieInstance ??= createCookie("crm_session", {
    httpOnly: true,
    sameSite: "lax",
    secure: isProduction(),
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

export function forbidden(): never {
  throw new Response("Forbidden", { status: 403, statusText: "Forbidden" });
}

/** The signed-in user if their role holds the permission; 403 otherwise. */
export async function requirePermission(request: Request, permission: Permission): Promise<CurrentUser> {
  const user = await requireUser(request);
  if (!can(user.role, permission)) forbidden();
  return user;
}

export type SignInResult =
  | { ok: true; userId: number; role: CurrentUser["role"] }
  | { ok: false; reason: "invalid" | "throttled" };

/**
 * Checks an e-mail and password. The answer never says whether the e-mail exists: an unknown
 * address costs the same time and gives the same "invalid" as a wrong password.
 */
export async function checkSignIn(email: string, password: string, now: Date): Promise<SignInResult> {
  const database = db();
  const since = new Date(now.getTime() - SIGN_IN_FAILURE_WINDOW_MS);
  if (countSignInFailuresSince(database, email, since) >= MAX_SIGN_IN_FAILURES) {
    return { ok: false, reason: "throttled" };
  }
  const user = findUserByEmail(database, email);
  const valid =
    user && user.active ? await verifyPassword(password, user.passwordHash) : await verifyAgainstDecoy(password);
  if (!user || !user.active || !valid) {
    recordSignInFailure(database, email, now);
    return { ok: false, reason: "invalid" };
  }
  return { ok: true, userId: user.id, role: user.role };
}

/** A fresh session (a new id at every sign-in) and the cookie that carries it. */
export async function startSession(request: Request, userId: number, redirectTo: string) {
  const previous = await sessionToken(request);
  if (previous) deleteSession(db(), previous);
  const token = createSession(db(), userId, new Date(), request.headers.get("User-Agent"));
  return redirect(redirectTo, {
    headers: { "Set-Cookie": await sessionCookie().serialize(token) },
  });
}

export async function endSession(request: Request) {
  const token = await sessionToken(request);
  if (token) deleteSession(db(), token);
  return redirect("/login?signedOut=1", {
    headers: { "Set-Cookie": await sessionCookie().serialize("", { maxAge: 0 }) },
  });
}

/** The language to show: the user's own, else the one they picked, else their browser's. */
export async function resolveLocale(request: Request, user: CurrentUser | null): Promise<Locale> {
  if (user && isLocale(user.locale)) return user.locale;
  const picked: unknown = await localeCookie.parse(request.headers.get("Cookie"));
  if (isLocale(picked)) return picked;
  return localeFromAcceptLanguage(request.headers.get("Accept-Language"));
}

/** Only same-site relative paths may be redirect targets after sign-in. */
export function safeRedirect(target: FormDataEntryValue | string | null, fallback: string): string {
  if (typeof target !== "string" || !target.startsWith("/") || target.startsWith("//") || target.startsWith("/\\")) {
    return fallback;
  }
  return target;
}
