import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { verifyPassword } from "../app/auth/password.server";
import type { OpenDatabase } from "./client.server";
import { privateTestDb } from "../test/helpers";
import { DEMO_PASSWORD, channelId, createInquiry, createOrder, createQuote, createUser } from "./factories";
import { messages } from "./schema";

let open: OpenDatabase;
beforeEach(() => {
  open = privateTestDb();
});
afterEach(() => {
  open.sqlite.close();
});

describe("createQuote", () => {
  it("multiplies quantity by unit price in integer cents", () => {
    const quote = createQuote(open.db, { lines: [{ quantity: 3, unitPriceMinor: 3333 }] });
    expect(quote.lines[0].lineTotalMinor).toBe(9999);
    expect(quote.subtotalMinor).toBe(9999);
    expect(quote.discountMinor).toBe(0);
    expect(quote.totalMinor).toBe(9999);
  });

  it("rounds a 12.5% line discount half up", () => {
    const quote = createQuote(open.db, {
      lines: [
        // 3 × 33.33 × 0.875 = 87.49125 → 87.49
        { quantity: 3, unitPriceMinor: 3333, discountBps: 1250 },
        // 1 × 10.04 × 0.875 = 8.785 exactly → 8.79 (half up, not to even)
        { quantity: 1, unitPriceMinor: 1004, discountBps: 1250 },
      ],
    });
    expect(quote.lines.map((l) => l.lineTotalMinor)).toEqual([8749, 879]);
    expect(quote.subtotalMinor).toBe(9628);
    expect(quote.totalMinor).toBe(9628);
  });

  it("takes the quote discount off the subtotal, rounded half up", () => {
    // 10.10 × 5% = 0.505 → 0.51
    const quote = createQuote(open.db, { discountBps: 500, lines: [{ quantity: 1, unitPriceMinor: 1010 }] });
    expect(quote.discountMinor).toBe(51);
    expect(quote.totalMinor).toBe(959);
  });

  it("numbers quotes per year and fills validity, sent and decided dates", () => {
    const createdAt = new Date("2026-03-10T02:00:00Z");
    const a = createQuote(open.db, { createdAt });
    const b = createQuote(open.db, { createdAt, status: "accepted" });
    expect(a.number).toMatch(/^Q-2026-\d{5}$/);
    expect(Number(b.number.slice(-5))).toBe(Number(a.number.slice(-5)) + 1);
    expect(a.validUntil).toBe("2026-04-09");
    expect(a.sentAt).toBeNull();
    expect(b.sentAt).toEqual(createdAt);
    expect(b.decidedAt).toEqual(createdAt);
  });
});

describe("createOrder", () => {
  it("converts an EUR order at 1.0850 exactly, rounding half up", () => {
    // 123.45 EUR × 1.0850 = 133.943 25 USD → 133.94
    const order = createOrder(open.db, { currency: "EUR", fxRate: "1.0850", totalMinor: 12345 });
    expect(order.totalBaseMinor).toBe(13394);
    expect(order.fxRate).toBe("1.0850");
    // 1.00 EUR × 1.0850 = 1.085 → 1.09
    expect(createOrder(open.db, { currency: "EUR", fxRate: "1.0850", totalMinor: 100 }).totalBaseMinor).toBe(109);
  });

  it("keeps USD as is and converts CNY at its own rate", () => {
    expect(createOrder(open.db, { totalMinor: 250_000 }).totalBaseMinor).toBe(250_000);
    // 10,000.00 CNY × 0.1390 = 1,390.00 USD
    expect(createOrder(open.db, { currency: "CNY", fxRate: "0.1390", totalMinor: 1_000_000 }).totalBaseMinor).toBe(139_000);
  });

  it("totals its lines and the order discount", () => {
    const order = createOrder(open.db, {
      currency: "EUR",
      fxRate: "1.0850",
      discountBps: 500,
      lines: [
        { quantity: 3, unitPriceMinor: 3333 },
        { quantity: 1, unitPriceMinor: 1004, discountBps: 1250 },
      ],
    });
    // 99.99 + 8.79 = 108.78; 5% off = 5.439 → 5.44; total 103.34; × 1.085 = 112.1239 → 112.12
    expect(order.lines.map((l) => l.lineTotalMinor)).toEqual([9999, 879]);
    expect(order.totalMinor).toBe(10334);
    expect(order.totalBaseMinor).toBe(11212);
  });

  it("rejects a total that disagrees with its lines", () => {
    expect(() => createOrder(open.db, { totalMinor: 1, lines: [{ quantity: 1, unitPriceMinor: 2 }] })).toThrow(RangeError);
  });

  it("copies lines, currency and customer from a quote", () => {
    const quote = createQuote(open.db, { currency: "EUR", discountBps: 200, lines: [{ quantity: 10, unitPriceMinor: 999 }] });
    const order = createOrder(open.db, { quoteId: quote.id, fxRate: "1.1000" });
    expect(order.currency).toBe("EUR");
    expect(order.customerId).toBe(quote.customerId);
    expect(order.totalMinor).toBe(quote.totalMinor);
    expect(order.lines).toHaveLength(1);
    // 99.90 − 2% (1.998 → 2.00) = 97.90 EUR; × 1.1 = 107.69 USD
    expect(order.totalMinor).toBe(9790);
    expect(order.totalBaseMinor).toBe(10769);
  });

  it("numbers orders by the year in the team time zone", () => {
    // 17:00 UTC on 31 December is already 1 January in Shanghai.
    const order = createOrder(open.db, { orderedAt: new Date("2026-12-31T17:00:00Z") });
    expect(order.number).toBe("SO-2027-00001");
    expect(createOrder(open.db, { orderedAt: new Date("2027-02-01T03:00:00Z") }).number).toBe("SO-2027-00002");
  });
});

describe("createInquiry", () => {
  it("records the first human response and never an auto-reply", async () => {
    const user = await createUser(open.db, { role: "service", email: "agent@test.example" });
    const receivedAt = new Date("2026-11-20T14:00:00Z"); // 22:00 in Shanghai
    const inquiry = createInquiry(open.db, {
      receivedAt,
      autoReply: { at: new Date(receivedAt.getTime() + 2000) },
      firstResponse: { at: new Date("2026-11-21T01:12:00Z"), by: user.id, body: "Dear Jonas, …" },
    });
    expect(inquiry.status).toBe("responded");
    expect(inquiry.firstResponderId).toBe(user.id);
    expect(inquiry.frtMs).toBe(11 * 3600_000 + 12 * 60_000);
    const thread = open.db.select().from(messages).where(eq(messages.inquiryId, inquiry.id)).orderBy(messages.sentAt).all();
    expect(thread.map((m) => [m.direction, m.isAutoReply])).toEqual([
      ["in", false],
      ["out", true],
      ["out", false],
    ]);
    expect(thread[0].sentAt).toEqual(receivedAt);
    expect(thread[1].authorId).toBeNull();
    expect(thread[2].authorId).toBe(user.id);
    expect(thread[2].sentAt).toEqual(inquiry.firstResponseAt);
  });

  it("refuses a first response before the inquiry arrived", () => {
    const at = new Date("2026-11-20T02:00:00Z");
    expect(() => createInquiry(open.db, { receivedAt: at, firstResponse: { at: new Date(at.getTime() - 1), by: 1 } })).toThrow(
      RangeError,
    );
  });

  it("looks channels up by key", () => {
    const inquiry = createInquiry(open.db, { channel: "made_in_china" });
    expect(inquiry.channelId).toBe(channelId(open.db, "made_in_china"));
    expect(inquiry.status).toBe("new");
    expect(() => channelId(open.db, "fax")).toThrow();
  });
});

describe("createUser", () => {
  it("hashes the demo password once per process", async () => {
    const a = await createUser(open.db);
    const b = await createUser(open.db);
    expect(a.passwordHash).toBe(b.passwordHash);
    expect(await verifyPassword(DEMO_PASSWORD, a.passwordHash)).toBe(true);
    const c = await createUser(open.db, { passwordHash: "scrypt$given" });
    expect(c.passwordHash).toBe("scrypt$given");
  });
});
