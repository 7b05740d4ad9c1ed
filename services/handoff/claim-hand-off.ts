import { recordAudit } from "../audit.ts";
import type { Database } from "../db/database.ts";
import { inTransaction } from "../db/transaction.ts";
import type { HandOffActor } from "./hand-off-text.ts";
import { lockHandOffFor, recordRefusal, type HandOffRef, type HandOffRefusal } from "./staff-access.ts";

export type ClaimHandOffResult = { outcome: "CLAIMED"; handOffId: string; /** Someone else had it; now the actor has. */ tookOver: boolean } | { outcome: HandOffRefusal };

/**
 * Use case: a caseworker takes a hand-off (the inbox's "claim"): the person's messages go to them
 * alone from now on, and the duty list is no longer reminded. Taking over a colleague's is allowed
 * (sick leave, end of a shift) and audited as such.
 */
export async function claimHandOff(db: Database, options: { actor: HandOffActor; ref: HandOffRef; now: Date }): Promise<ClaimHandOffResult> {
  const { actor, now } = options;
  return inTransaction(db, async (tx): Promise<ClaimHandOffResult> => {
    const handOff = await lockHandOffFor(tx, actor, options.ref);
    if (typeof handOff === "string") {
      await recordRefusal(tx, actor, "claim", options.ref, handOff, now);
      return { outcome: handOff };
    }
    if (handOff.claimedById === actor.personId) return { outcome: "CLAIMED", handOffId: handOff.id, tookOver: false };
    await tx.handOff.update({ where: { id: handOff.id }, data: { status: "CLAIMED", claimedById: actor.personId, claimedAt: now } });
    const tookOver = handOff.claimedById !== null;
    await recordAudit(tx, { municipalityId: handOff.municipalityId, actorId: actor.personId, action: "handoff.claimed", entityType: "HandOff", entityId: handOff.id, data: { tookOver }, at: now });
    return { outcome: "CLAIMED", handOffId: handOff.id, tookOver };
  });
}
