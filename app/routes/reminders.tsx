import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { forbidden, requireUser } from "~/auth/session.server";
import { EmptyState } from "~/components/empty-state";
import { SelectField } from "~/components/forms";
import { Pagination } from "~/components/pagination";
import { ReminderList, type ReminderActionData } from "~/components/reminder-actions";
import { addDays, localDay, startOfLocalDay } from "~/domain/calendar";
import { daysBefore } from "~/domain/tiers";
import {
  completeReminder,
  dismissReminder,
  findReminder,
  listReminders,
  mayActOnReminder,
  snoozeReminder,
} from "~/models/reminder.server";
import { getSettings } from "~/models/settings.server";
import { parseForm, requiredText, submittedValues } from "~/schemas/form";
import { pageTitle } from "~/utils/meta";
import { pageFromUrl } from "~/utils/pagination";
import { useFormat } from "~/utils/use-format";
import { db } from "~db/client.server";
import { REMINDER_KINDS, REMINDER_STATUSES } from "~db/enums";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "reminders.title");

const filterSchema = z.object({
  kind: z.enum(REMINDER_KINDS).optional().catch(undefined),
  status: z.enum(REMINDER_STATUSES).optional().catch(undefined),
});

/** Every role may open the page; each sees only the reminders it may act on (see the model). */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const filter = filterSchema.parse(Object.fromEntries(url.searchParams));
  const database = db();
  const { timeZone } = getSettings(database).general;
  const now = new Date();
  const today = localDay(now, timeZone);
  const page = listReminders(database, user, { ...filter, page: pageFromUrl(url) }, now);
  return {
    ...page,
    rows: page.rows.map((row) => ({ ...row, daysOverdue: daysBefore(today, localDay(row.dueAt, timeZone)) })),
    filter: { kind: filter.kind ?? null, status: filter.status ?? null },
    tomorrow: addDays(today, 1),
    manager: user.role === "manager" || user.role === "admin",
  };
}

const targetSchema = z.object({
  intent: z.enum(["done", "snooze", "dismiss"]),
  id: z.coerce.number().int().positive(),
});

const isDay = (value: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  try {
    addDays(value, 0);
    return true;
  } catch {
    return false;
  }
};

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
          else if (!isDay(day)) ctx.addIssue({ code: "custom", message: "errors.invalid" });
          // "YYYY-MM-DD" strings compare as the days they name.
          else if (day <= today) ctx.addIssue({ code: "custom", message: "reminders.errors.snoozeAfterToday" });
        }),
    }),
    z.object({ intent: z.literal("dismiss") }),
  ]);
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await request.formData();
  const target = targetSchema.safeParse({ intent: formData.get("intent"), id: formData.get("id") });
  if (!target.success) throw new Response("Unknown action", { status: 400 });
  const { intent, id } = target.data;
  const database = db();
  const reminder = findReminder(database, id);
  if (!reminder) throw new Response("Not found", { status: 404 });
  // Checked before the fields, so nobody learns anything about someone else's reminder.
  if (!mayActOnReminder(user, reminder)) forbidden();

  const { timeZone } = getSettings(database).general;
  const now = new Date();
  const parsed = parseForm(reminderActionSchema(localDay(now, timeZone)), formData);
  if (!parsed.ok) {
    return Response.json({ id, intent, errors: parsed.errors, values: parsed.values } satisfies ReminderActionData, { status: 400 });
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

export default function Reminders() {
  const { t } = useTranslation();
  const format = useFormat();
  const data = useLoaderData<typeof loader>();
  // Only without JavaScript does a form land here; with it, each reminder's form keeps its own state.
  const actionData = useActionData<ReminderActionData>();
  const filtered = data.filter.kind !== null || data.filter.status !== null;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{t("reminders.title")}</h1>
        <p className="mt-1 text-sm text-slate-600">{data.manager ? t("reminders.managersIntro") : t("reminders.intro")}</p>
      </div>
      {actionData?.ok ? (
        <p role="status" className="rounded-md bg-green-50 p-3 text-sm text-green-800">
          {actionData.intent === "done"
            ? t("reminders.doneDone")
            : actionData.intent === "dismiss"
              ? t("reminders.dismissedDone")
              : t("reminders.snoozedDone", { date: format.day(actionData.until) })}
        </p>
      ) : null}
      <Form method="get" aria-label={t("reminders.filters")} className="card flex flex-wrap items-end gap-4">
        <SelectField
          label={t("reminders.kind")}
          name="kind"
          defaultValue={data.filter.kind ?? ""}
          options={[
            { value: "", label: t("reminders.anyKind") },
            ...REMINDER_KINDS.map((kind) => ({ value: kind, label: t(`reminders.kinds.${kind}`) })),
          ]}
        />
        <SelectField
          label={t("reminders.status")}
          name="status"
          defaultValue={data.filter.status ?? ""}
          options={[
            { value: "", label: t("reminders.active") },
            ...REMINDER_STATUSES.map((status) => ({ value: status, label: t(`reminders.statuses.${status}`) })),
          ]}
        />
        <button type="submit" className="btn-primary">
          {t("reminders.apply")}
        </button>
        {filtered ? (
          <Link to="/reminders" className="btn-secondary">
            {t("reminders.clear")}
          </Link>
        ) : null}
      </Form>
      {data.rows.length === 0 ? (
        <EmptyState>{filtered ? t("reminders.emptyFiltered") : t("reminders.empty")}</EmptyState>
      ) : (
        <>
          <ReminderList reminders={data.rows} tomorrow={data.tomorrow} showOwner={data.manager} />
          <Pagination page={data.page} pages={data.pages} total={data.total} pageSize={data.pageSize} />
        </>
      )}
    </div>
  );
}
