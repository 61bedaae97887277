import type { OrderStatus, QuoteStatus } from "~db/enums";

/**
 * The life of quotes and orders. A quote is drafted, sent, then accepted or rejected by the buyer,
 * or expires unanswered; an order moves forward through production and shipping, or is cancelled.
 */

const QUOTE_MOVES: Record<QuoteStatus, QuoteStatus[]> = {
  draft: ["sent"],
  sent: ["accepted", "rejected", "expired"],
  accepted: [],
  rejected: [],
  expired: ["sent"],
};

export function canMoveQuote(from: QuoteStatus, to: QuoteStatus): boolean {
  return QUOTE_MOVES[from].includes(to);
}

/** Only a draft can still be edited; once sent, the buyer has seen its figures. */
export function isQuoteEditable(status: QuoteStatus): boolean {
  return status === "draft";
}

/** A sent quote whose valid-until day has passed (the day itself still counts as valid). */
export function isQuoteExpired(status: QuoteStatus, validUntil: string | null, today: string): boolean {
  return status === "sent" && validUntil !== null && validUntil < today;
}

const ORDER_FLOW: OrderStatus[] = ["confirmed", "deposit_paid", "in_production", "shipped", "completed"];

/** Forward only, one or more steps at a time; cancelling is possible until the order is completed. */
export function canMoveOrder(from: OrderStatus, to: OrderStatus): boolean {
  if (from === to) return false;
  if (to === "cancelled") return from !== "completed" && from !== "cancelled";
  const fromIndex = ORDER_FLOW.indexOf(from);
  const toIndex = ORDER_FLOW.indexOf(to);
  return fromIndex >= 0 && toIndex > fromIndex;
}

export function nextOrderStatuses(from: OrderStatus): OrderStatus[] {
  return [...ORDER_FLOW, "cancelled" as const].filter((to) => canMoveOrder(from, to));
}
