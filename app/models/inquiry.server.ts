import { and, count, desc, eq, gte, isNull, lt, ne } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { DB } from "~db/client.server";
import { channels, customers, inquiries, users } from "~db/schema";
import { pageInfo } from "~/utils/pagination";

const assignee = alias(users, "assignee");

/** One page of the inbox, newest first, with the total for the pager counted in SQL. */
export function listInquiries(db: DB, options: { page: number }) {
  const total = db.select({ n: count() }).from(inquiries).get()?.n ?? 0;
  const info = pageInfo(total, options.page);
  const rows = db
    .select({
      id: inquiries.id,
      subject: inquiries.subject,
      status: inquiries.status,
      receivedAt: inquiries.receivedAt,
      firstResponseAt: inquiries.firstResponseAt,
      frtMs: inquiries.frtMs,
      channel: channels.name,
      customer: customers.name,
      assignee: assignee.name,
    })
    .from(inquiries)
    .innerJoin(channels, eq(channels.id, inquiries.channelId))
    .leftJoin(customers, eq(customers.id, inquiries.customerId))
    .leftJoin(assignee, eq(assignee.id, inquiries.assigneeId))
    .orderBy(desc(inquiries.receivedAt), desc(inquiries.id))
    .limit(info.pageSize)
    .offset(info.offset)
    .all();
  return { ...info, rows };
}

export function countInquiriesReceivedBetween(db: DB, from: Date, to: Date): number {
  return (
    db
      .select({ n: count() })
      .from(inquiries)
      .where(and(gte(inquiries.receivedAt, from), lt(inquiries.receivedAt, to)))
      .get()?.n ?? 0
  );
}

/** Counted (not spam) inquiries still waiting for their first human response. */
export function countUnanswered(db: DB): number {
  return (
    db
      .select({ n: count() })
      .from(inquiries)
      .where(and(isNull(inquiries.firstResponseAt), ne(inquiries.status, "spam"), ne(inquiries.status, "lost")))
      .get()?.n ?? 0
  );
}
