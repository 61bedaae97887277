import { describe, expect, it } from "vitest";
import {
  contentSecurityPolicy,
  createNonce,
  hasSessionCookie,
  isApiDataPath,
  noStore,
  SESSION_COOKIE_NAME,
} from "./http-edges.server";

const directives = (policy: string) =>
  Object.fromEntries(policy.split("; ").map((directive) => [directive.split(" ")[0], directive.split(" ").slice(1)]));

describe("contentSecurityPolicy", () => {
  it("admits scripts from this site and with the nonce only, and no framing", () => {
    const policy = directives(contentSecurityPolicy("abc123=="));
    expect(policy["script-src"]).toEqual(["'self'", "'nonce-abc123=='"]);
    expect(policy["frame-ancestors"]).toEqual(["'none'"]);
    expect(policy["object-src"]).toEqual(["'none'"]);
    expect(policy["base-uri"]).toEqual(["'self'"]);
    expect(policy["form-action"]).toEqual(["'self'"]);
    expect(policy["default-src"]).toEqual(["'self'"]);
    expect(policy["connect-src"]).toEqual(["'self'"]);
    expect(policy["style-src"]).toEqual(["'self'", "'unsafe-inline'"]);
    expect(contentSecurityPolicy("n")).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
  });

  it("in dev also admits Vite's hot-update WebSocket, and nothing more for scripts", () => {
    const policy = directives(contentSecurityPolicy("n", { dev: true }));
    expect(policy["connect-src"]).toEqual(["'self'", "ws:", "wss:"]);
    expect(policy["script-src"]).toEqual(["'self'", "'nonce-n'"]);
  });
});

describe("createNonce", () => {
  it("is 128 random bits in base64, new each time", () => {
    const nonces = new Set(Array.from({ length: 50 }, createNonce));
    expect(nonces.size).toBe(50);
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
  });
});

describe("hasSessionCookie", () => {
  it("finds a non-empty session cookie among others", () => {
    expect(hasSessionCookie(`${SESSION_COOKIE_NAME}=abc`)).toBe(true);
    expect(hasSessionCookie(`crm_locale=en; ${SESSION_COOKIE_NAME}=abc.def; other=1`)).toBe(true);
  });

  it("ignores a missing or emptied cookie and look-alike names", () => {
    expect(hasSessionCookie(undefined)).toBe(false);
    expect(hasSessionCookie("")).toBe(false);
    expect(hasSessionCookie(`${SESSION_COOKIE_NAME}=`)).toBe(false);
    expect(hasSessionCookie(`x${SESSION_COOKIE_NAME}=abc; ${SESSION_COOKIE_NAME}_old=abc`)).toBe(false);
  });
});

describe("noStore", () => {
  it("replaces any caching a route asked for, keeping no-transform", () => {
    expect(noStore(undefined)).toBe("no-store");
    expect(noStore("public, max-age=3600")).toBe("no-store");
    expect(noStore("no-store")).toBe("no-store");
    expect(noStore("no-cache, no-transform")).toBe("no-store, no-transform");
  });
});

describe("isApiDataPath", () => {
  it.each([
    "/api/v1/inquiries.data",
    "/api/v1/health.data",
    "/API/V1/Inquiries.DATA",
    "/%61pi/v1/inquiries.data",
    "/api/v1/inquiries%2Edata",
    "//api//v1/inquiries.data",
    "/api\\v1\\inquiries.data",
    "/api.data",
  ])("refuses %s", (path) => expect(isApiDataPath(path)).toBe(true));

  it.each([
    "/api/v1/inquiries",
    "/api/v1/health",
    "/inquiries.data",
    "/customers/export.data",
    "/apix/v1.data",
    "/%E0%A4%A.data",
  ])("lets %s through", (path) => expect(isApiDataPath(path)).toBe(false));
});
