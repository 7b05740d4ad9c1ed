import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import i18next, { type i18n, type TFunction } from "i18next";
import { LANGUAGES, type Language } from "../services/languages.ts";

const LOCALES_DIR = path.dirname(fileURLToPath(import.meta.url));

export interface LanguageMeta {
  name: string;
  direction: "ltr" | "rtl";
  reviewedByNativeSpeaker: boolean;
}

/** Every catalog is read from locales/<lang>/<namespace>.json (files starting with "_" are metadata). */
export function loadCatalogs(dir = LOCALES_DIR): Record<string, Record<string, Record<string, unknown>>> {
  const resources: Record<string, Record<string, Record<string, unknown>>> = {};
  for (const language of LANGUAGES) {
    resources[language] = {};
    for (const file of readdirSync(path.join(dir, language)).filter((f) => f.endsWith(".json") && !f.startsWith("_"))) {
      resources[language][path.basename(file, ".json")] = JSON.parse(readFileSync(path.join(dir, language, file), "utf8"));
    }
  }
  return resources;
}

export function languageMeta(language: Language, dir = LOCALES_DIR): LanguageMeta {
  return JSON.parse(readFileSync(path.join(dir, language, "_meta.json"), "utf8"));
}

/** One i18next instance for the process; `t(language)` gives a translator fixed to one language. */
export async function createI18n(defaultLanguage: Language = "nb"): Promise<{ instance: i18n; t: (language: Language) => TFunction }> {
  const instance = i18next.createInstance();
  const resources = loadCatalogs();
  await instance.init({
    resources,
    lng: defaultLanguage,
    fallbackLng: defaultLanguage,
    supportedLngs: [...LANGUAGES],
    ns: Object.keys(resources[defaultLanguage] ?? {}),
    defaultNS: "common",
    // Chat text is not HTML; Web Chat renders markdown itself.
    interpolation: { escapeValue: false },
    returnNull: false,
    showSupportNotice: false,
  });
  return { instance, t: (language) => instance.getFixedT(language) };
}
