import { z } from "zod";
import { REMINDER_KINDS, REMINDER_STATUSES } from "~db/enums";

/** The reminders page's filters; a value from an old link or a typo shows everything instead of failing. */
export const reminderFilterSchema = z.object({
  kind: z.enum(REMINDER_KINDS).optional().catch(undefined),
  status: z.enum(REMINDER_STATUSES).optional().catch(undefined),
});
