import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { invariantResponse } from "@epic-web/invariant";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "~/utils/use-translation";
import { requirePermission } from "~/auth/session.server";
import { DocumentLines } from "~/components/document-view";
import { FormErrorSummary, SelectField, TextField } from "~/components/forms";
import { LinesEditor, linesFromValues } from "~/components/lines-editor";
import { DOCUMENT_CURRENCIES } from "~/components/quote-form";
import { redirectWithToast } from "~/components/toast.server";
import { db } from "~db/client.server";
import { localDay, startOfLocalDay } from "~/domain/calendar";
import { customerExists, getCustomer } from "~/models/customer.server";
import { createOrder, quoteForOrder } from "~/models/order.server";
import { inquiryFitsCustomer } from "~/models/inquiry.server";
import { productOptions } from "~/models/product.server";
import { getQuote, resolveLines } from "~/models/quote.server";
import { getSettings } from "~/models/settings.server";
import { lineFieldsFrom, parseLines } from "~/schemas/document-lines";
import { fieldErrors, submittedValues, type FieldErrors } from "~/schemas/form";
import { newOrderQuerySchema, orderHeaderSchema, orderRate } from "~/schemas/order";
import { withKnownCurrency } from "~/schemas/settings";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "documents.newOrder");

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "sell");
  const database = db();
  const query = newOrderQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const settings = getSettings(database);
  const today = localDay(new Date(), settings.general.timeZone);
  const quote = query.quoteId ? getQuote(database, query.quoteId) : undefined;
  invariantResponse(!query.quoteId || quote, "Not found", { status: 404 });
  invariantResponse(!quote || quote.quote.status === "accepted", "Only an accepted quote becomes an order.", { status: 409 });
  const customerId = quote?.quote.customerId ?? query.customerId;
  const found = customerId ? getCustomer(database, customerId) : undefined;
  invariantResponse(found, "Not found", { status: 404 });
  return {
    customer: { id: found.customer.id, name: found.customer.name },
    quote: quote ?? null,
    inquiryId: quote?.quote.inquiryId ?? query.inquiryId ?? null,
    products: quote ? [] : productOptions(database),
    baseCurrency: settings.general.baseCurrency,
    today,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "sell");
  const database = db();
  const formData = await request.formData();
  const values = withKnownCurrency(submittedValues(formData));
  const settings = getSettings(database);
  const team = { timeZone: settings.general.timeZone, baseCurrency: settings.general.baseCurrency };
  const header = orderHeaderSchema.safeParse(Object.fromEntries(formData.entries()));
  const errors: FieldErrors = header.success ? {} : fieldErrors(header.error);
  if (!header.success) return Response.json({ errors, values }, { status: 400 });
  const input = header.data;
  if (!customerExists(database, input.customerId)) errors.customerId = ["errors.invalid"];
  const now = new Date();
  const today = localDay(now, team.timeZone);
  if (input.orderedOn > today) errors.orderedOn = ["documents.errors.futureDate"];

  const fromQuote = input.quoteId ? quoteForOrder(database, input.quoteId) : undefined;
  if (input.quoteId && !fromQuote) return Response.json({ errors: { quoteId: ["errors.invalid"] }, values }, { status: 400 });
  const orderCustomerId = fromQuote?.quote.customerId ?? input.customerId;
  if (input.inquiryId !== null && !inquiryFitsCustomer(database, input.inquiryId, orderCustomerId))
    errors.inquiryId = ["errors.invalid"];
  const currency = fromQuote?.quote.currency ?? input.currency;
  const rate = orderRate(currency, team.baseCurrency, input.fxRate);
  if ("error" in rate) errors.fxRate = [rate.error];

  let lines = fromQuote?.lines ?? [];
  if (!fromQuote) {
    const rows = lineFieldsFrom(formData);
    const parsed = parseLines(rows, currency);
    Object.assign(errors, parsed.errors);
    if (!Object.keys(parsed.errors).length) {
      const resolved = resolveLines(
        database,
        parsed.lines.map((line, i) => ({ ...line, index: rows[i]?.index })),
        {
          customerId: input.customerId,
          currency,
        },
      );
      Object.assign(errors, resolved.errors);
      lines = resolved.lines;
    }
  }
  if (Object.keys(errors).length || "error" in rate) return Response.json({ errors, values }, { status: 400 });

  const result = createOrder(
    database,
    {
      customerId: orderCustomerId,
      quoteId: input.quoteId,
      inquiryId: input.inquiryId,
      currency,
      fxRate: rate.rate,
      // A date-only order time is that day in the team's time zone; an order taken today is now.
      orderedAt: input.orderedOn === today ? now : startOfLocalDay(input.orderedOn, team.timeZone),
      discountBps: fromQuote ? fromQuote.quote.discountBps : input.discount,
      lines,
    },
    { userId: user.id, at: now },
    team,
  );
  if (!result.ok) return Response.json({ errors: { "": [`documents.errors.${result.reason}`] }, values }, { status: 409 });
  return redirectWithToast(request, `/orders/${result.id}`, { key: "toast.orderCreated" });
}

type ActionData = { errors: FieldErrors; values: Record<string, string> };

export default function NewOrder() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  const navigation = useNavigation();
  const values = actionData?.values;
  const errors = actionData?.errors;
  const [currency, setCurrency] = useState(values?.currency ?? data.quote?.quote.currency ?? data.baseCurrency);
  const [discount, setDiscount] = useState(values?.discount ?? "");
  const currencies = [...new Set([data.baseCurrency, ...DOCUMENT_CURRENCIES])];
  return (
    <div className="space-y-4">
      <Link
        to={data.quote ? `/quotes/${data.quote.quote.id}` : `/customers/${data.customer.id}`}
        className="text-sm text-brand-700 underline"
      >
        {data.quote ? data.quote.quote.number : data.customer.name}
      </Link>
      <h1 className="text-2xl font-semibold">{t("documents.newOrder")}</h1>
      <Form method="post" className="space-y-4" noValidate>
        <FormErrorSummary errors={errors} />
        <input type="hidden" name="customerId" value={data.customer.id} />
        <input type="hidden" name="quoteId" value={data.quote?.quote.id ?? ""} />
        <input type="hidden" name="inquiryId" value={data.inquiryId ?? ""} />
        <div className="card grid grid-cols-1 gap-4 md:grid-cols-4">
          <div>
            <p className="field-label">{t("documents.customer")}</p>
            <p className="mt-2 font-medium">{data.customer.name}</p>
          </div>
          {data.quote ? (
            <input type="hidden" name="currency" value={currency} />
          ) : (
            <SelectField
              label={t("documents.currency")}
              name="currency"
              value={currency}
              onChange={(event) => setCurrency(event.currentTarget.value)}
              errors={errors}
              options={currencies.map((code) => ({ value: code, label: code }))}
            />
          )}
          <TextField
            label={t("documents.fxRate", { currency, base: data.baseCurrency })}
            name="fxRate"
            inputMode="decimal"
            defaultValue={values?.fxRate ?? (currency === data.baseCurrency ? "1" : "")}
            key={currency}
            help={
              currency === data.baseCurrency
                ? t("documents.fxBase")
                : t("documents.fxHelp", { currency, base: data.baseCurrency })
            }
            errors={errors}
          />
          <TextField
            label={t("documents.orderedOn")}
            name="orderedOn"
            type="date"
            defaultValue={values?.orderedOn ?? data.today}
            errors={errors}
          />
          {data.quote ? null : (
            <TextField
              label={t("documents.quoteDiscount")}
              name="discount"
              inputMode="decimal"
              value={discount}
              onChange={(event) => setDiscount(event.currentTarget.value)}
              errors={errors}
            />
          )}
        </div>
        <div className="card overflow-x-auto">
          {data.quote ? (
            <DocumentLines
              lines={data.quote.lines}
              currency={data.quote.quote.currency}
              discountBps={data.quote.quote.discountBps}
              subtotalMinor={data.quote.quote.subtotalMinor}
              discountMinor={data.quote.quote.discountMinor}
              totalMinor={data.quote.quote.totalMinor}
            />
          ) : (
            <LinesEditor
              initial={linesFromValues(values) ?? []}
              currency={currency}
              discount={discount}
              customerId={data.customer.id}
              products={data.products}
              errors={errors}
            />
          )}
        </div>
        <button type="submit" className="btn-primary" disabled={navigation.state === "submitting"}>
          {t("documents.takeOrder")}
        </button>
      </Form>
    </div>
  );
}
