import { useTranslation } from "~/utils/use-translation";
import { decodeReminderReason } from "~/domain/reminders";
import { useFormat } from "~/utils/use-format";

/** A reminder's reason in the reader's language; a reason stored as plain text is shown as it is. */
export function ReminderReason({ reason }: { reason: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const decoded = decodeReminderReason(reason);
  const figure = (name: string) => decoded[name];
  switch (decoded.code) {
    case "repurchase_own_cycle":
    case "repurchase_population_cycle":
    case "repurchase_default_cycle": {
      const overdue = Number(figure("daysOverdue") ?? 0);
      return (
        <>
          {t(`reminders.reasons.${decoded.code}`, {
            cycleDays: figure("cycleDays"),
            purchaseDays: figure("purchaseDays"),
            populationSize: figure("populationSize"),
            lastPurchaseOn: format.day(String(figure("lastPurchaseOn") ?? "")),
            expectedOn: format.day(String(figure("expectedOn") ?? "")),
          })}{" "}
          {overdue > 0 ? t("reminders.reasons.overdue", { count: overdue }) : t("reminders.reasons.dueIn", { count: -overdue })}
        </>
      );
    }
    case "tier_change": {
      const from = figure("fromTier");
      return (
        <>
          {t("reminders.reasons.tier_change", {
            to: t(`tiers.${String(figure("toTier"))}`),
            from: from ? t(`tiers.${String(from)}`) : t("customers.noTier"),
          })}
        </>
      );
    }
    case "sla_escalation":
      return <>{t("reminders.reasons.sla_escalation", { subject: figure("subject"), minutes: figure("minutes") })}</>;
    default:
      return <>{decoded.text}</>;
  }
}
