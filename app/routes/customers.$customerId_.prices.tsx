import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { invariantResponse } from "@epic-web/invariant";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRouteError } from "@remix-run/react";
import { useTranslation } from "~/utils/use-translation";
import { requirePermission } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { EmptyState } from "~/components/empty-state";
import { FormErrorSummary, SelectField, TextField } from "~/components/forms";
import { db } from "~db/client.server";
import { minorToDecimalString } from "~/domain/money";
import { can } from "~/domain/permissions";
import { agreedPricesForCustomer, priceListCustomer, removeAgreedPrice, setAgreedPrice } from "~/models/agreed-price.server";
import { productOptions } from "~/models/product.server";
import { parseForm, recordIdSchema, submittedValues, type FieldErrors } from "~/schemas/form";
import { priceListIntentSchema, priceListQuerySchema } from "~/schemas/price-list-actions";
import { agreedPriceSchema } from "~/schemas/product";
import { useFormat } from "~/utils/use-format";
import { pageTitle } from "~/utils/meta";
import { idParam, type RouteParams } from "~/utils/params";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "products.prices.title");

function loadCustomer(params: RouteParams) {
  const customer = priceListCustomer(db(), idParam(params, "customerId"));
  invariantResponse(customer, "Not found", { status: 404 });
  return customer;
}

// ?product= opens the form on that product's agreed price, to change it.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "viewSalesRecords");
  const customer = loadCustomer(params);
  const canSell = can(user.role, "sell");
  const prices = agreedPricesForCustomer(db(), customer.id);
  const { product } = priceListQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return {
    customer,
    prices,
    products: canSell ? productOptions(db()) : [],
    editing: canSell ? (prices.find((price) => price.productId === product && price.productActive) ?? null) : null,
    canSell,
    canSeeHistory: can(user.role, "manageUsers"),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "sell");
  const customer = loadCustomer(params);
  const formData = await request.formData();
  const intent = priceListIntentSchema.safeParse({ intent: formData.get("intent") });
  invariantResponse(intent.success, "Unknown action", { status: 400 });
  const by = { userId: user.id, at: new Date() };

  if (intent.data.intent === "remove") {
    const parsed = recordIdSchema.safeParse({ id: formData.get("id") });
    const removed = parsed.success ? removeAgreedPrice(db(), customer.id, parsed.data.id, by) : undefined;
    invariantResponse(removed, "Not found", { status: 404 });
    return Response.json({ removed: removed.sku, errors: {}, values: {} });
  }

  const parsed = parseForm(agreedPriceSchema, formData);
  if (!parsed.ok) return Response.json({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const result = setAgreedPrice(db(), customer.id, parsed.data, by);
  if (!result.ok) {
    return Response.json(
      { errors: { productId: ["products.errors.productUnavailable"] }, values: submittedValues(formData) },
      { status: 400 },
    );
  }
  return Response.json({ saved: result.sku, errors: {}, values: {} });
}

type ActionData = { saved?: string; removed?: string; errors: FieldErrors; values: Record<string, string> };

export default function CustomerPrices() {
  const { t } = useTranslation();
  const format = useFormat();
  const { customer, prices, products, editing, canSell, canSeeHistory } = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  const navigation = useNavigation();
  const values = actionData?.values ?? {};
  const errors = actionData?.errors;
  const done = actionData?.saved
    ? t("products.prices.saved", { sku: actionData.saved })
    : actionData?.removed
      ? t("products.prices.removed", { sku: actionData.removed })
      : null;
  return (
    <div className="space-y-8">
      <div>
        <Link to={`/customers/${customer.id}`} className="text-sm text-brand-700 underline">
          {t("products.prices.back")}
        </Link>
        <h1 className="mt-2 text-2xl font-semibold">{t("products.prices.titleFor", { customer: customer.name })}</h1>
        <p className="mt-1 text-sm text-slate-600">{t("products.prices.intro")}</p>
      </div>
      {done ? (
        <p role="status" className="rounded-md bg-green-50 p-3 text-sm text-green-800">
          {done}
        </p>
      ) : null}

      {prices.length === 0 ? (
        <EmptyState>{t("products.prices.empty")}</EmptyState>
      ) : (
        <div className="card overflow-x-auto p-0">
          <table className="data-table">
            <thead className="bg-slate-50">
              <tr>
                <th scope="col">{t("products.prices.product")}</th>
                <th scope="col" className="text-right">
                  {t("products.prices.agreedPrice")}
                </th>
                <th scope="col" className="text-right">
                  {t("products.prices.listPrice")}
                </th>
                <th scope="col">{t("products.prices.updatedAt")}</th>
                <th scope="col">
                  <span className="sr-only">{t("common.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {prices.map((price) => (
                <tr key={price.id}>
                  <td>
                    <Link to={`/products/${price.productId}`} className="font-mono text-brand-700 hover:underline">
                      {price.sku}
                    </Link>
                    <span className="block text-xs text-slate-500">
                      {price.name}
                      {price.productActive ? null : ` · ${t("products.prices.productInactive")}`}
                    </span>
                  </td>
                  <td className="whitespace-nowrap text-right font-medium tabular-nums">
                    {format.money(price.priceMinor, price.currency)}
                  </td>
                  <td className="whitespace-nowrap text-right tabular-nums text-slate-600">
                    {format.money(price.listPriceMinor, price.listCurrency)}
                  </td>
                  <td className="whitespace-nowrap">{format.dateTime(price.updatedAt)}</td>
                  <td>
                    <div className="flex flex-wrap items-center gap-3">
                      {canSell && price.productActive ? (
                        <Link to={`?product=${price.productId}#agreed-price-form`} className="text-brand-700 underline">
                          {t("products.prices.change")}
                          <span className="sr-only"> {price.sku}</span>
                        </Link>
                      ) : null}
                      {canSeeHistory ? (
                        <Link to={`/admin/audit?entity=agreed_price&id=${price.id}`} className="text-brand-700 underline">
                          {t("products.prices.history")}
                          <span className="sr-only"> {price.sku}</span>
                        </Link>
                      ) : null}
                      {canSell ? (
                        <Form
                          method="post"
                          onSubmit={(event) => {
                            if (!confirm(t("products.prices.confirmRemove", { sku: price.sku }))) event.preventDefault();
                          }}
                        >
                          <input type="hidden" name="intent" value="remove" />
                          <input type="hidden" name="id" value={price.id} />
                          <button type="submit" className="btn-danger">
                            {t("products.prices.remove")}
                            <span className="sr-only"> {price.sku}</span>
                          </button>
                        </Form>
                      ) : null}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {canSell ? (
        <section aria-labelledby="agreed-price-title" id="agreed-price-form">
          <h2 id="agreed-price-title" className="text-lg font-semibold">
            {t("products.prices.set")}
          </h2>
          {products.length === 0 ? (
            <EmptyState>{t("products.prices.noProducts")}</EmptyState>
          ) : (
            <Form
              method="post"
              className="card mt-3 space-y-4"
              noValidate
              key={`${editing?.id ?? "new"}:${JSON.stringify(prices)}`}
            >
              <FormErrorSummary errors={errors} />
              <p className="text-sm text-slate-600">{t("products.prices.setHelp")}</p>
              <input type="hidden" name="intent" value="set" />
              <div className="grid grid-cols-1 gap-4 md:grid-cols-4">
                <div className="md:col-span-2">
                  <SelectField
                    label={t("products.prices.product")}
                    name="productId"
                    defaultValue={values.productId ?? (editing ? String(editing.productId) : "")}
                    errors={errors}
                    options={[
                      { value: "", label: t("products.prices.chooseProduct") },
                      ...products.map((product) => ({ value: String(product.id), label: `${product.sku} · ${product.name}` })),
                    ]}
                  />
                </div>
                <TextField
                  label={t("products.prices.price")}
                  name="price"
                  inputMode="decimal"
                  autoComplete="off"
                  help={t("products.priceHelp")}
                  defaultValue={values.price ?? (editing ? minorToDecimalString(editing.priceMinor, editing.currency) : "")}
                  errors={errors}
                />
                <TextField
                  label={t("products.currency")}
                  name="currency"
                  maxLength={3}
                  autoComplete="off"
                  spellCheck={false}
                  className="field-input uppercase"
                  help={t("products.currencyHelp")}
                  defaultValue={values.currency ?? editing?.currency ?? format.baseCurrency}
                  errors={errors}
                />
              </div>
              <button type="submit" className="btn-primary" disabled={navigation.state === "submitting"}>
                {t("products.prices.save")}
              </button>
            </Form>
          )}
        </section>
      ) : (
        <p className="text-sm text-slate-600">{t("products.prices.readOnly")}</p>
      )}
    </div>
  );
}

// A missing or forbidden record answers inside the page, so the navigation stays usable.
export function ErrorBoundary() {
  return <GeneralErrorBoundary error={useRouteError()} />;
}
