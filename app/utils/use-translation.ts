import { useContext } from "react";
import type { i18n as I18n, TFunction } from "i18next";
import { I18nContext } from "react-i18next";

const bound = new WeakMap<I18n, { t: TFunction; i18n: I18n }>();

/**
 * The reader's translate function, from the i18n instance the root provides (one per language:
 * a change of language makes a new instance, and with it re-renders every user of this hook).
 * react-i18next's own hook builds a fixed translate function and subscribes to the instance in
 * every component that calls it; a list of a few hundred rows paid more for that than for its
 * data. This one hands every component the same function.
 */
export function useTranslation(): { t: TFunction; i18n: I18n } {
  const { i18n } = useContext(I18nContext);
  let value = bound.get(i18n);
  if (!value) bound.set(i18n, (value = { t: remembering(i18n.getFixedT(i18n.language)), i18n }));
  return value;
}

/**
 * The translate function, remembering the texts asked for by key alone (labels, headings): the
 * catalogs are bundled and never change while an instance lives, and a list repeats the same
 * labels on every row. A call with options (counts, names, dates) is translated each time.
 */
function remembering(fixed: TFunction): TFunction {
  const texts = new Map<string, string>();
  const translate = (...args: unknown[]) => {
    if (args.length === 1 && typeof args[0] === "string") {
      const key = args[0];
      let text = texts.get(key);
      if (text === undefined) {
        text = String((fixed as unknown as (key: string) => unknown)(key));
        texts.set(key, text);
      }
      return text;
    }
    return (fixed as unknown as (...all: unknown[]) => unknown)(...args);
  };
  return Object.assign(translate, fixed) as unknown as TFunction;
}
