import { and, asc, count, desc, eq, inArray, isNull, ne, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { DB } from "~db/client.server";
import { channels, contacts, customers, inquiries, quotes, reminders, tierHistory, users } from "~db/schema";
import { OWNED_TIER_ORDER, type OwnedTierGroup } from "~db/enums";
import { localDay, startOfLocalDay } from "~/domain/calendar";
import { revenueWindowStart } from "~/domain/tiers";
import type { CustomerFilter } from "~/schemas/customer";
import { pageInfo } from "~/utils/pagination";
import { mayGiveOwner, type Role } from "~/domain/permissions";
import { recordAudit } from "./audit.server";
import { moveActiveRemindersToOwner, reminderOrder, reminderPage } from "./reminder.server";
import type { ClvWrite } from "./clv.server";
import { bind, preparedOnce, searchedIds } from "./sql.server";

const owner = alias(users, "owner");

export type Customer = typeof customers.$inferSelect;
type By = { userId: number | null; at: Date };

export function countCustomers(db: DB): number {
  return db.select({ n: count() }).from(customers).get()?.n ?? 0;
}

export function customerExists(db: DB, id: number): boolean {
  return db.select({ id: customers.id }).from(customers).where(eq(customers.id, id)).get() !== undefined;
}

/** The figures the tiers job stores on a customer (SPEC §4). */
export type CustomerTierColumns = Pick<
  typeof customers.$inferSelect,
  | "tier"
  | "tierReason"
  | "tierSince"
  | "tiersAsOf"
  | "recencyDays"
  | "frequency"
  | "monetaryMinor"
  | "rfmRecencyScore"
  | "rfmFrequencyScore"
  | "rfmMonetaryScore"
  | "revenueLast180Minor"
  | "revenuePrior180Minor"
>;

/** Stores a customer's tier figures; prepared once per connection (a run writes every customer). */
export function setCustomerTier(db: DB, id: number, columns: CustomerTierColumns): void {
  const update = preparedOnce(db, "customers.setTier", (db) =>
    db
      .update(customers)
      .set({
        tier: bind("tier"),
        tierReason: bind("tierReason"),
        tierSince: bind("tierSince"),
        tiersAsOf: bind("tiersAsOf"),
        recencyDays: bind("recencyDays"),
        frequency: bind("frequency"),
        monetaryMinor: bind("monetaryMinor"),
        rfmRecencyScore: bind("rfmRecencyScore"),
        rfmFrequencyScore: bind("rfmFrequencyScore"),
        rfmMonetaryScore: bind("rfmMonetaryScore"),
        revenueLast180Minor: bind("revenueLast180Minor"),
        revenuePrior180Minor: bind("revenuePrior180Minor"),
      })
      .where(eq(customers.id, bind("id")))
      .prepare(),
  );
  update.run({ ...columns, id });
}

/** Stores the day a customer is expected to buy again (the reminders job, SPEC §5). */
export function setExpectedNextPurchase(db: DB, id: number, on: string | null): void {
  const update = preparedOnce(db, "customers.setExpectedNextPurchase", (db) =>
    db
      .update(customers)
      .set({ expectedNextPurchaseOn: bind("on") })
      .where(eq(customers.id, bind("id")))
      .prepare(),
  );
  update.run({ id, on });
}

/** A customer's tier figures as the last tiers run stored them, with what a tier-change reminder needs. */
export type CustomerForTiers = CustomerTierColumns &
  Pick<typeof customers.$inferSelect, "id" | "createdAt" | "ownerId" | "pAlive" | "expectedOrderValueMinor">;

/** Every customer, by id, as the tiers job reads them (one read; the job holds the snapshot). */
export function customersForTiers(db: DB): CustomerForTiers[] {
  return db
    .select({
      id: customers.id,
      createdAt: customers.createdAt,
      ownerId: customers.ownerId,
      tier: customers.tier,
      tierReason: customers.tierReason,
      tierSince: customers.tierSince,
      tiersAsOf: customers.tiersAsOf,
      recencyDays: customers.recencyDays,
      frequency: customers.frequency,
      monetaryMinor: customers.monetaryMinor,
      rfmRecencyScore: customers.rfmRecencyScore,
      rfmFrequencyScore: customers.rfmFrequencyScore,
      rfmMonetaryScore: customers.rfmMonetaryScore,
      revenueLast180Minor: customers.revenueLast180Minor,
      revenuePrior180Minor: customers.revenuePrior180Minor,
      pAlive: customers.pAlive,
      expectedOrderValueMinor: customers.expectedOrderValueMinor,
    })
    .from(customers)
    .orderBy(asc(customers.id))
    .all();
}

/** Every customer, by id, with what the reminders job needs: owner, CLV figures, stored next purchase day. */
export function customersForReminders(db: DB) {
  return db
    .select({
      id: customers.id,
      ownerId: customers.ownerId,
      // Written by the CLV job; null until it has fitted its models.
      pAlive: customers.pAlive,
      expectedOrderValueMinor: customers.expectedOrderValueMinor,
      expectedNextPurchaseOn: customers.expectedNextPurchaseOn,
    })
    .from(customers)
    .orderBy(asc(customers.id))
    .all();
}

/**
 * Keeps each customer's order figures (count, first and last order, revenue in the last 365 days
 * and in total, base currency) in step with its orders, summed in SQL. Order changes refresh their
 * customer; the nightly job refreshes everyone, because the 12-month window moves every day.
 */
export function refreshCustomerFigures(db: DB, context: { now: Date; timeZone: string }, customerIds?: number[]) {
  const today = localDay(context.now, context.timeZone);
  // The tier rule's window (revenueWindowStart), summed here in SQL for every customer at once;
  // test/figures-agreement.test.ts checks the two agree.
  const windowStart = startOfLocalDay(revenueWindowStart(today), context.timeZone).getTime();
  const live = sql`o.customer_id = ${customers.id} and o.status != 'cancelled' and o.ordered_at <= ${context.now.getTime()}`;
  db.update(customers)
    .set({
      ordersCount: sql`(select count(*) from orders o where ${live})`,
      firstOrderAt: sql`(select min(o.ordered_at) from orders o where ${live})`,
      lastOrderAt: sql`(select max(o.ordered_at) from orders o where ${live})`,
      revenueTotalMinor: sql`(select coalesce(sum(o.total_base_minor), 0) from orders o where ${live})`,
      revenue12mMinor: sql`(select coalesce(sum(o.total_base_minor), 0) from orders o where ${live} and o.ordered_at >= ${windowStart})`,
    })
    .where(customerIds ? inArray(customers.id, customerIds) : undefined)
    .run();
}

function filterConditions(filter: CustomerFilter, userId: number): SQL | undefined {
  const conditions: SQL[] = [];
  if (filter.tier === "none") conditions.push(isNull(customers.tier));
  else if (filter.tier) conditions.push(eq(customers.tier, filter.tier));
  if (filter.owner === "me") conditions.push(eq(customers.ownerId, userId));
  else if (filter.owner === "none") conditions.push(isNull(customers.ownerId));
  else if (typeof filter.owner === "number") conditions.push(eq(customers.ownerId, filter.owner));
  if (filter.country) conditions.push(eq(customers.country, filter.country));
  if (filter.industry) conditions.push(eq(customers.industry, filter.industry));
  if (filter.q) {
    // Name or external id, or a contact's name or e-mail, each through its full-text index.
    conditions.push(
      sql`(${customers.id} in (${searchedIds("customers", ["name", "external_id"], filter.q)}) or ${customers.id} in (select ${contacts.customerId} from ${contacts} where ${contacts.id} in (${searchedIds("contacts", ["name", "email"], filter.q)})))`,
    );
  }
  return conditions.length ? and(...conditions) : undefined;
}

const listColumns = {
  id: customers.id,
  externalId: customers.externalId,
  name: customers.name,
  country: customers.country,
  industry: customers.industry,
  tier: customers.tier,
  ownerId: customers.ownerId,
  owner: owner.name,
  ordersCount: customers.ordersCount,
  lastOrderAt: customers.lastOrderAt,
  revenue12mMinor: customers.revenue12mMinor,
  revenueTotalMinor: customers.revenueTotalMinor,
  expectedNextPurchaseOn: customers.expectedNextPurchaseOn,
  predictedClv12mMinor: customers.predictedClv12mMinor,
  pAlive: customers.pAlive,
};

function sortOrder(sort: CustomerFilter["sort"]) {
  switch (sort) {
    case "lastOrder":
      return [sql`${customers.lastOrderAt} desc nulls last`, asc(customers.id)];
    case "name":
      return [sql`${customers.name} collate nocase`, asc(customers.id)];
    case "created":
      return [desc(customers.createdAt), desc(customers.id)];
    case "revenue":
      return [desc(customers.revenue12mMinor), asc(customers.name)];
  }
}

/** One page of customers; the total for the pager is counted in SQL over the same filter. */
export function listCustomers(db: DB, filter: CustomerFilter, userId: number) {
  const where = filterConditions(filter, userId);
  const total = db.select({ n: count() }).from(customers).where(where).get()?.n ?? 0;
  const info = pageInfo(total, filter.page);
  const rows = db
    .select(listColumns)
    .from(customers)
    .leftJoin(owner, eq(owner.id, customers.ownerId))
    .where(where)
    .orderBy(...sortOrder(filter.sort))
    .limit(info.pageSize)
    .offset(info.offset)
    .all();
  return { ...info, rows };
}

/** Every customer the filter selects, in list order, for the CSV export of what is shown. */
export function customerIdsForFilter(db: DB, filter: CustomerFilter, userId: number): number[] {
  return db
    .select({ id: customers.id })
    .from(customers)
    .where(filterConditions(filter, userId))
    .orderBy(...sortOrder(filter.sort))
    .all()
    .map((row) => row.id);
}

export function customerFilterOptions(db: DB) {
  return {
    countries: db
      .selectDistinct({ value: customers.country })
      .from(customers)
      .where(sql`${customers.country} is not null`)
      .orderBy(asc(customers.country))
      .all()
      .map((row) => row.value!),
    industries: db
      .selectDistinct({ value: customers.industry })
      .from(customers)
      .where(sql`${customers.industry} is not null and ${customers.industry} != ''`)
      .orderBy(asc(customers.industry))
      .all()
      .map((row) => row.value!),
    owners: salesUsers(db),
  };
}

/** People who can own customers: active sales reps. */
export function salesUsers(db: DB) {
  return db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(and(eq(users.role, "sales"), eq(users.active, true)))
    .orderBy(asc(users.name))
    .all();
}

export function isSalesUser(db: DB, id: number): boolean {
  return salesUsers(db).some((user) => user.id === id);
}

export function getCustomer(db: DB, id: number) {
  return db
    .select({
      customer: customers,
      owner: owner.name,
      sourceChannel: channels.name,
    })
    .from(customers)
    .leftJoin(owner, eq(owner.id, customers.ownerId))
    .leftJoin(channels, eq(channels.id, customers.sourceChannelId))
    .where(eq(customers.id, id))
    .get();
}

/** Customers that look like the same company: the same name ignoring case, or a contact's e-mail. */
export function likelyDuplicates(db: DB, candidate: { name: string; email?: string | null }, excludeId?: number) {
  const sameName = sql`${customers.name} = ${candidate.name.trim()} collate nocase`;
  const sameEmail = candidate.email
    ? sql`${customers.id} in (select ${contacts.customerId} from ${contacts} where ${contacts.email} = ${candidate.email} collate nocase)`
    : sql`0`;
  return db
    .select({ id: customers.id, name: customers.name, country: customers.country })
    .from(customers)
    .where(and(sql`(${sameName} or ${sameEmail})`, excludeId ? ne(customers.id, excludeId) : undefined))
    .limit(5)
    .all();
}

export type CustomerInput = {
  name: string;
  country: string | null;
  industry: string | null;
  website: string | null;
  externalId: string | null;
  ownerId: number | null;
  sourceChannelId: number | null;
  notes: string | null;
};

export function externalIdTaken(db: DB, externalId: string, excludeId?: number): boolean {
  return (
    db
      .select({ id: customers.id })
      .from(customers)
      .where(and(eq(customers.externalId, externalId), excludeId ? ne(customers.id, excludeId) : undefined))
      .get() !== undefined
  );
}

export function createCustomer(
  db: DB,
  input: CustomerInput,
  contact: { name: string; email: string | null; phone: string | null; title: string | null } | null,
  by: By,
): Customer {
  return db.transaction((tx) => {
    const row = tx
      .insert(customers)
      .values({ ...input, tier: "new", createdAt: by.at, updatedAt: by.at })
      .returning()
      .get();
    if (contact) {
      tx.insert(contacts)
        .values({ ...contact, customerId: row.id, createdAt: by.at, updatedAt: by.at })
        .run();
    }
    recordAudit(tx, {
      entity: "customer",
      entityId: row.id,
      action: "create",
      userId: by.userId,
      at: by.at,
      after: { ...input },
    });
    return row;
  });
}

/** `ownerId` left out keeps the owner the customer has when the change is written. */
export type CustomerChanges = Omit<CustomerInput, "ownerId"> & { ownerId?: number | null };

export type UpdateCustomerResult = { ok: true; customer: Customer } | { ok: false; reason: "notFound" | "ownerChangeForbidden" };

/**
 * Saves the customer form. A change of owner is decided by the permission rule (mayGiveOwner,
 * SPEC §8: managers and admins) against the owner read in this transaction, so a form loaded before someone else's
 * change cannot set the old owner back. The open reminders follow a new owner in the same
 * transaction; the audit entry lists the changed fields, the owner with before and after.
 */
export function updateCustomer(
  db: DB,
  id: number,
  input: CustomerChanges,
  by: By,
  options: { actor: { id: number; role: Role } },
): UpdateCustomerResult {
  return db.transaction(
    (tx): UpdateCustomerResult => {
      const before = tx.select().from(customers).where(eq(customers.id, id)).get();
      if (!before) return { ok: false, reason: "notFound" };
      const changes = { ...input, ownerId: input.ownerId === undefined ? before.ownerId : input.ownerId };
      const ownerChanges = changes.ownerId !== before.ownerId;
      if (ownerChanges && !mayGiveOwner(options.actor, before.ownerId, changes.ownerId))
        return { ok: false, reason: "ownerChangeForbidden" };
      const after = tx
        .update(customers)
        .set({ ...changes, updatedAt: by.at })
        .where(eq(customers.id, id))
        .returning()
        .get();
      if (ownerChanges) moveActiveRemindersToOwner(tx, id, changes.ownerId, by.at);
      const pick = (row: Customer) => Object.fromEntries(Object.keys(changes).map((key) => [key, row[key as keyof Customer]]));
      recordAudit(tx, {
        entity: "customer",
        entityId: id,
        action: "update",
        userId: by.userId,
        at: by.at,
        before: pick(before),
        after: pick(after),
      });
      return { ok: true, customer: after };
    },
    { behavior: "immediate" },
  );
}

/**
 * The one way an existing customer's owner changes outside the customer form (the customer CSV
 * import): the owner, its open reminders and the audit entry, inside the caller's transaction.
 * Returns whether the owner changed.
 */
export function changeCustomerOwner(tx: DB, customerId: number, ownerId: number | null, by: By): boolean {
  const before = tx.select({ ownerId: customers.ownerId }).from(customers).where(eq(customers.id, customerId)).get();
  if (!before || before.ownerId === ownerId) return false;
  tx.update(customers).set({ ownerId, updatedAt: by.at }).where(eq(customers.id, customerId)).run();
  moveActiveRemindersToOwner(tx, customerId, ownerId, by.at);
  recordAudit(tx, {
    entity: "customer",
    entityId: customerId,
    action: "update",
    userId: by.userId,
    at: by.at,
    before,
    after: { ownerId },
  });
  return true;
}

// --- Contacts ---

export function customerContacts(db: DB, customerId: number) {
  return db.select().from(contacts).where(eq(contacts.customerId, customerId)).orderBy(asc(contacts.id)).all();
}

type ContactInput = {
  name: string;
  email: string | null;
  phone: string | null;
  title: string | null;
  messagingHandle: string | null;
};

/**
 * A customer made from an inquiry (its buyer's first, or one linked on screen): tier "new" until
 * the tiers job looks at it. The caller audits it with what made it.
 */
export function insertNewCustomer(
  db: DB,
  values: { name: string; country?: string | null; ownerId?: number | null; sourceChannelId: number },
  at: Date,
): number {
  return db
    .insert(customers)
    .values({ ...values, tier: "new", createdAt: at, updatedAt: at })
    .returning({ id: customers.id })
    .get().id;
}

export function addContact(db: DB, customerId: number, input: ContactInput, at: Date) {
  return db
    .insert(contacts)
    .values({ ...input, customerId, createdAt: at, updatedAt: at })
    .returning()
    .get();
}

export function updateContact(db: DB, customerId: number, contactId: number, input: ContactInput, at: Date): boolean {
  return (
    db
      .update(contacts)
      .set({ ...input, updatedAt: at })
      .where(and(eq(contacts.id, contactId), eq(contacts.customerId, customerId)))
      .run().changes === 1
  );
}

export function removeContact(db: DB, customerId: number, contactId: number): boolean {
  return (
    db
      .delete(contacts)
      .where(and(eq(contacts.id, contactId), eq(contacts.customerId, customerId)))
      .run().changes === 1
  );
}

// --- The customer page ---

export type TimelineEntry = {
  kind: "inquiry" | "quote" | "order";
  id: number;
  at: Date;
  title: string;
  status: string;
  amountMinor: number | null;
  currency: string | null;
};

/**
 * Inquiries, quotes and orders of one customer, newest first, merged in SQL. Each kind gives only
 * its own newest `limit`, read backwards along its (customer, time) index: the merged first `limit`
 * are among them, and a customer with thousands of inquiries is not read and sorted whole.
 */
export function customerTimeline(db: DB, customerId: number, limit = 100): TimelineEntry[] {
  const rows = db.all<{
    kind: TimelineEntry["kind"];
    id: number;
    at: number;
    title: string;
    status: string;
    amount: number | null;
    currency: string | null;
  }>(sql`
    select * from (
      select * from (
        select 'inquiry' as kind, id, received_at as at, subject as title, status, null as amount, null as currency
          from inquiries where customer_id = ${customerId} order by received_at desc, id desc limit ${limit})
      union all
      select * from (
        select 'quote', id, created_at, number, status, total_minor, currency
          from quotes where customer_id = ${customerId} order by created_at desc, id desc limit ${limit})
      union all
      select * from (
        select 'order', id, ordered_at, number, status, total_minor, currency
          from orders where customer_id = ${customerId} order by ordered_at desc, id desc limit ${limit})
    ) order by at desc, kind, id desc limit ${limit}`);
  return rows.map((row) => ({
    kind: row.kind,
    id: row.id,
    at: new Date(row.at),
    title: row.title,
    status: row.status,
    amountMinor: row.amount,
    currency: row.currency,
  }));
}

export function customerTierHistory(db: DB, customerId: number) {
  return db
    .select()
    .from(tierHistory)
    .where(eq(tierHistory.customerId, customerId))
    .orderBy(desc(tierHistory.changedOn), desc(tierHistory.id))
    .limit(50)
    .all();
}

export function customerOpenReminders(db: DB, customerId: number) {
  return db
    .select({
      id: reminders.id,
      kind: reminders.kind,
      dueAt: reminders.dueAt,
      reason: reminders.reason,
      status: reminders.status,
    })
    .from(reminders)
    .where(and(eq(reminders.customerId, customerId), inArray(reminders.status, ["open", "snoozed"])))
    .orderBy(asc(reminders.dueAt))
    .all();
}

export function customerCounts(db: DB, customerId: number) {
  const inquiryCount = db.select({ n: count() }).from(inquiries).where(eq(inquiries.customerId, customerId)).get()?.n ?? 0;
  const quoteCount = db.select({ n: count() }).from(quotes).where(eq(quotes.customerId, customerId)).get()?.n ?? 0;
  return { inquiries: inquiryCount, quotes: quoteCount };
}

/** Customers whose name (or a contact's e-mail) contains the text, for pickers. */
export function searchCustomers(db: DB, text: string, limit = 10) {
  return db
    .select({ id: customers.id, name: customers.name, country: customers.country })
    .from(customers)
    .where(
      sql`${customers.id} in (${searchedIds("customers", ["name"], text)}) or ${customers.id} in (select ${contacts.customerId} from ${contacts} where ${contacts.id} in (${searchedIds("contacts", ["email"], text)}))`,
    )
    .orderBy(asc(customers.name))
    .limit(limit)
    .all();
}

// --- A sales rep's day ---

/** The order a sales rep works through their customers: OWNED_TIER_ORDER, no tier last. */
const TIER_RANK = sql`case ${customers.tier} ${sql.raw(
  OWNED_TIER_ORDER.filter((tier) => tier !== "none")
    .map((tier, rank) => `when '${tier}' then ${rank}`)
    .join(" "),
)} else ${OWNED_TIER_ORDER.length - 1} end`;

const MY_CUSTOMERS_PAGE_SIZE = 25;

/**
 * One page of a sales rep's customers grouped by tier (in OWNED_TIER_ORDER), biggest 12-month
 * revenue first within each tier; and how many the rep owns in each tier, counted by SQL over all
 * of them, so a group's heading is right whichever page shows it.
 */
export function customersOwnedBy(db: DB, ownerId: number, page: number) {
  const byTier = Object.fromEntries(OWNED_TIER_ORDER.map((tier) => [tier, 0])) as Record<OwnedTierGroup, number>;
  for (const row of db
    .select({ tier: customers.tier, n: count() })
    .from(customers)
    .where(eq(customers.ownerId, ownerId))
    .groupBy(customers.tier)
    .all()) {
    byTier[row.tier ?? "none"] += row.n;
  }
  const total = Object.values(byTier).reduce((sum, n) => sum + n, 0);
  const info = pageInfo(total, page, MY_CUSTOMERS_PAGE_SIZE);
  const rows = db
    .select(listColumns)
    .from(customers)
    .leftJoin(owner, eq(owner.id, customers.ownerId))
    .where(eq(customers.ownerId, ownerId))
    .orderBy(TIER_RANK, desc(customers.revenue12mMinor), asc(customers.name), asc(customers.id))
    .limit(info.pageSize)
    .offset(info.offset)
    .all();
  return { ...info, rows, byTier };
}

/**
 * Open and snoozed reminders of one user in the order of every reminder list: highest priority
 * (P(alive) × expected order value) first, then most overdue (see `reminderOrder`).
 */
export function openRemindersFor(db: DB, ownerId: number, limit = 50, now: Date = new Date()) {
  return db
    .select({
      id: reminders.id,
      kind: reminders.kind,
      status: reminders.status,
      dueAt: reminders.dueAt,
      snoozedUntil: reminders.snoozedUntil,
      reason: reminders.reason,
      outcome: reminders.outcome,
      priority: reminders.priority,
      customerId: reminders.customerId,
      customer: customers.name,
    })
    .from(reminders)
    .leftJoin(customers, eq(customers.id, reminders.customerId))
    .where(
      inArray(
        reminders.id,
        reminderPage(db, and(eq(reminders.ownerId, ownerId), inArray(reminders.status, ["open", "snoozed"])), now, limit),
      ),
    )
    .orderBy(...reminderOrder(now))
    .all();
}

/** Stores CLV predictions on customers (see clvWrites in ./clv.server) with one prepared update. */
export function writeCustomerPredictions(db: DB, writes: readonly ClvWrite[]): void {
  if (writes.length === 0) return;
  const write = db
    .update(customers)
    .set({
      pAlive: bind("pAlive"),
      expectedOrders365d: bind("expectedOrders365d"),
      expectedOrderValueMinor: bind("expectedOrderValueMinor"),
      predictedClv12mMinor: bind("predictedClv12mMinor"),
      clvAsOf: bind("asOf"),
    })
    .where(eq(customers.id, bind("customerId")))
    .prepare();
  for (const w of writes) {
    const [pAlive, expectedOrders365d, expectedOrderValueMinor, predictedClv12mMinor] = w.values ?? [null, null, null, null];
    write.run({
      customerId: w.customerId,
      pAlive,
      expectedOrders365d,
      expectedOrderValueMinor,
      predictedClv12mMinor,
      asOf: w.asOf,
    });
  }
}
