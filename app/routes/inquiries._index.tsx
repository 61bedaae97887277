import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "~/auth/session.server";
import { EmptyState } from "~/components/empty-state";
import { Pagination } from "~/components/pagination";
import { db } from "~db/client.server";
import { listInquiries } from "~/models/inquiry.server";
import { pageFromUrl } from "~/utils/pagination";
import { useFormat } from "~/utils/use-format";

export const meta: MetaFunction = () => [{ title: "Inbox · Inquiry CRM" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "handleInquiries");
  return listInquiries(db(), { page: pageFromUrl(new URL(request.url)) });
}

export default function Inbox() {
  const { t } = useTranslation();
  const format = useFormat();
  const page = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="inbox-title">
      <h1 id="inbox-title" className="text-2xl font-semibold">
        {t("inbox.title")}
      </h1>
      {page.total === 0 ? (
        <EmptyState>{t("inbox.empty")}</EmptyState>
      ) : (
        <div className="card mt-4 overflow-x-auto p-0">
          <table className="data-table">
            <thead className="bg-slate-50">
              <tr>
                <th scope="col">{t("inbox.received")}</th>
                <th scope="col">{t("inbox.subject")}</th>
                <th scope="col">{t("inbox.customer")}</th>
                <th scope="col">{t("inbox.channel")}</th>
                <th scope="col">{t("inbox.status")}</th>
                <th scope="col">{t("inbox.assignee")}</th>
                <th scope="col">{t("inbox.firstResponse")}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {page.rows.map((row) => (
                <tr key={row.id}>
                  <td className="whitespace-nowrap">{format.dateTime(row.receivedAt)}</td>
                  <td>{row.subject}</td>
                  <td>{row.customer ?? t("common.none")}</td>
                  <td>{row.channel}</td>
                  <td>{t(`inquiryStatus.${row.status}`)}</td>
                  <td>{row.assignee ?? t("inbox.unassigned")}</td>
                  <td className="whitespace-nowrap">
                    {row.frtMs === null ? t("inbox.notAnswered") : format.duration(row.frtMs)}
                  </td>
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
