import { intlFormatter, type IsoDate } from "../services/dates.ts";
import type { Language } from "../services/languages.ts";

// Numbers in menus and lists are typed as digits on every keyboard we serve; Arabic and Urdu
// readers get Latin digits too, so a list's "2" and the reply "2" look the same.
const LOCALE_TAGS: Record<Language, string> = {
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
const plainSpaces = (text: string) => text.replace(/[\u00a0\u202f]/g, " ");

export function formatNok(amountNok: number, language: Language): string {
  const whole = Number.isInteger(amountNok);
  return plainSpaces(intlFormatter(Intl.NumberFormat, LOCALE_TAGS[language], { style: "currency", currency: "NOK", minimumFractionDigits: whole ? 0 : 2, maximumFractionDigits: whole ? 0 : 2 }).format(amountNok));
}

export function formatOre(amountOre: number, language: Language): string {
  return formatNok(amountOre / 100, language);
}

export function formatDate(date: IsoDate, language: Language): string {
  return plainSpaces(intlFormatter(Intl.DateTimeFormat, LOCALE_TAGS[language], { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(`${date}T00:00:00Z`)));
}

/**
 * Data inside a reply — an activity's title, a club's name, a name, words the user typed — as
 * literal text: Web Chat and Teams render replies as Markdown (Web Chat with HTML on), so a title
 * like `[Gratis!](https://…)` would become a link, and a bare address a live one. Markdown's own backslash escapes; the SMS text
 * path takes them out again (bot/channels/activity-text.ts), so a phone never shows them.
 */
export function markdownText(value: string): string {
  return value
    // Markup, and the "." ":" "@" by which Web Chat's linkify spots a bare web or mail address.
    .replace(/[\\`*_[\]<>#~|.:@]/g, "\\$&")
    .replace(/^(\s*)([-+=])/gm, "$1\\$2") // a list item, a setext underline or a rule at a line's start
    .replace(/^(\s*\d+)([.)])/gm, "$1\\$2"); // an ordered list item
}

/** A moment as a day and time in the municipality's time zone ("mandag 1. desember kl. 08:00"). */
export function formatDateTime(at: Date, language: Language, timeZone: string): string {
  return plainSpaces(intlFormatter(Intl.DateTimeFormat, LOCALE_TAGS[language], { timeZone, weekday: "long", day: "numeric", month: "long", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(at));
}
