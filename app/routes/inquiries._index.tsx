import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigate, useSearchParams } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "~/utils/use-translation";
import { requirePermission } from "~/auth/session.server";
import { IgnoredFilters } from "~/components/ignored-filters";
import { DATE_FILTER_CHECKS, ignoredFilters } from "~/schemas/date-filter";
import { EmptyState } from "~/components/empty-state";
import { useInquiryStream, useServerOffset, WaitingClock, type LiveEvent } from "~/components/live";
import { Pagination } from "~/components/pagination";
import { db } from "~db/client.server";
import { INQUIRY_STATUSES } from "~db/enums";
import { addDays, localDay } from "~/domain/calendar";
import { assignableUsers, countUnanswered, listInquiries, todaysFigures } from "~/models/inquiry.server";
import { responseTotals } from "~/models/response-report.server";
import { getSettings } from "~/models/settings.server";
import { updateUser } from "~/models/user.server";
import { parseForm } from "~/schemas/form";
import { inboxFilterSchema, onDutySchema } from "~/schemas/inquiry";
import { useFormat } from "~/utils/use-format";
import { pageTitle } from "~/utils/meta";
import { activeChannels } from "~/models/channel.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "inbox.title");

const WAITING = new Set(["new", "responded", "quoted", "won"]);
/** The own figures' longer view: the last 30 days, today included (the reports' "30 days"). */
const OWN_FIGURES_DAYS = 30;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "handleInquiries");
  const database = db();
  const url = new URL(request.url);
  const filter = inboxFilterSchema.parse(Object.fromEntries(url.searchParams));
  const settings = getSettings(database);
  const now = new Date();
  const today = localDay(now, settings.general.timeZone);
  const ownFrom = addDays(today, 1 - OWN_FIGURES_DAYS);
  return {
    page: listInquiries(database, filter, { userId: user.id, timeZone: settings.general.timeZone }),
    // Days that are not valid are left out of the filter; the page says so.
    ignoredFilters: ignoredFilters(url, DATE_FILTER_CHECKS),
    metric: filter.metric ?? null,
    channels: activeChannels(database).map((channel) => ({ key: channel.key, name: channel.name })),
    people: assignableUsers(database).map((person) => ({ id: person.id, name: person.name })),
    figures: todaysFigures(database, { now, settings, today }),
    unanswered: countUnanswered(database),
    // Everyone's own figures: today live (as the team's), the last days from the SLA job's roll-ups.
    own: {
      today: todaysFigures(database, { now, settings, today, assigneeId: user.id }),
      unanswered: countUnanswered(database, user.id),
      lastDays: responseTotals(database, { from: ownFrom, to: today, assigneeId: user.id }),
      from: ownFrom,
      to: today,
      days: OWN_FIGURES_DAYS,
    },
    serverNow: now.getTime(),
    thresholdSeconds: settings.response.thresholdSeconds,
    me: { id: user.id, onDuty: user.onDuty, role: user.role },
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "handleInquiries");
  const parsed = parseForm(onDutySchema, await request.formData());
  if (!parsed.ok) return Response.json({ errors: parsed.errors }, { status: 400 });
  updateUser(db(), user.id, { onDuty: parsed.data.onDuty }, { userId: user.id, at: new Date() });
  return Response.json({ ok: true });
}

function beep() {
  try {
    const audio = new AudioContext();
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    tone.frequency.value = 880;
    gain.gain.value = 0.1;
    tone.connect(gain).connect(audio.destination);
    tone.start();
    tone.stop(audio.currentTime + 0.2);
  } catch {
    // Sound is a courtesy; a browser without audio still shows the notification.
  }
}

function NotificationToggle() {
  const { t } = useTranslation();
  const [enabled, setEnabled] = useState(false);
  useEffect(() => setEnabled(localStorage.getItem("crm.notify") === "1" && Notification.permission === "granted"), []);
  const toggle = async () => {
    if (enabled) {
      localStorage.removeItem("crm.notify");
      setEnabled(false);
      return;
    }
    const permission = await Notification.requestPermission();
    if (permission === "granted") {
      localStorage.setItem("crm.notify", "1");
      setEnabled(true);
    }
  };
  return (
    <button type="button" className="btn-secondary" onClick={toggle} aria-pressed={enabled}>
      {enabled ? t("inbox.notifyOff") : t("inbox.notifyOn")}
    </button>
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

type OwnFigures = ReturnType<typeof useLoaderData<typeof loader>>["own"];

/** The signed-in person's own response figures (SPEC §8: everyone sees their own). */
function MyFigures({ own, thresholdSeconds }: { own: OwnFigures; thresholdSeconds: number }) {
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
              {t("reportResponse.myFigures.hitsOf", { hits: own.today.thirtySecondHits, total: own.today.thirtySecondDenominator })}
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
        <div>
          <dt className="text-xs text-slate-600">
            {t("reportResponse.myFigures.lastDaysThirtySecondRate", { ...seconds, days: own.days })}
          </dt>
          <dd className="font-semibold" data-figure="my-thirty-second-rate-last-days">
            {percent(last.thirtySecondRate)}{" "}
            <span className="text-xs font-normal text-slate-500">
              {t("reportResponse.myFigures.hitsOf", { hits: last.thirtySecondHits, total: last.thirtySecondHits + last.thirtySecondMisses })}
              {last.thirtySecondMisses > 0 ? (
                <>
                  {" · "}
                  <Link to={mine("miss30")} className="text-brand-700 hover:underline">
                    {t("reportResponse.myFigures.missed", { count: last.thirtySecondMisses })}
                  </Link>
                </>
              ) : null}
            </span>
          </dd>
        </div>
        <div>
          <dt className="text-xs text-slate-600">{t("reportResponse.myFigures.lastDaysWithin24hRate", { days: own.days })}</dt>
          <dd className="font-semibold" data-figure="my-within-24h-rate-last-days">
            {percent(last.within24hRate)}{" "}
            <span className="text-xs font-normal text-slate-500">
              {t("reportResponse.myFigures.hitsOf", { hits: last.within24hHits, total: last.within24hHits + last.within24hMisses })}
              {last.within24hMisses > 0 ? (
                <>
                  {" · "}
                  <Link to={mine("miss24")} className="text-brand-700 hover:underline">
                    {t("reportResponse.myFigures.missed", { count: last.within24hMisses })}
                  </Link>
                </>
              ) : null}
            </span>
          </dd>
        </div>
      </dl>
    </section>
  );
}

export default function Inbox() {
  const { t } = useTranslation();
  const format = useFormat();
  const data = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const navigate = useNavigate();
  const serverOffset = useServerOffset(data.serverNow);
  const [selected, setSelected] = useState(0);
  const rowsRef = useRef<HTMLTableSectionElement>(null);

  useInquiryStream(
    useCallback(
      (event: LiveEvent) => {
        if (event.type !== "created") return;
        if (localStorage.getItem("crm.notify") === "1" && Notification.permission === "granted") {
          new Notification(t("inbox.newInquiryTitle"), { body: t("inbox.newInquiryBody"), tag: "crm-inquiry" });
          beep();
        }
      },
      [t],
    ),
  );

  // j / k move through the list, Enter opens; keys typed into fields are left alone.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (event.ctrlKey || event.metaKey || event.altKey || target.closest("input, textarea, select, [contenteditable]")) return;
      const count = data.page.rows.length;
      if (count === 0) return;
      if (event.key === "j") setSelected((index) => Math.min(count - 1, index + 1));
      else if (event.key === "k") setSelected((index) => Math.max(0, index - 1));
      else if (event.key === "Enter" || event.key === "o") {
        const row = data.page.rows[selected];
        if (row) navigate(`/inquiries/${row.id}`);
      } else return;
      event.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [data.page.rows, selected, navigate]);

  useEffect(() => {
    rowsRef.current?.querySelector<HTMLElement>(`[data-row-index="${selected}"] a`)?.focus({ preventScroll: false });
  }, [selected]);

  const figures = data.figures;
  const value = (name: string) => searchParams.get(name) ?? "";
  return (
    <section aria-labelledby="inbox-title" className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 id="inbox-title" className="text-2xl font-semibold">
          {t("inbox.title")}
        </h1>
        <div className="flex flex-wrap items-center gap-2">
          <Form method="post" className="flex items-center gap-2">
            <input type="hidden" name="onDuty" value={data.me.onDuty ? "" : "on"} />
            <button type="submit" className="btn-secondary" aria-pressed={data.me.onDuty}>
              {data.me.onDuty ? t("inbox.goOffDuty") : t("inbox.goOnDuty")}
            </button>
          </Form>
          <NotificationToggle />
          <Link to="/inquiries/new" className="btn-primary">
            {t("inbox.logInquiry")}
          </Link>
        </div>
      </div>
      <IgnoredFilters names={data.ignoredFilters} />

      <dl className="grid grid-cols-1 gap-3 sm:grid-cols-3" aria-label={t("inbox.todayFigures")}>
        <div className="card">
          <dt className="text-sm text-slate-600">{t("inbox.thirtySecondRate", { seconds: data.thresholdSeconds })}</dt>
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
            {format.number(data.unanswered)}
          </dd>
        </div>
      </dl>

      <MyFigures own={data.own} thresholdSeconds={data.thresholdSeconds} />

      <Form method="get" className="card grid grid-cols-2 gap-3 md:grid-cols-4 lg:grid-cols-7" role="search">
        {data.metric ? <input type="hidden" name="metric" value={data.metric} /> : null}
        <div className="col-span-2">
          <label htmlFor="filter-q" className="field-label">
            {t("inbox.search")}
          </label>
          <input id="filter-q" name="q" type="search" defaultValue={value("q")} className="field-input" placeholder={t("inbox.searchHint")} />
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
            {data.channels.map((channel) => (
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
            {data.people.map((person) => (
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

      {data.metric ? (
        <p className="flex flex-wrap items-center gap-2" data-metric={data.metric}>
          <span className="inline-flex items-center gap-1 rounded-full bg-brand-50 px-3 py-1 text-sm text-brand-700">
            {t("reportResponse.metricChip", {
              metric: t(`reportResponse.metric.${data.metric}`, { seconds: data.thresholdSeconds }),
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
      ) : null}

      {data.page.total === 0 ? (
        <EmptyState>{searchParams.toString() ? t("inbox.noMatches") : t("inbox.empty")}</EmptyState>
      ) : (
        <div className="card overflow-x-auto p-0">
          <table className="data-table">
            <thead className="bg-slate-50">
              <tr>
                <th scope="col">{t("inbox.received")}</th>
                <th scope="col">{t("inbox.subject")}</th>
                <th scope="col">{t("inbox.customer")}</th>
                <th scope="col">{t("inbox.channel")}</th>
                <th scope="col">{t("inbox.status")}</th>
                <th scope="col">{t("inbox.assignee")}</th>
                <th scope="col">{t("inbox.firstResponse")}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100" ref={rowsRef}>
              {data.page.rows.map((row, index) => (
                <tr
                  key={row.id}
                  data-row-index={index}
                  data-inquiry-id={row.id}
                  className={index === selected ? "bg-brand-50" : row.firstResponseAt ? "" : "font-medium"}
                >
                  <td className="whitespace-nowrap">{format.dateTime(row.receivedAt)}</td>
                  <td>
                    <Link to={`/inquiries/${row.id}`} className="text-brand-700 hover:underline" onFocus={() => setSelected(index)}>
                      {row.subject}
                    </Link>
                  </td>
                  <td>
                    {row.customer ?? t("common.none")}
                    {row.contact ? <span className="block text-xs text-slate-500">{row.contact}</span> : null}
                  </td>
                  <td>{row.channel}</td>
                  <td>{t(`inquiryStatus.${row.status}`)}</td>
                  <td>{row.assignee ?? t("inbox.unassigned")}</td>
                  <td className="whitespace-nowrap">
                    {row.frtMs !== null ? (
                      format.duration(row.frtMs)
                    ) : WAITING.has(row.status) ? (
                      <WaitingClock
                        receivedAt={row.receivedAt}
                        thresholdSeconds={data.thresholdSeconds}
                        serverOffset={serverOffset}
                        initialAgeMs={Math.max(0, data.serverNow - new Date(row.receivedAt).getTime())}
                      />
                    ) : (
                      t("inbox.notAnswered")
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={data.page.page} pages={data.page.pages} total={data.page.total} pageSize={data.page.pageSize} moreThan={data.page.moreThan} />
    </section>
  );
}
