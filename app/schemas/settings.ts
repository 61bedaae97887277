import { z } from "zod";
import { DEFAULT_CALENDAR, type BusinessCalendar } from "~/domain/calendar";

const isTimeZone = (value: string) => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
};
const currencies = new Set(Intl.supportedValuesOf("currency"));

export const timeZoneSchema = z.string().trim().refine(isTimeZone, "errors.timeZone");
export const currencySchema = z
  .string()
  .trim()
  .toUpperCase()
  .refine((value) => currencies.has(value), "errors.currency");

/**
 * A form's values to show again after a failed submission, without a currency that is not one:
 * the form formats every price in its currency, and a code such as "DOLLARS" cannot be formatted.
 * The field then shows the default again beside its error.
 */
export function withKnownCurrency(values: Record<string, string>): Record<string, string> {
  if (values.currency === undefined) return values;
  const parsed = currencySchema.safeParse(values.currency);
  if (parsed.success) return { ...values, currency: parsed.data };
  const { currency: _unknown, ...rest } = values;
  return rest;
}

const windowSchema = z.object({ start: z.string(), end: z.string() });
// The calendar is stored without its time zone: the team has one time zone, kept in `general`.
const storedCalendarSchema = z.object({
  weekdays: z.array(z.array(windowSchema)).length(7),
  holidays: z.array(z.string()),
  makeUpDays: z.array(z.string()),
  makeUpDayWindows: z.array(windowSchema),
});

const generalSchema = z.object({
  timeZone: timeZoneSchema,
  baseCurrency: currencySchema,
});

const responseSchema = z.object({
  thresholdSeconds: z.number().int().min(1).max(3600),
  businessSlaMinutes: z
    .number()
    .int()
    .min(1)
    .max(60 * 24 * 7),
  escalationMinutes: z
    .number()
    .int()
    .min(1)
    .max(60 * 24),
  autoReplyEnabled: z.boolean(),
  autoReplyText: z.object({ en: z.string().max(2000), "zh-CN": z.string().max(2000) }),
  roundRobin: z.boolean(),
  intakeRatePerSecond: z.number().int().min(1).max(1000),
  intakeBurst: z.number().int().min(1).max(10000),
});

const tiersSchema = z.object({
  newWindowDays: z.number().int().min(1).max(3650),
  dormantAfterDays: z.number().int().min(1).max(3650),
  highValueTopPercent: z.number().int().min(1).max(99),
  highValueMinOrders: z.number().int().min(1).max(1000),
});

const remindersSchema = z.object({
  leadDays: z.number().int().min(0).max(365),
});

const clvSchema = z.object({
  monthlyDiscountRate: z.number().min(0).max(0.5),
});

const sellerSchema = z.object({
  companyName: z.string().max(200),
  address: z.string().max(1000),
  phone: z.string().max(100),
  email: z.string().max(200),
  website: z.string().max(200),
  taxId: z.string().max(100),
  bankDetails: z.string().max(1000),
  quoteTerms: z.string().max(2000),
});

/** Every section of the settings, each stored as one row and read with its defaults. */
export const settingsSchemas = {
  general: generalSchema,
  calendar: storedCalendarSchema,
  response: responseSchema,
  tiers: tiersSchema,
  reminders: remindersSchema,
  clv: clvSchema,
  seller: sellerSchema,
};

export type Settings = {
  general: z.infer<typeof generalSchema>;
  calendar: BusinessCalendar;
  response: z.infer<typeof responseSchema>;
  tiers: z.infer<typeof tiersSchema>;
  reminders: z.infer<typeof remindersSchema>;
  clv: z.infer<typeof clvSchema>;
  seller: z.infer<typeof sellerSchema>;
};
export type SettingsSection = keyof Settings;
export const SETTINGS_SECTIONS = Object.keys(settingsSchemas) as SettingsSection[];

export const DEFAULT_SETTINGS: Settings = {
  general: { timeZone: "Asia/Shanghai", baseCurrency: "USD" },
  calendar: DEFAULT_CALENDAR,
  response: {
    thresholdSeconds: 30,
    businessSlaMinutes: 60,
    escalationMinutes: 5,
    autoReplyEnabled: true,
    autoReplyText: {
      en: "Thank you for your inquiry. Our team is out of the office right now and will answer you first thing in the next business hours.",
      "zh-CN": "感谢您的询盘。我们目前不在办公时间，将在下一个工作时段第一时间回复您。",
    },
    roundRobin: true,
    intakeRatePerSecond: 20,
    intakeBurst: 50,
  },
  tiers: { newWindowDays: 90, dormantAfterDays: 180, highValueTopPercent: 20, highValueMinOrders: 2 },
  reminders: { leadDays: 7 },
  clv: { monthlyDiscountRate: 0.01 },
  seller: {
    companyName: "",
    address: "",
    phone: "",
    email: "",
    website: "",
    taxId: "",
    bankDetails: "",
    quoteTerms: "",
  },
};
