import type { Database } from "./db/database.ts";
import { inTransaction } from "./db/transaction.ts";
import { recordAudit } from "./audit.ts";
import { optOutSms } from "./sms/sms-identities.ts";

/**
 * Use case: a person asks for their data to be deleted. The request starts the municipality's
 * privacy process (GDPR art. 17; the scheme's own records may have to be kept for the accounts),
 * so here it is recorded for the privacy officer and acknowledged; nothing is deleted in chat.
 */
export async function requestDataDeletion(db: Database, options: { identityId: string; personId: string | null; municipalityId: string | null; now: Date }): Promise<{ requestId: string }> {
  return inTransaction(db, async (tx) => {
    const requestId = await recordAudit(tx, {
      municipalityId: options.municipalityId,
      actorId: options.personId,
      action: "privacy.deletion_requested",
      entityType: options.personId ? "Person" : "ChannelIdentity",
      entityId: options.personId ?? options.identityId,
      data: { identityId: options.identityId },
      at: options.now,
    });
    return { requestId };
  });
}

/**
 * Use case: someone asks to talk to a person. Recorded for the municipality's hand-off inbox (a
 * later piece of work reads these rows); the reason is a coarse code, never the message text.
 */
export async function requestHandOff(db: Database, options: { identityId: string; personId: string | null; municipalityId: string | null; topic: string; language: string; now: Date }): Promise<void> {
  await inTransaction(db, async (tx) => {
    await recordAudit(tx, {
      municipalityId: options.municipalityId,
      actorId: options.personId,
      action: "handoff.requested",
      entityType: "ChannelIdentity",
      entityId: options.identityId,
      data: { topic: options.topic, language: options.language },
      at: options.now,
    });
  });
}

/**
 * Use case: "stop sending me messages" said in a sentence (and confirmed): the same opt-out as the
 * SMS keyword STOP (services/sms/sms-identities.ts). True if this changed anything.
 */
export async function optOutOfMessages(db: Database, options: { identityId: string; personId: string | null; now: Date }): Promise<boolean> {
  return optOutSms(db, { id: options.identityId, personId: options.personId, verifiedAt: null, optedOutAt: null, language: null }, options.now);
}
