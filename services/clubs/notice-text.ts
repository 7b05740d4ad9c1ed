import type { Language } from "../languages.ts";

/**
 * The catalog's sentences (locales/<lang>/club.json), handed in by the caller: services know the
 * keys, not i18next. A use case given no NoticeText queues no message (tests of money alone).
 */
export type NoticeText = (language: Language, key: string, values?: Record<string, unknown>) => string;

/** An activity's title in a language, where the catalogue has it translated. */
export function titleIn(activity: { title: string; translations: { language: string; title: string }[] }, language: Language): string {
  return activity.translations.find((translation) => translation.language === language)?.title ?? activity.title;
}
