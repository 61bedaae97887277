import { getFormProps } from "@conform-to/react";
import { Form, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "~/utils/use-translation";
import type { FieldErrors } from "~/schemas/form";
import { LOCALES } from "~db/enums";
import { fieldProps, FormErrorSummary, SelectField, TextAreaField, TextField, useServerForm } from "./forms";

export type ReplyTemplateFormReply = { errors?: FieldErrors; values?: Record<string, string> };

/**
 * A reply template's create or edit form. The page keys it by what it shows, so a saved template
 * or a new blank form starts from fresh defaults.
 */
export function ReplyTemplateForm({
  reply,
  defaults,
  bodyRows,
  submitLabel,
  className,
  children,
}: {
  reply?: ReplyTemplateFormReply;
  defaults: Record<"name" | "locale" | "body", string>;
  bodyRows: number;
  submitLabel: string;
  className: string;
  /** What goes above the fields: a saved notice, the intent. */
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const [form, fields] = useServerForm(reply, defaults);
  return (
    <Form method="post" className={className} {...getFormProps(form)}>
      <FormErrorSummary errors={form.allErrors} />
      {children}
      <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
        <TextField label={t("templates.name")} {...fieldProps(fields.name)} maxLength={100} />
        <SelectField
          label={t("templates.language")}
          {...fieldProps(fields.locale)}
          options={LOCALES.map((value) => ({ value, label: t(`locales.${value}`) }))}
        />
      </div>
      <TextAreaField
        label={t("templates.body")}
        {...fieldProps(fields.body)}
        rows={bodyRows}
        maxLength={5000}
        help={t("templates.bodyHelp")}
      />
      <button type="submit" className="btn-primary" disabled={navigation.state === "submitting"}>
        {submitLabel}
      </button>
    </Form>
  );
}
