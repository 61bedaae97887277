/**
 * Model-level tests of the inquiry workflow (SPEC §3, §9): intake, the first response, the
 * out-of-hours auto-reply and business SLA, round-robin, status changes, escalation, the inbox
 * list and today's live figures.
 *
 * Every model takes `now`, so every instant here is fixed. The team calendar is the default one:
 * Monday–Friday 09:00–18:00 Asia/Shanghai (UTC+8, no DST). 2026-11-21 is a Saturday, 2026-11-22 a
 * Sunday and 2026-11-23 a Monday. `sh("2026-11-23T10:00:00")` is 10:00 Shanghai time, i.e.
 * 2026-11-23T02:00:00Z; the key conversions are spelled out in UTC next to the tests.
 */
import { and, count, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { createCustomer, createInquiry, createUser, type User } from "~db/factories";
import { contacts, customers, inquiries, messages, reminders, users } from "~db/schema";
import type { OpenDatabase } from "~db/client.server";
import { responseFigures, type InquiryTiming } from "~/domain/sla";
import {
  addMessage,
  assignInquiry,
  changeInquiryStatus,
  countUnanswered,
  createCustomerFromInquiry,
  escalateOverdueInquiries,
  linkInquiryCustomer,
  listInquiries,
  receiveInquiry,
  responsePolicy,
  todaysFigures,
  type IncomingInquiry,
} from "~/models/inquiry.server";
import { getSettings, saveSettings } from "~/models/settings.server";
import { inboxFilterSchema } from "~/schemas/inquiry";
import type { Settings } from "~/schemas/settings";
import { createTestDb } from "./helpers";

/** A Shanghai wall-clock time ("YYYY-MM-DDTHH:mm:ss[.sss]") as an instant: UTC+8, no DST. */
const sh = (local: string) => new Date(`${local}+08:00`);
const plus = (at: Date, ms: number) => new Date(at.getTime() + ms);

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

// Monday 2026-11-23 10:00 Shanghai = 2026-11-23T02:00:00Z: inside Monday's 09:00–18:00 window.
const MON_10 = sh("2026-11-23T10:00:00");
// Saturday 2026-11-21 10:00 Shanghai = 2026-11-21T02:00:00Z: Saturday has no window.
const SAT_10 = sh("2026-11-21T10:00:00");

let database: OpenDatabase;
let settings: Settings;
let svc: User;
let rep: User;

beforeEach(async () => {
  database = createTestDb();
  settings = getSettings(database.db);
  // Neither is on duty (the default), so round-robin leaves inquiries unassigned unless a test
  // puts someone on duty.
  svc = await createUser(database.db, { email: "svc@example.com", name: "Svc", role: "service" });
  rep = await createUser(database.db, { email: "rep@example.com", name: "Rep", role: "sales" });
});

function receive(
  overrides: Partial<IncomingInquiry> & { receivedAt: Date },
  options: { now?: Date; settings?: Settings; autoReply?: boolean } = {},
): number {
  const result = receiveInquiry(
    database.db,
    {
      channelKey: "alibaba",
      subject: "Quotation for 2,000 pcs stainless hinges",
      message: "Please send FOB Ningbo price, MOQ and lead time.",
      buyer: { company: "Acme GmbH", name: "Jonas Weber", email: "jonas@acme.example", country: "DE" },
      ...overrides,
    },
    { now: options.now ?? overrides.receivedAt, settings: options.settings ?? settings, autoReply: options.autoReply ?? true },
  );
  if (!result.ok) throw new Error(`receiveInquiry failed: ${result.reason}`);
  return result.id;
}

function send(
  inquiryId: number,
  author: User,
  at: Date,
  direction: "out" | "note" = "out",
  body = "Our offer: USD 0.95/pc FOB Ningbo.",
) {
  return addMessage(database.db, { inquiryId, authorId: author.id, direction, body }, { now: at, settings });
}

const row = (id: number) => database.db.select().from(inquiries).where(eq(inquiries.id, id)).get()!;
const thread = (id: number) => database.db.select().from(messages).where(eq(messages.inquiryId, id)).orderBy(messages.id).all();
const escalations = (inquiryId?: number) =>
  database.db
    .select()
    .from(reminders)
    .where(and(eq(reminders.kind, "sla_escalation"), inquiryId === undefined ? undefined : eq(reminders.inquiryId, inquiryId)))
    .all();

describe("the first response", () => {
  it("records a reply exactly 30 s after receipt as the first response, and a 30-second hit", () => {
    const id = receive({ receivedAt: MON_10 });
    // 10:00:00 + 30 000 ms = 10:00:30 Shanghai = 02:00:30Z.
    const result = send(id, svc, plus(MON_10, 30_000));
    expect(result).toEqual({ messageId: expect.any(Number), firstResponse: true });
    const inquiry = row(id);
    expect(inquiry.firstResponseAt?.toISOString()).toBe("2026-11-23T02:00:30.000Z");
    expect(inquiry.firstResponderId).toBe(svc.id);
    expect(inquiry.status).toBe("responded");
    expect(inquiry.frtMs).toBe(30_000);
    // All 30 s lie inside Monday's window, so business FRT = calendar FRT.
    expect(inquiry.businessFrtMs).toBe(30_000);
    expect(inquiry.inBusinessHours).toBe(true);
    expect(inquiry.within30s).toBe(true); // 30 000 ≤ 30 000: the limit is inclusive
    expect(inquiry.within24h).toBe(true);
    // The business SLA only applies to inquiries received outside business hours.
    expect(inquiry.slaStatus).toBeNull();
  });

  it("counts 30.001 s as a miss", () => {
    const id = receive({ receivedAt: MON_10 });
    send(id, svc, plus(MON_10, 30_001));
    const inquiry = row(id);
    expect(inquiry.firstResponseAt?.toISOString()).toBe("2026-11-23T02:00:30.001Z");
    expect(inquiry.frtMs).toBe(30_001);
    expect(inquiry.within30s).toBe(false); // 30 001 > 30 000
    expect(inquiry.within24h).toBe(true); // 30.001 s ≤ 24 h
    expect(inquiry.status).toBe("responded");
  });

  it("is never set by a note, and never moved by a later reply or note", () => {
    const id = receive({ receivedAt: MON_10 });

    // A note at +5 s is internal: nothing about the first response changes.
    expect(send(id, svc, plus(MON_10, 5_000), "note", "Checking stock first")?.firstResponse).toBe(false);
    let inquiry = row(id);
    expect(inquiry.firstResponseAt).toBeNull();
    expect(inquiry.firstResponderId).toBeNull();
    expect(inquiry.frtMs).toBeNull();
    expect(inquiry.status).toBe("new");
    expect(countUnanswered(database.db)).toBe(1);

    // The reply at +20 s is the first response …
    expect(send(id, svc, plus(MON_10, 20_000))?.firstResponse).toBe(true);
    // … and a second reply (by someone else, at +40 s) and a later note do not move it.
    expect(send(id, rep, plus(MON_10, 40_000))?.firstResponse).toBe(false);
    expect(send(id, rep, plus(MON_10, 60_000), "note", "Sent the catalogue too")?.firstResponse).toBe(false);

    inquiry = row(id);
    // 10:00:00 + 20 s = 10:00:20 Shanghai = 02:00:20Z.
    expect(inquiry.firstResponseAt?.toISOString()).toBe("2026-11-23T02:00:20.000Z");
    expect(inquiry.firstResponderId).toBe(svc.id);
    expect(inquiry.frtMs).toBe(20_000);
    expect(inquiry.within30s).toBe(true);
    expect(countUnanswered(database.db)).toBe(0);
    expect(thread(id).map((m) => [m.direction, m.authorId])).toEqual([
      ["in", null],
      ["note", svc.id],
      ["out", svc.id],
      ["out", rep.id],
      ["note", rep.id],
    ]);
  });

  it("returns null for an inquiry that does not exist, and writes nothing", () => {
    expect(send(9999, svc, MON_10)).toBeNull();
    expect(database.db.select({ n: count() }).from(messages).get()!.n).toBe(0);
  });

  it("never takes the auto-reply for the first response", () => {
    const id = receive({ receivedAt: SAT_10 });
    const [, autoReply] = thread(id);
    expect(autoReply).toMatchObject({ direction: "out", isAutoReply: true, authorId: null });
    let inquiry = row(id);
    expect(inquiry.firstResponseAt).toBeNull();
    expect(inquiry.firstResponderId).toBeNull();
    expect(inquiry.status).toBe("new");
    expect(countUnanswered(database.db)).toBe(1);

    // The human reply on Monday 09:45 Shanghai (= 01:45Z) is the first response, not the
    // auto-reply sent on Saturday.
    expect(send(id, svc, sh("2026-11-23T09:45:00"))?.firstResponse).toBe(true);
    inquiry = row(id);
    expect(inquiry.firstResponseAt?.toISOString()).toBe("2026-11-23T01:45:00.000Z");
    expect(inquiry.firstResponderId).toBe(svc.id);
  });
});

describe("inquiries outside business hours", () => {
  it("get the auto-reply at once, stay out of the 30-second rate and start the business SLA as pending", () => {
    const id = receive({ receivedAt: SAT_10 });
    const messagesOf = thread(id);
    expect(messagesOf).toHaveLength(2);
    expect(messagesOf[0]).toMatchObject({
      direction: "in",
      isAutoReply: false,
      body: "Please send FOB Ningbo price, MOQ and lead time.",
    });
    expect(messagesOf[1]).toMatchObject({
      direction: "out",
      isAutoReply: true,
      authorId: null,
      // The buyer is German, so the English text from the settings.
      body: settings.response.autoReplyText.en,
    });
    // Sent at once: now = receivedAt = Saturday 10:00 Shanghai = 2026-11-21T02:00:00Z.
    expect(messagesOf[1]!.sentAt.toISOString()).toBe("2026-11-21T02:00:00.000Z");

    const inquiry = row(id);
    expect(inquiry.inBusinessHours).toBe(false);
    expect(inquiry.within30s).toBeNull(); // not in the 30-second rate at all
    expect(inquiry.within24h).toBeNull(); // 0 s old and unanswered: pending
    expect(inquiry.slaStatus).toBe("pending"); // 0 business minutes used of 60
    expect(inquiry.frtMs).toBeNull();
  });

  it("hits the business SLA when answered Monday 09:45 (45 business minutes)", () => {
    const id = receive({ receivedAt: SAT_10 });
    send(id, svc, sh("2026-11-23T09:45:00"));
    const inquiry = row(id);
    // Business time: Saturday and Sunday are closed; Monday 09:00 → 09:45 = 45 min = 2 700 000 ms.
    expect(inquiry.businessFrtMs).toBe(45 * MINUTE);
    expect(inquiry.businessFrtMs).toBe(2_700_000);
    // Calendar time: Sat 10:00 → Mon 10:00 is 48 h; 15 min less = 47 h 45 min = 171 900 000 ms.
    expect(inquiry.frtMs).toBe(48 * HOUR - 15 * MINUTE);
    expect(inquiry.frtMs).toBe(171_900_000);
    expect(inquiry.slaStatus).toBe("hit"); // 45 ≤ 60 business minutes
    expect(inquiry.within30s).toBeNull();
    expect(inquiry.within24h).toBe(false); // 47.75 h > 24 h
    expect(inquiry.inBusinessHours).toBe(false);
  });

  it("still hits at exactly 60 business minutes (Monday 10:00) and misses at 61 (Monday 10:01)", () => {
    const onTime = receive({ receivedAt: SAT_10, subject: "on time" });
    const late = receive({ receivedAt: SAT_10, subject: "late" });
    send(onTime, svc, sh("2026-11-23T10:00:00"));
    send(late, svc, sh("2026-11-23T10:01:00"));

    // Monday 09:00 → 10:00 = 60 business minutes = 3 600 000 ms: the budget, inclusive.
    expect(row(onTime)).toMatchObject({ businessFrtMs: 3_600_000, slaStatus: "hit", frtMs: 48 * HOUR });
    // Monday 09:00 → 10:01 = 61 business minutes = 3 660 000 ms > 3 600 000: missed.
    // Calendar: 48 h + 1 min = 172 860 000 ms.
    expect(row(late)).toMatchObject({ businessFrtMs: 3_660_000, slaStatus: "missed", frtMs: 172_860_000 });
    expect(row(late).within30s).toBeNull();
  });

  it("get no auto-reply when the setting is off, but keep their SLA", () => {
    saveSettings(database.db, { response: { ...settings.response, autoReplyEnabled: false } }, { userId: null, at: SAT_10 });
    const id = receive({ receivedAt: SAT_10 }, { settings: getSettings(database.db) });
    expect(thread(id).map((m) => m.direction)).toEqual(["in"]);
    expect(row(id).slaStatus).toBe("pending");
  });

  it("get no auto-reply when the caller asks for none (a hand-logged inquiry)", () => {
    const id = receive({ receivedAt: SAT_10 }, { autoReply: false });
    expect(thread(id).map((m) => m.direction)).toEqual(["in"]);
  });

  it("while an inquiry inside business hours never gets one", () => {
    const id = receive({ receivedAt: MON_10 });
    expect(thread(id).map((m) => m.direction)).toEqual(["in"]);
    expect(row(id)).toMatchObject({ inBusinessHours: true, slaStatus: null, within30s: null });
  });

  it("answer a Chinese buyer in Chinese and everyone else in English, with the texts from the settings", () => {
    const en = "Thanks! We are closed now and answer on the next working day.";
    const zh = "谢谢！我们现在下班了，下一个工作日回复您。";
    saveSettings(
      database.db,
      { response: { ...settings.response, autoReplyText: { en, "zh-CN": zh } } },
      { userId: null, at: SAT_10 },
    );
    const saved = getSettings(database.db);
    const autoReplyFor = (country: string | undefined, email: string) => {
      const id = receive(
        { receivedAt: SAT_10, buyer: { company: `Buyer ${email}`, name: "Buyer", email, country } },
        { settings: saved },
      );
      return thread(id).find((m) => m.isAutoReply)?.body;
    };
    expect(autoReplyFor("CN", "wang@example.cn")).toBe(zh);
    expect(autoReplyFor("DE", "jonas@example.de")).toBe(en);
    expect(autoReplyFor(undefined, "someone@example.com")).toBe(en);
  });
});

describe("round-robin assignment", () => {
  it("takes turns among active, on-duty service users only", async () => {
    const a = await createUser(database.db, { name: "A", role: "service", onDuty: true });
    const b = await createUser(database.db, { name: "B", role: "service", onDuty: true });
    await createUser(database.db, { name: "Off duty", role: "service", onDuty: false });
    await createUser(database.db, { name: "Inactive", role: "service", onDuty: true, active: false });
    await createUser(database.db, { name: "Sales on duty", role: "sales", onDuty: true });
    await createUser(database.db, { name: "Manager on duty", role: "manager", onDuty: true });

    const assignees = [0, 1, 2, 3].map(
      (i) => row(receive({ receivedAt: plus(MON_10, i * MINUTE), subject: `RR ${i}` })).assigneeId,
    );
    // 1st: neither A nor B was ever assigned → lowest id (A). 2nd: B was never assigned → B.
    // 3rd: A (10:00) was assigned longer ago than B (10:01) → A. 4th: B.
    expect(assignees).toEqual([a.id, b.id, a.id, b.id]);
    // 10:03 Shanghai = 02:03Z: B's last turn.
    expect(database.db.select().from(users).where(eq(users.id, b.id)).get()!.lastAssignedAt?.toISOString()).toBe(
      "2026-11-23T02:03:00.000Z",
    );
  });

  it("leaves the inquiry unassigned when round-robin is off", async () => {
    const a = await createUser(database.db, { name: "A", role: "service", onDuty: true });
    const off = { ...settings, response: { ...settings.response, roundRobin: false } };
    const id = receive({ receivedAt: MON_10 }, { settings: off });
    expect(row(id).assigneeId).toBeNull();
    expect(database.db.select().from(users).where(eq(users.id, a.id)).get()!.lastAssignedAt).toBeNull();
  });

  it("leaves the inquiry unassigned when nobody is on duty", () => {
    expect(row(receive({ receivedAt: MON_10 })).assigneeId).toBeNull();
  });
});

describe("who owns an inquiry after the first reply", () => {
  it("gives an unassigned inquiry to the user who answers it first", () => {
    const id = receive({ receivedAt: MON_10 });
    send(id, rep, plus(MON_10, 10_000), "note", "I know this buyer");
    expect(row(id).assigneeId).toBeNull(); // a note does not take it
    send(id, rep, plus(MON_10, 20_000));
    expect(row(id).assigneeId).toBe(rep.id);
  });

  it("does not take an assigned inquiry away from its assignee", () => {
    const id = receive({ receivedAt: MON_10 });
    expect(assignInquiry(database.db, id, svc.id, plus(MON_10, 1_000))).toBe(true);
    send(id, rep, plus(MON_10, 20_000));
    const inquiry = row(id);
    expect(inquiry.assigneeId).toBe(svc.id);
    expect(inquiry.firstResponderId).toBe(rep.id);
  });

  it("can be reassigned and unassigned; an unknown inquiry reports false", () => {
    const id = receive({ receivedAt: MON_10 });
    expect(assignInquiry(database.db, id, rep.id, MON_10)).toBe(true);
    expect(row(id).assigneeId).toBe(rep.id);
    expect(assignInquiry(database.db, id, null, MON_10)).toBe(true);
    expect(row(id).assigneeId).toBeNull();
    expect(assignInquiry(database.db, 9999, rep.id, MON_10)).toBe(false);
  });
});

describe("status changes", () => {
  it("takes spam out of every rate: within_30s, within_24h and sla_status become null", () => {
    const inHours = receive({ receivedAt: MON_10, subject: "in hours" });
    send(inHours, svc, plus(MON_10, 10_000));
    expect(row(inHours)).toMatchObject({ within30s: true, within24h: true });
    const weekend = receive({ receivedAt: SAT_10, subject: "weekend" });
    expect(row(weekend).slaStatus).toBe("pending");

    const at = plus(MON_10, MINUTE);
    expect(changeInquiryStatus(database.db, inHours, { status: "spam" }, { now: at, settings })).toEqual({ ok: true });
    expect(changeInquiryStatus(database.db, weekend, { status: "spam" }, { now: at, settings })).toEqual({ ok: true });
    expect(row(inHours)).toMatchObject({ status: "spam", within30s: null, within24h: null, slaStatus: null });
    expect(row(weekend)).toMatchObject({ status: "spam", within30s: null, within24h: null, slaStatus: null });
    // An unanswered spam inquiry no longer waits for an answer.
    expect(countUnanswered(database.db)).toBe(0);
  });

  it("accepts lost without a reason at model level (the form asks for one), and keeps a reason when given", () => {
    const a = receive({ receivedAt: MON_10, subject: "a" });
    const b = receive({ receivedAt: MON_10, subject: "b" });
    expect(changeInquiryStatus(database.db, a, { status: "lost" }, { now: MON_10, settings })).toEqual({ ok: true });
    expect(row(a)).toMatchObject({ status: "lost", lostReason: null });
    expect(
      changeInquiryStatus(database.db, b, { status: "lost", lostReason: "Price too high" }, { now: MON_10, settings }),
    ).toEqual({ ok: true });
    expect(row(b)).toMatchObject({ status: "lost", lostReason: "Price too high" });
    // Leaving "lost" drops the reason.
    changeInquiryStatus(database.db, b, { status: "quoted" }, { now: MON_10, settings });
    expect(row(b)).toMatchObject({ status: "quoted", lostReason: null });
  });

  it("reports an inquiry that does not exist", () => {
    expect(changeInquiryStatus(database.db, 9999, { status: "spam" }, { now: MON_10, settings })).toEqual({
      ok: false,
      reason: "notFound",
    });
  });
});

describe("countUnanswered", () => {
  it("counts counted inquiries without a human response, optionally for one assignee", () => {
    const waiting = receive({ receivedAt: MON_10, subject: "waiting" });
    receive({ receivedAt: MON_10, subject: "waiting, unassigned" });
    const answered = receive({ receivedAt: MON_10, subject: "answered" });
    const spam = receive({ receivedAt: MON_10, subject: "spam" });
    const lost = receive({ receivedAt: MON_10, subject: "lost" });
    receive({ receivedAt: SAT_10, subject: "weekend, only the auto-reply" });
    assignInquiry(database.db, waiting, svc.id, MON_10);
    send(answered, svc, plus(MON_10, 5_000));
    changeInquiryStatus(database.db, spam, { status: "spam" }, { now: MON_10, settings });
    changeInquiryStatus(database.db, lost, { status: "lost", lostReason: "No budget" }, { now: MON_10, settings });
    // waiting + waiting, unassigned + weekend = 3 (answered, spam and lost do not wait).
    expect(countUnanswered(database.db)).toBe(3);
    // svc: "waiting" only ("answered" is theirs now, but answered).
    expect(countUnanswered(database.db, svc.id)).toBe(1);
  });
});

describe("customers of an inquiry", () => {
  it("links an existing customer (dropping the old contact)", () => {
    const id = receive({ receivedAt: MON_10 });
    const other = createCustomer(database.db, { name: "Other Trading Co" });
    const before = row(id).customerId;
    expect(linkInquiryCustomer(database.db, id, other.id, { now: MON_10, userId: svc.id, expectedCustomerId: before })).toEqual({
      ok: true,
    });
    expect(row(id)).toMatchObject({ customerId: other.id, contactId: null });
    expect(linkInquiryCustomer(database.db, 9999, other.id, { now: MON_10, userId: svc.id, expectedCustomerId: null })).toEqual({
      ok: false,
      reason: "notFound",
    });
  });

  it("creates a customer from the buyer, copying the contact, and links both", () => {
    const id = receive({
      receivedAt: MON_10,
      buyer: { name: "Li Wei", email: "li.wei@beta.example", phone: "+86 574 1234 5678", country: "CN" },
    });
    // Intake matched the buyer to a customer; this one was logged before that customer existed.
    database.db.update(inquiries).set({ customerId: null }).where(eq(inquiries.id, id)).run();
    const created = createCustomerFromInquiry(
      database.db,
      id,
      { name: "Beta Trading Ltd", ownerId: null },
      { userId: svc.id, at: MON_10 },
    );
    if (!created.ok) throw new Error(created.reason);
    const { customerId } = created;
    const customer = database.db.select().from(customers).where(eq(customers.id, customerId)).get()!;
    expect(customer).toMatchObject({ name: "Beta Trading Ltd", tier: "new", sourceChannelId: row(id).channelId });
    const inquiry = row(id);
    expect(inquiry.customerId).toBe(customerId);
    const contact = database.db.select().from(contacts).where(eq(contacts.id, inquiry.contactId!)).get()!;
    expect(contact).toMatchObject({ customerId, name: "Li Wei", email: "li.wei@beta.example", phone: "+86 574 1234 5678" });
    expect(
      createCustomerFromInquiry(database.db, 9999, { name: "Nobody", ownerId: null }, { userId: svc.id, at: MON_10 }),
    ).toEqual({
      ok: false,
      reason: "notFound",
    });
  });
});

describe("escalation of unanswered inquiries", () => {
  it("raises one sla_escalation reminder after 5 business minutes, and only one", () => {
    const id = receive({ receivedAt: MON_10 });
    // 4 min: not yet. 4 min 59.999 s: not yet.
    expect(escalateOverdueInquiries(database.db, { now: plus(MON_10, 4 * MINUTE), settings })).toBe(0);
    expect(escalateOverdueInquiries(database.db, { now: plus(MON_10, 5 * MINUTE - 1), settings })).toBe(0);
    expect(escalations()).toHaveLength(0);

    // 10:05:00 Shanghai = 02:05:00Z: due.
    const due = plus(MON_10, 5 * MINUTE);
    expect(escalateOverdueInquiries(database.db, { now: due, settings })).toBe(1);
    const raised = escalations();
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({
      kind: "sla_escalation",
      inquiryId: id,
      ownerId: null, // for the managers
      customerId: row(id).customerId,
      status: "open",
    });
    expect(raised[0]!.dueAt.toISOString()).toBe("2026-11-23T02:05:00.000Z");
    expect(row(id).escalatedAt?.toISOString()).toBe("2026-11-23T02:05:00.000Z");

    // Scanning again (a minute later, or at the same instant) adds nothing.
    expect(escalateOverdueInquiries(database.db, { now: plus(MON_10, 6 * MINUTE), settings })).toBe(0);
    expect(escalateOverdueInquiries(database.db, { now: due, settings })).toBe(0);
    expect(escalations()).toHaveLength(1);
  });

  it("never escalates answered inquiries or spam", () => {
    const answered = receive({ receivedAt: MON_10, subject: "answered" });
    const spam = receive({ receivedAt: MON_10, subject: "spam" });
    send(answered, svc, plus(MON_10, MINUTE));
    changeInquiryStatus(database.db, spam, { status: "spam" }, { now: plus(MON_10, MINUTE), settings });
    // Half an hour later both are far past 5 minutes.
    expect(escalateOverdueInquiries(database.db, { now: plus(MON_10, 30 * MINUTE), settings })).toBe(0);
    expect(escalations()).toHaveLength(0);
    expect(row(answered).escalatedAt).toBeNull();
    expect(row(spam).escalatedAt).toBeNull();
  });

  it("escalates a Saturday inquiry 5 business minutes after Monday opens (09:05), not before", () => {
    const id = receive({ receivedAt: SAT_10 });
    for (const notYet of [
      sh("2026-11-21T10:05:00"), // Saturday: closed, no business minutes pass
      sh("2026-11-22T12:00:00"), // Sunday: closed
      sh("2026-11-23T09:00:00"), // Monday opening: 0 business minutes
      sh("2026-11-23T09:04:59.999"), // 4 min 59.999 s
    ]) {
      expect(escalateOverdueInquiries(database.db, { now: notYet, settings }), notYet.toISOString()).toBe(0);
    }
    expect(escalations()).toHaveLength(0);
    // Monday 09:05 Shanghai = 01:05Z.
    expect(escalateOverdueInquiries(database.db, { now: sh("2026-11-23T09:05:00"), settings })).toBe(1);
    expect(escalations(id)).toHaveLength(1);
    expect(row(id).escalatedAt?.toISOString()).toBe("2026-11-23T01:05:00.000Z");
  });
});

describe("listInquiries", () => {
  // The inbox as seen by svc ("me").
  const list = (query: Record<string, string>) =>
    listInquiries(database.db, inboxFilterSchema.parse(query), { userId: svc.id, timeZone: "Asia/Shanghai" });
  const subjects = (query: Record<string, string>) => list(query).rows.map((r) => r.subject);

  let i1: number;
  let i2: number;
  let i3: number;
  let i4: number;

  beforeEach(() => {
    // I1: Sunday 2026-11-22 23:30 Shanghai = 2026-11-22T15:30:00Z. Assigned to me, new.
    i1 = receive({
      receivedAt: sh("2026-11-22T23:30:00"),
      channelKey: "alibaba",
      subject: "Hinges 100% stainless",
      buyer: { company: "Acme GmbH", name: "Jonas Weber", email: "jonas@acme.example", country: "DE" },
    });
    assignInquiry(database.db, i1, svc.id, sh("2026-11-22T23:31:00"));
    // I2: Monday 2026-11-23 00:30 Shanghai = 2026-11-22T16:30:00Z: still the 22nd in UTC, the
    // 23rd in the team's time zone. Unassigned, new.
    i2 = receive({
      receivedAt: sh("2026-11-23T00:30:00"),
      channelKey: "website",
      subject: "Door handles",
      buyer: { company: "Beta_Trading Ltd", name: "Li Wei", email: "li.wei@beta.example", country: "CN" },
    });
    // I3: Monday 10:00 Shanghai. Assigned to rep, marked spam.
    i3 = receive({
      receivedAt: sh("2026-11-23T10:00:00"),
      channelKey: "email",
      subject: "Plant equipment catalogue",
      buyer: { company: "Gamma Imports", name: "Ana Souza", email: "ana@gamma.example", country: "BR" },
    });
    assignInquiry(database.db, i3, rep.id, sh("2026-11-23T10:01:00"));
    changeInquiryStatus(database.db, i3, { status: "spam" }, { now: sh("2026-11-23T10:02:00"), settings });
    // I4: Tuesday 2026-11-24 09:30 Shanghai. Answered by rep, so responded and assigned to rep.
    i4 = receive({
      receivedAt: sh("2026-11-24T09:30:00"),
      channelKey: "alibaba",
      subject: "Hinges 100 pcs",
      buyer: { company: "Delta Hardware", name: "Tom Baker", email: "tom@delta.example", country: "US" },
    });
    send(i4, rep, sh("2026-11-24T09:30:20"));
  });

  it("lists everything newest first, with names for the table", () => {
    const page = list({});
    expect(page.total).toBe(4);
    expect(page.rows.map((r) => r.id)).toEqual([i4, i3, i2, i1]);
    expect(page.rows[3]).toMatchObject({
      subject: "Hinges 100% stainless",
      channel: "Alibaba.com",
      customer: "Acme GmbH",
      contact: "Jonas Weber",
      assignee: "Svc",
    });
    expect(page.rows[2]).toMatchObject({ customer: "Beta_Trading Ltd", contact: "Li Wei", assignee: null });
  });

  it("filters by status", () => {
    expect(subjects({ status: "new" })).toEqual(["Door handles", "Hinges 100% stainless"]);
    expect(subjects({ status: "responded" })).toEqual(["Hinges 100 pcs"]);
    expect(subjects({ status: "spam" })).toEqual(["Plant equipment catalogue"]);
    expect(list({ status: "won" }).total).toBe(0);
  });

  it("filters by channel key; an unknown key matches nothing", () => {
    expect(subjects({ channel: "alibaba" })).toEqual(["Hinges 100 pcs", "Hinges 100% stainless"]);
    expect(subjects({ channel: "website" })).toEqual(["Door handles"]);
    expect(list({ channel: "tiktok" })).toMatchObject({ total: 0, rows: [] });
  });

  it("filters by assignee: me, unassigned, or a user id", () => {
    expect(subjects({ assignee: "me" })).toEqual(["Hinges 100% stainless"]);
    expect(subjects({ assignee: "unassigned" })).toEqual(["Door handles"]);
    expect(subjects({ assignee: String(rep.id) })).toEqual(["Hinges 100 pcs", "Plant equipment catalogue"]);
  });

  it("reads from/to as days in the team's time zone", () => {
    // Up to the 22nd (Shanghai): only I1 (23:30 local). I2 is 16:30Z on the 22nd but 00:30 on
    // the 23rd in Shanghai, so it is not in.
    expect(subjects({ to: "2026-11-22" })).toEqual(["Hinges 100% stainless"]);
    // From the 23rd: I2, I3, I4, but not I1.
    expect(subjects({ from: "2026-11-23" })).toEqual(["Hinges 100 pcs", "Plant equipment catalogue", "Door handles"]);
    // The 23rd alone: I2 and I3.
    expect(subjects({ from: "2026-11-23", to: "2026-11-23" })).toEqual(["Plant equipment catalogue", "Door handles"]);
    // The 24th alone: I4.
    expect(subjects({ from: "2026-11-24", to: "2026-11-24" })).toEqual(["Hinges 100 pcs"]);
  });

  it("searches subject, customer name, contact name and contact e-mail, case-insensitively", () => {
    expect(subjects({ q: "handles" })).toEqual(["Door handles"]); // subject
    expect(subjects({ q: "ACME" })).toEqual(["Hinges 100% stainless"]); // customer name
    expect(subjects({ q: "souza" })).toEqual(["Plant equipment catalogue"]); // contact name
    expect(subjects({ q: "li.wei@beta" })).toEqual(["Door handles"]); // contact e-mail
    expect(list({ q: "no such thing" }).total).toBe(0);
  });

  it("treats % and _ in the search text literally", () => {
    // "100%" literally: only "Hinges 100% stainless". As a wildcard, "%100%%" would also match
    // "Hinges 100 pcs".
    expect(subjects({ q: "100%" })).toEqual(["Hinges 100% stainless"]);
    // "a_t" literally: "Beta_Trading Ltd" (a, _, T). As a wildcard "_" would also match the
    // "ant" of "Plant equipment catalogue".
    expect(subjects({ q: "a_t" })).toEqual(["Door handles"]);
  });

  it("combines filters", () => {
    expect(subjects({ channel: "alibaba", assignee: "me" })).toEqual(["Hinges 100% stainless"]);
    expect(subjects({ channel: "alibaba", status: "new", q: "pcs" })).toEqual([]);
    expect(subjects({ from: "2026-11-23", q: "hinges" })).toEqual(["Hinges 100 pcs"]);
  });

  it("pages 50 at a time, counting the total over the filter", () => {
    // 55 more on the "other" channel, Monday 11:00 + i minutes (Bulk 54 is the newest).
    for (let i = 0; i < 55; i++) {
      createInquiry(database.db, {
        channel: "other",
        subject: `Bulk ${i}`,
        receivedAt: plus(sh("2026-11-23T11:00:00"), i * MINUTE),
      });
    }
    const first = list({ channel: "other" });
    // 55 rows / 50 per page = 2 pages (50 + 5).
    expect(first).toMatchObject({ total: 55, page: 1, pages: 2, pageSize: 50 });
    expect(first.rows).toHaveLength(50);
    expect(first.rows[0]!.subject).toBe("Bulk 54");
    expect(first.rows[49]!.subject).toBe("Bulk 5"); // 54 − 49
    const second = list({ channel: "other", page: "2" });
    expect(second).toMatchObject({ total: 55, page: 2, pages: 2 });
    expect(second.rows.map((r) => r.subject)).toEqual(["Bulk 4", "Bulk 3", "Bulk 2", "Bulk 1", "Bulk 0"]);
    // A page past the end shows the last page.
    expect(list({ channel: "other", page: "9" }).page).toBe(2);
    // Unfiltered: 4 + 55 = 59.
    expect(list({}).total).toBe(59);
  });

  it("orders inquiries received at the same instant by id, newest first", () => {
    const sameTime = sh("2026-11-25T10:00:00");
    const a = createInquiry(database.db, { channel: "referral", subject: "same A", receivedAt: sameTime });
    const b = createInquiry(database.db, { channel: "referral", subject: "same B", receivedAt: sameTime });
    expect(list({ channel: "referral" }).rows.map((r) => r.id)).toEqual([b.id, a.id]);
  });
});

describe("todaysFigures", () => {
  it("agrees with responseFigures and with the numbers worked out by hand", () => {
    // Monday 2026-11-23; "now" is 11:00:00 Shanghai.
    const now = sh("2026-11-23T11:00:00");
    const fixture: { subject: string; receivedAt: Date; answerAt?: Date; by?: User; spam?: boolean }[] = [
      // In business hours:
      { subject: "A", receivedAt: sh("2026-11-23T10:00:00"), answerAt: sh("2026-11-23T10:00:10"), by: svc }, // FRT 10 s: hit
      { subject: "B", receivedAt: sh("2026-11-23T10:10:00"), answerAt: sh("2026-11-23T10:10:30"), by: svc }, // FRT 30 s: hit
      { subject: "C", receivedAt: sh("2026-11-23T10:20:00"), answerAt: sh("2026-11-23T10:20:31"), by: rep }, // FRT 31 s: miss
      { subject: "D", receivedAt: sh("2026-11-23T10:59:20") }, // unanswered, 40 s old at 11:00: miss
      { subject: "S", receivedAt: sh("2026-11-23T10:30:00"), answerAt: sh("2026-11-23T10:30:05"), by: svc, spam: true }, // not counted
      // Before opening (08:30), answered 09:10: FRT 40 min, business FRT 10 min → SLA hit, not in the 30-s rate.
      { subject: "O", receivedAt: sh("2026-11-23T08:30:00"), answerAt: sh("2026-11-23T09:10:00"), by: rep },
      // Yesterday (Sunday 23:59 Shanghai): not today's.
      { subject: "Y", receivedAt: sh("2026-11-22T23:59:00") },
    ];
    const timings: InquiryTiming[] = [];
    for (const item of fixture) {
      const id = receive({ receivedAt: item.receivedAt, subject: item.subject });
      if (item.answerAt) send(id, item.by!, item.answerAt);
      if (item.spam) changeInquiryStatus(database.db, id, { status: "spam" }, { now: plus(item.answerAt!, MINUTE), settings });
      if (item.subject !== "Y") {
        timings.push({
          receivedAt: item.receivedAt,
          firstResponseAt: item.answerAt ?? null,
          status: item.spam ? "spam" : item.answerAt ? "responded" : "new",
        });
      }
    }

    const figures = todaysFigures(database.db, { now, settings, today: "2026-11-23" });
    expect(figures).toEqual(responseFigures(timings, now, settings.calendar, responsePolicy(settings)));
    expect(figures).toEqual({
      received: 6, // A, B, C, D, S, O
      counted: 5, // all but S (spam)
      inHoursCounted: 4, // A, B, C, D
      thirtySecondHits: 2, // A (10 s), B (30 s)
      thirtySecondDenominator: 4, // A, B, C, D (D is > 30 s old, so a miss, not pending)
      thirtySecondRate: 0.5, // 2 / 4
      within24hHits: 4, // A, B, C, O
      within24hDenominator: 4, // D is 40 s old and unanswered: pending under the 24-hour rule
      within24hRate: 1, // 4 / 4
      answered: 4, // A, B, C, O
      frtSumMs: 2_471_000, // 10 000 + 30 000 + 31 000 + 2 400 000
      avgFrtSeconds: 617.75, // 2 471 / 4
      medianFrtSeconds: 30.5, // sorted 10, 30, 31, 2 400 → (30 + 31) / 2
      p90FrtSeconds: 2400, // rank ⌈0.9 × 4⌉ = 4
      slaHit: 1, // O: 10 business minutes ≤ 60
      slaMissed: 0,
      slaPending: 0,
    });

    // Per assignee: svc answered A, B and S, so they are svc's; S is spam.
    const mine = todaysFigures(database.db, { now, settings, today: "2026-11-23", assigneeId: svc.id });
    expect(mine).toMatchObject({
      received: 3, // A, B, S
      counted: 2, // A, B
      thirtySecondHits: 2,
      thirtySecondDenominator: 2,
      thirtySecondRate: 1, // 2 / 2
      frtSumMs: 40_000, // 10 000 + 30 000
    });
    // D (today) and Y (yesterday) still wait.
    expect(countUnanswered(database.db)).toBe(2);
  });

  it("leaves a young unanswered in-hours inquiry out of the 30-second rate (pending)", () => {
    const receivedAt = sh("2026-11-23T10:00:00");
    receive({ receivedAt });
    // 30 s old exactly: an answer now would still hit, so pending.
    const at30 = todaysFigures(database.db, { now: plus(receivedAt, 30_000), settings, today: "2026-11-23" });
    expect(at30).toMatchObject({ inHoursCounted: 1, thirtySecondDenominator: 0, thirtySecondRate: null });
    // 30.001 s old: a miss.
    const at30001 = todaysFigures(database.db, { now: plus(receivedAt, 30_001), settings, today: "2026-11-23" });
    expect(at30001).toMatchObject({ thirtySecondHits: 0, thirtySecondDenominator: 1, thirtySecondRate: 0 });
  });
});
