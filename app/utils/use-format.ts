import { useRootData } from "./root-data";
import { DEFAULT_LOCALE } from "~/i18n";
import * as format from "./format";

/** Formatting bound to the reader's language and the team's time zone and base currency. */
export function useFormat() {
  const root = useRootData();
  const locale = root?.locale ?? DEFAULT_LOCALE;
  const timeZone = root?.timeZone ?? "Asia/Shanghai";
  const baseCurrency = root?.baseCurrency ?? "USD";
  return {
    locale,
    timeZone,
    baseCurrency,
    dateTime: (value: Date | string | number | null | undefined) => format.formatDateTime(value, locale, timeZone),
    date: (value: Date | string | number | null | undefined) => format.formatDate(value, locale, timeZone),
    day: (value: string | null | undefined) => format.formatDay(value, locale),
    month: (value: string | null | undefined) => format.formatMonth(value, locale),
    money: (minor: number | null | undefined, currency = baseCurrency) => format.formatMoney(minor, currency, locale),
    number: (value: number | null | undefined, digits = 0) => format.formatNumber(value, locale, digits),
    duration: (ms: number | null | undefined) => format.formatDuration(ms, locale),
  };
}
