import { Form } from "@remix-run/react";
import { useTranslation } from "~/utils/use-translation";
import { FormErrorSummary, TextField } from "~/components/forms";
import type { FieldErrors } from "~/schemas/form";

/**
 * What the customer page's action answers. A failed contact form names its intent and contact, so
 * that the form that sent it opens again with the errors and what was typed.
 */
export type CustomerPageActionData = {
  done?: string;
  intent?: string;
  contactId?: string;
  errors?: FieldErrors;
  values?: Record<string, string>;
};

type Contact = {
  id: number;
  name: string;
  email: string | null;
  phone: string | null;
  title: string | null;
  messagingHandle: string | null;
};

/** The customer's contacts, each with its edit and remove forms, and a form to add one. */
export function CustomerContacts({
  contacts,
  canEdit,
  actionData,
}: {
  contacts: Contact[];
  canEdit: boolean;
  actionData?: CustomerPageActionData;
}) {
  const { t } = useTranslation();
  const failed = (intent: string, contactId?: number) =>
    actionData?.intent === intent && (contactId === undefined || actionData.contactId === String(contactId));
  const addValues = failed("addContact") ? actionData?.values : undefined;
  return (
    <section className="card space-y-3" aria-labelledby="contacts-title">
      <h2 id="contacts-title" className="font-semibold">
        {t("customers.contacts")}
      </h2>
      {contacts.length === 0 ? <p className="text-sm text-slate-600">{t("customers.noContacts")}</p> : null}
      <ul className="divide-y divide-slate-100">
        {contacts.map((contact) => {
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
                  <TextField
                    label={t("customers.contactName")}
                    name="name"
                    defaultValue={values?.name ?? contact.name}
                    errors={errors}
                  />
                  <TextField
                    label={t("customers.contactEmail")}
                    name="email"
                    defaultValue={values?.email ?? contact.email ?? ""}
                    errors={errors}
                  />
                  <TextField
                    label={t("customers.contactPhone")}
                    name="phone"
                    defaultValue={values?.phone ?? contact.phone ?? ""}
                    errors={errors}
                  />
                  <TextField
                    label={t("customers.contactTitle")}
                    name="title"
                    defaultValue={values?.title ?? contact.title ?? ""}
                    errors={errors}
                  />
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
      {canEdit ? (
        <details open={Boolean(addValues)}>
          <summary className="cursor-pointer text-sm font-medium text-brand-700">{t("customers.addContact")}</summary>
          <Form method="post" className="mt-2 grid grid-cols-1 gap-3 md:grid-cols-3" noValidate>
            <input type="hidden" name="intent" value="addContact" />
            <FormErrorSummary errors={failed("addContact") ? actionData?.errors : undefined} />
            {(["name", "email", "phone", "title", "messagingHandle"] as const).map((field) => (
              <TextField
                key={field}
                label={t(
                  field === "name"
                    ? "customers.contactName"
                    : field === "email"
                      ? "customers.contactEmail"
                      : field === "phone"
                        ? "customers.contactPhone"
                        : field === "title"
                          ? "customers.contactTitle"
                          : "customers.messagingHandle",
                )}
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
  );
}
