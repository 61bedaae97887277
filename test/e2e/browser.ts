import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { inject } from "vitest";

export const baseUrl = () => inject("baseUrl");

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export type Browser = { context: BrowserContext; close: () => Promise<void>; consoleErrors: string[] };

/**
 * Debian's Chromium, headless, with a throwaway profile and no calls to outside hosts; with
 * `javaScript: false` it is the browser of a user whose scripts are off (plain form posts).
 */
export async function openBrowser(options: { javaScript?: boolean } = {}): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), "crm-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    javaScriptEnabled: options.javaScript ?? true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  const consoleErrors: string[] = [];
  context.on("page", (page) => watchConsole(page, consoleErrors));
  for (const page of context.pages()) watchConsole(page, consoleErrors);
  return {
    context,
    consoleErrors,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

function watchConsole(page: Page, errors: string[]) {
  page.on("console", (message) => {
    // 4xx answers (403 pages, 400 form errors) are expected here; the browser logs them as failed loads.
    if (message.type() === "error" && !/status of 4\d\d/.test(message.text())) errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
}

export async function signIn(page: Page, email: string, password = "demo1234") {
  await page.goto(`${baseUrl()}/login`);
  await page.getByLabel(/E-mail|电子邮箱/).fill(email);
  await page.getByLabel(/Password|密码/).fill(password);
  await page.getByRole("button", { name: /Sign in|登录/ }).click();
}
