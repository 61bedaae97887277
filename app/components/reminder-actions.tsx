import { Link, useActionData, useFetcher } from "@remix-run/react";
import { useTranslation } from "~/utils/use-translation";
import type { ReminderKind, ReminderStatus } from "~db/enums";
import { FormErrorSummary, TextAreaField, TextField, useErrorText } from "~/components/forms";
import type { FieldErrors } from "~/schemas/form";
import { useFormat } from "~/utils/use-format";
import { ReminderReason } from "~/components/reminder-reason";

export type ReminderIntent = "done" | "snooze" | "dismiss";

export type ReminderActionData =
  | { ok: true; id: number; intent: ReminderIntent; until?: string }
  | { ok?: undefined; id: number; intent: ReminderIntent; errors: FieldErrors; values: Record<string, string> };

export type ReminderRow = {
  id: number;
  kind: ReminderKind;
  status: ReminderStatus;
  dueAt: Date | string;
  /** Whole days since the due day in the team's time zone (negative: due later). */
  daysOverdue: number;
  snoozedUntil: Date | string | null;
  reason: string;
  outcome: string | null;
  priority: number | null;
  customerId: number | null;
  customer: string | null;
  /** Shown to managers only; null owner means the managers. */
  owner?: string | null;
};

function errorsOf(data: ReminderActionData | undefined): { errors?: FieldErrors; values: Record<string, string> } {
  if (!data || data.ok) return { values: {} };
  return { errors: data.errors, values: data.values };
}

/**
 * The result for one form: its fetcher's (with JavaScript), else the page's action data when the
 * page was rendered again after a plain post (without JavaScript) from this very reminder and intent.
 */
function resultFor(
  fetched: ReminderActionData | undefined,
  posted: ReminderActionData | undefined,
  id: number,
  intent: ReminderIntent,
): ReminderActionData | undefined {
  if (fetched) return fetched;
  return posted && posted.id === id && posted.intent === intent ? posted : undefined;
}

/**
 * The page-level line after a plain post (without JavaScript): what was done, or why nothing was
 * when the reminder is no longer in the list (closed meanwhile), so the message is never lost.
 */
export function ReminderActionNotice({ listed }: { listed: number[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const errorText = useErrorText();
  const data = useActionData<ReminderActionData>();
  if (!data || typeof data !== "object" || !("intent" in data)) return null;
  if (data.ok) {
    return (
      <p role="status" className="rounded-md bg-green-50 p-3 text-sm text-green-800">
        {data.intent === "done"
          ? t("reminders.doneDone")
          : data.intent === "dismiss"
            ? t("reminders.dismissedDone")
            : t("reminders.snoozedDone", { date: format.day(data.until) })}
      </p>
    );
  }
  if (listed.includes(data.id)) return null;
  return (
    <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">
      {Object.values(data.errors)
        .flat()
        .map((message) => (
          <p key={message}>{errorText(message)}</p>
        ))}
    </div>
  );
}

function Hidden({ intent, id }: { intent: ReminderIntent; id: number }) {
  return (
    <>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="id" value={id} />
    </>
  );
}

/**
 * Mark done (with an outcome), snooze to a later day, or dismiss (after a confirmation). The forms
 * post to the page's own route, which answers with the shared reminder action.
 */
function ReminderActions({ reminder, tomorrow }: { reminder: Pick<ReminderRow, "id" | "customer">; tomorrow: string }) {
  const { t } = useTranslation();
  const done = useFetcher<ReminderActionData>();
  const snooze = useFetcher<ReminderActionData>();
  const dismiss = useFetcher<ReminderActionData>();
  const posted = useActionData<ReminderActionData>();
  const doneState = errorsOf(resultFor(done.data, posted, reminder.id, "done"));
  const snoozeState = errorsOf(resultFor(snooze.data, posted, reminder.id, "snooze"));
  const dismissState = errorsOf(resultFor(dismiss.data, posted, reminder.id, "dismiss"));
  const errorText = useErrorText();
  const who = reminder.customer ?? t("reminders.noCustomer");
  return (
    <div className="flex flex-wrap items-start gap-2">
      <details className="group" open={doneState.errors ? true : undefined}>
        <summary className="btn-secondary cursor-pointer list-none">
          {t("reminders.markDone")}
          <span className="sr-only"> {who}</span>
        </summary>
        <done.Form method="post" className="mt-2 w-72 space-y-2" noValidate>
          <Hidden intent="done" id={reminder.id} />
          <FormErrorSummary errors={doneState.errors} />
          <TextAreaField
            label={t("reminders.outcomeLabel")}
            name="outcome"
            rows={2}
            maxLength={500}
            help={t("reminders.outcomeHelp")}
            defaultValue={doneState.values.outcome ?? ""}
            errors={doneState.errors}
          />
          <button type="submit" className="btn-primary" disabled={done.state !== "idle"}>
            {t("reminders.saveDone")}
          </button>
        </done.Form>
      </details>
      <details className="group" open={snoozeState.errors ? true : undefined}>
        <summary className="btn-secondary cursor-pointer list-none">
          {t("reminders.snooze")}
          <span className="sr-only"> {who}</span>
        </summary>
        <snooze.Form method="post" className="mt-2 w-60 space-y-2" noValidate>
          <Hidden intent="snooze" id={reminder.id} />
          <FormErrorSummary errors={snoozeState.errors} />
          <TextField
            label={t("reminders.snoozeUntil")}
            name="until"
            type="date"
            min={tomorrow}
            defaultValue={snoozeState.values.until ?? tomorrow}
            errors={snoozeState.errors}
          />
          <button type="submit" className="btn-primary" disabled={snooze.state !== "idle"}>
            {t("reminders.saveSnooze")}
          </button>
        </snooze.Form>
      </details>
      <dismiss.Form
        method="post"
        onSubmit={(event) => {
          if (!confirm(t("reminders.confirmDismiss", { customer: who }))) event.preventDefault();
        }}
      >
        <Hidden intent="dismiss" id={reminder.id} />
        <button type="submit" className="btn-secondary" disabled={dismiss.state !== "idle"}>
          {t("reminders.dismiss")}
          <span className="sr-only"> {who}</span>
        </button>
        {dismissState.errors?.[""]?.map((message) => (
          <p key={message} role="alert" className="field-error">
            {errorText(message)}
          </p>
        ))}
      </dismiss.Form>
    </div>
  );
}

function Due({ reminder }: { reminder: ReminderRow }) {
  const { t } = useTranslation();
  const format = useFormat();
  const snoozed = reminder.status === "snoozed" && reminder.snoozedUntil;
  return (
    <span className="text-slate-600">
      {t("reminders.due")}: {format.date(reminder.dueAt)}
      {reminder.daysOverdue > 0 ? (
        <span className="ml-1 font-medium text-red-700">({t("reminders.overdue", { count: reminder.daysOverdue })})</span>
      ) : reminder.daysOverdue === 0 ? (
        <span className="ml-1 font-medium">({t("reminders.dueToday")})</span>
      ) : null}
      {snoozed ? (
        <span className="ml-2 text-slate-500">{t("reminders.snoozedUntil", { date: format.date(reminder.snoozedUntil) })}</span>
      ) : null}
    </span>
  );
}

/**
 * Reminders in the order given (the models sort them: highest priority first), each with its
 * actions while it is open or snoozed.
 */
export function ReminderList({
  reminders,
  tomorrow,
  showOwner = false,
}: {
  reminders: ReminderRow[];
  tomorrow: string;
  showOwner?: boolean;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <ul className="card mt-3 divide-y divide-slate-100 p-0">
      {reminders.map((reminder) => {
        const active = reminder.status === "open" || reminder.status === "snoozed";
        return (
          <li key={reminder.id} className="space-y-2 px-4 py-3 text-sm">
            <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
              {reminder.customerId ? (
                <Link to={`/customers/${reminder.customerId}`} className="font-medium text-brand-700 underline">
                  {reminder.customer}
                </Link>
              ) : (
                <span className="font-medium">{t("reminders.noCustomer")}</span>
              )}
              <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-700">
                {t(`reminders.kinds.${reminder.kind}`)}
              </span>
              {reminder.status !== "open" ? (
                <span className="rounded-full bg-amber-50 px-2 py-0.5 text-xs text-amber-800">
                  {t(`reminders.statuses.${reminder.status}`)}
                </span>
              ) : null}
              <Due reminder={reminder} />
              {reminder.priority !== null ? (
                <span className="text-slate-600">
                  {t("reminders.expectedValue")}: {format.money(reminder.priority)}
                </span>
              ) : null}
              {showOwner ? (
                <span className="text-slate-600">
                  {t("reminders.owner")}: {reminder.owner ?? t("reminders.managers")}
                </span>
              ) : null}
            </div>
            {/* Reasons are stored in English by the jobs, with their figures; shown as they are. */}
            <p className="text-slate-700" lang="en">
              <ReminderReason reason={reminder.reason} />
            </p>
            {reminder.outcome ? (
              <p className="text-slate-600">
                {t("reminders.outcome")}: {reminder.outcome === "ordered" ? t("reminders.outcomes.ordered") : reminder.outcome}
              </p>
            ) : null}
            {active ? <ReminderActions reminder={reminder} tomorrow={tomorrow} /> : null}
          </li>
        );
      })}
    </ul>
  );
}
