/**
 * Which of the ten languages a message is written in. Measured on bench/data/nlu-eval.jsonl and the
 * corpus (docs/nlu.md): tinyld's heavy profile was as accurate as eld's large one on our Latin-script
 * languages at a third of the memory (~100 MB vs ~400 MB resident), and better than franc, NLP.js's
 * guesser and CLD3 except on Somali, which tinyld does not know. It runs over its n-grams of our
 * languages only (tinyld-latin.ts: the same answers, ~70 MB less resident). So:
 *   - the script decides where it can: Ethiopic → ti, Cyrillic → uk (we serve no Russian), Arabic
 *     script → ar or ur by the letters and words only Urdu (or only Arabic) uses;
 *   - Latin script: tinyld among nb/da/sv/en/pl/lt/tr (Danish and Swedish answers are Norwegian:
 *     we serve neither, and tinyld confuses the three on short texts), franc for Somali, and the
 *     words of our own corpus that only one language uses ("hjelp", "saldo", "waxaan");
 *   - a message with too little language in it ("ok", "2", "MER", an emoji, a district or a child's
 *     name) keeps the conversation's language.
 */
import { franc, francAll } from "franc";
import type { Language } from "../languages.ts";
import { NEUTRAL_WORDS } from "./lexicon.ts";
import { fold } from "./normalize.ts";
import { detectLatin } from "./tinyld-latin.ts";

export interface LanguageGuess {
  language: Language;
  /** false: the message had too little language in it and the current language was kept. */
  confident: boolean;
}

/** Words of the training corpus that only one language uses, and those several share. */
export interface Vocabulary {
  unique: Map<string, Language>;
  shared: Set<string>;
}

export function buildVocabulary(sentences: Iterable<{ language: Language; tokens: string[] }>): Vocabulary {
  const seen = new Map<string, Set<Language>>();
  for (const { language, tokens } of sentences) {
    for (const token of tokens) {
      if (token.length < 2 || /^\d+$/.test(token) || token.startsWith("x")) continue;
      let languages = seen.get(token);
      if (!languages) seen.set(token, (languages = new Set()));
      languages.add(language);
    }
  }
  const unique = new Map<string, Language>();
  const shared = new Set<string>();
  for (const [token, languages] of seen) {
    if (languages.size === 1) unique.set(token, [...languages][0]!);
    else shared.add(token);
  }
  return { unique, shared };
}

const NEUTRAL = new Set(NEUTRAL_WORDS.map(fold));

// ───────────────────────────── Arabic script: Arabic or Urdu ─────────────────────────────

/** Letters Urdu writes and Arabic does not: ٹ ڈ ڑ ں ے ۓ ھ ہ ۃ ک گ ی پ چ ژ. */
const URDU_LETTERS = /[\u0679\u0688\u0691\u06BA\u06D2\u06D3\u06BE\u06C1\u06C3\u06A9\u06AF\u06CC\u067E\u0686\u0698]/gu;
/** Letters Arabic writes and Urdu does not: ة ى ي ك and the hamza seats أ إ. */
const ARABIC_LETTERS = /[\u0629\u0649\u064A\u0643\u0623\u0625]/gu;
const URDU_WORDS = new Set(["ہے", "ہیں", "کیا", "کے", "کی", "کا", "میں", "کو", "سے", "نہیں", "اور", "آپ", "مجھے", "میرا", "میری", "میرے", "ہوں", "تھا", "کر", "کریں", "پر", "بھی", "یہ", "وہ"]);
const ARABIC_WORDS = new Set(["في", "من", "على", "هل", "أن", "ان", "ما", "لا", "هذا", "هذه", "أريد", "اريد", "كيف", "عن", "إلى", "الى", "لي", "ماذا", "متى", "أين", "التي", "الذي"]);

function arabicOrUrdu(text: string, current: Language): LanguageGuess {
  const words = text.split(/[^\p{L}\p{M}]+/u).filter(Boolean);
  const urdu = (text.match(URDU_LETTERS)?.length ?? 0) + 3 * words.filter((word) => URDU_WORDS.has(word)).length;
  const arabic = (text.match(ARABIC_LETTERS)?.length ?? 0) + 3 * words.filter((word) => ARABIC_WORDS.has(word)).length;
  if (urdu > arabic) return { language: "ur", confident: true };
  if (arabic > urdu) return { language: "ar", confident: true };
  // "سلام" is both: keep the conversation's language if it is one of the two.
  return { language: current === "ur" ? "ur" : "ar", confident: current === "ur" || current === "ar" };
}

// ───────────────────────────── Latin script ─────────────────────────────

const TINYLD_TO_LANGUAGE: Record<string, Language> = { no: "nb", da: "nb", sv: "nb", en: "en", pl: "pl", lt: "lt", tr: "tr" };
const FRANC_ONLY = ["nob", "dan", "swe", "eng", "pol", "lit", "som", "tur"];

function latin(content: string, words: string[], vocabulary: Vocabulary, current: Language): LanguageGuess {
  const votes = new Map<Language, number>();
  for (const word of words) {
    const language = vocabulary.unique.get(word);
    if (language) votes.set(language, (votes.get(language) ?? 0) + 1);
  }
  const letters = content.replace(/[^\p{L}]/gu, "").length;
  const informative = words.filter((word) => !NEUTRAL.has(word) && !vocabulary.shared.has(word));
  if (letters < 3 || informative.length === 0) return { language: current, confident: false };

  const scores = new Map<Language, number>();
  for (const { lang, accuracy } of detectLatin(content)) {
    const language = TINYLD_TO_LANGUAGE[lang];
    if (language) scores.set(language, Math.max(scores.get(language) ?? 0, accuracy));
  }
  // Somali: tinyld does not know it; franc does, and tells it from the others well.
  const francTop = franc(content, { only: FRANC_ONLY, minLength: 1 });
  if (francTop === "som") {
    const ranked = francAll(content, { only: FRANC_ONLY, minLength: 1 });
    const runnerUp = ranked[1]?.[1] ?? 0;
    scores.set("so", 1 - runnerUp + 0.5);
  }
  for (const [language, count] of votes) scores.set(language, (scores.get(language) ?? 0) + 0.6 * count);

  let best: Language | undefined;
  let bestScore = 0;
  for (const [language, score] of scores) {
    if (score > bestScore) [best, bestScore] = [language, score];
  }
  if (!best) return { language: current, confident: false };
  // One or two words with no word of our corpus behind them: a detector guess on so little text is
  // a coin toss, so the conversation's language stands unless the guess is strong.
  if (informative.length <= 2 && votes.size === 0 && bestScore < 0.9 && current !== best) return { language: current, confident: false };
  return { language: best, confident: true };
}

// ───────────────────────────── entry point ─────────────────────────────

export function identifyLanguage(text: string, neutralWords: ReadonlySet<string>, vocabulary: Vocabulary, current: Language): LanguageGuess {
  // Words that carry no language (districts, names, numbers) are left out before counting.
  const rawWords = text.split(/[^\p{L}\p{M}\p{N}'’]+/u).filter((word) => word.length > 0 && !neutralWords.has(fold(word).replace(/['’]/g, "")));
  const content = rawWords.join(" ");
  let ethiopic = 0;
  let arabic = 0;
  let cyrillic = 0;
  let latinLetters = 0;
  for (const char of content) {
    if (/\p{Script=Ethiopic}/u.test(char)) ethiopic++;
    else if (/\p{Script=Arabic}/u.test(char)) arabic++;
    else if (/\p{Script=Cyrillic}/u.test(char)) cyrillic++;
    else if (/\p{Script=Latin}/u.test(char)) latinLetters++;
  }
  const top = Math.max(ethiopic, arabic, cyrillic, latinLetters);
  if (top === 0) return { language: current, confident: false };
  if (top === ethiopic) return { language: "ti", confident: true };
  if (top === arabic) return arabicOrUrdu(content, current);
  if (top === cyrillic) return { language: "uk", confident: true };
  const words = rawWords.map((word) => fold(word)).flatMap((word) => word.split(/[^\p{L}\p{N}]+/u)).filter(Boolean);
  return latin(content.toLowerCase(), words, vocabulary, current);
}
