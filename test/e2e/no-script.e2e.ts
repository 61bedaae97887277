/**
 * The product with scripts off, and the sign-in redirect as a browser follows it: plain form posts
 * must answer pages, not errors (issue: "Run now" answered 500 without JavaScript), and a hostile
 * redirectTo must never take the browser to another host.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseUrl, openBrowser, signIn, type Browser } from "./browser";

let plain: Browser;
let scripted: Browser;

beforeAll(async () => {
  plain = await openBrowser({ javaScript: false });
  scripted = await openBrowser();
});
afterAll(async () => {
  await plain.close();
  await scripted.close();
});

describe("with JavaScript off", () => {
  it("a manager runs one job and then all jobs from the jobs page, and gets the page back each time", async () => {
    const page = await plain.context.newPage();
    const posts: number[] = [];
    page.on("response", (response) => {
      if (response.request().method() === "POST" && response.url().includes("/jobs")) posts.push(response.status());
    });
    await signIn(page, "manager@demo.example");
    await page.waitForURL(`${baseUrl()}/overview`);
    await page.goto(`${baseUrl()}/jobs`);
    await page.getByRole("button", { name: "Run now" }).first().click();
    await page.getByRole("heading", { level: 1, name: "Jobs" }).waitFor();
    await page.getByRole("button", { name: /Run all/ }).click();
    await page.getByRole("heading", { level: 1, name: "Jobs" }).waitFor();
    expect(posts).toEqual([200, 200]);
    await page.close();
  });
});

describe("the redirect after sign-in", () => {
  for (const target of [
    "/%09/evil.example/phish",
    "//evil.example",
    "/\\evil.example",
    "/%0d%0aLocation:%20http://evil.example",
  ]) {
    it(`stays on this site for redirectTo=${target}`, async () => {
      await scripted.context.clearCookies();
      const page = await scripted.context.newPage();
      await page.goto(`${baseUrl()}/login?redirectTo=${target}`);
      await page.getByLabel("E-mail").fill("manager@demo.example");
      await page.getByLabel("Password").fill("demo1234");
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("heading", { level: 1 }).first().waitFor();
      expect(new URL(page.url()).origin).toBe(baseUrl());
      await page.close();
    });
  }
  it("follows a redirectTo inside the app", async () => {
    await scripted.context.clearCookies();
    const page = await scripted.context.newPage();
    await page.goto(`${baseUrl()}/login?redirectTo=${encodeURIComponent("/orders?status=shipped")}`);
    await page.getByLabel("E-mail").fill("manager@demo.example");
    await page.getByLabel("Password").fill("demo1234");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${baseUrl()}/orders?status=shipped`);
    await page.close();
  });
});
