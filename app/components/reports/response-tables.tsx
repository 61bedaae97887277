import type { ReactNode } from "react";
import type { ResponseFigures } from "~/models/response-report-tables.server";
import type { ResponseMetric } from "~/schemas/inquiry";
import { useFormat } from "~/utils/use-format";
import { useTranslation } from "~/utils/use-translation";

/** The inquiries one count is about: a period, and maybe one assignee or channel. */
export type Scope = { from: string; to: string; assignee?: number | "unassigned" | null; channel?: string };

/** The inbox filtered to the inquiries behind one count. */
function drillDown(metric: ResponseMetric, scope: Scope) {
  const params = new URLSearchParams({ from: scope.from, to: scope.to });
  if (scope.assignee !== undefined && scope.assignee !== null) params.set("assignee", String(scope.assignee));
  if (scope.channel) params.set("channel", scope.channel);
  params.set("metric", metric);
  return `/inquiries?${params.toString()}`;
}

const COUNT_SLOT = "\u2063#\u2063";

/**
 * Draws a count as a link to the inquiries behind it. One hook call for the page, passed to its
 * tables, not one per count: a page has hundreds of counts, and each hook call would build its
 * own translator and formatter.
 */
export function useCountLink() {
  const { t } = useTranslation();
  const format = useFormat();
  // One translation for the page, the count put in per link: a page has hundreds of counts.
  const titleTemplate = t("reportResponse.drillTitle", { number: COUNT_SLOT });
  // The same count recurs across rows and columns: its title and digits are worked out once.
  const shown = new Map<number, { title: string; digits: string }>();
  return (count: number, metric: ResponseMetric, scope: Scope) => {
    // Nothing to list behind a zero.
    if (count === 0) return <span className="text-slate-400">0</span>;
    let text = shown.get(count);
    if (!text) {
      const digits = format.number(count);
      text = { title: titleTemplate.replace(COUNT_SLOT, digits), digits };
      shown.set(count, text);
    }
    // A plain link: the page's one useLinkNavigation handler navigates in the app.
    return (
      <a href={drillDown(metric, scope)} className="text-brand-700 hover:underline" title={text.title}>
        {text.digits}
      </a>
    );
  };
}

export type CountLinkFn = ReturnType<typeof useCountLink>;

export function usePercent() {
  const { t } = useTranslation();
  const format = useFormat();
  return (rate: number | null) => (rate === null ? t("common.none") : `${format.number(rate * 100, 1)}%`);
}

function useSeconds() {
  const { t } = useTranslation();
  const format = useFormat();
  return (seconds: number | null) => (seconds === null ? t("common.none") : format.duration(seconds * 1000));
}

function Headline({ label, value, children, figure }: { label: string; value: string; children?: ReactNode; figure: string }) {
  return (
    <div className="card">
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold" data-figure={figure}>
        {value}
      </dd>
      {children}
    </div>
  );
}

/** The figures per assignee or per channel, every count a link to its inquiries. */
export function GroupTable({
  caption,
  nameHeader,
  rows,
  thresholdSeconds,
  countLink,
}: {
  caption: string;
  nameHeader: string;
  rows: { key: string; name: string; figures: ResponseFigures; scope: Scope }[];
  thresholdSeconds: number;
  countLink: CountLinkFn;
}) {
  const percent = usePercent();
  const seconds = useSeconds();
  return (
    <div className="card overflow-x-auto p-0">
      <table className="data-table">
        <caption className="px-4 py-2 text-left text-lg font-semibold">{caption}</caption>
        <thead className="bg-slate-50">
          <tr>
            <th scope="col">{nameHeader}</th>
            <ResponseColumnHeaders thresholdSeconds={thresholdSeconds} withFrt />
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map(({ key, name, figures, scope }) => (
            <tr key={key} data-row={key}>
              <th scope="row" className="text-left font-medium">
                {name}
              </th>
              <td className="text-right">{countLink(figures.counted, "counted", scope)}</td>
              <td className="text-right">{countLink(figures.inHoursCounted, "inHours", scope)}</td>
              <td className="text-right">{percent(figures.thirtySecondRate)}</td>
              <td className="text-right">{countLink(figures.thirtySecondHits, "hit30", scope)}</td>
              <td className="text-right">{countLink(figures.thirtySecondMisses, "miss30", scope)}</td>
              <td className="text-right">{percent(figures.within24hRate)}</td>
              <td className="text-right">{countLink(figures.within24hHits, "hit24", scope)}</td>
              <td className="text-right">{countLink(figures.within24hMisses, "miss24", scope)}</td>
              <td className="text-right whitespace-nowrap">{seconds(figures.avgFrtSeconds)}</td>
              <td className="text-right whitespace-nowrap">{seconds(figures.medianFrtSeconds)}</td>
              <td className="text-right whitespace-nowrap">{seconds(figures.p90FrtSeconds)}</td>
              <td className="text-right">{countLink(figures.slaHit, "slaHit", scope)}</td>
              <td className="text-right">{countLink(figures.slaMissed, "slaMissed", scope)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The period's headline figures, each with the counts behind it. */
export function ResponseHeadlines({
  overall,
  whole,
  thresholdSeconds,
  businessSlaMinutes,
  countLink,
}: {
  overall: ResponseFigures;
  whole: Scope;
  thresholdSeconds: number;
  businessSlaMinutes: number;
  countLink: CountLinkFn;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const percent = usePercent();
  const seconds = useSeconds();
  const s = { seconds: thresholdSeconds };
  return (
    <section aria-labelledby="headline-title" className="space-y-2">
      <h2 id="headline-title" className="sr-only">
        {t("reportResponse.headline")}
      </h2>
      <dl className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3 xl:grid-cols-5">
        <Headline
          label={t("reportResponse.thirtySecondRate", s)}
          value={percent(overall.thirtySecondRate)}
          figure="thirty-second-rate"
        >
          <dd className="text-sm">
            {countLink(overall.thirtySecondHits, "hit30", whole)} {t("reportResponse.hit")} ·{" "}
            {countLink(overall.thirtySecondMisses, "miss30", whole)} {t("reportResponse.missed")}
          </dd>
          <dd className="mt-1 text-xs text-slate-500">{t("reportResponse.thirtySecondTarget", s)}</dd>
        </Headline>
        <Headline label={t("reportResponse.within24hRate")} value={percent(overall.within24hRate)} figure="within-24h-rate">
          <dd className="text-sm">
            {countLink(overall.within24hHits, "hit24", whole)} {t("reportResponse.hit")} ·{" "}
            {countLink(overall.within24hMisses, "miss24", whole)} {t("reportResponse.missed")}
          </dd>
          <dd className="mt-1 text-xs text-slate-500">{t("reportResponse.within24hTarget")}</dd>
        </Headline>
        <Headline label={t("reportResponse.medianFrt")} value={seconds(overall.medianFrtSeconds)} figure="median-frt">
          <dd className="text-sm">
            <span className="text-slate-600">{t("reportResponse.p90Frt")}</span>{" "}
            <span className="font-medium" data-figure="p90-frt">
              {seconds(overall.p90FrtSeconds)}
            </span>
          </dd>
          <dd className="text-sm">
            <span className="text-slate-600">{t("reportResponse.avgFrt")}</span>{" "}
            <span className="font-medium" data-figure="avg-frt">
              {seconds(overall.avgFrtSeconds)}
            </span>
          </dd>
          <dd className="mt-1 text-xs text-slate-500">{t("reportResponse.frtNote")}</dd>
        </Headline>
        <Headline
          label={t("reportResponse.sla")}
          value={`${format.number(overall.slaHit)} / ${format.number(overall.slaHit + overall.slaMissed)}`}
          figure="sla"
        >
          <dd className="text-sm">
            {countLink(overall.slaHit, "slaHit", whole)} {t("reportResponse.hit")} ·{" "}
            {countLink(overall.slaMissed, "slaMissed", whole)} {t("reportResponse.missed")}
          </dd>
          <dd className="mt-1 text-xs text-slate-500">{t("reportResponse.slaTarget", { minutes: businessSlaMinutes })}</dd>
        </Headline>
        <div className="card">
          <dt className="text-sm text-slate-600">{t("reportResponse.counted")}</dt>
          <dd className="mt-1 text-2xl font-semibold" data-figure="counted">
            {countLink(overall.counted, "counted", whole)}
          </dd>
          <dd className="text-sm">
            {countLink(overall.inHoursCounted, "inHours", whole)} {t("reportResponse.inHours")}
          </dd>
          <dd className="mt-1 text-xs text-slate-500">{t("reportResponse.countedNote")}</dd>
        </div>
      </dl>
      <p className="text-xs text-slate-500">{t("reportResponse.pendingNote")}</p>
    </section>
  );
}

const COUNT_COLUMNS = [
  "counted",
  "inHours",
  "thirtySecondRate",
  "thirtySecondHits",
  "thirtySecondMisses",
  "within24hRate",
  "within24hHits",
  "within24hMisses",
] as const;
const FRT_COLUMNS = ["avgFrt", "medianFrt", "p90Frt"] as const;
const SLA_COLUMNS = ["slaHit", "slaMissed"] as const;

/** The figure columns' headers, after the row's own: the group tables show the FRT statistics, the trend does not. */
export function ResponseColumnHeaders({ thresholdSeconds, withFrt = false }: { thresholdSeconds: number; withFrt?: boolean }) {
  const { t } = useTranslation();
  const columns = [...COUNT_COLUMNS, ...(withFrt ? FRT_COLUMNS : []), ...SLA_COLUMNS];
  return (
    <>
      {columns.map((column) => (
        <th key={column} scope="col" className="text-right">
          {t(`reportResponse.column.${column}`, { seconds: thresholdSeconds })}
        </th>
      ))}
    </>
  );
}
