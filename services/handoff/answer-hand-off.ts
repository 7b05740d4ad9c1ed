import { recordAudit } from "../audit.ts";
import type { Database } from "../db/database.ts";
import { inTransaction } from "../db/transaction.ts";
import { notifyPersons } from "../outbox/notify-persons.ts";
import type { HandOffActor, HandOffNotices } from "./hand-off-text.ts";
import { lockHandOffFor, recordRefusal, type HandOffRef, type HandOffRefusal } from "./staff-access.ts";

export type AnswerHandOffResult =
  | { outcome: "SENT"; handOffId: string; code: string; personName: string; /** The person was reached in a channel of theirs. */ reached: boolean }
  | { outcome: HandOffRefusal };

/**
 * Use case: a caseworker answers a hand-off (`SVAR <code> <text>` in chat, or the inbox). The text
 * is kept with the hand-off and sent to the person in their channel as the caseworker's own words
 * (first name, "from <municipality>"). The first answer takes the hand-off if nobody had.
 */
export async function answerHandOff(db: Database, options: { actor: HandOffActor; ref: HandOffRef; text: string; now: Date; notices: HandOffNotices }): Promise<AnswerHandOffResult> {
  const { actor, now, notices } = options;
  const result = await inTransaction(db, async (tx): Promise<AnswerHandOffResult> => {
    const handOff = await lockHandOffFor(tx, actor, options.ref);
    if (typeof handOff === "string") {
      await recordRefusal(tx, actor, "answer", options.ref, handOff, now);
      return { outcome: handOff };
    }
    await tx.handOffMessage.create({ data: { handOffId: handOff.id, kind: "STAFF", authorId: actor.personId, body: options.text, createdAt: now } });
    if (!handOff.claimedById) {
      await tx.handOff.update({ where: { id: handOff.id }, data: { status: "CLAIMED", claimedById: actor.personId, claimedAt: now } });
      await recordAudit(tx, { municipalityId: handOff.municipalityId, actorId: actor.personId, action: "handoff.claimed", entityType: "HandOff", entityId: handOff.id, at: now });
    }
    await recordAudit(tx, { municipalityId: handOff.municipalityId, actorId: actor.personId, action: "handoff.answered", entityType: "HandOff", entityId: handOff.id, at: now });
    const staff = await tx.person.findUniqueOrThrow({ where: { id: actor.personId }, select: { givenName: true } });
    const reached = await notifyPersons(tx, [handOff.personId], (language) => notices.text(language, "handoff:to_person.answer", { name: staff.givenName, municipality: notices.municipalityName, text: options.text }), now);
    return { outcome: "SENT", handOffId: handOff.id, code: handOff.code, personName: handOff.personName, reached: reached.length > 0 };
  });
  return result;
}
