import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { invariantResponse } from "@epic-web/invariant";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/session.server";
import { SpendDone, SpendForm, type SpendActionData } from "~/components/reports/spend-form";
import { SpendGridSection, SpendYearNav } from "~/components/reports/spend-grid";
import { localDay } from "~/domain/calendar";
import { can } from "~/domain/permissions";
import {
  removeChannelSpend,
  setChannelSpend,
  spendChannelOptions,
  spendFormEntry,
  spendGrid,
} from "~/models/channel-spend.server";
import { getSettings } from "~/models/settings.server";
import { parseForm, submittedValues } from "~/schemas/form";
import {
  MAX_YEAR,
  MIN_YEAR,
  spendFormSchema,
  spendIntentSchema,
  spendQuerySchema,
  spendRemoveSchema,
} from "~/schemas/channel-spend";
import { pageTitle } from "~/utils/meta";
import { useTranslation } from "~/utils/use-translation";
import { db } from "~db/client.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "reportFunnel.spend.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "viewTeamReports");
  const database = db();
  const { timeZone, baseCurrency } = getSettings(database).general;
  const query = spendQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const today = localDay(new Date(), timeZone);
  const year = query.year ?? Number((query.month ?? today).slice(0, 4));
  const canEdit = can(user.role, "manageSettings");
  const target = canEdit && query.month && query.channel ? { month: query.month, channel: query.channel } : null;
  return {
    year,
    currentMonth: today.slice(0, 7),
    baseCurrency,
    grid: spendGrid(database, year, baseCurrency),
    channels: canEdit ? spendChannelOptions(database) : [],
    target,
    editing: target ? spendFormEntry(database, target.month, target.channel) : null,
    canEdit,
    canSeeHistory: can(user.role, "manageUsers"),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "manageSettings");
  const database = db();
  const formData = await request.formData();
  const intent = spendIntentSchema.safeParse({ intent: formData.get("intent") });
  if (!intent.success) throw new Response("Unknown action", { status: 400 });
  const by = { userId: user.id, at: new Date() };

  if (intent.data.intent === "remove") {
    const parsed = spendRemoveSchema.safeParse({ id: formData.get("id") });
    const removed = parsed.success ? removeChannelSpend(database, parsed.data.id, by) : undefined;
    invariantResponse(removed, "Not found", { status: 404 });
    return Response.json({ removed: { month: removed.spend.month, channel: removed.channelName }, errors: {}, values: {} });
  }

  const { baseCurrency } = getSettings(database).general;
  const channelKeys = spendChannelOptions(database).map((channel) => channel.key);
  const parsed = parseForm(spendFormSchema(baseCurrency, channelKeys), formData);
  if (!parsed.ok) return Response.json({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const result = setChannelSpend(database, parsed.data, by);
  if (!result.ok) {
    return Response.json(
      { errors: { channel: ["reportFunnel.spend.errors.channel"] }, values: submittedValues(formData) },
      { status: 400 },
    );
  }
  return Response.json({
    saved: { id: result.spend.id, month: result.spend.month, channel: result.channelName, created: result.created },
    errors: {},
    values: {},
  });
}

export default function ChannelSpendPage() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const { year, currentMonth, baseCurrency, canEdit } = data;
  const actionData = useActionData<SpendActionData>();

  return (
    <div className="space-y-8">
      <div>
        <Link to="/reports/funnel" className="text-sm text-brand-700 underline">
          {t("reportFunnel.spend.back")}
        </Link>
        <h1 className="mt-2 text-2xl font-semibold">{t("reportFunnel.spend.title")}</h1>
        <p className="mt-1 text-sm text-slate-600">{t("reportFunnel.spend.intro")}</p>
      </div>
      <SpendYearNav year={year} minYear={MIN_YEAR} maxYear={MAX_YEAR} />
      <SpendDone actionData={actionData} />
      <SpendGridSection year={year} grid={data.grid} baseCurrency={baseCurrency} canEdit={canEdit} />
      {canEdit ? (
        <SpendForm
          defaultMonth={year === Number(currentMonth.slice(0, 4)) ? currentMonth : `${year}-01`}
          year={year}
          baseCurrency={baseCurrency}
          channels={data.channels}
          target={data.target}
          editing={data.editing}
          canSeeHistory={data.canSeeHistory}
          actionData={actionData}
        />
      ) : (
        <p className="text-sm text-slate-600">{t("reportFunnel.spend.readOnly")}</p>
      )}
    </div>
  );
}
