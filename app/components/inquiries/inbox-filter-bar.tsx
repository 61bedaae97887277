import { Form, Link, useSearchParams } from "@remix-run/react";
import { useTranslation } from "~/utils/use-translation";
import { INQUIRY_STATUSES } from "~db/enums";

/** The inbox's filters, sent as the page's query string so that a filtered inbox can be linked to. */
export function InboxFilterBar({
  metric,
  channels,
  people,
}: {
  metric: string | null;
  channels: { key: string; name: string }[];
  people: { id: number; name: string }[];
}) {
  const { t } = useTranslation();
  const [searchParams] = useSearchParams();
  const value = (name: string) => searchParams.get(name) ?? "";
  return (
    <Form method="get" className="card grid grid-cols-2 gap-3 md:grid-cols-4 lg:grid-cols-7" role="search">
      {metric ? <input type="hidden" name="metric" value={metric} /> : null}
      <div className="col-span-2">
        <label htmlFor="filter-q" className="field-label">
          {t("inbox.search")}
        </label>
        <input
          id="filter-q"
          name="q"
          type="search"
          defaultValue={value("q")}
          className="field-input"
          placeholder={t("inbox.searchHint")}
        />
      </div>
      <div>
        <label htmlFor="filter-status" className="field-label">
          {t("inbox.status")}
        </label>
        <select id="filter-status" name="status" defaultValue={value("status")} className="field-input">
          <option value="">{t("inbox.any")}</option>
          {INQUIRY_STATUSES.map((status) => (
            <option key={status} value={status}>
              {t(`inquiryStatus.${status}`)}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="filter-channel" className="field-label">
          {t("inbox.channel")}
        </label>
        <select id="filter-channel" name="channel" defaultValue={value("channel")} className="field-input">
          <option value="">{t("inbox.any")}</option>
          {channels.map((channel) => (
            <option key={channel.key} value={channel.key}>
              {channel.name}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="filter-assignee" className="field-label">
          {t("inbox.assignee")}
        </label>
        <select id="filter-assignee" name="assignee" defaultValue={value("assignee")} className="field-input">
          <option value="">{t("inbox.anyone")}</option>
          <option value="me">{t("inbox.mine")}</option>
          <option value="unassigned">{t("inbox.unassigned")}</option>
          {people.map((person) => (
            <option key={person.id} value={person.id}>
              {person.name}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="filter-from" className="field-label">
          {t("inbox.from")}
        </label>
        <input id="filter-from" name="from" type="date" defaultValue={value("from")} className="field-input" />
      </div>
      <div>
        <label htmlFor="filter-to" className="field-label">
          {t("inbox.to")}
        </label>
        <input id="filter-to" name="to" type="date" defaultValue={value("to")} className="field-input" />
      </div>
      <div className="col-span-2 flex items-end gap-2 md:col-span-4 lg:col-span-7">
        <button type="submit" className="btn-primary">
          {t("inbox.apply")}
        </button>
        <Link to="/inquiries" className="btn-secondary">
          {t("inbox.clear")}
        </Link>
        <p className="ml-auto hidden text-xs text-slate-500 md:block">{t("inbox.keyboardHint")}</p>
      </div>
    </Form>
  );
}

/** The same inbox without the report's metric (and from its first page). */
function withoutMetric(searchParams: URLSearchParams) {
  const next = new URLSearchParams(searchParams);
  next.delete("metric");
  next.delete("page");
  const query = next.toString();
  return query ? `/inquiries?${query}` : "/inquiries";
}

/** Says which report figure the list was opened from (e.g. missed 30 s), with a way to drop it. */
export function MetricChip({ metric, thresholdSeconds }: { metric: string; thresholdSeconds: number }) {
  const { t } = useTranslation();
  const [searchParams] = useSearchParams();
  return (
    <p className="flex flex-wrap items-center gap-2" data-metric={metric}>
      <span className="inline-flex items-center gap-1 rounded-full bg-brand-50 px-3 py-1 text-sm text-brand-700">
        {t("reportResponse.metricChip", {
          metric: t(`reportResponse.metric.${metric}`, { seconds: thresholdSeconds }),
        })}
        <Link
          to={withoutMetric(searchParams)}
          className="ml-1 rounded-full px-1 font-semibold hover:bg-brand-100"
          aria-label={t("reportResponse.removeMetric")}
          title={t("reportResponse.removeMetric")}
        >
          ×
        </Link>
      </span>
    </p>
  );
}
