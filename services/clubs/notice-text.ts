import type { Language } from "../languages.ts";

/**
 * The catalog's sentences (locales/<lang>/club.json), handed in by the caller: services know the
 * keys, not i18next. A use case given no NoticeText queues no message (tests of money alone).
 */
export type NoticeText = (language: Language, key: string, values?: Record<string, unknown>) => string;

/** The i18next options that choose a sentence's address: `{ context: "youth" }` picks the catalogs' `key_youth`. */
export type Addressing = { context?: "youth" };

/**
 * How a sentence about the person `aboutId` addresses its reader `readerId`: a youth reading about
 * themselves is "du" (i18next's context "youth": the catalogs' `key_youth`, which exists where a
 * language's family form — "dere", "Wy", "ви", "siz" — differs from the singular, or where the plain
 * sentence names the person; elsewhere the plain key is used). Anyone else reads about the person by
 * name, a parent as the family. One rule for the chat's replies (dialogs/people.ts) and the notices
 * services send (an accommodation thread's answers to the youth who asked).
 */
export function addressing(readerId: string | undefined, aboutId: string | undefined): Addressing {
  return readerId !== undefined && readerId === aboutId ? { context: "youth" } : {};
}

/**
 * How a club reads about the family side of an accommodation thread — `requesterId`, who asked for
 * the child `childId` and writes back: a youth who asked for themselves is named ("Nora svarer", the
 * `_youth` club sentences of locales/<lang>/accommodation.json), a parent is "the family".
 */
export function familySide(requesterId: string, childId: string): Addressing {
  return addressing(requesterId, childId);
}

/** An activity's title in a language, where the catalogue has it translated. */
export function titleIn(activity: { title: string; translations: { language: string; title: string }[] }, language: Language): string {
  return activity.translations.find((translation) => translation.language === language)?.title ?? activity.title;
}
