import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "~/utils/use-translation";
import { requirePermission } from "~/auth/session.server";
import { EmptyState } from "~/components/empty-state";
import { Pagination } from "~/components/pagination";
import { db } from "~db/client.server";
import { localDay } from "~/domain/calendar";
import { expireQuotes, listQuotes } from "~/models/quote.server";
import { QUOTE_STATUSES } from "~db/enums";
import { getSettings } from "~/models/settings.server";
import { quoteFilterSchema } from "~/schemas/quote";
import { pageTitle } from "~/utils/meta";
import { useFormat } from "~/utils/use-format";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "nav.quotes");

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "viewSalesRecords");
  const database = db();
  const now = new Date();
  expireQuotes(database, localDay(now, getSettings(database).general.timeZone), now);
  return listQuotes(database, quoteFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams)));
}

export default function Quotes() {
  const { t } = useTranslation();
  const format = useFormat();
  const page = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  return (
    <section className="space-y-4">
      <h1 className="text-2xl font-semibold">{t("nav.quotes")}</h1>
      <Form method="get" className="card flex flex-wrap items-end gap-3" role="search">
        <div>
          <label htmlFor="quotes-q" className="field-label">
            {t("customers.search")}
          </label>
          <input id="quotes-q" name="q" type="search" defaultValue={searchParams.get("q") ?? ""} className="field-input" />
        </div>
        <div>
          <label htmlFor="quotes-status" className="field-label">
            {t("inbox.status")}
          </label>
          <select id="quotes-status" name="status" defaultValue={searchParams.get("status") ?? ""} className="field-input">
            <option value="">{t("inbox.any")}</option>
            {QUOTE_STATUSES.map((status) => (
              <option key={status} value={status}>
                {t(`quoteStatus.${status}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="btn-primary">
          {t("inbox.apply")}
        </button>
      </Form>
      {page.total === 0 ? (
        <EmptyState>{t("documents.noQuotes")}</EmptyState>
      ) : (
        <div className="card overflow-x-auto p-0">
          <table className="data-table">
            <thead className="bg-slate-50">
              <tr>
                <th scope="col">{t("documents.number")}</th>
                <th scope="col">{t("documents.customer")}</th>
                <th scope="col">{t("documents.date")}</th>
                <th scope="col">{t("documents.validUntil")}</th>
                <th scope="col">{t("inbox.status")}</th>
                <th scope="col" className="text-right">
                  {t("documents.total")}
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {page.rows.map((row) => (
                <tr key={row.id}>
                  <td>
                    <Link to={`/quotes/${row.id}`} className="font-mono text-brand-700 hover:underline">
                      {row.number}
                    </Link>
                  </td>
                  <td>
                    <Link to={`/customers/${row.customerId}`} className="hover:underline">
                      {row.customer}
                    </Link>
                  </td>
                  <td className="whitespace-nowrap">{format.date(row.createdAt)}</td>
                  <td className="whitespace-nowrap">{format.day(row.validUntil)}</td>
                  <td>{t(`quoteStatus.${row.status}`)}</td>
                  <td className="text-right tabular-nums">{format.money(row.totalMinor, row.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={page.page} pages={page.pages} total={page.total} pageSize={page.pageSize} />
    </section>
  );
}
