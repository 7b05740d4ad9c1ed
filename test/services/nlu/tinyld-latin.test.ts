import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import fc from "fast-check";
import { detectAll } from "tinyld/heavy";
import { describe, expect, it } from "vitest";
import { EVAL_FILE, FRESH_EVAL_FILE, HELDOUT_FILE } from "../../../bench/nlu.ts";
import { loadCorpus } from "../../../services/nlu/corpus.ts";
import { detectLatin } from "../../../services/nlu/tinyld-latin.ts";

/** What services/nlu/language-id.ts asked tinyld for before it had tinyld-latin.ts. */
const ONLY = ["no", "nn", "da", "sv", "en", "pl", "lt", "tr"];
const tinyld = (text: string) => detectAll(text, { only: ONLY }).map(({ lang, accuracy }) => ({ lang, accuracy }));

interface TinyldInternals {
  /** The decoded dictionary: an n-gram only one language has → its ISO 639-3 code; a shared n-gram → weight per language. */
  _: { uniques: Record<string, string>; multiples: Record<string, Record<string, number>> };
  /** Every language, in tinyld's order. */
  A: Set<string>;
  /** ISO 639-3 → ISO 639-1. */
  V: (iso3: string) => string;
}

/**
 * tinyld 1.3.4's heavy ES module bundle, opened: its last statement exports the API only, so it is run
 * with a return of the minified names of its dictionary, language set and code mapping instead.
 */
function tinyldInternals(): TinyldInternals {
  const file = createRequire(import.meta.url).resolve("tinyld/heavy").replace(/\.js$/, ".mjs");
  const source = readFileSync(file, "utf8");
  const end = source.lastIndexOf("export{");
  if (!source.startsWith('var D={TINYLD_CONFIG:"heavy"}') || end < 0) throw new Error(`${file} is not the tinyld 1.3.4 bundle this test knows: read its source, then adapt tinyldInternals()`);
  return new Function(`"use strict";${source.slice(0, end)};return { _, A, V };`)() as TinyldInternals;
}

/** The n-grams of our languages only, in services/nlu/tinyld-latin.json's format, one entry a line. */
function extract(): string {
  const { _: dictionary, A, V } = tinyldInternals();
  // As tinyld's detectPotentialGrams chooses the languages it scores for `only`, in its order.
  const languages = [...A].filter((iso3) => ONLY.includes(iso3) || ONLY.includes(V(iso3)));
  const index = new Map(languages.map((iso3, i) => [iso3, i]));
  // As its detectUniqueGrams skips a unique n-gram whose language `only` does not name.
  const uniques = Object.entries(dictionary.uniques).filter(([, iso3]) => ONLY.includes(V(iso3)));
  const multiples = Object.entries(dictionary.multiples).flatMap(([gram, weights]) => {
    const ours = Object.entries(weights).filter(([iso3]) => index.has(iso3));
    return ours.length > 0 ? [[gram, ours.flatMap(([iso3, weight]) => [index.get(iso3)!, weight])] as const] : [];
  });
  const lines = (entries: readonly (readonly [string, unknown])[]) => entries.map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)}`).join(",\n");
  return [
    "{",
    `"source":${JSON.stringify("tinyld 1.3.4 heavy (MIT, Kevin Destrem / Komodo): its n-grams of these languages only; test/services/nlu/tinyld-latin.test.ts writes this file")},`,
    `"languages":${JSON.stringify(languages.map((iso3) => [iso3, V(iso3)]))},`,
    `"uniques":{\n${lines(uniques.map(([gram, iso3]) => [gram, index.get(iso3)!]))}\n},`,
    `"multiples":{\n${lines(multiples)}\n}`,
    "}",
    "",
  ].join("\n");
}

const jsonlTexts = (file: string) =>
  readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => (JSON.parse(line) as { text: string }).text);

describe("tinyld's heavy detector over our languages' n-grams only (services/nlu/tinyld-latin.ts)", () => {
  it("holds the n-grams the installed tinyld has for nb/da/sv/en/pl/lt/tr (after an upgrade: run this file with -u)", async () => {
    await expect(extract()).toMatchFileSnapshot("../../../services/nlu/tinyld-latin.json");
  });

  it("answers as tinyld does on the corpus and the evaluation sets (lower-cased, as language-id.ts asks)", async () => {
    const texts = [...(await loadCorpus()).map(({ text }) => text), ...[EVAL_FILE, FRESH_EVAL_FILE, HELDOUT_FILE].flatMap(jsonlTexts)];
    expect(texts.length).toBeGreaterThan(2000);
    for (const text of texts.map((text) => text.toLowerCase())) expect(detectLatin(text), text).toEqual(tinyld(text));
  });

  it("answers as tinyld does on any text: letters of our languages and others, digits, punctuation, brackets, odd spaces", () => {
    const alphabet = [..."abcdefghijklmnopqrstuvwxyzæøåäöüßąćęłńóśźżčėįšųūžçğıİşâéèñíúYQ  \t'’-.,!?;:()[]{}<>«»\"„“…0123456789０１Жжשלוםمرحبا"];
    const text = fc.array(fc.constantFrom(...alphabet), { maxLength: 60 }).map((chars) => chars.join(""));
    // Many chunks: tinyld reads the seven longest.
    const word = fc.array(fc.constantFrom(...alphabet.slice(0, 60)), { minLength: 1, maxLength: 9 }).map((chars) => chars.join(""));
    const chunks = fc.array(fc.tuple(word, fc.constantFrom(", ", ". ", "! ", " (", "? ", " ")), { maxLength: 14 }).map((parts) => parts.flat().join(""));
    fc.assert(
      fc.property(fc.oneof(text, chunks, fc.string({ maxLength: 40 })), (input) => {
        expect(detectLatin(input)).toEqual(tinyld(input));
      }),
      { numRuns: 2000 },
    );
  });
});
