import { and, asc, count, desc, eq, gte, inArray, isNull, lt, lte, ne, notInArray, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { DB } from "~db/client.server";
import {
  channels,
  contacts,
  customers,
  inquiries,
  messages,
  orders,
  products,
  quotes,
  unansweredCounts,
  users,
  type InquiryStatus,
} from "~db/schema";
import { addDays, isOpenAt, localDay, startOfLocalDay } from "~/domain/calendar";
import { mayTakeInquiry, type Role } from "~/domain/permissions";
import {
  decideStatusChange,
  selectableStatuses,
  statusAfter,
  type InquiryEvent,
  type InquiryProgress,
  type StatusDecision,
} from "~/domain/inquiry-status";
import { encodeReminderReason } from "~/domain/reminders";
import { inquirySla, needsEscalation, responseFigures, type ResponsePolicy } from "~/domain/sla";
import type { Settings } from "~/schemas/settings";
import type { InboxFilter, ResponseMetric } from "~/schemas/inquiry";
import { responseTotals, type ResponseCounts } from "./response-report.server";
import { pageInfo } from "~/utils/pagination";
import { recordAudit } from "./audit.server";
import { noteAnnounced, publishInquiryEvent } from "./inquiry-events.server";
import { bind, bit, orderCounts, preparedOnce, quoteWasSent, searchedIds } from "./sql.server";
import { markAssignedInTurn } from "./user.server";
import { addContact, insertNewCustomer } from "./customer.server";
import { raiseEscalationReminder } from "./reminder.server";

const assignee = alias(users, "assignee");
const responder = alias(users, "responder");
const author = alias(users, "author");

/**
 * Statuses of inquiries not worth waiting for, even unanswered. The triggers that keep
 * `unanswered_counts` (migration 0005) list the same two; test/unanswered-counts.test.ts checks
 * them against this list.
 */
export const OPEN_STATUSES_EXCLUDED: InquiryStatus[] = ["spam", "lost"];

export function responsePolicy(settings: Settings): ResponsePolicy {
  return {
    thresholdSeconds: settings.response.thresholdSeconds,
    businessSlaMinutes: settings.response.businessSlaMinutes,
    escalationMinutes: settings.response.escalationMinutes,
  };
}

/** The SLA columns an inquiry stores, from the one rule in app/domain/sla.ts. */
export function slaColumns(
  timing: { receivedAt: Date; firstResponseAt: Date | null; status: string },
  now: Date,
  settings: Settings,
) {
  const sla = inquirySla(timing, now, settings.calendar, responsePolicy(settings));
  return {
    frtMs: sla.frtMs,
    businessFrtMs: sla.businessFrtMs,
    inBusinessHours: sla.inBusinessHours,
    within30s: sla.within30s,
    within24h: sla.within24h,
    slaStatus: sla.slaStatus,
    slaComputedAt: now,
  };
}

/** The stored SLA columns as placeholders of a prepared statement; `slaParams` gives their values. */
export const SLA_PLACEHOLDERS = {
  frtMs: bind("frtMs"),
  businessFrtMs: bind("businessFrtMs"),
  inBusinessHours: bind("inBusinessHours"),
  within30s: bind("within30s"),
  within24h: bind("within24h"),
  slaStatus: bind("slaStatus"),
};

type SlaFigures = {
  frtMs: number | null;
  businessFrtMs: number | null;
  inBusinessHours: boolean | null;
  within30s: boolean | null;
  within24h: boolean | null;
  slaStatus: string | null;
};

/** SLA figures as the driver stores them (0/1 flags), for SLA_PLACEHOLDERS. */
export function slaParams(sla: SlaFigures) {
  return {
    frtMs: sla.frtMs,
    businessFrtMs: sla.businessFrtMs,
    inBusinessHours: bit(sla.inBusinessHours),
    within30s: bit(sla.within30s),
    within24h: bit(sla.within24h),
    slaStatus: sla.slaStatus,
  };
}

function channelByKey(db: DB, key: string) {
  return db.select().from(channels).where(eq(channels.key, key)).get();
}

// --- Intake: the API, the public form and staff logging all come through here. ---

export type IncomingInquiry = {
  channelKey: string;
  externalId?: string | null;
  receivedAt: Date;
  subject: string;
  message: string;
  buyer: { company?: string; name: string; email?: string; phone?: string; country?: string };
  productSku?: string;
  productId?: number | null;
  quantity?: number | null;
  createdById?: number | null;
};

export type ReceiveResult =
  | { ok: true; created: boolean; id: number; customerId: number | null; status: InquiryStatus }
  | { ok: false; reason: "unknown_channel" | "unknown_product" };

/** Buyers from Greater China get the Chinese auto-reply; everyone else the English one. */
function autoReplyLocale(country: string | null | undefined): "en" | "zh-CN" {
  return country && ["CN", "HK", "MO", "TW"].includes(country) ? "zh-CN" : "en";
}

/**
 * The intake's statements, prepared once per connection: the API may take hundreds of inquiries a
 * second, and building and compiling a dozen queries for each cost more than running them. Values
 * are bound as the driver stores them (ms, 0/1).
 */
function intakeStatements(db: DB) {
  return preparedOnce(db, "inquiry.intake", (db) => ({
    channel: db
      .select()
      .from(channels)
      .where(eq(channels.key, bind("key")))
      .prepare(),
    existing: db
      .select({ id: inquiries.id, customerId: inquiries.customerId, status: inquiries.status })
      .from(inquiries)
      .where(and(eq(inquiries.channelId, bind("channelId")), eq(inquiries.externalId, bind("externalId"))))
      .prepare(),
    productBySku: db
      .select({ id: products.id })
      .from(products)
      .where(eq(products.sku, bind("sku")))
      .prepare(),
    contactByEmail: db
      .select({ id: contacts.id, customerId: contacts.customerId })
      .from(contacts)
      .where(sql`${contacts.email} = ${bind("email")} collate nocase`)
      .orderBy(asc(contacts.id))
      .limit(1)
      .prepare(),
    customerByName: db
      .select({ id: customers.id })
      .from(customers)
      .where(sql`${customers.name} = ${bind("name")} collate nocase`)
      .orderBy(asc(customers.id))
      .limit(1)
      .prepare(),
    // The next on-duty service user in turn: the one assigned longest ago (or never) first.
    nextOnDuty: db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.role, "service"), eq(users.active, true), eq(users.onDuty, true)))
      .orderBy(sql`${users.lastAssignedAt} is not null`, asc(users.lastAssignedAt), asc(users.id))
      .limit(1)
      .prepare(),
    insertInquiry: db
      .insert(inquiries)
      .values({
        channelId: bind("channelId"),
        externalId: bind("externalId"),
        customerId: bind("customerId"),
        contactId: bind("contactId"),
        productId: bind("productId"),
        quantity: bind("quantity"),
        subject: bind("subject"),
        status: sql`'new'`,
        assigneeId: bind("assigneeId"),
        receivedAt: bind("receivedAt"),
        receivedDay: bind("receivedDay"),
        createdById: bind("createdById"),
        createdAt: bind("now"),
        updatedAt: bind("now"),
        ...SLA_PLACEHOLDERS,
        slaComputedAt: bind("now"),
      })
      .returning({ id: inquiries.id, status: inquiries.status })
      .prepare(),
    insertMessage: db
      .insert(messages)
      .values({
        inquiryId: bind("inquiryId"),
        direction: bind("direction"),
        body: bind("body"),
        isAutoReply: bind("isAutoReply"),
        sentAt: bind("sentAt"),
        createdAt: bind("now"),
      })
      .prepare(),
  }));
}

/**
 * Records a buyer's inquiry: matches the buyer to a customer (contact e-mail, then company name,
 * case-insensitive; else a new customer), assigns it round-robin when that is on, and sends the
 * auto-reply when it arrives outside business hours. A repeated (channel, externalId) returns the
 * inquiry already recorded. All of it is one transaction: an error leaves no row behind.
 */
export function receiveInquiry(
  db: DB,
  incoming: IncomingInquiry,
  context: { now: Date; settings: Settings; autoReply: boolean },
): ReceiveResult {
  const { now, settings } = context;
  const result = db.transaction(
    (tx): ReceiveResult => {
      const statements = intakeStatements(db);
      const channel = statements.channel.get({ key: incoming.channelKey });
      if (!channel) return { ok: false, reason: "unknown_channel" };

      if (incoming.externalId) {
        const existing = statements.existing.get({ channelId: channel.id, externalId: incoming.externalId });
        if (existing) return { ok: true, created: false, ...existing };
      }

      let productId = incoming.productId ?? null;
      // A product picked by id must exist (a stale form or a crafted post names one that does not);
      // a SKU from a marketplace that the catalog lacks is only left unlinked.
      if (productId && !tx.select({ id: products.id }).from(products).where(eq(products.id, productId)).get()) {
        return { ok: false, reason: "unknown_product" };
      }
      if (!productId && incoming.productSku) {
        productId = statements.productBySku.get({ sku: incoming.productSku })?.id ?? null;
      }

      const { buyer } = incoming;
      const contactByEmail = buyer.email ? statements.contactByEmail.get({ email: buyer.email }) : undefined;
      let customerId = contactByEmail?.customerId ?? null;
      if (!customerId && buyer.company) {
        customerId = statements.customerByName.get({ name: buyer.company })?.id ?? null;
      }
      if (!customerId) {
        customerId = insertNewCustomer(
          tx,
          { name: buyer.company ?? buyer.name, country: buyer.country ?? null, sourceChannelId: channel.id },
          now,
        );
      }
      const contactId =
        contactByEmail?.id ??
        addContact(
          tx,
          customerId,
          { name: buyer.name, email: buyer.email ?? null, phone: buyer.phone ?? null, title: null, messagingHandle: null },
          now,
        ).id;

      let assigneeId: number | null = null;
      if (settings.response.roundRobin) {
        const next = statements.nextOnDuty.get();
        if (next) {
          assigneeId = next.id;
          markAssignedInTurn(tx, next.id, now);
        }
      }

      const sla = slaColumns({ receivedAt: incoming.receivedAt, firstResponseAt: null, status: "new" }, now, settings);
      const inquiry = statements.insertInquiry.get({
        channelId: channel.id,
        externalId: incoming.externalId ?? null,
        customerId,
        contactId,
        productId,
        quantity: incoming.quantity ?? null,
        subject: incoming.subject,
        assigneeId,
        receivedAt: incoming.receivedAt.getTime(),
        receivedDay: localDay(incoming.receivedAt, settings.general.timeZone),
        createdById: incoming.createdById ?? null,
        now: now.getTime(),
        ...slaParams(sla),
      })!;

      statements.insertMessage.run({
        inquiryId: inquiry.id,
        direction: "in",
        body: incoming.message,
        isAutoReply: 0,
        sentAt: incoming.receivedAt.getTime(),
        now: now.getTime(),
      });
      recordInquiryCreated(tx, {
        id: inquiry.id,
        by: { userId: incoming.createdById ?? null, at: now },
        after: {
          channel: channel.key,
          externalId: incoming.externalId ?? null,
          subject: incoming.subject,
          customerId,
          contactId,
          assigneeId,
          status: inquiry.status,
          receivedAt: incoming.receivedAt,
        },
      });

      if (context.autoReply && settings.response.autoReplyEnabled && !isOpenAt(incoming.receivedAt, settings.calendar)) {
        const body = settings.response.autoReplyText[autoReplyLocale(buyer.country)].trim();
        if (body) {
          statements.insertMessage.run({
            inquiryId: inquiry.id,
            direction: "out",
            body,
            isAutoReply: 1,
            sentAt: Math.max(now.getTime(), incoming.receivedAt.getTime()),
            now: now.getTime(),
          });
        }
      }
      return { ok: true, created: true, id: inquiry.id, customerId, status: inquiry.status };
    },
    { behavior: "immediate" },
  );
  if (result.ok && result.created) {
    noteAnnounced(now);
    publishInquiryEvent({ type: "created", id: result.id });
  }
  return result;
}

// --- The thread: replies and notes. ---

export type MessageResult = { messageId: number; firstResponse: boolean } | null;

/**
 * Saves a reply (`out`) or an internal note. The first human reply becomes the inquiry's first
 * response with the server's time; the conditional update makes that happen exactly once, even
 * when two people press Send at the same instant (in this process or another one).
 */
export function addMessage(
  db: DB,
  input: { inquiryId: number; authorId: number; direction: "out" | "note"; body: string },
  context: { now: Date; settings: Settings },
): MessageResult {
  const { now, settings } = context;
  const result = db.transaction(
    (tx): MessageResult => {
      const inquiry = tx
        .select({
          id: inquiries.id,
          receivedAt: inquiries.receivedAt,
          status: inquiries.status,
          assigneeId: inquiries.assigneeId,
        })
        .from(inquiries)
        .where(eq(inquiries.id, input.inquiryId))
        .get();
      if (!inquiry) return null;
      const message = tx
        .insert(messages)
        .values({
          inquiryId: inquiry.id,
          direction: input.direction,
          authorId: input.authorId,
          body: input.body,
          sentAt: now,
          createdAt: now,
        })
        .returning({ id: messages.id })
        .get();
      let firstResponse = false;
      if (input.direction === "out") {
        const claimed = tx
          .update(inquiries)
          .set({
            firstResponseAt: now,
            firstResponderId: input.authorId,
            status: sql`case when ${inquiries.status} = 'new' then 'responded' else ${inquiries.status} end`,
            assigneeId: sql`coalesce(${inquiries.assigneeId}, ${input.authorId})`,
            updatedAt: now,
          })
          .where(and(eq(inquiries.id, inquiry.id), isNull(inquiries.firstResponseAt)))
          .run();
        firstResponse = claimed.changes === 1;
        if (firstResponse) {
          const status = inquiry.status === "new" ? "responded" : inquiry.status;
          tx.update(inquiries)
            .set(slaColumns({ receivedAt: inquiry.receivedAt, firstResponseAt: now, status }, now, settings))
            .where(eq(inquiries.id, inquiry.id))
            .run();
          // The first reply moves the status and may give the inquiry to its author: both audited.
          recordInquiryChange(
            tx,
            inquiry.id,
            { userId: input.authorId, at: now },
            { status: inquiry.status, assigneeId: inquiry.assigneeId },
            { status, assigneeId: inquiry.assigneeId ?? input.authorId },
          );
        }
      }
      if (!firstResponse) tx.update(inquiries).set({ updatedAt: now }).where(eq(inquiries.id, inquiry.id)).run();
      return { messageId: message.id, firstResponse };
    },
    { behavior: "immediate" },
  );
  if (result) {
    noteAnnounced(now);
    publishInquiryEvent({ type: "updated", id: input.inquiryId });
  }
  return result;
}

type By = { userId: number | null; at: Date };

/** Tells the open inbox pages that an inquiry changed. */
function announce(id: number, now: Date) {
  noteAnnounced(now);
  publishInquiryEvent({ type: "updated", id });
}

/**
 * The audit entry of a new inquiry. Every way in (by hand, the API, the public form, the CSV
 * import) records it with this one function, inside the transaction that inserts the row.
 */
export function recordInquiryCreated(tx: DB, entry: { id: number; by: By; after: Record<string, unknown> }) {
  recordAudit(tx, {
    entity: "inquiry",
    entityId: entry.id,
    action: "create",
    userId: entry.by.userId,
    at: entry.by.at,
    after: entry.after,
  });
}

/**
 * The audit entry of a change to an inquiry's assignee, status or customer (SPEC §8: who, when,
 * before and after); only the fields that changed are kept. The import records its updates here too.
 */
export function recordInquiryChange(tx: DB, id: number, by: By, before: Record<string, unknown>, after: Record<string, unknown>) {
  recordAudit(tx, { entity: "inquiry", entityId: id, action: "update", userId: by.userId, at: by.at, before, after });
}

/**
 * Moves an inquiry forward when a quote of it is sent or an order is taken for it, by the one rule
 * (statusAfter), audited like a change made on the inquiry page. Called inside the transaction of
 * the quote or order that caused it; returns the new status, or null when the inquiry did not move.
 */
export function advanceInquiryStatus(tx: DB, id: number, event: InquiryEvent, by: By): InquiryStatus | null {
  // Prepared once per connection: an order import wins thousands of inquiries in a row.
  const statements = preparedOnce(tx, "inquiries.advanceStatus", (db) => ({
    status: db
      .select({ status: inquiries.status })
      .from(inquiries)
      .where(eq(inquiries.id, bind("id")))
      .prepare(),
    move: db
      .update(inquiries)
      .set({ status: bind("status"), updatedAt: bind("at") })
      .where(eq(inquiries.id, bind("id")))
      .prepare(),
  }));
  const inquiry = statements.status.get({ id });
  if (!inquiry) return null;
  const next = statusAfter(inquiry.status, event);
  if (next === inquiry.status) return null;
  statements.move.run({ id, status: next, at: by.at.getTime() });
  recordInquiryChange(tx, id, by, { status: inquiry.status }, { status: next });
  return next;
}

/**
 * Writes an inquiry's stored SLA figures (the SLA job's recomputations): one statement prepared
 * per run, not per row, so its SQL text is built and compiled once for a million rows.
 */
export function prepareInquirySlaUpdate(db: DB) {
  const statement = db
    .update(inquiries)
    .set({
      receivedDay: bind("receivedDay"),
      ...SLA_PLACEHOLDERS,
      slaComputedAt: bind("slaComputedAt"),
    })
    .where(eq(inquiries.id, bind("id")))
    .prepare();
  return (id: number, next: ReturnType<typeof slaColumns> & { receivedDay: string }) =>
    statement.run({
      id,
      receivedDay: next.receivedDay,
      ...slaParams(next),
      slaComputedAt: next.slaComputedAt.getTime(),
    });
}

/** A change of assignee by a manager or admin (or the system); audited with before and after. */
export function assignInquiry(db: DB, id: number, assigneeId: number | null, now: Date, userId: number | null = null): boolean {
  const done = db.transaction(
    (tx) => {
      const before = tx.select({ assigneeId: inquiries.assigneeId }).from(inquiries).where(eq(inquiries.id, id)).get();
      if (!before) return false;
      tx.update(inquiries).set({ assigneeId, updatedAt: now }).where(eq(inquiries.id, id)).run();
      recordInquiryChange(tx, id, { userId, at: now }, before, { assigneeId });
      return true;
    },
    { behavior: "immediate" },
  );
  if (done) announce(id, now);
  return done;
}

export type TakeResult = "taken" | "alreadyYours" | "assignedToColleague" | "notFound";

/**
 * Someone takes an inquiry for themselves. Whether they may take it from a colleague is decided
 * on the assignee read in the same transaction as the write, so a page that still shows the
 * inquiry unassigned cannot take it from whoever took it a moment ago.
 */
export function takeInquiry(db: DB, id: number, taker: { id: number; role: Role }, now: Date): TakeResult {
  const result = db.transaction(
    (tx): TakeResult => {
      const before = tx.select({ assigneeId: inquiries.assigneeId }).from(inquiries).where(eq(inquiries.id, id)).get();
      if (!before) return "notFound";
      if (before.assigneeId === taker.id) return "alreadyYours";
      if (!mayTakeInquiry(taker, before.assigneeId)) return "assignedToColleague";
      tx.update(inquiries).set({ assigneeId: taker.id, updatedAt: now }).where(eq(inquiries.id, id)).run();
      recordInquiryChange(tx, id, { userId: taker.id, at: now }, before, { assigneeId: taker.id });
      return "taken";
    },
    { behavior: "immediate" },
  );
  if (result === "taken") announce(id, now);
  return result;
}

/**
 * What the data shows about an inquiry, by the funnel's definitions (the conditions in
 * sql.server.ts, shared with funnel-report.server.ts; test/figures-agreement.test.ts checks the
 * two agree over the demo): a first response; a sent quote; a non-cancelled order linked
 * directly or through one of its quotes.
 */
export function inquiryProgress(db: DB, id: number): InquiryProgress | undefined {
  const row = db
    .select({
      responded: sql<number>`${inquiries.firstResponseAt} is not null`,
      // The id is bound, not written as a column: drizzle renders a column of the outer table
      // unqualified ("id"), which inside these subqueries would name the quote's or order's own id.
      quoted: sql<number>`exists (select 1 from ${quotes} q where q.inquiry_id = ${id} and ${quoteWasSent("q")})`,
      // Two lookups, each through its index: one "or" across both columns read every order, and
      // with statistics where few orders have a quote SQLite would rather scan them than use it.
      won: sql<number>`exists (select 1 from ${orders} o where o.inquiry_id = ${id} and ${orderCounts("o")})
        or exists (select 1 from ${quotes} q cross join ${orders} o indexed by orders_quote_idx on o.quote_id = q.id where q.inquiry_id = ${id} and ${orderCounts("o")})`,
    })
    .from(inquiries)
    .where(eq(inquiries.id, id))
    .get();
  return row ? { responded: Boolean(row.responded), quoted: Boolean(row.quoted), won: Boolean(row.won) } : undefined;
}

/** The statuses the inquiry page offers: the ones the rule allows from what the data shows. */
export function statusChoices(db: DB, id: number): InquiryStatus[] {
  const progress = inquiryProgress(db, id);
  return progress ? selectableStatuses(progress) : [];
}

export type StatusChangeResult = { ok: true } | { ok: false; reason: "notFound" } | Extract<StatusDecision, { ok: false }>;

/**
 * A status change by hand. The rule (app/domain/inquiry-status.ts) is applied to the progress read
 * in the same transaction as the write, so a form loaded before a reply or a quote cannot set
 * the inquiry back. Spam and lost take the inquiry out of the waiting list and its SLA counts.
 */
export function changeInquiryStatus(
  db: DB,
  id: number,
  change: { status: InquiryStatus; lostReason?: string },
  context: { now: Date; settings: Settings; userId?: number | null },
): StatusChangeResult {
  const { now, settings } = context;
  const result = db.transaction(
    (tx): StatusChangeResult => {
      const current = tx
        .select({
          receivedAt: inquiries.receivedAt,
          firstResponseAt: inquiries.firstResponseAt,
          status: inquiries.status,
          lostReason: inquiries.lostReason,
        })
        .from(inquiries)
        .where(eq(inquiries.id, id))
        .get();
      const progress = inquiryProgress(tx, id);
      if (!current || !progress) return { ok: false, reason: "notFound" };
      const decision = decideStatusChange(current.status, change.status, progress);
      if (!decision.ok) return decision;
      const lostReason = change.status === "lost" ? (change.lostReason ?? null) : null;
      tx.update(inquiries)
        .set({
          status: change.status,
          lostReason,
          updatedAt: now,
          ...slaColumns(
            { receivedAt: current.receivedAt, firstResponseAt: current.firstResponseAt, status: change.status },
            now,
            settings,
          ),
        })
        .where(eq(inquiries.id, id))
        .run();
      recordInquiryChange(
        tx,
        id,
        { userId: context.userId ?? null, at: now },
        { status: current.status, lostReason: current.lostReason },
        { status: change.status, lostReason },
      );
      return { ok: true };
    },
    { behavior: "immediate" },
  );
  if (result.ok) announce(id, now);
  return result;
}

export type LinkResult = { ok: true } | { ok: false; reason: "notFound" | "customerChanged" };

/**
 * Links the inquiry to an existing customer. `expectedCustomerId` is the customer the person saw
 * linked (null: none): linking an unlinked inquiry, or re-linking a linked one to another customer,
 * happens only when that is still true, so a stale page or a second click cannot silently move
 * an inquiry that someone else has linked meanwhile. The change is audited with before and after.
 */
export function linkInquiryCustomer(
  db: DB,
  id: number,
  customerId: number,
  context: { now: Date; userId: number | null; expectedCustomerId: number | null },
): LinkResult {
  const { now } = context;
  const result = db.transaction(
    (tx): LinkResult => {
      const before = tx
        .select({ customerId: inquiries.customerId, contactId: inquiries.contactId })
        .from(inquiries)
        .where(eq(inquiries.id, id))
        .get();
      if (!before) return { ok: false, reason: "notFound" };
      if (before.customerId === customerId) return { ok: true };
      if (before.customerId !== context.expectedCustomerId) return { ok: false, reason: "customerChanged" };
      // The contact belongs to the customer it was matched with; it does not move along.
      tx.update(inquiries).set({ customerId, contactId: null, updatedAt: now }).where(eq(inquiries.id, id)).run();
      recordInquiryChange(tx, id, { userId: context.userId, at: now }, before, { customerId, contactId: null });
      return { ok: true };
    },
    { behavior: "immediate" },
  );
  if (result.ok) announce(id, now);
  return result;
}

export type CreateCustomerResult = { ok: true; customerId: number } | { ok: false; reason: "notFound" | "alreadyLinked" };

/**
 * A customer made from the buyer of an inquiry that has none yet (its contact's details), then
 * linked to it; both are audited. An inquiry that already has a customer is refused: a second
 * customer for the same buyer would be an empty duplicate.
 */
export function createCustomerFromInquiry(
  db: DB,
  id: number,
  customer: { name: string; ownerId: number | null },
  by: { userId: number | null; at: Date },
): CreateCustomerResult {
  const now = by.at;
  const result = db.transaction(
    (tx): CreateCustomerResult => {
      const inquiry = tx.select().from(inquiries).where(eq(inquiries.id, id)).get();
      if (!inquiry) return { ok: false, reason: "notFound" };
      if (inquiry.customerId !== null) return { ok: false, reason: "alreadyLinked" };
      const values = { name: customer.name, ownerId: customer.ownerId, sourceChannelId: inquiry.channelId };
      const created = { id: insertNewCustomer(tx, values, now) };
      const contact = inquiry.contactId ? tx.select().from(contacts).where(eq(contacts.id, inquiry.contactId)).get() : undefined;
      let contactId: number | null = null;
      if (contact) {
        contactId = addContact(
          tx,
          created.id,
          { name: contact.name, email: contact.email, phone: contact.phone, title: null, messagingHandle: null },
          now,
        ).id;
      }
      tx.update(inquiries).set({ customerId: created.id, contactId, updatedAt: now }).where(eq(inquiries.id, id)).run();
      recordAudit(tx, {
        entity: "customer",
        entityId: created.id,
        action: "create",
        userId: by.userId,
        at: now,
        after: { ...values, fromInquiryId: id },
      });
      recordInquiryChange(
        tx,
        id,
        { userId: by.userId, at: now },
        { customerId: inquiry.customerId, contactId: inquiry.contactId },
        { customerId: created.id, contactId },
      );
      return { ok: true, customerId: created.id };
    },
    { behavior: "immediate" },
  );
  if (result.ok) announce(id, now);
  return result;
}

// --- Reading. ---

export function getInquiry(db: DB, id: number) {
  return db
    .select({
      id: inquiries.id,
      subject: inquiries.subject,
      status: inquiries.status,
      lostReason: inquiries.lostReason,
      externalId: inquiries.externalId,
      quantity: inquiries.quantity,
      receivedAt: inquiries.receivedAt,
      firstResponseAt: inquiries.firstResponseAt,
      frtMs: inquiries.frtMs,
      businessFrtMs: inquiries.businessFrtMs,
      inBusinessHours: inquiries.inBusinessHours,
      within30s: inquiries.within30s,
      slaStatus: inquiries.slaStatus,
      channelKey: channels.key,
      channel: channels.name,
      customerId: inquiries.customerId,
      customer: customers.name,
      customerCountry: customers.country,
      contactName: contacts.name,
      contactEmail: contacts.email,
      contactPhone: contacts.phone,
      productSku: products.sku,
      product: products.name,
      assigneeId: inquiries.assigneeId,
      assignee: assignee.name,
      firstResponder: responder.name,
    })
    .from(inquiries)
    .innerJoin(channels, eq(channels.id, inquiries.channelId))
    .leftJoin(customers, eq(customers.id, inquiries.customerId))
    .leftJoin(contacts, eq(contacts.id, inquiries.contactId))
    .leftJoin(products, eq(products.id, inquiries.productId))
    .leftJoin(assignee, eq(assignee.id, inquiries.assigneeId))
    .leftJoin(responder, eq(responder.id, inquiries.firstResponderId))
    .where(eq(inquiries.id, id))
    .get();
}

export function inquiryThread(db: DB, id: number) {
  return db
    .select({
      id: messages.id,
      direction: messages.direction,
      body: messages.body,
      sentAt: messages.sentAt,
      isAutoReply: messages.isAutoReply,
      author: author.name,
    })
    .from(messages)
    .leftJoin(author, eq(author.id, messages.authorId))
    .where(eq(messages.inquiryId, id))
    .orderBy(asc(messages.sentAt), asc(messages.id))
    .all();
}

/**
 * The inquiries behind one count of the response report, from their stored SLA columns: the same
 * conditions `rebuildResponseDays` counts with (sla-rollup.server.ts), spam never included.
 */
function metricCondition(metric: ResponseMetric): SQL {
  const counted = ne(inquiries.status, "spam");
  switch (metric) {
    case "counted":
      return counted;
    case "inHours":
      return and(counted, eq(inquiries.inBusinessHours, true))!;
    case "hit30":
      return and(counted, eq(inquiries.within30s, true))!;
    case "miss30":
      return and(counted, eq(inquiries.inBusinessHours, true), eq(inquiries.within30s, false))!;
    case "hit24":
      return and(counted, eq(inquiries.within24h, true))!;
    case "miss24":
      return and(counted, eq(inquiries.within24h, false))!;
    case "slaHit":
      return and(counted, eq(inquiries.slaStatus, "hit"))!;
    case "slaMissed":
      return and(counted, eq(inquiries.slaStatus, "missed"))!;
  }
}

function filterConditions(filter: InboxFilter, context: { userId: number; timeZone: string; channelId?: number }) {
  const conditions: SQL[] = [];
  if (filter.status) conditions.push(eq(inquiries.status, filter.status));
  if (context.channelId !== undefined) conditions.push(eq(inquiries.channelId, context.channelId));
  if (filter.assignee === "me") conditions.push(eq(inquiries.assigneeId, context.userId));
  else if (filter.assignee === "unassigned") conditions.push(isNull(inquiries.assigneeId));
  else if (typeof filter.assignee === "number") conditions.push(eq(inquiries.assigneeId, filter.assignee));
  if (filter.metric) {
    // A drill-down from the response report: the period is the stored received_day the daily
    // roll-ups group by, and the metric reads the same stored columns they count.
    if (filter.from) conditions.push(gte(inquiries.receivedDay, filter.from));
    if (filter.to) conditions.push(lte(inquiries.receivedDay, filter.to));
    conditions.push(metricCondition(filter.metric));
  } else {
    if (filter.from) conditions.push(gte(inquiries.receivedAt, startOfLocalDay(filter.from, context.timeZone)));
    if (filter.to) conditions.push(lt(inquiries.receivedAt, startOfLocalDay(addDays(filter.to, 1), context.timeZone)));
  }
  return conditions.length ? and(...conditions) : undefined;
}

/**
 * From this many matches on, the inbox walks the inquiries newest first and keeps those in the
 * search's set of ids, so a page fills after about 50 × total ÷ matches rows; below it, it reads
 * the matches by id and sorts them. Measured at 1,000,000 inquiries: a word in 100,000 subjects
 * took 200 ms read by id and 30 ms walked; a company with 800 inquiries 10 ms read by id, while
 * a walk for a rare word reads the whole table.
 */
const SEARCH_WALK_FROM = 2_000;

/**
 * A search counts its matches exactly up to this many; past it the inbox says "more than 10,000"
 * (nobody pages through more, they narrow the search), and a word in 100,000 subjects is not
 * counted one by one on every page.
 */
export const SEARCH_COUNTED_UP_TO = 10_000;

/**
 * The inbox search (subject, customer name, contact name or e-mail, each through its full-text
 * index): its condition, and how many inquiries it finds (`matches`, exact unless `moreThan`, when
 * there are more than SEARCH_COUNTED_UP_TO), counted in the indexes alone.
 */
function inboxSearch(db: DB, text: string) {
  const subjectIds = searchedIds("inquiries", ["subject"], text);
  const customerIds = searchedIds("customers", ["name"], text);
  const contactIds = searchedIds("contacts", ["name", "email"], text);
  // "union" counts each inquiry once; "in" keeps each once by itself, and "union all" spares it a sort.
  const ids = (union: SQL) =>
    sql`${subjectIds} ${union} select ${inquiries.id} from ${inquiries} where ${inquiries.customerId} in (${customerIds}) ${union} select ${inquiries.id} from ${inquiries} where ${inquiries.contactId} in (${contactIds})`;
  // The subjects alone first, stopping past the limit: they are where a common word is found.
  const subjects =
    db.get<{ n: number }>(
      sql`select count(*) as n from (select distinct * from (${subjectIds}) limit ${SEARCH_COUNTED_UP_TO + 1})`,
    )?.n ?? 0;
  const moreThan = subjects > SEARCH_COUNTED_UP_TO;
  const matches = moreThan
    ? SEARCH_COUNTED_UP_TO
    : (db.get<{ n: number }>(sql`select count(*) as n from (${ids(sql`union`)})`)?.n ?? 0);
  const condition =
    matches >= SEARCH_WALK_FROM
      ? // The unary + keeps SQLite from reading the matches by id: the set is probed during the walk.
        sql`+${inquiries.id} in (${ids(sql`union all`)})`
      : // One set of ids, read by id. Three ORed sets let SQLite walk the whole inbox newest first
        // instead (for an order number found in one subject: every inquiry read to find one).
        sql`${inquiries.id} in (${ids(sql`union all`)})`;
  return { condition, matches, moreThan };
}

/** Which of the response report's counts each drill-down lists (see metricCondition). */
const METRIC_COUNTS: Record<ResponseMetric, keyof ResponseCounts> = {
  counted: "counted",
  inHours: "inHoursCounted",
  hit30: "thirtySecondHits",
  miss30: "thirtySecondMisses",
  hit24: "within24hHits",
  miss24: "within24hMisses",
  slaHit: "slaHit",
  slaMissed: "slaMissed",
};

/**
 * A drill-down from the response report over days, by assignee and channel at most (what the
 * roll-ups group by): its total is the report's own count, read from the roll-ups, rather than a
 * count of a year of inquiries on each page.
 */
function drillDownTotal(db: DB, filter: InboxFilter, context: { userId: number; channelId?: number }): number | null {
  if (!filter.metric || !filter.from || !filter.to || filter.q || filter.status) return null;
  const assigneeId = filter.assignee === "me" ? context.userId : filter.assignee === "unassigned" ? null : filter.assignee;
  const totals = responseTotals(db, { from: filter.from, to: filter.to, assigneeId, channelId: context.channelId });
  return totals[METRIC_COUNTS[filter.metric]] as number;
}

/** One page of the inbox, newest first; the total for the pager is counted in SQL. */
export function listInquiries(db: DB, filter: InboxFilter, context: { userId: number; timeZone: string }) {
  const channelId = filter.channel ? (channelByKey(db, filter.channel)?.id ?? -1) : undefined;
  const search = filter.q ? inboxSearch(db, filter.q) : undefined;
  const others = filterConditions(filter, { ...context, channelId });
  const where = and(others, search?.condition);
  // A search alone has counted its matches already; a report's drill-down has its count stored.
  const total =
    search && !others
      ? search.matches
      : (drillDownTotal(db, filter, { userId: context.userId, channelId }) ??
        db.select({ n: count() }).from(inquiries).where(where).get()?.n ??
        0);
  const info = pageInfo(total, filter.page);
  // Only a search alone stops counting: with other filters it is counted with them.
  const moreThan = Boolean(search?.moreThan && !others);
  const rows = db
    .select({
      id: inquiries.id,
      subject: inquiries.subject,
      status: inquiries.status,
      receivedAt: inquiries.receivedAt,
      firstResponseAt: inquiries.firstResponseAt,
      frtMs: inquiries.frtMs,
      inBusinessHours: inquiries.inBusinessHours,
      // Every inquiry has its channel (a required foreign key); the left join keeps the inquiries
      // the outer loop, so SQLite never reads them channel by channel to find a search's matches.
      channel: sql<string>`${channels.name}`,
      customer: customers.name,
      contact: contacts.name,
      assignee: assignee.name,
    })
    .from(inquiries)
    .leftJoin(channels, eq(channels.id, inquiries.channelId))
    .leftJoin(customers, eq(customers.id, inquiries.customerId))
    .leftJoin(contacts, eq(contacts.id, inquiries.contactId))
    .leftJoin(assignee, eq(assignee.id, inquiries.assigneeId))
    .where(where)
    .orderBy(desc(inquiries.receivedAt), desc(inquiries.id))
    .limit(info.pageSize)
    .offset(info.offset)
    .all();
  return { ...info, moreThan, rows };
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

/**
 * Inquiries still waiting for their first human response (not spam, not lost), everyone's or one
 * assignee's: read from `unanswered_counts`, which triggers on `inquiries` keep in step with every
 * write, so the navigation badge costs one small read on each request whatever the table's size.
 */
export function countUnanswered(db: DB, assigneeId?: number): number {
  return (
    db
      .select({ n: sql<number>`coalesce(sum(${unansweredCounts.count}), 0)` })
      .from(unansweredCounts)
      .where(assigneeId === undefined ? undefined : eq(unansweredCounts.assigneeId, assigneeId))
      .get()?.n ?? 0
  );
}

/**
 * Today's response figures, live. A day's inquiries are few, so their timings are read and handed
 * to the same rule the SLA job and the reports use, and the inbox cannot disagree with them.
 */
export function todaysFigures(db: DB, context: { now: Date; settings: Settings; today: string; assigneeId?: number }) {
  const { settings, today } = context;
  const from = startOfLocalDay(today, settings.general.timeZone);
  const to = startOfLocalDay(addDays(today, 1), settings.general.timeZone);
  const timings = db
    .select({ receivedAt: inquiries.receivedAt, firstResponseAt: inquiries.firstResponseAt, status: inquiries.status })
    .from(inquiries)
    .where(
      and(
        gte(inquiries.receivedAt, from),
        lt(inquiries.receivedAt, to),
        context.assigneeId === undefined ? undefined : eq(inquiries.assigneeId, context.assigneeId),
      ),
    )
    .all();
  return responseFigures(timings, context.now, settings.calendar, responsePolicy(settings));
}

/** Assignable people for the assign menu: active staff who handle inquiries. */
export function assignableUsers(db: DB) {
  return db
    .select({ id: users.id, name: users.name, role: users.role, onDuty: users.onDuty })
    .from(users)
    .where(and(eq(users.active, true), inArray(users.role, ["service", "sales", "manager"])))
    .orderBy(asc(users.name))
    .all();
}

// --- Escalation (SPEC §3): unanswered for the escalation time in business hours. ---

/**
 * Raises one `sla_escalation` reminder for the managers per inquiry that has waited too long.
 * `escalated_at` is claimed with a conditional update first, so it happens once per inquiry even
 * if two processes scan at the same moment.
 *
 * `receivedSince` (optional) leaves out inquiries received before it, so that a scheduled scan
 * never raises escalations for old or imported history; without it every waiting inquiry counts.
 */
export function escalateOverdueInquiries(db: DB, context: { now: Date; settings: Settings; receivedSince?: Date }): number {
  const { now, settings } = context;
  const policy = responsePolicy(settings);
  const waiting = db
    .select({
      id: inquiries.id,
      subject: inquiries.subject,
      customerId: inquiries.customerId,
      receivedAt: inquiries.receivedAt,
      firstResponseAt: inquiries.firstResponseAt,
      status: inquiries.status,
    })
    .from(inquiries)
    .where(
      and(
        isNull(inquiries.firstResponseAt),
        isNull(inquiries.escalatedAt),
        notInArray(inquiries.status, OPEN_STATUSES_EXCLUDED),
        context.receivedSince === undefined ? undefined : gte(inquiries.receivedAt, context.receivedSince),
      ),
    )
    .all();
  let raised = 0;
  for (const inquiry of waiting) {
    if (!needsEscalation(inquiry, now, settings.calendar, policy)) continue;
    db.transaction((tx) => {
      const claimed = tx
        .update(inquiries)
        .set({ escalatedAt: now })
        .where(and(eq(inquiries.id, inquiry.id), isNull(inquiries.escalatedAt), isNull(inquiries.firstResponseAt)))
        .run();
      if (claimed.changes !== 1) return;
      raiseEscalationReminder(tx, {
        inquiryId: inquiry.id,
        customerId: inquiry.customerId,
        reason: encodeReminderReason(
          { code: "sla_escalation", inquiryId: inquiry.id, subject: inquiry.subject, minutes: policy.escalationMinutes },
          `Inquiry #${inquiry.id} "${inquiry.subject}" is unanswered after ${policy.escalationMinutes} business minutes`,
        ),
        at: now,
      });
      raised += 1;
    });
  }
  return raised;
}

/** What a quote drafted from an inquiry starts with. */
export function getInquiryForQuote(db: DB, id: number) {
  return db
    .select({
      id: inquiries.id,
      subject: inquiries.subject,
      customerId: inquiries.customerId,
      productId: inquiries.productId,
      quantity: inquiries.quantity,
    })
    .from(inquiries)
    .where(eq(inquiries.id, id))
    .get();
}

/** Whether an inquiry exists and may be tied to the customer: its own, or one with no customer yet. */
export function inquiryFitsCustomer(db: DB, inquiryId: number, customerId: number): boolean {
  const inquiry = db.select({ customerId: inquiries.customerId }).from(inquiries).where(eq(inquiries.id, inquiryId)).get();
  return inquiry !== undefined && (inquiry.customerId === null || inquiry.customerId === customerId);
}
