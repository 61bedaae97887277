import { describe, expect, it } from "vitest";
import { takeToken, type Bucket } from "./token-bucket";

// The intake API's limit: 20 requests per second, bursts of 50 (SPEC §9 "429 when a key sends
// too fast").
const RATE = 20;
const BURST = 50;
const T0 = Date.parse("2026-11-23T02:00:00.000Z");

/** Sends `count` requests at the same instant; returns how many passed and the final bucket. */
function send(bucket: Bucket | undefined, nowMs: number, count: number) {
  let allowed = 0;
  let current = bucket;
  for (let i = 0; i < count; i++) {
    const result = takeToken(current, nowMs, RATE, BURST);
    if (result.allowed) allowed++;
    current = result.bucket;
  }
  return { allowed, bucket: current as Bucket };
}

describe("takeToken", () => {
  it("lets a new key burst 50 requests at once, then refuses the 51st", () => {
    const { allowed, bucket } = send(undefined, T0, 50);
    expect(allowed).toBe(50);
    expect(bucket).toEqual({ tokens: 0, updatedAtMs: T0 });
    const refused = takeToken(bucket, T0, RATE, BURST);
    expect(refused.allowed).toBe(false);
    // One token at 20/s takes 0.05 s, rounded up to a whole second.
    expect(refused.retryAfterSeconds).toBe(1);
  });

  it("reports retryAfterSeconds 0 when allowed", () => {
    const result = takeToken(undefined, T0, RATE, BURST);
    expect(result).toEqual({ allowed: true, bucket: { tokens: 49, updatedAtMs: T0 }, retryAfterSeconds: 0 });
  });

  it("refills at 20 per second: one token after 50 ms, twenty after 1 s", () => {
    const empty: Bucket = { tokens: 0, updatedAtMs: T0 };
    // 50 ms × 20/s = 1 token.
    expect(send(empty, T0 + 49, 1).allowed).toBe(0);
    expect(send(empty, T0 + 50, 2).allowed).toBe(1);
    // 1 000 ms × 20/s = 20 tokens.
    expect(send(empty, T0 + 1_000, 25).allowed).toBe(20);
  });

  it("never holds more than the burst, however long the key was idle", () => {
    const empty: Bucket = { tokens: 0, updatedAtMs: T0 };
    // One hour idle would be 72 000 tokens; the bucket keeps 50.
    expect(send(empty, T0 + 3_600_000, 60).allowed).toBe(50);
  });

  it("a refused request takes nothing, so steady 20/s traffic keeps passing", () => {
    let bucket: Bucket = { tokens: 0, updatedAtMs: T0 };
    const refused = takeToken(bucket, T0 + 25, RATE, BURST); // half a token
    expect(refused.allowed).toBe(false);
    expect(refused.bucket).toEqual({ tokens: 0.5, updatedAtMs: T0 + 25 });
    bucket = refused.bucket;
    // 25 ms more adds the other half.
    expect(takeToken(bucket, T0 + 50, RATE, BURST).allowed).toBe(true);
  });

  it("rounds retryAfterSeconds up to whole seconds", () => {
    // One request per 4 s (0.25/s), no burst beyond 1: e.g. a strict public-form limit.
    const first = takeToken(undefined, T0, 0.25, 1);
    expect(first.allowed).toBe(true);
    // Empty: a whole token takes 1 / 0.25 = 4 s.
    expect(takeToken(first.bucket, T0, 0.25, 1).retryAfterSeconds).toBe(4);
    // After 1.5 s: 0.375 tokens, the missing 0.625 take 2.5 s → 3.
    const later = takeToken(first.bucket, T0 + 1_500, 0.25, 1);
    expect(later.allowed).toBe(false);
    expect(later.retryAfterSeconds).toBe(3);
  });

  it("says at least 1 second when refused, even if the token is due in 1 ms", () => {
    // After 49 ms at 20/s: 0.98 tokens; the missing 0.02 arrive in 1 ms.
    const result = takeToken({ tokens: 0, updatedAtMs: T0 }, T0 + 49, RATE, BURST);
    expect(result.allowed).toBe(false);
    expect(result.retryAfterSeconds).toBe(1);
  });

  it("does not mint tokens when the clock steps backwards, nor credit the same time twice", () => {
    const bucket: Bucket = { tokens: 0, updatedAtMs: T0 };
    const back = takeToken(bucket, T0 - 10_000, RATE, BURST);
    expect(back.allowed).toBe(false);
    expect(back.bucket).toEqual({ tokens: 0, updatedAtMs: T0 });
    // Back to 50 ms after T0: exactly one token, not 10.05 s worth.
    expect(send(back.bucket, T0 + 50, 3).allowed).toBe(1);
  });

  it("treats a corrupt stored bucket as a new one", () => {
    expect(send({ tokens: Number.NaN, updatedAtMs: T0 }, T0, 60).allowed).toBe(50);
  });

  it("rejects a rate or burst that could never pass a request", () => {
    expect(() => takeToken(undefined, T0, 0, BURST)).toThrow(RangeError);
    expect(() => takeToken(undefined, T0, -1, BURST)).toThrow(RangeError);
    expect(() => takeToken(undefined, T0, RATE, 0.5)).toThrow(RangeError);
    expect(() => takeToken(undefined, T0, Number.NaN, BURST)).toThrow(RangeError);
    expect(() => takeToken(undefined, Number.NaN, RATE, BURST)).toThrow(RangeError);
  });
});
