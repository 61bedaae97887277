import { sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { addMessage, assignInquiry, changeInquiryStatus, countUnanswered, OPEN_STATUSES_EXCLUDED } from "~/models/inquiry.server";
import { getSettings } from "~/models/settings.server";
import type { DB } from "~db/client.server";
import { createInquiry, insertUser } from "~db/factories";
import { inquiries } from "~db/schema";
import { createTestDb } from "./helpers";

// The badge's counts are kept by triggers; the answer by definition is a count over the table.
let db: DB;
const now = new Date("2026-03-02T03:00:00.000Z");

function byDefinition(assigneeId?: number): number {
  const where = assigneeId === undefined ? sql`` : sql` and coalesce(assignee_id, 0) = ${assigneeId}`;
  return db.get<{ n: number }>(
    sql`select count(*) as n from inquiries where first_response_at is null and status not in (${sql.join(
      OPEN_STATUSES_EXCLUDED.map((status) => sql`${status}`),
      sql`, `,
    )})${where}`,
  ).n;
}

function expectAgreement(people: number[]) {
  expect(countUnanswered(db)).toBe(byDefinition());
  for (const id of [0, ...people]) expect(countUnanswered(db, id), `assignee ${id}`).toBe(byDefinition(id));
}

describe("unanswered counts kept by triggers", () => {
  let ann: number;
  let bob: number;
  beforeEach(() => {
    db = createTestDb().db;
    ann = insertUser(db, { email: "ann@x.example", role: "service", passwordHash: "x" }).id;
    bob = insertUser(db, { email: "bob@x.example", role: "service", passwordHash: "x" }).id;
  });

  it("follows inquiries received, answered, reassigned, marked spam or lost, reopened and deleted", () => {
    const settings = getSettings(db);
    const a = createInquiry(db, { receivedAt: now, assigneeId: ann });
    const b = createInquiry(db, { receivedAt: now, assigneeId: ann });
    const c = createInquiry(db, { receivedAt: now });
    createInquiry(db, { receivedAt: now, assigneeId: bob, firstResponse: { at: new Date(now.getTime() + 5000), by: bob } });
    expectAgreement([ann, bob]);
    expect(countUnanswered(db)).toBe(3);
    expect(countUnanswered(db, ann)).toBe(2);

    addMessage(db, { inquiryId: a.id, authorId: ann, direction: "out", body: "Thanks, here is our price." }, { now, settings });
    expect(countUnanswered(db, ann)).toBe(1);
    addMessage(db, { inquiryId: b.id, authorId: ann, direction: "note", body: "Internal note" }, { now, settings });
    expect(countUnanswered(db, ann)).toBe(1); // a note is not a response
    expectAgreement([ann, bob]);

    assignInquiry(db, c.id, bob, now);
    assignInquiry(db, b.id, null, now);
    expectAgreement([ann, bob]);
    expect(countUnanswered(db, bob)).toBe(1);

    changeInquiryStatus(db, c.id, { status: "spam" }, { now, settings });
    expect(countUnanswered(db, bob)).toBe(0);
    changeInquiryStatus(db, b.id, { status: "lost", lostReason: "No budget" }, { now, settings });
    expectAgreement([ann, bob]);
    expect(countUnanswered(db)).toBe(0);
    changeInquiryStatus(db, c.id, { status: "new" }, { now, settings });
    expectAgreement([ann, bob]);
    expect(countUnanswered(db)).toBe(1);

    db.delete(inquiries).where(sql`${inquiries.id} = ${c.id}`).run();
    expectAgreement([ann, bob]);
    expect(countUnanswered(db)).toBe(0);
  });

  it("agrees with the table after a bulk of mixed writes", () => {
    for (let i = 0; i < 60; i++) {
      createInquiry(db, {
        receivedAt: new Date(now.getTime() + i * 1000),
        assigneeId: [ann, bob, null][i % 3],
        status: (["new", "spam", "lost", "quoted"] as const)[i % 4],
      });
    }
    db.run(sql`update inquiries set assignee_id = ${bob} where id % 5 = 0`);
    db.run(sql`update inquiries set first_response_at = received_at + 1000 where id % 7 = 0`);
    db.run(sql`update inquiries set status = 'spam' where id % 11 = 0`);
    db.run(sql`delete from inquiries where id % 13 = 0`);
    expectAgreement([ann, bob]);
  });
});
