import type { Tx } from "../db/database.ts";
import { isLanguage, type Language } from "../languages.ts";

/**
 * The catalog's sentences (locales/<lang>/club.json), handed in by the caller: services know the
 * keys, not i18next. A use case given no NoticeText queues no message (tests of money alone).
 */
export type NoticeText = (language: Language, key: string, values?: Record<string, unknown>) => string;

/** Where and in which language one person is told something by SMS. */
export interface SmsRecipient {
  personId: string;
  phone: string;
  language: Language;
}

/**
 * The verified SMS numbers of these persons that have not opted out (STOP), each with the
 * language to write in: the number's, else the person's, else the municipality's default.
 */
export async function smsRecipientsOf(tx: Tx, personIds: string[]): Promise<SmsRecipient[]> {
  if (personIds.length === 0) return [];
  const rows = await tx.channelIdentity.findMany({
    where: { channel: "SMS", personId: { in: personIds }, verifiedAt: { not: null }, optedOutAt: null },
    select: { address: true, language: true, person: { select: { id: true, preferredLanguage: true, municipality: { select: { defaultLanguage: true } } } } },
    orderBy: { address: "asc" },
  });
  return rows.map((row) => {
    const language = [row.language, row.person!.preferredLanguage, row.person!.municipality.defaultLanguage].find((value) => value && isLanguage(value)) as Language | undefined;
    return { personId: row.person!.id, phone: row.address, language: language ?? "nb" };
  });
}

/** An activity's title in a language, where the catalogue has it translated. */
export function titleIn(activity: { title: string; translations: { language: string; title: string }[] }, language: Language): string {
  return activity.translations.find((translation) => translation.language === language)?.title ?? activity.title;
}
