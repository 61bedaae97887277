import { getFormProps } from "@conform-to/react";
import { Form, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "~/utils/use-translation";
import type { FieldErrors } from "~/schemas/form";
import { fieldProps, FormErrorSummary, TextField, useServerForm } from "./forms";

export type ProductFormReply = { errors?: FieldErrors; values?: Record<string, string> };

/**
 * A product's create or edit form, with the categories in use offered as suggestions. The page
 * keys it by what it shows, so a saved product or a new blank form starts from fresh defaults.
 */
export function ProductForm({
  reply,
  defaults,
  categories,
  submitLabel,
  className,
  children,
}: {
  reply?: ProductFormReply;
  defaults: Record<"sku" | "name" | "category" | "listPrice" | "currency", string>;
  categories: string[];
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
        <TextField
          label={t("products.sku")}
          {...fieldProps(fields.sku)}
          maxLength={60}
          autoComplete="off"
          spellCheck={false}
          help={t("products.skuHelp")}
        />
        <TextField label={t("products.name")} {...fieldProps(fields.name)} maxLength={200} />
        <TextField
          label={t("products.category")}
          {...fieldProps(fields.category)}
          maxLength={100}
          list="product-categories"
          help={t("products.categoryHelp")}
        />
        <datalist id="product-categories">
          {categories.map((category) => (
            <option key={category} value={category} />
          ))}
        </datalist>
        <div className="grid grid-cols-3 gap-3">
          <div className="col-span-2">
            <TextField
              label={t("products.listPrice")}
              {...fieldProps(fields.listPrice)}
              inputMode="decimal"
              autoComplete="off"
              help={t("products.priceHelp")}
            />
          </div>
          <TextField
            label={t("products.currency")}
            {...fieldProps(fields.currency)}
            maxLength={3}
            autoComplete="off"
            spellCheck={false}
            className="field-input uppercase"
            help={t("products.currencyHelp")}
          />
        </div>
      </div>
      <button type="submit" className="btn-primary" disabled={navigation.state === "submitting"}>
        {submitLabel}
      </button>
    </Form>
  );
}
