import { describe, expect, it } from "vitest";
import "./form";
import { orderMoveSchema, orderRate } from "./order";

describe("the rate of an order", () => {
  it("is 1 for the base currency, typed or not", () => {
    expect(orderRate("USD", "USD", "")).toEqual({ rate: "1" });
    expect(orderRate("USD", "USD", "1.000")).toEqual({ rate: "1" });
    expect(orderRate("USD", "USD", "1.08")).toEqual({ error: "documents.errors.baseRate" });
  });
  it("is required for any other currency and kept as exact text", () => {
    expect(orderRate("EUR", "USD", "")).toEqual({ error: "documents.errors.fxRequired" });
    expect(orderRate("EUR", "USD", "1.0850")).toEqual({ rate: "1.0850" });
    expect(orderRate("CNY", "USD", "0.1389")).toEqual({ rate: "0.1389" });
  });
  it("refuses a zero, negative or malformed rate", () => {
    expect(orderRate("EUR", "USD", "0")).toEqual({ error: "documents.errors.fxRate" });
    expect(orderRate("EUR", "USD", "0.000")).toEqual({ error: "documents.errors.fxRate" });
    expect(orderRate("EUR", "USD", "-1.08")).toEqual({ error: "documents.errors.fxRate" });
    expect(orderRate("EUR", "USD", "1,08")).toEqual({ error: "documents.errors.fxRate" });
  });
});

describe("moving an order", () => {
  it("needs a reason to cancel", () => {
    expect(orderMoveSchema.safeParse({ status: "cancelled", cancelReason: "" }).success).toBe(false);
    expect(orderMoveSchema.safeParse({ status: "cancelled", cancelReason: "Buyer withdrew" }).success).toBe(true);
    expect(orderMoveSchema.safeParse({ status: "shipped" }).success).toBe(true);
  });
});
