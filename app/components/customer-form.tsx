import { Form, Link, useNavigation } from "@remix-run/react";
import { useTranslation } from "~/utils/use-translation";
import { getFormProps } from "@conform-to/react";
import type { FieldErrors } from "~/schemas/form";
import {
  CheckboxField,
  fieldProps,
  FormErrorSummary,
  SelectField,
  TextAreaField,
  TextField,
  useErrorText,
  useServerForm,
} from "./forms";

export type CustomerFormData = {
  errors?: FieldErrors;
  values?: Record<string, string>;
  duplicates?: { id: number; name: string; country: string | null }[];
};

/** The create and edit form of a customer, with the likely-duplicate warning. */
export function CustomerForm({
  defaults,
  actionData,
  owners,
  owner,
  channels,
  withContact,
  submitLabel,
}: {
  defaults: Record<string, string>;
  actionData?: CustomerFormData;
  owners: { id: number; name: string }[];
  /** The owner's name, shown instead of the menu to those who may not choose the owner. */
  owner?: string;
  channels: { id: number; name: string }[];
  withContact: boolean;
  submitLabel: string;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const navigation = useNavigation();
  const [form, fields] = useServerForm(actionData, defaults);
  const errors = form.allErrors;
  const text = (name: string) => fieldProps(fields[name] ?? { name });
  return (
    <Form method="post" className="card space-y-4" {...getFormProps(form)}>
      <FormErrorSummary errors={errors} />
      {actionData?.duplicates?.length ? (
        <div role="alert" className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          <p className="font-medium">{t("customers.duplicateWarning")}</p>
          <ul className="list-disc pl-5">
            {actionData.duplicates.map((duplicate) => (
              <li key={duplicate.id}>
                <Link to={`/customers/${duplicate.id}`} className="underline" target="_blank">
                  {duplicate.name}
                </Link>
                {duplicate.country ? ` · ${duplicate.country}` : ""}
              </li>
            ))}
          </ul>
          <CheckboxField label={t("customers.saveAnyway")} name="confirmDuplicate" />
        </div>
      ) : null}
      <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
        <TextField label={t("customers.name")} {...text("name")} />
        <TextField label={t("customers.externalId")} {...text("externalId")} />
        <TextField label={t("customers.countryCode")} maxLength={2} {...text("country")} />
        <TextField label={t("customers.industry")} {...text("industry")} />
        <TextField label={t("customers.website")} {...text("website")} />
        {owner === undefined ? (
          <SelectField
            label={t("customers.owner")}
            {...text("ownerId")}
            options={[
              { value: "", label: t("customers.noOwner") },
              ...owners.map((person) => ({ value: String(person.id), label: person.name })),
            ]}
          />
        ) : (
          <div>
            <p className="field-label">{t("customers.owner")}</p>
            <p className="py-2 text-sm">{owner}</p>
            {errors?.ownerId ? (
              <p role="alert" className="field-error">
                {errorText(errors.ownerId[0] ?? "")}
              </p>
            ) : null}
          </div>
        )}
        <SelectField
          label={t("customers.sourceChannel")}
          {...text("sourceChannelId")}
          options={[
            { value: "", label: t("common.none") },
            ...channels.map((channel) => ({ value: String(channel.id), label: channel.name })),
          ]}
        />
      </div>
      <TextAreaField label={t("customers.notes")} rows={3} {...text("notes")} />
      {withContact ? (
        <fieldset className="space-y-3 border-t border-slate-100 pt-3">
          <legend className="text-sm font-semibold">{t("customers.firstContact")}</legend>
          <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
            <TextField label={t("customers.contactName")} {...text("contactName")} />
            <TextField label={t("customers.contactEmail")} type="email" {...text("contactEmail")} />
            <TextField label={t("customers.contactPhone")} {...text("contactPhone")} />
            <TextField label={t("customers.contactTitle")} {...text("contactTitle")} />
          </div>
        </fieldset>
      ) : null}
      <button type="submit" className="btn-primary" disabled={navigation.state === "submitting"}>
        {submitLabel}
      </button>
    </Form>
  );
}
