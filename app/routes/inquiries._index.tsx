import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "~/utils/use-translation";
import { requirePermission } from "~/auth/session.server";
import { IgnoredFilters } from "~/components/ignored-filters";
import { DATE_FILTER_CHECKS, ignoredFilters } from "~/schemas/date-filter";
import { EmptyState } from "~/components/empty-state";
import { InboxFilterBar, MetricChip } from "~/components/inquiries/inbox-filter-bar";
import { MyFigures, TeamFigures } from "~/components/inquiries/inbox-figures";
import { InquiryListTable } from "~/components/inquiries/inquiry-list-table";
import { NotificationToggle, useNewInquiryAlerts } from "~/components/inquiries/new-inquiry-alerts";
import { useServerOffset } from "~/components/live";
import { Pagination } from "~/components/pagination";
import { db } from "~db/client.server";
import { addDays, localDay } from "~/domain/calendar";
import { assignableUsers, countUnanswered, listInquiries, todaysFigures } from "~/models/inquiry.server";
import { responseTotals } from "~/models/response-report.server";
import { getSettings } from "~/models/settings.server";
import { updateUser } from "~/models/user.server";
import { parseForm } from "~/schemas/form";
import { inboxFilterSchema, onDutySchema } from "~/schemas/inquiry";
import { pageTitle } from "~/utils/meta";
import { activeChannels } from "~/models/channel.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "inbox.title");

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

export default function Inbox() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const serverOffset = useServerOffset(data.serverNow);
  useNewInquiryAlerts();

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

      <TeamFigures figures={data.figures} unanswered={data.unanswered} thresholdSeconds={data.thresholdSeconds} />
      <MyFigures own={data.own} thresholdSeconds={data.thresholdSeconds} />
      <InboxFilterBar metric={data.metric} channels={data.channels} people={data.people} />
      {data.metric ? <MetricChip metric={data.metric} thresholdSeconds={data.thresholdSeconds} /> : null}

      {data.page.total === 0 ? (
        <EmptyState>{searchParams.toString() ? t("inbox.noMatches") : t("inbox.empty")}</EmptyState>
      ) : (
        <InquiryListTable
          rows={data.page.rows}
          thresholdSeconds={data.thresholdSeconds}
          serverNow={data.serverNow}
          serverOffset={serverOffset}
        />
      )}
      <Pagination
        page={data.page.page}
        pages={data.page.pages}
        total={data.page.total}
        pageSize={data.page.pageSize}
        moreThan={data.page.moreThan}
      />
    </section>
  );
}
