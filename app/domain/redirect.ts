/**
 * Where the browser may be sent after sign-in or a language change (SPEC §12): only to a path of
 * this app. A target arrives from the query string or a form field, so it is attacker-controlled.
 *
 * A target is accepted when
 * - it starts with a single `/` (not `//` and not `/\`, which browsers read as "another host"),
 * - it holds no control, format, separator or whitespace character of any kind (Unicode \p{C} and
 *   \p{Z}, plus ASCII whitespace): browsers drop tab and newline from URLs, so `/\t/evil.example`
 *   becomes `//evil.example`, and a raw newline or any character beyond Latin-1 cannot go into a
 *   Location header at all (it throws, which was a 500),
 * - resolved by the WHATWG URL parser (the one browsers use) against a placeholder origin, it stays
 *   on that origin.
 *
 * The answer is the parsed path, query and fragment, which the parser has percent-encoded to plain
 * ASCII; it is checked once more, because normalising can itself produce `//` (`/.//evil.example`).
 * Anything else gives the fallback. The function never throws.
 */

const BASE = "http://x.invalid";
/** Longer targets are not ours: requireUser builds them from a URL the app itself served. */
const MAX_TARGET_LENGTH = 2048;
const FORBIDDEN_CHARACTER = /[\p{C}\p{Z}\s]/u;
const PRINTABLE_ASCII = /^[\x21-\x7e]*$/;

function looksLikeAppPath(target: string): boolean {
  return target.startsWith("/") && !target.startsWith("//") && !target.startsWith("/\\") && !FORBIDDEN_CHARACTER.test(target);
}

export function safeRedirectPath(target: unknown, fallback: string): string {
  if (typeof target !== "string" || target.length > MAX_TARGET_LENGTH || !looksLikeAppPath(target)) return fallback;
  let url: URL;
  try {
    url = new URL(target, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  return looksLikeAppPath(path) && PRINTABLE_ASCII.test(path) ? path : fallback;
}
