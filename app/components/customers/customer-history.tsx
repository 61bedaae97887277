import { Link } from "@remix-run/react";
import { useTranslation } from "~/utils/use-translation";
import { EmptyState } from "~/components/empty-state";
import type { customerTierHistory, TimelineEntry } from "~/models/customer.server";
import { useFormat } from "~/utils/use-format";

/** The customer's inquiries, quotes and orders, newest first. */
export function CustomerTimeline({ timeline }: { timeline: TimelineEntry[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <section className="space-y-2" aria-labelledby="timeline-title">
      <h2 id="timeline-title" className="text-lg font-semibold">
        {t("customers.timeline")}
      </h2>
      {timeline.length === 0 ? (
        <EmptyState>{t("customers.noTimeline")}</EmptyState>
      ) : (
        <div className="card overflow-x-auto p-0">
          <table className="data-table">
            <thead className="bg-slate-50">
              <tr>
                <th scope="col">{t("customers.when")}</th>
                <th scope="col">{t("customers.what")}</th>
                <th scope="col">{t("customers.reference")}</th>
                <th scope="col">{t("inbox.status")}</th>
                <th scope="col" className="text-right">
                  {t("customers.amount")}
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {timeline.map((entry) => {
                const href =
                  entry.kind === "inquiry"
                    ? `/inquiries/${entry.id}`
                    : entry.kind === "quote"
                      ? `/quotes/${entry.id}`
                      : `/orders/${entry.id}`;
                const statusKey =
                  entry.kind === "inquiry" ? "inquiryStatus" : entry.kind === "quote" ? "quoteStatus" : "orderStatus";
                return (
                  <tr key={`${entry.kind}-${entry.id}`} data-timeline-kind={entry.kind}>
                    <td className="whitespace-nowrap">{format.dateTime(entry.at)}</td>
                    <td>{t(`customers.kind.${entry.kind}`)}</td>
                    <td>
                      <Link to={href} className="text-brand-700 hover:underline">
                        {entry.title}
                      </Link>
                    </td>
                    <td>{t(`${statusKey}.${entry.status}`)}</td>
                    <td className="text-right tabular-nums">
                      {entry.amountMinor !== null && entry.currency ? format.money(entry.amountMinor, entry.currency) : ""}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** Each change of tier the tiers job recorded, newest first. */
export function CustomerTierHistory({ changes }: { changes: ReturnType<typeof customerTierHistory> }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <section className="card space-y-2" aria-labelledby="history-title">
      <h2 id="history-title" className="font-semibold">
        {t("customers.tierHistory")}
      </h2>
      {changes.length === 0 ? (
        <p className="text-sm text-slate-600">{t("customers.noTierHistory")}</p>
      ) : (
        <ul className="space-y-1 text-sm">
          {changes.map((change) => (
            <li key={change.id}>
              {format.day(change.changedOn)}: {change.fromTier ? t(`tiers.${change.fromTier}`) : t("common.none")} →{" "}
              {t(`tiers.${change.toTier}`)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
