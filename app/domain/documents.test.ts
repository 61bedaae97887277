import { describe, expect, it } from "vitest";
import {
  canMoveOrder,
  canMoveQuote,
  documentNumberSeries,
  isQuoteEditable,
  isQuoteExpired,
  nextDocumentNumber,
  nextOrderStatuses,
} from "./documents";

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

describe("document numbers", () => {
  it("take the year of the team's calendar: 31 December 16:00 UTC is already the new year in Shanghai", () => {
    expect(documentNumberSeries("order", new Date("2026-12-31T15:59:59.999Z"), "Asia/Shanghai").from).toBe("SO-2026-");
    expect(documentNumberSeries("order", new Date("2026-12-31T16:00:00Z"), "Asia/Shanghai").from).toBe("SO-2027-");
    expect(documentNumberSeries("quote", new Date("2026-12-31T16:00:00Z"), "UTC")).toEqual({ from: "Q-2026-", to: "Q-2026." });
  });

  it("bound exactly one year's numbers", () => {
    const { from, to } = documentNumberSeries("order", new Date("2026-06-01T00:00:00Z"), "UTC");
    const inRange = (number: string) => number >= from && number < to;
    expect(inRange("SO-2026-00001")).toBe(true);
    expect(inRange("SO-2026-99999")).toBe(true);
    expect(inRange("SO-2026-100000")).toBe(true);
    expect(inRange("SO-2025-99999")).toBe(false);
    expect(inRange("SO-2027-00001")).toBe(false);
  });

  it("count on from the last number of the series, five digits at least", () => {
    const series = { from: "Q-2026-" };
    expect(nextDocumentNumber(series, undefined)).toBe("Q-2026-00001");
    expect(nextDocumentNumber(series, "Q-2026-00041")).toBe("Q-2026-00042");
    expect(nextDocumentNumber(series, "Q-2026-99999")).toBe("Q-2026-100000");
  });
});
