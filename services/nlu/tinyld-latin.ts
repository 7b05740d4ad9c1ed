/**
 * tinyld's heavy detector (tinyld 1.3.4, MIT licence, © Kevin Destrem / Komodo) for the only
 * languages we ask it about — nb, da, sv, en, pl, lt, tr — with its n-grams of those languages only.
 *
 * Why not `import { detectAll } from "tinyld/heavy"`: that module holds the n-grams of all its 62
 * languages as one 2 MB object literal and rebuilds them at import; the process kept about 70 MB
 * more resident for it (docs/performance.md, Memory), for answers among seven languages. With
 * `only`, tinyld never looks at another language's n-grams: a unique n-gram of another language is
 * skipped, and only the asked-for languages are scored. So the same algorithm over the n-grams of
 * our seven gives exactly its answers (test/services/nlu/tinyld-latin.test.ts checks that against
 * tinyld itself on the corpus, the evaluation sets and random text, and that tinyld-latin.json is
 * what the installed tinyld holds — `npx vitest run test/services/nlu/tinyld-latin.test.ts -u`
 * writes it anew after an upgrade).
 */
import { readFileSync } from "node:fs";

export interface TinyldGuess {
  /** ISO 639-1, as tinyld names it: no, da, sv, en, pl, lt, tr. */
  lang: string;
  accuracy: number;
}

interface TinyldLatinData {
  /** tinyld's ISO 639-3 codes of our languages, in its own order (ties keep it), with their ISO 639-1 names. */
  languages: [iso3: string, iso2: string][];
  /** An n-gram only one language has: that language's index. */
  uniques: Record<string, number>;
  /** An n-gram several languages have: [language index, weight, language index, weight, …]. */
  multiples: Record<string, number[]>;
}

// Read, not imported: TypeScript would type all of its 30,000 keys on every check.
const DATA = JSON.parse(readFileSync(new URL("./tinyld-latin.json", import.meta.url), "utf8")) as TinyldLatinData;
const LANGUAGE_CODES = DATA.languages.map(([, iso2]) => iso2);
const UNIQUES = new Map(Object.entries(DATA.uniques));
const MULTIPLES = new Map(Object.entries(DATA.multiples));
/** tinyld's n-gram sizes (TRAINING_UNIQUE_GRAMS of every profile but light). */
const GRAM_SIZES = [1, 2, 3, 4, 5];

// tinyld's cleaning, chunking and n-grams, as its source has them.
const PUNCTUATION = /[,.。，、#%&/\\+*¡!¿?[\]！？;:…„“«»”"“_–—~]/gi;
const DIGITS = /[0-9]/g;
const FULL_WIDTH_DIGITS = /[\uFF10-\uFF19]/g;
const SPACES = /\s\s+/g;
const APOSTROPHE = /’/gi;
const COMBINING_MARKS = /[\u0300-\u036f]/g;
const CHUNK_SEPARATORS = /([,，、。!¿?！？":;()「」{}„“«»”"“<>⋯《》*]|[.[\]\\])+/;
const WORD_SEPARATORS = /[ ]+/;

const round = (value: number) => Math.round(value * 1e4) / 1e4;

function clean(text: string): string {
  return text
    .toLowerCase()
    .replace(APOSTROPHE, "'")
    .replace(PUNCTUATION, " ")
    .replace(FULL_WIDTH_DIGITS, (digit) => String.fromCharCode(digit.charCodeAt(0) - 65248))
    .replace(DIGITS, "")
    .replace(SPACES, " ")
    .trim();
}

const withoutAccents = (text: string) => text.normalize("NFD").replace(COMBINING_MARKS, "");

/** The n-grams of `size` letters, the text padded with spaces, none with two spaces in a row. */
function grams(text: string, size: number): string[] {
  const out: string[] = [];
  const padded = " ".repeat(size - 1) + text + " ".repeat(size - 1);
  for (let start = 0; start < padded.length - (size - 1); start++) {
    const letters: string[] = [];
    let spaces = 0;
    for (let offset = 0; offset < size; offset++) {
      spaces = padded[start + offset] === " " ? spaces + 1 : 0;
      if (!(spaces > 1)) letters.push(padded[start + offset]!);
    }
    const gram = letters.join("");
    if (gram.trim().length > 0 && gram.length === size) out.push(gram);
  }
  return out;
}

/** Pass 1: the language of the first n-gram only one language has, if any. */
function uniqueGramLanguage(chunk: string): string | undefined {
  for (const size of GRAM_SIZES) {
    for (const gram of grams(chunk, size)) {
      const language = UNIQUES.get(gram);
      if (language !== undefined) return LANGUAGE_CODES[language];
    }
  }
  return undefined;
}

/** Pass 2: every language scored by the weights of the word's n-grams, relative to the best. */
function potentialGrams(word: string): TinyldGuess[] {
  const scores = LANGUAGE_CODES.map(() => 0);
  for (const gram of GRAM_SIZES.flatMap((size) => grams(word, size))) {
    const plain = withoutAccents(gram);
    const weights = MULTIPLES.get(plain);
    if (!weights) continue;
    for (let index = 0; index < weights.length; index += 2) scores[weights[index]!]! += (weights[index + 1]! * plain.length) / 4;
  }
  const ranked = scores.map((score, language) => ({ language, score })).sort((a, b) => b.score - a.score);
  const best = Math.max(...ranked.map(({ score }) => score)) || 1;
  return ranked.slice(0, 8).map(({ language, score }) => ({ lang: LANGUAGE_CODES[language]!, accuracy: 1 - round((best - score) / best) }));
}

/** tinyld's `detectAll(text, { only: ["no", "nn", "da", "sv", "en", "pl", "lt", "tr"] })`, heavy profile. */
export function detectLatin(text: string): TinyldGuess[] {
  const chunks = text
    .split(CHUNK_SEPARATORS)
    .map(clean)
    .filter((chunk) => chunk.length > 0)
    .sort((a, b) => b.length - a.length)
    .slice(0, 7);
  let length = 0;
  const totals: Record<string, number> = {};
  for (const chunk of chunks) {
    const unique = uniqueGramLanguage(chunk);
    if (unique) {
      totals[unique] = (totals[unique] ?? 0) + chunk.length;
      length += chunk.length;
      continue;
    }
    for (const word of chunk.split(WORD_SEPARATORS)) {
      for (const guess of potentialGrams(word)) totals[guess.lang] = (totals[guess.lang] ?? 0) + guess.accuracy;
      length += word.length;
    }
  }
  return Object.entries(totals)
    .filter(([, total]) => total > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([lang, total]) => ({ lang, accuracy: total / length }));
}
