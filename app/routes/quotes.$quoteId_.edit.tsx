import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { invariantResponse } from "@epic-web/invariant";
import { Link, useActionData, useLoaderData, useRouteError } from "@remix-run/react";
import { useTranslation } from "~/utils/use-translation";
import { requirePermission } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { storedLines } from "~/components/lines-editor";
import { QuoteForm, type QuoteFormData } from "~/components/quote-form";
import { redirectWithToast } from "~/components/toast.server";
import { db } from "~db/client.server";
import { isQuoteEditable } from "~/domain/documents";
import { bpsToPercentString } from "~/domain/money";
import { readQuoteSubmission } from "~/models/document-form.server";
import { productOptions } from "~/models/product.server";
import { getQuote, updateQuote } from "~/models/quote.server";
import { getSettings } from "~/models/settings.server";
import { withKnownCurrency } from "~/schemas/settings";
import { pageTitle } from "~/utils/meta";
import { idParam, type RouteParams } from "~/utils/params";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "documents.editQuote");

function loadDraft(params: RouteParams) {
  const found = getQuote(db(), idParam(params, "quoteId"));
  invariantResponse(found, "Not found", { status: 404 });
  invariantResponse(isQuoteEditable(found.quote.status), "Only draft quotes can be edited.", { status: 409 });
  return found;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "sell");
  const found = loadDraft(params);
  const { quote } = found;
  return {
    quoteId: quote.id,
    number: quote.number,
    customer: { id: quote.customerId, name: found.customer },
    inquiry: quote.inquiryId && found.inquirySubject ? { id: quote.inquiryId, subject: found.inquirySubject } : null,
    products: productOptions(db()),
    baseCurrency: getSettings(db()).general.baseCurrency,
    defaults: {
      currency: quote.currency,
      discount: quote.discountBps ? bpsToPercentString(quote.discountBps) : "",
      validUntil: quote.validUntil ?? "",
      notes: quote.notes ?? "",
    },
    lines: storedLines(found.lines, quote.currency),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "sell");
  const { quote } = loadDraft(params);
  const formData = await request.formData();
  const submission = readQuoteSubmission(db(), formData);
  if (!submission.ok)
    return Response.json({ errors: submission.errors, values: withKnownCurrency(submission.values) }, { status: 400 });
  // The customer of a quote does not change; a quote for someone else is a new quote.
  const header = { ...submission.header, customerId: quote.customerId };
  const result = updateQuote(db(), quote.id, header, submission.lines, { userId: user.id, at: new Date() });
  invariantResponse(result.ok, "Only draft quotes can be edited.", { status: 409 });
  return redirectWithToast(request, `/quotes/${quote.id}`, { key: "toast.quoteSaved" });
}

export default function EditQuote() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<QuoteFormData>();
  return (
    <div className="space-y-4">
      <Link to={`/quotes/${data.quoteId}`} className="text-sm text-brand-700 underline">
        {data.number}
      </Link>
      <h1 className="text-2xl font-semibold">{t("documents.editQuoteNumber", { number: data.number })}</h1>
      <QuoteForm
        customer={data.customer}
        inquiry={data.inquiry}
        defaults={data.defaults}
        lines={data.lines}
        products={data.products}
        actionData={actionData}
        baseCurrency={data.baseCurrency}
        submitLabel={t("common.save")}
      />
    </div>
  );
}

// A missing or forbidden record answers inside the page, so the navigation stays usable.
export function ErrorBoundary() {
  return <GeneralErrorBoundary error={useRouteError()} />;
}
