import { and, asc, count, desc, eq, gte, lt, ne, or, sql, type SQL } from "drizzle-orm";
import type { DB } from "~db/client.server";
import {
  customers,
  inquiries,
  orderLines,
  orders,
  orderStatusTotals,
  products,
  quoteLines,
  quotes,
  type OrderStatus,
} from "~db/schema";
import { localDay } from "~/domain/calendar";
import { canMoveOrder } from "~/domain/documents";
import { documentTotals, toBaseMinor } from "~/domain/money";
import { pageInfo } from "~/utils/pagination";
import { recordAudit } from "./audit.server";
import { refreshCustomerFigures } from "./customer.server";
import { nextOrderNumber } from "./document-number.server";
import { noteAnnounced, publishInquiryEvent } from "./inquiry-events.server";
import { advanceInquiryStatus } from "./inquiry.server";
import { closeRemindersSatisfiedBy } from "./reminder.server";
import type { ResolvedLine } from "./quote.server";
import { searchedIds } from "./sql.server";

type By = { userId: number | null; at: Date };
type TeamContext = { timeZone: string; baseCurrency: string };

export type OrderInput = {
  customerId: number;
  quoteId: number | null;
  inquiryId: number | null;
  currency: string;
  fxRate: string;
  orderedAt: Date;
  discountBps: number;
  lines: ResolvedLine[];
};

export type OrderResult =
  | { ok: true; id: number; number: string }
  | { ok: false; reason: "quoteNotAccepted" | "quoteHasOrder" | "notFound" };

/**
 * Takes an order: totals in its currency and, at its rate, in the base currency; an order linked to
 * an inquiry (or to a quote of one) marks the inquiry won; the customer's open repurchase
 * reminders that the order answers close as "ordered" (SPEC §5); the customer's order figures are
 * refreshed.
 */
export function createOrder(db: DB, input: OrderInput, by: By, team: TeamContext): OrderResult {
  const result = db.transaction(
    (tx): OrderResult & { inquiryId?: number | null } => {
      let inquiryId = input.inquiryId;
      if (input.quoteId) {
        const quote = tx.select().from(quotes).where(eq(quotes.id, input.quoteId)).get();
        if (!quote) return { ok: false, reason: "notFound" };
        if (quote.status !== "accepted") return { ok: false, reason: "quoteNotAccepted" };
        const existing = tx
          .select({ id: orders.id })
          .from(orders)
          .where(and(eq(orders.quoteId, quote.id), ne(orders.status, "cancelled")))
          .get();
        if (existing) return { ok: false, reason: "quoteHasOrder" };
        inquiryId ??= quote.inquiryId;
      }
      const totals = documentTotals(input.lines, input.discountBps);
      const order = tx
        .insert(orders)
        .values({
          number: nextOrderNumber(tx, by.at, team.timeZone),
          customerId: input.customerId,
          quoteId: input.quoteId,
          inquiryId,
          currency: input.currency,
          fxRate: input.fxRate,
          discountBps: input.discountBps,
          totalMinor: totals.totalMinor,
          totalBaseMinor: toBaseMinor(totals.totalMinor, input.fxRate, input.currency, team.baseCurrency),
          orderedAt: input.orderedAt,
          status: "confirmed",
          createdById: by.userId,
          createdAt: by.at,
          updatedAt: by.at,
        })
        .returning()
        .get();
      if (input.lines.length) {
        tx.insert(orderLines)
          .values(
            input.lines.map((line, position) => ({
              ...line,
              orderId: order.id,
              position,
              lineTotalMinor: totals.lineTotals[position]!,
            })),
          )
          .run();
      }
      if (inquiryId) advanceInquiryStatus(tx, inquiryId, "orderTaken", by);
      closeRemindersSatisfiedBy(tx, input.customerId, localDay(input.orderedAt, team.timeZone), by.at);
      refreshCustomerFigures(tx, { now: by.at, timeZone: team.timeZone }, [input.customerId]);
      recordAudit(tx, {
        entity: "order",
        entityId: order.id,
        action: "create",
        userId: by.userId,
        at: by.at,
        after: {
          number: order.number,
          customerId: order.customerId,
          quoteId: order.quoteId,
          inquiryId: order.inquiryId,
          currency: order.currency,
          fxRate: order.fxRate,
          totalMinor: order.totalMinor,
          totalBaseMinor: order.totalBaseMinor,
          orderedAt: order.orderedAt.toISOString(),
        },
      });
      return { ok: true, id: order.id, number: order.number, inquiryId };
    },
    { behavior: "immediate" },
  );
  if (result.ok && result.inquiryId) {
    noteAnnounced(by.at);
    publishInquiryEvent({ type: "updated", id: result.inquiryId });
  }
  if (!result.ok) return result;
  return { ok: true, id: result.id, number: result.number };
}

/** The lines of an accepted quote, as an order takes them over. */
export function quoteForOrder(db: DB, quoteId: number) {
  const quote = db.select().from(quotes).where(eq(quotes.id, quoteId)).get();
  if (!quote) return undefined;
  const lines: ResolvedLine[] = db
    .select({
      productId: quoteLines.productId,
      description: quoteLines.description,
      quantity: quoteLines.quantity,
      unitPriceMinor: quoteLines.unitPriceMinor,
      discountBps: quoteLines.discountBps,
    })
    .from(quoteLines)
    .where(eq(quoteLines.quoteId, quoteId))
    .orderBy(asc(quoteLines.position))
    .all();
  return { quote, lines };
}

export type OrderMove = { ok: true } | { ok: false; reason: "notFound" | "notAllowed" };

/** Moves an order along its flow, or cancels it (with a reason); cancelled orders count nowhere. */
export function moveOrder(db: DB, id: number, to: OrderStatus, reason: string | null, by: By, team: TeamContext): OrderMove {
  return db.transaction((tx): OrderMove => {
    const before = tx.select().from(orders).where(eq(orders.id, id)).get();
    if (!before) return { ok: false, reason: "notFound" };
    if (!canMoveOrder(before.status, to)) return { ok: false, reason: "notAllowed" };
    tx.update(orders)
      .set({ status: to, cancelReason: to === "cancelled" ? reason : null, updatedAt: by.at })
      .where(eq(orders.id, id))
      .run();
    if (to === "cancelled") refreshCustomerFigures(tx, { now: by.at, timeZone: team.timeZone }, [before.customerId]);
    recordAudit(tx, {
      entity: "order",
      entityId: id,
      action: "update",
      userId: by.userId,
      at: by.at,
      before: { status: before.status },
      after: { status: to, ...(to === "cancelled" ? { cancelReason: reason } : {}) },
    });
    return { ok: true };
  });
}

export function getOrder(db: DB, id: number) {
  const order = db
    .select({ order: orders, customer: customers.name, quoteNumber: quotes.number, inquirySubject: inquiries.subject })
    .from(orders)
    .innerJoin(customers, eq(customers.id, orders.customerId))
    .leftJoin(quotes, eq(quotes.id, orders.quoteId))
    .leftJoin(inquiries, eq(inquiries.id, orders.inquiryId))
    .where(eq(orders.id, id))
    .get();
  if (!order) return undefined;
  const lines = db
    .select({ line: orderLines, sku: products.sku })
    .from(orderLines)
    .leftJoin(products, eq(products.id, orderLines.productId))
    .where(eq(orderLines.orderId, id))
    .orderBy(asc(orderLines.position))
    .all()
    .map((row) => ({ ...row.line, sku: row.sku }));
  return { ...order, lines };
}

export type OrderFilter = { status?: OrderStatus; customerId?: number; q?: string; from?: Date; to?: Date; page: number };

/** The order list's conditions; the CSV export uses the same, so it holds exactly what the list shows. */
export function orderConditions(filter: Omit<OrderFilter, "page">): SQL | undefined {
  const conditions: SQL[] = [];
  if (filter.status) conditions.push(eq(orders.status, filter.status));
  if (filter.customerId) conditions.push(eq(orders.customerId, filter.customerId));
  if (filter.from) conditions.push(gte(orders.orderedAt, filter.from));
  if (filter.to) conditions.push(lt(orders.orderedAt, filter.to));
  if (filter.q) {
    // Number or external id, or the customer's name, each through its full-text index.
    conditions.push(
      or(
        sql`${orders.id} in (${searchedIds("orders", ["number", "external_id"], filter.q)})`,
        sql`${orders.customerId} in (${searchedIds("customers", ["name"], filter.q)})`,
      )!,
    );
  }
  return conditions.length ? and(...conditions) : undefined;
}

/**
 * How many orders the list holds and the total in base currency of those not cancelled. Narrowed
 * by status alone (or not at all) they are read from `order_status_totals`, which triggers keep in
 * step with every write; a customer, dates or a search count and sum the matching orders.
 */
function orderListTotals(db: DB, filter: OrderFilter, where: SQL | undefined): { n: number; baseMinor: number } | undefined {
  if (!filter.customerId && !filter.from && !filter.to && !filter.q) {
    return db
      .select({
        n: sql<number>`coalesce(sum(${orderStatusTotals.orders}), 0)`,
        baseMinor: sql<number>`coalesce(sum(case when ${orderStatusTotals.status} != 'cancelled' then ${orderStatusTotals.baseMinor} end), 0)`,
      })
      .from(orderStatusTotals)
      .where(filter.status ? eq(orderStatusTotals.status, filter.status) : undefined)
      .get();
  }
  return db
    .select({
      n: count(),
      baseMinor: sql<number>`coalesce(sum(case when ${orders.status} != 'cancelled' then ${orders.totalBaseMinor} end), 0)`,
    })
    .from(orders)
    .innerJoin(customers, eq(customers.id, orders.customerId))
    .where(where)
    .get();
}

export function listOrders(db: DB, filter: OrderFilter) {
  const where = orderConditions(filter);
  const totals = orderListTotals(db, filter, where);
  const info = pageInfo(totals?.n ?? 0, filter.page);
  const rows = db
    .select({
      id: orders.id,
      number: orders.number,
      externalId: orders.externalId,
      status: orders.status,
      currency: orders.currency,
      totalMinor: orders.totalMinor,
      totalBaseMinor: orders.totalBaseMinor,
      orderedAt: orders.orderedAt,
      customerId: orders.customerId,
      customer: customers.name,
    })
    .from(orders)
    .innerJoin(customers, eq(customers.id, orders.customerId))
    .where(where)
    .orderBy(desc(orders.orderedAt), desc(orders.id))
    .limit(info.pageSize)
    .offset(info.offset)
    .all();
  return { ...info, rows, totalBaseMinor: totals?.baseMinor ?? 0 };
}

/** Non-cancelled orders placed in [from, to): how many, and their total in base currency. */
export function orderFiguresBetween(db: DB, from: Date, to: Date) {
  const row = db
    .select({ orders: count(), revenueMinor: sql<number>`coalesce(sum(${orders.totalBaseMinor}), 0)` })
    .from(orders)
    .where(and(gte(orders.orderedAt, from), lt(orders.orderedAt, to), ne(orders.status, "cancelled")))
    .get();
  return { orders: row?.orders ?? 0, revenueMinor: row?.revenueMinor ?? 0 };
}

export function ordersOfQuote(db: DB, quoteId: number) {
  return db
    .select({ id: orders.id, number: orders.number, status: orders.status })
    .from(orders)
    .where(eq(orders.quoteId, quoteId))
    .orderBy(desc(orders.id))
    .all();
}
