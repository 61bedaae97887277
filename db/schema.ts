import { sql } from "drizzle-orm";
import { blob, check, primaryKey, index, integer, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/*
 * Conventions
 * - Instants are UTC milliseconds since the epoch (`instant`), read back as Date.
 * - Calendar days that belong to the team's time zone are ISO strings `YYYY-MM-DD` (`day`).
 * - Money is an integer count of minor units (cents, fen) with its ISO 4217 currency beside it.
 * - Exchange rates are exact decimal strings, so a stored rate is never a binary approximation.
 */
const id = () => integer("id").primaryKey({ autoIncrement: true });
const instant = (name: string) => integer(name, { mode: "timestamp_ms" });
const minor = (name: string) => integer(name);
const flag = (name: string) => integer(name, { mode: "boolean" });
const createdAt = () => instant("created_at").notNull().default(sql`(cast(unixepoch('subsec') * 1000 as integer))`);
const updatedAt = () => instant("updated_at").notNull().default(sql`(cast(unixepoch('subsec') * 1000 as integer))`);

export * from "./enums";
import {
  INQUIRY_STATUSES,
  JOB_NAMES,
  JOB_RUN_STATUSES,
  LOCALES,
  MESSAGE_DIRECTIONS,
  ORDER_STATUSES,
  QUOTE_STATUSES,
  REMINDER_KINDS,
  REMINDER_STATUSES,
  ROLES,
  SLA_STATUSES,
  TIERS,
} from "./enums";

export const users = sqliteTable(
  "users",
  {
    id: id(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    role: text("role", { enum: ROLES }).notNull(),
    locale: text("locale", { enum: LOCALES }).notNull().default("en"),
    passwordHash: text("password_hash").notNull(),
    active: flag("active").notNull().default(true),
    // Service staff mark themselves on duty to receive round-robin assignments.
    onDuty: flag("on_duty").notNull().default(false),
    lastAssignedAt: instant("last_assigned_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("users_email_uq").on(t.email), index("users_role_idx").on(t.role, t.active)],
);

export const sessions = sqliteTable(
  "sessions",
  {
    // SHA-256 of the cookie's token: a leaked database does not hand out live sessions.
    idHash: text("id_hash").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    expiresAt: instant("expires_at").notNull(),
    userAgent: text("user_agent"),
  },
  (t) => [index("sessions_user_idx").on(t.userId), index("sessions_expires_idx").on(t.expiresAt)],
);

// One row per sign-in attempt, reserved before its password is checked (SPEC §12): a successful
// attempt removes its row, so the rows are failures and attempts still being checked. Counted per
// e-mail and per client address within the throttle window.
export const signInFailures = sqliteTable(
  "sign_in_failures",
  {
    id: id(),
    email: text("email").notNull(),
    // The client's network address as the server saw it; "" for rows from before it was kept.
    address: text("address").notNull().default(""),
    at: instant("at").notNull(),
  },
  (t) => [index("sign_in_failures_email_at_idx").on(t.email, t.at), index("sign_in_failures_address_at_idx").on(t.address, t.at)],
);

export const channels = sqliteTable(
  "channels",
  {
    id: id(),
    key: text("key").notNull(),
    name: text("name").notNull(),
    active: flag("active").notNull().default(true),
    sortOrder: integer("sort_order").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("channels_key_uq").on(t.key)],
);

export const customers = sqliteTable(
  "customers",
  {
    id: id(),
    externalId: text("external_id"),
    name: text("name").notNull(),
    country: text("country"),
    industry: text("industry"),
    website: text("website"),
    notes: text("notes"),
    ownerId: integer("owner_id").references(() => users.id, { onDelete: "set null" }),
    sourceChannelId: integer("source_channel_id").references(() => channels.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    // Written by the tiers job (SPEC §4).
    tier: text("tier", { enum: TIERS }),
    tierReason: text("tier_reason"),
    tierSince: text("tier_since"),
    recencyDays: integer("recency_days"),
    frequency: integer("frequency"),
    monetaryMinor: minor("monetary_minor"),
    rfmRecencyScore: integer("rfm_recency_score"),
    rfmFrequencyScore: integer("rfm_frequency_score"),
    rfmMonetaryScore: integer("rfm_monetary_score"),
    revenueLast180Minor: minor("revenue_last_180_minor"),
    revenuePrior180Minor: minor("revenue_prior_180_minor"),
    firstOrderAt: instant("first_order_at"),
    lastOrderAt: instant("last_order_at"),
    ordersCount: integer("orders_count").notNull().default(0),
    revenue12mMinor: minor("revenue_12m_minor").notNull().default(0),
    revenueTotalMinor: minor("revenue_total_minor").notNull().default(0),
    tiersAsOf: text("tiers_as_of"),
    // Written by the CLV job (SPEC §6).
    pAlive: real("p_alive"),
    expectedOrders365d: real("expected_orders_365d"),
    expectedOrderValueMinor: minor("expected_order_value_minor"),
    predictedClv12mMinor: minor("predicted_clv_12m_minor"),
    expectedNextPurchaseOn: text("expected_next_purchase_on"),
    clvAsOf: text("clv_as_of"),
  },
  (t) => [
    uniqueIndex("customers_external_id_uq").on(t.externalId),
    index("customers_name_nocase_idx").on(sql`${t.name} collate nocase`),
    index("customers_owner_idx").on(t.ownerId),
    // A tier's customers by revenue, and the tier report's counts and revenue read from it alone.
    index("customers_tier_revenue_idx").on(t.tier, t.revenue12mMinor),
    index("customers_country_idx").on(t.country),
    index("customers_industry_idx").on(t.industry),
    index("customers_revenue_12m_idx").on(t.revenue12mMinor),
    index("customers_last_order_idx").on(t.lastOrderAt),
    index("customers_first_order_idx").on(t.firstOrderAt),
    index("customers_tiers_as_of_idx").on(t.tiersAsOf),
    index("customers_clv_idx").on(t.predictedClv12mMinor),
    // The CLV report's groups (tier × source channel × bucket) and its cohorts, read from the
    // index alone, and the customers its chart plots, in the chart's order.
    index("customers_clv_figures_idx")
      .on(t.tier, t.sourceChannelId, t.predictedClv12mMinor, t.revenueTotalMinor, t.firstOrderAt)
      .where(sql`predicted_clv_12m_minor is not null`),
    index("customers_clv_plot_idx")
      .on(sql`max(${t.predictedClv12mMinor}, ${t.revenueTotalMinor}) desc`, t.id)
      .where(sql`predicted_clv_12m_minor is not null`),
  ],
);

export const contacts = sqliteTable(
  "contacts",
  {
    id: id(),
    customerId: integer("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    email: text("email"),
    phone: text("phone"),
    title: text("title"),
    messagingHandle: text("messaging_handle"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("contacts_customer_idx").on(t.customerId), index("contacts_email_nocase_idx").on(sql`${t.email} collate nocase`)],
);

export const products = sqliteTable(
  "products",
  {
    id: id(),
    sku: text("sku").notNull(),
    name: text("name").notNull(),
    category: text("category"),
    listPriceMinor: minor("list_price_minor").notNull(),
    currency: text("currency").notNull(),
    active: flag("active").notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("products_sku_uq").on(t.sku), index("products_category_idx").on(t.category)],
);

/**
 * Counted, unanswered and still pending under the 24-hour rule or the business SLA: the partial
 * index inquiries_unsettled_idx and the SLA pass's query share these literal terms, because SQLite
 * uses a partial index only for a query that repeats its WHERE (a bound parameter never matches).
 */
export const UNSETTLED_INQUIRIES =
  "(first_response_at is null and status <> 'spam' and (within_24h is null or sla_status = 'pending'))";

export const inquiries = sqliteTable(
  "inquiries",
  {
    id: id(),
    channelId: integer("channel_id")
      .notNull()
      .references(() => channels.id),
    externalId: text("external_id"),
    customerId: integer("customer_id").references(() => customers.id, { onDelete: "set null" }),
    contactId: integer("contact_id").references(() => contacts.id, { onDelete: "set null" }),
    productId: integer("product_id").references(() => products.id, { onDelete: "set null" }),
    quantity: integer("quantity"),
    subject: text("subject").notNull(),
    status: text("status", { enum: INQUIRY_STATUSES }).notNull().default("new"),
    lostReason: text("lost_reason"),
    assigneeId: integer("assignee_id").references(() => users.id, { onDelete: "set null" }),
    receivedAt: instant("received_at").notNull(),
    // The team-time-zone day of received_at ("YYYY-MM-DD"): the day an inquiry counts for in the
    // daily roll-ups and reports. Written with received_at; the SLA job backfills and corrects it.
    receivedDay: text("received_day"),
    firstResponseAt: instant("first_response_at"),
    firstResponderId: integer("first_responder_id").references(() => users.id, {
      onDelete: "set null",
    }),
    createdById: integer("created_by_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    // Written when the first response is recorded and by the SLA job (SPEC §3).
    frtMs: integer("frt_ms"),
    businessFrtMs: integer("business_frt_ms"),
    inBusinessHours: flag("in_business_hours"),
    within30s: flag("within_30s"),
    within24h: flag("within_24h"),
    slaStatus: text("sla_status", { enum: SLA_STATUSES }),
    slaComputedAt: instant("sla_computed_at"),
    escalatedAt: instant("escalated_at"),
    // The funnel's per-inquiry facts (SPEC §7), kept by the SLA job's pass over `funnel_queue`,
    // which triggers on quotes and orders fill: a sent quote; the first won order's time and
    // customer; whether that customer ordered again within 365 days; the base-currency total of
    // its won orders, and whether one of them is linked to another inquiry too (then a report
    // counts that order once across them: app/models/funnel-report.server.ts).
    funnelQuoted: flag("funnel_quoted").notNull().default(false),
    wonAt: instant("won_at"),
    wonCustomerId: integer("won_customer_id"),
    funnelRepeat: flag("funnel_repeat").notNull().default(false),
    wonRevenueMinor: integer("won_revenue_minor").notNull().default(0),
    wonOrderShared: flag("won_order_shared").notNull().default(false),
  },
  (t) => [
    uniqueIndex("inquiries_channel_external_uq").on(t.channelId, t.externalId),
    index("inquiries_received_idx").on(t.receivedAt),
    index("inquiries_status_received_idx").on(t.status, t.receivedAt),
    index("inquiries_assignee_received_idx").on(t.assigneeId, t.receivedAt),
    index("inquiries_channel_received_idx").on(t.channelId, t.receivedAt),
    index("inquiries_customer_idx").on(t.customerId, t.receivedAt),
    // The inbox search finds inquiries by their contact's name or e-mail.
    index("inquiries_contact_idx").on(t.contactId),
    index("inquiries_product_idx").on(t.productId),
    index("inquiries_updated_idx").on(t.updatedAt),
    // The SLA job's roll-up (GROUP BY day, assignee, channel) and the report's per-period reads.
    index("inquiries_received_day_idx").on(t.receivedDay, t.assigneeId, t.channelId),
    // The SLA job's minute pass: counted, unanswered inquiries still pending under the 24-hour
    // rule or the business SLA (a few hundred, whatever the table's size).
    index("inquiries_unsettled_idx").on(t.receivedAt).where(sql.raw(UNSETTLED_INQUIRIES)),
    // The funnel's won inquiries of a period (days to won, revenue), without the rest of the cohort.
    index("inquiries_won_idx")
      .on(t.receivedAt, t.wonAt, t.channelId, t.assigneeId, t.wonOrderShared, t.wonRevenueMinor)
      .where(sql`won_at is not null and status <> 'spam'`),
    // The funnel report reads a cohort's stages from this index alone.
    index("inquiries_funnel_idx").on(
      t.receivedAt,
      t.status,
      t.channelId,
      t.assigneeId,
      t.firstResponseAt,
      t.funnelQuoted,
      t.wonAt,
      t.funnelRepeat,
    ),
    index("inquiries_won_customer_idx").on(t.wonCustomerId).where(sql`${t.wonCustomerId} is not null`),
    // The inbox's "unanswered now" and the escalation scan read only open inquiries.
    index("inquiries_unanswered_idx").on(t.receivedAt).where(sql`${t.firstResponseAt} is null`),
  ],
);

export const messages = sqliteTable(
  "messages",
  {
    id: id(),
    inquiryId: integer("inquiry_id")
      .notNull()
      .references(() => inquiries.id, { onDelete: "cascade" }),
    direction: text("direction", { enum: MESSAGE_DIRECTIONS }).notNull(),
    authorId: integer("author_id").references(() => users.id, { onDelete: "set null" }),
    body: text("body").notNull(),
    sentAt: instant("sent_at").notNull(),
    isAutoReply: flag("is_auto_reply").notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [index("messages_inquiry_sent_idx").on(t.inquiryId, t.sentAt)],
);

export const replyTemplates = sqliteTable(
  "reply_templates",
  {
    id: id(),
    name: text("name").notNull(),
    locale: text("locale").notNull(),
    body: text("body").notNull(),
    createdById: integer("created_by_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("reply_templates_locale_idx").on(t.locale, t.name)],
);

export const quotes = sqliteTable(
  "quotes",
  {
    id: id(),
    number: text("number").notNull(),
    customerId: integer("customer_id")
      .notNull()
      .references(() => customers.id),
    inquiryId: integer("inquiry_id").references(() => inquiries.id, { onDelete: "set null" }),
    currency: text("currency").notNull(),
    // Percentages as basis points (1250 = 12.50 %), so discounts stay exact integers.
    discountBps: integer("discount_bps").notNull().default(0),
    subtotalMinor: minor("subtotal_minor").notNull().default(0),
    discountMinor: minor("discount_minor").notNull().default(0),
    totalMinor: minor("total_minor").notNull().default(0),
    validUntil: text("valid_until"),
    notes: text("notes"),
    status: text("status", { enum: QUOTE_STATUSES }).notNull().default("draft"),
    sentAt: instant("sent_at"),
    decidedAt: instant("decided_at"),
    createdById: integer("created_by_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("quotes_number_uq").on(t.number),
    index("quotes_customer_idx").on(t.customerId, t.createdAt),
    index("quotes_inquiry_idx").on(t.inquiryId),
    index("quotes_status_idx").on(t.status, t.validUntil),
  ],
);

export const quoteLines = sqliteTable(
  "quote_lines",
  {
    id: id(),
    quoteId: integer("quote_id")
      .notNull()
      .references(() => quotes.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    productId: integer("product_id").references(() => products.id, { onDelete: "set null" }),
    description: text("description").notNull(),
    quantity: integer("quantity").notNull(),
    unitPriceMinor: minor("unit_price_minor").notNull(),
    discountBps: integer("discount_bps").notNull().default(0),
    lineTotalMinor: minor("line_total_minor").notNull(),
  },
  (t) => [index("quote_lines_quote_idx").on(t.quoteId, t.position)],
);

export const orders = sqliteTable(
  "orders",
  {
    id: id(),
    number: text("number").notNull(),
    externalId: text("external_id"),
    customerId: integer("customer_id")
      .notNull()
      .references(() => customers.id),
    quoteId: integer("quote_id").references(() => quotes.id, { onDelete: "set null" }),
    inquiryId: integer("inquiry_id").references(() => inquiries.id, { onDelete: "set null" }),
    currency: text("currency").notNull(),
    fxRate: text("fx_rate").notNull().default("1"),
    discountBps: integer("discount_bps").notNull().default(0),
    totalMinor: minor("total_minor").notNull(),
    totalBaseMinor: minor("total_base_minor").notNull(),
    orderedAt: instant("ordered_at").notNull(),
    status: text("status", { enum: ORDER_STATUSES }).notNull().default("confirmed"),
    cancelReason: text("cancel_reason"),
    createdById: integer("created_by_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("orders_number_uq").on(t.number),
    uniqueIndex("orders_external_id_uq").on(t.externalId),
    index("orders_customer_ordered_idx").on(t.customerId, t.orderedAt),
    index("orders_ordered_idx").on(t.orderedAt),
    index("orders_status_ordered_idx").on(t.status, t.orderedAt),
    // With the status and the base total, the funnel's revenue reads no order rows.
    index("orders_inquiry_idx").on(t.inquiryId, t.status, t.totalBaseMinor),
    index("orders_quote_idx").on(t.quoteId, t.status, t.totalBaseMinor),
  ],
);

export const orderLines = sqliteTable(
  "order_lines",
  {
    id: id(),
    orderId: integer("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    productId: integer("product_id").references(() => products.id, { onDelete: "set null" }),
    description: text("description").notNull(),
    quantity: integer("quantity").notNull(),
    unitPriceMinor: minor("unit_price_minor").notNull(),
    discountBps: integer("discount_bps").notNull().default(0),
    lineTotalMinor: minor("line_total_minor").notNull(),
  },
  (t) => [index("order_lines_order_idx").on(t.orderId, t.position), index("order_lines_product_idx").on(t.productId)],
);

export const agreedPrices = sqliteTable(
  "agreed_prices",
  {
    id: id(),
    customerId: integer("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    productId: integer("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    priceMinor: minor("price_minor").notNull(),
    currency: text("currency").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("agreed_prices_customer_product_uq").on(t.customerId, t.productId)],
);

export const reminders = sqliteTable(
  "reminders",
  {
    id: id(),
    kind: text("kind", { enum: REMINDER_KINDS }).notNull(),
    customerId: integer("customer_id").references(() => customers.id, { onDelete: "cascade" }),
    inquiryId: integer("inquiry_id").references(() => inquiries.id, { onDelete: "cascade" }),
    // Null owner: the reminder is for every manager.
    ownerId: integer("owner_id").references(() => users.id, { onDelete: "set null" }),
    dueAt: instant("due_at").notNull(),
    status: text("status", { enum: REMINDER_STATUSES }).notNull().default("open"),
    snoozedUntil: instant("snoozed_until"),
    reason: text("reason").notNull(),
    outcome: text("outcome"),
    // What makes a reminder unique within its kind: the last purchase day a repurchase reminder
    // belongs to, the as-of day of a tier change, the inquiry of an escalation.
    cycleKey: text("cycle_key").notNull(),
    priority: real("priority"),
    closedAt: instant("closed_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("reminders_cycle_uq").on(t.kind, t.customerId, t.inquiryId, t.cycleKey),
    index("reminders_owner_status_due_idx").on(t.ownerId, t.status, t.dueAt),
    index("reminders_status_due_idx").on(t.status, t.dueAt),
    index("reminders_customer_idx").on(t.customerId),
  ],
);

export const tierHistory = sqliteTable(
  "tier_history",
  {
    id: id(),
    customerId: integer("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    fromTier: text("from_tier", { enum: TIERS }),
    toTier: text("to_tier", { enum: TIERS }).notNull(),
    changedOn: text("changed_on").notNull(),
    reason: text("reason").notNull(),
    jobRunId: integer("job_run_id"),
    createdAt: createdAt(),
  },
  (t) => [
    index("tier_history_customer_idx").on(t.customerId, t.changedOn),
    // The report's moves in a period, counted from the index alone.
    index("tier_history_moves_idx").on(t.changedOn, t.fromTier, t.toTier),
  ],
);

/** The response figures a roll-up row sums for its group (SPEC §3), daily and monthly alike. */
const responseFigureColumns = () => ({
  received: integer("received").notNull().default(0),
  counted: integer("counted").notNull().default(0),
  inHoursCounted: integer("in_hours_counted").notNull().default(0),
  inHoursPending: integer("in_hours_pending").notNull().default(0),
  within30s: integer("within_30s").notNull().default(0),
  pending24h: integer("pending_24h").notNull().default(0),
  within24h: integer("within_24h").notNull().default(0),
  answered: integer("answered").notNull().default(0),
  frtSumMs: integer("frt_sum_ms").notNull().default(0),
  slaHit: integer("sla_hit").notNull().default(0),
  slaMissed: integer("sla_missed").notNull().default(0),
  // The group's calendar FRTs (counted, answered) in milliseconds, as a sorted run (db/frt-runs):
  // what exact medians and nearest ranks over any period need, without the inquiries.
  frtMsRun: blob("frt_ms_run", { mode: "buffer" }).notNull().default(sql`x''`),
});

export const responseDaily = sqliteTable(
  "response_daily",
  {
    id: id(),
    day: text("day").notNull(),
    // 0 stands for "unassigned" so that the natural key stays unique (NULLs never collide).
    assigneeId: integer("assignee_id").notNull().default(0),
    channelId: integer("channel_id")
      .notNull()
      .references(() => channels.id),
    ...responseFigureColumns(),
    // Readers use the current generation only (settings key "sla.generation"); a full rebuild
    // writes the next one beside it and switches at the end, so a crash never shows a mix.
    generation: integer("generation").notNull().default(0),
    computedAt: instant("computed_at").notNull(),
  },
  (t) => [uniqueIndex("response_daily_key_uq").on(t.generation, t.day, t.assigneeId, t.channelId)],
);

/**
 * The same figures per calendar month × assignee × channel, each the sum of its days' rows (the
 * FRT run is their runs merged): a report over months reads a few thousand rows instead of a row
 * per day. Rebuilt with its days, in the same transaction and generation.
 */
export const responseMonthly = sqliteTable(
  "response_monthly",
  {
    id: id(),
    generation: integer("generation").notNull().default(0),
    month: text("month").notNull(), // "YYYY-MM"
    assigneeId: integer("assignee_id").notNull().default(0),
    channelId: integer("channel_id")
      .notNull()
      .references(() => channels.id),
    ...responseFigureColumns(),
  },
  (t) => [uniqueIndex("response_monthly_key_uq").on(t.generation, t.month, t.assigneeId, t.channelId)],
);

/**
 * Inquiries whose SLA figures must be recomputed (new or changed facts), and the days whose
 * roll-ups must be rebuilt because an inquiry left them; filled by triggers on `inquiries` in the
 * writer's own transaction and emptied by the SLA job's pass, so that pass touches only what
 * changed, however many rows another process wrote and however long ago.
 */
export const slaQueue = sqliteTable("sla_queue", { inquiryId: integer("inquiry_id").primaryKey() });
export const slaQueueDays = sqliteTable("sla_queue_days", { day: text("day").primaryKey() });

/** Inquiries whose funnel facts must be recomputed; filled by triggers on quotes and orders. */
export const funnelQueue = sqliteTable("funnel_queue", { inquiryId: integer("inquiry_id").primaryKey() });

/**
 * Counted inquiries still waiting for their first response, per assignee (0 = unassigned), kept by
 * triggers on `inquiries` in the same transaction as every change: the navigation badge and the
 * inbox read one small row instead of counting a large table on each request.
 */
export const unansweredCounts = sqliteTable("unanswered_counts", {
  assigneeId: integer("assignee_id").primaryKey(),
  count: integer("count").notNull().default(0),
});

/**
 * How many orders there are of each status and their total in base currency, kept by triggers on
 * `orders` in the same transaction as every insert, update and delete: the order list's pager and
 * total read a few rows here instead of counting and summing the whole table on each request.
 */
export const orderStatusTotals = sqliteTable("order_status_totals", {
  status: text("status", { enum: ORDER_STATUSES }).primaryKey(),
  orders: integer("orders").notNull().default(0),
  baseMinor: minor("base_minor").notNull().default(0),
});

/**
 * The funnel's stage counts per day received (the team's day, `received_day`), channel and
 * assignee (0 = unassigned), of counted (non-spam) inquiries: kept by triggers on `inquiries` in
 * the same transaction as every change of a stage's fact, so a report over a year sums a few
 * thousand rows instead of counting a third of a million inquiries (SPEC §7, §13).
 */
export const funnelDaily = sqliteTable(
  "funnel_daily",
  {
    day: text("day").notNull(),
    channelId: integer("channel_id").notNull(),
    assigneeId: integer("assignee_id").notNull(),
    received: integer("received").notNull().default(0),
    responded: integer("responded").notNull().default(0),
    quoted: integer("quoted").notNull().default(0),
    won: integer("won").notNull().default(0),
    repeated: integer("repeated").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.day, t.channelId, t.assigneeId] })],
);

/**
 * The same stage counts per day and channel alone (7 rows a day where funnel_daily has ~130): the
 * funnel's totals and channel split, over a year or three, sum these. Kept by their own triggers on
 * `inquiries`, beside funnel_daily's (migration 0017).
 */
export const funnelDailyChannels = sqliteTable(
  "funnel_daily_channels",
  {
    day: text("day").notNull(),
    channelId: integer("channel_id").notNull(),
    received: integer("received").notNull().default(0),
    responded: integer("responded").notNull().default(0),
    quoted: integer("quoted").notNull().default(0),
    won: integer("won").notNull().default(0),
    repeated: integer("repeated").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.day, t.channelId] })],
);

/**
 * The full-text search indexes (migration 0007) and what each indexes of its table: every value
 * ends in two spaces so that its last character starts a trigram too. Triggers keep them right for
 * every single write; a bulk write (an import chunk) sets `searchIndexing.deferred` inside its
 * transaction, which makes the insert triggers stand aside, and indexes the rows it inserted with
 * one statement at the end: SQLite asks FTS5 to flush its pending terms before every statement of
 * a transaction once an index is written, so row-by-row indexing costs more the larger the index.
 */
export const SEARCH_INDEXES = {
  inquiries: { index: "inquiries_search", columns: ["subject"] },
  customers: { index: "customers_search", columns: ["name", "external_id"] },
  contacts: { index: "contacts_search", columns: ["name", "email"] },
  orders: { index: "orders_search", columns: ["number", "external_id"] },
} as const;

/** One row: whether the search insert triggers stand aside (only ever 1 inside a bulk write's transaction). */
export const searchIndexing = sqliteTable(
  "search_indexing",
  {
    id: integer("id").primaryKey(),
    deferred: flag("deferred").notNull().default(false),
  },
  () => [check("search_indexing_one_row", sql`id = 1`)],
);

export const jobRuns = sqliteTable(
  "job_runs",
  {
    id: id(),
    job: text("job", { enum: JOB_NAMES }).notNull(),
    asOf: text("as_of").notNull(),
    trigger: text("trigger").notNull().default("schedule"),
    startedAt: instant("started_at").notNull(),
    finishedAt: instant("finished_at"),
    status: text("status", { enum: JOB_RUN_STATUSES }).notNull(),
    progress: real("progress").notNull().default(0),
    figures: text("figures", { mode: "json" }).$type<Record<string, unknown>>(),
    error: text("error"),
    holder: text("holder"),
  },
  (t) => [index("job_runs_job_started_idx").on(t.job, t.startedAt), index("job_runs_status_idx").on(t.status)],
);

// One row per job while it runs: the lease keeps a second process from running it at once.
export const jobLeases = sqliteTable("job_leases", {
  job: text("job", { enum: JOB_NAMES }).primaryKey(),
  holder: text("holder").notNull(),
  runId: integer("run_id"),
  expiresAt: instant("expires_at").notNull(),
});

// A job's complete new results, staged in short transactions before they are applied, so that the
// job never holds the write lock for long (jobs/staged-write.ts). One row per chunk of writes.
export const jobStages = sqliteTable(
  "job_stages",
  {
    job: text("job", { enum: JOB_NAMES }).notNull(),
    seq: integer("seq").notNull(),
    payload: text("payload").notNull(),
  },
  (t) => [uniqueIndex("job_stages_job_seq_uq").on(t.job, t.seq)],
);

// A job whose staged results are complete and being applied: chunks up to applied_through are in
// place. Whoever finds a row here finishes applying it before anything else writes that job's results.
export const jobStageReady = sqliteTable("job_stage_ready", {
  job: text("job", { enum: JOB_NAMES }).primaryKey(),
  chunks: integer("chunks").notNull(),
  appliedThrough: integer("applied_through").notNull().default(0),
  readyAt: instant("ready_at").notNull(),
});

export const settings = sqliteTable("settings", {
  key: text("key").primaryKey(),
  value: text("value", { mode: "json" }).notNull(),
  updatedAt: updatedAt(),
  updatedById: integer("updated_by_id").references(() => users.id, { onDelete: "set null" }),
});

export const channelSpend = sqliteTable(
  "channel_spend",
  {
    id: id(),
    month: text("month").notNull(),
    channelId: integer("channel_id")
      .notNull()
      .references(() => channels.id),
    amountMinor: minor("amount_minor").notNull(),
    currency: text("currency").notNull(),
    fxRate: text("fx_rate").notNull().default("1"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("channel_spend_month_channel_uq").on(t.month, t.channelId)],
);

export const apiKeys = sqliteTable(
  "api_keys",
  {
    id: id(),
    name: text("name").notNull(),
    // The first characters of the key, shown so people can tell keys apart; the key itself is
    // kept only as a SHA-256 hash.
    prefix: text("prefix").notNull(),
    keyHash: text("key_hash").notNull(),
    createdById: integer("created_by_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    lastUsedAt: instant("last_used_at"),
    revokedAt: instant("revoked_at"),
  },
  (t) => [uniqueIndex("api_keys_hash_uq").on(t.keyHash)],
);

export const auditLog = sqliteTable(
  "audit_log",
  {
    id: id(),
    entity: text("entity").notNull(),
    entityId: text("entity_id").notNull(),
    action: text("action", { enum: ["create", "update", "delete"] }).notNull(),
    userId: integer("user_id").references(() => users.id, { onDelete: "set null" }),
    at: instant("at").notNull(),
    before: text("before", { mode: "json" }).$type<Record<string, unknown> | null>(),
    after: text("after", { mode: "json" }).$type<Record<string, unknown> | null>(),
  },
  (t) => [index("audit_log_entity_idx").on(t.entity, t.entityId, t.at), index("audit_log_at_idx").on(t.at)],
);
