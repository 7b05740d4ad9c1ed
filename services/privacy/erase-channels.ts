import type { Tx } from "../db/database.ts";

/**
 * botbuilder's state keys (`<channelId>/users/<from.id>/`, `<channelId>/conversations/<id>/`) for
 * the channel ids the edge gives SMS and web chat (bot/channels/sms/sms-webhook.ts SMS_CHANNEL_ID,
 * bot/channels/directline/directline-adapter.ts WEBCHAT_CHANNEL_ID; an SMS conversation is
 * `sms-<ChannelIdentity.id>`). Teams' keys use Teams' own ids, which we do not store: the bot
 * deletes the state of the conversation the request was made in, whatever its channel.
 */
const SMS_STATE = "sms";
const WEBCHAT_STATE = "webchat";

/** How a privacy request is named to the person and the officer: the end of its id, upper case. */
export function privacyRequestRef(id: string): string {
  return id.slice(-8).toUpperCase();
}

export interface ErasableIdentity {
  id: string;
  channel: string;
  address: string;
  optedOutAt: Date | null;
}

/**
 * Inside the caller's transaction: erases these channel identities and what is stored of their
 * conversations. Their messages go (eraseMessagesOf); the identities are deleted, except that a
 * number that said STOP keeps its row with only the opt-out (unlinked), so it is never texted
 * again. Their login links go with them. Returns how many messages were deleted.
 */
export async function eraseChannelsOf(tx: Tx, identities: ErasableIdentity[]): Promise<number> {
  const messages = await eraseMessagesOf(tx, identities);
  const optedOut = identities.filter((row) => row.optedOutAt !== null).map((row) => row.id);
  if (optedOut.length > 0) {
    await tx.channelIdentity.updateMany({ where: { id: { in: optedOut } }, data: { personId: null, verifiedAt: null, language: null, lastSeenAt: null } });
    await tx.loginToken.deleteMany({ where: { identityId: { in: optedOut } } });
  }
  await tx.channelIdentity.deleteMany({ where: { id: { in: identities.filter((row) => row.optedOutAt === null).map((row) => row.id) } } });
  return messages;
}

/**
 * Deletes the stored messages of these channel identities: SMS replies stored for repeated
 * deliveries (a turn still running keeps its row until it completes; retention removes it), outbox
 * messages to their numbers (not one a worker is sending this instant), web chat transcripts (the
 * activities), and the bot's state. Returns how many messages went.
 */
async function eraseMessagesOf(tx: Tx, identities: { id: string; channel: string; address: string }[]): Promise<number> {
  const phones = identities.filter((row) => row.channel === "SMS").map((row) => row.address);
  const webUsers = identities.filter((row) => row.channel === "WEBCHAT").map((row) => row.address);
  const inbound = await tx.inboundMessage.deleteMany({ where: { channel: "SMS", sender: { in: phones }, completedAt: { not: null } } });
  const teamsUsers = identities.filter((row) => row.channel === "TEAMS").map((row) => row.address);
  const outbox = await tx.outboxMessage.deleteMany({
    where: {
      status: { not: "SENDING" },
      OR: [
        { channel: "SMS", recipient: { in: phones } },
        { channel: "WEBCHAT", recipient: { in: webUsers } },
        { channel: "TEAMS", recipient: { in: teamsUsers } },
      ],
    },
  });
  // How we could write to them in Teams unasked.
  await tx.teamsConversationReference.deleteMany({ where: { address: { in: teamsUsers } } });
  const conversations = await tx.directLineConversation.findMany({ where: { userId: { in: webUsers } }, select: { id: true } });
  const conversationIds = conversations.map((row) => row.id);
  // The transcripts go; the conversations' rows (an id, the random web chat user id, a counter)
  // stay for the idle purge, because the reply to this very request is still to be appended to one.
  const activities = await tx.directLineActivity.deleteMany({ where: { conversationId: { in: conversationIds } } });
  await tx.conversationState.deleteMany({
    where: {
      key: {
        in: [
          ...phones.map((phone) => `${SMS_STATE}/users/${phone}/`),
          ...identities.filter((row) => row.channel === "SMS").map((row) => `${SMS_STATE}/conversations/sms-${row.id}/`),
          ...webUsers.map((user) => `${WEBCHAT_STATE}/users/${user}/`),
          ...conversationIds.map((id) => `${WEBCHAT_STATE}/conversations/${id}/`),
        ],
      },
    },
  });
  return inbound.count + outbox.count + activities.count;
}
