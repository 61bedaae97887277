import { Form, useSearchParams } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "~/utils/use-translation";
import type { InquiryStatus } from "~db/enums";
import { FormErrorSummary, SelectField, TextField, useErrorText } from "~/components/forms";
import type { FieldErrors } from "~/schemas/form";

/**
 * What the inquiry page's action answers. A failed post names its intent, so that the form that
 * sent it shows the error next to its control, also when the page was rendered again without
 * JavaScript.
 */
export type InquiryActionData = { intent?: string; done?: string; errors?: FieldErrors; values?: Record<string, string> };

function failedOf(actionData: InquiryActionData | undefined, ...intents: string[]) {
  return actionData?.errors && actionData.intent && intents.includes(actionData.intent) ? actionData : undefined;
}

/** Messages that belong to no single field, shown where the control was. */
function GeneralErrors({ errors }: { errors?: FieldErrors }) {
  const errorText = useErrorText();
  return (
    <>
      {(errors?.[""] ?? []).map((message) => (
        <p key={message} role="alert" className="field-error">
          {errorText(message)}
        </p>
      ))}
    </>
  );
}

export function AssignmentCard({
  inquiry,
  people,
  canAssign,
  canTake,
  actionData,
}: {
  inquiry: { assigneeId: number | null; assignee: string | null };
  people: { id: number; name: string }[];
  canAssign: boolean;
  canTake: boolean;
  actionData?: InquiryActionData;
}) {
  const { t } = useTranslation();
  const takeFailed = failedOf(actionData, "take");
  const assignFailed = failedOf(actionData, "assign");
  return (
    <section className="card space-y-3 text-sm" aria-labelledby="assignment-title">
      <h2 id="assignment-title" className="font-semibold">
        {t("inquiry.assignment")}
      </h2>
      <p>
        {t("inbox.assignee")}: {inquiry.assignee ?? t("inbox.unassigned")}
      </p>
      {/* Shown even when the button is gone: taking failed because a colleague took it meanwhile. */}
      <GeneralErrors errors={takeFailed?.errors} />
      {canTake ? (
        <Form method="post">
          <input type="hidden" name="intent" value="take" />
          <button type="submit" className="btn-secondary">
            {t("inquiry.take")}
          </button>
        </Form>
      ) : null}
      {canAssign ? (
        <Form method="post" className="space-y-2" key={`assign-${inquiry.assigneeId ?? ""}`}>
          <input type="hidden" name="intent" value="assign" />
          <GeneralErrors errors={assignFailed?.errors} />
          <SelectField
            label={t("inquiry.assignTo")}
            name="assigneeId"
            defaultValue={assignFailed?.values?.assigneeId ?? (inquiry.assigneeId ? String(inquiry.assigneeId) : "")}
            errors={assignFailed?.errors}
            options={[
              { value: "", label: t("inbox.unassigned") },
              ...people.map((person) => ({ value: String(person.id), label: person.name })),
            ]}
          />
          <button type="submit" className="btn-secondary">
            {t("inquiry.assign")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}

function StatusForm({
  inquiry,
  choices,
  actionData,
}: {
  inquiry: { status: InquiryStatus; lostReason: string | null };
  choices: InquiryStatus[];
  actionData?: InquiryActionData;
}) {
  const { t } = useTranslation();
  const failed = failedOf(actionData, "status");
  // The stored status stays in the list even when the data has overtaken it, so the menu never
  // shows another status than the one the inquiry has.
  const options: string[] = choices.includes(inquiry.status) ? choices : [inquiry.status, ...choices];
  // After a refused change the menu keeps the choice only if it is still offered (a lost reason
  // was missing); a status the data has overtaken falls back to the one the inquiry has.
  const kept = failed?.values?.status;
  const [status, setStatus] = useState<string>(kept && options.includes(kept) ? kept : inquiry.status);
  return (
    <Form method="post" className="space-y-2">
      <input type="hidden" name="intent" value="status" />
      <FormErrorSummary errors={failed?.errors} />
      <SelectField
        label={t("inbox.status")}
        name="status"
        value={status}
        onChange={(event) => setStatus(event.currentTarget.value)}
        errors={failed?.errors}
        options={options.map((value) => ({ value, label: t(`inquiryStatus.${value}`) }))}
      />
      {status === "lost" ? (
        <TextField
          label={t("inquiry.lostReason")}
          name="lostReason"
          defaultValue={failed?.values?.lostReason ?? inquiry.lostReason ?? ""}
          errors={failed?.errors}
        />
      ) : null}
      <button type="submit" className="btn-secondary">
        {t("inquiry.setStatus")}
      </button>
    </Form>
  );
}

export function StatusCard(props: {
  inquiry: { status: InquiryStatus; lostReason: string | null };
  choices: InquiryStatus[];
  actionData?: InquiryActionData;
}) {
  const { t } = useTranslation();
  return (
    <section className="card space-y-2 text-sm" aria-labelledby="status-title">
      <h2 id="status-title" className="font-semibold">
        {t("inquiry.statusTitle")}
      </h2>
      {/* Keyed on the stored status: after a reply, a quote or an order the menu starts from the
          status the inquiry now has, not from the one chosen before. */}
      <StatusForm key={`${props.inquiry.status}:${props.choices.join(",")}`} {...props} />
    </section>
  );
}

export function CustomerCard({
  inquiry,
  customerQuery,
  customerMatches,
  canEdit,
  actionData,
}: {
  inquiry: { customerId: number | null; customer: string | null; contactName: string | null };
  customerQuery: string;
  customerMatches: { id: number; name: string; country: string | null }[];
  canEdit: boolean;
  actionData?: InquiryActionData;
}) {
  const { t } = useTranslation();
  const [searchParams] = useSearchParams();
  const linkFailed = failedOf(actionData, "linkCustomer");
  const createFailed = failedOf(actionData, "createCustomer");
  const linked = inquiry.customerId !== null;
  if (!canEdit) return null;
  const matches = customerMatches.filter((customer) => customer.id !== inquiry.customerId);
  return (
    <section className="card space-y-2 text-sm" aria-labelledby="customer-title">
      <h2 id="customer-title" className="font-semibold">
        {t("inquiry.customerTitle")}
      </h2>
      {linked ? <p>{t("inquiry.linkedTo", { customer: inquiry.customer ?? "" })}</p> : null}
      <Form method="get" className="flex items-end gap-2">
        <div className="flex-1">
          <label htmlFor="customer-query" className="field-label">
            {linked ? t("inquiry.findOtherCustomer") : t("inquiry.findCustomer")}
          </label>
          <input
            id="customer-query"
            name="customerQuery"
            defaultValue={searchParams.get("customerQuery") ?? ""}
            className="field-input"
          />
        </div>
        <button type="submit" className="btn-secondary">
          {t("inquiry.search")}
        </button>
      </Form>
      <GeneralErrors errors={linkFailed?.errors} />
      {linkFailed?.errors?.customerId ? (
        <p role="alert" className="field-error">
          {t("errors.invalid")}
        </p>
      ) : null}
      {customerQuery && matches.length === 0 ? <p>{t("inquiry.noCustomerMatches")}</p> : null}
      {matches.length > 0 ? (
        <ul className="divide-y divide-slate-100">
          {matches.map((customer) => (
            <li key={customer.id} className="flex items-center justify-between gap-2 py-1">
              <span>
                {customer.name}
                {customer.country ? ` · ${customer.country}` : ""}
              </span>
              <Form method="post">
                <input type="hidden" name="intent" value="linkCustomer" />
                <input type="hidden" name="customerId" value={customer.id} />
                {/* The customer this page showed linked: the server re-links only if it still is. */}
                <input type="hidden" name="expectedCustomerId" value={inquiry.customerId ?? ""} />
                <button type="submit" className="text-brand-700 underline">
                  {linked ? t("inquiry.relink") : t("inquiry.link")}
                  <span className="sr-only"> {customer.name}</span>
                </button>
              </Form>
            </li>
          ))}
        </ul>
      ) : null}
      {/* Creating a customer is offered only while there is none: otherwise it would make a duplicate. */}
      {linked ? (
        <GeneralErrors errors={createFailed?.errors} />
      ) : (
        <Form method="post" className="space-y-2 border-t border-slate-100 pt-2">
          <input type="hidden" name="intent" value="createCustomer" />
          <GeneralErrors errors={createFailed?.errors} />
          <TextField
            label={t("inquiry.newCustomerName")}
            name="name"
            defaultValue={createFailed?.values?.name ?? inquiry.customer ?? inquiry.contactName ?? ""}
            errors={createFailed?.errors}
          />
          <button type="submit" className="btn-secondary">
            {t("inquiry.createCustomer")}
          </button>
        </Form>
      )}
    </section>
  );
}
