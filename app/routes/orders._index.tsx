import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "~/utils/use-translation";
import { requirePermission } from "~/auth/session.server";
import { IgnoredFilters } from "~/components/ignored-filters";
import { DATE_FILTER_CHECKS, ignoredFilters } from "~/schemas/date-filter";
import { EmptyState } from "~/components/empty-state";
import { Pagination } from "~/components/pagination";
import { db } from "~db/client.server";
import { ORDER_STATUSES } from "~db/enums";
import { can } from "~/domain/permissions";
import { listOrders } from "~/models/order.server";
import { getSettings } from "~/models/settings.server";
import { orderFilterFromUrl } from "~/schemas/order-filter";
import { pageTitle } from "~/utils/meta";
import { useFormat } from "~/utils/use-format";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "nav.orders");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "viewSalesRecords");
  const database = db();
  const url = new URL(request.url);
  const filter = orderFilterFromUrl(url, getSettings(database).general.timeZone);
  return {
    page: listOrders(database, filter),
    canExport: can(user.role, "importData"),
    // Days that are not valid are left out of the filter; the page says so.
    ignoredFilters: ignoredFilters(url, DATE_FILTER_CHECKS),
  };
}

export default function Orders() {
  const { t } = useTranslation();
  const format = useFormat();
  const { page, canExport, ignoredFilters: ignored } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const location = useLocation();
  const exportParams = new URLSearchParams(location.search);
  exportParams.delete("page");
  const value = (name: string) => searchParams.get(name) ?? "";
  return (
    <section className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">{t("nav.orders")}</h1>
        {canExport ? (
          <div className="flex gap-2">
            <a href={`/orders/export?${exportParams.toString()}`} className="btn-secondary" download>
              {t("customers.exportCsv")}
            </a>
            <Link to="/import" className="btn-secondary">
              {t("customers.import")}
            </Link>
          </div>
        ) : null}
      </div>
      <IgnoredFilters names={ignored} />
      <Form method="get" className="card grid grid-cols-2 gap-3 md:grid-cols-5" role="search">
        <div className="col-span-2">
          <label htmlFor="orders-q" className="field-label">
            {t("customers.search")}
          </label>
          <input id="orders-q" name="q" type="search" defaultValue={value("q")} className="field-input" />
        </div>
        <div>
          <label htmlFor="orders-status" className="field-label">
            {t("inbox.status")}
          </label>
          <select id="orders-status" name="status" defaultValue={value("status")} className="field-input">
            <option value="">{t("inbox.any")}</option>
            {ORDER_STATUSES.map((status) => (
              <option key={status} value={status}>
                {t(`orderStatus.${status}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="orders-from" className="field-label">
            {t("documents.orderedFrom")}
          </label>
          <input id="orders-from" name="from" type="date" defaultValue={value("from")} className="field-input" />
        </div>
        <div>
          <label htmlFor="orders-to" className="field-label">
            {t("documents.orderedTo")}
          </label>
          <input id="orders-to" name="to" type="date" defaultValue={value("to")} className="field-input" />
        </div>
        <div className="col-span-2 flex gap-2 md:col-span-5">
          <button type="submit" className="btn-primary">
            {t("inbox.apply")}
          </button>
          <Link to="/orders" className="btn-secondary">
            {t("inbox.clear")}
          </Link>
        </div>
      </Form>
      {page.total === 0 ? (
        <EmptyState>{t("documents.noOrders")}</EmptyState>
      ) : (
        <>
          <p className="text-sm text-slate-600" data-testid="orders-total">
            {t("documents.ordersTotal", { count: page.total, amount: format.money(page.totalBaseMinor) })}
          </p>
          <div className="card overflow-x-auto p-0">
            <table className="data-table">
              <thead className="bg-slate-50">
                <tr>
                  <th scope="col">{t("documents.number")}</th>
                  <th scope="col">{t("documents.customer")}</th>
                  <th scope="col">{t("documents.orderedOn")}</th>
                  <th scope="col">{t("inbox.status")}</th>
                  <th scope="col" className="text-right">
                    {t("documents.total")}
                  </th>
                  <th scope="col" className="text-right">
                    {t("documents.totalBase", { base: format.baseCurrency })}
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {page.rows.map((row) => (
                  <tr key={row.id} className={row.status === "cancelled" ? "text-slate-400" : ""}>
                    <td>
                      <Link to={`/orders/${row.id}`} className="font-mono text-brand-700 hover:underline">
                        {row.number}
                      </Link>
                    </td>
                    <td>
                      <Link to={`/customers/${row.customerId}`} className="hover:underline">
                        {row.customer}
                      </Link>
                    </td>
                    <td className="whitespace-nowrap">{format.date(row.orderedAt)}</td>
                    <td>{t(`orderStatus.${row.status}`)}</td>
                    <td className="text-right tabular-nums">{format.money(row.totalMinor, row.currency)}</td>
                    <td className="text-right tabular-nums">{format.money(row.totalBaseMinor)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <Pagination page={page.page} pages={page.pages} total={page.total} pageSize={page.pageSize} />
    </section>
  );
}
