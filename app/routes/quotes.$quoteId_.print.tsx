import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { invariantResponse } from "@epic-web/invariant";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/utils/use-translation";
import { requirePermission } from "~/auth/session.server";
import { DocumentLines } from "~/components/document-view";
import { db } from "~db/client.server";
import { customerContacts } from "~/models/customer.server";
import { getQuote } from "~/models/quote.server";
import { getSettings } from "~/models/settings.server";
import { useFormat } from "~/utils/use-format";
import { idParam } from "~/utils/params";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? data.quote.number : "Quote" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "viewSalesRecords");
  const found = getQuote(db(), idParam(params, "quoteId"));
  invariantResponse(found, "Not found", { status: 404 });
  return { ...found, contact: customerContacts(db(), found.quote.customerId)[0] ?? null, seller: getSettings(db()).seller };
}

/** A quote laid out for paper or PDF: the print stylesheet drops the navigation and buttons. */
export default function PrintQuote() {
  const { t } = useTranslation();
  const format = useFormat();
  const data = useLoaderData<typeof loader>();
  const { quote, seller } = data;
  return (
    <article className="mx-auto max-w-3xl space-y-6 bg-white p-8 print:p-0">
      <div className="no-print flex gap-2">
        <Link to={`/quotes/${quote.id}`} className="btn-secondary">
          {t("documents.backToQuote")}
        </Link>
        <button type="button" className="btn-primary" onClick={() => window.print()}>
          {t("documents.printNow")}
        </button>
      </div>
      <header className="flex justify-between gap-6">
        <div className="text-sm">
          <p className="text-lg font-semibold">{seller.companyName || t("documents.sellerMissing")}</p>
          <p className="whitespace-pre-wrap">{seller.address}</p>
          <p>{[seller.phone, seller.email, seller.website].filter(Boolean).join(" · ")}</p>
          {seller.taxId ? (
            <p>
              {t("settings.taxId")}: {seller.taxId}
            </p>
          ) : null}
        </div>
        <div className="text-right">
          <h1 className="text-2xl font-semibold">{t("documents.quotation")}</h1>
          <p className="font-mono">{quote.number}</p>
          <p className="text-sm">
            {t("documents.date")}: {format.date(quote.sentAt ?? quote.createdAt)}
          </p>
          {quote.validUntil ? (
            <p className="text-sm">{t("documents.validUntilDate", { date: format.day(quote.validUntil) })}</p>
          ) : null}
        </div>
      </header>
      <section className="text-sm">
        <p className="font-semibold">{t("documents.to")}</p>
        <p>{data.customer}</p>
        {data.contact ? <p>{[data.contact.name, data.contact.email].filter(Boolean).join(" · ")}</p> : null}
        {data.customerCountry ? <p>{data.customerCountry}</p> : null}
      </section>
      <DocumentLines
        lines={data.lines}
        currency={quote.currency}
        discountBps={quote.discountBps}
        subtotalMinor={quote.subtotalMinor}
        discountMinor={quote.discountMinor}
        totalMinor={quote.totalMinor}
      />
      {quote.notes ? <p className="whitespace-pre-wrap text-sm">{quote.notes}</p> : null}
      {seller.quoteTerms ? (
        <section className="text-sm">
          <p className="font-semibold">{t("settings.quoteTerms")}</p>
          <p className="whitespace-pre-wrap">{seller.quoteTerms}</p>
        </section>
      ) : null}
      {seller.bankDetails ? (
        <section className="text-sm">
          <p className="font-semibold">{t("settings.bankDetails")}</p>
          <p className="whitespace-pre-wrap">{seller.bankDetails}</p>
        </section>
      ) : null}
    </article>
  );
}
