import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { useTranslation } from "~/utils/use-translation";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "publicForm.thanksTitle");

export default function Thanks() {
  const { t } = useTranslation();
  return (
    <div className="mx-auto max-w-xl space-y-4 py-10 text-center">
      <h1 className="text-2xl font-semibold">{t("publicForm.thanksTitle")}</h1>
      <p className="text-slate-600">{t("publicForm.thanksText")}</p>
      <Link to="/inquire" className="btn-secondary">
        {t("publicForm.another")}
      </Link>
    </div>
  );
}
