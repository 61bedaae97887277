/**
 * Row factories shared by the tests and the demo seed, so demo data and test data look the same.
 *
 * Each factory takes a db (or a transaction), fills plausible defaults for what the caller leaves
 * out, inserts, and returns the inserted row. Everything except `createUser` is synchronous, so
 * the factories can run inside a better-sqlite3 transaction (which must not await).
 */
import { and, desc, eq, gte, lt } from "drizzle-orm";
import { hashPassword } from "../app/auth/password.server";
import { addDays, localDay } from "../app/domain/calendar";
import { documentNumberSeries, nextDocumentNumber } from "../app/domain/documents";
import { documentTotals, toBaseMinor, type LineInput } from "../app/domain/money";
export type { LineInput } from "../app/domain/money";
import type { DB } from "./client.server";
import {
  channels,
  contacts,
  customers,
  inquiries,
  messages,
  orderLines,
  orders,
  products,
  quoteLines,
  quotes,
  users,
} from "./schema";

export const DEMO_PASSWORD = "demo1234";

/** Team time zone the factories use for document-number years and quote validity days. */
const FACTORY_TIME_ZONE = "Asia/Shanghai";
const BASE_CURRENCY = "USD";

export type User = typeof users.$inferSelect;
export type Customer = typeof customers.$inferSelect;
export type Contact = typeof contacts.$inferSelect;
export type Product = typeof products.$inferSelect;
export type Inquiry = typeof inquiries.$inferSelect;
export type Quote = typeof quotes.$inferSelect;
export type QuoteLine = typeof quoteLines.$inferSelect;
export type Order = typeof orders.$inferSelect;
export type OrderLine = typeof orderLines.$inferSelect;

let sequence = 0;
/** A per-process counter that keeps default e-mails, SKUs and names unique. */
function nextSequence(): number {
  sequence += 1;
  return sequence;
}

/** Rates the factories assume when a test names a currency but no rate. */
const DEFAULT_FX_RATES: Record<string, string> = { USD: "1", EUR: "1.0850", CNY: "0.1390" };

// ---------------------------------------------------------------------------------------------
// Dates in the team time zone
// ---------------------------------------------------------------------------------------------

const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

/** The local calendar day ("YYYY-MM-DD") of an instant in the team time zone. */
export const teamDay = (instant: Date, timeZone = FACTORY_TIME_ZONE): string => localDay(instant, timeZone);
/** Calendar-day arithmetic on "YYYY-MM-DD" (no instants involved, so no DST). */
export const addDaysToDay = addDays;

// ---------------------------------------------------------------------------------------------
// Lookups and numbering
// ---------------------------------------------------------------------------------------------

export function channelId(db: DB, key: string): number {
  const row = db.select({ id: channels.id }).from(channels).where(eq(channels.key, key)).get();
  if (!row) throw new Error(`Unknown channel ${JSON.stringify(key)}`);
  return row.id;
}

/**
 * The next `PREFIX-YYYY-NNNNN` number for that year, by the app's numbering rule and read from the
 * table itself (a range scan on the unique index), so that documents made here and by the app in
 * the same test never share a number.
 */
function nextNumber(db: DB, table: typeof quotes | typeof orders, kind: "quote" | "order", at: Date): string {
  const series = documentNumberSeries(kind, at, FACTORY_TIME_ZONE);
  const last = db
    .select({ number: table.number })
    .from(table)
    .where(and(gte(table.number, series.from), lt(table.number, series.to)))
    .orderBy(desc(table.number))
    .limit(1)
    .get();
  return nextDocumentNumber(series, last?.number);
}

export function nextQuoteNumber(db: DB, at: Date): string {
  return nextNumber(db, quotes, "quote", at);
}

export function nextOrderNumber(db: DB, at: Date): string {
  return nextNumber(db, orders, "order", at);
}

// ---------------------------------------------------------------------------------------------
// Users
// ---------------------------------------------------------------------------------------------

let demoHash: Promise<string> | undefined;

/** The hash of DEMO_PASSWORD, computed once per process (scrypt is deliberately slow). */
export function demoPasswordHash(): Promise<string> {
  demoHash ??= hashPassword(DEMO_PASSWORD).catch((error: unknown) => {
    demoHash = undefined;
    throw error;
  });
  return demoHash;
}

export type UserOverrides = Partial<typeof users.$inferInsert> & { password?: string };

/** Inserts a user whose password hash is already known; synchronous, for transactions. */
export function insertUser(db: DB, overrides: Omit<UserOverrides, "password"> & { passwordHash: string }): User {
  const n = nextSequence();
  const at = overrides.createdAt ?? new Date();
  return db
    .insert(users)
    .values({
      email: `user${n}@test.example`,
      name: `Test User ${n}`,
      role: "service",
      locale: "en",
      createdAt: at,
      updatedAt: at,
      ...overrides,
    })
    .returning()
    .get();
}

/** Password defaults to DEMO_PASSWORD; pass `passwordHash` to skip hashing altogether. */
export async function createUser(db: DB, overrides: UserOverrides = {}): Promise<User> {
  const { password, passwordHash, ...rest } = overrides;
  const hash =
    passwordHash ??
    (password === undefined || password === DEMO_PASSWORD ? await demoPasswordHash() : await hashPassword(password));
  return insertUser(db, { ...rest, passwordHash: hash });
}

// ---------------------------------------------------------------------------------------------
// Customers, contacts, products
// ---------------------------------------------------------------------------------------------

export type CustomerOverrides = Partial<typeof customers.$inferInsert>;

export function createCustomer(db: DB, overrides: CustomerOverrides = {}): Customer {
  const n = nextSequence();
  const at = overrides.createdAt ?? new Date();
  return db
    .insert(customers)
    .values({
      name: `Harbor Hardware Trading ${n} Ltd`,
      country: "US",
      industry: "Hardware wholesale",
      createdAt: at,
      updatedAt: at,
      ...overrides,
    })
    .returning()
    .get();
}

export type ContactOverrides = Partial<typeof contacts.$inferInsert>;

/** Without a customerId a customer is created for the contact. */
export function createContact(db: DB, overrides: ContactOverrides = {}): Contact {
  const n = nextSequence();
  const customerId = overrides.customerId ?? createCustomer(db, { createdAt: overrides.createdAt }).id;
  const at = overrides.createdAt ?? new Date();
  return db
    .insert(contacts)
    .values({
      name: `Jonas Weber ${n}`,
      email: `jonas.weber${n}@buyer.example`,
      phone: "+49 30 1234567",
      title: "Purchasing Manager",
      createdAt: at,
      updatedAt: at,
      ...overrides,
      customerId,
    })
    .returning()
    .get();
}

export type ProductOverrides = Partial<typeof products.$inferInsert>;

export function createProduct(db: DB, overrides: ProductOverrides = {}): Product {
  const n = nextSequence();
  const at = overrides.createdAt ?? new Date();
  return db
    .insert(products)
    .values({
      sku: `TST-${pad(n, 5)}`,
      name: "Stainless steel butt hinge 100 mm",
      category: "Hinges",
      listPriceMinor: 95,
      currency: "USD",
      createdAt: at,
      updatedAt: at,
      ...overrides,
    })
    .returning()
    .get();
}

// ---------------------------------------------------------------------------------------------
// Inquiries and messages
// ---------------------------------------------------------------------------------------------

export type FirstResponseInput = { at: Date; by: number; body?: string };

export type InquiryOverrides = Partial<typeof inquiries.$inferInsert> & {
  /** Channel key, used when channelId is not given (default "alibaba"). */
  channel?: string;
  /** The buyer's first message (direction `in`, sent at received_at). */
  body?: string;
  /** The first human answer: an `out` message, and first_response_at / responder / frt_ms. */
  firstResponse?: FirstResponseInput;
  /** An automatic acknowledgement (`out`, is_auto_reply) that never counts as a response. */
  autoReply?: { at: Date; body?: string };
};

export const DEFAULT_AUTO_REPLY =
  "Thank you for your message. Our office hours are Monday to Friday, 09:00–18:00 China time. " +
  "We will answer as soon as we are back.";

export function createInquiry(db: DB, overrides: InquiryOverrides = {}): Inquiry {
  const { channel, body, firstResponse, autoReply, ...values } = overrides;
  const receivedAt = values.receivedAt ?? new Date();
  const resolvedChannelId = values.channelId ?? channelId(db, channel ?? "alibaba");
  if (firstResponse && firstResponse.at.getTime() < receivedAt.getTime()) {
    throw new RangeError("first response cannot precede received_at");
  }
  const row = db
    .insert(inquiries)
    .values({
      subject: "Quotation for 2,000 pcs stainless hinges",
      status: firstResponse ? "responded" : "new",
      createdAt: receivedAt,
      updatedAt: firstResponse?.at ?? receivedAt,
      receivedDay: teamDay(receivedAt),
      ...values,
      channelId: resolvedChannelId,
      receivedAt,
      ...(firstResponse
        ? {
            firstResponseAt: firstResponse.at,
            firstResponderId: firstResponse.by,
            frtMs: firstResponse.at.getTime() - receivedAt.getTime(),
          }
        : {}),
    })
    .returning()
    .get();
  // One multi-row insert: the demo seed creates thousands of inquiries.
  const thread: (typeof messages.$inferInsert)[] = [
    {
      inquiryId: row.id,
      direction: "in",
      body: body ?? "Please send your best FOB Ningbo price, MOQ and lead time.",
      sentAt: receivedAt,
      createdAt: receivedAt,
    },
  ];
  if (autoReply) {
    thread.push({
      inquiryId: row.id,
      direction: "out",
      body: autoReply.body ?? DEFAULT_AUTO_REPLY,
      sentAt: autoReply.at,
      createdAt: autoReply.at,
      isAutoReply: true,
    });
  }
  if (firstResponse) {
    thread.push({
      inquiryId: row.id,
      direction: "out",
      authorId: firstResponse.by,
      body: firstResponse.body ?? "Thank you for your inquiry. Please find our offer below.",
      sentAt: firstResponse.at,
      createdAt: firstResponse.at,
      isAutoReply: false,
    });
  }
  db.insert(messages).values(thread).run();
  return row;
}

// ---------------------------------------------------------------------------------------------
// Quotes and orders
// ---------------------------------------------------------------------------------------------

const DEFAULT_LINE: LineInput = {
  description: "Stainless steel butt hinge 100 mm, SS304",
  quantity: 2000,
  unitPriceMinor: 95,
};

function lineRows(lines: LineInput[], totals: number[]) {
  return lines.map((line, i) => ({
    position: i + 1,
    productId: line.productId ?? null,
    description: line.description ?? `Item ${i + 1}`,
    quantity: line.quantity,
    unitPriceMinor: line.unitPriceMinor,
    discountBps: line.discountBps ?? 0,
    lineTotalMinor: totals[i],
  }));
}

export type QuoteOverrides = Partial<Omit<typeof quotes.$inferInsert, "subtotalMinor" | "discountMinor" | "totalMinor">> & {
  lines?: LineInput[];
};

export type QuoteWithLines = Quote & { lines: QuoteLine[] };

/**
 * Totals are computed from the lines. Without customerId a customer is created. valid_until
 * defaults to 30 days after creation (team time zone); a quote past `draft` gets a sent_at.
 */
export function createQuote(db: DB, overrides: QuoteOverrides = {}): QuoteWithLines {
  const { lines: lineInputs, ...values } = overrides;
  const createdAt = values.createdAt ?? new Date();
  const lines = lineInputs ?? [DEFAULT_LINE];
  const discountBps = values.discountBps ?? 0;
  const totals = documentTotals(lines, discountBps);
  const status = values.status ?? "draft";
  const sentAt = values.sentAt ?? (status === "draft" ? null : createdAt);
  const decidedAt = values.decidedAt ?? (status === "accepted" || status === "rejected" ? (sentAt ?? createdAt) : null);
  const customerId = values.customerId ?? createCustomer(db, { createdAt }).id;
  const quote = db
    .insert(quotes)
    .values({
      number: nextQuoteNumber(db, createdAt),
      currency: "USD",
      validUntil: addDaysToDay(teamDay(createdAt), 30),
      updatedAt: decidedAt ?? sentAt ?? createdAt,
      ...values,
      customerId,
      createdAt,
      status,
      sentAt,
      decidedAt,
      discountBps,
      subtotalMinor: totals.subtotalMinor,
      discountMinor: totals.discountMinor,
      totalMinor: totals.totalMinor,
    })
    .returning()
    .get();
  const inserted =
    lines.length > 0
      ? db
          .insert(quoteLines)
          .values(lineRows(lines, totals.lineTotals).map((l) => ({ ...l, quoteId: quote.id })))
          .returning()
          .all()
      : [];
  return { ...quote, lines: inserted };
}

export type OrderOverrides = Partial<Omit<typeof orders.$inferInsert, "totalBaseMinor">> & {
  lines?: LineInput[];
};

export type OrderWithLines = Order & { lines: OrderLine[] };

/**
 * An order from lines, from a plain `totalMinor`, or (given only `quoteId`) from the quote's
 * lines, currency and discount. total_base_minor = round-half-up(total × fx_rate), exactly.
 */
export function createOrder(db: DB, overrides: OrderOverrides = {}): OrderWithLines {
  const { lines: lineInputs, ...values } = overrides;
  const orderedAt = values.orderedAt ?? new Date();
  let lines = lineInputs;
  let currency = values.currency;
  let discountBps = values.discountBps ?? 0;
  let customerId = values.customerId;
  let inquiryId = values.inquiryId;

  if (values.quoteId != null) {
    const quote = db.select().from(quotes).where(eq(quotes.id, values.quoteId)).get();
    if (!quote) throw new Error(`No quote ${values.quoteId}`);
    currency ??= quote.currency;
    customerId ??= quote.customerId;
    inquiryId ??= quote.inquiryId;
    if (!lines && values.totalMinor === undefined) {
      discountBps = values.discountBps ?? quote.discountBps;
      lines = db.select().from(quoteLines).where(eq(quoteLines.quoteId, quote.id)).orderBy(quoteLines.position).all();
    }
  }
  currency ??= BASE_CURRENCY;

  let totalMinor: number;
  let lineTotals: number[] = [];
  if (lines) {
    const totals = documentTotals(lines, discountBps);
    if (values.totalMinor !== undefined && values.totalMinor !== totals.totalMinor) {
      throw new RangeError(`totalMinor ${values.totalMinor} does not match the lines (${totals.totalMinor})`);
    }
    totalMinor = totals.totalMinor;
    lineTotals = totals.lineTotals;
  } else {
    totalMinor = values.totalMinor ?? 100_000;
    if (!Number.isSafeInteger(totalMinor) || totalMinor < 0) {
      throw new RangeError(`order total must be an integer ≥ 0, got ${totalMinor}`);
    }
  }

  const fxRate = values.fxRate ?? DEFAULT_FX_RATES[currency];
  if (fxRate === undefined) throw new Error(`No fxRate given for ${currency}`);
  const totalBaseMinor = toBaseMinor(totalMinor, fxRate, currency, BASE_CURRENCY);
  customerId ??= createCustomer(db, { createdAt: orderedAt }).id;

  const order = db
    .insert(orders)
    .values({
      number: nextOrderNumber(db, orderedAt),
      status: "confirmed",
      createdAt: orderedAt,
      updatedAt: orderedAt,
      ...values,
      customerId,
      inquiryId: inquiryId ?? null,
      currency,
      fxRate,
      discountBps,
      totalMinor,
      totalBaseMinor,
      orderedAt,
    })
    .returning()
    .get();
  const inserted =
    lines && lines.length > 0
      ? db
          .insert(orderLines)
          .values(lineRows(lines, lineTotals).map((l) => ({ ...l, orderId: order.id })))
          .returning()
          .all()
      : [];
  return { ...order, lines: inserted };
}
