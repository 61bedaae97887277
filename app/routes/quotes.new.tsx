import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { invariantResponse } from "@epic-web/invariant";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/utils/use-translation";
import { requirePermission } from "~/auth/session.server";
import { QuoteForm, type QuoteFormData } from "~/components/quote-form";
import { redirectWithToast } from "~/components/toast.server";
import { db } from "~db/client.server";
import { addDays, localDay } from "~/domain/calendar";
import { getCustomer } from "~/models/customer.server";
import { readQuoteSubmission } from "~/models/document-form.server";
import { getInquiryForQuote } from "~/models/inquiry.server";
import { productOptions } from "~/models/product.server";
import { createQuote } from "~/models/quote.server";
import { getSettings } from "~/models/settings.server";
import { newQuoteQuerySchema } from "~/schemas/quote";
import { withKnownCurrency } from "~/schemas/settings";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "documents.newQuote");

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "sell");
  const database = db();
  const query = newQuoteQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const inquiry = query.inquiryId ? getInquiryForQuote(database, query.inquiryId) : undefined;
  invariantResponse(!query.inquiryId || inquiry, "Not found", { status: 404 });
  const customerId = inquiry?.customerId ?? query.customerId;
  invariantResponse(customerId, "Link the inquiry to a customer first.", { status: 400 });
  const found = getCustomer(database, customerId);
  invariantResponse(found, "Not found", { status: 404 });
  const settings = getSettings(database);
  const today = localDay(new Date(), settings.general.timeZone);
  return {
    customer: { id: found.customer.id, name: found.customer.name },
    inquiry: inquiry ? { id: inquiry.id, subject: inquiry.subject } : null,
    products: productOptions(database),
    baseCurrency: settings.general.baseCurrency,
    defaults: { currency: settings.general.baseCurrency, discount: "", validUntil: addDays(today, 30), notes: "" },
    lines: inquiry?.productId
      ? [
          {
            productId: String(inquiry.productId),
            description: "",
            quantity: inquiry.quantity ? String(inquiry.quantity) : "",
            unitPrice: "",
            discount: "",
          },
        ]
      : [],
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "sell");
  const database = db();
  const submission = readQuoteSubmission(database, await request.formData());
  if (!submission.ok)
    return Response.json({ errors: submission.errors, values: withKnownCurrency(submission.values) }, { status: 400 });
  const settings = getSettings(database);
  const quote = createQuote(
    database,
    submission.header,
    submission.lines,
    { userId: user.id, at: new Date() },
    settings.general.timeZone,
  );
  return redirectWithToast(request, `/quotes/${quote.id}`, { key: "toast.quoteCreated" });
}

export default function NewQuote() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<QuoteFormData>();
  return (
    <div className="space-y-4">
      <Link to={`/customers/${data.customer.id}`} className="text-sm text-brand-700 underline">
        {data.customer.name}
      </Link>
      <h1 className="text-2xl font-semibold">{t("documents.newQuote")}</h1>
      <QuoteForm
        customer={data.customer}
        inquiry={data.inquiry}
        defaults={data.defaults}
        lines={data.lines}
        products={data.products}
        actionData={actionData}
        baseCurrency={data.baseCurrency}
        submitLabel={t("documents.saveDraft")}
      />
    </div>
  );
}
