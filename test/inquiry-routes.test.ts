/**
 * The inquiry routes, called the way Remix calls them: the inbox (/inquiries), one inquiry
 * (/inquiries/:id), logging by hand (/inquiries/new), the public form (/inquire) and the live
 * event stream (/inquiries/events).
 *
 * The routes read the clock themselves (`new Date()`), so the clock is frozen with fake Dates at
 * Monday 2026-11-23 10:30:00 Shanghai = 02:30:00Z (inside the default 09:00–18:00 window, UTC+8).
 * Only Date is faked; timers stay real.
 */
import { count, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createCustomer, createOrder, createQuote, type User } from "~db/factories";
import { auditLog, contacts, customers, inquiries, messages, orders, users } from "~db/schema";
import type { OpenDatabase } from "~db/client.server";
import { addMessage, assignInquiry, changeInquiryStatus, receiveInquiry, type IncomingInquiry } from "~/models/inquiry.server";
import { getSettings } from "~/models/settings.server";
import * as inbox from "~/routes/inquiries._index";
import * as inquiryPage from "~/routes/inquiries.$inquiryId";
import * as logInquiry from "~/routes/inquiries.new";
import * as publicForm from "~/routes/inquire._index";
import * as events from "~/routes/inquiries.events";
import { limiter } from "~/utils/rate-limiter.server";
import {
  auditEntries,
  createTeam,
  createTestDb,
  formRequest,
  getRequest,
  loaderArgs,
  ORIGIN,
  respond,
  sessionCookieFor,
} from "./helpers";

const sh = (local: string) => new Date(`${local}+08:00`);
const plus = (at: Date, ms: number) => new Date(at.getTime() + ms);

// Monday 2026-11-23 10:30:00 Shanghai = 2026-11-23T02:30:00Z.
const NOW = sh("2026-11-23T10:30:00");

let database: OpenDatabase;
let svc: User;
let rep: User;
let boss: User;

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
  database = createTestDb();
  limiter("publicForm").reset();
  limiter("intake").reset();
  const team = await createTeam(database.db);
  svc = team.svc;
  rep = team.rep;
  boss = team.boss;
});

afterEach(() => {
  vi.useRealTimers();
});

type Who = "svc" | "rep" | "boss" | "root";

async function signIn(who: Who) {
  return sessionCookieFor(`${who}@example.com`);
}

function receive(overrides: Partial<IncomingInquiry> & { receivedAt: Date }, now = overrides.receivedAt): number {
  const result = receiveInquiry(
    database.db,
    {
      channelKey: "alibaba",
      subject: "Quotation for 2,000 pcs stainless hinges",
      message: "Please send FOB Ningbo price.",
      buyer: { company: "Acme GmbH", name: "Jonas Weber", email: "jonas@acme.example", country: "DE" },
      ...overrides,
    },
    { now, settings: getSettings(database.db), autoReply: true },
  );
  if (!result.ok) throw new Error(result.reason);
  return result.id;
}

const reply = (id: number, author: User, at: Date) =>
  addMessage(
    database.db,
    { inquiryId: id, authorId: author.id, direction: "out", body: "Our offer follows." },
    { now: at, settings: getSettings(database.db) },
  );

const row = (id: number) => database.db.select().from(inquiries).where(eq(inquiries.id, id)).get()!;
const thread = (id: number) => database.db.select().from(messages).where(eq(messages.inquiryId, id)).orderBy(messages.id).all();
const inquiryAudit = (id: number) => auditEntries(database.db, "inquiry", id);
const auditCount = () => database.db.select({ n: count() }).from(auditLog).get()!.n;
const rowCounts = () => ({
  inquiries: database.db.select({ n: count() }).from(inquiries).get()!.n,
  messages: database.db.select({ n: count() }).from(messages).get()!.n,
  customers: database.db.select({ n: count() }).from(customers).get()!.n,
  contacts: database.db.select({ n: count() }).from(contacts).get()!.n,
});

// ---------------------------------------------------------------------------------------------
// The inbox
// ---------------------------------------------------------------------------------------------

describe("inbox /inquiries", () => {
  const load = (path: string, cookie?: string) => respond(() => inbox.loader(loaderArgs(getRequest(path, cookie))));
  const post = (fields: Record<string, string>, cookie: string) =>
    respond(() => inbox.action(loaderArgs(formRequest("/inquiries?index", fields, { cookie }))));

  let w1: number;
  let w2: number;
  let w3: number;

  beforeEach(() => {
    // W1: website, 10:29:20 Shanghai (40 s before now), unassigned, unanswered.
    w1 = receive({
      receivedAt: sh("2026-11-23T10:29:20"),
      channelKey: "website",
      subject: "Door handles",
      buyer: { company: "Beta Trading", name: "Li Wei", email: "li.wei@beta.example", country: "CN" },
    });
    // W2: alibaba, 10:20 Shanghai, assigned to svc, unanswered.
    w2 = receive({ receivedAt: sh("2026-11-23T10:20:00"), subject: "Hinges" });
    assignInquiry(database.db, w2, svc.id, sh("2026-11-23T10:21:00"));
    // W3: e-mail, Sunday 10:00 Shanghai, answered by rep Monday 09:10 (so it is rep's).
    w3 = receive({
      receivedAt: sh("2026-11-22T10:00:00"),
      channelKey: "email",
      subject: "Catalogue",
      buyer: { company: "Gamma Imports", name: "Ana Souza", email: "ana@gamma.example", country: "BR" },
    });
    reply(w3, rep, sh("2026-11-23T09:10:00"));
  });

  it("is open to all four roles", async () => {
    for (const who of ["svc", "rep", "boss", "root"] as const) {
      const response = await load("/inquiries", await signIn(who));
      expect(response.status, who).toBe(200);
    }
  });

  it("sends visitors who are not signed in to the sign-in page", async () => {
    const response = await load("/inquiries");
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/login?redirectTo=%2Finquiries");
  });

  it("shows everything newest first, today's figures and the unanswered count", async () => {
    const body = await (await load("/inquiries", await signIn("svc"))).json();
    expect(body.page.total).toBe(3);
    // W1 10:29:20 > W2 10:20 > W3 Sunday.
    expect(body.page.rows.map((r: { id: number }) => r.id)).toEqual([w1, w2, w3]);
    // W1 and W2 wait; W3 was answered.
    expect(body.unanswered).toBe(2);
    // Today (Monday) = W1 and W2, both in hours, unanswered and older than 30 s (40 s and
    // 10 min): 0 hits of 2. Both are younger than 24 h, so the 24-hour rate is pending (null).
    expect(body.figures).toMatchObject({
      received: 2,
      counted: 2,
      inHoursCounted: 2,
      thirtySecondHits: 0,
      thirtySecondDenominator: 2,
      thirtySecondRate: 0,
      within24hDenominator: 0,
      within24hRate: null,
    });
    expect(body.serverNow).toBe(NOW.getTime());
    expect(body.me).toEqual({ id: svc.id, onDuty: false, role: "service" });
    expect(body.channels.map((c: { key: string }) => c.key)).toEqual([
      "alibaba",
      "made_in_china",
      "website",
      "email",
      "trade_show",
      "referral",
      "other",
    ]);
  });

  it("reads its filters from the URL", async () => {
    const cookie = await signIn("svc");
    const subjects = async (search: string) =>
      ((await (await load(`/inquiries${search}`, cookie)).json()).page.rows as { subject: string }[]).map((r) => r.subject);
    expect(await subjects("?status=new&channel=website&q=door")).toEqual(["Door handles"]);
    expect(await subjects("?status=responded")).toEqual(["Catalogue"]);
    expect(await subjects("?assignee=me")).toEqual(["Hinges"]);
    expect(await subjects("?assignee=unassigned")).toEqual(["Door handles"]);
    expect(await subjects(`?assignee=${rep.id}`)).toEqual(["Catalogue"]);
    expect(await subjects("?channel=email")).toEqual(["Catalogue"]);
    // Sunday 22nd (Shanghai) only: W3.
    expect(await subjects("?from=2026-11-22&to=2026-11-22")).toEqual(["Catalogue"]);
    expect(await subjects("?from=2026-11-23")).toEqual(["Door handles", "Hinges"]);
    expect(await subjects("?q=souza")).toEqual(["Catalogue"]);
    // Unreadable values are ignored rather than failing the page.
    expect(await subjects("?status=bogus&assignee=nobody&from=yesterday&page=zero")).toEqual([
      "Door handles",
      "Hinges",
      "Catalogue",
    ]);
    // "me" is whoever is signed in: the manager has nothing assigned.
    const mine = await (await load("/inquiries?assignee=me", await signIn("boss"))).json();
    expect(mine.page.total).toBe(0);
  });

  it("toggles the signed-in user's on-duty flag, which round-robin then follows", async () => {
    const cookie = await signIn("svc");
    const on = await post({ onDuty: "on" }, cookie);
    expect(on.status).toBe(200);
    expect(await on.json()).toEqual({ ok: true });
    expect(database.db.select().from(users).where(eq(users.id, svc.id)).get()!.onDuty).toBe(true);
    expect((await (await load("/inquiries", cookie)).json()).me.onDuty).toBe(true);
    // svc is now the only on-duty service user, so a new inquiry goes to svc.
    const next = receive({ receivedAt: plus(NOW, 1_000), subject: "After going on duty" });
    expect(row(next).assigneeId).toBe(svc.id);

    // The form sends an empty value to go off duty.
    const off = await post({ onDuty: "" }, cookie);
    expect(off.status).toBe(200);
    expect(database.db.select().from(users).where(eq(users.id, svc.id)).get()!.onDuty).toBe(false);
    expect((await (await load("/inquiries", cookie)).json()).me.onDuty).toBe(false);
    // Nobody else changed.
    expect(database.db.select().from(users).where(eq(users.id, rep.id)).get()!.onDuty).toBe(false);
  });

  it("refuses the toggle to a visitor who is not signed in", async () => {
    const response = await respond(() => inbox.action(loaderArgs(formRequest("/inquiries?index", { onDuty: "on" }))));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toContain("/login");
  });
});

// ---------------------------------------------------------------------------------------------
// One inquiry
// ---------------------------------------------------------------------------------------------

describe("inquiry page /inquiries/:id", () => {
  let id: number;

  beforeEach(() => {
    // Received 20 s before now: 10:29:40 Shanghai = 02:29:40Z.
    id = receive({ receivedAt: plus(NOW, -20_000) });
  });

  const load = (inquiryId: string, cookie?: string) =>
    respond(() => inquiryPage.loader(loaderArgs(getRequest(`/inquiries/${inquiryId}`, cookie), { inquiryId })));
  const act = (cookie: string, fields: Record<string, string>, inquiryId = String(id)) =>
    respond(() => inquiryPage.action(loaderArgs(formRequest(`/inquiries/${inquiryId}`, fields, { cookie }), { inquiryId })));

  describe("loader", () => {
    it("shows the inquiry and its thread", async () => {
      const response = await load(String(id), await signIn("svc"));
      expect(response.status).toBe(200);
      const body = await response.json();
      expect(body.inquiry).toMatchObject({
        id,
        subject: "Quotation for 2,000 pcs stainless hinges",
        status: "new",
        customer: "Acme GmbH",
      });
      expect(body.thread.map((m: { direction: string }) => m.direction)).toEqual(["in"]);
      // Only managers and admins may assign, so only they get the list of people.
      expect(body.canAssign).toBe(false);
      expect(body.people).toEqual([]);
    });

    it("gives a manager the people to assign to: active service, sales and manager users, by name", async () => {
      const body = await (await load(String(id), await signIn("boss"))).json();
      expect(body.canAssign).toBe(true);
      expect(body.people).toEqual([
        { id: boss.id, name: "Boss" },
        { id: rep.id, name: "Rep" },
        { id: svc.id, name: "Svc" },
      ]);
    });

    it("answers 404 for a missing or a non-numeric id", async () => {
      const cookie = await signIn("svc");
      for (const bad of ["9999", "abc", "1.5", "0", "-1"]) {
        expect((await load(bad, cookie)).status, bad).toBe(404);
      }
    });

    it("sends visitors who are not signed in to the sign-in page", async () => {
      const response = await load(String(id));
      expect(response.status).toBe(302);
      expect(response.headers.get("Location")).toBe(`/login?redirectTo=%2Finquiries%2F${id}`);
    });
  });

  describe("reply and note", () => {
    it("rejects an empty reply with 400, keeping what was typed", async () => {
      const response = await act(await signIn("svc"), { intent: "reply", body: "   " });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        intent: "reply",
        errors: { body: ["errors.required"] },
        values: { intent: "reply", body: "   " },
      });
      expect(thread(id)).toHaveLength(1);
      expect(row(id).firstResponseAt).toBeNull();
    });

    it("records the first reply as the first response with the server's time, later ones as plain replies", async () => {
      const response = await act(await signIn("svc"), { intent: "reply", body: "Dear Jonas, USD 0.95/pc FOB Ningbo." });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ intent: "reply", done: "firstResponse" });
      const inquiry = row(id);
      // Now = 02:30:00Z; received 02:29:40Z → FRT 20 s, a 30-second hit.
      expect(inquiry.firstResponseAt?.toISOString()).toBe("2026-11-23T02:30:00.000Z");
      expect(inquiry).toMatchObject({
        firstResponderId: svc.id,
        frtMs: 20_000,
        within30s: true,
        status: "responded",
        assigneeId: svc.id,
      });

      const again = await act(await signIn("rep"), { intent: "reply", body: "Also attaching the catalogue." });
      expect(await again.json()).toEqual({ intent: "reply", done: "reply" });
      expect(row(id).firstResponderId).toBe(svc.id);
      expect(thread(id).map((m) => [m.direction, m.authorId])).toEqual([
        ["in", null],
        ["out", svc.id],
        ["out", rep.id],
      ]);
    });

    it("saves a note without answering the inquiry; an empty note is refused", async () => {
      const cookie = await signIn("svc");
      const response = await act(cookie, { intent: "note", body: "Check stock with the factory" });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ intent: "note", done: "note" });
      expect(row(id).firstResponseAt).toBeNull();
      expect(thread(id).map((m) => m.direction)).toEqual(["in", "note"]);

      const empty = await act(cookie, { intent: "note", body: "" });
      expect(empty.status).toBe(400);
      expect((await empty.json()).errors).toEqual({ body: ["errors.required"] });
    });
  });

  describe("take and assign", () => {
    it("lets anyone take an unassigned inquiry, and audits it", async () => {
      const response = await act(await signIn("rep"), { intent: "take" });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ intent: "take", done: "take" });
      expect(row(id).assigneeId).toBe(rep.id);
      expect(inquiryAudit(id).at(-1)).toMatchObject({
        action: "update",
        userId: rep.id,
        before: { assigneeId: null },
        after: { assigneeId: rep.id },
      });
    });

    it("refuses service and sales taking an inquiry a colleague has: 403 with a message, nothing written (SPEC §8)", async () => {
      assignInquiry(database.db, id, rep.id, NOW);
      const entries = auditCount();
      const cookie = await signIn("svc");
      expect((await (await load(String(id), cookie)).json()).canTake).toBe(false);
      const response = await act(cookie, { intent: "take" });
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual({
        intent: "take",
        errors: { "": ["inquiry.errors.assignedToColleague"] },
        values: { intent: "take" },
      });
      expect(row(id).assigneeId).toBe(rep.id);
      expect(auditCount()).toBe(entries);

      assignInquiry(database.db, id, svc.id, NOW);
      expect((await act(await signIn("rep"), { intent: "take" })).status).toBe(403);
      expect(row(id).assigneeId).toBe(svc.id);
    });

    it("lets a manager or an admin take an inquiry a colleague has", async () => {
      assignInquiry(database.db, id, rep.id, NOW);
      const cookie = await signIn("boss");
      expect((await (await load(String(id), cookie)).json()).canTake).toBe(true);
      expect((await act(cookie, { intent: "take" })).status).toBe(200);
      expect(row(id).assigneeId).toBe(boss.id);
      expect(inquiryAudit(id).at(-1)).toMatchObject({
        userId: boss.id,
        before: { assigneeId: rep.id },
        after: { assigneeId: boss.id },
      });
    });

    it("refuses assigning to others with 403 for service and sales, changing nothing", async () => {
      for (const who of ["svc", "rep"] as const) {
        const response = await act(await signIn(who), { intent: "assign", assigneeId: String(rep.id) });
        expect(response.status, who).toBe(403);
      }
      expect(row(id).assigneeId).toBeNull();
    });

    it("lets a manager assign and an admin unassign, each in the audit trail", async () => {
      const response = await act(await signIn("boss"), { intent: "assign", assigneeId: String(rep.id) });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ intent: "assign", done: "assign" });
      expect(row(id).assigneeId).toBe(rep.id);

      const cleared = await act(await signIn("root"), { intent: "assign", assigneeId: "" });
      expect(cleared.status).toBe(200);
      expect(row(id).assigneeId).toBeNull();
      const root = database.db.select().from(users).where(eq(users.email, "root@example.com")).get()!;
      expect(inquiryAudit(id).slice(-2)).toMatchObject([
        { action: "update", userId: boss.id, before: { assigneeId: null }, after: { assigneeId: rep.id } },
        { action: "update", userId: root.id, before: { assigneeId: rep.id }, after: { assigneeId: null } },
      ]);
    });

    it("answers 400 for an assignee id that is not a number", async () => {
      const response = await act(await signIn("boss"), { intent: "assign", assigneeId: "abc" });
      expect(response.status).toBe(400);
      // Number("abc") is NaN, which z.number() refuses as an invalid number.
      expect((await response.json()).errors).toEqual({ assigneeId: ["errors.number"] });
    });

    it("does not crash on an unknown user id: 400 with a message for the field and the intent, assignee unchanged", async () => {
      assignInquiry(database.db, id, svc.id, NOW);
      const response = await act(await signIn("boss"), { intent: "assign", assigneeId: "99999" });
      expect(response.status).toBe(400);
      // Without JavaScript the page renders again from this: the intent picks the assign form,
      // and the message is a catalog key shown under its menu.
      expect(await response.json()).toEqual({
        intent: "assign",
        errors: { assigneeId: ["inquiry.errors.notAssignable"] },
        values: { intent: "assign", assigneeId: "99999" },
      });
      expect(row(id).assigneeId).toBe(svc.id);
    });
  });

  describe("status", () => {
    it("asks for a reason when the inquiry is lost", async () => {
      const response = await act(await signIn("svc"), { intent: "status", status: "lost", lostReason: "" });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        intent: "status",
        errors: { lostReason: ["errors.lostReasonRequired"] },
        values: { intent: "status", status: "lost", lostReason: "" },
      });
      expect(row(id).status).toBe("new");
    });

    it("marks it lost with the reason, or spam", async () => {
      const cookie = await signIn("svc");
      const lost = await act(cookie, { intent: "status", status: "lost", lostReason: "Bought from a competitor" });
      expect(lost.status).toBe(200);
      expect(await lost.json()).toEqual({ intent: "status", done: "status" });
      expect(row(id)).toMatchObject({ status: "lost", lostReason: "Bought from a competitor" });

      const spam = await act(cookie, { intent: "status", status: "spam" });
      expect(spam.status).toBe(200);
      expect(row(id)).toMatchObject({ status: "spam", lostReason: null, within30s: null, within24h: null, slaStatus: null });
    });

    it("after a reply, shows and offers only the statuses from responded on", async () => {
      const cookie = await signIn("svc");
      expect((await (await load(String(id), cookie)).json()).statusChoices).toEqual([
        "new",
        "responded",
        "quoted",
        "won",
        "lost",
        "spam",
      ]);
      await act(cookie, { intent: "reply", body: "Dear Jonas, USD 0.95/pc FOB Ningbo." });
      const body = await (await load(String(id), cookie)).json();
      expect(body.inquiry.status).toBe("responded");
      expect(body.statusChoices).toEqual(["responded", "quoted", "won", "lost", "spam"]);
    });

    it("refuses to set an answered inquiry back to new: 400 with a message, the row and the trail unchanged", async () => {
      reply(id, svc, NOW);
      const before = row(id);
      const entries = auditCount();
      // The form still says "new": it was loaded before the reply.
      const response = await act(await signIn("svc"), { intent: "status", status: "new" });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        intent: "status",
        errors: { status: ["inquiry.errors.statusBelow.responded"] },
        values: { intent: "status", status: "new" },
      });
      expect(row(id)).toEqual(before);
      expect(auditCount()).toBe(entries);
    });

    it("keeps a quoted inquiry at least quoted, and a won one won", async () => {
      const cookie = await signIn("rep");
      const customerId = row(id).customerId!;
      createQuote(database.db, { customerId, inquiryId: id, status: "sent" });
      database.db.update(inquiries).set({ status: "quoted" }).where(eq(inquiries.id, id)).run();
      const back = await act(cookie, { intent: "status", status: "responded" });
      expect(back.status).toBe(400);
      expect((await back.json()).errors).toEqual({ status: ["inquiry.errors.statusBelow.quoted"] });
      const spam = await act(cookie, { intent: "status", status: "spam" });
      expect((await spam.json()).errors).toEqual({ status: ["inquiry.errors.notSpam"] });
      expect(row(id).status).toBe("quoted");
      // Lost stays possible until an order is won.
      expect((await act(cookie, { intent: "status", status: "lost", lostReason: "Too expensive" })).status).toBe(200);

      createOrder(database.db, { customerId, inquiryId: id, totalMinor: 10_000 });
      database.db.update(inquiries).set({ status: "won", lostReason: null }).where(eq(inquiries.id, id)).run();
      const lost = await act(cookie, { intent: "status", status: "lost", lostReason: "Changed their mind" });
      expect(lost.status).toBe(400);
      expect((await lost.json()).errors).toEqual({ status: ["inquiry.errors.alreadyWon"] });
      expect(row(id).status).toBe("won");
      expect((await (await load(String(id), cookie)).json()).statusChoices).toEqual(["won"]);
    });

    it("counts an order taken on the inquiry's quote as won, as one taken on the inquiry, and a cancelled one as neither", async () => {
      const cookie = await signIn("rep");
      const customerId = row(id).customerId!;
      const quote = createQuote(database.db, { customerId, inquiryId: id, status: "accepted" });
      // Linked through the quote alone (as an imported order can be), not to the inquiry itself.
      const onQuoteOnly = (status: "cancelled" | "confirmed") => {
        const order = createOrder(database.db, { customerId, quoteId: quote.id, totalMinor: 10_000, status });
        database.db.update(orders).set({ inquiryId: null }).where(eq(orders.id, order.id)).run();
      };
      onQuoteOnly("cancelled");
      expect((await (await load(String(id), cookie)).json()).statusChoices).not.toEqual(["won"]);
      onQuoteOnly("confirmed");
      expect((await (await load(String(id), cookie)).json()).statusChoices).toEqual(["won"]);
    });

    it("records each status change with who, before and after", async () => {
      await act(await signIn("svc"), { intent: "status", status: "lost", lostReason: "No budget" });
      expect(inquiryAudit(id).at(-1)).toMatchObject({
        action: "update",
        userId: svc.id,
        before: { status: "new", lostReason: null },
        after: { status: "lost", lostReason: "No budget" },
      });
    });

    it("refuses a status that does not exist", async () => {
      const response = await act(await signIn("svc"), { intent: "status", status: "closed" });
      expect(response.status).toBe(400);
      expect(Object.keys((await response.json()).errors)).toEqual(["status"]);
    });
  });

  describe("customer", () => {
    it("links an existing customer; an unknown id is a 400 on the field", async () => {
      const cookie = await signIn("svc");
      const unknown = await act(cookie, { intent: "linkCustomer", customerId: "99999" });
      expect(unknown.status).toBe(400);
      expect(await unknown.json()).toEqual({
        intent: "linkCustomer",
        errors: { customerId: ["errors.invalid"] },
        values: { intent: "linkCustomer", customerId: "99999" },
      });
      database.db.update(inquiries).set({ customerId: null }).where(eq(inquiries.id, id)).run();

      const other = createCustomer(database.db, { name: "Weber Baubeschlag GmbH" });
      const linked = await act(cookie, { intent: "linkCustomer", customerId: String(other.id), expectedCustomerId: "" });
      expect(linked.status).toBe(200);
      expect(await linked.json()).toEqual({ intent: "linkCustomer", done: "linkCustomer" });
      expect(row(id).customerId).toBe(other.id);
      expect(inquiryAudit(id).at(-1)).toMatchObject({
        userId: svc.id,
        before: { customerId: null },
        after: { customerId: other.id },
      });
    });

    it("re-links a linked inquiry only from the customer the page showed, and audits the move", async () => {
      const cookie = await signIn("svc");
      const before = row(id).customerId!;
      const other = createCustomer(database.db, { name: "Weber Baubeschlag GmbH" });
      const third = createCustomer(database.db, { name: "Third Party Ltd" });
      // A form without the customer it saw (or with another one) is stale: 409, nothing moves.
      const staleForms: Record<string, string>[] = [{}, { expectedCustomerId: "" }, { expectedCustomerId: String(third.id) }];
      for (const expected of staleForms) {
        const stale = await act(cookie, { intent: "linkCustomer", customerId: String(other.id), ...expected });
        expect(stale.status).toBe(409);
        expect((await stale.json()).errors).toEqual({ "": ["inquiry.errors.customerChanged"] });
      }
      expect(row(id).customerId).toBe(before);

      const moved = await act(cookie, {
        intent: "linkCustomer",
        customerId: String(other.id),
        expectedCustomerId: String(before),
      });
      expect(moved.status).toBe(200);
      expect(row(id).customerId).toBe(other.id);
      expect(inquiryAudit(id).at(-1)).toMatchObject({
        userId: svc.id,
        before: { customerId: before },
        after: { customerId: other.id },
      });
    });

    it("refuses create-and-link on an inquiry that has a customer: 409 with a message, no duplicate, no move", async () => {
      const before = row(id);
      const counts = rowCounts();
      const entries = auditCount();
      const response = await act(await signIn("svc"), { intent: "createCustomer", name: "Acme GmbH" });
      expect(response.status).toBe(409);
      expect(await response.json()).toEqual({
        intent: "createCustomer",
        errors: { "": ["inquiry.errors.alreadyLinked"] },
        values: { intent: "createCustomer", name: "Acme GmbH" },
      });
      expect(row(id)).toEqual(before);
      expect(rowCounts()).toEqual(counts);
      expect(auditCount()).toBe(entries);
    });

    it("creates a customer for an inquiry without one, a sales rep's own, with both changes audited; a name is required", async () => {
      database.db.update(inquiries).set({ customerId: null }).where(eq(inquiries.id, id)).run();
      const cookie = await signIn("rep");
      const empty = await act(cookie, { intent: "createCustomer", name: " " });
      expect(empty.status).toBe(400);
      expect((await empty.json()).errors).toEqual({ name: ["errors.required"] });

      const response = await act(cookie, { intent: "createCustomer", name: "Acme Europe GmbH" });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ intent: "createCustomer", done: "createCustomer" });
      const inquiry = row(id);
      const customer = database.db.select().from(customers).where(eq(customers.id, inquiry.customerId!)).get()!;
      expect(customer).toMatchObject({ name: "Acme Europe GmbH", ownerId: rep.id });
      const contact = database.db.select().from(contacts).where(eq(contacts.id, inquiry.contactId!)).get()!;
      expect(contact).toMatchObject({ customerId: customer.id, name: "Jonas Weber", email: "jonas@acme.example" });
      const customerEntries = auditEntries(database.db, "customer", customer.id);
      expect(customerEntries).toMatchObject([
        { action: "create", userId: rep.id, after: { name: "Acme Europe GmbH", ownerId: rep.id, fromInquiryId: id } },
      ]);
      expect(inquiryAudit(id).at(-1)).toMatchObject({
        userId: rep.id,
        before: { customerId: null },
        after: { customerId: customer.id },
      });

      // A second click finds the inquiry linked.
      expect((await act(cookie, { intent: "createCustomer", name: "Acme Europe GmbH" })).status).toBe(409);
    });
  });

  it("records the inquiry's creation in the audit trail", async () => {
    expect(inquiryAudit(id)).toMatchObject([
      {
        action: "create",
        userId: null,
        after: { channel: "alibaba", subject: "Quotation for 2,000 pcs stainless hinges", status: "new" },
      },
    ]);
  });

  it("refuses an unknown intent with 400 and a missing inquiry with 404", async () => {
    const cookie = await signIn("svc");
    const unknown = await act(cookie, { intent: "delete" });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toEqual({ errors: { "": ["errors.invalid"] } });
    expect((await act(cookie, { intent: "reply", body: "Hello" }, "9999")).status).toBe(404);
    expect((await act(cookie, { intent: "reply", body: "Hello" }, "abc")).status).toBe(404);
    expect(rowCounts().messages).toBe(1);
  });
});

// ---------------------------------------------------------------------------------------------
// Logging an inquiry by hand
// ---------------------------------------------------------------------------------------------

describe("log an inquiry /inquiries/new", () => {
  const valid = {
    channel: "trade_show",
    receivedAt: "2026-11-23T10:00",
    customerName: "Acme GmbH",
    contactName: "Jonas Weber",
    contactEmail: "jonas@acme.example",
    contactPhone: "+49 30 1234567",
    country: "DE",
    productId: "",
    quantity: "2,000",
    subject: "Hinges for a new door line",
    message: "Met at the Canton Fair; wants 2,000 pcs.",
  };
  const post = (fields: Record<string, string>, cookie?: string) =>
    respond(() => logInquiry.action(loaderArgs(formRequest("/inquiries/new", fields, { cookie }))));
  const createdId = (response: Response) => Number(response.headers.get("Location")!.split("/").at(-1));

  it("needs a signed-in user", async () => {
    const response = await post(valid);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toContain("/login");
    expect(rowCounts().inquiries).toBe(0);
  });

  it("offers the channels to every role, and sends visitors to the sign-in page", async () => {
    const visitor = await respond(() => logInquiry.loader(loaderArgs(getRequest("/inquiries/new"))));
    expect(visitor.status).toBe(302);
    expect(visitor.headers.get("Location")).toBe("/login?redirectTo=%2Finquiries%2Fnew");
    for (const who of ["svc", "rep", "boss", "root"] as const) {
      const cookie = await signIn(who);
      const loaded = await respond(() => logInquiry.loader(loaderArgs(getRequest("/inquiries/new", cookie))));
      expect(loaded.status, who).toBe(200);
      // The seven channels every team starts with.
      expect((await loaded.json()).channels).toHaveLength(7);
    }
  });

  it("answers 400 with a message per bad field and keeps what was typed", async () => {
    const typed = {
      channel: "trade_show",
      receivedAt: "yesterday",
      customerName: "",
      contactName: " ",
      contactEmail: "not-an-email",
      contactPhone: "",
      country: "Germany",
      productId: "",
      quantity: "2.5",
      subject: "",
      message: "",
    };
    const response = await post(typed, await signIn("svc"));
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.errors).toEqual({
      receivedAt: ["errors.localDateTime"], // not "YYYY-MM-DDTHH:mm"
      customerName: ["errors.required"], // empty
      contactName: ["errors.required"], // blank after trimming
      contactEmail: ["errors.email"],
      country: ["errors.country"], // not two letters
      quantity: ["errors.integer"], // 2.5 is not a whole number
      subject: ["errors.required"],
      message: ["errors.required"],
    });
    expect(body.values).toEqual(typed);
    expect(rowCounts()).toEqual({ inquiries: 0, messages: 0, customers: 0, contacts: 0 });
  });

  it("answers 400 on productId, and writes nothing, when the product picked does not exist", async () => {
    const response = await post({ ...valid, productId: "16" }, await signIn("svc"));
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.errors).toEqual({ productId: ["errors.invalid"] });
    expect(body.values.productId).toBe("16");
    expect(rowCounts()).toEqual({ inquiries: 0, messages: 0, customers: 0, contacts: 0 });
  });

  it("stores a local receivedAt in UTC: 2026-11-23T10:00 Shanghai is 02:00Z", async () => {
    const response = await post(valid, await signIn("svc"));
    expect(response.status).toBe(302);
    const id = createdId(response);
    expect(response.headers.get("Location")).toBe(`/inquiries/${id}`);
    const inquiry = row(id);
    // 10:00 at UTC+8 = 02:00 UTC.
    expect(inquiry.receivedAt.toISOString()).toBe("2026-11-23T02:00:00.000Z");
    expect(inquiry).toMatchObject({ createdById: svc.id, quantity: 2000, subject: "Hinges for a new door line", status: "new" });
    // 30 min old at 10:30 and unanswered.
    expect(inquiry.inBusinessHours).toBe(true);
  });

  it("takes now when receivedAt is left empty, and refuses one more than 5 minutes ahead", async () => {
    const cookie = await signIn("svc");
    const empty = await post({ ...valid, receivedAt: "" }, cookie);
    expect(empty.status).toBe(302);
    expect(row(createdId(empty)).receivedAt.toISOString()).toBe("2026-11-23T02:30:00.000Z");

    // Now 10:30; 10:35 is exactly 5 minutes ahead: allowed. 10:36 is 6 minutes ahead: refused.
    const edge = await post({ ...valid, receivedAt: "2026-11-23T10:35", subject: "edge" }, cookie);
    expect(edge.status).toBe(302);
    expect(row(createdId(edge)).receivedAt.toISOString()).toBe("2026-11-23T02:35:00.000Z");
    const future = await post({ ...valid, receivedAt: "2026-11-23T10:36", subject: "future" }, cookie);
    expect(future.status).toBe(400);
    const body = await future.json();
    expect(body.errors).toEqual({ receivedAt: ["errors.receivedAtFuture"] });
    expect(body.values.receivedAt).toBe("2026-11-23T10:36");
    expect(rowCounts().inquiries).toBe(2);
  });

  it("reuses an existing customer matched by company name, ignoring case", async () => {
    const existing = createCustomer(database.db, { name: "Acme GmbH" });
    const response = await post(
      { ...valid, customerName: "ACME GMBH", contactEmail: "new.person@acme.example" },
      await signIn("svc"),
    );
    expect(response.status).toBe(302);
    expect(row(createdId(response)).customerId).toBe(existing.id);
    expect(rowCounts().customers).toBe(1);
    // The new person is added to that customer.
    const contact = database.db.select().from(contacts).where(eq(contacts.email, "new.person@acme.example")).get()!;
    expect(contact.customerId).toBe(existing.id);
  });

  it("sends no auto-reply, even for an inquiry received outside business hours", async () => {
    // Sunday 2026-11-22 10:00 Shanghai: closed.
    const response = await post({ ...valid, receivedAt: "2026-11-22T10:00" }, await signIn("svc"));
    expect(response.status).toBe(302);
    const id = createdId(response);
    expect(row(id).inBusinessHours).toBe(false);
    expect(thread(id).map((m) => [m.direction, m.isAutoReply])).toEqual([["in", false]]);
  });

  it("refuses an unknown channel with 400 on the field", async () => {
    const response = await post({ ...valid, channel: "tiktok" }, await signIn("svc"));
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.errors).toEqual({ channel: ["errors.invalid"] });
    expect(body.values.channel).toBe("tiktok");
    expect(rowCounts().inquiries).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------
// The public form
// ---------------------------------------------------------------------------------------------

describe("public form /inquire", () => {
  const valid = {
    name: "Jonas Weber",
    email: "Jonas@Acme.example",
    company: "Acme GmbH",
    phone: "+49 30 1234567",
    country: "de",
    product: "HG-304-100",
    quantity: "2,000",
    message: "Please quote 2,000 pcs.\nFOB Ningbo.",
    website: "",
  };
  const post = (fields: Record<string, string>, clientAddress = "203.0.113.7") =>
    respond(() => publicForm.action({ ...loaderArgs(formRequest("/inquire?index", fields)), context: { clientAddress } }));

  it("works without signing in", async () => {
    const page = await respond(() => publicForm.loader(loaderArgs(getRequest("/inquire"))));
    expect(page.status).toBe(200);
    expect(await page.json()).toEqual({ seller: "" });

    const response = await post(valid);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/inquire/thanks");
    const inquiry = database.db.select().from(inquiries).get()!;
    // Arrival time = the server's now (02:30:00Z); the subject is the product and the first line.
    expect(inquiry.receivedAt.toISOString()).toBe("2026-11-23T02:30:00.000Z");
    expect(inquiry.subject).toBe("HG-304-100: Please quote 2,000 pcs.");
    expect(inquiry.quantity).toBe(2000);
    expect(inquiry.createdById).toBeNull();
    const customer = database.db.select().from(customers).get()!;
    expect(customer).toMatchObject({ name: "Acme GmbH", country: "DE" });
    expect(database.db.select().from(contacts).get()).toMatchObject({ name: "Jonas Weber", email: "jonas@acme.example" });
    // Monday 10:30 is in business hours: no auto-reply.
    expect(thread(inquiry.id).map((m) => m.direction)).toEqual(["in"]);
    expect(thread(inquiry.id)[0]!.body).toBe("Please quote 2,000 pcs.\nFOB Ningbo.\n\n(Product: HG-304-100)");
  });

  it("gives an inquiry sent outside business hours the auto-reply", async () => {
    // Sunday 2026-11-22 10:00 Shanghai.
    vi.setSystemTime(sh("2026-11-22T10:00:00"));
    const response = await post(valid);
    expect(response.status).toBe(302);
    const inquiry = database.db.select().from(inquiries).get()!;
    expect(thread(inquiry.id).map((m) => [m.direction, m.isAutoReply])).toEqual([
      ["in", false],
      ["out", true],
    ]);
    expect(inquiry).toMatchObject({ inBusinessHours: false, slaStatus: "pending", firstResponseAt: null });
  });

  it("answers 400 per field when name and e-mail are missing, keeping what was typed", async () => {
    const typed = { ...valid, name: "", email: "" };
    const response = await post(typed);
    expect(response.status).toBe(400);
    const body = await response.json();
    // name: "" fails min(1) → required; email: "" is not an address → the e-mail message.
    expect(body.errors).toEqual({ name: ["errors.required"], email: ["errors.email"] });
    expect(body.values).toEqual(typed);
    expect(rowCounts()).toEqual({ inquiries: 0, messages: 0, customers: 0, contacts: 0 });
  });

  it("thanks a bot that filled the honeypot and stores nothing", async () => {
    const response = await post({ ...valid, website: "http://cheap-pills.example" });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/inquire/thanks");
    expect(rowCounts()).toEqual({ inquiries: 0, messages: 0, customers: 0, contacts: 0 });
  });

  it("refuses the sixth post from one address within a minute with 429 and Retry-After", async () => {
    for (let i = 1; i <= 5; i++) {
      const response = await post({ ...valid, message: `Inquiry number ${i}` });
      expect(response.status, `post ${i}`).toBe(302);
    }
    const typed = { ...valid, message: "Inquiry number 6" };
    const sixth = await post(typed);
    expect(sixth.status).toBe(429);
    // Five per minute: a token every 60 / 5 = 12 s. The clock has not moved, so the bucket is
    // at 0 and the wait for one token is 12 s.
    expect(sixth.headers.get("Retry-After")).toBe("12");
    const body = await sixth.json();
    expect(body.errors).toEqual({ "": ["publicForm.tooMany"] });
    expect(body.values).toEqual(typed);
    expect(rowCounts().inquiries).toBe(5);

    // Another address is not affected.
    expect((await post({ ...valid, message: "From elsewhere" }, "198.51.100.9")).status).toBe(302);
    // 12 s later one token (12 s × 5/60 per s = 1) is back for the first address.
    vi.setSystemTime(plus(NOW, 12_000));
    expect((await post({ ...valid, message: "Inquiry number 7" })).status).toBe(302);
    expect((await post({ ...valid, message: "Inquiry number 8" })).status).toBe(429);
    expect(rowCounts().inquiries).toBe(7);
  });

  it("stores markup exactly as typed (it is escaped when shown, not when saved)", async () => {
    const message = "<script>alert('x')</script>\nWe need 500 pcs & a price <b>today</b>";
    const response = await post({ ...valid, product: "", company: "<b>Evil</b> & Co", message });
    expect(response.status).toBe(302);
    const inquiry = database.db.select().from(inquiries).get()!;
    // No product: the subject is the first line as typed.
    expect(inquiry.subject).toBe("<script>alert('x')</script>");
    expect(thread(inquiry.id)[0]!.body).toBe(message);
    expect(database.db.select().from(customers).get()!.name).toBe("<b>Evil</b> & Co");
  });
});

// ---------------------------------------------------------------------------------------------
// Live events
// ---------------------------------------------------------------------------------------------

describe("live events /inquiries/events", () => {
  /** Reads from the stream until one whole `inquiry` event has arrived; returns its data. */
  async function nextEvent(reader: ReadableStreamDefaultReader<Uint8Array>, state: { buffer: string }) {
    const decoder = new TextDecoder();
    for (;;) {
      const end = state.buffer.indexOf("\n\n");
      if (end >= 0) {
        const block = state.buffer.slice(0, end);
        state.buffer = state.buffer.slice(end + 2);
        if (block.startsWith("event: inquiry\n")) {
          return {
            block,
            data: JSON.parse(
              block
                .split("\n")
                .find((line) => line.startsWith("data: "))!
                .slice(6),
            ),
          };
        }
        continue; // "retry: …" or a keep-alive comment
      }
      const { value, done } = await reader.read();
      if (done) throw new Error("the stream ended before an event arrived");
      state.buffer += decoder.decode(value, { stream: true });
    }
  }

  it("streams text/event-stream, starting with hello and the unanswered count", async () => {
    const waiting = receive({ receivedAt: sh("2026-11-23T10:29:00"), subject: "waiting in hours" });
    receive({ receivedAt: sh("2026-11-22T10:00:00"), subject: "waiting since Sunday (auto-reply only)" });
    const answered = receive({ receivedAt: sh("2026-11-23T10:00:00"), subject: "answered" });
    reply(answered, svc, sh("2026-11-23T10:00:15"));
    const spam = receive({ receivedAt: sh("2026-11-23T10:05:00"), subject: "spam" });
    changeInquiryStatus(database.db, spam, { status: "spam" }, { now: NOW, settings: getSettings(database.db) });
    // Waiting: "waiting in hours" and "waiting since Sunday" = 2.
    expect(waiting).toBeGreaterThan(0);

    const cookie = await signIn("svc");
    const controller = new AbortController();
    const request = new Request(`${ORIGIN}/inquiries/events`, { headers: { Cookie: cookie }, signal: controller.signal });
    const response = (await events.loader(loaderArgs(request))) as Response;
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toMatch(/^text\/event-stream/);
    expect(response.headers.get("Cache-Control")).toContain("no-cache");

    const reader = response.body!.getReader();
    const state = { buffer: "" };
    try {
      const first = await nextEvent(reader, state);
      expect(first.data).toEqual({ type: "hello", id: null, unanswered: 2 });

      // A new inquiry is pushed at once, with the new count (2 + 1 = 3).
      const created = receive({ receivedAt: NOW, subject: "pushed live" });
      const second = await nextEvent(reader, state);
      expect(second.data).toEqual({ type: "created", id: created, unanswered: 3 });
    } finally {
      controller.abort();
    }
    // Aborting the request closes the stream.
    let closed = false;
    for (let i = 0; i < 5 && !closed; i++) closed = (await reader.read()).done;
    expect(closed).toBe(true);
  });

  it("sends visitors who are not signed in to the sign-in page", async () => {
    const response = await respond(() => events.loader(loaderArgs(getRequest("/inquiries/events"))));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toContain("/login");
  });
});
