/**
 * The message after a redirecting action: the action sets a signed, short-lived cookie, the root
 * loader reads it once and clears it, and a cookie that was tampered with shows nothing.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { createUser } from "~db/factories";
import * as root from "~/root";
import * as create from "~/routes/customers.new";
import { createTestDb, formRequest, getRequest, loaderArgs, respond, sessionCookieFor } from "./helpers";

let cookie: string;

beforeEach(async () => {
  const database = createTestDb();
  const boss = await createUser(database.db, { email: "boss@example.com", name: "Boss", role: "manager" });
  cookie = await sessionCookieFor(boss);
});

async function toastCookieAfterCreate(): Promise<string> {
  const response = await respond(() =>
    create.action(loaderArgs(formRequest("/customers/new", { name: "Acme GmbH", country: "DE" }, { cookie }))),
  );
  expect(response.status).toBe(302);
  const setCookie = response.headers.get("Set-Cookie") ?? "";
  expect(setCookie).toMatch(/^crm_toast=/);
  expect(setCookie).toMatch(/HttpOnly/i);
  expect(setCookie).toMatch(/SameSite=Lax/i);
  return setCookie.split(";")[0]!;
}

async function rootLoad(cookieHeader: string) {
  const result = await root.loader(loaderArgs(getRequest("/customers", cookieHeader)));
  return { toast: result.data.toast, setCookie: new Headers(result.init?.headers).get("Set-Cookie") };
}

describe("flash toast", () => {
  it("shows the created customer's message once on the next page, then clears it", async () => {
    const toast = await toastCookieAfterCreate();
    const next = await rootLoad(`${cookie}; ${toast}`);
    expect(next.toast).toMatchObject({ key: "toast.customerCreated", values: { name: "Acme GmbH" } });
    expect(next.setCookie).toMatch(/^crm_toast=;.*Max-Age=0/i);
    const plain = await rootLoad(cookie);
    expect(plain.toast).toBeNull();
    expect(plain.setCookie).toBeNull();
  });

  it("shows nothing for a cookie whose signature does not match, and clears it", async () => {
    const toast = await toastCookieAfterCreate();
    const [name, value] = toast.split("=") as [string, string];
    const forged = `${name}=${encodeURIComponent(btoa(JSON.stringify({ id: "x", key: "toast.orderCreated" })))}.${value.split(".").pop()}`;
    const next = await rootLoad(`${cookie}; ${forged}`);
    expect(next.toast).toBeNull();
  });
});
