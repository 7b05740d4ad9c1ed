import type { Tx, Database } from "../db/database.ts";
import { inTransaction } from "../db/transaction.ts";
import { recordAudit } from "../audit.ts";
import type { NoticeText } from "../clubs/notice-text.ts";
import { notifyPersons } from "../outbox/notify-persons.ts";
import { eraseChannelsOf, privacyRequestRef } from "./erase-channels.ts";

export interface ErasedAtOnce {
  requestId: string;
  /** The person the identity was verified as; null: an identity linked to nobody (nothing left to do). */
  personId: string | null;
  /** Channel identities (phone numbers, web chat users, Teams users) unlinked from the person. */
  identities: number;
  /** Stored messages deleted: SMS replies, outbox messages, web chat transcripts' activities. */
  messages: number;
  /** Privacy officers told of the request (their SMS); empty: none could be reached. */
  officersTold: string[];
}

/**
 * Use case: "delete my data", confirmed. In one transaction, at once (docs/privacy.md):
 * - the person's channel identities (all of them: the person asked, not the phone) are unlinked
 *   and deleted — a number that said STOP keeps only its opt-out, so we never text it again;
 * - the bot's state, the stored SMS replies, the outbox messages to their numbers and the web chat
 *   transcripts of their conversations are deleted; the texts the person wrote in accommodation
 *   threads and hand-offs (and a hand-off's transcript) are emptied (the thread's skeleton stays for the club's side of it); an export link
 *   not yet used is spent;
 * - a PrivacyRequest (DELETE) is recorded, and the privacy officers are told, to complete the rest
 *   (pseudonymise the person and children: completePrivacyRequest).
 * For an identity linked to nobody only that identity's own messages exist: it is erased and the
 * request recorded as completed.
 */
export async function eraseMyData(db: Database, options: { identityId: string; municipalityId: string; now: Date; text: NoticeText }): Promise<ErasedAtOnce> {
  return inTransaction(db, async (tx) => {
    const identity = await tx.channelIdentity.findUnique({ where: { id: options.identityId }, select: { id: true, personId: true, verifiedAt: true } });
    // Only a verified link says who the person is; an unverified one speaks for this identity alone.
    const personId = identity?.personId && identity.verifiedAt ? identity.personId : null;
    const person = personId ? await tx.person.findUnique({ where: { id: personId }, select: { municipalityId: true } }) : null;
    const municipalityId = person?.municipalityId ?? options.municipalityId;
    const identities = await tx.channelIdentity.findMany({
      where: personId ? { personId } : { id: options.identityId },
      select: { id: true, channel: true, address: true, optedOutAt: true },
    });
    const messages = await eraseChannelsOf(tx, identities);
    if (personId) {
      await tx.accommodationMessage.updateMany({ where: { authorId: personId }, data: { body: "" } });
      // What the person wrote to a caseworker: the hand-off's reason and transcript, and their messages.
      await tx.handOff.updateMany({ where: { personId }, data: { reason: null, transcript: [] } });
      await tx.handOffMessage.updateMany({ where: { authorId: personId }, data: { body: "" } });
      // An export link not yet used would show what the person asked us to delete: spent now.
      await tx.privacyRequest.updateMany({ where: { personId, kind: "ACCESS", status: "PENDING" }, data: { status: "COMPLETED", completedAt: options.now, exportTokenHash: null } });
    }

    const request = await tx.privacyRequest.create({
      data: {
        municipalityId,
        kind: "DELETE",
        personId,
        requestedAt: options.now,
        ...(personId ? {} : { status: "COMPLETED", completedAt: options.now }),
      },
      select: { id: true },
    });
    await recordAudit(tx, {
      municipalityId,
      actorId: personId,
      action: "privacy.deletion_requested",
      entityType: personId ? "Person" : "ChannelIdentity",
      entityId: personId ?? options.identityId,
      data: { requestId: request.id, identities: identities.length, messages },
      at: options.now,
    });
    const officersTold = personId ? await tellPrivacyOfficers(tx, { municipalityId, requestId: request.id, now: options.now, text: options.text }) : [];
    return { requestId: request.id, personId, identities: identities.length, messages, officersTold };
  });
}

/** The privacy officers of a municipality, told of a request waiting for them (ids only in the text). */
async function tellPrivacyOfficers(tx: Tx, options: { municipalityId: string; requestId: string; now: Date; text: NoticeText }): Promise<string[]> {
  const officers = await tx.staffMember.findMany({ where: { municipalityId: options.municipalityId, role: "PRIVACY_OFFICER" }, select: { personId: true } });
  return notifyPersons(tx, officers.map((officer) => officer.personId), (language) => options.text(language, "privacy:officer_notice", { ref: privacyRequestRef(options.requestId) }), options.now);
}

