import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compiledTranslator, createI18n, languageMeta, loadCatalogs } from "../../locales/i18n.ts";
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
const WITH_VARIANTS = new Set(["chat", "accommodation"]);

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

describe("the compiled translator (locales/i18n.ts)", () => {
  /** Every key of every namespace, as a t() call names it ("chat:menu.title"). */
  const keys = Object.entries(catalogs.nb!).flatMap(([namespace, catalog]) => [...leaves(catalog).keys()].map((key) => `${namespace}:${key}`));
  /** Values a sentence is filled with: what replace() would read as a pattern ($&, $1), nesting and placeholder look-alikes, RTL, numbers, null. */
  const value = fc.oneof(
    fc.string(),
    fc.constantFrom("$&", "$1", "$$", "$t(chat:menu.title)", "{{name}}", "}}", "Ørjan", "محمد", "1 000 kr", ""),
    fc.integer(),
    fc.double({ noNaN: false }),
    fc.constant(null),
    fc.constant(undefined),
    fc.boolean(),
  );

  it("gives what i18next gives for every sentence of every catalog, with and without its values", async () => {
    const { instance } = await createI18n("nb");
    for (const language of LANGUAGES) {
      const compiled = compiledTranslator(instance, language);
      const reference = instance.getFixedT(language);
      for (const key of keys) {
        const text = String(reference(key, { skipInterpolation: true }));
        const values = Object.fromEntries(placeholders(text).map((name) => [name, `«${name}» $& $1`]));
        for (const options of [undefined, {}, values, { ...values, unused: 1 }]) {
          expect(compiled(key, options as never), `${language} ${key} ${JSON.stringify(options)}`).toBe(reference(key, options as never));
        }
        // Twice: the second call is answered from the compiled template.
        expect(compiled(key, values)).toBe(reference(key, values));
      }
    }
  });

  it("leaves a value that looks like a placeholder to i18next, which fills the first such text it finds", async () => {
    const { instance } = await createI18n("nb");
    const compiled = compiledTranslator(instance, "nb");
    const reference = instance.getFixedT("nb");
    const inOrder = (key: string) => [...new Set([...String(reference(key, { skipInterpolation: true })).matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!))];
    const key = keys.find((k) => inOrder(k).length >= 2)!;
    const [first, second] = inOrder(key);
    const values = { [first!]: `{{${second}}}`, [second!]: "N" };
    expect(compiled(key, values)).toBe(reference(key, values));
  });

  it("gives what i18next gives for any values, i18next's own options, missing keys and namespaces' objects", async () => {
    const { instance } = await createI18n("nb");
    /** i18next's options, each with values of its own type (i18next itself throws on a number for lng). */
    const options = fc.record(
      {
        context: fc.constantFrom("youth", undefined),
        count: fc.integer({ min: 0, max: 5 }),
        defaultValue: fc.constantFrom("default {{name}}", undefined),
        defaultValue_other: fc.constant("defaults"),
        lng: fc.constantFrom("en", "pl", "ar"),
        ns: fc.constantFrom("chat", "common"),
        returnObjects: fc.boolean(),
        replace: fc.constant({ name: "replaced" }),
        interpolation: fc.constant({ escapeValue: true }),
        keyPrefix: fc.constant("menu"),
        unused: value,
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...LANGUAGES),
        fc.oneof(fc.constantFrom(...keys), fc.constantFrom("chat:menu", "chat:no_such_key", "no_such_namespace:x", "welcome")),
        fc.dictionary(fc.constantFrom("name", "amount", "municipality", "child", "activity", "url", "minAge", "n", "count"), value),
        fc.oneof(fc.constant({}), options),
        (language, key, values, options) => {
          const compiled = compiledTranslator(instance, language);
          const reference = instance.getFixedT(language);
          const text = String(reference(key, { skipInterpolation: true }));
          const filled = { ...Object.fromEntries(placeholders(text).map((name) => [name, values[name] ?? values.name])), ...values, ...options };
          expect(compiled(key, filled as never)).toEqual(reference(key, filled as never));
          expect(compiled(key, filled as never)).toEqual(reference(key, filled as never));
        },
      ),
      { numRuns: 3000 },
    );
  });
});
