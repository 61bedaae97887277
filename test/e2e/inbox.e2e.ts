import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { baseUrl, openBrowser, signIn, type Browser } from "./browser";

let manager: Browser;
let service: Browser;

beforeAll(async () => {
  manager = await openBrowser();
  service = await openBrowser();
});
afterAll(async () => {
  await manager.close();
  await service.close();
});

function hitsFrom(text: string | null): { hits: number; total: number } {
  const match = /(\d+) of (\d+)/.exec(text ?? "");
  if (!match) throw new Error(`no "hits of total" in ${JSON.stringify(text)}`);
  return { hits: Number(match[1]), total: Number(match[2]) };
}

describe("answering an inquiry from the live inbox", () => {
  it("shows a new API inquiry within 2 s, answers it with a template and moves the 30-second rate", async () => {
    // The server's team is open around the clock (./global-setup.ts), so the new inquiry counts in
    // business hours whenever the test runs.
    const boss = await manager.context.newPage();
    await signIn(boss, "manager@demo.example");
    await boss.waitForURL(`${baseUrl()}/overview`);
    const before = hitsFrom(await boss.locator('[data-figure="thirty-second-hits"]').textContent());

    const page = await service.context.newPage();
    // The page's own clock, moved on by the test rather than waited for.
    await page.clock.install();
    await signIn(page, "service2@demo.example");
    await page.waitForURL(`${baseUrl()}/inquiries`);
    await page.locator("tbody tr").first().waitFor();

    const subject = `E2E hinges ${Date.now()}`;
    const response = await fetch(`${baseUrl()}/api/v1/inquiries`, {
      method: "POST",
      headers: { Authorization: `Bearer ${inject("intakeKey")}`, "Content-Type": "application/json" },
      body: JSON.stringify({
        channel: "alibaba",
        externalId: subject,
        subject,
        message: "Please quote FOB Ningbo for 2,000 pcs.",
        buyer: { company: "E2E Trading GmbH", name: "Erika Muster", email: "erika@e2e.example", country: "DE" },
      }),
    });
    expect(response.status).toBe(201);

    const link = page.getByRole("link", { name: subject });
    await link.waitFor({ timeout: 2000 });
    const row = page.locator("tr", { has: link });
    const clock = row.locator("[data-clock-state]");
    await clock.waitFor();
    const firstReading = (await clock.textContent()) ?? "";
    await page.clock.fastForward(5_000);
    // The unanswered inquiry's age moves on with the page's clock.
    await row.locator("[data-clock-state]", { hasNotText: firstReading }).waitFor();

    await link.click();
    await page.getByRole("heading", { level: 1, name: subject }).waitFor();
    await page.getByLabel("Insert a reply template").selectOption({ index: 1 });
    const message = page.getByLabel("Message", { exact: true });
    expect((await message.inputValue()).length).toBeGreaterThan(10);
    await message.fill(`${await message.inputValue()}\nBest regards`);
    await page.getByRole("button", { name: "Send reply" }).click();
    await page.getByTestId("inquiry-status").getByText("Responded").waitFor();
    await expect(page.getByTestId("inquiry-frt").textContent()).resolves.toMatch(/First response: \d/);
    await page.getByText("Best regards").waitFor();

    await boss.reload();
    const after = hitsFrom(await boss.locator('[data-figure="thirty-second-hits"]').textContent());
    expect(after).toEqual({ hits: before.hits + 1, total: before.total + 1 });
  });

  it("has no console errors", () => {
    expect([...manager.consoleErrors, ...service.consoleErrors]).toEqual([]);
  });
});
