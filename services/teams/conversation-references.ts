import type { Database } from "../db/database.ts";

/**
 * The Bot Framework ConversationReference of a Teams user's latest personal chat with the bot
 * (JSON as botbuilder builds it: serviceUrl, conversation, bot, user), kept so the outbox can
 * write to them unasked. Only this module writes TeamsConversationReference.
 */
export type StoredConversationReference = Record<string, unknown>;

/** Use case: remembers where the bot can reach a Teams user (called on each Teams turn of a personal chat). */
export async function rememberTeamsConversation(db: Database, options: { address: string; reference: StoredConversationReference; now: Date }): Promise<void> {
  const reference = JSON.parse(JSON.stringify(options.reference)) as object;
  await db.prisma.teamsConversationReference.upsert({
    where: { address: options.address },
    create: { address: options.address, reference, updatedAt: options.now },
    update: { reference, updatedAt: options.now },
  });
}

/** The stored reference for a Teams user (by Entra ID object id), or null. */
export async function findTeamsConversationReference(db: Database, address: string): Promise<StoredConversationReference | null> {
  const row = await db.prisma.teamsConversationReference.findUnique({ where: { address }, select: { reference: true } });
  return (row?.reference as StoredConversationReference | undefined) ?? null;
}
