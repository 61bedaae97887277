/**
 * Parallel sign-in guesses (issue 9, SPEC §12): attempts are counted one by one, so the sixth
 * concurrent guess for an e-mail, or the 21st from one address, is refused before its password is
 * checked. The evidence is the number of password checks made, not timing.
 */
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createUser, DEMO_PASSWORD } from "~db/factories";
import * as login from "~/routes/login";
import { formRequest, createTestDb, loaderArgs, respond } from "../helpers";

// Every password check goes through one of these two; count the calls.
const checks = vi.hoisted(() => ({ count: 0 }));
vi.mock("~/auth/password.server", async (importOriginal) => {
  const actual = await importOriginal<typeof import("~/auth/password.server")>();
  return {
    ...actual,
    verifyPassword: async (...args: Parameters<typeof actual.verifyPassword>) => {
      checks.count++;
      return actual.verifyPassword(...args);
    },
    verifyAgainstDecoy: async (...args: Parameters<typeof actual.verifyAgainstDecoy>) => {
      checks.count++;
      return actual.verifyAgainstDecoy(...args);
    },
  };
});

const summary: string[] = [];

beforeEach(async () => {
  const database = createTestDb();
  await createUser(database.db, { email: "admin@example.com", name: "Admin", role: "admin" });
  checks.count = 0;
});

afterAll(() => {
  console.log(`reliability: sign-in concurrency: ${summary.join("; ")}`);
});

function attempt(email: string, password: string, clientAddress: string) {
  return respond(() => login.action({ ...loaderArgs(formRequest("/login", { email, password })), context: { clientAddress } }));
}

const statuses = (responses: Response[]) =>
  responses.reduce<Record<number, number>>((tally, r) => ({ ...tally, [r.status]: (tally[r.status] ?? 0) + 1 }), {});

describe("parallel sign-in guesses", () => {
  it("checks at most 5 of 100 simultaneous wrong passwords for one e-mail, then refuses the right one", async () => {
    const guesses = await Promise.all(
      Array.from({ length: 100 }, (_, i) => attempt("admin@example.com", `guess-${i}`, `203.0.113.${i % 50}`)),
    );
    expect(statuses(guesses)).toEqual({ 401: 5, 429: 95 });
    expect(checks.count).toBe(5);
    for (const refused of guesses.filter((r) => r.status === 429)) {
      expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
    }
    // The right password, while throttled, is refused without being checked either.
    const right = await attempt("admin@example.com", DEMO_PASSWORD, "192.0.2.1");
    expect(right.status).toBe(429);
    expect(checks.count).toBe(5);
    summary.push(`100 parallel guesses, ${checks.count} checked, ${guesses.filter((r) => r.status === 429).length} refused`);
  }, 60_000);

  it("checks only 20 of 25 simultaneous guesses at different e-mails from one address", async () => {
    const guesses = await Promise.all(
      Array.from({ length: 25 }, (_, i) => attempt(`user${i}@example.com`, "wrong", "198.51.100.7")),
    );
    expect(statuses(guesses)).toEqual({ 401: 20, 429: 5 });
    expect(checks.count).toBe(20);
    summary.push(
      `25 e-mails from one address, ${checks.count} checked, ${guesses.filter((r) => r.status === 429).length} refused`,
    );
    // Another address is not affected.
    expect((await attempt("admin@example.com", DEMO_PASSWORD, "192.0.2.1")).status).toBe(302);
  }, 60_000);

  it("lets simultaneous right passwords in without counting them as failures", async () => {
    const signIns = await Promise.all(Array.from({ length: 5 }, () => attempt("admin@example.com", DEMO_PASSWORD, "192.0.2.1")));
    expect(statuses(signIns)).toEqual({ 302: 5 });
    // All five reservations were given back: five wrong guesses are still allowed and checked.
    const guesses = await Promise.all(
      Array.from({ length: 6 }, (_, i) => attempt("admin@example.com", `guess-${i}`, "192.0.2.1")),
    );
    expect(statuses(guesses)).toEqual({ 401: 5, 429: 1 });
    expect(checks.count).toBe(10);
    summary.push(`5 parallel right passwords all signed in, then 5 of 6 guesses checked`);
  }, 60_000);
});
