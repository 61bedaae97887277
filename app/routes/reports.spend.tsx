import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requirePermission } from "~/auth/session.server";
import { SpendDone, SpendForm, type SpendActionData } from "~/components/reports/spend-form";
import { SpendGridSection, SpendYearNav } from "~/components/reports/spend-grid";
import { localDay } from "~/domain/calendar";
import { minorDigits, parseMoney } from "~/domain/money";
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
import { orderRate } from "~/schemas/order";
import { currencySchema } from "~/schemas/settings";
import { pageTitle } from "~/utils/meta";
import { useTranslation } from "~/utils/use-translation";
import { db } from "~db/client.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "reportFunnel.spend.title");

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const MIN_YEAR = 2000;
const MAX_YEAR = 2100;

/** An amount as a person types it: digits, optionally grouped with commas, and a decimal point. */
const amountTextSchema = z
  .string()
  .trim()
  .min(1, { abort: true })
  .regex(/^(\d+|\d{1,3}(,\d{3})+)(\.\d+)?$/, "reportFunnel.spend.errors.amount");

/** More decimals than the currency has are refused, never rounded. Undefined when the amount converts exactly. */
function amountError(text: string, currency: string): string | undefined {
  const decimals = text.split(".")[1]?.length ?? 0;
  const digits = minorDigits(currency);
  if (decimals > digits) {
    return digits === 0
      ? `reportFunnel.spend.errors.amountNoDecimals|${JSON.stringify({ currency })}`
      : `reportFunnel.spend.errors.amountDecimals|${JSON.stringify({ digits, currency })}`;
  }
  return parseMoney(text, currency) === null ? "reportFunnel.spend.errors.amountTooLarge" : undefined;
}

/**
 * One month's spend for one channel, as the form sends it. The rate follows the order form's rule
 * (`orderRate`): 1 for the base currency, required for any other. The currency-dependent checks
 * run beside the other fields' checks, so every error shows at once.
 */
function spendFormSchema(baseCurrency: string, channelKeys: readonly string[]) {
  return z
    .object({
      month: z
        .string()
        .trim()
        .min(1, { abort: true })
        // Only in the years the page can show: a month in year 0000 could be saved but never seen.
        .refine(
          (month) => MONTH.test(month) && Number(month.slice(0, 4)) >= MIN_YEAR && Number(month.slice(0, 4)) <= MAX_YEAR,
          "reportFunnel.spend.errors.month",
        ),
      channel: z
        .string({ error: "reportFunnel.spend.errors.channel" })
        .trim()
        .refine((key) => channelKeys.includes(key), "reportFunnel.spend.errors.channel"),
      amount: amountTextSchema,
      currency: currencySchema,
      fxRate: z
        .string()
        .trim()
        .optional()
        .transform((value) => value ?? ""),
    })
    .superRefine((value, ctx) => {
      const currency = currencySchema.safeParse(value.currency);
      if (!currency.success) return;
      const amount = amountTextSchema.safeParse(value.amount);
      const message = amount.success ? amountError(amount.data, currency.data) : undefined;
      if (message) ctx.addIssue({ code: "custom", path: ["amount"], message });
      const rate = orderRate(currency.data, baseCurrency, value.fxRate);
      if ("error" in rate) ctx.addIssue({ code: "custom", path: ["fxRate"], message: rate.error });
    })
    .transform(({ month, channel, amount, currency, fxRate }) => {
      const rate = orderRate(currency, baseCurrency, fxRate);
      return {
        month,
        channelKey: channel,
        amountMinor: parseMoney(amount, currency)!,
        currency,
        fxRate: "rate" in rate ? rate.rate : "1",
      };
    });
}

const querySchema = z.object({
  year: z.coerce.number().int().min(MIN_YEAR).max(MAX_YEAR).optional().catch(undefined),
  // ?month=&channel= opens the form on that month and channel (to change or remove its amount).
  month: z.string().regex(MONTH).optional().catch(undefined),
  channel: z.string().trim().min(1).max(60).optional().catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "viewTeamReports");
  const database = db();
  const { timeZone, baseCurrency } = getSettings(database).general;
  const query = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
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

const intentSchema = z.object({ intent: z.enum(["save", "remove"]) });
const removeSchema = z.object({ id: z.coerce.number().int().positive() });

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "manageSettings");
  const database = db();
  const formData = await request.formData();
  const intent = intentSchema.safeParse({ intent: formData.get("intent") });
  if (!intent.success) throw new Response("Unknown action", { status: 400 });
  const by = { userId: user.id, at: new Date() };

  if (intent.data.intent === "remove") {
    const parsed = removeSchema.safeParse({ id: formData.get("id") });
    const removed = parsed.success ? removeChannelSpend(database, parsed.data.id, by) : undefined;
    if (!removed) throw new Response("Not found", { status: 404 });
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
