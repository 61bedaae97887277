import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { useTranslation } from "~/utils/use-translation";
import { requirePermission } from "~/auth/session.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "reports.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "viewTeamReports");
  return null;
}

const REPORTS = [
  { to: "/reports/response", title: "reports.response", text: "reports.responseText" },
  { to: "/reports/funnel", title: "reports.funnel", text: "reports.funnelText" },
  { to: "/reports/tiers", title: "reports.tiers", text: "reports.tiersText" },
  { to: "/reports/clv", title: "reports.clv", text: "reports.clvText" },
];

export default function Reports() {
  const { t } = useTranslation();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">{t("reports.title")}</h1>
      <ul className="grid grid-cols-1 gap-4 md:grid-cols-2">
        {REPORTS.map((report) => (
          <li key={report.to} className="card">
            <Link to={report.to} className="text-lg font-semibold text-brand-700 hover:underline">
              {t(report.title)}
            </Link>
            <p className="mt-1 text-sm text-slate-600">{t(report.text)}</p>
          </li>
        ))}
      </ul>
    </div>
  );
}
