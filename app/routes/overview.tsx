import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/utils/use-translation";
import { requirePermission } from "~/auth/session.server";
import { EmptyState } from "~/components/empty-state";
import { db } from "~db/client.server";
import { addDays, localDay, startOfLocalDay } from "~/domain/calendar";
import { countCustomers } from "~/models/customer.server";
import { countInquiriesReceivedBetween, countUnanswered, todaysFigures } from "~/models/inquiry.server";
import { latestJobRuns } from "~/models/job-run.server";
import { lastClvParams } from "~/models/clv.server";
import { funnelReport } from "~/models/funnel-report.server";
import { orderFiguresBetween } from "~/models/order.server";
import { openEscalations, predictedValueTotal, tierMovementsSince } from "~/models/overview.server";
import { getSettings } from "~/models/settings.server";
import { useFormat } from "~/utils/use-format";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "overview.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "viewTeamReports");
  const database = db();
  const now = new Date();
  const settings = getSettings(database);
  const { timeZone } = settings.general;
  const today = localDay(now, timeZone);
  const monthStart = `${today.slice(0, 8)}01`;
  return {
    today,
    inquiriesToday: countInquiriesReceivedBetween(
      database,
      startOfLocalDay(today, timeZone),
      startOfLocalDay(addDays(today, 1), timeZone),
    ),
    unansweredNow: countUnanswered(database),
    response: todaysFigures(database, { now, settings, today }),
    thresholdSeconds: settings.response.thresholdSeconds,
    month: orderFiguresBetween(database, startOfLocalDay(monthStart, timeZone), now),
    customers: countCustomers(database),
    jobRuns: latestJobRuns(database),
    escalations: openEscalations(database),
    tierMovements: tierMovementsSince(database, addDays(today, -29)),
    funnel: funnelReport(database, { from: addDays(today, -29), to: today, settings }).stages,
    clv: (() => {
      const params = lastClvParams(database);
      return {
        fitted: params.status === "fitted",
        asOf: params.status === "fitted" ? params.params.asOf : null,
        ...predictedValueTotal(database),
      };
    })(),
  };
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div className="card">
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold">{value}</dd>
    </div>
  );
}

export default function Overview() {
  const { t } = useTranslation();
  const format = useFormat();
  const data = useLoaderData<typeof loader>();
  return (
    <div className="space-y-8">
      <h1 className="text-2xl font-semibold">{t("overview.title")}</h1>
      <section aria-labelledby="today-title">
        <h2 id="today-title" className="text-lg font-semibold">
          {t("overview.today", { date: format.day(data.today) })}
        </h2>
        <dl className="mt-3 grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-4">
          <div className="card">
            <dt className="text-sm text-slate-600">{t("inbox.thirtySecondRate", { seconds: data.thresholdSeconds })}</dt>
            <dd className="mt-1 text-2xl font-semibold" data-figure="thirty-second-rate">
              {data.response.thirtySecondRate === null
                ? t("common.none")
                : `${format.number(data.response.thirtySecondRate * 100, 1)}%`}
            </dd>
            <dd className="text-xs text-slate-500" data-figure="thirty-second-hits">
              {t("inbox.hitsOf", { hits: data.response.thirtySecondHits, total: data.response.thirtySecondDenominator })}
            </dd>
          </div>
          <Figure
            label={t("inbox.medianFrt")}
            value={
              data.response.medianFrtSeconds === null ? t("common.none") : format.duration(data.response.medianFrtSeconds * 1000)
            }
          />
          <Figure label={t("overview.inquiriesToday")} value={format.number(data.inquiriesToday)} />
          <Figure label={t("overview.unansweredNow")} value={format.number(data.unansweredNow)} />
          <Figure label={t("overview.ordersThisMonth")} value={format.number(data.month.orders)} />
          <Figure label={t("overview.revenueThisMonth")} value={format.money(data.month.revenueMinor)} />
          <Figure label={t("overview.customers")} value={format.number(data.customers)} />
        </dl>
      </section>
      <section aria-labelledby="attention-title">
        <h2 id="attention-title" className="text-lg font-semibold">
          {t("overview.attention")}
        </h2>
        <dl className="mt-3 grid grid-cols-1 gap-4 sm:grid-cols-3">
          <Figure
            label={t("overview.missesToday", { seconds: data.thresholdSeconds })}
            value={format.number(data.response.thirtySecondDenominator - data.response.thirtySecondHits)}
          />
          <Figure label={t("overview.slaMissedToday")} value={format.number(data.response.slaMissed)} />
          <div className="card">
            <dt className="text-sm text-slate-600">{t("overview.openEscalations")}</dt>
            <dd className="mt-1 text-2xl font-semibold">
              <Link to="/reminders?kind=sla_escalation" className="hover:underline">
                {format.number(data.escalations)}
              </Link>
            </dd>
          </div>
        </dl>
      </section>
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-3">
        <section className="card space-y-2" aria-labelledby="funnel-title">
          <h2 id="funnel-title" className="font-semibold">
            <Link to="/reports/funnel" className="hover:underline">
              {t("overview.funnel30")}
            </Link>
          </h2>
          <ol className="space-y-1 text-sm">
            {data.funnel.map((stage) => (
              <li key={stage.stage} className="flex justify-between">
                <span>{t(`overview.stage.${stage.stage}`)}</span>
                <span className="tabular-nums">
                  {format.number(stage.count)}
                  {stage.fromReceived !== null && stage.stage !== "received"
                    ? ` · ${format.number(stage.fromReceived * 100, 1)}%`
                    : ""}
                </span>
              </li>
            ))}
          </ol>
        </section>
        <section className="card space-y-2" aria-labelledby="movements-title">
          <h2 id="movements-title" className="font-semibold">
            <Link to="/reports/tiers?preset=30d" className="hover:underline">
              {t("overview.tierMovements")}
            </Link>
          </h2>
          {data.tierMovements.length === 0 ? (
            <p className="text-sm text-slate-600">{t("overview.noTierMovements")}</p>
          ) : (
            <ul className="space-y-1 text-sm">
              {data.tierMovements.map((movement) => (
                <li key={movement.toTier} className="flex justify-between">
                  <span>{t("overview.becameTier", { tier: t(`tiers.${movement.toTier}`) })}</span>
                  <span className="tabular-nums">{format.number(movement.customers)}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="card space-y-2" aria-labelledby="clv-title">
          <h2 id="clv-title" className="font-semibold">
            <Link to="/reports/clv" className="hover:underline">
              {t("overview.clvHeadline")}
            </Link>
          </h2>
          {data.clv.fitted ? (
            <>
              <p className="text-2xl font-semibold tabular-nums">{format.money(data.clv.totalMinor)}</p>
              <p className="text-sm text-slate-600">
                {t("overview.clvDetail", { customers: format.number(data.clv.customers), date: format.day(data.clv.asOf) })}
              </p>
            </>
          ) : (
            <p className="text-sm text-slate-600">{t("overview.clvNotFitted")}</p>
          )}
        </section>
      </div>
      <section aria-labelledby="jobs-title">
        <h2 id="jobs-title" className="text-lg font-semibold">
          {t("overview.lastJobRuns")}
        </h2>
        {data.jobRuns.length === 0 ? (
          <EmptyState>{t("overview.noJobRuns")}</EmptyState>
        ) : (
          <ul className="card mt-3 divide-y divide-slate-100 p-0">
            {data.jobRuns.map((run) => (
              <li key={run.id} className="flex justify-between px-4 py-2 text-sm">
                <span>{t(`jobs.${run.job}`)}</span>
                <span>{t(`jobStatus.${run.status}`)}</span>
                <span>{format.dateTime(run.startedAt)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
