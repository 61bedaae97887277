import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createI18n } from "~/i18n";
import { en } from "~/i18n/en";
import { zhCN } from "~/i18n/zh-CN";

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(tsx?|ts)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

/** Every literal catalog key the product asks for: t("a.b"), i18nKey, and message keys in schemas. */
function keysUsed(): Map<string, string> {
  const used = new Map<string, string>();
  const patterns = [
    /\bt\(\s*"([a-zA-Z]+(?:\.[a-zA-Z0-9_]+)+)"/g,
    /"((?:errors|documents\.errors|customers\.errors|login|publicForm|toast)\.[a-zA-Z.]+)"/g,
  ];
  for (const file of sourceFiles("app")) {
    const text = readFileSync(file, "utf8");
    for (const pattern of patterns) {
      for (const match of text.matchAll(pattern)) used.set(match[1]!, file);
    }
  }
  return used;
}

function leafKeys(object: object, prefix = ""): string[] {
  return Object.entries(object).flatMap(([key, value]) =>
    typeof value === "string" ? [`${prefix}${key}`] : leafKeys(value as object, `${prefix}${key}.`),
  );
}

describe("the catalogs", () => {
  it("hold every key the product uses, in both languages", () => {
    const missing: string[] = [];
    for (const locale of ["en", "zh-CN"] as const) {
      const i18n = createI18n(locale);
      for (const [key, file] of keysUsed()) {
        // Plural keys exist as key_one / key_other.
        const found =
          i18n.exists(key, { lng: locale, fallbackLng: false }) ||
          i18n.exists(`${key}_other`, { lng: locale, fallbackLng: false });
        if (!found) missing.push(`${locale}: ${key} (${file})`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("translate every English text into Chinese (same keys, no English left behind in long texts)", () => {
    const english = leafKeys(en);
    const chinese = new Set(leafKeys(zhCN));
    expect(english.filter((key) => !chinese.has(key))).toEqual([]);
    const untranslated = english.filter((key) => {
      const value = key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], zhCN);
      const original = key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], en);
      return typeof value === "string" && value === original && /[a-z]{4,} [a-z]{4,}/.test(value);
    });
    expect(untranslated).toEqual([]);
  });
});
