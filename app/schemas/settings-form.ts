import { z } from "zod";
import { DEFAULT_CALENDAR, isCalendarDay, validateCalendar, type OpeningWindow } from "~/domain/calendar";
import { checkbox, formNumber, optionalBody, optionalText } from "./form";
import { currencySchema, timeZoneSchema, type Settings } from "./settings";

/** "09:00-12:00, 13:30-18:00" ⇄ opening windows; an empty text is a closed day. */
function windowsToText(windows: OpeningWindow[]): string {
  return windows.map((window) => `${window.start}-${window.end}`).join(", ");
}

const windowsText = z
  .string()
  .optional()
  .transform((text, ctx) => {
    const parts = (text ?? "")
      .split(/[,;\n]/)
      .map((part) => part.trim())
      .filter(Boolean);
    const windows: OpeningWindow[] = [];
    for (const part of parts) {
      const match = /^(\d{1,2}:\d{2})\s*[-–~至]\s*(\d{1,2}:\d{2})$/.exec(part);
      if (!match) {
        ctx.addIssue({ code: "custom", message: "errors.windows" });
        return z.NEVER;
      }
      const pad = (clock: string) => clock.padStart(5, "0");
      windows.push({ start: pad(match[1]!), end: pad(match[2]!) });
    }
    // The calendar rules decide what a valid day is (times, order, overlaps); ask them.
    const probe = { ...DEFAULT_CALENDAR, weekdays: [windows, [], [], [], [], [], []] };
    if (validateCalendar(probe).length > 0) {
      ctx.addIssue({ code: "custom", message: "errors.windows" });
      return z.NEVER;
    }
    return windows;
  });

function datesToText(days: string[]): string {
  return days.join("\n");
}

const datesText = z
  .string()
  .optional()
  .transform((text, ctx) => {
    const days = [...new Set((text ?? "").split(/[\s,;]+/).filter(Boolean))].sort();
    const probe = { ...DEFAULT_CALENDAR, holidays: days };
    if (days.some((day) => !isCalendarDay(day)) || validateCalendar(probe).length > 0) {
      ctx.addIssue({ code: "custom", message: "errors.dates" });
      return z.NEVER;
    }
    return days;
  });

/** The settings page's form: one flat set of named fields, read strictly into typed settings. */
export const settingsFormSchema = z
  .object({
    timeZone: timeZoneSchema,
    baseCurrency: currencySchema,
    weekday0: windowsText,
    weekday1: windowsText,
    weekday2: windowsText,
    weekday3: windowsText,
    weekday4: windowsText,
    weekday5: windowsText,
    weekday6: windowsText,
    holidays: datesText,
    makeUpDays: datesText,
    makeUpDayWindows: windowsText,
    thresholdSeconds: formNumber({ int: true, min: 1, max: 3600 }),
    businessSlaMinutes: formNumber({ int: true, min: 1, max: 10080 }),
    escalationMinutes: formNumber({ int: true, min: 1, max: 1440 }),
    autoReplyEnabled: checkbox(),
    autoReplyTextEn: optionalBody(2000),
    autoReplyTextZh: optionalBody(2000),
    roundRobin: checkbox(),
    intakeRatePerSecond: formNumber({ int: true, min: 1, max: 1000 }),
    intakeBurst: formNumber({ int: true, min: 1, max: 10000 }),
    newWindowDays: formNumber({ int: true, min: 1, max: 3650 }),
    dormantAfterDays: formNumber({ int: true, min: 1, max: 3650 }),
    highValueTopPercent: formNumber({ int: true, min: 1, max: 99 }),
    highValueMinOrders: formNumber({ int: true, min: 1, max: 1000 }),
    leadDays: formNumber({ int: true, min: 0, max: 365 }),
    monthlyDiscountRatePercent: formNumber({ min: 0, max: 50 }),
    companyName: optionalText(200),
    address: optionalBody(1000),
    phone: optionalText(100),
    sellerEmail: z
      .union([z.literal(""), z.email({ error: "errors.email" }).max(200)])
      .optional()
      .transform((v) => v ?? ""),
    website: optionalText(200),
    taxId: optionalText(100),
    bankDetails: optionalBody(1000),
    quoteTerms: optionalBody(2000),
  })
  .transform(
    (form): Settings => ({
      general: { timeZone: form.timeZone, baseCurrency: form.baseCurrency },
      calendar: {
        timeZone: form.timeZone,
        weekdays: [form.weekday0, form.weekday1, form.weekday2, form.weekday3, form.weekday4, form.weekday5, form.weekday6],
        holidays: form.holidays,
        makeUpDays: form.makeUpDays,
        makeUpDayWindows: form.makeUpDayWindows,
      },
      response: {
        thresholdSeconds: form.thresholdSeconds,
        businessSlaMinutes: form.businessSlaMinutes,
        escalationMinutes: form.escalationMinutes,
        autoReplyEnabled: form.autoReplyEnabled,
        autoReplyText: { en: form.autoReplyTextEn, "zh-CN": form.autoReplyTextZh },
        roundRobin: form.roundRobin,
        intakeRatePerSecond: form.intakeRatePerSecond,
        intakeBurst: form.intakeBurst,
      },
      tiers: {
        newWindowDays: form.newWindowDays,
        dormantAfterDays: form.dormantAfterDays,
        highValueTopPercent: form.highValueTopPercent,
        highValueMinOrders: form.highValueMinOrders,
      },
      reminders: { leadDays: form.leadDays },
      // Percent on the page, a fraction in the model: 1 % → 0.01, rounded to remove float noise.
      clv: { monthlyDiscountRate: Math.round(form.monthlyDiscountRatePercent * 1e6) / 1e8 },
      seller: {
        companyName: form.companyName,
        address: form.address,
        phone: form.phone,
        email: form.sellerEmail,
        website: form.website,
        taxId: form.taxId,
        bankDetails: form.bankDetails,
        quoteTerms: form.quoteTerms,
      },
    }),
  );

/** Settings as the strings the form shows. */
export function settingsToFormValues(settings: Settings): Record<string, string> {
  const values: Record<string, string> = {
    timeZone: settings.general.timeZone,
    baseCurrency: settings.general.baseCurrency,
    holidays: datesToText(settings.calendar.holidays),
    makeUpDays: datesToText(settings.calendar.makeUpDays),
    makeUpDayWindows: windowsToText(settings.calendar.makeUpDayWindows),
    thresholdSeconds: String(settings.response.thresholdSeconds),
    businessSlaMinutes: String(settings.response.businessSlaMinutes),
    escalationMinutes: String(settings.response.escalationMinutes),
    autoReplyEnabled: settings.response.autoReplyEnabled ? "on" : "",
    autoReplyTextEn: settings.response.autoReplyText.en,
    autoReplyTextZh: settings.response.autoReplyText["zh-CN"],
    roundRobin: settings.response.roundRobin ? "on" : "",
    intakeRatePerSecond: String(settings.response.intakeRatePerSecond),
    intakeBurst: String(settings.response.intakeBurst),
    newWindowDays: String(settings.tiers.newWindowDays),
    dormantAfterDays: String(settings.tiers.dormantAfterDays),
    highValueTopPercent: String(settings.tiers.highValueTopPercent),
    highValueMinOrders: String(settings.tiers.highValueMinOrders),
    leadDays: String(settings.reminders.leadDays),
    monthlyDiscountRatePercent: String(Math.round(settings.clv.monthlyDiscountRate * 1e8) / 1e6),
    companyName: settings.seller.companyName,
    address: settings.seller.address,
    phone: settings.seller.phone,
    sellerEmail: settings.seller.email,
    website: settings.seller.website,
    taxId: settings.seller.taxId,
    bankDetails: settings.seller.bankDetails,
    quoteTerms: settings.seller.quoteTerms,
  };
  settings.calendar.weekdays.forEach((windows, day) => {
    values[`weekday${day}`] = windowsToText(windows);
  });
  return values;
}
