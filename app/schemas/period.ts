import { z } from "zod";
import { addDays } from "~/domain/calendar";
import { optionalFilterDay } from "./date-filter";

export const PERIOD_PRESETS = ["today", "7d", "30d", "90d", "thisMonth", "lastMonth", "12m"] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

export type Period = { from: string; to: string; preset: PeriodPreset | null };

const MAX_DAYS = 3 * 366;

/** The days a preset covers, ending today (team time zone). */
export function presetPeriod(preset: PeriodPreset, today: string): Period {
  const monthStart = `${today.slice(0, 8)}01`;
  switch (preset) {
    case "today":
      return { from: today, to: today, preset };
    case "7d":
      return { from: addDays(today, -6), to: today, preset };
    case "30d":
      return { from: addDays(today, -29), to: today, preset };
    case "90d":
      return { from: addDays(today, -89), to: today, preset };
    case "12m":
      return { from: addDays(today, -364), to: today, preset };
    case "thisMonth":
      return { from: monthStart, to: today, preset };
    case "lastMonth": {
      const lastDay = addDays(monthStart, -1);
      return { from: `${lastDay.slice(0, 8)}01`, to: lastDay, preset };
    }
  }
}

const querySchema = z.object({
  preset: z.enum(PERIOD_PRESETS).optional().catch(undefined),
  from: optionalFilterDay(),
  to: optionalFilterDay(),
});

/**
 * The period a report shows, from the URL: explicit days win over a preset; anything unreadable,
 * reversed or longer than three years falls back to the default preset, so a report always answers.
 */
export function periodFromUrl(url: URL, today: string, fallback: PeriodPreset = "30d"): Period {
  const query = querySchema.parse(Object.fromEntries(url.searchParams));
  if (query.from && query.to && query.from <= query.to && query.to <= addDays(today, 366)) {
    const span = (Date.parse(`${query.to}T00:00:00Z`) - Date.parse(`${query.from}T00:00:00Z`)) / 86_400_000;
    if (span < MAX_DAYS) return { from: query.from, to: query.to, preset: null };
  }
  return presetPeriod(query.preset ?? fallback, today);
}
