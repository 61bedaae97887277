import { beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createUser, DEMO_PASSWORD } from "~db/factories";
import { sessions, signInFailures } from "~db/schema";
import type { OpenDatabase } from "~db/client.server";
import * as login from "~/routes/login";
import * as logout from "~/routes/logout";
import * as settings from "~/routes/settings";
import * as overview from "~/routes/overview";
import * as myDay from "~/routes/my-day";
import * as users from "~/routes/admin.users._index";
import * as inbox from "~/routes/inquiries._index";
import { cookieFrom, createTestDb, formRequest, getRequest, loaderArgs, respond } from "./helpers";

let database: OpenDatabase;

beforeEach(async () => {
  database = createTestDb();
  await createUser(database.db, { email: "svc@example.com", name: "Svc", role: "service" });
  await createUser(database.db, { email: "rep@example.com", name: "Rep", role: "sales" });
  await createUser(database.db, { email: "boss@example.com", name: "Boss", role: "manager" });
  await createUser(database.db, { email: "root@example.com", name: "Root", role: "admin" });
});

async function signIn(email: string, password = DEMO_PASSWORD) {
  return respond(() => login.action(loaderArgs(formRequest("/login", { email, password }))));
}

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
      expect(response.status).toBe(302);
      expect(response.headers.get("Location")).toBe(home);
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

  it("refuses the sixth attempt within 15 minutes, even with the right password", async () => {
    for (let attempt = 1; attempt <= 5; attempt++) {
      expect((await signIn("svc@example.com", `wrong-${attempt}`)).status).toBe(401);
    }
    const sixth = await signIn("svc@example.com");
    expect(sixth.status).toBe(429);
    expect((await sixth.json()).errors).toEqual({ "": ["login.tooMany"] });
    // Another account is not affected.
    expect((await signIn("rep@example.com")).status).toBe(302);
  });

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
    const response = await respond(() =>
      login.action(
        loaderArgs(formRequest("/login", { email: "svc@example.com", password: DEMO_PASSWORD, redirectTo: "//evil.example/x" })),
      ),
    );
    expect(response.headers.get("Location")).toBe("/inquiries");
  });

  it("stores only a hash of the session token", async () => {
    const response = await signIn("svc@example.com");
    const token = decodeURIComponent(cookieFrom(response).split("=")[1]!);
    const stored = database.db.select().from(sessions).all();
    expect(stored).toHaveLength(1);
    expect(token).not.toContain(stored[0]!.idHash);
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
      userAction(loaderArgs(formRequest(`/admin/users/${svc.id}`, { intent: "deactivate" }, { cookie: adminCookie }), { userId: String(svc.id) })),
    );
    expect(response.status).toBe(302);
    const after = await respond(() => inbox.loader(loaderArgs(getRequest("/inquiries", svcCookie))));
    expect(after.status).toBe(302);
    expect((await signIn("svc@example.com")).status).toBe(401);
    expect(userLoader).toBeTypeOf("function");
  });
});
