/**
 * Entity extraction by lexicon and pattern: categories, weekdays, districts, ages, child names, menu
 * numbers, price ceilings and asked-for languages. Rules, not a trained model: the values are closed
 * sets (33 categories, 7 weekdays, a municipality's districts, a family's children) that a lexicon
 * covers exactly, while a model trained on ~150 sentences per language would not generalise to a
 * district it never saw. The matched words are also replaced by placeholders for the intent
 * classifier ("fotball tirsdag konnerud" → "xactivity xweekday xplace"), so it learns the shape of a
 * search instead of the 33 category names in ten languages.
 */
import { ACTIVITY_CATEGORIES, DEFAULT_EXCLUDED_CATEGORIES, type ActivityCategory } from "../catalog/categories.ts";
import { LANGUAGES, type Language } from "../languages.ts";
import {
  AGE_BEFORE,
  AGE_UNITS,
  CATEGORY_WORDS,
  CURRENCY_WORDS,
  LANGUAGE_WORDS,
  NUMBER_BEFORE,
  PRICE_BEFORE,
  WEEKDAY_WORDS,
  WORD_PREFIXES,
} from "./lexicon.ts";
import { fold, tokenize } from "./normalize.ts";

export interface Entities {
  /** The first kind of activity named. */
  category?: ActivityCategory;
  /** Every kind of activity named, in order ("håndballcamp": handball and camp). */
  categories?: ActivityCategory[];
  /** ISO weekday, 1 = Monday. */
  weekday?: number;
  /** The canonical district name. */
  district?: string;
  age?: number;
  childName?: string;
  /** The message is a child's name and connecting words only ("og Ella da?"): a follow-up. */
  onlyChild?: boolean;
  /** A bare number answering a numbered menu ("2", "nr 2"). */
  number?: number;
  /** The language asked for in a change_language request. */
  language?: Language;
  maxFeeNok?: number;
}

export interface DistrictNames {
  name: string;
  aliases: string[];
}

export interface EntityContext {
  childNames?: string[];
  /** The municipality's districts (from its database); none given, no district is recognised. */
  districts?: DistrictNames[];
}

/** The placeholder each kind of entity leaves in the text given to the classifier. */
export const PLACEHOLDERS = {
  activity: "xactivity",
  excluded: "xexcluded",
  weekday: "xweekday",
  place: "xplace",
  age: "xage",
  child: "xchild",
  number: "xnumber",
  price: "xprice",
  language: "xlanguage",
} as const;

export interface Extraction {
  entities: Entities;
  /** Folded words with entities replaced by placeholders. */
  masked: string[];
  /** Folded words of the message. */
  tokens: string[];
  /** Indexes of the words that named a district, a child, a number or a language: they carry no language of their own. */
  neutralTokenIndexes: Set<number>;
}

// ───────────────────────────── patterns ─────────────────────────────

type WordPattern = { kind: "exact" | "prefix" | "suffix"; value: string };
type Pattern = WordPattern[];

function compile(entry: string): Pattern {
  const parts = entry.trim().split(/\s+/);
  const pattern: Pattern = [];
  for (const part of parts) {
    const prefix = part.endsWith("*");
    const suffix = part.startsWith("*");
    const words = tokenize(part.replace(/\*/g, ""));
    words.forEach((value, index) => {
      const kind = prefix && index === words.length - 1 ? "prefix" : suffix && index === 0 ? "suffix" : "exact";
      pattern.push({ kind, value });
    });
  }
  return pattern;
}

const CLITICS = WORD_PREFIXES.map(fold);
/** The clitics' first letters: a token starting with none of them has no variant (most tokens; checked per pattern word). */
const CLITIC_FIRST = new Set(CLITICS.map((clitic) => clitic[0]));

/** A word and the same word without an Arabic or Tigrinya clitic ("بالعربي" → "عربي"). */
function variants(token: string): string[] {
  const out = [token];
  if (!CLITIC_FIRST.has(token[0])) return out;
  for (const clitic of CLITICS) {
    if (token.startsWith(clitic) && token.length - clitic.length >= 2) out.push(token.slice(clitic.length));
  }
  return out;
}

function matchesWord(candidate: string, word: WordPattern): boolean {
  if (word.kind === "exact") return candidate === word.value;
  if (word.kind === "prefix") return candidate.startsWith(word.value);
  return candidate.length > word.value.length && candidate.endsWith(word.value);
}

/** The token, or one of its variants, matches (it runs for every token against every pattern: no allocation on a miss). */
function wordMatches(token: string, word: WordPattern): boolean {
  if (matchesWord(token, word)) return true;
  if (!CLITIC_FIRST.has(token[0])) return false;
  return variants(token).some((candidate) => matchesWord(candidate, word));
}

/** How many tokens from `start` the pattern covers (0: no match). */
function matchAt(tokens: readonly string[], start: number, pattern: Pattern): number {
  if (start + pattern.length > tokens.length) return 0;
  for (let i = 0; i < pattern.length; i++) {
    if (!wordMatches(tokens[start + i]!, pattern[i]!)) return 0;
  }
  return pattern.length;
}

/** Match strength: more words first; a compound's head (suffix) before its first part; then the longer stem. */
function strength(pattern: Pattern): number {
  const chars = pattern.reduce((sum, word) => sum + word.value.length, 0);
  const head = pattern.some((word) => word.kind === "suffix") ? 100 : 0;
  const exact = pattern.every((word) => word.kind === "exact") ? 50 : 0;
  return pattern.length * 1000 + head + exact + chars;
}

interface Lexicon<T> {
  /** Strongest first: the first that matches wins. */
  entries: { value: T; pattern: Pattern; strength: number }[];
  /**
   * The entries (their indexes, ascending) a word can start: under "^" + the first letter of an
   * exact or prefix first word, "$" + the last letter of a suffix one. A token is tried only
   * against the entries its own letters (or its variants') can match, not the whole lexicon.
   */
  byLetter: Map<string, number[]>;
}

const NONE: readonly number[] = [];

function letterKey(word: WordPattern): string {
  return word.kind === "suffix" ? `$${word.value.at(-1)}` : `^${word.value[0]}`;
}

function buildLexicon<T>(table: Iterable<[T, readonly string[]]>): Lexicon<T> {
  const entries: Lexicon<T>["entries"] = [];
  for (const [value, words] of table) {
    for (const word of words) {
      const pattern = compile(word);
      if (pattern.length > 0) entries.push({ value, pattern, strength: strength(pattern) });
    }
  }
  entries.sort((a, b) => b.strength - a.strength);
  const byLetter = new Map<string, number[]>();
  entries.forEach((entry, index) => {
    const key = letterKey(entry.pattern[0]!);
    const bucket = byLetter.get(key);
    if (bucket) bucket.push(index);
    else byLetter.set(key, [index]);
  });
  return { entries, byLetter };
}

/** The indexes of the entries that may match at a token, ascending (strongest first). */
function candidates<T>(lexicon: Lexicon<T>, token: string): readonly number[] {
  const starts = lexicon.byLetter.get(`^${token[0]}`) ?? NONE;
  const ends = lexicon.byLetter.get(`$${token.at(-1)}`) ?? NONE;
  if (!CLITIC_FIRST.has(token[0])) return ends.length === 0 ? starts : starts.length === 0 ? ends : [...starts, ...ends].sort((a, b) => a - b);
  // A clitic's variants start with other letters: their buckets too.
  const all = new Set<number>();
  for (const variant of variants(token)) {
    for (const index of lexicon.byLetter.get(`^${variant[0]}`) ?? NONE) all.add(index);
    for (const index of lexicon.byLetter.get(`$${variant.at(-1)}`) ?? NONE) all.add(index);
  }
  return [...all].sort((a, b) => a - b);
}

function longestMatch<T>(lexicon: Lexicon<T>, tokens: readonly string[], start: number): { value: T; length: number } | undefined {
  for (const index of candidates(lexicon, tokens[start]!)) {
    const entry = lexicon.entries[index]!;
    const length = matchAt(tokens, start, entry.pattern);
    if (length > 0) return { value: entry.value, length };
  }
  return undefined;
}

const categoryLexicon = buildLexicon(ACTIVITY_CATEGORIES.map((category) => [category, CATEGORY_WORDS[category]] as [ActivityCategory, readonly string[]]));
const weekdayLexicon = buildLexicon(Object.entries(WEEKDAY_WORDS).map(([day, words]) => [Number(day), words] as [number, readonly string[]]));
const languageLexicon = buildLexicon(LANGUAGES.map((language) => [language, LANGUAGE_WORDS[language]] as [Language, readonly string[]]));
const ageUnits = AGE_UNITS.map(compile);
const ageBefore = new Set(AGE_BEFORE.map(fold));
const priceBefore = PRICE_BEFORE.map(compile);
const currency = CURRENCY_WORDS.map(compile);
const numberBefore = new Set(NUMBER_BEFORE.map(fold));

/** Words for a child: "for min sønn på 9", "my daughter is 8", "ابني عمره 8". */
const CHILD_WORDS = ["sønn*", "datter*", "dattera", "gutt*", "jent*", "barn*", "unge*", "son", "sons", "daughter*", "boy*", "girl*", "kid*", "child*", "syn*", "córk*", "dzieck*", "dziec*", "sūn*", "dukr*", "vaik*", "син*", "доньк*", "дитин*", "ابن*", "ابنت*", "طفل*", "wiil*", "gabadh*", "ilmo*", "ilmah*", "بیٹ*", "بچ*", "oğl*", "kız*", "çocu*", "ወደይ", "ጓለይ", "ቆልዓ*"].map(compile);

// ───────────────────────────── districts and names ─────────────────────────────

/** Damerau–Levenshtein distance ≤ 1 ("konerud", "konnerdu"). */
function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true; // substitution
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2); // transposition
  }
  const [longer, shorter] = a.length > b.length ? [a, b] : [b, a];
  return longer.slice(i + 1) === shorter.slice(i);
}

/** A district's spellings, each as its words. */
type DistrictSpellings = { name: string; spellings: string[][] }[];

/** Tokenized once per list of districts (a municipality's, reused turn after turn), not once per token. */
const spellingsOf = new WeakMap<readonly DistrictNames[], DistrictSpellings>();

function districtSpellings(districts: readonly DistrictNames[]): DistrictSpellings {
  let spellings = spellingsOf.get(districts);
  if (!spellings) {
    spellings = districts.map((district) => ({ name: district.name, spellings: [district.name, ...district.aliases].map((spelling) => tokenize(spelling)) }));
    spellingsOf.set(districts, spellings);
  }
  return spellings;
}

function districtMatch(tokens: readonly string[], start: number, districts: DistrictSpellings): { name: string; length: number } | undefined {
  for (const district of districts) {
    for (const words of district.spellings) {
      if (words.length === 0 || start + words.length > tokens.length) continue;
      const ok = words.every((word, i) => {
        const token = tokens[start + i]!;
        if (token === word) return true;
        // A case ending or genitive ("konneruds", "konnerudzie") or one typo in a longer name.
        if (word.length >= 5 && token.startsWith(word) && token.length - word.length <= 3) return true;
        return word.length >= 6 && withinOneEdit(token, word);
      });
      if (ok) return { name: district.name, length: words.length };
    }
  }
  return undefined;
}

function childMatch(token: string, names: readonly string[]): string | undefined {
  for (const name of names) {
    const folded = fold(name).trim();
    if (folded.length < 2) continue;
    if (token === folded || token === `${folded}s`) return name;
    // Case endings: Polish "jonasa", "ellę", Lithuanian "joną", Turkish split at the apostrophe.
    if (folded.length >= 4 && token.startsWith(folded) && token.length - folded.length <= 2) return name;
    const stem = folded.replace(/[aeiouy]$/, "");
    if (stem.length >= 3 && stem !== folded && token.startsWith(stem) && token.length <= folded.length + 1 && token.length >= folded.length) return name;
  }
  return undefined;
}

// ───────────────────────────── extraction ─────────────────────────────

const isNumber = (token: string | undefined): boolean => token !== undefined && /^\d{1,6}$/.test(token);

function anyMatchAt(patterns: readonly Pattern[], tokens: readonly string[], start: number): number {
  let best = 0;
  for (const pattern of patterns) best = Math.max(best, matchAt(tokens, start, pattern));
  return best;
}

/** Splits "10åring" and "nr2" into number and word, as people write them both ways. */
function entityTokens(text: string): string[] {
  return tokenize(text.replace(/(\d)(\p{L})/gu, "$1 $2").replace(/(\p{L})(\d)/gu, "$1 $2"));
}

export function extractEntities(text: string, context: EntityContext = {}): Extraction {
  const tokens = entityTokens(text);
  const masked: (string | null)[] = [...tokens];
  const neutral = new Set<number>();
  const entities: Entities = {};
  const districts = districtSpellings(context.districts ?? []);
  const childNames = context.childNames ?? [];
  const claim = (start: number, length: number, placeholder: string, isNeutral: boolean) => {
    masked[start] = placeholder;
    for (let i = start + 1; i < start + length; i++) masked[i] = null;
    if (isNeutral) for (let i = start; i < start + length; i++) neutral.add(i);
  };
  const free = (i: number) => masked[i] === tokens[i];

  // A message that is only a number (or "nr 2", "#2") answers a numbered menu.
  const content = tokens.filter((token) => !numberBefore.has(token));
  if (content.length === 1 && isNumber(content[0])) {
    entities.number = Number(content[0]);
    tokens.forEach((_, i) => claim(i, 1, PLACEHOLDERS.number, true));
    return { entities, masked: [PLACEHOLDERS.number], tokens, neutralTokenIndexes: neutral };
  }

  // Numbers: price, age, menu choice — decided by the words around them.
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (!isNumber(token) || !free(i)) continue;
    const value = Number(token);
    const unitLength = anyMatchAt(currency, tokens, i + 1);
    const priceWordBefore = [1, 2].some((back) => i - back >= 0 && priceBefore.some((pattern) => matchAt(tokens, i - back, pattern) === back));
    if (unitLength > 0 || (priceWordBefore && value >= 50)) {
      entities.maxFeeNok ??= value;
      claim(i, 1 + unitLength, PLACEHOLDERS.price, true);
      continue;
    }
    const ageUnit = anyMatchAt(ageUnits, tokens, i + 1);
    const ageWord = i > 0 && ageBefore.has(tokens[i - 1]!);
    const childWordBefore = [1, 2, 3].some((back) => i - back >= 0 && anyMatchAt(CHILD_WORDS, tokens, i - back) > 0);
    if ((ageUnit > 0 || ageWord) && value >= 1 && value <= 25) {
      entities.age ??= value;
      claim(i, 1 + ageUnit, PLACEHOLDERS.age, true);
      continue;
    }
    if (i > 0 && numberBefore.has(tokens[i - 1]!)) {
      entities.number ??= value;
      claim(i, 1, PLACEHOLDERS.number, true);
      continue;
    }
    if (childWordBefore && value >= 3 && value <= 19) {
      entities.age ??= value;
      claim(i, 1, PLACEHOLDERS.age, true);
      continue;
    }
    claim(i, 1, PLACEHOLDERS.number, true);
  }

  for (let i = 0; i < tokens.length; i++) {
    if (!free(i)) continue;
    const language = longestMatch(languageLexicon, tokens, i);
    if (language) {
      entities.language ??= language.value;
      claim(i, language.length, PLACEHOLDERS.language, false);
      continue;
    }
    const child = childMatch(tokens[i]!, childNames);
    if (child) {
      entities.childName ??= child;
      claim(i, 1, PLACEHOLDERS.child, true);
      continue;
    }
    const district = districtMatch(tokens, i, districts);
    if (district) {
      entities.district ??= district.name;
      claim(i, district.length, PLACEHOLDERS.place, true);
      continue;
    }
    const weekday = longestMatch(weekdayLexicon, tokens, i);
    if (weekday) {
      entities.weekday ??= weekday.value;
      claim(i, weekday.length, PLACEHOLDERS.weekday, false);
      continue;
    }
    const category = longestMatch(categoryLexicon, tokens, i);
    if (category) {
      entities.category ??= category.value;
      if (!entities.categories?.includes(category.value)) (entities.categories ??= []).push(category.value);
      const excluded = DEFAULT_EXCLUDED_CATEGORIES.includes(category.value);
      claim(i, category.length, excluded ? PLACEHOLDERS.excluded : PLACEHOLDERS.activity, false);
    }
  }

  return { entities, masked: masked.filter((token): token is string => token !== null), tokens, neutralTokenIndexes: neutral };
}
