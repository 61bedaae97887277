import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { addDays, localDay, startOfLocalDay } from "~/domain/calendar";
import { findReminder, insertReminders, type NewReminder } from "~/models/reminder.server";
import * as myDay from "~/routes/my-day";
import * as route from "~/routes/reminders";
import type { OpenDatabase } from "~db/client.server";
import { createCustomer, createUser, type User } from "~db/factories";
import { reminders } from "~db/schema";
import { createTestDb, formRequest, getRequest, loaderArgs, respond, sessionCookieFor } from "./helpers";

const TZ = "Asia/Shanghai";
let database: OpenDatabase;
let people: Record<"svc" | "rep" | "rep2" | "boss" | "root", User>;

beforeEach(async () => {
  database = createTestDb();
  people = {
    svc: await createUser(database.db, { email: "svc@example.com", name: "Svc", role: "service" }),
    rep: await createUser(database.db, { email: "rep@example.com", name: "Rep", role: "sales" }),
    rep2: await createUser(database.db, { email: "rep2@example.com", name: "Rep Two", role: "sales" }),
    boss: await createUser(database.db, { email: "boss@example.com", name: "Boss", role: "manager" }),
    root: await createUser(database.db, { email: "root@example.com", name: "Root", role: "admin" }),
  };
});

async function signIn(who: keyof typeof people) {
  return sessionCookieFor(`${who}@example.com`);
}

let sequence = 0;
function reminder(overrides: Partial<NewReminder> & { ownerId: number | null }): number {
  sequence += 1;
  const customer = createCustomer(database.db, { name: `Customer ${sequence}` });
  insertReminders(
    database.db,
    [
      {
        kind: "repurchase",
        customerId: customer.id,
        dueAt: new Date("2026-03-01T16:00:00Z"),
        reason: `Reason ${sequence}`,
        priority: null,
        cycleKey: `2026-01-${String((sequence % 28) + 1).padStart(2, "0")}`,
        ...overrides,
      },
    ],
    new Date(),
  );
  return database.db.select({ id: reminders.id }).from(reminders).where(eq(reminders.customerId, customer.id)).get()!.id;
}

const load = (cookie: string, search = "") => respond(() => route.loader(loaderArgs(getRequest(`/reminders${search}`, cookie))));
const post = (cookie: string, fields: Record<string, string>) =>
  respond(() => route.action(loaderArgs(formRequest("/reminders", fields, { cookie }))));
const ids = async (response: Response) => ((await response.json()) as { rows: { id: number }[] }).rows.map((row) => row.id);

const today = () => localDay(new Date(), TZ);

describe("reminders: who sees and acts on which", () => {
  it("shows sales their own, managers and admins the owner-less and escalations, service their own", async () => {
    const mine = reminder({ ownerId: people.rep.id });
    const theirs = reminder({ ownerId: people.rep2.id });
    const forManagers = reminder({ ownerId: null, kind: "tier_change" });
    const escalation = reminder({ ownerId: people.svc.id, kind: "sla_escalation" });

    expect(await ids(await load(await signIn("rep")))).toEqual([mine]);
    expect(await ids(await load(await signIn("rep2")))).toEqual([theirs]);
    expect((await ids(await load(await signIn("boss")))).sort()).toEqual([forManagers, escalation].sort());
    expect((await ids(await load(await signIn("root")))).sort()).toEqual([forManagers, escalation].sort());
    expect(await ids(await load(await signIn("svc")))).toEqual([escalation]);
  });

  it("sends visitors without a session to sign in", async () => {
    const response = await load("");
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/login?redirectTo=%2Freminders");
  });

  it("answers 403 to every action on someone else's reminder and changes nothing", async () => {
    const mine = reminder({ ownerId: people.rep.id });
    const forManagers = reminder({ ownerId: null });
    const cases: [keyof typeof people, number][] = [
      ["rep2", mine],
      ["boss", mine],
      ["root", mine],
      ["svc", mine],
      ["rep", forManagers],
      ["svc", forManagers],
    ];
    for (const [who, id] of cases) {
      const cookie = await signIn(who);
      const attempts: Record<string, string>[] = [
        { intent: "done", outcome: "Called" },
        { intent: "snooze", until: addDays(today(), 3) },
        { intent: "dismiss" },
      ];
      for (const fields of attempts) {
        expect((await post(cookie, { ...fields, id: String(id) })).status, `${who} ${fields.intent} ${id}`).toBe(403);
      }
    }
    expect(findReminder(database.db, mine)?.status).toBe("open");
    expect(findReminder(database.db, forManagers)?.status).toBe("open");
  });

  it("lets a manager act on owner-less reminders and escalations", async () => {
    const forManagers = reminder({ ownerId: null });
    const escalation = reminder({ ownerId: people.svc.id, kind: "sla_escalation" });
    const cookie = await signIn("boss");
    expect((await post(cookie, { intent: "done", id: String(forManagers), outcome: "Assigned to Rep" })).status).toBe(200);
    expect((await post(cookie, { intent: "dismiss", id: String(escalation) })).status).toBe(200);
    expect(findReminder(database.db, forManagers)).toMatchObject({ status: "done", outcome: "Assigned to Rep" });
    expect(findReminder(database.db, escalation)?.status).toBe("dismissed");
  });
});

describe("reminders: done, snooze, dismiss", () => {
  it("marks done with an outcome", async () => {
    const id = reminder({ ownerId: people.rep.id });
    const response = await post(await signIn("rep"), {
      intent: "done",
      id: String(id),
      outcome: "  Called, they reorder in May  ",
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, id, intent: "done" });
    const row = findReminder(database.db, id)!;
    expect(row).toMatchObject({ status: "done", outcome: "Called, they reorder in May" });
    expect(row.closedAt).toBeInstanceOf(Date);
  });

  it("requires an outcome of at most 500 characters, keeping what was typed", async () => {
    const id = String(reminder({ ownerId: people.rep.id }));
    const cookie = await signIn("rep");
    const missing = await post(cookie, { intent: "done", id, outcome: "   " });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ id: Number(id), intent: "done", errors: { outcome: ["errors.required"] } });

    const long = "x".repeat(501);
    const tooLong = await post(cookie, { intent: "done", id, outcome: long });
    expect(tooLong.status).toBe(400);
    expect(await tooLong.json()).toMatchObject({
      errors: { outcome: ['errors.tooLong|{"maximum":500}'] },
      values: { outcome: long },
    });
    expect((await post(cookie, { intent: "done", id, outcome: "x".repeat(500) })).status).toBe(200);
  });

  it("snoozes to a day after today in the team's time zone, and refuses today, the past and non-dates", async () => {
    const id = String(reminder({ ownerId: people.rep.id }));
    const cookie = await signIn("rep");
    for (const [until, error] of [
      [today(), "reminders.errors.snoozeAfterToday"],
      [addDays(today(), -1), "reminders.errors.snoozeAfterToday"],
      ["2026-02-30", "errors.invalid"],
      ["tomorrow", "errors.invalid"],
      ["", "errors.required"],
    ]) {
      const response = await post(cookie, { intent: "snooze", id, until });
      expect(response.status, until).toBe(400);
      expect(await response.json(), until).toMatchObject({ errors: { until: [error] }, values: { until } });
    }
    expect(findReminder(database.db, Number(id))?.status).toBe("open");

    const tomorrow = addDays(today(), 1);
    const response = await post(cookie, { intent: "snooze", id, until: tomorrow });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, id: Number(id), intent: "snooze", until: tomorrow });
    expect(findReminder(database.db, Number(id))).toMatchObject({
      status: "snoozed",
      snoozedUntil: startOfLocalDay(tomorrow, TZ),
    });

    // Still listed (snoozed) until it is closed.
    expect(await ids(await load(cookie))).toEqual([Number(id)]);
  });

  it("dismisses, and a closed reminder cannot be acted on again", async () => {
    const id = String(reminder({ ownerId: people.rep.id }));
    const cookie = await signIn("rep");
    expect((await post(cookie, { intent: "dismiss", id })).status).toBe(200);
    expect(findReminder(database.db, Number(id))?.status).toBe("dismissed");
    const again = await post(cookie, { intent: "done", id, outcome: "Late" });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ errors: { "": ["reminders.errors.alreadyClosed"] } });
    expect(findReminder(database.db, Number(id))).toMatchObject({ status: "dismissed", outcome: null });
    expect(await ids(await load(cookie))).toEqual([]);
  });

  it("answers 400 to an unknown intent or a missing id, and 404 to a reminder that does not exist", async () => {
    const id = String(reminder({ ownerId: people.rep.id }));
    const cookie = await signIn("rep");
    expect((await post(cookie, { intent: "delete", id })).status).toBe(400);
    expect((await post(cookie, { intent: "done", outcome: "x" })).status).toBe(400);
    expect((await post(cookie, { intent: "dismiss", id: "999999" })).status).toBe(404);
  });
});

describe("reminders without JavaScript: each page posts to itself and gets the error back", () => {
  const postMyDay = (cookie: string, fields: Record<string, string>) =>
    respond(() => myDay.action(loaderArgs(formRequest("/my-day", fields, { cookie }))));

  it("answers a failed post from /my-day with 400 and the error keyed by reminder and intent, which the form shows", async () => {
    const id = reminder({ ownerId: people.rep.id });
    const cookie = await signIn("rep");
    const missing = await postMyDay(cookie, { intent: "done", id: String(id), outcome: " " });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({
      id,
      intent: "done",
      errors: { outcome: ["errors.required"] },
      values: { outcome: " " },
    });

    const past = await postMyDay(cookie, { intent: "snooze", id: String(id), until: today() });
    expect(past.status).toBe(400);
    expect(await past.json()).toMatchObject({ id, intent: "snooze", errors: { until: ["reminders.errors.snoozeAfterToday"] } });
    expect(findReminder(database.db, id)?.status).toBe("open");
  });

  it("does the same work from /my-day as from /reminders: done, then a second click is a 409 with a message", async () => {
    const id = reminder({ ownerId: people.rep.id });
    const cookie = await signIn("rep");
    const done = await postMyDay(cookie, { intent: "done", id: String(id), outcome: "Called" });
    expect(done.status).toBe(200);
    expect(await done.json()).toEqual({ ok: true, id, intent: "done" });
    const again = await postMyDay(cookie, { intent: "dismiss", id: String(id) });
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual({
      id,
      intent: "dismiss",
      errors: { "": ["reminders.errors.alreadyClosed"] },
      values: { intent: "dismiss", id: String(id) },
    });
  });

  it("keeps the rules on /my-day: 403 on someone else's reminder, nothing changed", async () => {
    const theirs = reminder({ ownerId: people.rep2.id });
    expect((await postMyDay(await signIn("rep"), { intent: "dismiss", id: String(theirs) })).status).toBe(403);
    expect(findReminder(database.db, theirs)?.status).toBe("open");
  });
});

describe("reminders: list", () => {
  it("lists by priority, then most overdue, snoozed-to-later last; filters by kind and status", async () => {
    const rep = people.rep.id;
    const low = reminder({ ownerId: rep, priority: 10 });
    const high = reminder({ ownerId: rep, priority: 500 });
    const overdueMore = reminder({ ownerId: rep, dueAt: new Date("2026-01-01T16:00:00Z") });
    const overdueLess = reminder({ ownerId: rep, dueAt: new Date("2026-02-01T16:00:00Z") });
    const tierChange = reminder({ ownerId: rep, kind: "tier_change", priority: 50 });
    const later = reminder({ ownerId: rep, priority: 9_999 });
    database.db
      .update(reminders)
      .set({ status: "snoozed", snoozedUntil: startOfLocalDay(addDays(today(), 2), TZ) })
      .where(eq(reminders.id, later))
      .run();
    const done = reminder({ ownerId: rep });
    database.db.update(reminders).set({ status: "done", outcome: "ordered" }).where(eq(reminders.id, done)).run();

    const cookie = await signIn("rep");
    const page = await (await load(cookie)).json();
    expect(page.rows.map((row: { id: number }) => row.id)).toEqual([high, tierChange, low, overdueMore, overdueLess, later]);
    expect(page.total).toBe(6);
    expect(page.rows[3].daysOverdue).toBeGreaterThan(page.rows[4].daysOverdue);
    expect(await ids(await load(cookie, "?kind=tier_change"))).toEqual([tierChange]);
    expect(await ids(await load(cookie, "?status=done"))).toEqual([done]);
    expect(await ids(await load(cookie, "?status=snoozed&kind=repurchase"))).toEqual([later]);
    // An unreadable filter is no filter.
    expect(await ids(await load(cookie, "?kind=bogus"))).toHaveLength(6);

    // The sales rep's day shows the same order.
    const day = await (await respond(() => myDay.loader(loaderArgs(getRequest("/my-day", cookie))))).json();
    expect(day.reminders.map((row: { id: number }) => row.id)).toEqual([high, tierChange, low, overdueMore, overdueLess, later]);
    expect(day.reminderCount).toBe(6);
  });

  it("pages through 55 reminders 50 at a time, with the total counted over all of them", async () => {
    for (let i = 0; i < 55; i++) reminder({ ownerId: people.rep.id, priority: i, cycleKey: `cycle-${i}` });
    const cookie = await signIn("rep");
    const first = await (await load(cookie)).json();
    expect(first).toMatchObject({ total: 55, page: 1, pages: 2 });
    expect(first.rows).toHaveLength(50);
    expect(first.rows[0].priority).toBe(54);
    const second = await (await load(cookie, "?page=2")).json();
    expect(second.rows.map((row: { priority: number }) => row.priority)).toEqual([4, 3, 2, 1, 0]);
  });

  it("chooses a page from the reminders alone and reads customer and owner names for that page only", async () => {
    for (let i = 0; i < 60; i++) reminder({ ownerId: i % 2 ? people.rep.id : null, priority: i, cycleKey: `cycle-${i}` });
    const prepare = database.sqlite.prepare.bind(database.sqlite);
    const seen: { source: string; params: unknown[] }[] = [];
    database.sqlite.prepare = ((source: string) => {
      const statement = prepare(source);
      const all = statement.all.bind(statement);
      statement.all = ((...params: unknown[]) => {
        seen.push({ source, params });
        return all(...params);
      }) as typeof statement.all;
      return statement;
    }) as typeof database.sqlite.prepare;
    const cookieOfBoss = await signIn("boss");
    const cookieOfRep = await signIn("rep");
    try {
      expect(await ids(await load(cookieOfBoss))).toHaveLength(30);
      const day = await (await respond(() => myDay.loader(loaderArgs(getRequest("/my-day", cookieOfRep))))).json();
      expect(day.reminders).toHaveLength(30);
    } finally {
      database.sqlite.prepare = prepare;
    }
    const joined = seen.filter((query) => /from "reminders" left join "customers"/.test(query.source));
    expect(joined).toHaveLength(2);
    for (const query of joined) {
      const plan = (prepare(`explain query plan ${query.source}`).all(...query.params) as { detail: string }[]).map(
        (row) => row.detail,
      );
      // The outer query reads the page's reminders by id; the sort over all of them is in the subquery.
      expect(plan[0], plan.join("\n")).toMatch(/^SEARCH reminders USING INTEGER PRIMARY KEY/);
      expect(
        plan.some((detail) => detail.startsWith("LIST SUBQUERY")),
        plan.join("\n"),
      ).toBe(true);
    }
  });
});

describe("my day's customers", () => {
  it("pages a rep's customers by tier, 25 at a time, with each tier's heading counted over all of them", async () => {
    const tiers = ["dormant", "high_value", null, "growing", "new"] as const;
    // 31 customers of the rep across every tier, with revenue that orders them within a tier; and
    // another rep's customer, which never shows.
    for (let i = 0; i < 31; i++) {
      createCustomer(database.db, { name: `Mine ${i}`, ownerId: people.rep.id, tier: tiers[i % 5], revenue12mMinor: i * 100 });
    }
    createCustomer(database.db, { name: "Not mine", ownerId: people.rep2.id, tier: "high_value" });
    const cookie = await signIn("rep");
    const dayPage = async (search = "") =>
      (await respond(() => myDay.loader(loaderArgs(getRequest(`/my-day${search}`, cookie))))).json();

    const first = await dayPage();
    expect(first.customers).toMatchObject({ total: 31, page: 1, pages: 2, pageSize: 25 });
    // i % 5 picks the tier: dormant gets i = 0, 5, … 30 (7), every other tier 6.
    expect(first.customers.byTier).toEqual({ high_value: 6, growing: 6, new: 6, dormant: 7, none: 6 });
    const names = (rows: { name: string }[]) => rows.map((row) => row.name);
    const mine = (...numbers: number[]) => numbers.map((i) => `Mine ${i}`);
    // Tier by tier, the biggest 12-month revenue first within each: the first page holds the four
    // tiers (6 + 6 + 6 + 7), the second the customers without one.
    expect(names(first.customers.rows)).toEqual([
      ...mine(26, 21, 16, 11, 6, 1),
      ...mine(28, 23, 18, 13, 8, 3),
      ...mine(29, 24, 19, 14, 9, 4),
      ...mine(30, 25, 20, 15, 10, 5, 0),
    ]);
    const second = await dayPage("?page=2");
    expect(second.customers).toMatchObject({ total: 31, page: 2, pages: 2 });
    expect(names(second.customers.rows)).toEqual(mine(27, 22, 17, 12, 7, 2));
    // A page past the last shows the last.
    expect((await dayPage("?page=9")).customers.page).toBe(2);
  });
});
