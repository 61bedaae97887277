import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "~/auth/session.server";
import { CustomerForm, type CustomerFormData } from "~/components/customer-form";
import { db } from "~db/client.server";
import { allChannels } from "~/models/channel.server";
import { checkCustomerForm } from "~/models/customer-form.server";
import { getCustomer, salesUsers, updateCustomer } from "~/models/customer.server";
import { parseForm, submittedValues } from "~/schemas/form";
import { customerFormSchema } from "~/schemas/customer";
import { pageTitle } from "~/utils/meta";
import { idParam, orNotFound, type RouteParams } from "~/utils/params";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "customers.edit");

function load(params: RouteParams) {
  const found = orNotFound(getCustomer(db(), idParam(params, "customerId")));
  return found.customer;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "editCustomers");
  const customer = load(params);
  const database = db();
  const text = (value: string | number | null) => (value === null ? "" : String(value));
  return {
    id: customer.id,
    name: customer.name,
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
  const customer = load(params);
  const formData = await request.formData();
  const parsed = parseForm(customerFormSchema, formData);
  if (!parsed.ok) return Response.json({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const database = db();
  const { errors, duplicates, input } = checkCustomerForm(database, parsed.data, customer.id);
  if (Object.keys(errors).length) return Response.json({ errors, values: submittedValues(formData) }, { status: 400 });
  if (duplicates.length) return Response.json({ errors: {}, duplicates, values: submittedValues(formData) }, { status: 409 });
  updateCustomer(database, customer.id, input, { userId: user.id, at: new Date() });
  return redirect(`/customers/${customer.id}`);
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
        channels={data.channels}
        withContact={false}
        submitLabel={t("common.save")}
      />
    </div>
  );
}
