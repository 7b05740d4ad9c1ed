import type { Tx } from "../db/database.ts";
import { queryRows } from "../db/query.ts";
import { isLanguage, type Language } from "../languages.ts";
import { enqueueMessage, type NoticeAnswers } from "./enqueue-message.ts";

/**
 * A notice with answers: the text every channel shows, and the answers a channel with buttons
 * offers as buttons (a Teams Adaptive Card). Each button sends back `command` as the person's own
 * message — the very text an SMS user types — so a button and a typed answer take one code path.
 */
export interface Notice {
  text: string;
  answers?: NoticeAnswers;
}

/** Where and in which language one person is told something: one verified channel identity of theirs. */
interface Recipient {
  personId: string;
  channel: "SMS" | "WEBCHAT" | "TEAMS";
  address: string;
  language: Language;
}

/**
 * Inside the caller's transaction: tells each of these persons something through the outbox, in
 * the language each is written to in (`body(language)` builds the text, or a Notice with buttons),
 * so the message exists if and only if the change that caused it commits. A person is reached on
 * every verified channel identity of theirs that has not opted out and can be written to unasked:
 * an SMS number; a web chat user with a conversation still kept (the notice is appended to the
 * latest); a Teams user whose chat with the bot we hold a reference to (docs/club-channels.md).
 * One outbox row per identity, each delivered once. Returns the persons reached, so a reply never
 * says someone was told who was not. Every notice of the service goes through here: the one place
 * that decides how a person is reached.
 */
export async function notifyPersons(tx: Tx, personIds: string[], body: (language: Language) => string | Notice, now: Date): Promise<string[]> {
  const reached = new Set<string>();
  for (const recipient of await recipientsOf(tx, personIds)) {
    const built = body(recipient.language);
    const notice = typeof built === "string" ? { text: built } : built;
    if (recipient.channel === "SMS") await enqueueMessage(tx, { channel: "SMS", recipient: recipient.address, body: notice.text }, now);
    else await enqueueMessage(tx, { channel: recipient.channel, recipient: recipient.address, body: notice.text, ...(notice.answers ? { answers: notice.answers } : {}) }, now);
    reached.add(recipient.personId);
  }
  return [...reached];
}

/**
 * The verified, not opted-out identities of these persons that can be written to unasked, with the
 * languages to choose from, in one statement (it runs in every notice's transaction).
 */
async function recipientsOf(tx: Tx, personIds: string[]): Promise<Recipient[]> {
  if (personIds.length === 0) return [];
  const rows = await queryRows<{ personId: string; channel: Recipient["channel"]; address: string; languages: (string | null)[] }>(
    tx,
    `SELECT p.id AS "personId", ci.channel::text AS channel, ci.address, ARRAY[ci.language, p."preferredLanguage", m."defaultLanguage"] AS languages
     FROM "ChannelIdentity" ci JOIN "Person" p ON p.id = ci."personId" JOIN "Municipality" m ON m.id = p."municipalityId"
     WHERE ci."personId" = ANY($1::text[]) AND ci."verifiedAt" IS NOT NULL AND ci."optedOutAt" IS NULL
       AND (ci.channel = 'SMS'
         OR (ci.channel = 'WEBCHAT' AND EXISTS (SELECT 1 FROM "DirectLineConversation" d WHERE d."userId" = ci.address))
         OR (ci.channel = 'TEAMS' AND EXISTS (SELECT 1 FROM "TeamsConversationReference" t WHERE t.address = ci.address)))
     ORDER BY ci.channel, ci.address`,
    [[...new Set(personIds)]],
  );
  return rows.map((row) => ({ personId: row.personId, channel: row.channel, address: row.address, language: (row.languages.find((value) => value && isLanguage(value)) as Language | undefined) ?? "nb" }));
}
