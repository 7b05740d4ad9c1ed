import type { Database } from "../db/database.ts";
import { inTransaction } from "../db/transaction.ts";
import { recordAudit } from "../audit.ts";

export interface Purged {
  inbound: number;
  outbox: number;
  webChatActivities: number;
  webChatConversations: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Use case (retention, docs/privacy.md): messages older than `retentionDays` go — stored SMS
 * replies (a Twilio retry comes within hours, not months), outbox messages that were sent or gave
 * up (one still waiting or being sent stays), web chat activities, and conversations left with
 * none (their bot state with them). The ledger and the audit log are kept: they are the accounts.
 * One transaction with one audit row of the counts.
 */
export async function purgeExpiredMessages(db: Database, options: { retentionDays: number; now: Date }): Promise<Purged> {
  const before = new Date(options.now.getTime() - options.retentionDays * DAY_MS);
  return inTransaction(db, async (tx) => {
    const inbound = await tx.inboundMessage.deleteMany({ where: { receivedAt: { lt: before }, completedAt: { not: null } } });
    const outbox = await tx.outboxMessage.deleteMany({ where: { createdAt: { lt: before }, status: { in: ["SENT", "FAILED"] } } });
    const activities = await tx.directLineActivity.deleteMany({ where: { createdAt: { lt: before } } });
    const empty = await tx.directLineConversation.findMany({ where: { createdAt: { lt: before }, activities: { none: {} } }, select: { id: true } });
    await tx.directLineConversation.deleteMany({ where: { id: { in: empty.map((c) => c.id) } } });
    // botbuilder's key of a web chat conversation's state (bot/channels/directline/directline-adapter.ts).
    await tx.conversationState.deleteMany({ where: { key: { in: empty.map((c) => `webchat/conversations/${c.id}/`) } } });
    const purged = { inbound: inbound.count, outbox: outbox.count, webChatActivities: activities.count, webChatConversations: empty.length };
    if (purged.inbound + purged.outbox + purged.webChatActivities + purged.webChatConversations > 0) {
      await recordAudit(tx, { actorId: null, action: "privacy.retention_purged", entityType: "Retention", entityId: before.toISOString(), data: { ...purged, retentionDays: options.retentionDays }, at: options.now });
    }
    return purged;
  });
}
