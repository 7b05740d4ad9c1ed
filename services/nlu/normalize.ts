/**
 * Text normalisation for matching what people type in ten languages and four scripts. Latin text is
 * folded the way services/text.ts folds it (æøå-less spelling, no diacritics); Arabic-script text
 * loses its vowel marks and the letter variants Arabic and Urdu keyboards differ in, so a lexicon
 * entry written once matches both. Language identification works on the raw text instead: the
 * letters this folding merges are its evidence.
 */
import { foldText } from "../text.ts";

/** Arabic-Indic (٠..٩) and Extended Arabic-Indic (۰..۹, Urdu keyboards) digits as ASCII. */
export function asciiDigits(text: string): string {
  return text
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06f0));
}

function foldArabicScript(text: string): string {
  return text
    .replace(/[\u064B-\u065F\u0670\u0640]/g, "") // harakat, dagger alef, tatweel
    .replace(/[أإآٱ]/g, "ا")
    .replace(/[ىیيې]/g, "ي")
    .replace(/[كک]/g, "ك")
    .replace(/[ةۃ]/g, "ه")
    .replace(/[ہھە]/g, "ه")
    .replace(/ۓ/g, "ے")
    .replace(/ؤ/g, "و")
    .replace(/ئ/g, "ي");
}

/**
 * Lower case, folded, digits in ASCII, Ethiopic word separators as spaces, and a letter typed three
 * or more times in a row once ("heeei", "hallooo": none of our languages writes a letter thrice).
 */
export function fold(text: string): string {
  const spaced = asciiDigits(text).replace(/[፡።፣፤፥፦፧]/g, " ");
  return foldArabicScript(foldText(spaced))
    .replace(/[’ʼ`´]/g, "'")
    .replace(/(\p{L})\1{2,}/gu, "$1");
}

/**
 * Folded words: runs of letters and digits. An apostrophe splits a word, which is what Turkish
 * needs ("Konnerud'da" → konnerud, da); Ukrainian's apostrophe ("п'ятниця") is dropped instead so
 * the word stays whole.
 */
export function tokenize(text: string): string[] {
  return fold(text)
    .replace(/(\p{Script=Cyrillic})'(?=\p{Script=Cyrillic})/gu, "$1")
    .split(/[^\p{L}\p{N}]+/u)
    .filter((token) => token.length > 0);
}
