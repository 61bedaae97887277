/**
 * Cross-site request forgery guard: a state-changing request must come from our own pages.
 * Browsers send `Origin` on every POST; `Referer` is the fallback for the few that strip it.
 * Machine clients of the intake API authenticate with a bearer key instead and are exempt.
 */
export type OriginCheck = {
  method: string;
  path: string;
  origin: string | undefined;
  referer: string | undefined;
  /** The origin this server answers as, e.g. "http://localhost:3000". */
  expectedOrigin: string;
};

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const EXEMPT_PREFIXES = ["/api/v1/"];

export function isAllowedOrigin(check: OriginCheck): boolean {
  if (SAFE_METHODS.has(check.method.toUpperCase())) return true;
  if (EXEMPT_PREFIXES.some((prefix) => check.path.startsWith(prefix))) return true;
  const claimed = check.origin && check.origin !== "null" ? check.origin : originOf(check.referer);
  return claimed !== undefined && claimed.toLowerCase() === check.expectedOrigin.toLowerCase();
}

function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

const FORM_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data"];

/**
 * Pages take changes only as HTML forms; anything else (JSON, plain text, no body type) is refused
 * up front, so no action can fail on a body it cannot read. The bearer-key API reads its own JSON.
 */
export function isAcceptedBody(check: { method: string; path: string; contentType: string | undefined }): boolean {
  if (SAFE_METHODS.has(check.method.toUpperCase())) return true;
  if (EXEMPT_PREFIXES.some((prefix) => check.path.startsWith(prefix))) return true;
  const type = (check.contentType ?? "").split(";")[0]!.trim().toLowerCase();
  return FORM_TYPES.includes(type);
}
