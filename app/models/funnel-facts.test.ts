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
    .select({
      quoted: inquiries.funnelQuoted,
      wonAt: inquiries.wonAt,
      wonCustomerId: inquiries.wonCustomerId,
      repeat: inquiries.funnelRepeat,
    })
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

    const quote = createQuote(db, {
      customerId: buyer.id,
      inquiryId: inquiry.id,
      status: "sent",
      createdAt: local("2026-03-03T10:00:00"),
    });
    const first = createOrder(db, { quoteId: quote.id, totalMinor: 100_000, orderedAt: local("2026-03-10T10:00:00") });
    expect(queued()).toBe(1);
    expect(refreshQueuedFunnelFacts(db)).toEqual({ examined: 1, changed: 1 });
    expect(facts(inquiry.id)).toEqual({ quoted: true, wonAt: first.orderedAt, wonCustomerId: buyer.id, repeat: false });

    // Another order of the same customer 365 days after the first, linked to nothing: a repeat,
    // found through the customer of the first won order.
    const again = createOrder(db, {
      customerId: buyer.id,
      totalMinor: 5_000,
      orderedAt: new Date(first.orderedAt.getTime() + 365 * DAY),
    });
    expect(refreshQueuedFunnelFacts(db)).toEqual({ examined: 1, changed: 1 });
    expect(facts(inquiry.id).repeat).toBe(true);
    expect(refreshQueuedFunnelFacts(db)).toEqual({ examined: 0, changed: 0 });

    // One millisecond later than 365 days is outside the window.
    db.update(orders)
      .set({ orderedAt: new Date(first.orderedAt.getTime() + 365 * DAY + 1) })
      .where(eq(orders.id, again.id))
      .run();
    refreshQueuedFunnelFacts(db);
    expect(facts(inquiry.id).repeat).toBe(false);

    // Cancelling the won order: not won any more, still quoted.
    db.update(orders).set({ status: "cancelled" }).where(eq(orders.id, first.id)).run();
    expect(refreshQueuedFunnelFacts(db)).toMatchObject({ changed: 1 });
    expect(facts(inquiry.id)).toEqual({ quoted: true, wonAt: null, wonCustomerId: null, repeat: false });
    expect(queued()).toBe(0);
  });
});

describe("the funnel's daily counts kept by triggers", () => {
  /** What funnel_daily and funnel_daily_channels must hold: the counted inquiries, grouped. */
  const expected = (by: "assignee" | "channel") =>
    db.all(sql`
      select received_day as day, channel_id as channelId, ${by === "assignee" ? sql`coalesce(assignee_id, 0)` : sql`0`} as assigneeId,
             count(*) as received, sum(first_response_at is not null) as responded, sum(funnel_quoted) as quoted,
             sum(won_at is not null) as won, sum(funnel_repeat) as repeated
        from inquiries where status <> 'spam' and received_day is not null
       group by 1, 2, 3 order by 1, 2, 3`);
  const stored = (by: "assignee" | "channel") =>
    db.all(
      by === "assignee"
        ? sql`select day, channel_id as channelId, assignee_id as assigneeId, received, responded, quoted, won, repeated
                from funnel_daily where received > 0 order by 1, 2, 3`
        : sql`select day, channel_id as channelId, 0 as assigneeId, received, responded, quoted, won, repeated
                from funnel_daily_channels where received > 0 order by 1, 2, 3`,
    );

  it("follow every insert, change and delete of an inquiry, per day, channel and assignee and per day and channel", () => {
    const channels = db.all<{ id: number }>(sql`select id from channels order by id limit 2`).map((row) => row.id);
    const buyer = createCustomer(db, { name: "Acme GmbH" });
    const made = [0, 1, 2, 3, 4, 5].map((i) =>
      createInquiry(db, {
        customerId: buyer.id,
        channelId: channels[i % 2],
        receivedAt: local(`2026-03-0${1 + (i % 3)}T10:00:00`),
      }),
    );
    // Answered, quoted and won; moved to another channel and day; marked spam; deleted.
    db.update(inquiries)
      .set({ firstResponseAt: local("2026-03-01T10:00:20") })
      .where(eq(inquiries.id, made[0].id))
      .run();
    const quote = createQuote(db, { customerId: buyer.id, inquiryId: made[1].id, status: "sent" });
    createOrder(db, { quoteId: quote.id, totalMinor: 10_000, orderedAt: local("2026-03-05T10:00:00") });
    refreshQueuedFunnelFacts(db);
    db.update(inquiries).set({ channelId: channels[1], receivedDay: "2026-03-04" }).where(eq(inquiries.id, made[2].id)).run();
    db.update(inquiries).set({ status: "spam" }).where(eq(inquiries.id, made[3].id)).run();
    db.delete(inquiries).where(eq(inquiries.id, made[4].id)).run();

    expect(stored("assignee")).toEqual(expected("assignee"));
    expect(stored("channel")).toEqual(expected("channel"));
    expect((stored("channel") as { won: number }[]).reduce((sum, row) => sum + row.won, 0)).toBe(1);
  });
});
