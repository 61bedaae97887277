/**
 * The rules the Express layer applies to every response and request path (SPEC §12): the
 * security headers, the Content-Security-Policy with its per-request nonce, `no-store` for
 * signed-in responses, and which paths never reach Remix.
 */
import { randomBytes } from "node:crypto";

/** A fresh, unguessable value for one response's `'nonce-…'` (128 bits). */
export function createNonce(): string {
  return randomBytes(16).toString("base64");
}

/**
 * Scripts only from this site or carrying this response's nonce (Remix's inline hydration data
 * and module loader get it); no plug-ins, no framing, forms post only here.
 * Styles allow 'unsafe-inline': server-rendered `style` attributes (progress bars, chart boxes,
 * recharts' own SVG styles) would otherwise be dropped; a style cannot run script, so this does
 * not open the door that a script nonce closes.
 * In dev, Vite's hot updates arrive over a WebSocket on its own port.
 */
export function contentSecurityPolicy(nonce: string, options: { dev: boolean } = { dev: false }): string {
  const directives: Array<[string, ...string[]]> = [
    ["default-src", "'self'"],
    ["script-src", "'self'", `'nonce-${nonce}'`],
    ["style-src", "'self'", "'unsafe-inline'"],
    ["img-src", "'self'", "data:"],
    ["font-src", "'self'"],
    ["connect-src", "'self'", ...(options.dev ? ["ws:", "wss:"] : [])],
    ["object-src", "'none'"],
    ["base-uri", "'self'"],
    ["form-action", "'self'"],
    ["frame-ancestors", "'none'"],
  ];
  return directives.map((directive) => directive.join(" ")).join("; ");
}

/** Sent on every response, static files and errors included. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "same-origin",
  // frame-ancestors in the CSP says the same; this is for browsers that predate it.
  "X-Frame-Options": "DENY",
};

/** The session cookie's name (app/auth/session.server.ts); a test keeps the two in step. */
export const SESSION_COOKIE_NAME = "crm_session";

/** Whether the request carries a non-empty session cookie, i.e. may be answered for a signed-in user. */
export function hasSessionCookie(cookieHeader: string | undefined): boolean {
  if (!cookieHeader) return false;
  return cookieHeader.split(";").some((pair) => {
    const at = pair.indexOf("=");
    return at > 0 && pair.slice(0, at).trim() === SESSION_COOKIE_NAME && pair.slice(at + 1).trim() !== "";
  });
}

/**
 * The Cache-Control for a signed-in response: nothing is stored (not by the browser, not by a
 * proxy). `no-transform`, which live event streams ask for, is kept; every other directive goes.
 */
export function noStore(existing: string | number | string[] | undefined): string {
  const directives = String(existing ?? "")
    .split(",")
    .map((directive) => directive.trim().toLowerCase());
  return directives.includes("no-transform") ? "no-store, no-transform" : "no-store";
}

/**
 * A `.data` path under /api/: Remix's single-fetch suffix, which would run the API's actions and
 * answer in Remix's own format. The API answers JSON only, so these never reach Remix. The path
 * is compared as Remix will see it: decoded, `\` as `/`, repeated slashes as one, any case.
 */
export function isApiDataPath(path: string): boolean {
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // A malformed escape: Remix answers it with 400/404 itself; compare the raw path.
  }
  const normalised = decoded
    .replace(/\\/g, "/")
    .replace(/\/{2,}/g, "/")
    .toLowerCase();
  return (
    (normalised === "/api" || normalised.startsWith("/api/") || normalised.startsWith("/api.")) && normalised.endsWith(".data")
  );
}
