import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { invariantResponse } from "@epic-web/invariant";
import { Form, Link, useActionData, useLoaderData, useRouteError } from "@remix-run/react";
import { useTranslation } from "~/utils/use-translation";
import { requirePermission } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { DocumentLines } from "~/components/document-view";
import { db } from "~db/client.server";
import { localDay } from "~/domain/calendar";
import { isQuoteEditable } from "~/domain/documents";
import { can } from "~/domain/permissions";
import { ordersOfQuote } from "~/models/order.server";
import { expireQuotes, getQuote, moveQuote } from "~/models/quote.server";
import { getSettings } from "~/models/settings.server";
import { quoteIntentSchema } from "~/schemas/quote-actions";
import { useFormat } from "~/utils/use-format";
import { idParam, type RouteParams } from "~/utils/params";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? data.quote.number : "Quote" }];

function quoteIdFrom(params: RouteParams): number {
  return idParam(params, "quoteId");
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "viewSalesRecords");
  const id = quoteIdFrom(params);
  const database = db();
  const now = new Date();
  expireQuotes(database, localDay(now, getSettings(database).general.timeZone), now);
  const found = getQuote(database, id);
  invariantResponse(found, "Not found", { status: 404 });
  return {
    ...found,
    orders: ordersOfQuote(database, id),
    may: { sell: can(user.role, "sell"), audit: can(user.role, "manageUsers") },
  };
}

const TARGET = { send: "sent", accept: "accepted", reject: "rejected" } as const;

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "sell");
  const id = quoteIdFrom(params);
  const intent = quoteIntentSchema.safeParse({ intent: (await request.formData()).get("intent") });
  if (!intent.success) return Response.json({ error: "errors.invalid" }, { status: 400 });
  const now = new Date();
  const today = localDay(now, getSettings(db()).general.timeZone);
  const result = moveQuote(db(), id, TARGET[intent.data.intent], { userId: user.id, at: now }, today);
  invariantResponse(result.ok || result.reason !== "notFound", "Not found", { status: 404 });
  if (!result.ok) return Response.json({ error: "documents.errors.notAllowed" }, { status: 409 });
  return Response.json({ done: intent.data.intent });
}

export default function QuotePage() {
  const { t } = useTranslation();
  const format = useFormat();
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<{ done?: string; error?: string }>();
  const { quote } = data;
  const liveOrder = data.orders.find((order) => order.status !== "cancelled");
  const button = (intent: string, label: string, primary = false) => (
    <Form method="post">
      <input type="hidden" name="intent" value={intent} />
      <button type="submit" className={primary ? "btn-primary" : "btn-secondary"}>
        {label}
      </button>
    </Form>
  );
  return (
    <div className="space-y-6">
      <Link to="/quotes" className="text-sm text-brand-700 underline">
        {t("documents.backToQuotes")}
      </Link>
      <header className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">
            {t("documents.quote")} {quote.number}
          </h1>
          <p className="text-sm text-slate-600">
            <Link to={`/customers/${quote.customerId}`} className="text-brand-700 underline">
              {data.customer}
            </Link>
            {quote.inquiryId ? (
              <>
                {" · "}
                <Link to={`/inquiries/${quote.inquiryId}`} className="text-brand-700 underline">
                  {data.inquirySubject}
                </Link>
              </>
            ) : null}
          </p>
          <p className="mt-1 text-sm">
            <span className="rounded bg-slate-200 px-2 py-0.5 font-medium" data-testid="quote-status">
              {t(`quoteStatus.${quote.status}`)}
            </span>
            {quote.validUntil ? (
              <span className="ml-2 text-slate-600">{t("documents.validUntilDate", { date: format.day(quote.validUntil) })}</span>
            ) : null}
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          {data.may.sell && isQuoteEditable(quote.status) ? (
            <Link to={`/quotes/${quote.id}/edit`} className="btn-secondary">
              {t("common.edit")}
            </Link>
          ) : null}
          {data.may.sell && (quote.status === "draft" || quote.status === "expired")
            ? button("send", t("documents.markSent"), true)
            : null}
          {data.may.sell && quote.status === "sent" ? button("accept", t("documents.markAccepted"), true) : null}
          {data.may.sell && quote.status === "sent" ? button("reject", t("documents.markRejected")) : null}
          {data.may.sell && quote.status === "accepted" && !liveOrder ? (
            <Link to={`/orders/new?quoteId=${quote.id}`} className="btn-primary">
              {t("documents.createOrder")}
            </Link>
          ) : null}
          <Link to={`/quotes/${quote.id}/print`} className="btn-secondary">
            {t("documents.print")}
          </Link>
          {data.may.audit ? (
            <Link to={`/admin/audit?entity=quote&id=${quote.id}`} className="btn-secondary">
              {t("customers.auditTrail")}
            </Link>
          ) : null}
        </div>
      </header>
      {actionData?.done ? (
        <p role="status" className="rounded-md bg-green-50 p-2 text-sm text-green-800">
          {t(`documents.done.${actionData.done}`)}
        </p>
      ) : null}
      {actionData?.error ? (
        <p role="alert" className="rounded-md bg-red-50 p-2 text-sm text-red-800">
          {t(actionData.error)}
        </p>
      ) : null}
      {liveOrder ? (
        <p className="text-sm">
          {t("documents.orderTaken")}{" "}
          <Link to={`/orders/${liveOrder.id}`} className="text-brand-700 underline">
            {liveOrder.number}
          </Link>
        </p>
      ) : null}
      <section className="card overflow-x-auto">
        <DocumentLines
          lines={data.lines}
          currency={quote.currency}
          discountBps={quote.discountBps}
          subtotalMinor={quote.subtotalMinor}
          discountMinor={quote.discountMinor}
          totalMinor={quote.totalMinor}
        />
      </section>
      {quote.notes ? (
        <section className="card">
          <h2 className="font-semibold">{t("documents.notes")}</h2>
          <p className="whitespace-pre-wrap text-sm">{quote.notes}</p>
        </section>
      ) : null}
    </div>
  );
}

// A missing or forbidden record answers inside the page, so the navigation stays usable.
export function ErrorBoundary() {
  return <GeneralErrorBoundary error={useRouteError()} />;
}
