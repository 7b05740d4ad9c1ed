import { intlFormatter } from "./dates.ts";
import type { Language } from "./languages.ts";

/**
 * Every money amount shown to a person, in one form per language (issue 14): Intl's currency format
 * for the reader's language ("1 000 kr", "NOK 1,000", "1 000 NOK"). Locale strings take the formatted
 * amount as one placeholder and carry no currency word of their own (test/locales/amounts.test.ts).
 * Here in services/ because the outreach use case writes amounts too; dialogs/format.ts re-exports.
 */

// Numbers in menus and lists are typed as digits on every keyboard we serve; Arabic and Urdu
// readers get Latin digits too, so a list's "2" and the reply "2" look the same.
export const LOCALE_TAGS: Record<Language, string> = {
  nb: "nb-NO",
  en: "en-GB",
  pl: "pl-PL",
  lt: "lt-LT",
  uk: "uk-UA",
  ar: "ar-u-nu-latn",
  so: "so-SO",
  ur: "ur-PK-u-nu-latn",
  tr: "tr-TR",
  ti: "ti-ER",
};

// Intl puts no-break spaces (U+00A0, U+202F) in "1 000 kr"; they are not GSM-7, and one of them
// would turn a whole SMS into UCS-2 (70 instead of 160 characters), so they become plain spaces.
export const plainSpaces = (text: string) => text.replace(/[\u00a0\u202f]/g, " ");

export function formatNok(amountNok: number, language: Language): string {
  const whole = Number.isInteger(amountNok);
  return plainSpaces(intlFormatter(Intl.NumberFormat, LOCALE_TAGS[language], { style: "currency", currency: "NOK", minimumFractionDigits: whole ? 0 : 2, maximumFractionDigits: whole ? 0 : 2 }).format(amountNok));
}

export function formatOre(amountOre: number, language: Language): string {
  return formatNok(amountOre / 100, language);
}
