import type { Tx } from "../db/database.ts";
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

async function recipientsOf(tx: Tx, personIds: string[]): Promise<Recipient[]> {
  if (personIds.length === 0) return [];
  const rows = await tx.channelIdentity.findMany({
    where: { personId: { in: [...new Set(personIds)] }, verifiedAt: { not: null }, optedOutAt: null },
    select: { channel: true, address: true, language: true, person: { select: { id: true, preferredLanguage: true, municipality: { select: { defaultLanguage: true } } } } },
    orderBy: [{ channel: "asc" }, { address: "asc" }],
  });
  const webUsers = rows.filter((row) => row.channel === "WEBCHAT").map((row) => row.address);
  const teamsUsers = rows.filter((row) => row.channel === "TEAMS").map((row) => row.address);
  const withConversation = new Set(
    webUsers.length === 0 ? [] : (await tx.directLineConversation.findMany({ where: { userId: { in: webUsers } }, select: { userId: true }, distinct: ["userId"] })).map((row) => row.userId),
  );
  const withReference = new Set(
    teamsUsers.length === 0 ? [] : (await tx.teamsConversationReference.findMany({ where: { address: { in: teamsUsers } }, select: { address: true } })).map((row) => row.address),
  );
  return rows
    .filter((row) => row.channel === "SMS" || (row.channel === "WEBCHAT" ? withConversation.has(row.address) : withReference.has(row.address)))
    .map((row) => {
      const language = [row.language, row.person!.preferredLanguage, row.person!.municipality.defaultLanguage].find((value) => value && isLanguage(value)) as Language | undefined;
      return { personId: row.person!.id, channel: row.channel, address: row.address, language: language ?? "nb" };
    });
}
