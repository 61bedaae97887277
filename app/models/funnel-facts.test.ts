import { eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { DB } from "~db/client.server";
import { createCustomer, createInquiry, createOrder, createQuote } from "~db/factories";
import { inquiries, orders } from "~db/schema";
import { createTestDb } from "../../test/helpers";
import { refreshQueuedFunnelFacts } from "./funnel-facts.server";

// Instants as team-local time (Asia/Shanghai, UTC+8).
const local = (text: string) => new Date(`${text}+08:00`);
const DAY = 86_400_000;
let db: DB;

const facts = (id: number) =>
  db
    .select({ quoted: inquiries.funnelQuoted, wonAt: inquiries.wonAt, wonCustomerId: inquiries.wonCustomerId, repeat: inquiries.funnelRepeat })
    .from(inquiries)
    .where(eq(inquiries.id, id))
    .get()!;
const queued = () => db.get<{ n: number }>(sql`select count(*) as n from funnel_queue`).n;

beforeEach(() => {
  db = createTestDb().db;
});

describe("funnel facts kept from the change queue", () => {
  it("follow quotes and orders as they are written, and a second pass changes nothing", () => {
    const buyer = createCustomer(db, { name: "Acme GmbH" });
    const inquiry = createInquiry(db, { customerId: buyer.id, receivedAt: local("2026-03-02T10:00:00") });
    expect(refreshQueuedFunnelFacts(db)).toEqual({ examined: 0, changed: 0 }); // nothing to do yet

    const quote = createQuote(db, { customerId: buyer.id, inquiryId: inquiry.id, status: "sent", createdAt: local("2026-03-03T10:00:00") });
    const first = createOrder(db, { quoteId: quote.id, totalMinor: 100_000, orderedAt: local("2026-03-10T10:00:00") });
    expect(queued()).toBe(1);
    expect(refreshQueuedFunnelFacts(db)).toEqual({ examined: 1, changed: 1 });
    expect(facts(inquiry.id)).toEqual({ quoted: true, wonAt: first.orderedAt, wonCustomerId: buyer.id, repeat: false });

    // Another order of the same customer 365 days after the first, linked to nothing: a repeat,
    // found through the customer of the first won order.
    const again = createOrder(db, { customerId: buyer.id, totalMinor: 5_000, orderedAt: new Date(first.orderedAt.getTime() + 365 * DAY) });
    expect(refreshQueuedFunnelFacts(db)).toEqual({ examined: 1, changed: 1 });
    expect(facts(inquiry.id).repeat).toBe(true);
    expect(refreshQueuedFunnelFacts(db)).toEqual({ examined: 0, changed: 0 });

    // One millisecond later than 365 days is outside the window.
    db.update(orders).set({ orderedAt: new Date(first.orderedAt.getTime() + 365 * DAY + 1) }).where(eq(orders.id, again.id)).run();
    refreshQueuedFunnelFacts(db);
    expect(facts(inquiry.id).repeat).toBe(false);

    // Cancelling the won order: not won any more, still quoted.
    db.update(orders).set({ status: "cancelled" }).where(eq(orders.id, first.id)).run();
    expect(refreshQueuedFunnelFacts(db)).toMatchObject({ changed: 1 });
    expect(facts(inquiry.id)).toEqual({ quoted: true, wonAt: null, wonCustomerId: null, repeat: false });
    expect(queued()).toBe(0);
  });
});
