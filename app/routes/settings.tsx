import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "~/utils/use-translation";
import { requirePermission } from "~/auth/session.server";
import { CheckboxField, FormErrorSummary, TextAreaField, TextField } from "~/components/forms";
import { db } from "~db/client.server";
import { getSettings, saveSettings } from "~/models/settings.server";
import { parseForm, type FieldErrors } from "~/schemas/form";
import { settingsFormSchema, settingsToFormValues } from "~/schemas/settings-form";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "settings.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "manageSettings");
  return { values: settingsToFormValues(getSettings(db())) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "manageSettings");
  const parsed = parseForm(settingsFormSchema, await request.formData());
  if (!parsed.ok) {
    return Response.json({ saved: false, errors: parsed.errors, values: parsed.values }, { status: 400 });
  }
  saveSettings(db(), parsed.data, { userId: user.id, at: new Date() });
  return Response.json({ saved: true, errors: {}, values: settingsToFormValues(getSettings(db())) });
}

type ActionData = { saved: boolean; errors: FieldErrors; values: Record<string, string> };

function Section({ title, children, help }: { title: string; children: ReactNode; help?: string }) {
  return (
    <fieldset className="card space-y-4">
      <legend className="px-1 text-lg font-semibold">{title}</legend>
      {help ? <p className="text-sm text-slate-600">{help}</p> : null}
      <div className="grid grid-cols-1 gap-4 md:grid-cols-2">{children}</div>
    </fieldset>
  );
}

const WEEKDAY_ORDER = [1, 2, 3, 4, 5, 6, 0] as const;

export default function SettingsPage() {
  const { t } = useTranslation();
  const { values: stored } = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  const navigation = useNavigation();
  // After a failed save, show exactly what was typed; after a good one, what was stored.
  const values = actionData?.values ?? stored;
  const errors = actionData?.errors;
  const text = (name: string) => ({ name, defaultValue: values[name] ?? "", errors });
  const checked = (name: string) => ({ name, defaultChecked: values[name] === "on", errors });
  // Remount the form on every answer so defaultValue shows the values the server sent back.
  const formKey = JSON.stringify(values);
  return (
    <div>
      <h1 className="text-2xl font-semibold">{t("settings.title")}</h1>
      <Form method="post" className="mt-6 space-y-6" key={formKey} noValidate>
        <FormErrorSummary errors={errors} />
        {actionData?.saved ? (
          <p role="status" className="rounded-md bg-green-50 p-3 text-sm text-green-800">
            {t("common.saved")}
          </p>
        ) : null}
        <Section title={t("settings.general")}>
          <TextField label={t("settings.timeZone")} {...text("timeZone")} />
          <TextField label={t("settings.baseCurrency")} {...text("baseCurrency")} maxLength={3} />
        </Section>
        <Section title={t("settings.calendar")} help={t("settings.calendarHelp")}>
          {WEEKDAY_ORDER.map((day) => (
            <TextField key={day} label={t(`settings.weekday.${day}`)} {...text(`weekday${day}`)} placeholder="09:00-18:00" />
          ))}
          <TextField label={t("settings.makeUpDayWindows")} {...text("makeUpDayWindows")} />
          <TextAreaField label={t("settings.holidays")} help={t("settings.datesHelp")} rows={4} {...text("holidays")} />
          <TextAreaField label={t("settings.makeUpDays")} help={t("settings.datesHelp")} rows={4} {...text("makeUpDays")} />
        </Section>
        <Section title={t("settings.response")}>
          <TextField label={t("settings.thresholdSeconds")} inputMode="numeric" {...text("thresholdSeconds")} />
          <TextField label={t("settings.businessSlaMinutes")} inputMode="numeric" {...text("businessSlaMinutes")} />
          <TextField label={t("settings.escalationMinutes")} inputMode="numeric" {...text("escalationMinutes")} />
          <TextField label={t("settings.intakeRatePerSecond")} inputMode="numeric" {...text("intakeRatePerSecond")} />
          <TextField label={t("settings.intakeBurst")} inputMode="numeric" {...text("intakeBurst")} />
          <div className="space-y-3">
            <CheckboxField label={t("settings.autoReplyEnabled")} {...checked("autoReplyEnabled")} />
            <CheckboxField label={t("settings.roundRobin")} {...checked("roundRobin")} />
          </div>
          <TextAreaField label={t("settings.autoReplyTextEn")} rows={3} {...text("autoReplyTextEn")} />
          <TextAreaField label={t("settings.autoReplyTextZh")} rows={3} {...text("autoReplyTextZh")} />
        </Section>
        <Section title={t("settings.tiers")}>
          <TextField label={t("settings.newWindowDays")} inputMode="numeric" {...text("newWindowDays")} />
          <TextField label={t("settings.dormantAfterDays")} inputMode="numeric" {...text("dormantAfterDays")} />
          <TextField label={t("settings.highValueTopPercent")} inputMode="numeric" {...text("highValueTopPercent")} />
          <TextField label={t("settings.highValueMinOrders")} inputMode="numeric" {...text("highValueMinOrders")} />
        </Section>
        <Section title={t("settings.reminders")}>
          <TextField label={t("settings.leadDays")} inputMode="numeric" {...text("leadDays")} />
        </Section>
        <Section title={t("settings.clv")}>
          <TextField label={t("settings.monthlyDiscountRate")} inputMode="decimal" {...text("monthlyDiscountRatePercent")} />
        </Section>
        <Section title={t("settings.seller")}>
          <TextField label={t("settings.companyName")} {...text("companyName")} />
          <TextField label={t("settings.phone")} {...text("phone")} />
          <TextField label={t("settings.email")} type="email" {...text("sellerEmail")} />
          <TextField label={t("settings.website")} {...text("website")} />
          <TextField label={t("settings.taxId")} {...text("taxId")} />
          <TextAreaField label={t("settings.address")} rows={3} {...text("address")} />
          <TextAreaField label={t("settings.bankDetails")} rows={3} {...text("bankDetails")} />
          <TextAreaField label={t("settings.quoteTerms")} rows={3} {...text("quoteTerms")} />
        </Section>
        <div className="flex justify-end">
          <button type="submit" className="btn-primary" disabled={navigation.state === "submitting"}>
            {t("common.save")}
          </button>
        </div>
      </Form>
    </div>
  );
}
