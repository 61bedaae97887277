import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/utils/use-translation";
import { requireUser } from "~/auth/session.server";
import { EmptyState } from "~/components/empty-state";
import { SelectField } from "~/components/forms";
import { Pagination } from "~/components/pagination";
import { ReminderActionNotice, ReminderList } from "~/components/reminder-actions";
import { addDays, daysBefore, localDay } from "~/domain/calendar";
import { listReminders } from "~/models/reminder.server";
import { getSettings } from "~/models/settings.server";
import { pageTitle } from "~/utils/meta";
import { pageFromUrl } from "~/utils/pagination";
import { reminderFilterSchema } from "~/schemas/reminder-filter";
import { reminderAction } from "~/utils/reminder-action.server";
import { db } from "~db/client.server";
import { REMINDER_KINDS, REMINDER_STATUSES } from "~db/enums";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "reminders.title");

/** Every role may open the page; each sees only the reminders it may act on (see the model). */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const filter = reminderFilterSchema.parse(Object.fromEntries(url.searchParams));
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

/** Done, snooze and dismiss post here from this page (and /my-day posts to its own route). */
export const action = ({ request }: ActionFunctionArgs) => reminderAction(request);

export default function Reminders() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const filtered = data.filter.kind !== null || data.filter.status !== null;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{t("reminders.title")}</h1>
        <p className="mt-1 text-sm text-slate-600">{data.manager ? t("reminders.managersIntro") : t("reminders.intro")}</p>
      </div>
      <ReminderActionNotice listed={data.rows.map((row) => row.id)} />
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
