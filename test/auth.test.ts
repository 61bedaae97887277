import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import { DEMO_PASSWORD } from "~db/factories";
import { auditLog, sessions, signInFailures } from "~db/schema";
import type { OpenDatabase } from "~db/client.server";
import { parseTrustProxy, reloadEnv } from "~/env.server";
import { createI18n } from "~/i18n";
import { clearSignInThrottle, releaseSignInAttempt, reserveSignInAttempt, signInThrottledUntil } from "~/models/user.server";
import * as login from "~/routes/login";
import * as userPage from "~/routes/admin.users.$userId";
import * as logout from "~/routes/logout";
import * as settings from "~/routes/settings";
import * as overview from "~/routes/overview";
import * as myDay from "~/routes/my-day";
import * as users from "~/routes/admin.users._index";
import * as inbox from "~/routes/inquiries._index";
import { cookieFrom, createTeam, createTestDb, formRequest, getRequest, loaderArgs, respond } from "./helpers";

let database: OpenDatabase;

beforeEach(async () => {
  database = createTestDb();
  await createTeam(database.db);
});

afterEach(() => {
  vi.useRealTimers();
});

async function signIn(email: string, password = DEMO_PASSWORD, fields: Record<string, string> = {}) {
  return respond(() => login.action(loaderArgs(formRequest("/login", { email, password, ...fields }))));
}

/** A sign-in from a given client address (what Express puts in the load context). */
async function signInFrom(clientAddress: string, email: string, password = DEMO_PASSWORD) {
  return respond(() => login.action({ ...loaderArgs(formRequest("/login", { email, password })), context: { clientAddress } }));
}

/**
 * Where the browser ends up after a successful sign-in: the action sends it to the sign-in page's
 * cookie check, whose loader forwards a browser that kept the cookie.
 */
async function landing(response: Response): Promise<string> {
  expect(response.status).toBe(302);
  const check = response.headers.get("Location")!;
  expect(check.startsWith("/login?check=1&redirectTo=")).toBe(true);
  const next = await respond(() => login.loader(loaderArgs(getRequest(check, cookieFrom(response)))));
  expect(next.status).toBe(302);
  return next.headers.get("Location")!;
}

const T0 = new Date("2026-11-23T02:00:00.000Z");
const minutesAfter = (n: number) => new Date(T0.getTime() + n * 60 * 1000);

describe("sign-in", () => {
  it("signs each role in and sends it to its home", async () => {
    const homes: Record<string, string> = {
      "svc@example.com": "/inquiries",
      "rep@example.com": "/my-day",
      "boss@example.com": "/overview",
      "root@example.com": "/overview",
    };
    for (const [email, home] of Object.entries(homes)) {
      const response = await signIn(email);
      expect(await landing(response)).toBe(home);
      const cookie = response.headers.get("Set-Cookie")!;
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Lax/i);
    }
  });

  it("accepts the e-mail in any case", async () => {
    const response = await signIn("SVC@Example.com");
    expect(response.status).toBe(302);
  });

  it("says the same thing for a wrong password and an unknown e-mail", async () => {
    const wrongPassword = await signIn("svc@example.com", "not-the-password");
    const unknownEmail = await signIn("nobody@example.com", "whatever");
    expect(wrongPassword.status).toBe(401);
    expect(unknownEmail.status).toBe(401);
    const [a, b] = [await wrongPassword.json(), await unknownEmail.json()];
    expect(a.errors).toEqual({ "": ["login.invalid"] });
    expect(b.errors).toEqual(a.errors);
    // What was typed comes back, except the password.
    expect(a.values).toEqual({ email: "svc@example.com" });
  });

  it("refuses the sixth attempt within 15 minutes, even with the right password, and says when to try again", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(T0);
    for (let attempt = 1; attempt <= 5; attempt++) {
      expect((await signIn("svc@example.com", `wrong-${attempt}`)).status).toBe(401);
    }
    vi.setSystemTime(minutesAfter(5));
    const sixth = await signIn("svc@example.com");
    expect(sixth.status).toBe(429);
    // The first failure leaves the window at T0 + 15 min: ten minutes from now.
    expect(sixth.headers.get("Retry-After")).toBe("600");
    const body = await sixth.json();
    expect(body.errors).toEqual({ "": ["signIn.tooMany"] });
    expect(body.retryAt).toBe(minutesAfter(15).toISOString());
    // The message names the time, in the reader's language.
    for (const [locale, words] of [
      ["en", /try again after 10:15/],
      ["zh-CN", /在 10:15 之后再试/],
    ] as const) {
      expect(createI18n(locale).t(body.errors[""][0], { time: "10:15" })).toMatch(words);
    }
    // Another account is not affected.
    expect((await signIn("rep@example.com")).status).toBe(302);
    // Once the first failure is 15 minutes old, one more attempt is allowed, and the right password works.
    vi.setSystemTime(minutesAfter(15));
    expect(await landing(await signIn("svc@example.com"))).toBe("/inquiries");
  }, 30_000);

  it("refuses an address after 20 failed attempts across any e-mails, but not other addresses", async () => {
    const attacker = "198.51.100.7";
    // Nineteen earlier failures from this address (each through the page would cost a password check).
    for (let i = 0; i < 19; i++)
      reserveSignInAttempt(database.db, { email: `guess-${i}@example.com`, address: attacker, now: new Date() });
    expect((await signInFrom(attacker, "guess-19@example.com", "wrong")).status).toBe(401);
    // The 21st, even with a real account's right password, is refused before it is checked.
    const refused = await signInFrom(attacker, "boss@example.com");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
    // The real user at another address is not affected.
    expect((await signInFrom("203.0.113.9", "boss@example.com")).status).toBe(302);
  });

  it("does not count successful sign-ins", async () => {
    for (let i = 0; i < 6; i++) expect((await signIn("rep@example.com")).status).toBe(302);
    expect(database.db.select().from(signInFailures).all()).toEqual([]);
  }, 30_000);

  it("lets the user in again once the failures are older than 15 minutes", async () => {
    const old = new Date(Date.now() - 16 * 60 * 1000);
    for (let i = 0; i < 5; i++) database.db.insert(signInFailures).values({ email: "svc@example.com", at: old }).run();
    expect((await signIn("svc@example.com")).status).toBe(302);
  });

  it("answers 400 with a message per field for an empty form", async () => {
    const response = await respond(() => login.action(loaderArgs(formRequest("/login", { email: "", password: "" }))));
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.errors.email).toEqual(["errors.required"]);
    expect(body.errors.password).toEqual(["errors.required"]);
  });

  it("never redirects to another site after sign-in", async () => {
    const response = await signIn("svc@example.com", DEMO_PASSWORD, { redirectTo: "//evil.example/x" });
    expect(await landing(response)).toBe("/inquiries");
  });

  it("goes back to the page that asked for sign-in", async () => {
    const response = await signIn("boss@example.com", DEMO_PASSWORD, { redirectTo: "/customers?q=acme&page=2" });
    expect(response.headers.get("Location")).toBe("/login?check=1&redirectTo=%2Fcustomers%3Fq%3Dacme%26page%3D2");
    expect(await landing(response)).toBe("/customers?q=acme&page=2");
  });

  it("sends redirect targets with tabs, newlines, other controls or Unicode spaces home, never to a 500", async () => {
    // /login?redirectTo=/%09/evil.example/phish puts "/<tab>/evil.example/phish" in the form's hidden field.
    const hidden = new URL("http://localhost/login?redirectTo=/%09/evil.example/phish").searchParams.get("redirectTo")!;
    for (const redirectTo of [
      hidden,
      "/over\nview",
      "/over\rview",
      "/a\vb",
      "/a\u3000b",
      "/\n/evil.example",
      "/\\evil.example",
    ]) {
      const response = await signIn("svc@example.com", DEMO_PASSWORD, { redirectTo });
      expect(await landing(response), JSON.stringify(redirectTo)).toBe("/inquiries");
    }
  }, 30_000);

  it("forwards a signed-in visitor of the sign-in page only to a path of this app", async () => {
    const cookie = cookieFrom(await signIn("boss@example.com"));
    const go = async (query: string) =>
      (await respond(() => login.loader(loaderArgs(getRequest(`/login${query}`, cookie))))).headers.get("Location");
    expect(await go("?redirectTo=%2Fcustomers")).toBe("/customers");
    expect(await go("?redirectTo=/%09/evil.example/phish")).toBe("/overview");
    expect(await go("?redirectTo=%0A%2Fx")).toBe("/overview");
    expect(await go("?redirectTo=%2F%E3%80%80x")).toBe("/overview");
    expect(await go("")).toBe("/overview");
  });

  it("says plainly when the browser came back from sign-in without the session cookie", async () => {
    const refused = await respond(() => login.loader(loaderArgs(getRequest("/login?check=1&redirectTo=%2Foverview"))));
    expect(refused.status).toBe(200);
    expect(await refused.json()).toEqual({ signedOut: false, cookieRefused: true });
    const plain = await respond(() => login.loader(loaderArgs(getRequest("/login"))));
    expect(await plain.json()).toEqual({ signedOut: false, cookieRefused: false });
    for (const locale of ["en", "zh-CN"] as const) {
      expect(createI18n(locale).exists("signIn.cookieRefused", { fallbackLng: false })).toBe(true);
    }
  });

  it("stores only a hash of the session token", async () => {
    const response = await signIn("svc@example.com");
    const token = decodeURIComponent(cookieFrom(response).split("=")[1]!);
    const stored = database.db.select().from(sessions).all();
    expect(stored).toHaveLength(1);
    expect(token).not.toContain(stored[0]!.idHash);
  });
});

describe("the session cookie", () => {
  /** Signs in at an origin with a fresh copy of the app (modules and settings read anew) in production. */
  async function signInInProductionAt(origin: string) {
    const fresh = (await import("~/routes/login")) as typeof login;
    return respond(() =>
      fresh.action(
        loaderArgs(
          new Request(`${origin}/login`, {
            method: "POST",
            headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: origin },
            body: new URLSearchParams({ email: "svc@example.com", password: DEMO_PASSWORD }).toString(),
          }),
        ),
      ),
    );
  }

  it("is Secure over HTTPS and not over plain HTTP, in production too", async () => {
    const before = process.env.NODE_ENV;
    process.env.NODE_ENV = "production";
    reloadEnv();
    vi.resetModules();
    try {
      const overHttp = (await signInInProductionAt("http://crm.office.lan")).headers.get("Set-Cookie")!;
      const overHttps = (await signInInProductionAt("https://crm.example.com")).headers.get("Set-Cookie")!;
      expect(overHttp).not.toMatch(/;\s*Secure/i);
      expect(overHttps).toMatch(/;\s*Secure/i);
      // The cookie works on the next plain-HTTP request.
      const next = await respond(() =>
        login.loader(
          loaderArgs(new Request("http://crm.office.lan/login?check=1", { headers: { Cookie: overHttp.split(";")[0]! } })),
        ),
      );
      expect(next.headers.get("Location")).toBe("/inquiries");
    } finally {
      process.env.NODE_ENV = before;
      reloadEnv();
    }
  });

  it("trusts a proxy's word on HTTPS only as CRM_TRUST_PROXY says", () => {
    expect(parseTrustProxy("")).toBe(false);
    expect(parseTrustProxy("false")).toBe(false);
    expect(parseTrustProxy("0")).toBe(false);
    expect(parseTrustProxy("true")).toBe(true);
    expect(parseTrustProxy("1")).toBe(1);
    expect(parseTrustProxy("loopback, 10.0.0.0/8")).toEqual(["loopback", "10.0.0.0/8"]);
  });
});

describe("sign-in throttle in the database", () => {
  const attempt = (email: string, address: string, now: Date) => reserveSignInAttempt(database.db, { email, address, now });

  it("counts five per e-mail within 15 minutes, in any letter case, and reopens as the window moves on", () => {
    for (let i = 0; i < 5; i++)
      expect(attempt(i % 2 ? "SVC@example.com" : "svc@example.com", `10.0.0.${i}`, minutesAfter(i)).ok).toBe(true);
    expect(attempt("svc@example.com", "10.0.1.1", minutesAfter(14))).toEqual({ ok: false, retryAt: minutesAfter(15) });
    expect(signInThrottledUntil(database.db, "svc@example.com", minutesAfter(14))).toEqual(minutesAfter(15));
    // A refused attempt is not counted, so guessing on does not push the time back.
    expect(attempt("svc@example.com", "10.0.1.1", minutesAfter(14.5))).toEqual({ ok: false, retryAt: minutesAfter(15) });
    expect(attempt("svc@example.com", "10.0.1.1", minutesAfter(15)).ok).toBe(true);
    expect(signInThrottledUntil(database.db, "svc@example.com", minutesAfter(30))).toBeNull();
  });

  it("counts twenty per address across e-mails", () => {
    for (let i = 0; i < 20; i++) expect(attempt(`x${i}@example.com`, "10.9.9.9", T0).ok).toBe(true);
    expect(attempt("svc@example.com", "10.9.9.9", minutesAfter(1))).toEqual({ ok: false, retryAt: minutesAfter(15) });
    expect(attempt("svc@example.com", "10.9.9.8", minutesAfter(1)).ok).toBe(true);
  });

  it("gives a released reservation back", () => {
    for (let i = 0; i < 10; i++) {
      const reservation = attempt("svc@example.com", "10.0.0.1", T0);
      if (!reservation.ok) throw new Error("refused");
      releaseSignInAttempt(database.db, reservation.attemptId);
    }
    expect(attempt("svc@example.com", "10.0.0.1", T0).ok).toBe(true);
  });
});

describe("an admin clears a user's sign-in throttle", () => {
  it("shows the throttle on the user's page and in the list, clears it with an audit entry, and lets the user in", async () => {
    for (let i = 0; i < 5; i++) expect((await signInFrom("198.51.100.7", "svc@example.com", "wrong")).status).toBe(401);
    expect((await signIn("svc@example.com")).status).toBe(429);

    const admin = cookieFrom(await signIn("root@example.com"));
    const svc = database.db.query.users.findFirst({ where: (u) => eq(u.email, "svc@example.com") }).sync()!;
    const root = database.db.query.users.findFirst({ where: (u) => eq(u.email, "root@example.com") }).sync()!;
    const params = { userId: String(svc.id) };
    const page = await (
      await respond(() => userPage.loader(loaderArgs(getRequest(`/admin/users/${svc.id}`, admin), params)))
    ).json();
    expect(page.throttledUntil).toEqual(expect.any(String));
    const list = await (await respond(() => users.loader(loaderArgs(getRequest("/admin/users", admin))))).json();
    expect(list.users.find((u: { email: string }) => u.email === "svc@example.com").signInThrottled).toBe(true);
    expect(list.users.find((u: { email: string }) => u.email === "rep@example.com").signInThrottled).toBe(false);

    // Only an admin may clear it.
    const manager = cookieFrom(await signIn("boss@example.com"));
    const notAllowed = await respond(() =>
      userPage.action(
        loaderArgs(formRequest(`/admin/users/${svc.id}`, { intent: "clearThrottle" }, { cookie: manager }), params),
      ),
    );
    expect(notAllowed.status).toBe(403);
    expect((await signIn("svc@example.com")).status).toBe(429);

    const cleared = await respond(() =>
      userPage.action(loaderArgs(formRequest(`/admin/users/${svc.id}`, { intent: "clearThrottle" }, { cookie: admin }), params)),
    );
    expect(cleared.status).toBe(200);
    expect(await cleared.json()).toEqual({ throttleCleared: "svc@example.com", errors: {} });
    const after = await (
      await respond(() => userPage.loader(loaderArgs(getRequest(`/admin/users/${svc.id}`, admin), params)))
    ).json();
    expect(after.throttledUntil).toBeNull();
    const entries = database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityId, String(svc.id)))
      .all();
    expect(entries.filter((e) => e.entity === "user" && e.action === "update")).toMatchObject([
      { userId: root.id, before: { failedSignIns: 5 }, after: { failedSignIns: 0 } },
    ]);
    expect(await landing(await signIn("svc@example.com"))).toBe("/inquiries");
  }, 30_000);

  it("records nothing when there was nothing to clear", () => {
    const svc = database.db.query.users.findFirst({ where: (u) => eq(u.email, "svc@example.com") }).sync()!;
    expect(clearSignInThrottle(database.db, svc.id, { userId: svc.id, at: T0 })).toBe(0);
    expect(database.db.select().from(auditLog).where(eq(auditLog.action, "update")).all()).toEqual([]);
  });
});

describe("roles on the server", () => {
  const cases: [string, (request: Request) => Promise<unknown>, Record<string, number>][] = [
    ["settings", (r) => settings.loader(loaderArgs(r)), { svc: 403, rep: 403, boss: 200, root: 200 }],
    ["overview", (r) => overview.loader(loaderArgs(r)), { svc: 403, rep: 403, boss: 200, root: 200 }],
    ["my day", (r) => myDay.loader(loaderArgs(r)), { svc: 403, rep: 200, boss: 403, root: 403 }],
    ["users", (r) => users.loader(loaderArgs(r)), { svc: 403, rep: 403, boss: 403, root: 200 }],
    ["inbox", (r) => inbox.loader(loaderArgs(r)), { svc: 200, rep: 200, boss: 200, root: 200 }],
  ];
  for (const [page, load, expected] of cases) {
    it(`guards ${page}`, async () => {
      for (const [who, status] of Object.entries(expected)) {
        const cookie = cookieFrom(await signIn(`${who}@example.com`));
        const response = await respond(() => load(getRequest("/", cookie)));
        expect(response.status, `${who} on ${page}`).toBe(status);
      }
    });
  }

  it("refuses a settings change from a service user with 403, and changes nothing", async () => {
    const cookie = cookieFrom(await signIn("svc@example.com"));
    const response = await respond(() =>
      settings.action(loaderArgs(formRequest("/settings", { timeZone: "Europe/Berlin" }, { cookie }))),
    );
    expect(response.status).toBe(403);
  });

  it("sends visitors who are not signed in to the sign-in page and back", async () => {
    const response = await respond(() => settings.loader(loaderArgs(getRequest("/settings"))));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/login?redirectTo=%2Fsettings");
  });
});

describe("sign-out", () => {
  it("revokes the session so the old cookie no longer works", async () => {
    const cookie = cookieFrom(await signIn("boss@example.com"));
    const out = await respond(() => logout.action(loaderArgs(formRequest("/logout", {}, { cookie }))));
    expect(out.status).toBe(302);
    expect(database.db.select().from(sessions).all()).toHaveLength(0);
    const after = await respond(() => overview.loader(loaderArgs(getRequest("/overview", cookie))));
    expect(after.status).toBe(302);
    expect(after.headers.get("Location")).toContain("/login");
  });

  it("issues a new session id at every sign-in", async () => {
    const first = cookieFrom(await signIn("boss@example.com"));
    const second = cookieFrom(await signIn("boss@example.com"));
    expect(first).not.toBe(second);
  });
});

describe("deactivation", () => {
  it("ends the sessions of a deactivated user", async () => {
    const adminCookie = cookieFrom(await signIn("root@example.com"));
    const svcCookie = cookieFrom(await signIn("svc@example.com"));
    const { loader: userLoader, action: userAction } = await import("~/routes/admin.users.$userId");
    const svc = database.db.query.users.findFirst({ where: (u) => eq(u.email, "svc@example.com") }).sync()!;
    const response = await respond(() =>
      userAction(
        loaderArgs(formRequest(`/admin/users/${svc.id}`, { intent: "deactivate" }, { cookie: adminCookie }), {
          userId: String(svc.id),
        }),
      ),
    );
    expect(response.status).toBe(302);
    const after = await respond(() => inbox.loader(loaderArgs(getRequest("/inquiries", svcCookie))));
    expect(after.status).toBe(302);
    expect((await signIn("svc@example.com")).status).toBe(401);
    expect(userLoader).toBeTypeOf("function");
  });
});
