import { z } from "zod";
import { invariantResponse } from "@epic-web/invariant";
import { forbidden, requireUser } from "~/auth/session.server";
import type { ReminderActionData } from "~/components/reminder-actions";
import { localDay, startOfLocalDay } from "~/domain/calendar";
import { completeReminder, dismissReminder, findReminder, mayActOnReminder, snoozeReminder } from "~/models/reminder.server";
import { getSettings } from "~/models/settings.server";
import { isFilterDay } from "~/schemas/date-filter";
import { parseForm, requiredText, submittedValues } from "~/schemas/form";
import { db } from "~db/client.server";

/**
 * The reminder actions (done, snooze, dismiss), shared by every page that lists reminders. Each
 * page posts to its own route, so that without JavaScript the page the person was on renders
 * again with the result, keyed by reminder id and intent, next to the form that sent it.
 */
const targetSchema = z.object({
  intent: z.enum(["done", "snooze", "dismiss"]),
  id: z.coerce.number().int().positive(),
});

/** One schema per intent; `today` is the team's day, so a snooze always lands on a later day. */
function reminderActionSchema(today: string) {
  return z.discriminatedUnion("intent", [
    z.object({ intent: z.literal("done"), outcome: requiredText(500) }),
    z.object({
      intent: z.literal("snooze"),
      until: z
        .string()
        .trim()
        .superRefine((day, ctx) => {
          if (day === "") ctx.addIssue({ code: "custom", message: "errors.required" });
          else if (!isFilterDay(day)) ctx.addIssue({ code: "custom", message: "errors.invalid" });
          // "YYYY-MM-DD" strings compare as the days they name.
          else if (day <= today) ctx.addIssue({ code: "custom", message: "reminders.errors.snoozeAfterToday" });
        }),
    }),
    z.object({ intent: z.literal("dismiss") }),
  ]);
}

export async function reminderAction(request: Request): Promise<Response> {
  const user = await requireUser(request);
  const formData = await request.formData();
  const target = targetSchema.safeParse({ intent: formData.get("intent"), id: formData.get("id") });
  if (!target.success) throw new Response("Unknown action", { status: 400 });
  const { intent, id } = target.data;
  const database = db();
  const reminder = findReminder(database, id);
  invariantResponse(reminder, "Not found", { status: 404 });
  // Checked before the fields, so nobody learns anything about someone else's reminder.
  if (!mayActOnReminder(user, reminder)) forbidden();

  const { timeZone } = getSettings(database).general;
  const now = new Date();
  const parsed = parseForm(reminderActionSchema(localDay(now, timeZone)), formData);
  if (!parsed.ok) {
    return Response.json({ id, intent, errors: parsed.errors, values: parsed.values } satisfies ReminderActionData, {
      status: 400,
    });
  }
  const input = parsed.data;
  let changed: boolean;
  let until: string | undefined;
  switch (input.intent) {
    case "done":
      changed = completeReminder(database, id, input.outcome, now);
      break;
    case "snooze":
      until = input.until;
      changed = snoozeReminder(database, id, startOfLocalDay(input.until, timeZone), now);
      break;
    case "dismiss":
      changed = dismissReminder(database, id, now);
      break;
  }
  if (!changed) {
    const data: ReminderActionData = {
      id,
      intent,
      errors: { "": ["reminders.errors.alreadyClosed"] },
      values: submittedValues(formData),
    };
    return Response.json(data, { status: 409 });
  }
  return Response.json({ ok: true, id, intent, until } satisfies ReminderActionData);
}
