import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "~/auth/session.server";
import { EmptyState } from "~/components/empty-state";
import { db } from "~db/client.server";
import { countCustomersOwnedBy, customersOwnedBy, openRemindersFor } from "~/models/customer.server";
import { useFormat } from "~/utils/use-format";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "myDay.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "ownCustomers");
  const database = db();
  return {
    reminders: openRemindersFor(database, user.id),
    customers: customersOwnedBy(database, user.id),
    customerCount: countCustomersOwnedBy(database, user.id),
  };
}

export default function MyDay() {
  const { t } = useTranslation();
  const format = useFormat();
  const data = useLoaderData<typeof loader>();
  return (
    <div className="space-y-8">
      <h1 className="text-2xl font-semibold">{t("myDay.title")}</h1>
      <section aria-labelledby="reminders-title">
        <h2 id="reminders-title" className="text-lg font-semibold">
          {t("myDay.reminders")}
        </h2>
        {data.reminders.length === 0 ? (
          <EmptyState>{t("myDay.noReminders")}</EmptyState>
        ) : (
          <ul className="card mt-3 divide-y divide-slate-100 p-0">
            {data.reminders.map((reminder) => (
              <li key={reminder.id} className="flex flex-wrap justify-between gap-2 px-4 py-3 text-sm">
                <span className="font-medium">{reminder.customer}</span>
                <span className="text-slate-600">{reminder.reason}</span>
                <span>
                  {t("myDay.due")}: {format.date(reminder.dueAt)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="customers-title">
        <h2 id="customers-title" className="text-lg font-semibold">
          {t("myDay.myCustomers")} ({format.number(data.customerCount)})
        </h2>
        {data.customers.length === 0 ? (
          <EmptyState>{t("myDay.noCustomers")}</EmptyState>
        ) : (
          <div className="card mt-3 overflow-x-auto p-0">
            <table className="data-table">
              <thead className="bg-slate-50">
                <tr>
                  <th scope="col">{t("myDay.customer")}</th>
                  <th scope="col">{t("myDay.country")}</th>
                  <th scope="col">{t("myDay.tier")}</th>
                  <th scope="col">{t("myDay.lastOrder")}</th>
                  <th scope="col">{t("myDay.orders")}</th>
                  <th scope="col">{t("myDay.revenue12m")}</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {data.customers.map((customer) => (
                  <tr key={customer.id}>
                    <td>{customer.name}</td>
                    <td>{customer.country}</td>
                    <td>{customer.tier ? t(`tiers.${customer.tier}`) : t("common.none")}</td>
                    <td>{format.date(customer.lastOrderAt)}</td>
                    <td>{format.number(customer.ordersCount)}</td>
                    <td>{format.money(customer.revenue12mMinor)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
