import type { MetaDescriptor } from "@remix-run/node";
import { DEFAULT_LOCALE, isLocale, translator } from "~/i18n";

type Match = { id: string; data: unknown };

/** A page title in the reader's language, "Inbox · Inquiry CRM". */
export function pageTitle(matches: Match[], key: string, values?: Record<string, unknown>): MetaDescriptor[] {
  const root = matches.find((match) => match.id === "root")?.data as { locale?: unknown } | undefined;
  const t = translator(isLocale(root?.locale) ? root.locale : DEFAULT_LOCALE);
  return [{ title: `${t(key, values ?? {})} · ${t("app.name")}` }];
}
