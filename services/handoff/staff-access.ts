import { recordAudit } from "../audit.ts";
import type { Tx } from "../db/database.ts";
import { lockRow } from "../db/locks.ts";
import { answersHandOffs, type HandOffActor } from "./hand-off-text.ts";

/** Which hand-off a caseworker means: the code of an open one (chat), or its id (the inbox). */
export type HandOffRef = { code: string } | { id: string };

/** Why a staff action on a hand-off was refused. */
export type HandOffRefusal = "FORBIDDEN" | "UNKNOWN" | "CLOSED";

export interface LockedHandOff {
  id: string;
  municipalityId: string;
  personId: string;
  code: string;
  status: "OPEN" | "CLAIMED" | "CLOSED";
  claimedById: string | null;
  personName: string;
}

/**
 * Inside the action's transaction: the hand-off a staff member may act on, locked, or why not. Only
 * a caseworker or an admin acts on hand-offs, and only on their own municipality's: another
 * municipality's code or id is unknown (never "forbidden", which would say it exists). A code is
 * looked up among the hand-offs that are not closed (codes are reused once closed).
 */
export async function lockHandOffFor(tx: Tx, actor: HandOffActor, ref: HandOffRef): Promise<LockedHandOff | HandOffRefusal> {
  if (!answersHandOffs(actor.role)) return "FORBIDDEN";
  const found = await tx.handOff.findFirst({
    where: "code" in ref ? { municipalityId: actor.municipalityId, code: ref.code.toUpperCase(), status: { not: "CLOSED" } } : { municipalityId: actor.municipalityId, id: ref.id },
    select: { id: true },
  });
  if (!found) return "UNKNOWN";
  await lockRow(tx, "HandOff", found.id);
  const row = await tx.handOff.findUniqueOrThrow({
    where: { id: found.id },
    select: { id: true, municipalityId: true, personId: true, code: true, status: true, claimedById: true },
  });
  const person = await tx.person.findUniqueOrThrow({ where: { id: row.personId }, select: { givenName: true } });
  if (row.status === "CLOSED") return "CLOSED";
  return { ...row, personName: person.givenName };
}

/** Inside its own transaction: a refused staff action is audited with the acting person (a wrong code, a wrong role). */
export async function recordRefusal(tx: Tx, actor: HandOffActor, action: string, ref: HandOffRef, refusal: HandOffRefusal, now: Date): Promise<void> {
  await recordAudit(tx, {
    municipalityId: actor.municipalityId,
    actorId: actor.personId,
    action: "handoff.refused",
    entityType: "HandOff",
    entityId: "id" in ref ? ref.id : `code:${ref.code.toUpperCase()}`,
    data: { attempted: action, refusal, role: actor.role },
    at: now,
  });
}
