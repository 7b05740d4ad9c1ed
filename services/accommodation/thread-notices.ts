import { notifyPersons } from "../outbox/notify-persons.ts";
import type { NoticeAnswers } from "../outbox/enqueue-message.ts";
import type { Tx } from "../db/database.ts";
import { titleIn, type Addressing, type NoticeText } from "../clubs/notice-text.ts";
import type { AccommodationMessageKind } from "../../prisma/generated/client.ts";

/** Free text in a thread goes by SMS: kept to a few sentences, spacing normalised, never translated. */
export const THREAD_TEXT_MAX = 300;

/**
 * The line that quotes the family side's own words to the club: "Nora skriver" when the youth asked
 * for themself (`familySide`, services/clubs/notice-text.ts), else "Familien skriver". Its own key,
 * not a `_youth` variant: the plain line names nobody, and this one needs the child's name.
 */
export function noteKey(side: Addressing): string {
  return side.context === "youth" ? "accommodation:club.youth_note" : "accommodation:club.family_note";
}

export function threadText(text: string | undefined): string | undefined {
  return text?.replace(/\s+/g, " ").trim().slice(0, THREAD_TEXT_MAX) || undefined;
}

const THREAD_SELECT = {
  id: true,
  providerId: true,
  requestedById: true,
  childId: true,
  replyCode: true,
  needs: true,
  status: true,
  child: { select: { givenName: true } },
  activity: { select: { title: true, translations: { select: { language: true, title: true } } } },
  provider: { select: { name: true, municipalityId: true, contacts: { select: { personId: true } } } },
} as const;

export async function threadOf(tx: Tx, requestId: string) {
  return tx.accommodationRequest.findUniqueOrThrow({ where: { id: requestId }, select: THREAD_SELECT });
}
export type Thread = Awaited<ReturnType<typeof threadOf>>;

/** Records one message of the thread, moves its quiet-time clock, and sets its new state (answered, closed) when the message changes it. */
export async function addThreadMessage(
  tx: Tx,
  options: { requestId: string; authorId: string; kind: AccommodationMessageKind; body?: string | undefined; now: Date; status?: "ANSWERED" | "CLOSED" },
): Promise<void> {
  await tx.accommodationMessage.create({ data: { requestId: options.requestId, authorId: options.authorId, kind: options.kind, body: options.body ?? "", createdAt: options.now } });
  // The message's time, and the thread's new state if the message changes it, in one update.
  const status = options.status === "CLOSED" ? { status: "CLOSED" as const, closedAt: options.now } : options.status ? { status: options.status } : {};
  await tx.accommodationRequest.update({ where: { id: options.requestId }, data: { lastMessageAt: options.now, ...status } });
}

export type ThreadLines = (say: (key: string, values?: Record<string, unknown>) => string, activity: string) => string[];

/**
 * Tells one side of the thread — the club's contacts, or whoever made the request — through the
 * outbox (notifyPersons: SMS, web chat, Teams) in the caller's transaction, each in their language;
 * `answers` are offered as buttons where the channel has them.
 */
export async function tellSide(
  tx: Tx,
  thread: Thread,
  side: "club" | "family",
  options: { now: Date; text: NoticeText; lines: ThreadLines; answers?: (say: (key: string, values?: Record<string, unknown>) => string) => NoticeAnswers },
): Promise<void> {
  const personIds = side === "club" ? thread.provider.contacts.map((contact) => contact.personId) : [thread.requestedById];
  await notifyPersons(
    tx,
    personIds,
    (language) => {
      const say = (key: string, values?: Record<string, unknown>) => options.text(language, key, values);
      const text = options.lines(say, titleIn(thread.activity, language)).join("\n");
      return options.answers ? { text, answers: options.answers(say) } : text;
    },
    options.now,
  );
}

/** A request's answers as buttons (cards:): the club's JA / PRAT / NEI <code>, with its message after. */
export function threadAnswers(say: (key: string, values?: Record<string, unknown>) => string, code: string): NoticeAnswers {
  return {
    choices: [
      { title: say("cards:can"), command: `JA ${code}` },
      { title: say("cards:talk"), command: `PRAT ${code}` },
      { title: say("cards:cannot"), command: `NEI ${code}` },
    ],
    input: say("cards:message_label"),
  };
}
