import { Link } from "@remix-run/react";
import { useTranslation } from "~/utils/use-translation";
import type { todaysFigures } from "~/models/inquiry.server";
import type { ResponseCounts } from "~/models/response-report.server";
import { useFormat } from "~/utils/use-format";

type TodaysFigures = ReturnType<typeof todaysFigures>;

/** The team's figures for today: the 30-second rate, the median first response, and what waits now. */
export function TeamFigures({
  figures,
  unanswered,
  thresholdSeconds,
}: {
  figures: TodaysFigures;
  unanswered: number;
  thresholdSeconds: number;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <dl className="grid grid-cols-1 gap-3 sm:grid-cols-3" aria-label={t("inbox.todayFigures")}>
      <div className="card">
        <dt className="text-sm text-slate-600">{t("inbox.thirtySecondRate", { seconds: thresholdSeconds })}</dt>
        <dd className="mt-1 text-2xl font-semibold" data-figure="thirty-second-rate">
          {figures.thirtySecondRate === null ? t("common.none") : `${format.number(figures.thirtySecondRate * 100, 1)}%`}
        </dd>
        <dd className="text-xs text-slate-500" data-figure="thirty-second-hits">
          {t("inbox.hitsOf", { hits: figures.thirtySecondHits, total: figures.thirtySecondDenominator })}
        </dd>
      </div>
      <div className="card">
        <dt className="text-sm text-slate-600">{t("inbox.medianFrt")}</dt>
        <dd className="mt-1 text-2xl font-semibold" data-figure="median-frt">
          {figures.medianFrtSeconds === null ? t("common.none") : format.duration(figures.medianFrtSeconds * 1000)}
        </dd>
      </div>
      <div className="card">
        <dt className="text-sm text-slate-600">{t("inbox.unansweredNow")}</dt>
        <dd className="mt-1 text-2xl font-semibold" data-figure="unanswered">
          {format.number(unanswered)}
        </dd>
      </div>
    </dl>
  );
}

/** One person's figures: today live, the last days from the SLA job's roll-ups. */
export type OwnFigures = {
  today: TodaysFigures;
  unanswered: number;
  lastDays: ResponseCounts;
  from: string;
  to: string;
  days: number;
};

/** The signed-in person's own response figures (SPEC §8: everyone sees their own). */
export function MyFigures({ own, thresholdSeconds }: { own: OwnFigures; thresholdSeconds: number }) {
  const { t } = useTranslation();
  const format = useFormat();
  const percent = (rate: number | null) => (rate === null ? t("common.none") : `${format.number(rate * 100, 1)}%`);
  const seconds = { seconds: thresholdSeconds };
  const mine = (metric: string) => `/inquiries?from=${own.from}&to=${own.to}&assignee=me&metric=${metric}`;
  const last = own.lastDays;
  return (
    <section aria-labelledby="my-figures-title" className="card py-3">
      <h2 id="my-figures-title" className="text-sm font-semibold text-slate-700">
        {t("reportResponse.myFigures.title")}
      </h2>
      <dl className="mt-2 grid grid-cols-2 gap-x-4 gap-y-2 text-sm md:grid-cols-3 lg:grid-cols-5">
        <div>
          <dt className="text-xs text-slate-600">{t("reportResponse.myFigures.todayThirtySecondRate", seconds)}</dt>
          <dd className="font-semibold" data-figure="my-thirty-second-rate">
            {percent(own.today.thirtySecondRate)}{" "}
            <span className="text-xs font-normal text-slate-500">
              {t("reportResponse.myFigures.hitsOf", {
                hits: own.today.thirtySecondHits,
                total: own.today.thirtySecondDenominator,
              })}
            </span>
          </dd>
        </div>
        <div>
          <dt className="text-xs text-slate-600">{t("reportResponse.myFigures.todayMedianFrt")}</dt>
          <dd className="font-semibold" data-figure="my-median-frt">
            {own.today.medianFrtSeconds === null ? t("common.none") : format.duration(own.today.medianFrtSeconds * 1000)}
          </dd>
        </div>
        <div>
          <dt className="text-xs text-slate-600">{t("reportResponse.myFigures.unanswered")}</dt>
          <dd className="font-semibold" data-figure="my-unanswered">
            {format.number(own.unanswered)}
          </dd>
        </div>
        <LastDaysRate
          label={t("reportResponse.myFigures.lastDaysThirtySecondRate", { ...seconds, days: own.days })}
          figure="my-thirty-second-rate-last-days"
          rate={percent(last.thirtySecondRate)}
          hits={last.thirtySecondHits}
          misses={last.thirtySecondMisses}
          missesHref={mine("miss30")}
        />
        <LastDaysRate
          label={t("reportResponse.myFigures.lastDaysWithin24hRate", { days: own.days })}
          figure="my-within-24h-rate-last-days"
          rate={percent(last.within24hRate)}
          hits={last.within24hHits}
          misses={last.within24hMisses}
          missesHref={mine("miss24")}
        />
      </dl>
    </section>
  );
}

/** A rate over the last days, its hits of the decided inquiries, and a link to the misses when there are any. */
function LastDaysRate(props: { label: string; figure: string; rate: string; hits: number; misses: number; missesHref: string }) {
  const { t } = useTranslation();
  return (
    <div>
      <dt className="text-xs text-slate-600">{props.label}</dt>
      <dd className="font-semibold" data-figure={props.figure}>
        {props.rate}{" "}
        <span className="text-xs font-normal text-slate-500">
          {t("reportResponse.myFigures.hitsOf", { hits: props.hits, total: props.hits + props.misses })}
          {props.misses > 0 ? (
            <>
              {" · "}
              <Link to={props.missesHref} className="text-brand-700 hover:underline">
                {t("reportResponse.myFigures.missed", { count: props.misses })}
              </Link>
            </>
          ) : null}
        </span>
      </dd>
    </div>
  );
}
