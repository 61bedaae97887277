import { describe, expect, it } from "vitest";
import { isAcceptedBody, isAllowedOrigin } from "./origin";

const base = { path: "/settings", expectedOrigin: "http://localhost:3000", referer: undefined };

describe("isAllowedOrigin", () => {
  it("lets reads through without an origin", () => {
    expect(isAllowedOrigin({ ...base, method: "GET", origin: undefined })).toBe(true);
  });
  it("accepts a POST from our own origin", () => {
    expect(isAllowedOrigin({ ...base, method: "POST", origin: "http://localhost:3000" })).toBe(true);
  });
  it("refuses a POST from another site", () => {
    expect(isAllowedOrigin({ ...base, method: "POST", origin: "http://evil.example" })).toBe(false);
  });
  it("refuses a POST from the same host on another port", () => {
    expect(isAllowedOrigin({ ...base, method: "POST", origin: "http://localhost:4000" })).toBe(false);
  });
  it("refuses a POST that names no origin at all", () => {
    expect(isAllowedOrigin({ ...base, method: "POST", origin: undefined })).toBe(false);
  });
  it("falls back to the Referer when Origin is missing", () => {
    expect(isAllowedOrigin({ ...base, method: "POST", origin: undefined, referer: "http://localhost:3000/settings?x=1" })).toBe(
      true,
    );
    expect(isAllowedOrigin({ ...base, method: "POST", origin: undefined, referer: "http://evil.example/page" })).toBe(false);
  });
  it("treats Origin: null (sandboxed frames, privacy modes) like a missing origin", () => {
    expect(isAllowedOrigin({ ...base, method: "DELETE", origin: "null" })).toBe(false);
  });
  it("leaves the bearer-key intake API to its own authentication", () => {
    expect(isAllowedOrigin({ ...base, path: "/api/v1/inquiries", method: "POST", origin: undefined })).toBe(true);
  });
});

describe("isAcceptedBody", () => {
  it("takes HTML forms, url-encoded or multipart", () => {
    expect(
      isAcceptedBody({ method: "POST", path: "/settings", contentType: "application/x-www-form-urlencoded;charset=UTF-8" }),
    ).toBe(true);
    expect(isAcceptedBody({ method: "POST", path: "/import", contentType: "multipart/form-data; boundary=x" })).toBe(true);
  });
  it("refuses any other body on a page, and a body with no type", () => {
    expect(isAcceptedBody({ method: "POST", path: "/import", contentType: "text/plain" })).toBe(false);
    expect(isAcceptedBody({ method: "POST", path: "/settings", contentType: "application/json" })).toBe(false);
    expect(isAcceptedBody({ method: "POST", path: "/logout", contentType: undefined })).toBe(false);
  });
  it("leaves reads and the JSON intake API alone", () => {
    expect(isAcceptedBody({ method: "GET", path: "/settings", contentType: undefined })).toBe(true);
    expect(isAcceptedBody({ method: "POST", path: "/api/v1/inquiries", contentType: "application/json" })).toBe(true);
  });
});
