import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "./redirect";

const HOME = "/inquiries";
const APP = "https://crm.example.com";

/** What a browser does with the Location header: resolve it against the page it came from. */
function landsOn(location: string) {
  return new URL(location, `${APP}/login?redirectTo=x`);
}

/** The promise of the rule: the fallback, or a header-safe path that stays on this app. */
function assertSameAppOrFallback(target: unknown, result: string) {
  if (result === HOME) return;
  expect(result.startsWith("/"), JSON.stringify(target)).toBe(true);
  expect(result.startsWith("//"), JSON.stringify(target)).toBe(false);
  expect(result.startsWith("/\\"), JSON.stringify(target)).toBe(false);
  expect(result, JSON.stringify(target)).toMatch(/^[\x21-\x7e]+$/);
  expect(landsOn(result).origin, JSON.stringify(target)).toBe(APP);
  // A Location header accepts it (a newline or a character beyond Latin-1 would throw: the old 500).
  expect(() => new Headers({ Location: result })).not.toThrow();
}

describe("safeRedirectPath", () => {
  it("keeps ordinary paths of the app, with their query and fragment", () => {
    expect(safeRedirectPath("/overview", HOME)).toBe("/overview");
    expect(safeRedirectPath("/customers?q=acme&page=2", HOME)).toBe("/customers?q=acme&page=2");
    expect(safeRedirectPath("/inquiries/12#reply", HOME)).toBe("/inquiries/12#reply");
    expect(safeRedirectPath("/customers?q=%E7%8E%8B", HOME)).toBe("/customers?q=%E7%8E%8B");
    expect(safeRedirectPath("/", HOME)).toBe("/");
  });

  it("sends every way to another host to the fallback", () => {
    for (const target of [
      "//evil.example/x",
      "/\\evil.example/x",
      "https://evil.example/",
      "http:evil.example",
      "javascript:alert(1)",
      "evil.example",
      "",
      // After form decoding of /login?redirectTo=/%09/evil.example/phish: browsers drop the tab.
      "/\t/evil.example/phish",
      "/\n/evil.example",
      "/\r/evil.example",
      "/ /evil.example",
      // Normalising the dot segment would give //evil.example.
      "/.//evil.example",
      "/..//evil.example",
    ]) {
      const result = safeRedirectPath(target, HOME);
      expect(result, JSON.stringify(target)).toBe(HOME);
    }
  });

  it("gives the fallback, never an exception, for control characters and Unicode spaces", () => {
    for (const target of [
      "/overview\n",
      "/over\rview",
      "/a\vb",
      "/a\u3000b",
      "/a\u0000b",
      "/a\u2028b",
      "/a\u200bb",
      "/a\u00a0b",
      "/a\ufeffb",
    ]) {
      expect(safeRedirectPath(target, HOME), JSON.stringify(target)).toBe(HOME);
    }
  });

  it("percent-encodes letters beyond ASCII, so the Location header can carry them", () => {
    const result = safeRedirectPath("/customers?q=王", HOME);
    expect(result).toBe("/customers?q=%E7%8E%8B");
    assertSameAppOrFallback("/customers?q=王", result);
  });

  it("gives the fallback for anything that is not a string", () => {
    for (const target of [null, undefined, 42, {}, ["/overview"]]) {
      expect(safeRedirectPath(target, HOME)).toBe(HOME);
    }
  });

  it("property: any string gives a same-app path or the fallback, and never throws", () => {
    fc.assert(
      // Half start with "/": almost no fully random string is kept, and a fallback asserts nothing.
      fc.property(
        fc.oneof(
          fc.string({ unit: "binary", maxLength: 60 }),
          fc.string({ unit: "binary", maxLength: 59 }).map((rest) => `/${rest}`),
        ),
        (target) => {
          assertSameAppOrFallback(target, safeRedirectPath(target, HOME));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("property: strings built from the pieces of known tricks give a same-app path or the fallback", () => {
    const piece = fc.constantFrom(
      "/",
      "//",
      "\\",
      ".",
      "..",
      "%2f",
      "%2F",
      "%5c",
      "%09",
      "\t",
      "\n",
      "\r",
      "\v",
      "\u3000",
      "\u0000",
      "@",
      ":",
      "?",
      "#",
      "evil.example",
      "http:",
      "https:",
      "javascript:",
      "x",
      "%",
      "%%",
      "王",
      "\ud800",
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), (pieces) => {
        const target = pieces.join("");
        assertSameAppOrFallback(target, safeRedirectPath(target, HOME));
      }),
      { numRuns: 3000 },
    );
  });
});
