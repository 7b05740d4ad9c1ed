import { describe, expect, it } from "vitest";
import { createI18n, languageMeta, loadCatalogs } from "../../locales/i18n.ts";
import { LANGUAGES } from "../../services/languages.ts";

const catalogs = loadCatalogs();

/** Every leaf of a catalog as "a.b.c" → text. */
function leaves(value: unknown, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof value === "string") out.set(prefix, value);
  else if (value && typeof value === "object") for (const [key, child] of Object.entries(value)) for (const [k, v] of leaves(child, prefix ? `${prefix}.${key}` : key)) out.set(k, v);
  return out;
}

/** The i18next context suffix of a youth's own form ("du"): `t(key, { context: "youth" })`. */
const YOUTH = "_youth";
/** Namespaces whose `_youth` keys are such variants (web.json's simulator_role_youth is an ordinary key). */
const WITH_VARIANTS = new Set(["chat"]);

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)].map((m) => m[1]!).sort();

describe("locale catalogs", () => {
  const namespaces = Object.keys(catalogs.nb!);

  it.each(namespaces)("%s: every key in every language, with the same {{placeholders}}", (namespace) => {
    const variant = (key: string) => WITH_VARIANTS.has(namespace) && key.endsWith(YOUTH);
    const withoutVariants = (map: Map<string, string>) => new Map([...map].filter(([key]) => !variant(key)));
    const reference = withoutVariants(leaves(catalogs.nb![namespace]));
    for (const language of LANGUAGES) {
      const all = leaves(catalogs[language]![namespace]);
      const catalog = withoutVariants(all);
      expect([...catalog.keys()].sort(), `${language}/${namespace}.json keys`).toEqual([...reference.keys()].sort());
      // A youth variant ("du" where the family is "dere") exists only where the language's forms
      // differ; it belongs to a plain key and uses no placeholder the plain key lacks.
      for (const [key, text] of all) {
        if (!variant(key)) continue;
        const plain = catalog.get(key.slice(0, -YOUTH.length));
        expect(plain, `${language}/${namespace}.json ${key} has no plain key`).toBeDefined();
        for (const name of placeholders(text)) expect(placeholders(plain!), `${language}/${namespace}.json ${key}: {{${name}}}`).toContain(name);
        expect(text.trim(), `${language}/${namespace}.json ${key} is empty`).not.toBe("");
      }
      for (const [key, text] of catalog) {
        expect(text.trim(), `${language}/${namespace}.json ${key} is empty`).not.toBe("");
        expect(placeholders(text), `${language}/${namespace}.json ${key}`).toEqual(placeholders(reference.get(key)!));
        // Braces that do not form {{name}} would reach the user literally.
        expect(text.replace(/\{\{\s*[\w.]+\s*\}\}/g, ""), `${language}/${namespace}.json ${key} has a stray brace`).not.toMatch(/[{}]/);
      }
    }
  });

  it("interpolates every chat sentence in every language without leaving a placeholder behind", async () => {
    const { t } = await createI18n("nb");
    for (const language of LANGUAGES) {
      for (const [key, text] of leaves(catalogs[language]!.chat)) {
        const values = Object.fromEntries(placeholders(text).map((name) => [name, `«${name}»`]));
        const out = String(t(language)(`chat:${key}`, values));
        expect(out, `${language} chat:${key}`).not.toMatch(/\{\{|\}\}/);
      }
    }
  });

  it("marks every catalog not reviewed by a native speaker", () => {
    for (const language of LANGUAGES) {
      const meta = languageMeta(language);
      expect(typeof meta.reviewedByNativeSpeaker, language).toBe("boolean");
    }
    expect(languageMeta("ar").direction).toBe("rtl");
  });
});
