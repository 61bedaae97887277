import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "~/utils/use-translation";
import { z } from "zod";
import { requirePermission } from "~/auth/session.server";
import { EmptyState } from "~/components/empty-state";
import { FormErrorSummary, SelectField, TextField } from "~/components/forms";
import { db } from "~db/client.server";
import { localDay } from "~/domain/calendar";
import { minorDigits, minorToDecimalString, parseMoney } from "~/domain/money";
import { can } from "~/domain/permissions";
import {
  getChannelSpend,
  removeChannelSpend,
  setChannelSpend,
  spendChannelOptions,
  spendGrid,
} from "~/models/channel-spend.server";
import { getSettings } from "~/models/settings.server";
import { parseForm, submittedValues, type FieldErrors } from "~/schemas/form";
import { orderRate } from "~/schemas/order";
import { currencySchema } from "~/schemas/settings";
import { pageTitle } from "~/utils/meta";
import { useFormat } from "~/utils/use-format";

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
  const existing = target ? getChannelSpend(database, target.month, target.channel) : undefined;
  return {
    year,
    currentMonth: today.slice(0, 7),
    baseCurrency,
    grid: spendGrid(database, year, baseCurrency),
    channels: canEdit ? spendChannelOptions(database) : [],
    target,
    editing: existing
      ? {
          id: existing.spend.id,
          month: existing.spend.month,
          channel: existing.channelKey,
          channelName: existing.channelName,
          amount: minorToDecimalString(existing.spend.amountMinor, existing.spend.currency),
          currency: existing.spend.currency,
          fxRate: existing.spend.fxRate,
        }
      : null,
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

type ActionData = {
  saved?: { id: number; month: string; channel: string; created: boolean };
  removed?: { month: string; channel: string };
  errors: FieldErrors;
  values: Record<string, string>;
};

export default function ChannelSpendPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { year, currentMonth, baseCurrency, grid, canEdit } = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  const monthName = (month: string) =>
    new Intl.DateTimeFormat(format.locale, { month: "short", timeZone: "UTC" }).format(new Date(`${month}-01T00:00:00Z`));
  const longMonth = (month: string) =>
    new Intl.DateTimeFormat(format.locale, { year: "numeric", month: "long", timeZone: "UTC" }).format(
      new Date(`${month}-01T00:00:00Z`),
    );
  const done = actionData?.saved
    ? t("reportFunnel.spend.saved", { channel: actionData.saved.channel, month: longMonth(actionData.saved.month) })
    : actionData?.removed
      ? t("reportFunnel.spend.removed", { channel: actionData.removed.channel, month: longMonth(actionData.removed.month) })
      : null;
  const cellLink = (month: string, channel: string) => `?${new URLSearchParams({ year: String(year), month, channel })}#spend-form`;

  return (
    <div className="space-y-8">
      <div>
        <Link to="/reports/funnel" className="text-sm text-brand-700 underline">
          {t("reportFunnel.spend.back")}
        </Link>
        <h1 className="mt-2 text-2xl font-semibold">{t("reportFunnel.spend.title")}</h1>
        <p className="mt-1 text-sm text-slate-600">{t("reportFunnel.spend.intro")}</p>
      </div>

      <nav className="card no-print flex flex-wrap items-end gap-3" aria-label={t("reportFunnel.spend.yearNav")}>
        {year > MIN_YEAR ? (
          <Link to={`?year=${year - 1}`} className="btn-secondary">
            ← {t("reportFunnel.spend.previousYear")}
          </Link>
        ) : null}
        <Form method="get" className="flex items-end gap-2">
          <div>
            <label htmlFor="spend-year" className="field-label">
              {t("reportFunnel.spend.year")}
            </label>
            <input
              id="spend-year"
              name="year"
              type="number"
              min={MIN_YEAR}
              max={MAX_YEAR}
              defaultValue={year}
              key={year}
              className="field-input w-28"
            />
          </div>
          <button type="submit" className="btn-secondary">
            {t("reports.show")}
          </button>
        </Form>
        {year < MAX_YEAR ? (
          <Link to={`?year=${year + 1}`} className="btn-secondary">
            {t("reportFunnel.spend.nextYear")} →
          </Link>
        ) : null}
      </nav>

      {done ? (
        <p role="status" className="rounded-md bg-green-50 p-3 text-sm text-green-800">
          {done}
        </p>
      ) : null}

      <section aria-labelledby="spend-grid-title" className="space-y-3">
        <h2 id="spend-grid-title" className="text-lg font-semibold">
          {t("reportFunnel.spend.gridTitle", { year })}
        </h2>
        {grid.entries === 0 ? (
          <EmptyState>{t("reportFunnel.spend.empty", { year })}</EmptyState>
        ) : (
          <>
            <p className="text-sm text-slate-600">{t("reportFunnel.spend.gridIntro", { currency: baseCurrency })}</p>
            <div className="card overflow-x-auto p-0">
              <table className="data-table" data-table="spend">
                <thead className="bg-slate-50">
                  <tr>
                    <th scope="col">{t("reportFunnel.spend.channel")}</th>
                    {grid.months.map((month) => (
                      <th key={month} scope="col" className="text-right">
                        <abbr title={longMonth(month)} className="no-underline">
                          {monthName(month)}
                        </abbr>
                      </th>
                    ))}
                    <th scope="col" className="text-right">
                      {t("reportFunnel.spend.total", { currency: baseCurrency })}
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {grid.rows.map((row) => (
                    <tr key={row.channel.key} data-channel={row.channel.key}>
                      <th scope="row" className="whitespace-nowrap text-left font-medium">
                        {row.channel.name}
                        {row.channel.active ? null : (
                          <span className="ml-1 text-xs font-normal text-slate-500">({t("reportFunnel.spend.inactive")})</span>
                        )}
                      </th>
                      {row.cells.map((cell, index) => {
                        const month = grid.months[index]!;
                        const label = { channel: row.channel.name, month: longMonth(month) };
                        return (
                          <td key={month} className="whitespace-nowrap text-right tabular-nums" data-month={month}>
                            {cell ? (
                              <>
                                {canEdit ? (
                                  <Link to={cellLink(month, row.channel.key)} className="text-brand-700 hover:underline">
                                    {format.money(cell.amountMinor, cell.currency)}
                                    <span className="sr-only"> · {t("reportFunnel.spend.editCell", label)}</span>
                                  </Link>
                                ) : (
                                  format.money(cell.amountMinor, cell.currency)
                                )}
                                {cell.currency === baseCurrency ? null : (
                                  <span className="block text-xs text-slate-500">≈ {format.money(cell.baseMinor, baseCurrency)}</span>
                                )}
                              </>
                            ) : canEdit ? (
                              <Link to={cellLink(month, row.channel.key)} className="text-slate-400 hover:text-brand-700">
                                <span aria-hidden="true">+</span>
                                <span className="sr-only">{t("reportFunnel.spend.addCell", label)}</span>
                              </Link>
                            ) : (
                              <span className="text-slate-400">{t("common.none")}</span>
                            )}
                          </td>
                        );
                      })}
                      <td className="whitespace-nowrap text-right font-medium tabular-nums">
                        {row.totalBaseMinor === null ? t("common.none") : format.money(row.totalBaseMinor, baseCurrency)}
                      </td>
                    </tr>
                  ))}
                </tbody>
                <tfoot className="border-t border-slate-200 bg-slate-50">
                  <tr>
                    <th scope="row" className="text-left">
                      {t("reportFunnel.spend.monthTotal", { currency: baseCurrency })}
                    </th>
                    {grid.monthTotalsBaseMinor.map((total, index) => (
                      <td key={grid.months[index]} className="whitespace-nowrap text-right tabular-nums">
                        {total === null ? t("common.none") : format.money(total, baseCurrency)}
                      </td>
                    ))}
                    <td className="whitespace-nowrap text-right font-semibold tabular-nums">
                      {grid.totalBaseMinor === null ? t("common.none") : format.money(grid.totalBaseMinor, baseCurrency)}
                    </td>
                  </tr>
                </tfoot>
              </table>
            </div>
          </>
        )}
      </section>

      {canEdit ? (
        <SpendForm defaultMonth={year === Number(currentMonth.slice(0, 4)) ? currentMonth : `${year}-01`} longMonth={longMonth} />
      ) : (
        <p className="text-sm text-slate-600">{t("reportFunnel.spend.readOnly")}</p>
      )}
    </div>
  );
}

function SpendForm({ defaultMonth, longMonth }: { defaultMonth: string; longMonth: (month: string) => string }) {
  const { t } = useTranslation();
  const { year, baseCurrency, channels, target, editing, canSeeHistory } = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  const navigation = useNavigation();
  const errors = actionData?.errors;
  const values: Record<string, string> =
    actionData?.values && Object.keys(actionData.values).length > 0
      ? actionData.values
      : editing
        ? { month: editing.month, channel: editing.channel, amount: editing.amount, currency: editing.currency, fxRate: editing.currency === baseCurrency ? "" : editing.fxRate }
        : { month: target?.month ?? defaultMonth, channel: target?.channel ?? "", amount: "", currency: baseCurrency, fxRate: "" };
  return (
    <section aria-labelledby="spend-form-title" id="spend-form" className="space-y-3">
      <h2 id="spend-form-title" className="text-lg font-semibold">
        {t("reportFunnel.spend.set")}
      </h2>
      {editing ? (
        <div className="flex flex-wrap items-center gap-3 text-sm">
          <p>{t("reportFunnel.spend.editing", { channel: editing.channelName, month: longMonth(editing.month) })}</p>
          <Form
            method="post"
            onSubmit={(event) => {
              const question = t("reportFunnel.spend.confirmRemove", { channel: editing.channelName, month: longMonth(editing.month) });
              if (!confirm(question)) event.preventDefault();
            }}
          >
            <input type="hidden" name="intent" value="remove" />
            <input type="hidden" name="id" value={editing.id} />
            <button type="submit" className="btn-danger">
              {t("reportFunnel.spend.remove")}
              <span className="sr-only">
                {" "}
                {editing.channelName} {longMonth(editing.month)}
              </span>
            </button>
          </Form>
          {canSeeHistory ? (
            <Link to={`/admin/audit?entity=channel_spend&id=${editing.id}`} className="text-brand-700 underline">
              {t("reportFunnel.spend.history")}
            </Link>
          ) : null}
          <Link to={`?year=${year}#spend-form`} className="text-brand-700 underline">
            {t("reportFunnel.spend.newEntry")}
          </Link>
        </div>
      ) : null}
      <Form
        method="post"
        className="card space-y-4"
        noValidate
        key={JSON.stringify({ editing, target, actionData: actionData ?? null })}
      >
        <FormErrorSummary errors={errors} />
        <p className="text-sm text-slate-600">{t("reportFunnel.spend.setHelp")}</p>
        <input type="hidden" name="intent" value="save" />
        <div className="grid grid-cols-1 gap-4 md:grid-cols-5">
          <TextField
            label={t("reportFunnel.spend.month")}
            name="month"
            type="month"
            placeholder="YYYY-MM"
            pattern="\d{4}-\d{2}"
            help={t("reportFunnel.spend.monthHelp")}
            defaultValue={values.month ?? ""}
            errors={errors}
          />
          <SelectField
            label={t("reportFunnel.spend.channel")}
            name="channel"
            defaultValue={values.channel ?? ""}
            errors={errors}
            options={[
              { value: "", label: t("reportFunnel.spend.chooseChannel") },
              ...channels.map((channel) => ({
                value: channel.key,
                label: channel.active ? channel.name : `${channel.name} (${t("reportFunnel.spend.inactive")})`,
              })),
            ]}
          />
          <TextField
            label={t("reportFunnel.spend.amount")}
            name="amount"
            inputMode="decimal"
            autoComplete="off"
            help={t("reportFunnel.spend.amountHelp")}
            defaultValue={values.amount ?? ""}
            errors={errors}
          />
          <TextField
            label={t("reportFunnel.spend.currency")}
            name="currency"
            maxLength={3}
            autoComplete="off"
            spellCheck={false}
            className="field-input uppercase"
            defaultValue={values.currency ?? baseCurrency}
            errors={errors}
          />
          <TextField
            label={t("reportFunnel.spend.fxRate", { base: baseCurrency })}
            name="fxRate"
            inputMode="decimal"
            autoComplete="off"
            help={t("reportFunnel.spend.fxRateHelp", { base: baseCurrency })}
            defaultValue={values.fxRate ?? ""}
            errors={errors}
          />
        </div>
        <button type="submit" className="btn-primary" disabled={navigation.state === "submitting"}>
          {t("reportFunnel.spend.save")}
        </button>
      </Form>
    </section>
  );
}
