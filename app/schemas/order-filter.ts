import { z } from "zod";
import { ORDER_STATUSES } from "~db/enums";
import { addDays, startOfLocalDay } from "~/domain/calendar";
import { optionalFilterDay } from "./date-filter";

const schema = z.object({
  status: z.enum(ORDER_STATUSES).optional().catch(undefined),
  q: z.string().trim().max(100).optional().catch(undefined),
  from: optionalFilterDay(),
  to: optionalFilterDay(),
  customerId: z.coerce.number().int().positive().optional().catch(undefined),
  page: z.coerce.number().int().min(1).catch(1),
});

/** The order list's filters from the URL; dates are whole days in the team's time zone. */
export function orderFilterFromUrl(url: URL, timeZone: string) {
  const raw = schema.parse(Object.fromEntries(url.searchParams));
  return {
    status: raw.status,
    q: raw.q,
    customerId: raw.customerId,
    from: raw.from ? startOfLocalDay(raw.from, timeZone) : undefined,
    to: raw.to ? startOfLocalDay(addDays(raw.to, 1), timeZone) : undefined,
    page: raw.page,
  };
}
