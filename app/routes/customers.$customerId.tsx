import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { invariantResponse } from "@epic-web/invariant";
import { Form, Link, useActionData, useLoaderData, useRouteError } from "@remix-run/react";
import { useTranslation } from "~/utils/use-translation";
import { requirePermission } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { CustomerRemindersCard, CustomerTierCard, CustomerValueCard } from "~/components/customers/customer-cards";
import { CustomerContacts, type CustomerPageActionData } from "~/components/customers/customer-contacts";
import { CustomerTierHistory, CustomerTimeline } from "~/components/customers/customer-history";
import { db } from "~db/client.server";
import { can } from "~/domain/permissions";
import {
  addContact,
  customerContacts,
  customerCounts,
  customerOpenReminders,
  customerTierHistory,
  customerTimeline,
  getCustomer,
  removeContact,
  updateContact,
} from "~/models/customer.server";
import { parseForm, submittedValues } from "~/schemas/form";
import { contactFormSchema } from "~/schemas/customer";
import { contactIdSchema, customerPageIntentSchema } from "~/schemas/customer-actions";
import { idParam, type RouteParams } from "~/utils/params";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? data.customer.name : "Customer" }];

function customerIdFrom(params: RouteParams): number {
  return idParam(params, "customerId");
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "viewSalesRecords");
  const id = customerIdFrom(params);
  const database = db();
  const found = getCustomer(database, id);
  invariantResponse(found, "Not found", { status: 404 });
  return {
    ...found,
    contacts: customerContacts(database, id),
    counts: customerCounts(database, id),
    reminders: customerOpenReminders(database, id),
    tierHistory: customerTierHistory(database, id),
    timeline: customerTimeline(database, id),
    may: {
      edit: can(user.role, "editCustomers"),
      sell: can(user.role, "sell"),
      audit: can(user.role, "manageUsers"),
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  await requirePermission(request, "editCustomers");
  const id = customerIdFrom(params);
  const database = db();
  invariantResponse(getCustomer(database, id), "Not found", { status: 404 });
  const formData = await request.formData();
  const intent = customerPageIntentSchema.safeParse({ intent: formData.get("intent") });
  if (!intent.success) return Response.json({ errors: { "": ["errors.invalid"] } }, { status: 400 });
  const now = new Date();
  const contactId = contactIdSchema.safeParse({ contactId: formData.get("contactId") });
  if (intent.data.intent === "removeContact") {
    invariantResponse(contactId.success && removeContact(database, id, contactId.data.contactId), "Not found", { status: 404 });
    return Response.json({ done: "contactRemoved" });
  }
  const parsed = parseForm(contactFormSchema, formData);
  if (!parsed.ok) {
    return Response.json(
      {
        intent: intent.data.intent,
        contactId: formData.get("contactId"),
        errors: parsed.errors,
        values: submittedValues(formData),
      },
      { status: 400 },
    );
  }
  if (intent.data.intent === "addContact") {
    addContact(database, id, parsed.data, now);
    return Response.json({ done: "contactAdded" });
  }
  invariantResponse(contactId.success && updateContact(database, id, contactId.data.contactId, parsed.data, now), "Not found", {
    status: 404,
  });
  return Response.json({ done: "contactUpdated" });
}

export default function CustomerPage() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<CustomerPageActionData>();
  const { customer } = data;
  return (
    <div className="space-y-6">
      <Link to="/customers" className="text-sm text-brand-700 underline">
        {t("customers.back")}
      </Link>
      <header className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">{customer.name}</h1>
          <p className="text-sm text-slate-600">
            {[customer.country, customer.industry, customer.externalId, data.sourceChannel].filter(Boolean).join(" · ")}
          </p>
          <p className="text-sm text-slate-600">
            {t("customers.owner")}: {data.owner ?? t("customers.noOwner")}
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          {data.may.edit ? (
            <Link to={`/customers/${customer.id}/edit`} className="btn-secondary">
              {t("common.edit")}
            </Link>
          ) : null}
          <Link to={`/customers/${customer.id}/prices`} className="btn-secondary">
            {t("customers.agreedPrices")}
          </Link>
          {data.may.sell ? (
            <>
              <Link to={`/quotes/new?customerId=${customer.id}`} className="btn-secondary">
                {t("customers.newQuote")}
              </Link>
              <Link to={`/orders/new?customerId=${customer.id}`} className="btn-primary">
                {t("customers.newOrder")}
              </Link>
            </>
          ) : null}
          {data.may.audit ? (
            <Link to={`/admin/audit?entity=customer&id=${customer.id}`} className="btn-secondary">
              {t("customers.auditTrail")}
            </Link>
          ) : null}
        </div>
      </header>
      {actionData?.done ? (
        <p role="status" className="rounded-md bg-green-50 p-2 text-sm text-green-800">
          {t(`customers.done.${actionData.done}`)}
        </p>
      ) : null}

      <div className="grid grid-cols-1 gap-4 lg:grid-cols-3">
        <CustomerTierCard customer={customer} />
        <CustomerValueCard customer={customer} />
        <CustomerRemindersCard reminders={data.reminders} />
      </div>

      <CustomerContacts contacts={data.contacts} canEdit={data.may.edit} actionData={actionData} />
      <CustomerTimeline timeline={data.timeline} />
      <CustomerTierHistory changes={data.tierHistory} />
    </div>
  );
}

// A missing or forbidden record answers inside the page, so the navigation stays usable.
export function ErrorBoundary() {
  return <GeneralErrorBoundary error={useRouteError()} />;
}
