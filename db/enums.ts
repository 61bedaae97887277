/** The closed vocabularies of the data model, free of any database code so pages can use them. */
export const ROLES = ["admin", "manager", "sales", "service"] as const;
export type Role = (typeof ROLES)[number];
export const LOCALES = ["en", "zh-CN"] as const;
export type Locale = (typeof LOCALES)[number];
export const INQUIRY_STATUSES = ["new", "responded", "quoted", "won", "lost", "spam"] as const;
export type InquiryStatus = (typeof INQUIRY_STATUSES)[number];
export const MESSAGE_DIRECTIONS = ["in", "out", "note"] as const;
export type MessageDirection = (typeof MESSAGE_DIRECTIONS)[number];
export const QUOTE_STATUSES = ["draft", "sent", "accepted", "rejected", "expired"] as const;
export type QuoteStatus = (typeof QUOTE_STATUSES)[number];
export const ORDER_STATUSES = ["confirmed", "deposit_paid", "in_production", "shipped", "completed", "cancelled"] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export const TIERS = ["high_value", "growing", "dormant", "new"] as const;
export type Tier = (typeof TIERS)[number];
/** The order a rep's customers are listed in: the most valuable first, no tier ("none") last. */
export const OWNED_TIER_ORDER = ["high_value", "growing", "new", "dormant", "none"] as const;
export type OwnedTierGroup = (typeof OWNED_TIER_ORDER)[number];
export const REMINDER_KINDS = ["repurchase", "tier_change", "sla_escalation"] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];
export const REMINDER_STATUSES = ["open", "snoozed", "done", "dismissed"] as const;
export type ReminderStatus = (typeof REMINDER_STATUSES)[number];
export const SLA_STATUSES = ["pending", "hit", "missed"] as const;
export type SlaStatus = (typeof SLA_STATUSES)[number];
export const JOB_NAMES = ["sla", "tiers", "reminders", "clv"] as const;
export type JobName = (typeof JOB_NAMES)[number];
// "queued": asked for on the jobs page, waiting for the jobs process to pick it up.
export const JOB_RUN_STATUSES = ["queued", "running", "succeeded", "failed"] as const;
export type JobRunStatus = (typeof JOB_RUN_STATUSES)[number];
