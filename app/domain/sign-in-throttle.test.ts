import { describe, expect, it } from "vitest";
import { reopensAt, retryAfterSeconds, SIGN_IN_LIMITS, throttleDecision, windowStart } from "./sign-in-throttle";

const T0 = new Date("2026-11-23T02:00:00.000Z");
const minutes = (n: number) => new Date(T0.getTime() + n * 60 * 1000);

describe("sign-in throttle windows", () => {
  it("allows up to four counted attempts per e-mail and refuses at five", () => {
    const four = [minutes(0), minutes(1), minutes(2), minutes(3)];
    expect(throttleDecision({ emailAttempts: four, addressAttempts: four, now: minutes(4) })).toEqual({ allowed: true });
    const five = [...four, minutes(4)];
    // The attempt at minute 0 leaves the window at minute 15.
    expect(throttleDecision({ emailAttempts: five, addressAttempts: five, now: minutes(5) })).toEqual({
      allowed: false,
      retryAt: minutes(15),
    });
  });

  it("reopens exactly when the oldest counted attempt is 15 minutes old", () => {
    const five = [minutes(0), minutes(1), minutes(2), minutes(3), minutes(4)];
    expect(throttleDecision({ emailAttempts: five, addressAttempts: [], now: new Date(minutes(15).getTime() - 1) }).allowed).toBe(
      false,
    );
    expect(throttleDecision({ emailAttempts: five, addressAttempts: [], now: minutes(15) }).allowed).toBe(true);
  });

  it("refuses an address at 20 attempts across any e-mails", () => {
    const twenty = Array.from({ length: 20 }, (_, i) => new Date(T0.getTime() + i * 1000));
    expect(throttleDecision({ emailAttempts: [], addressAttempts: twenty.slice(0, 19), now: minutes(1) }).allowed).toBe(true);
    expect(throttleDecision({ emailAttempts: [], addressAttempts: twenty, now: minutes(1) })).toEqual({
      allowed: false,
      retryAt: minutes(15),
    });
  });

  it("with more attempts than the limit, waits until enough of them have left", () => {
    // Seven counted (e.g. reserved in parallel by several processes before the limit was seen).
    const seven = [0, 1, 2, 3, 4, 5, 6].map(minutes);
    // Two must leave before one more fits: the third oldest (minute 2) leaves at minute 17.
    expect(reopensAt(seven, 5, minutes(7))).toEqual(minutes(17));
  });

  it("says the later time when both the e-mail and the address are over their limits", () => {
    const email = [0, 1, 2, 3, 4].map(minutes);
    const address = Array.from({ length: 20 }, (_, i) => minutes(3 + i * 0.1));
    expect(throttleDecision({ emailAttempts: email, addressAttempts: address, now: minutes(6) })).toEqual({
      allowed: false,
      retryAt: minutes(18),
    });
  });

  it("ignores attempts outside the window, in any order", () => {
    const old = [minutes(-30), minutes(-20), minutes(-16), minutes(-15), minutes(1)];
    expect(reopensAt(old.reverse(), 5, minutes(0))).toBeNull();
    expect(windowStart(minutes(15))).toEqual(T0);
    expect(SIGN_IN_LIMITS).toEqual({ perEmail: 5, perAddress: 20, windowMs: 15 * 60 * 1000 });
  });

  it("rounds Retry-After up to whole seconds, at least 1", () => {
    expect(retryAfterSeconds(minutes(15), minutes(5))).toBe(600);
    expect(retryAfterSeconds(new Date(T0.getTime() + 1001), T0)).toBe(2);
    expect(retryAfterSeconds(T0, T0)).toBe(1);
  });
});
