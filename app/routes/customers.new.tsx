import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/utils/use-translation";
import { requirePermission } from "~/auth/session.server";
import { mayChooseOwner, mayGiveOwner } from "~/domain/permissions";
import { CustomerForm, type CustomerFormData } from "~/components/customer-form";
import { redirectWithToast } from "~/components/toast.server";
import { db } from "~db/client.server";
import { allChannels } from "~/models/channel.server";
import { checkCustomerForm } from "~/models/customer-form.server";
import { createCustomer, salesUsers } from "~/models/customer.server";
import { parseForm, submittedValues } from "~/schemas/form";
import { customerFormSchema } from "~/schemas/customer";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "customers.new");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "editCustomers");
  const database = db();
  return {
    // A sales rep's new customer is theirs (SPEC §8): the form shows it instead of offering a choice.
    ownerEditable: mayChooseOwner(user.role, true),
    ownerName: user.name,
    owners: salesUsers(database),
    channels: allChannels(database).map((channel) => ({ id: channel.id, name: channel.name })),
    // A sales rep creating a customer owns it unless they choose otherwise.
    defaults: { ownerId: user.role === "sales" ? String(user.id) : "" },
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "editCustomers");
  const formData = await request.formData();
  const parsed = parseForm(customerFormSchema, formData);
  if (!parsed.ok) return Response.json({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const form = parsed.data;
  const ownerId = user.role === "sales" && !formData.has("ownerId") ? user.id : form.ownerId;
  if (!mayGiveOwner(user, undefined, ownerId)) {
    return Response.json(
      { errors: { ownerId: ["customers.errors.ownerNotYours"] }, values: submittedValues(formData) },
      { status: 403 },
    );
  }
  const database = db();
  const { errors, duplicates, input } = checkCustomerForm(database, { ...form, ownerId });
  if (form.contactEmail && !form.contactName) errors.contactName = ["errors.required"];
  if (Object.keys(errors).length) return Response.json({ errors, values: submittedValues(formData) }, { status: 400 });
  if (duplicates.length) return Response.json({ errors: {}, duplicates, values: submittedValues(formData) }, { status: 409 });
  const contact = form.contactName
    ? { name: form.contactName, email: form.contactEmail, phone: form.contactPhone || null, title: form.contactTitle || null }
    : null;
  const customer = createCustomer(database, input, contact, { userId: user.id, at: new Date() });
  return redirectWithToast(request, `/customers/${customer.id}`, { key: "toast.customerCreated", values: { name: input.name } });
}

export default function NewCustomer() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<CustomerFormData>();
  return (
    <div className="max-w-3xl space-y-4">
      <Link to="/customers" className="text-sm text-brand-700 underline">
        {t("customers.back")}
      </Link>
      <h1 className="text-2xl font-semibold">{t("customers.new")}</h1>
      <CustomerForm
        defaults={data.defaults}
        actionData={actionData}
        owners={data.owners}
        owner={data.ownerEditable ? undefined : data.ownerName}
        channels={data.channels}
        withContact
        submitLabel={t("common.create")}
      />
    </div>
  );
}
