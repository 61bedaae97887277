import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "~/utils/use-translation";
import { requirePermission } from "~/auth/session.server";
import { EmptyState } from "~/components/empty-state";
import { ProductForm, type ProductFormReply } from "~/components/product-fields";
import { Pagination } from "~/components/pagination";
import { db } from "~db/client.server";
import { can } from "~/domain/permissions";
import { createProduct, listCategories, listProducts } from "~/models/product.server";
import { parseForm, submittedValues } from "~/schemas/form";
import { productFilterSchema, productSchema } from "~/schemas/product";
import { useFormat } from "~/utils/use-format";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "products.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "viewSalesRecords");
  const database = db();
  const filter = productFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const active = filter.status === undefined ? undefined : filter.status === "active";
  return {
    page: listProducts(database, { q: filter.q, category: filter.category, active, page: filter.page }),
    categories: listCategories(database),
    canSell: can(user.role, "sell"),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "sell");
  const formData = await request.formData();
  const parsed = parseForm(productSchema, formData);
  if (!parsed.ok) return Response.json({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const result = createProduct(db(), parsed.data, { userId: user.id, at: new Date() });
  if (!result.ok) {
    return Response.json({ errors: { sku: ["products.errors.skuTaken"] }, values: submittedValues(formData) }, { status: 400 });
  }
  return Response.json({ created: { id: result.product.id, sku: result.product.sku }, errors: {}, values: {} });
}

type ActionData = ProductFormReply & { created?: { id: number; sku: string } };

export default function Products() {
  const { t } = useTranslation();
  const format = useFormat();
  const { page, categories, canSell } = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  const [searchParams] = useSearchParams();
  const filtered = ["q", "category", "status"].some((name) => searchParams.get(name));
  const param = (name: string) => searchParams.get(name) ?? "";
  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold">{t("products.title")}</h1>
        <p className="mt-1 text-sm text-slate-600">{t("products.intro")}</p>
      </div>

      <Form method="get" role="search" aria-label={t("products.filter")} className="card grid grid-cols-1 gap-3 md:grid-cols-4">
        <div className="md:col-span-2">
          <label htmlFor="products-q" className="field-label">
            {t("products.search")}
          </label>
          <input
            id="products-q"
            name="q"
            type="search"
            maxLength={200}
            defaultValue={param("q")}
            placeholder={t("products.searchHint")}
            className="field-input"
          />
        </div>
        <div>
          <label htmlFor="products-category" className="field-label">
            {t("products.category")}
          </label>
          <select id="products-category" name="category" defaultValue={param("category")} className="field-input">
            <option value="">{t("products.anyCategory")}</option>
            {categories.map((category) => (
              <option key={category} value={category}>
                {category}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="products-status" className="field-label">
            {t("products.status")}
          </label>
          <select id="products-status" name="status" defaultValue={param("status")} className="field-input">
            <option value="">{t("products.anyStatus")}</option>
            <option value="active">{t("products.active")}</option>
            <option value="inactive">{t("products.inactive")}</option>
          </select>
        </div>
        <div className="flex items-end gap-2 md:col-span-4">
          <button type="submit" className="btn-primary">
            {t("products.apply")}
          </button>
          <Link to="/products" className="btn-secondary">
            {t("products.clear")}
          </Link>
        </div>
      </Form>

      {page.total === 0 ? (
        <EmptyState>{filtered ? t("products.noMatches") : t("products.empty")}</EmptyState>
      ) : (
        <div>
          <div className="card overflow-x-auto p-0">
            <table className="data-table">
              <thead className="bg-slate-50">
                <tr>
                  <th scope="col">{t("products.sku")}</th>
                  <th scope="col">{t("products.name")}</th>
                  <th scope="col">{t("products.category")}</th>
                  <th scope="col" className="text-right">
                    {t("products.listPrice")}
                  </th>
                  <th scope="col">{t("products.status")}</th>
                  <th scope="col">
                    <span className="sr-only">{t("common.actions")}</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {page.rows.map((product) => (
                  <tr key={product.id} className={product.active ? "" : "[&>td]:text-slate-400"}>
                    <td className="whitespace-nowrap font-mono">{product.sku}</td>
                    <td className="font-medium">{product.name}</td>
                    <td>{product.category ?? t("common.none")}</td>
                    <td className="whitespace-nowrap text-right tabular-nums">
                      {format.money(product.listPriceMinor, product.currency)}
                    </td>
                    <td className="whitespace-nowrap">{product.active ? t("products.active") : t("products.inactive")}</td>
                    <td>
                      <Link to={`/products/${product.id}`} className="text-brand-700 underline">
                        {canSell ? t("common.edit") : t("products.view")}
                        <span className="sr-only"> {product.sku}</span>
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination page={page.page} pages={page.pages} total={page.total} pageSize={page.pageSize} />
        </div>
      )}

      {canSell ? (
        <section aria-labelledby="create-product-title">
          <h2 id="create-product-title" className="text-lg font-semibold">
            {t("products.create")}
          </h2>
          <ProductForm
            key={actionData?.created?.id ?? "new"}
            reply={actionData?.created ? undefined : actionData}
            defaults={{ sku: "", name: "", category: "", listPrice: "", currency: format.baseCurrency }}
            categories={categories}
            submitLabel={t("common.create")}
            className="card mt-3 space-y-4"
          >
            {actionData?.created ? (
              <p role="status" className="rounded-md bg-green-50 p-3 text-sm text-green-800">
                {t("products.created", { sku: actionData.created.sku })}{" "}
                <Link to={`/products/${actionData.created.id}`} className="underline">
                  {t("common.edit")}
                </Link>
              </p>
            ) : null}
          </ProductForm>
        </section>
      ) : (
        <p className="text-sm text-slate-600">{t("products.readOnly")}</p>
      )}
    </div>
  );
}
