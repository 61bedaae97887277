import { Link, useLocation } from "@remix-run/react";
import { useTranslation } from "~/utils/use-translation";
import { useFormat } from "~/utils/use-format";

/** `moreThan`: `total` is a lower bound (a search that stopped counting): shown as "10,000+". */
export function Pagination({
  page,
  pages,
  total,
  pageSize,
  moreThan = false,
}: {
  page: number;
  pages: number;
  total: number;
  pageSize: number;
  moreThan?: boolean;
}) {
  const { t } = useTranslation();
  const location = useLocation();
  const format = useFormat();
  const hrefFor = (target: number) => {
    const params = new URLSearchParams(location.search);
    params.set("page", String(target));
    return `${location.pathname}?${params.toString()}`;
  };
  if (total === 0) return null;
  const from = (page - 1) * pageSize + 1;
  const to = Math.min(total, page * pageSize);
  return (
    <nav aria-label="Pagination" className="mt-4 flex flex-wrap items-center justify-between gap-2 text-sm">
      <p className="text-slate-600">
        {t("common.showing", {
          from: format.number(from),
          to: format.number(to),
          total: `${format.number(total)}${moreThan ? "+" : ""}`,
        })}
      </p>
      <div className="flex items-center gap-2">
        {page > 1 ? (
          <Link to={hrefFor(page - 1)} className="btn-secondary" rel="prev">
            {t("common.previous")}
          </Link>
        ) : null}
        <span className="text-slate-600">
          {t("common.pageOf", { page: format.number(page), pages: `${format.number(pages)}${moreThan ? "+" : ""}` })}
        </span>
        {page < pages ? (
          <Link to={hrefFor(page + 1)} className="btn-secondary" rel="next">
            {t("common.next")}
          </Link>
        ) : null}
      </div>
    </nav>
  );
}
