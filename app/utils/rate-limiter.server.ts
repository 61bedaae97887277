import { takeToken, type Bucket } from "./token-bucket";

/**
 * Token buckets kept in this process's memory, one per key (an API key, a client address). A
 * limit that resets on restart is fine for throttling; it is not a quota.
 */
export class RateLimiter {
  private buckets = new Map<string, Bucket>();
  constructor(private readonly maxKeys = 10_000) {}

  take(key: string, nowMs: number, ratePerSecond: number, burst: number) {
    const result = takeToken(this.buckets.get(key), nowMs, ratePerSecond, burst);
    if (!this.buckets.has(key) && this.buckets.size >= this.maxKeys) {
      // Forget the oldest key first; a forgotten bucket only starts full again.
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
    this.buckets.delete(key);
    this.buckets.set(key, result.bucket);
    return result;
  }

  reset() {
    this.buckets.clear();
  }
}

const globalLimiters = globalThis as unknown as { __crmLimiters?: Record<string, RateLimiter> };
export function limiter(name: "intake" | "publicForm"): RateLimiter {
  globalLimiters.__crmLimiters ??= {};
  return (globalLimiters.__crmLimiters[name] ??= new RateLimiter());
}
