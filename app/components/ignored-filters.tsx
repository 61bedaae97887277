import { useTranslation } from "~/utils/use-translation";

/** Says which filters of the URL were not valid and so not applied (the rest of the page still answers). */
export function IgnoredFilters({ names }: { names: readonly string[] }) {
  const { t } = useTranslation();
  if (names.length === 0) return null;
  const labels = names.map((name) => t(`badInput.filterNames.${name}`, { defaultValue: name }));
  return (
    <p role="status" data-notice="ignored-filters" className="rounded-md bg-amber-50 p-3 text-sm text-amber-900">
      {t("badInput.ignoredFilters", { names: labels.join(", ") })}
    </p>
  );
}
