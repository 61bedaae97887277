import { useTranslation } from "~/utils/use-translation";
import type { FieldErrors } from "~/schemas/form";
import { TextField } from "./forms";

/** A product's fields, for creating and editing, with the categories in use offered as suggestions. */
export function ProductFields({
  values,
  errors,
  categories,
  currency,
}: {
  values: Partial<Record<"sku" | "name" | "category" | "listPrice" | "currency", string>>;
  errors?: FieldErrors;
  categories: string[];
  currency: string;
}) {
  const { t } = useTranslation();
  return (
    <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
      <TextField
        label={t("products.sku")}
        name="sku"
        maxLength={60}
        autoComplete="off"
        spellCheck={false}
        help={t("products.skuHelp")}
        defaultValue={values.sku ?? ""}
        errors={errors}
      />
      <TextField label={t("products.name")} name="name" maxLength={200} defaultValue={values.name ?? ""} errors={errors} />
      <TextField
        label={t("products.category")}
        name="category"
        maxLength={100}
        list="product-categories"
        help={t("products.categoryHelp")}
        defaultValue={values.category ?? ""}
        errors={errors}
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
            name="listPrice"
            inputMode="decimal"
            autoComplete="off"
            help={t("products.priceHelp")}
            defaultValue={values.listPrice ?? ""}
            errors={errors}
          />
        </div>
        <TextField
          label={t("products.currency")}
          name="currency"
          maxLength={3}
          autoComplete="off"
          spellCheck={false}
          className="field-input uppercase"
          help={t("products.currencyHelp")}
          defaultValue={currency}
          errors={errors}
        />
      </div>
    </div>
  );
}
