import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/utils/use-translation";
import { requirePermission } from "~/auth/session.server";
import { EmptyState } from "~/components/empty-state";
import { ReminderActionNotice, ReminderList } from "~/components/reminder-actions";
import { addDays, daysBefore, localDay } from "~/domain/calendar";
import { db } from "~db/client.server";
import { customersOwnedBy, openRemindersFor } from "~/models/customer.server";
import { OWNED_TIER_ORDER } from "~db/enums";
import { countActiveReminders } from "~/models/reminder.server";
import { getSettings } from "~/models/settings.server";
import { useFormat } from "~/utils/use-format";
import { pageTitle } from "~/utils/meta";
import { pageFromUrl } from "~/utils/pagination";
import { Pagination } from "~/components/pagination";
import { reminderAction } from "~/utils/reminder-action.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "myDay.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "ownCustomers");
  const database = db();
  const { timeZone } = getSettings(database).general;
  const now = new Date();
  const today = localDay(now, timeZone);
  return {
    // Highest priority first, then most overdue; the actions post to the reminders route.
    reminders: openRemindersFor(database, user.id, 50, now).map((reminder) => ({
      ...reminder,
      daysOverdue: daysBefore(today, localDay(reminder.dueAt, timeZone)),
    })),
    reminderCount: countActiveReminders(database, user),
    tomorrow: addDays(today, 1),
    customers: customersOwnedBy(database, user.id, pageFromUrl(new URL(request.url))),
  };
}

/** The reminders' done, snooze and dismiss, posted here so that without JavaScript this page comes back. */
export const action = ({ request }: ActionFunctionArgs) => reminderAction(request);

export default function MyDay() {
  const { t } = useTranslation();
  const format = useFormat();
  const data = useLoaderData<typeof loader>();
  return (
    <div className="space-y-8">
      <h1 className="text-2xl font-semibold">{t("myDay.title")}</h1>
      <ReminderActionNotice listed={data.reminders.map((reminder) => reminder.id)} />
      <section aria-labelledby="reminders-title">
        <h2 id="reminders-title" className="text-lg font-semibold">
          {t("myDay.reminders")}
        </h2>
        {data.reminders.length === 0 ? (
          <EmptyState>{t("myDay.noReminders")}</EmptyState>
        ) : (
          <>
            <ReminderList reminders={data.reminders} tomorrow={data.tomorrow} />
            {data.reminderCount > data.reminders.length ? (
              <p className="mt-2 text-sm">
                <Link to="/reminders" className="text-brand-700 underline">
                  {t("reminders.seeAll", { total: format.number(data.reminderCount) })}
                </Link>
              </p>
            ) : null}
          </>
        )}
      </section>
      <section aria-labelledby="customers-title">
        <h2 id="customers-title" className="text-lg font-semibold">
          {t("myDay.myCustomers")} ({format.number(data.customers.total)})
        </h2>
        {data.customers.total === 0 ? (
          <EmptyState>{t("myDay.noCustomers")}</EmptyState>
        ) : (
          OWNED_TIER_ORDER.map((tier) => {
            // The page's customers of this tier; the heading counts all the rep's customers of it.
            const group = data.customers.rows.filter((customer) => (customer.tier ?? "none") === tier);
            if (group.length === 0) return null;
            return (
              <div key={tier} className="mt-4" data-tier-group={tier}>
                <h3 className="text-sm font-semibold text-slate-700">
                  {tier === "none" ? t("customers.noTier") : t(`tiers.${tier}`)} ({format.number(data.customers.byTier[tier])})
                </h3>
                <div className="card mt-2 overflow-x-auto p-0">
                  <table className="data-table">
                    <thead className="bg-slate-50">
                      <tr>
                        <th scope="col">{t("myDay.customer")}</th>
                        <th scope="col">{t("myDay.country")}</th>
                        <th scope="col">{t("myDay.lastOrder")}</th>
                        <th scope="col">{t("myDay.expectedNext")}</th>
                        <th scope="col" className="text-right">
                          {t("myDay.orders")}
                        </th>
                        <th scope="col" className="text-right">
                          {t("myDay.revenue12m")}
                        </th>
                      </tr>
                    </thead>
                    <tbody className="divide-y divide-slate-100">
                      {group.map((customer) => (
                        <tr key={customer.id}>
                          <td>
                            <Link to={`/customers/${customer.id}`} className="text-brand-700 hover:underline">
                              {customer.name}
                            </Link>
                          </td>
                          <td>{customer.country}</td>
                          <td className="whitespace-nowrap">{format.date(customer.lastOrderAt)}</td>
                          <td className="whitespace-nowrap">{format.day(customer.expectedNextPurchaseOn) || t("common.none")}</td>
                          <td className="text-right tabular-nums">{format.number(customer.ordersCount)}</td>
                          <td className="text-right tabular-nums">{format.money(customer.revenue12mMinor)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </div>
            );
          })
        )}
        <Pagination
          page={data.customers.page}
          pages={data.customers.pages}
          total={data.customers.total}
          pageSize={data.customers.pageSize}
        />
      </section>
    </div>
  );
}
