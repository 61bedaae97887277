import { describe, expect, it } from "vitest";
import { canMoveOrder, canMoveQuote, isQuoteEditable, isQuoteExpired, nextOrderStatuses } from "./documents";

describe("quotes", () => {
  it("go draft → sent → accepted or rejected", () => {
    expect(canMoveQuote("draft", "sent")).toBe(true);
    expect(canMoveQuote("sent", "accepted")).toBe(true);
    expect(canMoveQuote("sent", "rejected")).toBe(true);
    expect(canMoveQuote("draft", "accepted")).toBe(false);
    expect(canMoveQuote("accepted", "rejected")).toBe(false);
    expect(canMoveQuote("rejected", "sent")).toBe(false);
  });
  it("may be sent again after expiring", () => {
    expect(canMoveQuote("expired", "sent")).toBe(true);
  });
  it("can be edited only as drafts", () => {
    expect(isQuoteEditable("draft")).toBe(true);
    expect(isQuoteEditable("sent")).toBe(false);
  });
  it("expire the day after valid-until, and only when sent", () => {
    expect(isQuoteExpired("sent", "2026-11-22", "2026-11-22")).toBe(false);
    expect(isQuoteExpired("sent", "2026-11-22", "2026-11-23")).toBe(true);
    expect(isQuoteExpired("draft", "2026-11-01", "2026-11-23")).toBe(false);
    expect(isQuoteExpired("accepted", "2026-11-01", "2026-11-23")).toBe(false);
    expect(isQuoteExpired("sent", null, "2026-11-23")).toBe(false);
  });
});

describe("orders", () => {
  it("move forward, possibly skipping steps, never back", () => {
    expect(canMoveOrder("confirmed", "deposit_paid")).toBe(true);
    expect(canMoveOrder("confirmed", "shipped")).toBe(true);
    expect(canMoveOrder("shipped", "in_production")).toBe(false);
    expect(canMoveOrder("completed", "shipped")).toBe(false);
    expect(canMoveOrder("confirmed", "confirmed")).toBe(false);
  });
  it("can be cancelled until completed", () => {
    expect(canMoveOrder("in_production", "cancelled")).toBe(true);
    expect(canMoveOrder("completed", "cancelled")).toBe(false);
    expect(canMoveOrder("cancelled", "confirmed")).toBe(false);
  });
  it("lists the next possible statuses", () => {
    expect(nextOrderStatuses("shipped")).toEqual(["completed", "cancelled"]);
    expect(nextOrderStatuses("completed")).toEqual([]);
    expect(nextOrderStatuses("cancelled")).toEqual([]);
  });
});
