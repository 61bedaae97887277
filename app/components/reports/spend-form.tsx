import { Form, Link, useNavigation } from "@remix-run/react";
import { FormErrorSummary, SelectField, TextField } from "~/components/forms";
import type { SpendFormEntry } from "~/models/channel-spend.server";
import type { FieldErrors } from "~/schemas/form";
import { useTranslation } from "~/utils/use-translation";
import { useMonthNames } from "./spend-grid";

/** What the spend page's action answers. */
export type SpendActionData = {
  saved?: { id: number; month: string; channel: string; created: boolean };
  removed?: { month: string; channel: string };
  errors: FieldErrors;
  values: Record<string, string>;
};

/** "Saved" or "removed" after the action, naming the channel and month. */
export function SpendDone({ actionData }: { actionData: SpendActionData | undefined }) {
  const { t } = useTranslation();
  const { longMonth } = useMonthNames();
  const done = actionData?.saved
    ? t("reportFunnel.spend.saved", { channel: actionData.saved.channel, month: longMonth(actionData.saved.month) })
    : actionData?.removed
      ? t("reportFunnel.spend.removed", { channel: actionData.removed.channel, month: longMonth(actionData.removed.month) })
      : null;
  return done ? (
    <p role="status" className="rounded-md bg-green-50 p-3 text-sm text-green-800">
      {done}
    </p>
  ) : null;
}

/** Sets one month's spend of one channel; opened on an entry, it changes or removes that entry. */
export function SpendForm({
  defaultMonth,
  year,
  baseCurrency,
  channels,
  target,
  editing,
  canSeeHistory,
  actionData,
}: {
  defaultMonth: string;
  year: number;
  baseCurrency: string;
  channels: { key: string; name: string; active: boolean }[];
  target: { month: string; channel: string } | null;
  editing: SpendFormEntry | null;
  canSeeHistory: boolean;
  actionData: SpendActionData | undefined;
}) {
  const { t } = useTranslation();
  const { longMonth } = useMonthNames();
  const navigation = useNavigation();
  const errors = actionData?.errors;
  const values: Record<string, string> =
    actionData?.values && Object.keys(actionData.values).length > 0
      ? actionData.values
      : editing
        ? {
            month: editing.month,
            channel: editing.channel,
            amount: editing.amount,
            currency: editing.currency,
            fxRate: editing.currency === baseCurrency ? "" : editing.fxRate,
          }
        : {
            month: target?.month ?? defaultMonth,
            channel: target?.channel ?? "",
            amount: "",
            currency: baseCurrency,
            fxRate: "",
          };
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
              const question = t("reportFunnel.spend.confirmRemove", {
                channel: editing.channelName,
                month: longMonth(editing.month),
              });
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
