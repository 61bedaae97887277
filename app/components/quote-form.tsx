import { Form, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "~/utils/use-translation";
import type { FieldErrors } from "~/schemas/form";
import { FormErrorSummary, SelectField, TextAreaField, TextField } from "./forms";
import { LinesEditor, linesFromValues, type ProductOption } from "./lines-editor";
import type { LineFields } from "~/schemas/document-lines";

export const DOCUMENT_CURRENCIES = ["USD", "EUR", "CNY", "GBP", "JPY", "AUD", "CAD"];

export type QuoteFormData = { errors?: FieldErrors; values?: Record<string, string> };

/** The quote builder: customer and terms, the lines with live totals, notes. */
export function QuoteForm({
  customer,
  inquiry,
  defaults,
  lines,
  products,
  actionData,
  baseCurrency,
  submitLabel,
}: {
  customer: { id: number; name: string };
  inquiry: { id: number; subject: string } | null;
  defaults: { currency: string; discount: string; validUntil: string; notes: string };
  lines: LineFields[];
  products: ProductOption[];
  actionData?: QuoteFormData;
  baseCurrency: string;
  submitLabel: string;
}) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const values = actionData?.values;
  const errors = actionData?.errors;
  const [currency, setCurrency] = useState(values?.currency ?? defaults.currency);
  const [discount, setDiscount] = useState(values?.discount ?? defaults.discount);
  const currencies = [...new Set([baseCurrency, ...DOCUMENT_CURRENCIES, currency])];
  return (
    <Form method="post" className="space-y-4" noValidate>
      <FormErrorSummary errors={errors} />
      <input type="hidden" name="customerId" value={customer.id} />
      <input type="hidden" name="inquiryId" value={inquiry?.id ?? ""} />
      <div className="card grid grid-cols-1 gap-4 md:grid-cols-4">
        <div className="md:col-span-2">
          <p className="field-label">{t("documents.customer")}</p>
          <p className="mt-2 font-medium">{customer.name}</p>
          {inquiry ? (
            <p className="text-sm text-slate-600">
              {t("documents.fromInquiry")}: {inquiry.subject}
            </p>
          ) : null}
        </div>
        <SelectField
          label={t("documents.currency")}
          name="currency"
          value={currency}
          onChange={(event) => setCurrency(event.currentTarget.value)}
          errors={errors}
          options={currencies.map((code) => ({ value: code, label: code }))}
        />
        <TextField
          label={t("documents.quoteDiscount")}
          name="discount"
          inputMode="decimal"
          value={discount}
          onChange={(event) => setDiscount(event.currentTarget.value)}
          errors={errors}
        />
        <TextField
          label={t("documents.validUntil")}
          name="validUntil"
          type="date"
          defaultValue={values?.validUntil ?? defaults.validUntil}
          errors={errors}
        />
      </div>
      <div className="card">
        <LinesEditor
          initial={linesFromValues(values) ?? lines}
          currency={currency}
          discount={discount}
          customerId={customer.id}
          products={products}
          errors={errors}
        />
      </div>
      <div className="card">
        <TextAreaField
          label={t("documents.notes")}
          name="notes"
          rows={3}
          defaultValue={values?.notes ?? defaults.notes}
          errors={errors}
        />
      </div>
      <button type="submit" className="btn-primary" disabled={navigation.state === "submitting"}>
        {submitLabel}
      </button>
    </Form>
  );
}
