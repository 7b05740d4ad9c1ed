import { recordAudit } from "../audit.ts";
import type { Database } from "../db/database.ts";
import { lockRow } from "../db/locks.ts";
import { inTransaction } from "../db/transaction.ts";
import { notifyPersons } from "../outbox/notify-persons.ts";
import { caseworkersOnDuty } from "./duty.ts";
import { quoteForSms, type HandOffNotices } from "./hand-off-text.ts";

export type RelayResult =
  | { outcome: "RELAYED"; /** The first message since the hand-off opened: tell the person, once, where it went. */ tellPerson: boolean; reached: number }
  | { outcome: "NOTHING_OPEN" };

/**
 * Use case: while a hand-off is open, what the person writes goes to the caseworker, not the bot:
 * kept with the hand-off (the inbox shows it) and sent to the caseworker who took it, or, before
 * anyone has, to the caseworkers on duty once it was announced. The person is told so once.
 */
export async function relayToCaseworker(db: Database, options: { personId: string; text: string; now: Date; notices: HandOffNotices }): Promise<RelayResult> {
  const { now } = options;
  return inTransaction(db, async (tx) => {
    const open = await tx.handOff.findFirst({ where: { personId: options.personId, status: { not: "CLOSED" } }, select: { id: true } });
    if (!open) return { outcome: "NOTHING_OPEN" };
    await lockRow(tx, "HandOff", open.id);
    const handOff = await tx.handOff.findUniqueOrThrow({
      where: { id: open.id },
      select: { id: true, municipalityId: true, code: true, status: true, claimedById: true, announcedAt: true, relayNoticeAt: true },
    });
    if (handOff.status === "CLOSED") return { outcome: "NOTHING_OPEN" };
    await tx.handOffMessage.create({ data: { handOffId: handOff.id, kind: "PERSON", authorId: options.personId, body: options.text, createdAt: now } });
    const tellPerson = handOff.relayNoticeAt === null;
    if (tellPerson) await tx.handOff.update({ where: { id: handOff.id }, data: { relayNoticeAt: now } });
    await recordAudit(tx, { municipalityId: handOff.municipalityId, actorId: options.personId, action: "handoff.person_wrote", entityType: "HandOff", entityId: handOff.id, at: now });
    const to = handOff.claimedById ? [handOff.claimedById] : handOff.announcedAt ? await caseworkersOnDuty(tx, handOff.municipalityId) : [];
    const person = await tx.person.findUniqueOrThrow({ where: { id: options.personId }, select: { givenName: true } });
    const reached = await notifyPersons(tx, to, (language) => options.notices.text(language, "handoff:staff.person_wrote", { code: handOff.code, name: person.givenName, text: quoteForSms(options.text) }), now);
    return { outcome: "RELAYED", tellPerson, reached: reached.length };
  });
}
