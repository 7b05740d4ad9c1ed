import type { Tx } from "../db/database.ts";
import type { Language } from "../languages.ts";
import { smsRecipientsOf } from "../clubs/notice-text.ts";
import { enqueueMessage } from "./enqueue-message.ts";

/**
 * Inside the caller's transaction: tells each of these persons something through the outbox, in
 * the language each is written to in (`body(language)` builds the text), so the message exists if
 * and only if the change that caused it commits. Today a person is reached on every verified SMS
 * number of theirs that has not opted out (STOP); a person with none is not reached. Returns the
 * persons reached, so a reply never says someone was told who was not. Every notice of the service
 * goes through here: the one place that decides how a person is reached.
 */
export async function notifyPersons(tx: Tx, personIds: string[], body: (language: Language) => string, now: Date): Promise<string[]> {
  const reached = new Set<string>();
  for (const recipient of await smsRecipientsOf(tx, personIds)) {
    await enqueueMessage(tx, { channel: "SMS", recipient: recipient.phone, body: body(recipient.language) }, now);
    reached.add(recipient.personId);
  }
  return [...reached];
}
