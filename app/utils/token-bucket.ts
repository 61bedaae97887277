/**
 * Token-bucket rate limiting (SPEC §9: 429 with Retry-After when a key sends too fast), as a
 * pure step function. The caller keeps one Bucket per key (an API key, or a client address for
 * the public form) wherever it likes and passes the clock in, so the rule can be tested without
 * timers and stays the same whether buckets live in memory or elsewhere.
 *
 * A bucket holds up to `burst` tokens and refills continuously at `ratePerSecond`; each request
 * takes one whole token. E.g. the intake API's 20 req/s with bursts of 50: an idle key may send
 * 50 at once, then one every 50 ms.
 */

export type Bucket = {
  /** Tokens available at `updatedAtMs`; fractional while refilling. */
  tokens: number;
  updatedAtMs: number;
};

export type TakeResult = {
  allowed: boolean;
  /** The state to store for the next request (returned whether or not it was allowed). */
  bucket: Bucket;
  /** 0 when allowed; otherwise whole seconds until one token is available, at least 1. */
  retryAfterSeconds: number;
};

export function takeToken(bucket: Bucket | undefined, nowMs: number, ratePerSecond: number, burst: number): TakeResult {
  if (!(Number.isFinite(ratePerSecond) && ratePerSecond > 0)) {
    throw new RangeError(`ratePerSecond must be a positive number, got ${ratePerSecond}`);
  }
  if (!(Number.isFinite(burst) && burst >= 1)) {
    // Below one token no request could ever pass.
    throw new RangeError(`burst must be at least 1, got ${burst}`);
  }
  if (!Number.isFinite(nowMs)) throw new RangeError(`nowMs must be a finite number, got ${nowMs}`);

  // A key never seen before (or forgotten after idling) starts full.
  let tokens = burst;
  let updatedAtMs = nowMs;
  if (bucket !== undefined && Number.isFinite(bucket.tokens) && Number.isFinite(bucket.updatedAtMs)) {
    // A clock that steps backwards must not mint tokens, nor move the reference point back
    // (which would credit the same interval twice once the clock recovers).
    const elapsedMs = Math.max(0, nowMs - bucket.updatedAtMs);
    // Multiply before dividing: 50 ms × 20 / 1000 is exactly 1, 50 / 1000 × 20 need not be.
    tokens = Math.min(burst, Math.max(0, bucket.tokens) + (elapsedMs * ratePerSecond) / 1000);
    updatedAtMs = Math.max(bucket.updatedAtMs, nowMs);
  }

  if (tokens >= 1) {
    return { allowed: true, bucket: { tokens: tokens - 1, updatedAtMs }, retryAfterSeconds: 0 };
  }
  // Retry-After is whole seconds (RFC 9110); rounding down would invite a retry that fails
  // again, and 0 would invite an immediate one.
  const waitSeconds = (1 - tokens) / ratePerSecond;
  return { allowed: false, bucket: { tokens, updatedAtMs }, retryAfterSeconds: Math.max(1, Math.ceil(waitSeconds)) };
}
