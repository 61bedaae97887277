import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseUrl, openBrowser, signIn, type Browser } from "./browser";

let browser: Browser;

beforeAll(async () => {
  browser = await openBrowser();
});
afterAll(async () => {
  await browser.close();
});

async function freshPage() {
  await browser.context.clearCookies();
  return browser.context.newPage();
}

describe("every role signs in and lands on its home", () => {
  const homes = [
    { email: "service1@demo.example", path: "/inquiries", heading: /Inbox|询盘收件箱/ },
    { email: "sales2@demo.example", path: "/my-day", heading: "My day" },
    { email: "manager@demo.example", path: "/overview", heading: "Overview" },
    { email: "admin@demo.example", path: "/overview", heading: "Overview" },
  ];
  for (const home of homes) {
    it(`${home.email} → ${home.path}`, async () => {
      const page = await freshPage();
      await signIn(page, home.email);
      await page.waitForURL(`${baseUrl()}${home.path}`);
      await page.getByRole("heading", { level: 1, name: home.heading }).waitFor();
      await page.close();
    });
  }

  it("a sales rep whose language is Chinese sees the home in Chinese", async () => {
    const page = await freshPage();
    await signIn(page, "sales1@demo.example");
    await page.waitForURL(`${baseUrl()}/my-day`);
    await page.getByRole("heading", { level: 1, name: "我的今天" }).waitFor();
    await page.getByRole("link", { name: "询盘收件箱" }).waitFor();
    await page.close();
  });

  it("the demo inbox is populated", async () => {
    const page = await freshPage();
    await signIn(page, "service2@demo.example");
    await page.waitForURL(`${baseUrl()}/inquiries`);
    await page.locator("tbody tr").nth(49).waitFor();
    expect(await page.locator("tbody tr").count()).toBe(50);
    await expect(page.getByText(/1–50 of [\d,]+/).textContent()).resolves.toMatch(/of (2|3),\d{3}/);
    await page.close();
  });
});

describe("what a role may not do", () => {
  it("a service user gets 403 on settings", async () => {
    const page = await freshPage();
    await signIn(page, "service1@demo.example");
    await page.waitForURL(`${baseUrl()}/inquiries`);
    const response = await page.goto(`${baseUrl()}/settings`);
    expect(response?.status()).toBe(403);
    await page.getByRole("heading", { name: /Not allowed|无权访问/ }).waitFor();
    // The navigation offers no link to it either.
    expect(await page.getByRole("link", { name: /Settings|设置/ }).count()).toBe(0);
    await page.close();
  });

  it("a direct request from a service user to a manager page answers 403", async () => {
    const page = await freshPage();
    await signIn(page, "service2@demo.example");
    await page.waitForURL(`${baseUrl()}/inquiries`);
    const response = await page.request.get(`${baseUrl()}/overview`);
    expect(response.status()).toBe(403);
    await page.close();
  });
});

describe("sign-in errors", () => {
  it("a wrong password says so without naming the cause and keeps the e-mail", async () => {
    const page = await freshPage();
    await signIn(page, "manager@demo.example", "wrong-password");
    await page.getByRole("alert").getByText("The e-mail or password is not right.").waitFor();
    expect(await page.getByLabel("E-mail").inputValue()).toBe("manager@demo.example");
    await page.close();
  });
});

describe("settings form", () => {
  it("shows an error beside each bad field and keeps what was typed", async () => {
    const page = await freshPage();
    await signIn(page, "manager@demo.example");
    await page.waitForURL(`${baseUrl()}/overview`);
    await page.goto(`${baseUrl()}/settings`);
    await page.getByLabel("Team time zone").fill("Mars/Olympus");
    await page.getByLabel("Response threshold (seconds)").fill("abc");
    await page.getByLabel("Company name").fill("Ningbo Demo Hardware Co., Ltd.");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByText("Unknown time zone").waitFor();
    await page.getByText("Enter a number.").waitFor();
    expect(await page.getByLabel("Team time zone").inputValue()).toBe("Mars/Olympus");
    expect(await page.getByLabel("Company name").inputValue()).toBe("Ningbo Demo Hardware Co., Ltd.");
    // Fixing the fields saves.
    await page.getByLabel("Team time zone").fill("Asia/Shanghai");
    await page.getByLabel("Response threshold (seconds)").fill("30");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByText("Saved.").waitFor();
    await page.reload();
    expect(await page.getByLabel("Company name").inputValue()).toBe("Ningbo Demo Hardware Co., Ltd.");
    await page.close();
  });
});

describe("sign-out", () => {
  it("ends the session", async () => {
    const page = await freshPage();
    await signIn(page, "admin@demo.example");
    await page.waitForURL(`${baseUrl()}/overview`);
    await page.getByRole("button", { name: "Sign out" }).first().click();
    await page.waitForURL(/\/login/);
    await page.goto(`${baseUrl()}/overview`);
    await page.waitForURL(/\/login\?redirectTo=%2Foverview/);
    await page.close();
  });
});

describe("pages load without console errors", () => {
  it("has none across the visited pages", () => {
    expect(browser.consoleErrors).toEqual([]);
  });
});
