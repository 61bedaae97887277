import type { OrderStatus, QuoteStatus } from "~db/enums";
import { localDay } from "./calendar";

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

const NUMBER_PREFIXES = { quote: "Q", order: "SO" } as const;

/**
 * A year's series of document numbers ("Q-2026-00042", "SO-2026-00007"): the year is the team's,
 * so a document made on the night of 31 December in Shanghai belongs to the new year. `from` and
 * `to` bound exactly that year's numbers as text ("." sorts right after "-"), so the last number
 * so far is one range read on the unique index.
 */
export function documentNumberSeries(
  kind: keyof typeof NUMBER_PREFIXES,
  at: Date,
  timeZone: string,
): { from: string; to: string } {
  const year = localDay(at, timeZone).slice(0, 4);
  return { from: `${NUMBER_PREFIXES[kind]}-${year}-`, to: `${NUMBER_PREFIXES[kind]}-${year}.` };
}

/** The number after `last` in the series (the series' first when it has none yet). */
export function nextDocumentNumber(series: { from: string }, last: string | undefined): string {
  const n = last === undefined ? 1 : Number.parseInt(last.slice(series.from.length), 10) + 1;
  return `${series.from}${String(n).padStart(5, "0")}`;
}
