import { intlFormatter, type IsoDate } from "../services/dates.ts";
import type { Language } from "../services/languages.ts";
import { LOCALE_TAGS, plainSpaces } from "../services/money-format.ts";

// Money has one form per language, shared with the services that write to families (outreach).
export { formatNok, formatOre } from "../services/money-format.ts";

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
