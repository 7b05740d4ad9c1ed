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
  const translators = new Map<Language, TFunction>();
  const t = (language: Language): TFunction => {
    let translator = translators.get(language);
    if (!translator) translators.set(language, (translator = compiledTranslator(instance, language)));
    return translator;
  };
  return { instance, t };
}

/** i18next's own options of a `t` call: a call that gives one of them is answered by i18next itself. */
const I18NEXT_OPTIONS = new Set(["count", "ordinal", "context", "replace", "lng", "lngs", "fallbackLng", "ns", "keyPrefix", "keySeparator", "nsSeparator", "returnObjects", "returnDetails", "joinArrays", "postProcess", "interpolation", "skipInterpolation", "missingInterpolationHandler", "nest"]);
/** i18next's interpolation placeholder (`{{name}}`; prefix and suffix are its defaults, which createI18n keeps). */
const PLACEHOLDER = /\{\{(.+?)\}\}/g;

/** A catalog sentence split at its placeholders: `literals[i]`, then the value of `names[i]`, …, then the last literal. */
interface Template {
  raw: string;
  literals: string[];
  names: string[];
}

/**
 * A translator fixed to one language that gives what i18next's `getFixedT(language)` gives, at a
 * fraction of the cost a call: a turn says 2–13 sentences and i18next resolves the key (namespace,
 * language fallbacks) and scans the sentence with its regular expressions on every call, 8–38 µs
 * each (docs/performance.md). Here each key is resolved once, by i18next (`skipInterpolation`: the
 * sentence with its placeholders), and split at its `{{name}}` placeholders; a call fills them in.
 * Anything beyond plain placeholders is i18next's to answer, unchanged: a call with one of i18next's
 * options (count, context, defaultValue, …), a key that does not exist, a sentence with nesting
 * (`$t(…)`), formatting (`{{x, number}}`), an unescaped (`{{- x}}`) or a dotted placeholder, or a
 * value that itself contains `{{`. test/locales/i18n.test.ts holds the two equal for every sentence
 * of every catalog.
 */
export function compiledTranslator(instance: i18n, language: Language): TFunction {
  const fixed = instance.getFixedT(language);
  const templates = new Map<string, Template | null>();
  const templateOf = (key: string): Template | null | undefined => {
    let template = templates.get(key);
    if (template !== undefined) return template;
    if (!instance.exists(key, { lng: language })) return undefined;
    template = compileTemplate(fixed(key, { skipInterpolation: true }));
    templates.set(key, template);
    return template;
  };
  const translate = (key: unknown, options?: unknown): unknown => {
    if (typeof key !== "string" || (options !== undefined && (typeof options !== "object" || options === null))) return fixed(key as string, options as never);
    const template = templateOf(key);
    if (!template) return fixed(key, options as never);
    if (options === undefined) return template.raw;
    const values = options as Record<string, unknown>;
    for (const option in values) if ((I18NEXT_OPTIONS.has(option) || option.startsWith("defaultValue")) && values[option] !== undefined) return fixed(key, options as never);
    let out = template.literals[0]!;
    for (let i = 0; i < template.names.length; i++) {
      const name = template.names[i]!;
      const value = values[name];
      let text: string;
      // As i18next: a value given as undefined is empty, a value not given leaves its placeholder.
      if (value === undefined) text = Object.prototype.hasOwnProperty.call(values, name) ? "" : `{{${name}}}`;
      else if (typeof value === "string") text = value;
      else text = value === null ? "" : "" + (value as string);
      if (text.includes("{{")) return fixed(key, options as never);
      out += text + template.literals[i + 1]!;
    }
    return out;
  };
  return translate as unknown as TFunction;
}

/** The sentence as a template, or null when it uses more of i18next than plain `{{name}}` placeholders. */
function compileTemplate(raw: unknown): Template | null {
  if (typeof raw !== "string" || raw.includes("$t(") || raw.includes("{{-")) return null;
  const literals: string[] = [];
  const names: string[] = [];
  let last = 0;
  for (const match of raw.matchAll(PLACEHOLDER)) {
    const name = match[1]!.trim();
    // i18next keeps a placeholder it has no value for as it was written, spaces and all.
    if (name !== match[1] || !/^[\p{L}\p{N}_]+$/u.test(name)) return null;
    literals.push(raw.slice(last, match.index));
    names.push(name);
    last = match.index! + match[0].length;
  }
  literals.push(raw.slice(last));
  return { raw, literals, names };
}
