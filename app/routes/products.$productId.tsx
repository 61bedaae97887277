import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { invariantResponse } from "@epic-web/invariant";
import { Form, Link, useActionData, useLoaderData, useRouteError } from "@remix-run/react";
import { useTranslation } from "~/utils/use-translation";
import { requirePermission } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ProductForm, type ProductFormReply } from "~/components/product-fields";
import { redirectWithToast } from "~/components/toast.server";
import { db } from "~db/client.server";
import { minorToDecimalString } from "~/domain/money";
import { can } from "~/domain/permissions";
import {
  deleteProduct,
  getProduct,
  listCategories,
  productReferences,
  setProductActive,
  updateProduct,
} from "~/models/product.server";
import { parseForm, submittedValues } from "~/schemas/form";
import { productSchema } from "~/schemas/product";
import { productIntentSchema } from "~/schemas/product-actions";
import { useFormat } from "~/utils/use-format";
import { pageTitle } from "~/utils/meta";
import { idParam, type RouteParams } from "~/utils/params";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "products.title");

function loadProduct(params: RouteParams) {
  const product = getProduct(db(), idParam(params, "productId"));
  invariantResponse(product, "Not found", { status: 404 });
  return product;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "viewSalesRecords");
  const product = loadProduct(params);
  const canSell = can(user.role, "sell");
  return {
    product,
    categories: canSell ? listCategories(db()) : [],
    canSell,
    canSeeHistory: can(user.role, "manageUsers"),
    // Only a product nothing refers to may be deleted; everything else is deactivated.
    deletable: canSell && productReferences(db(), product.id) === 0,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "sell");
  const product = loadProduct(params);
  const formData = await request.formData();
  const intent = productIntentSchema.safeParse({ intent: formData.get("intent") });
  invariantResponse(intent.success, "Unknown action", { status: 400 });
  const by = { userId: user.id, at: new Date() };

  if (intent.data.intent === "deactivate" || intent.data.intent === "reactivate") {
    const reactivate = intent.data.intent === "reactivate";
    setProductActive(db(), product.id, reactivate, by);
    return redirectWithToast(request, `/products/${product.id}`, {
      key: reactivate ? "toast.productReactivated" : "toast.productDeactivated",
      values: { sku: product.sku },
    });
  }
  if (intent.data.intent === "delete") {
    const result = deleteProduct(db(), product.id, by);
    if (result === "referenced") {
      return Response.json({ errors: { "": ["products.errors.referenced"] } }, { status: 400 });
    }
    return redirectWithToast(request, "/products", { key: "toast.productDeleted", values: { sku: product.sku } });
  }
  const parsed = parseForm(productSchema, formData);
  if (!parsed.ok) return Response.json({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const result = updateProduct(db(), product.id, parsed.data, by);
  invariantResponse(result, "Not found", { status: 404 });
  if (!result.ok) {
    return Response.json({ errors: { sku: ["products.errors.skuTaken"] }, values: submittedValues(formData) }, { status: 400 });
  }
  return Response.json({ updated: result.product.sku, errors: {} });
}

type ActionData = ProductFormReply & { updated?: string };

export default function EditProduct() {
  const { t } = useTranslation();
  const format = useFormat();
  const { product, categories, canSell, canSeeHistory, deletable } = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  const status = product.active ? t("products.active") : t("products.inactive");
  return (
    <div className="max-w-3xl space-y-6">
      <Link to="/products" className="text-sm text-brand-700 underline">
        {t("products.back")}
      </Link>
      <h1 className="text-2xl font-semibold">
        {canSell ? t("products.editTitle", { sku: product.sku }) : t("products.viewTitle", { sku: product.sku })}
      </h1>
      <p className="text-sm text-slate-600">
        {status} · {t("products.updatedAt")}: {format.dateTime(product.updatedAt)}
        {canSeeHistory ? (
          <>
            {" · "}
            <Link to={`/admin/audit?entity=product&id=${product.id}`} className="text-brand-700 underline">
              {t("products.history")}
            </Link>
          </>
        ) : null}
      </p>

      {canSell ? (
        <>
          <ProductForm
            key={JSON.stringify(product)}
            reply={actionData}
            defaults={{
              sku: product.sku,
              name: product.name,
              category: product.category ?? "",
              listPrice: minorToDecimalString(product.listPriceMinor, product.currency),
              currency: product.currency,
            }}
            categories={categories}
            submitLabel={t("common.save")}
            className="card space-y-4"
          >
            {actionData?.updated ? (
              <p role="status" className="rounded-md bg-green-50 p-3 text-sm text-green-800">
                {t("products.updated", { sku: actionData.updated })}
              </p>
            ) : null}
            <input type="hidden" name="intent" value="update" />
          </ProductForm>

          <div className="space-y-2">
            <p className="text-sm text-slate-600">{t("products.deactivateHelp")}</p>
            <Form
              method="post"
              onSubmit={(event) => {
                if (product.active && !confirm(t("products.confirmDeactivate", { sku: product.sku }))) event.preventDefault();
              }}
            >
              <input type="hidden" name="intent" value={product.active ? "deactivate" : "reactivate"} />
              <button type="submit" className={product.active ? "btn-danger" : "btn-secondary"}>
                {product.active ? t("products.deactivate") : t("products.reactivate")}
              </button>
            </Form>
          </div>

          {deletable ? (
            <div className="space-y-2">
              <p className="text-sm text-slate-600">{t("products.deleteHelp")}</p>
              <Form
                method="post"
                onSubmit={(event) => {
                  if (!confirm(t("products.confirmDelete", { sku: product.sku }))) event.preventDefault();
                }}
              >
                <input type="hidden" name="intent" value="delete" />
                <button type="submit" className="btn-danger">
                  {t("products.delete")}
                </button>
              </Form>
            </div>
          ) : null}
        </>
      ) : (
        <div className="card space-y-3">
          <dl className="grid grid-cols-1 gap-3 text-sm sm:grid-cols-2">
            <div>
              <dt className="text-slate-600">{t("products.sku")}</dt>
              <dd className="font-mono">{product.sku}</dd>
            </div>
            <div>
              <dt className="text-slate-600">{t("products.name")}</dt>
              <dd>{product.name}</dd>
            </div>
            <div>
              <dt className="text-slate-600">{t("products.category")}</dt>
              <dd>{product.category ?? t("common.none")}</dd>
            </div>
            <div>
              <dt className="text-slate-600">{t("products.listPrice")}</dt>
              <dd>{format.money(product.listPriceMinor, product.currency)}</dd>
            </div>
          </dl>
          <p className="text-sm text-slate-600">{t("products.readOnly")}</p>
        </div>
      )}
    </div>
  );
}

// A missing or forbidden record answers inside the page, so the navigation stays usable.
export function ErrorBoundary() {
  return <GeneralErrorBoundary error={useRouteError()} />;
}
