import type { PrismaClient } from "./db/database.ts";
import { recordAudit } from "./audit.ts";

/**
 * Use case: a person asks for their data to be deleted. The request starts the municipality's
 * privacy process (GDPR art. 17; the scheme's own records may have to be kept for the accounts),
 * so here it is recorded for the privacy officer and acknowledged; nothing is deleted in chat.
 */
export async function requestDataDeletion(prisma: PrismaClient, options: { identityId: string; personId: string | null; municipalityId: string | null }): Promise<{ requestId: string }> {
  return prisma.$transaction(async (tx) => {
    const entry = await tx.auditLog.create({
      data: {
        municipalityId: options.municipalityId,
        actorId: options.personId,
        action: "privacy.deletion_requested",
        entityType: options.personId ? "Person" : "ChannelIdentity",
        entityId: options.personId ?? options.identityId,
        data: { identityId: options.identityId },
      },
    });
    return { requestId: String(entry.id) };
  });
}

/**
 * Use case: someone asks to talk to a person. Recorded for the municipality's hand-off inbox (a
 * later piece of work reads these rows); the reason is a coarse code, never the message text.
 */
export async function requestHandOff(prisma: PrismaClient, options: { identityId: string; personId: string | null; municipalityId: string | null; topic: string; language: string }): Promise<void> {
  await prisma.$transaction(async (tx) => {
    await recordAudit(tx, {
      municipalityId: options.municipalityId,
      actorId: options.personId,
      action: "handoff.requested",
      entityType: "ChannelIdentity",
      entityId: options.identityId,
      data: { topic: options.topic, language: options.language },
    });
  });
}
