import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/utils/use-translation";
import { z } from "zod";
import { requirePermission } from "~/auth/session.server";
import { EmptyState } from "~/components/empty-state";
import { FormErrorSummary, TextField } from "~/components/forms";
import { TierReason } from "~/components/tier-reason";
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
import { parseForm, submittedValues, type FieldErrors } from "~/schemas/form";
import { contactFormSchema } from "~/schemas/customer";
import { useFormat } from "~/utils/use-format";
import { idParam, type RouteParams } from "~/utils/params";
import { ReminderReason } from "~/components/reminder-reason";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? data.customer.name : "Customer" }];

function customerIdFrom(params: RouteParams): number {
  return idParam(params, "customerId");
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "viewSalesRecords");
  const id = customerIdFrom(params);
  const database = db();
  const found = getCustomer(database, id);
  if (!found) throw new Response("Not found", { status: 404 });
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

const intentSchema = z.object({ intent: z.enum(["addContact", "updateContact", "removeContact"]) });
const contactIdSchema = z.object({ contactId: z.coerce.number().int().positive() });

export async function action({ request, params }: ActionFunctionArgs) {
  await requirePermission(request, "editCustomers");
  const id = customerIdFrom(params);
  const database = db();
  if (!getCustomer(database, id)) throw new Response("Not found", { status: 404 });
  const formData = await request.formData();
  const intent = intentSchema.safeParse({ intent: formData.get("intent") });
  if (!intent.success) return Response.json({ errors: { "": ["errors.invalid"] } }, { status: 400 });
  const now = new Date();
  const contactId = contactIdSchema.safeParse({ contactId: formData.get("contactId") });
  if (intent.data.intent === "removeContact") {
    if (!contactId.success || !removeContact(database, id, contactId.data.contactId)) throw new Response("Not found", { status: 404 });
    return Response.json({ done: "contactRemoved" });
  }
  const parsed = parseForm(contactFormSchema, formData);
  if (!parsed.ok) {
    return Response.json(
      { intent: intent.data.intent, contactId: formData.get("contactId"), errors: parsed.errors, values: submittedValues(formData) },
      { status: 400 },
    );
  }
  if (intent.data.intent === "addContact") {
    addContact(database, id, parsed.data, now);
    return Response.json({ done: "contactAdded" });
  }
  if (!contactId.success || !updateContact(database, id, contactId.data.contactId, parsed.data, now)) {
    throw new Response("Not found", { status: 404 });
  }
  return Response.json({ done: "contactUpdated" });
}

type ActionData = { done?: string; intent?: string; contactId?: string; errors?: FieldErrors; values?: Record<string, string> };

function Figure({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <div>
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="text-lg font-semibold tabular-nums">{value}</dd>
      {hint ? <dd className="text-xs text-slate-500">{hint}</dd> : null}
    </div>
  );
}

export default function CustomerPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  const { customer } = data;
  const failed = (intent: string, contactId?: number) =>
    actionData?.intent === intent && (contactId === undefined || actionData.contactId === String(contactId));
  const addValues = failed("addContact") ? actionData?.values : undefined;
  const trend =
    customer.revenueLast180Minor === null || customer.revenuePrior180Minor === null
      ? null
      : { last: customer.revenueLast180Minor, prior: customer.revenuePrior180Minor };
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
        <section className="card space-y-2" aria-labelledby="tier-title">
          <h2 id="tier-title" className="font-semibold">
            {t("customers.tier")}
          </h2>
          {customer.tier ? (
            <>
              <p className="text-xl font-semibold" data-testid="customer-tier">
                {t(`tiers.${customer.tier}`)}
              </p>
              <TierReason reason={customer.tierReason} />
              {customer.tierSince ? (
                <p className="text-xs text-slate-500">{t("customers.tierSince", { date: format.day(customer.tierSince) })}</p>
              ) : null}
            </>
          ) : (
            <p className="text-sm text-slate-600">{t("customers.noTierYet")}</p>
          )}
          {customer.rfmRecencyScore !== null ? (
            <dl className="grid grid-cols-3 gap-2 pt-2">
              <Figure label={t("customers.recency")} value={t("customers.days", { count: customer.recencyDays ?? 0 })} hint={`R ${customer.rfmRecencyScore}`} />
              <Figure label={t("customers.frequency")} value={format.number(customer.frequency)} hint={`F ${customer.rfmFrequencyScore}`} />
              <Figure label={t("customers.monetary")} value={format.money(customer.monetaryMinor)} hint={`M ${customer.rfmMonetaryScore}`} />
            </dl>
          ) : null}
          {trend ? (
            <p className="text-sm text-slate-600">
              {t("customers.trend", { last: format.money(trend.last), prior: format.money(trend.prior) })}
            </p>
          ) : null}
        </section>

        <section className="card space-y-2" aria-labelledby="value-title">
          <h2 id="value-title" className="font-semibold">
            {t("customers.value")}
          </h2>
          <dl className="grid grid-cols-2 gap-3">
            <Figure label={t("customers.historicalValue")} value={format.money(customer.revenueTotalMinor)} />
            <Figure label={t("customers.revenue12m")} value={format.money(customer.revenue12mMinor)} />
            <Figure label={t("customers.orders")} value={format.number(customer.ordersCount)} />
            <Figure label={t("customers.lastOrder")} value={format.date(customer.lastOrderAt) || t("common.none")} />
          </dl>
          {customer.predictedClv12mMinor !== null ? (
            <dl className="grid grid-cols-2 gap-3 border-t border-slate-100 pt-2">
              <Figure label={t("customers.predictedClv")} value={format.money(customer.predictedClv12mMinor)} />
              <Figure label={t("customers.pAlive")} value={`${format.number((customer.pAlive ?? 0) * 100, 0)}%`} />
              <Figure label={t("customers.expectedOrders")} value={format.number(customer.expectedOrders365d, 1)} />
              <Figure label={t("customers.expectedOrderValue")} value={format.money(customer.expectedOrderValueMinor)} />
            </dl>
          ) : (
            <p className="text-sm text-slate-600">{t("customers.noPrediction")}</p>
          )}
          {customer.expectedNextPurchaseOn ? (
            <p className="text-sm">{t("customers.expectedNextPurchase", { date: format.day(customer.expectedNextPurchaseOn) })}</p>
          ) : null}
        </section>

        <section className="card space-y-2" aria-labelledby="reminders-title">
          <h2 id="reminders-title" className="font-semibold">
            {t("customers.openReminders")}
          </h2>
          {data.reminders.length === 0 ? (
            <p className="text-sm text-slate-600">{t("customers.noReminders")}</p>
          ) : (
            <ul className="space-y-1 text-sm">
              {data.reminders.map((reminder) => (
                <li key={reminder.id}>
                  <span className="font-medium">{format.date(reminder.dueAt)}</span> · <ReminderReason reason={reminder.reason} />
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>

      <section className="card space-y-3" aria-labelledby="contacts-title">
        <h2 id="contacts-title" className="font-semibold">
          {t("customers.contacts")}
        </h2>
        {data.contacts.length === 0 ? <p className="text-sm text-slate-600">{t("customers.noContacts")}</p> : null}
        <ul className="divide-y divide-slate-100">
          {data.contacts.map((contact) => {
            const values = failed("updateContact", contact.id) ? actionData?.values : undefined;
            const errors = failed("updateContact", contact.id) ? actionData?.errors : undefined;
            return (
              <li key={contact.id} className="py-2">
                <details open={Boolean(errors)}>
                  <summary className="cursor-pointer text-sm">
                    <span className="font-medium">{contact.name}</span>
                    {[contact.title, contact.email, contact.phone].filter(Boolean).map((part) => ` · ${part}`)}
                  </summary>
                  <Form method="post" className="mt-2 grid grid-cols-1 gap-3 md:grid-cols-3" noValidate>
                    <input type="hidden" name="intent" value="updateContact" />
                    <input type="hidden" name="contactId" value={contact.id} />
                    <FormErrorSummary errors={errors} />
                    <TextField label={t("customers.contactName")} name="name" defaultValue={values?.name ?? contact.name} errors={errors} />
                    <TextField label={t("customers.contactEmail")} name="email" defaultValue={values?.email ?? contact.email ?? ""} errors={errors} />
                    <TextField label={t("customers.contactPhone")} name="phone" defaultValue={values?.phone ?? contact.phone ?? ""} errors={errors} />
                    <TextField label={t("customers.contactTitle")} name="title" defaultValue={values?.title ?? contact.title ?? ""} errors={errors} />
                    <TextField
                      label={t("customers.messagingHandle")}
                      name="messagingHandle"
                      defaultValue={values?.messagingHandle ?? contact.messagingHandle ?? ""}
                      errors={errors}
                    />
                    <div className="flex items-end gap-2">
                      <button type="submit" className="btn-secondary">
                        {t("common.save")}
                      </button>
                    </div>
                  </Form>
                  <Form
                    method="post"
                    className="mt-2"
                    onSubmit={(event) => {
                      if (!confirm(t("customers.confirmRemoveContact", { name: contact.name }))) event.preventDefault();
                    }}
                  >
                    <input type="hidden" name="intent" value="removeContact" />
                    <input type="hidden" name="contactId" value={contact.id} />
                    <button type="submit" className="text-sm text-red-700 underline">
                      {t("customers.removeContact")}
                    </button>
                  </Form>
                </details>
              </li>
            );
          })}
        </ul>
        {data.may.edit ? (
          <details open={Boolean(addValues)}>
            <summary className="cursor-pointer text-sm font-medium text-brand-700">{t("customers.addContact")}</summary>
            <Form method="post" className="mt-2 grid grid-cols-1 gap-3 md:grid-cols-3" noValidate>
              <input type="hidden" name="intent" value="addContact" />
              <FormErrorSummary errors={failed("addContact") ? actionData?.errors : undefined} />
              {(["name", "email", "phone", "title", "messagingHandle"] as const).map((field) => (
                <TextField
                  key={field}
                  label={t(field === "name" ? "customers.contactName" : field === "email" ? "customers.contactEmail" : field === "phone" ? "customers.contactPhone" : field === "title" ? "customers.contactTitle" : "customers.messagingHandle")}
                  name={field}
                  defaultValue={addValues?.[field] ?? ""}
                  errors={failed("addContact") ? actionData?.errors : undefined}
                />
              ))}
              <div className="flex items-end">
                <button type="submit" className="btn-secondary">
                  {t("customers.addContact")}
                </button>
              </div>
            </Form>
          </details>
        ) : null}
      </section>

      <section className="space-y-2" aria-labelledby="timeline-title">
        <h2 id="timeline-title" className="text-lg font-semibold">
          {t("customers.timeline")}
        </h2>
        {data.timeline.length === 0 ? (
          <EmptyState>{t("customers.noTimeline")}</EmptyState>
        ) : (
          <div className="card overflow-x-auto p-0">
            <table className="data-table">
              <thead className="bg-slate-50">
                <tr>
                  <th scope="col">{t("customers.when")}</th>
                  <th scope="col">{t("customers.what")}</th>
                  <th scope="col">{t("customers.reference")}</th>
                  <th scope="col">{t("inbox.status")}</th>
                  <th scope="col" className="text-right">
                    {t("customers.amount")}
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {data.timeline.map((entry) => {
                  const href = entry.kind === "inquiry" ? `/inquiries/${entry.id}` : entry.kind === "quote" ? `/quotes/${entry.id}` : `/orders/${entry.id}`;
                  const statusKey = entry.kind === "inquiry" ? "inquiryStatus" : entry.kind === "quote" ? "quoteStatus" : "orderStatus";
                  return (
                    <tr key={`${entry.kind}-${entry.id}`} data-timeline-kind={entry.kind}>
                      <td className="whitespace-nowrap">{format.dateTime(entry.at)}</td>
                      <td>{t(`customers.kind.${entry.kind}`)}</td>
                      <td>
                        <Link to={href} className="text-brand-700 hover:underline">
                          {entry.title}
                        </Link>
                      </td>
                      <td>{t(`${statusKey}.${entry.status}`)}</td>
                      <td className="text-right tabular-nums">
                        {entry.amountMinor !== null && entry.currency ? format.money(entry.amountMinor, entry.currency) : ""}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="card space-y-2" aria-labelledby="history-title">
        <h2 id="history-title" className="font-semibold">
          {t("customers.tierHistory")}
        </h2>
        {data.tierHistory.length === 0 ? (
          <p className="text-sm text-slate-600">{t("customers.noTierHistory")}</p>
        ) : (
          <ul className="space-y-1 text-sm">
            {data.tierHistory.map((change) => (
              <li key={change.id}>
                {format.day(change.changedOn)}: {change.fromTier ? t(`tiers.${change.fromTier}`) : t("common.none")} →{" "}
                {t(`tiers.${change.toTier}`)}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
