import { and, asc, count, desc, eq, inArray, lt, sql, type SQL } from "drizzle-orm";
import type { DB } from "~db/client.server";
import { customers, inquiries, products, quoteLines, quotes, type QuoteStatus } from "~db/schema";
import { canMoveQuote, isQuoteEditable, isQuoteExpired } from "~/domain/documents";
import { documentTotals } from "~/domain/money";
import type { ParsedLine } from "~/schemas/document-lines";
import type { QuoteHeader } from "~/schemas/quote";
import { pageInfo } from "~/utils/pagination";
import { priceForQuote } from "./agreed-price.server";
import { recordAudit } from "./audit.server";
import { nextQuoteNumber } from "./document-number.server";
import { noteAnnounced, publishInquiryEvent } from "./inquiry-events.server";
import { advanceInquiryStatus } from "./inquiry.server";
import { containsPattern } from "./sql.server";

type By = { userId: number | null; at: Date };

export type ResolvedLine = {
  productId: number | null;
  description: string;
  quantity: number;
  unitPriceMinor: number;
  discountBps: number;
};

/**
 * Completes typed lines from the catalogue: a line with a product and no price takes the
 * customer's agreed price, else the list price, when it is in the document's currency; a line
 * with no description takes the product's name. Errors are keyed like the form's fields.
 */
export function resolveLines(
  db: DB,
  lines: (ParsedLine & { index?: number })[],
  context: { customerId: number; currency: string },
): { lines: ResolvedLine[]; errors: Record<string, string[]> } {
  const errors: Record<string, string[]> = {};
  const productIds = [...new Set(lines.map((line) => line.productId).filter((id): id is number => id !== null))];
  const known = new Map(
    (productIds.length
      ? db
          .select({ id: products.id, sku: products.sku, name: products.name })
          .from(products)
          .where(inArray(products.id, productIds))
          .all()
      : []
    ).map((product) => [product.id, product]),
  );
  const resolved: ResolvedLine[] = [];
  lines.forEach((line, position) => {
    const key = (field: string) => `lines[${line.index ?? position}].${field}`;
    const product = line.productId === null ? undefined : known.get(line.productId);
    if (line.productId !== null && !product) {
      errors[key("productId")] = ["errors.invalid"];
      return;
    }
    let unitPriceMinor = line.unitPriceMinor;
    if (unitPriceMinor === null && product) {
      const price = priceForQuote(db, context.customerId, product.id);
      if (price && price.currency === context.currency) unitPriceMinor = price.priceMinor;
      else errors[key("unitPrice")] = ["documents.errors.priceCurrency"];
    }
    if (unitPriceMinor === null) return;
    resolved.push({
      productId: line.productId,
      description: line.description || (product ? `${product.name} (${product.sku})` : ""),
      quantity: line.quantity,
      unitPriceMinor,
      discountBps: line.discountBps,
    });
  });
  return { lines: resolved, errors };
}

function writeLines(db: DB, quoteId: number, lines: ResolvedLine[], lineTotals: number[]) {
  db.delete(quoteLines).where(eq(quoteLines.quoteId, quoteId)).run();
  if (lines.length === 0) return;
  db.insert(quoteLines)
    .values(lines.map((line, position) => ({ ...line, quoteId, position, lineTotalMinor: lineTotals[position]! })))
    .run();
}

function auditView(quote: typeof quotes.$inferSelect, lines: ResolvedLine[]) {
  return {
    number: quote.number,
    customerId: quote.customerId,
    inquiryId: quote.inquiryId,
    currency: quote.currency,
    discountBps: quote.discountBps,
    totalMinor: quote.totalMinor,
    validUntil: quote.validUntil,
    status: quote.status,
    lines: lines.map((line) => `${line.quantity} × ${line.description} @ ${line.unitPriceMinor} −${line.discountBps}bps`),
  };
}

export function createQuote(db: DB, header: QuoteHeader, lines: ResolvedLine[], by: By, timeZone: string) {
  return db.transaction(
    (tx) => {
      const totals = documentTotals(lines, header.discount);
      const quote = tx
        .insert(quotes)
        .values({
          number: nextQuoteNumber(tx, by.at, timeZone),
          customerId: header.customerId,
          inquiryId: header.inquiryId,
          currency: header.currency,
          discountBps: header.discount,
          subtotalMinor: totals.subtotalMinor,
          discountMinor: totals.discountMinor,
          totalMinor: totals.totalMinor,
          validUntil: header.validUntil,
          notes: header.notes,
          status: "draft",
          createdById: by.userId,
          createdAt: by.at,
          updatedAt: by.at,
        })
        .returning()
        .get();
      writeLines(tx, quote.id, lines, totals.lineTotals);
      recordAudit(tx, {
        entity: "quote",
        entityId: quote.id,
        action: "create",
        userId: by.userId,
        at: by.at,
        after: auditView(quote, lines),
      });
      return quote;
    },
    { behavior: "immediate" },
  );
}

export type QuoteChange = { ok: true } | { ok: false; reason: "notFound" | "notEditable" | "notAllowed" };

export function updateQuote(db: DB, id: number, header: QuoteHeader, lines: ResolvedLine[], by: By): QuoteChange {
  return db.transaction((tx) => {
    const before = tx.select().from(quotes).where(eq(quotes.id, id)).get();
    if (!before) return { ok: false, reason: "notFound" };
    if (!isQuoteEditable(before.status)) return { ok: false, reason: "notEditable" };
    const beforeLines = tx.select().from(quoteLines).where(eq(quoteLines.quoteId, id)).orderBy(asc(quoteLines.position)).all();
    const totals = documentTotals(lines, header.discount);
    const after = tx
      .update(quotes)
      .set({
        inquiryId: header.inquiryId,
        currency: header.currency,
        discountBps: header.discount,
        subtotalMinor: totals.subtotalMinor,
        discountMinor: totals.discountMinor,
        totalMinor: totals.totalMinor,
        validUntil: header.validUntil,
        notes: header.notes,
        updatedAt: by.at,
      })
      .where(eq(quotes.id, id))
      .returning()
      .get();
    writeLines(tx, id, lines, totals.lineTotals);
    recordAudit(tx, {
      entity: "quote",
      entityId: id,
      action: "update",
      userId: by.userId,
      at: by.at,
      before: auditView(before, beforeLines),
      after: auditView(after, lines),
    });
    return { ok: true };
  });
}

/**
 * Moves a quote along (sent, accepted, rejected). A sent quote past its valid-until day expires
 * first and can no longer be accepted. Sending marks its inquiry `quoted` when the inquiry had not
 * gone further (won, lost and spam stay as they are).
 */
export function moveQuote(db: DB, id: number, to: QuoteStatus, by: By, today: string): QuoteChange {
  expireQuotes(db, today, by.at);
  const result = db.transaction((tx): QuoteChange & { inquiryId?: number | null } => {
    const before = tx.select().from(quotes).where(eq(quotes.id, id)).get();
    if (!before) return { ok: false, reason: "notFound" };
    if (!canMoveQuote(before.status, to)) return { ok: false, reason: "notAllowed" };
    tx.update(quotes)
      .set({
        status: to,
        ...(to === "sent" ? { sentAt: by.at } : { decidedAt: by.at }),
        updatedAt: by.at,
      })
      .where(eq(quotes.id, id))
      .run();
    if (to === "sent" && before.inquiryId) advanceInquiryStatus(tx, before.inquiryId, "quoteSent", by);
    recordAudit(tx, {
      entity: "quote",
      entityId: id,
      action: "update",
      userId: by.userId,
      at: by.at,
      before: { status: before.status },
      after: { status: to },
    });
    return { ok: true, inquiryId: before.inquiryId };
  });
  if (result.ok && result.inquiryId) {
    noteAnnounced(by.at);
    publishInquiryEvent({ type: "updated", id: result.inquiryId });
  }
  return result.ok ? { ok: true } : result;
}

/**
 * Sent quotes whose valid-until day has passed become expired (the day itself is still valid).
 * Each expiry is audited as a change made by no user.
 */
export function expireQuotes(db: DB, today: string, at: Date): number {
  return db.transaction((tx) => {
    // The sent quotes (few: the rest are drafts or decided), judged by the one rule.
    const due = tx
      .select({ id: quotes.id, status: quotes.status, validUntil: quotes.validUntil })
      .from(quotes)
      .where(eq(quotes.status, "sent"))
      .all()
      .filter((quote) => isQuoteExpired(quote.status, quote.validUntil, today));
    for (const { id } of due) {
      tx.update(quotes).set({ status: "expired", updatedAt: at }).where(eq(quotes.id, id)).run();
      recordAudit(tx, {
        entity: "quote",
        entityId: id,
        action: "update",
        userId: null,
        at,
        before: { status: "sent" },
        after: { status: "expired" },
      });
    }
    return due.length;
  });
}

export function getQuote(db: DB, id: number) {
  const quote = db
    .select({
      quote: quotes,
      customer: customers.name,
      customerCountry: customers.country,
      inquirySubject: inquiries.subject,
    })
    .from(quotes)
    .innerJoin(customers, eq(customers.id, quotes.customerId))
    .leftJoin(inquiries, eq(inquiries.id, quotes.inquiryId))
    .where(eq(quotes.id, id))
    .get();
  if (!quote) return undefined;
  const lines = db
    .select({ line: quoteLines, sku: products.sku })
    .from(quoteLines)
    .leftJoin(products, eq(products.id, quoteLines.productId))
    .where(eq(quoteLines.quoteId, id))
    .orderBy(asc(quoteLines.position))
    .all()
    .map((row) => ({ ...row.line, sku: row.sku }));
  return { ...quote, lines };
}

export function listQuotes(db: DB, filter: { status?: QuoteStatus; customerId?: number; q?: string; page: number }) {
  const conditions: SQL[] = [];
  if (filter.status) conditions.push(eq(quotes.status, filter.status));
  if (filter.customerId) conditions.push(eq(quotes.customerId, filter.customerId));
  if (filter.q) {
    const pattern = containsPattern(filter.q);
    conditions.push(sql`(${quotes.number} like ${pattern} escape '\\' or ${customers.name} like ${pattern} escape '\\')`);
  }
  const where = conditions.length ? and(...conditions) : undefined;
  const total =
    db.select({ n: count() }).from(quotes).innerJoin(customers, eq(customers.id, quotes.customerId)).where(where).get()?.n ?? 0;
  const info = pageInfo(total, filter.page);
  const rows = db
    .select({
      id: quotes.id,
      number: quotes.number,
      status: quotes.status,
      currency: quotes.currency,
      totalMinor: quotes.totalMinor,
      validUntil: quotes.validUntil,
      createdAt: quotes.createdAt,
      customerId: quotes.customerId,
      customer: customers.name,
    })
    .from(quotes)
    .innerJoin(customers, eq(customers.id, quotes.customerId))
    .where(where)
    .orderBy(desc(quotes.createdAt), desc(quotes.id))
    .limit(info.pageSize)
    .offset(info.offset)
    .all();
  return { ...info, rows };
}
