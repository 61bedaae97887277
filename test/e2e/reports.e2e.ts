import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { baseUrl, openBrowser, signIn, type Browser } from "./browser";

let browser: Browser;

/** The command line against the browser tests' database, as a person would run it. */
function crm(...args: string[]): string {
  const result = spawnSync(process.execPath, ["--import", "tsx", "jobs/cli.ts", ...args], {
    env: { ...process.env, DATABASE_PATH: inject("databasePath") },
    encoding: "utf8",
    timeout: 120_000,
  });
  if (result.status !== 0) throw new Error(`crm ${args.join(" ")} failed:\n${result.stderr}`);
  return result.stdout;
}

function shanghaiDay(offsetDays: number): string {
  const day = new Date(Date.now() + offsetDays * 86_400_000);
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(day);
}

const number = (text: string | null) => Number((text ?? "").replace(/[^\d.]/g, ""));

beforeAll(async () => {
  // The scheduled jobs are off in the browser tests' server; run them once, as the night would.
  crm("job", "run", "all");
  browser = await openBrowser();
});
afterAll(async () => {
  await browser.close();
});

describe("reports over the demo data", () => {
  const from = shanghaiDay(-89);
  const to = shanghaiDay(0);

  it("the response report shows the command line's figures for the same period", async () => {
    const cli = JSON.parse(crm("report", "response", "--from", from, "--to", to, "--json")) as {
      counted: number;
      slaHit: number;
    };
    expect(cli.counted).toBeGreaterThan(100);
    const page = await browser.context.newPage();
    await signIn(page, "manager@demo.example");
    await page.waitForURL(`${baseUrl()}/overview`);
    await page.goto(`${baseUrl()}/reports/response?from=${from}&to=${to}`);
    const counted = page.locator('[data-figure="counted"]');
    await counted.waitFor();
    expect(number(await counted.textContent())).toBe(cli.counted);

    // A count opens the inquiries behind it inside the app, without reloading the page.
    await page.evaluate(() => Object.assign(window, { stillTheSamePage: true }));
    const link = page.locator('a[href*="metric=counted"]').first();
    const shown = number(await link.textContent());
    await link.click();
    await page.waitForURL(/\/inquiries\?.*metric=counted/);
    await page.getByRole("navigation", { name: "Pagination" }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { stillTheSamePage?: boolean }).stillTheSamePage)).toBe(true);
    expect(await page.getByRole("navigation", { name: "Pagination" }).textContent()).toContain(shown.toLocaleString("en-US"));
    await page.close();
  });

  it("the funnel shows the command line's stages for the same cohort", async () => {
    const cli = JSON.parse(crm("report", "funnel", "--from", from, "--to", to, "--json")) as {
      stages: { stage: string; count: number }[];
    };
    const page = await browser.context.newPage();
    await page.goto(`${baseUrl()}/reports/funnel?from=${from}&to=${to}`);
    for (const stage of cli.stages) {
      const cell = page.locator(`tr[data-stage="${stage.stage}"] td`).first();
      await cell.waitFor();
      expect(number(await cell.textContent()), stage.stage).toBe(stage.count);
    }
    await page.close();
  });

  it("the tiers report shows every tier the job assigned", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${baseUrl()}/reports/tiers`);
    await page.locator('[data-table="counts"]').waitFor();
    await page.locator('[data-table="movements"]').waitFor();
    expect(await page.locator('[data-table="counts"] tbody tr').count()).toBeGreaterThanOrEqual(4);
    await page.close();
  });

  it("the CLV report shows the fitted model and the command line's parameters", async () => {
    const params = JSON.parse(crm("clv", "params")) as { customers: number };
    expect(params.customers).toBeGreaterThan(30);
    const page = await browser.context.newPage();
    await page.goto(`${baseUrl()}/reports/clv`);
    await page.locator('[data-table="model"]').waitFor();
    await page.locator('[data-table="distribution"]').waitFor();
    await page.locator('[data-table="top"]').waitFor();
    // The chart's points as a table are drawn when the reader opens them.
    expect(await page.locator('[data-table="points"]').count()).toBe(0);
    await page.getByText("The plotted customers as a table").click();
    await page.locator('[data-table="points"] tbody tr').first().waitFor();
    expect(await page.locator('[data-table="points"] tbody tr').count()).toBeGreaterThan(10);
    await page.close();
  });

  it("every report offers its CSV", async () => {
    const page = await browser.context.newPage();
    for (const report of ["response", "funnel", "tiers", "clv"]) {
      const response = await page.request.get(`${baseUrl()}/reports/csv/${report}?from=${from}&to=${to}`);
      expect(response.status(), report).toBe(200);
      expect(response.headers()["content-type"]).toContain("text/csv");
      expect((await response.text()).split("\n").length, report).toBeGreaterThan(2);
    }
    await page.close();
  });
});

describe("each role's home", () => {
  it("the manager's overview shows today's figures, attention, funnel and value headlines", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${baseUrl()}/overview`);
    await page.getByRole("heading", { name: "Needs attention" }).waitFor();
    await page.getByRole("link", { name: "Funnel, last 30 days" }).waitFor();
    await page.getByRole("link", { name: "Predicted 12-month value" }).waitFor();
    await page.close();
  });

  it("a sales rep sees reminders and customers grouped by tier", async () => {
    await browser.context.clearCookies();
    const page = await browser.context.newPage();
    await signIn(page, "sales2@demo.example");
    await page.waitForURL(`${baseUrl()}/my-day`);
    await page.locator("[data-tier-group]").first().waitFor();
    expect(await page.locator("[data-tier-group]").count()).toBeGreaterThanOrEqual(2);
    await page.close();
  });

  it("a service user sees the inbox with their own figures", async () => {
    await browser.context.clearCookies();
    const page = await browser.context.newPage();
    await signIn(page, "service2@demo.example");
    await page.waitForURL(`${baseUrl()}/inquiries`);
    await page.getByText("My figures").first().waitFor();
    await page.close();
  });

  it("has no console errors", () => {
    expect(browser.consoleErrors).toEqual([]);
  });
});
