import i18next, { type i18n as I18n, type TFunction } from "i18next";
import { en } from "./en";
import { zhCN } from "./zh-CN";

export const SUPPORTED_LOCALES = ["en", "zh-CN"] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

const resources = {
  en: { translation: en },
  "zh-CN": { translation: zhCN },
} as const;

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (SUPPORTED_LOCALES as readonly string[]).includes(value);
}

/** Picks the best supported locale from an Accept-Language header. */
export function localeFromAcceptLanguage(header: string | null): Locale {
  if (!header) return DEFAULT_LOCALE;
  const wanted = header
    .split(",")
    .map((part) => {
      const [tag = "", q] = part.trim().split(";q=");
      return { tag: tag.toLowerCase(), q: q === undefined ? 1 : Number(q) };
    })
    .filter((entry) => entry.tag && !Number.isNaN(entry.q))
    .sort((a, b) => b.q - a.q);
  for (const { tag } of wanted) {
    if (tag.startsWith("zh")) return "zh-CN";
    if (tag.startsWith("en")) return "en";
  }
  return DEFAULT_LOCALE;
}

/**
 * A fresh i18next instance for one locale. The catalogs are small and bundled, so initialisation is
 * synchronous and the server and the browser render the same text on the first pass.
 */
export function createI18n(locale: Locale): I18n {
  const instance = i18next.createInstance();
  void instance.init({
    resources,
    lng: locale,
    fallbackLng: DEFAULT_LOCALE,
    initAsync: false,
    // React escapes what it renders; escaping here too would show &amp; to people.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return instance;
}

const fixed = new Map<Locale, TFunction>();
/** A translate function for server-side text (API errors, CSV reports, e-mails). */
export function translator(locale: Locale): TFunction {
  let t = fixed.get(locale);
  if (!t) {
    t = createI18n(locale).t;
    fixed.set(locale, t);
  }
  return t;
}

/**
 * Validation messages are catalog keys, optionally with values after a bar:
 * "errors.tooShort|{"minimum":8}". Anything else is shown as it is.
 */
export function translateMessage(t: TFunction, message: string): string {
  const [key = message, values] = message.split("|");
  if (!/^[a-zA-Z]+\.[a-zA-Z.]+$/.test(key)) return message;
  return t(key, values ? (JSON.parse(values) as Record<string, unknown>) : {});
}
