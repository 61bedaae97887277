import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "~/utils/use-translation";
import { requirePermission } from "~/auth/session.server";
import { EmptyState } from "~/components/empty-state";
import { Pagination } from "~/components/pagination";
import { db } from "~db/client.server";
import { TIERS } from "~db/enums";
import { can } from "~/domain/permissions";
import { customerFilterOptions, listCustomers } from "~/models/customer.server";
import { CUSTOMER_SORTS, customerFilterSchema } from "~/schemas/customer";
import { pageTitle } from "~/utils/meta";
import { useFormat } from "~/utils/use-format";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "customers.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "viewSalesRecords");
  const filter = customerFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const database = db();
  return {
    page: listCustomers(database, filter, user.id),
    options: customerFilterOptions(database),
    canExport: can(user.role, "importData"),
    isSales: user.role === "sales",
  };
}

export default function Customers() {
  const { t } = useTranslation();
  const format = useFormat();
  const data = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const location = useLocation();
  const value = (name: string) => searchParams.get(name) ?? "";
  const exportParams = new URLSearchParams(location.search);
  exportParams.delete("page");
  return (
    <section className="space-y-4" aria-labelledby="customers-title">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 id="customers-title" className="text-2xl font-semibold">
          {t("customers.title")}
        </h1>
        <div className="flex flex-wrap gap-2">
          {data.canExport ? (
            <>
              <a href={`/customers/export?${exportParams.toString()}`} className="btn-secondary" download>
                {t("customers.exportCsv")}
              </a>
              <Link to="/import" className="btn-secondary">
                {t("customers.import")}
              </Link>
            </>
          ) : null}
          <Link to="/customers/new" className="btn-primary">
            {t("customers.new")}
          </Link>
        </div>
      </div>
      <Form method="get" className="card grid grid-cols-2 gap-3 md:grid-cols-4 lg:grid-cols-7" role="search">
        <div className="col-span-2">
          <label htmlFor="customers-q" className="field-label">
            {t("customers.search")}
          </label>
          <input
            id="customers-q"
            name="q"
            type="search"
            defaultValue={value("q")}
            className="field-input"
            placeholder={t("customers.searchHint")}
          />
        </div>
        <div>
          <label htmlFor="customers-tier" className="field-label">
            {t("customers.tier")}
          </label>
          <select id="customers-tier" name="tier" defaultValue={value("tier")} className="field-input">
            <option value="">{t("inbox.any")}</option>
            {TIERS.map((tier) => (
              <option key={tier} value={tier}>
                {t(`tiers.${tier}`)}
              </option>
            ))}
            <option value="none">{t("customers.noTier")}</option>
          </select>
        </div>
        <div>
          <label htmlFor="customers-owner" className="field-label">
            {t("customers.owner")}
          </label>
          <select id="customers-owner" name="owner" defaultValue={value("owner")} className="field-input">
            <option value="">{t("inbox.anyone")}</option>
            {data.isSales ? <option value="me">{t("inbox.mine")}</option> : null}
            <option value="none">{t("customers.noOwner")}</option>
            {data.options.owners.map((person) => (
              <option key={person.id} value={person.id}>
                {person.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="customers-country" className="field-label">
            {t("customers.country")}
          </label>
          <select id="customers-country" name="country" defaultValue={value("country")} className="field-input">
            <option value="">{t("inbox.any")}</option>
            {data.options.countries.map((country) => (
              <option key={country} value={country}>
                {country}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="customers-industry" className="field-label">
            {t("customers.industry")}
          </label>
          <select id="customers-industry" name="industry" defaultValue={value("industry")} className="field-input">
            <option value="">{t("inbox.any")}</option>
            {data.options.industries.map((industry) => (
              <option key={industry} value={industry}>
                {industry}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="customers-sort" className="field-label">
            {t("customers.sort")}
          </label>
          <select id="customers-sort" name="sort" defaultValue={value("sort") || "revenue"} className="field-input">
            {CUSTOMER_SORTS.map((sort) => (
              <option key={sort} value={sort}>
                {t(`customers.sortBy.${sort}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="col-span-2 flex items-end gap-2 md:col-span-4 lg:col-span-7">
          <button type="submit" className="btn-primary">
            {t("inbox.apply")}
          </button>
          <Link to="/customers" className="btn-secondary">
            {t("inbox.clear")}
          </Link>
        </div>
      </Form>
      {data.page.total === 0 ? (
        <EmptyState>{searchParams.toString() ? t("customers.noMatches") : t("customers.empty")}</EmptyState>
      ) : (
        <div className="card overflow-x-auto p-0">
          <table className="data-table">
            <thead className="bg-slate-50">
              <tr>
                <th scope="col">{t("customers.name")}</th>
                <th scope="col">{t("customers.country")}</th>
                <th scope="col">{t("customers.industry")}</th>
                <th scope="col">{t("customers.tier")}</th>
                <th scope="col">{t("customers.owner")}</th>
                <th scope="col" className="text-right">
                  {t("customers.orders")}
                </th>
                <th scope="col">{t("customers.lastOrder")}</th>
                <th scope="col" className="text-right">
                  {t("customers.revenue12m")}
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {data.page.rows.map((row) => (
                <tr key={row.id}>
                  <td>
                    <Link to={`/customers/${row.id}`} className="text-brand-700 hover:underline">
                      {row.name}
                    </Link>
                  </td>
                  <td>{row.country}</td>
                  <td>{row.industry}</td>
                  <td>{row.tier ? t(`tiers.${row.tier}`) : t("common.none")}</td>
                  <td>{row.owner ?? t("customers.noOwner")}</td>
                  <td className="text-right tabular-nums">{format.number(row.ordersCount)}</td>
                  <td className="whitespace-nowrap">{format.date(row.lastOrderAt)}</td>
                  <td className="text-right tabular-nums">{format.money(row.revenue12mMinor)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={data.page.page} pages={data.page.pages} total={data.page.total} pageSize={data.page.pageSize} />
    </section>
  );
}
