import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { baseUrl, openBrowser, signIn, type Browser } from "./browser";

let browser: Browser;

beforeAll(async () => {
  browser = await openBrowser();
});
afterAll(async () => {
  await browser.close();
});

type Fixture = {
  inquiryId: number;
  customerId: number;
  customer: string;
  agreedProductId: number;
  agreedPrice: number;
  otherProductId: number;
};

/** An answered inquiry of a customer with a USD agreed price, from the demo data. */
function findFixture(): Fixture {
  const database = new Database(inject("databasePath"), { readonly: true });
  try {
    const row = database
      .prepare(
        `select i.id as inquiryId, c.id as customerId, c.name as customer, a.product_id as agreedProductId, a.price_minor as agreedPrice
           from inquiries i
           join customers c on c.id = i.customer_id
           join agreed_prices a on a.customer_id = c.id and a.currency = 'USD'
          where i.status = 'responded'
          order by i.id limit 1`,
      )
      .get() as Omit<Fixture, "otherProductId"> | undefined;
    if (!row) throw new Error("the demo data has no answered inquiry of a customer with an agreed price");
    const other = database
      .prepare(
        `select id from products where currency = 'USD' and active = 1 and id != ?
            and id not in (select product_id from agreed_prices where customer_id = ?) order by id limit 1`,
      )
      .get(row.agreedProductId, row.customerId) as { id: number };
    return { ...row, otherProductId: other.id };
  } finally {
    database.close();
  }
}

describe("from an answered inquiry to an order", () => {
  it("quotes two lines (one at the agreed price), sends, accepts, orders; the inquiry is won", async () => {
    const fixture = findFixture();
    const page = await browser.context.newPage();
    await signIn(page, "sales2@demo.example");
    await page.waitForURL(`${baseUrl()}/my-day`);

    await page.goto(`${baseUrl()}/inquiries/${fixture.inquiryId}`);
    await page.getByRole("link", { name: "Draft a quote" }).click();
    await page.getByRole("heading", { level: 1, name: "New quote" }).waitFor();
    // A product picked before the page is interactive would fill in no price.
    await page.locator("html[data-hydrated]").waitFor({ state: "attached" });

    // Line 1: the product with an agreed price; the price fills itself in and says where it came from.
    await page.getByLabel("Product 1", { exact: true }).selectOption(String(fixture.agreedProductId));
    await page.locator('[data-price-source="agreed"]').waitFor();
    const agreed = await page.getByLabel("Unit price (USD) 1", { exact: true }).inputValue();
    expect(Math.round(Number(agreed) * 100)).toBe(fixture.agreedPrice);
    await page.getByLabel("Quantity 1", { exact: true }).fill("100");

    // Line 2: a product at its list price, with a line discount.
    await page.getByLabel("Product 2", { exact: true }).selectOption(String(fixture.otherProductId));
    await page.locator('[data-line="1"] [data-price-source="list"]').waitFor();
    await page.getByLabel("Quantity 2", { exact: true }).fill("50");
    await page.getByLabel("Discount % 2", { exact: true }).fill("10");
    const shownTotal = await page.locator('[data-total="total"]').textContent();
    expect(shownTotal).toMatch(/\$[\d,]+\.\d{2}/);

    await page.getByRole("button", { name: "Save draft" }).click();
    await page.getByTestId("quote-status").getByText("Draft").waitFor();
    // What the builder showed is what was stored.
    expect(await page.getByTestId("document-total").textContent()).toBe(shownTotal);

    await page.getByRole("button", { name: "Mark as sent" }).click();
    await page.getByTestId("quote-status").getByText("Sent").waitFor();
    await page.getByRole("button", { name: "Buyer accepted" }).click();
    await page.getByTestId("quote-status").getByText("Accepted").waitFor();
    await page.getByRole("link", { name: "Turn into an order" }).click();
    await page.getByRole("heading", { level: 1, name: "New order" }).waitFor();
    await page.getByRole("button", { name: "Take the order" }).click();
    await page.getByTestId("order-status").getByText("Confirmed").waitFor();
    const orderNumber = (await page.getByRole("heading", { level: 1 }).textContent())!.replace("Order ", "");
    expect(orderNumber).toMatch(/^SO-\d{4}-\d{5}$/);

    await page.goto(`${baseUrl()}/inquiries/${fixture.inquiryId}`);
    await page.getByTestId("inquiry-status").getByText("Won").waitFor();

    await page.goto(`${baseUrl()}/customers/${fixture.customerId}`);
    await page.getByRole("link", { name: orderNumber }).waitFor();
    await page.close();
  });

  it("has no console errors", () => {
    expect(browser.consoleErrors).toEqual([]);
  });
});
