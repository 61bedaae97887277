/**
 * Sign-in throttling (SPEC §12): at most 5 attempts per e-mail and 20 per client address within
 * a sliding 15-minute window. Attempts are reserved before the password is checked and a
 * successful one gives its reservation back, so what counts are failures and attempts still being
 * checked. A refused attempt is not counted, so an attacker who keeps guessing does not extend the
 * lock: once the oldest counted attempt is older than the window, the account works again.
 */

export const SIGN_IN_LIMITS = {
  perEmail: 5,
  perAddress: 20,
  windowMs: 15 * 60 * 1000,
} as const;

export type SignInLimits = { perEmail: number; perAddress: number; windowMs: number };

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAt: Date };

/** Attempts made strictly after this instant are inside the window at `now`. */
export function windowStart(now: Date, limits: SignInLimits = SIGN_IN_LIMITS): Date {
  return new Date(now.getTime() - limits.windowMs);
}

/**
 * When a key with these attempts may try again: null if it may now. With n counted attempts and
 * a limit of k, one more is allowed once n - k + 1 of them have left the window, that is when the
 * (n - k)th oldest (counting from 0) turns windowMs old.
 */
export function reopensAt(
  attempts: readonly Date[],
  limit: number,
  now: Date,
  limits: SignInLimits = SIGN_IN_LIMITS,
): Date | null {
  const since = windowStart(now, limits).getTime();
  const inWindow = attempts
    .map((at) => at.getTime())
    .filter((at) => at > since)
    .sort((a, b) => a - b);
  if (inWindow.length < limit) return null;
  return new Date(inWindow[inWindow.length - limit]! + limits.windowMs);
}

/** Whether one more attempt may be checked now, given the attempts counted for its e-mail and address. */
export function throttleDecision(input: {
  emailAttempts: readonly Date[];
  addressAttempts: readonly Date[];
  now: Date;
  limits?: SignInLimits;
}): ThrottleDecision {
  const limits = input.limits ?? SIGN_IN_LIMITS;
  const reopen = [
    reopensAt(input.emailAttempts, limits.perEmail, input.now, limits),
    reopensAt(input.addressAttempts, limits.perAddress, input.now, limits),
  ].filter((at): at is Date => at !== null);
  if (reopen.length === 0) return { allowed: true };
  return { allowed: false, retryAt: new Date(Math.max(...reopen.map((at) => at.getTime()))) };
}

/** The Retry-After header's whole seconds until `retryAt`, at least 1. */
export function retryAfterSeconds(retryAt: Date, now: Date): number {
  return Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 1000));
}
