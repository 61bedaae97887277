import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { invariantResponse } from "@epic-web/invariant";
import { Form, Link, useActionData, useLoaderData, useRouteError } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "~/utils/use-translation";
import { requirePermission } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { DocumentLines } from "~/components/document-view";
import { FormErrorSummary, SelectField, TextField } from "~/components/forms";
import { db } from "~db/client.server";
import { nextOrderStatuses } from "~/domain/documents";
import { can } from "~/domain/permissions";
import { getOrder, moveOrder } from "~/models/order.server";
import { getSettings } from "~/models/settings.server";
import { parseForm, type FieldErrors } from "~/schemas/form";
import { orderMoveSchema } from "~/schemas/order";
import { useFormat } from "~/utils/use-format";
import { idParam, type RouteParams } from "~/utils/params";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? data.order.number : "Order" }];

function orderIdFrom(params: RouteParams): number {
  return idParam(params, "orderId");
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "viewSalesRecords");
  const found = getOrder(db(), orderIdFrom(params));
  invariantResponse(found, "Not found", { status: 404 });
  return {
    ...found,
    next: nextOrderStatuses(found.order.status),
    baseCurrency: getSettings(db()).general.baseCurrency,
    may: { sell: can(user.role, "sell"), audit: can(user.role, "manageUsers") },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "sell");
  const id = orderIdFrom(params);
  const parsed = parseForm(orderMoveSchema, await request.formData());
  if (!parsed.ok) return Response.json({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const settings = getSettings(db());
  const result = moveOrder(
    db(),
    id,
    parsed.data.status,
    parsed.data.cancelReason || null,
    { userId: user.id, at: new Date() },
    { timeZone: settings.general.timeZone, baseCurrency: settings.general.baseCurrency },
  );
  invariantResponse(result.ok || result.reason !== "notFound", "Not found", { status: 404 });
  if (!result.ok) return Response.json({ errors: { status: ["documents.errors.notAllowed"] } }, { status: 409 });
  return Response.json({ done: parsed.data.status });
}

type ActionData = { done?: string; errors?: FieldErrors; values?: Record<string, string> };

export default function OrderPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  const { order } = data;
  const [next, setNext] = useState(actionData?.values?.status ?? data.next[0] ?? "");
  return (
    <div className="space-y-6">
      <Link to="/orders" className="text-sm text-brand-700 underline">
        {t("documents.backToOrders")}
      </Link>
      <header className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">
            {t("documents.order")} {order.number}
          </h1>
          <p className="text-sm text-slate-600">
            <Link to={`/customers/${order.customerId}`} className="text-brand-700 underline">
              {data.customer}
            </Link>
            {order.quoteId ? (
              <>
                {" · "}
                <Link to={`/quotes/${order.quoteId}`} className="text-brand-700 underline">
                  {data.quoteNumber}
                </Link>
              </>
            ) : null}
            {order.inquiryId ? (
              <>
                {" · "}
                <Link to={`/inquiries/${order.inquiryId}`} className="text-brand-700 underline">
                  {data.inquirySubject}
                </Link>
              </>
            ) : null}
            {order.externalId ? ` · ${order.externalId}` : ""}
          </p>
          <p className="mt-1 text-sm">
            <span className="rounded bg-slate-200 px-2 py-0.5 font-medium" data-testid="order-status">
              {t(`orderStatus.${order.status}`)}
            </span>
            <span className="ml-2 text-slate-600">{format.dateTime(order.orderedAt)}</span>
          </p>
          {order.cancelReason ? (
            <p className="text-sm text-red-700">{t("documents.cancelledBecause", { reason: order.cancelReason })}</p>
          ) : null}
        </div>
        {data.may.audit ? (
          <Link to={`/admin/audit?entity=order&id=${order.id}`} className="btn-secondary">
            {t("customers.auditTrail")}
          </Link>
        ) : null}
      </header>
      {actionData?.done ? (
        <p role="status" className="rounded-md bg-green-50 p-2 text-sm text-green-800">
          {t("documents.statusChanged")}
        </p>
      ) : null}
      <section className="card space-y-3 overflow-x-auto">
        {data.lines.length ? (
          <DocumentLines
            lines={data.lines}
            currency={order.currency}
            discountBps={order.discountBps}
            subtotalMinor={data.lines.reduce((sum, line) => sum + line.lineTotalMinor, 0)}
            discountMinor={data.lines.reduce((sum, line) => sum + line.lineTotalMinor, 0) - order.totalMinor}
            totalMinor={order.totalMinor}
          />
        ) : (
          <p className="text-lg font-semibold">{format.money(order.totalMinor, order.currency)}</p>
        )}
        <p className="text-sm text-slate-600" data-testid="order-base-total">
          {order.currency === data.baseCurrency
            ? t("documents.inBase", { amount: format.money(order.totalBaseMinor, data.baseCurrency) })
            : t("documents.convertedAt", {
                amount: format.money(order.totalBaseMinor, data.baseCurrency),
                rate: order.fxRate,
                currency: order.currency,
                base: data.baseCurrency,
              })}
        </p>
      </section>
      {data.may.sell && data.next.length ? (
        <Form
          method="post"
          className="card max-w-md space-y-3"
          onSubmit={(event) => {
            if (next === "cancelled" && !confirm(t("documents.confirmCancel", { number: order.number }))) event.preventDefault();
          }}
        >
          <h2 className="font-semibold">{t("documents.changeStatus")}</h2>
          <FormErrorSummary errors={actionData?.errors} />
          <SelectField
            label={t("documents.nextStatus")}
            name="status"
            value={next}
            onChange={(event) => setNext(event.currentTarget.value)}
            errors={actionData?.errors}
            options={data.next.map((status) => ({ value: status, label: t(`orderStatus.${status}`) }))}
          />
          {next === "cancelled" ? (
            <TextField
              label={t("documents.cancelReason")}
              name="cancelReason"
              defaultValue={actionData?.values?.cancelReason ?? ""}
              errors={actionData?.errors}
            />
          ) : null}
          <button type="submit" className={next === "cancelled" ? "btn-danger" : "btn-primary"}>
            {next === "cancelled" ? t("documents.cancelOrder") : t("documents.changeStatus")}
          </button>
        </Form>
      ) : null}
    </div>
  );
}

// A missing or forbidden record answers inside the page, so the navigation stays usable.
export function ErrorBoundary() {
  return <GeneralErrorBoundary error={useRouteError()} />;
}
