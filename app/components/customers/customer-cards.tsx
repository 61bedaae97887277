import { useTranslation } from "~/utils/use-translation";
import { ReminderReason } from "~/components/reminder-reason";
import { TierReason } from "~/components/tier-reason";
import type { Customer, customerOpenReminders } from "~/models/customer.server";
import { useFormat } from "~/utils/use-format";

function Figure({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <div>
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="text-lg font-semibold tabular-nums">{value}</dd>
      {hint ? <dd className="text-xs text-slate-500">{hint}</dd> : null}
    </div>
  );
}

/** The customer's tier with the reason the tiers job gave, its RFM scores and the half-year trend. */
export function CustomerTierCard({ customer }: { customer: Customer }) {
  const { t } = useTranslation();
  const format = useFormat();
  const trend =
    customer.revenueLast180Minor === null || customer.revenuePrior180Minor === null
      ? null
      : { last: customer.revenueLast180Minor, prior: customer.revenuePrior180Minor };
  return (
    <section className="card space-y-2" aria-labelledby="tier-title">
      <h2 id="tier-title" className="font-semibold">
        {t("customers.tier")}
      </h2>
      {customer.tier ? (
        <>
          <p className="text-xl font-semibold" data-testid="customer-tier">
            {t(`tiers.${customer.tier}`)}
          </p>
          <TierReason reason={customer.tierReason} />
          {customer.tierSince ? (
            <p className="text-xs text-slate-500">{t("customers.tierSince", { date: format.day(customer.tierSince) })}</p>
          ) : null}
        </>
      ) : (
        <p className="text-sm text-slate-600">{t("customers.noTierYet")}</p>
      )}
      {customer.rfmRecencyScore !== null ? (
        <dl className="grid grid-cols-3 gap-2 pt-2">
          <Figure
            label={t("customers.recency")}
            value={t("customers.days", { count: customer.recencyDays ?? 0 })}
            hint={`R ${customer.rfmRecencyScore}`}
          />
          <Figure
            label={t("customers.frequency")}
            value={format.number(customer.frequency)}
            hint={`F ${customer.rfmFrequencyScore}`}
          />
          <Figure
            label={t("customers.monetary")}
            value={format.money(customer.monetaryMinor)}
            hint={`M ${customer.rfmMonetaryScore}`}
          />
        </dl>
      ) : null}
      {trend ? (
        <p className="text-sm text-slate-600">
          {t("customers.trend", { last: format.money(trend.last), prior: format.money(trend.prior) })}
        </p>
      ) : null}
    </section>
  );
}

/** What the customer has bought, and what the CLV job predicts for the next year. */
export function CustomerValueCard({ customer }: { customer: Customer }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <section className="card space-y-2" aria-labelledby="value-title">
      <h2 id="value-title" className="font-semibold">
        {t("customers.value")}
      </h2>
      <dl className="grid grid-cols-2 gap-3">
        <Figure label={t("customers.historicalValue")} value={format.money(customer.revenueTotalMinor)} />
        <Figure label={t("customers.revenue12m")} value={format.money(customer.revenue12mMinor)} />
        <Figure label={t("customers.orders")} value={format.number(customer.ordersCount)} />
        <Figure label={t("customers.lastOrder")} value={format.date(customer.lastOrderAt) || t("common.none")} />
      </dl>
      {customer.predictedClv12mMinor !== null ? (
        <dl className="grid grid-cols-2 gap-3 border-t border-slate-100 pt-2">
          <Figure label={t("customers.predictedClv")} value={format.money(customer.predictedClv12mMinor)} />
          <Figure label={t("customers.pAlive")} value={`${format.number((customer.pAlive ?? 0) * 100, 0)}%`} />
          <Figure label={t("customers.expectedOrders")} value={format.number(customer.expectedOrders365d, 1)} />
          <Figure label={t("customers.expectedOrderValue")} value={format.money(customer.expectedOrderValueMinor)} />
        </dl>
      ) : (
        <p className="text-sm text-slate-600">{t("customers.noPrediction")}</p>
      )}
      {customer.expectedNextPurchaseOn ? (
        <p className="text-sm">{t("customers.expectedNextPurchase", { date: format.day(customer.expectedNextPurchaseOn) })}</p>
      ) : null}
    </section>
  );
}

export function CustomerRemindersCard({ reminders }: { reminders: ReturnType<typeof customerOpenReminders> }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <section className="card space-y-2" aria-labelledby="reminders-title">
      <h2 id="reminders-title" className="font-semibold">
        {t("customers.openReminders")}
      </h2>
      {reminders.length === 0 ? (
        <p className="text-sm text-slate-600">{t("customers.noReminders")}</p>
      ) : (
        <ul className="space-y-1 text-sm">
          {reminders.map((reminder) => (
            <li key={reminder.id}>
              <span className="font-medium">{format.date(reminder.dueAt)}</span> · <ReminderReason reason={reminder.reason} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
