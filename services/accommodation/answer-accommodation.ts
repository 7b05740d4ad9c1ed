import type { Database } from "../db/database.ts";
import { inTransaction } from "../db/transaction.ts";
import { lockRow } from "../db/locks.ts";
import { recordAudit } from "../audit.ts";
import { refuseCode, tooManyWrongCodes, WRONG_CODE_WINDOW_MINUTES } from "../clubs/answer-sign-up.ts";
import { addressing, familySide, type Addressing, type NoticeText } from "../clubs/notice-text.ts";
import { addThreadMessage, tellSide, threadOf, threadText } from "./thread-notices.ts";

/** The club's words: JA (we can), PRAT (we need to talk), NEI (we cannot), LUKK (close the thread). */
export type ClubThreadAnswer = "confirm" | "talk" | "decline" | "close";

const KIND = { confirm: "CAN", talk: "TALK", decline: "CANNOT", close: "CLOSED" } as const;
const FAMILY_KEY = { confirm: "accommodation:family.can", talk: "accommodation:family.talk", decline: "accommodation:family.cannot", close: "accommodation:family.club_closed" } as const;

export interface AnswerAccommodationOptions {
  personId: string;
  answer: ClubThreadAnswer;
  code: string;
  /** The club's own words, passed on to the family as written. */
  message?: string | undefined;
  now: Date;
  notices: NoticeText;
}

export type AnswerAccommodationOutcome =
  /** `familySide`: how the club's confirmation names who is told (services/clubs/notice-text.ts). */
  | { outcome: "SENT" | "CLOSED" | "ALREADY_CLOSED"; code: string; childName: string; familySide: Addressing }
  | { outcome: "UNKNOWN_CODE"; code: string }
  | { outcome: "RATE_LIMITED"; minutes: number }
  /** The code is no accommodation request of the contact's clubs: JA/NEI go on to the sign-ups. */
  | { outcome: "NOT_A_REQUEST" };

/**
 * Use case: a club contact answers an accommodation request, or writes again in its thread, with
 * JA/PRAT/NEI <code> <message>, or closes it with LUKK <code>. The code is looked up among the
 * contact's own clubs' requests only. The family is told in their language: the structured part
 * from the catalog, the club's words as written, labelled as the club's own. Open requests come
 * first (their codes share one space with open sign-ups); a JA/NEI code that is no open request is
 * the sign-ups' to answer.
 */
export async function answerAccommodation(db: Database, options: AnswerAccommodationOptions): Promise<AnswerAccommodationOutcome> {
  const code = options.code.toUpperCase();
  const contacts = await db.prisma.providerContact.findMany({ where: { personId: options.personId }, select: { providerId: true, provider: { select: { municipalityId: true } } } });
  if (contacts.length === 0) return { outcome: "NOT_A_REQUEST" };
  const providerIds = contacts.map((contact) => contact.providerId);
  const isSignUpWord = options.answer === "confirm" || options.answer === "decline";
  const open = await db.prisma.accommodationRequest.findFirst({ where: { replyCode: code, providerId: { in: providerIds }, status: { not: "CLOSED" } }, select: { id: true } });
  if (!open) {
    const signUp = isSignUpWord ? await db.prisma.enrollment.findFirst({ where: { replyCode: code, activity: { providerId: { in: providerIds } } }, select: { id: true } }) : null;
    if (signUp) return { outcome: "NOT_A_REQUEST" };
    const closed = await db.prisma.accommodationRequest.findFirst({ where: { replyCode: code, providerId: { in: providerIds } }, select: { childId: true, requestedById: true, child: { select: { givenName: true } } } });
    if (closed) return { outcome: "ALREADY_CLOSED", code, childName: closed.child.givenName, familySide: familySide(closed.requestedById, closed.childId) };
    // Unknown to both: the sign-ups' answer refuses and counts it, the thread words here.
    if (isSignUpWord) return { outcome: "NOT_A_REQUEST" };
    if (await tooManyWrongCodes(db, options.personId, options.now)) return { outcome: "RATE_LIMITED", minutes: WRONG_CODE_WINDOW_MINUTES };
    await refuseCode(db, { municipalityId: contacts[0]!.provider.municipalityId, personId: options.personId, code, now: options.now });
    return { outcome: "UNKNOWN_CODE", code };
  }
  const message = threadText(options.message);
  return inTransaction(db, async (tx) => {
    await lockRow(tx, "AccommodationRequest", open.id);
    const thread = await threadOf(tx, open.id);
    const side = familySide(thread.requestedById, thread.childId);
    if (thread.status === "CLOSED") return { outcome: "ALREADY_CLOSED", code, childName: thread.child.givenName, familySide: side } as const;
    const closing = options.answer === "close";
    await addThreadMessage(tx, { requestId: thread.id, authorId: options.personId, kind: KIND[options.answer], body: message, now: options.now, status: closing ? "CLOSED" : "ANSWERED" });
    await recordAudit(tx, {
      municipalityId: thread.provider.municipalityId,
      actorId: options.personId,
      action: closing ? "accommodation.closed" : "accommodation.answered",
      entityType: "AccommodationRequest",
      entityId: thread.id,
      data: { answer: KIND[options.answer] },
      at: options.now,
    });
    await tellSide(tx, thread, "family", {
      now: options.now,
      text: options.notices,
      lines: (say, activity) => [
        say(FAMILY_KEY[options.answer], { club: thread.provider.name, child: thread.child.givenName, activity, ...addressing(thread.requestedById, thread.childId) }),
        ...(message ? [say("accommodation:family.club_words", { text: message })] : []),
        ...(closing ? [] : [say("accommodation:family.how_to_reply")]),
      ],
    });
    return { outcome: closing ? "CLOSED" : "SENT", code, childName: thread.child.givenName, familySide: side } as const;
  });
}
