import { recordAudit } from "../audit.ts";
import type { Database } from "../db/database.ts";
import { inTransaction } from "../db/transaction.ts";
import { notifyPersons } from "../outbox/notify-persons.ts";
import type { HandOffActor, HandOffNotices } from "./hand-off-text.ts";
import { lockHandOffFor, recordRefusal, type HandOffRef, type HandOffRefusal } from "./staff-access.ts";

export type CloseHandOffResult = { outcome: "CLOSED_NOW"; handOffId: string; code: string; personName: string; reached: boolean } | { outcome: HandOffRefusal };

/**
 * Use case: a caseworker closes a hand-off (`LUKK <code>`, or the inbox): the person is told that
 * the chatbot answers again, and from now on their messages go to the bot.
 */
export async function closeHandOff(db: Database, options: { actor: HandOffActor; ref: HandOffRef; now: Date; notices: HandOffNotices }): Promise<CloseHandOffResult> {
  const { actor, now, notices } = options;
  return inTransaction(db, async (tx): Promise<CloseHandOffResult> => {
    const handOff = await lockHandOffFor(tx, actor, options.ref);
    if (typeof handOff === "string") {
      await recordRefusal(tx, actor, "close", options.ref, handOff, now);
      return { outcome: handOff };
    }
    await tx.handOff.update({ where: { id: handOff.id }, data: { status: "CLOSED", closedById: actor.personId, closedAt: now } });
    await recordAudit(tx, { municipalityId: handOff.municipalityId, actorId: actor.personId, action: "handoff.closed", entityType: "HandOff", entityId: handOff.id, at: now });
    const staff = await tx.person.findUniqueOrThrow({ where: { id: actor.personId }, select: { givenName: true } });
    const reached = await notifyPersons(tx, [handOff.personId], (language) => notices.text(language, "handoff:to_person.closed", { name: staff.givenName, municipality: notices.municipalityName }), now);
    return { outcome: "CLOSED_NOW", handOffId: handOff.id, code: handOff.code, personName: handOff.personName, reached: reached.length > 0 };
  });
}
