import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { invariantResponse } from "@epic-web/invariant";
import { Link, useActionData, useLoaderData, useRouteError } from "@remix-run/react";
import { useTranslation } from "~/utils/use-translation";
import { requirePermission } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { mayChooseOwner, mayGiveOwner } from "~/domain/permissions";
import { CustomerForm, type CustomerFormData } from "~/components/customer-form";
import { redirectWithToast } from "~/components/toast.server";
import { db } from "~db/client.server";
import { allChannels } from "~/models/channel.server";
import { checkCustomerForm } from "~/models/customer-form.server";
import { getCustomer, salesUsers, updateCustomer } from "~/models/customer.server";
import { parseForm, submittedValues } from "~/schemas/form";
import { customerFormSchema } from "~/schemas/customer";
import { pageTitle } from "~/utils/meta";
import { idParam, type RouteParams } from "~/utils/params";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "customers.edit");

function load(params: RouteParams) {
  const found = getCustomer(db(), idParam(params, "customerId"));
  invariantResponse(found, "Not found", { status: 404 });
  return found;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "editCustomers");
  const found = load(params);
  const { customer } = found;
  const database = db();
  const text = (value: string | number | null) => (value === null ? "" : String(value));
  return {
    id: customer.id,
    name: customer.name,
    // Only managers and admins change an existing customer's owner (SPEC §8); others see it.
    ownerEditable: mayChooseOwner(user.role, false),
    ownerName: found.owner,
    owners: salesUsers(database),
    channels: allChannels(database).map((channel) => ({ id: channel.id, name: channel.name })),
    defaults: {
      name: customer.name,
      externalId: text(customer.externalId),
      country: text(customer.country),
      industry: text(customer.industry),
      website: text(customer.website),
      ownerId: text(customer.ownerId),
      sourceChannelId: text(customer.sourceChannelId),
      notes: text(customer.notes),
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "editCustomers");
  const { customer } = load(params);
  const formData = await request.formData();
  const parsed = parseForm(customerFormSchema, formData);
  if (!parsed.ok) return Response.json({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  // The form offers no owner field to those who may not change it; a post without one keeps the
  // owner, and a crafted one that changes it is refused before anything else is looked at.
  const ownerPosted = formData.has("ownerId");
  const ownerRefused = () =>
    Response.json(
      { errors: { ownerId: ["customers.errors.ownerChangeForbidden"] }, values: submittedValues(formData) },
      { status: 403 },
    );
  if (ownerPosted && !mayGiveOwner(user, customer.ownerId, parsed.data.ownerId)) return ownerRefused();
  const database = db();
  const { errors, duplicates, input } = checkCustomerForm(database, parsed.data, customer.id);
  if (Object.keys(errors).length) return Response.json({ errors, values: submittedValues(formData) }, { status: 400 });
  if (duplicates.length) return Response.json({ errors: {}, duplicates, values: submittedValues(formData) }, { status: 409 });
  const saved = updateCustomer(
    database,
    customer.id,
    { ...input, ownerId: ownerPosted ? input.ownerId : undefined },
    { userId: user.id, at: new Date() },
    { actor: user },
  );
  if (!saved.ok) {
    invariantResponse(saved.reason !== "notFound", "Not found", { status: 404 });
    return ownerRefused();
  }
  return redirectWithToast(request, `/customers/${customer.id}`, { key: "toast.customerSaved", values: { name: input.name } });
}

export default function EditCustomer() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<CustomerFormData>();
  return (
    <div className="max-w-3xl space-y-4">
      <Link to={`/customers/${data.id}`} className="text-sm text-brand-700 underline">
        {data.name}
      </Link>
      <h1 className="text-2xl font-semibold">{t("customers.editTitle", { name: data.name })}</h1>
      <CustomerForm
        defaults={data.defaults}
        actionData={actionData}
        owners={data.owners}
        owner={data.ownerEditable ? undefined : (data.ownerName ?? t("customers.noOwner"))}
        channels={data.channels}
        withContact={false}
        submitLabel={t("common.save")}
      />
    </div>
  );
}

// A missing or forbidden record answers inside the page, so the navigation stays usable.
export function ErrorBoundary() {
  return <GeneralErrorBoundary error={useRouteError()} />;
}
