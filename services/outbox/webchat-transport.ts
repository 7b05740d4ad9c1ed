import type { Clock } from "../clock.ts";
import { activityId, type DirectLineConversationStore } from "../directline/conversation-store.ts";
import type { ChatTransport, OutgoingChat } from "./chat-transport.ts";
import { SmsSendError } from "./sms-transport.ts";

/**
 * The outbox's web chat delivery: the notice is appended as a bot message to the user's latest
 * Direct Line conversation, where their Web Chat reads it (WebSocket push, or the next poll). The
 * activity carries its outbox id, so a repeated attempt finds it instead of appending it twice.
 */
export class WebChatTransport implements ChatTransport {
  readonly name = "webchat";

  constructor(
    private readonly store: DirectLineConversationStore,
    private readonly bot: { id: string; name: string },
    /** Told after each append, so open streams push at once. */
    private readonly appended: (conversationId: string) => void,
    private readonly clock: Clock,
  ) {}

  async send(chat: OutgoingChat): Promise<{ providerRef: string }> {
    const conversationId = await this.store.latestOf(chat.to);
    // Deleted as idle since the notice was written: nowhere to show it (the user starts afresh).
    if (!conversationId) throw new SmsSendError("permanent", "recipient has no web chat conversation");
    const now = this.clock.now();
    const seq = await this.store.append(
      conversationId,
      { type: "message", channelId: "webchat", conversation: { id: conversationId }, from: { ...this.bot, role: "bot" }, text: chat.body, textFormat: "plain", timestamp: now, channelData: { outboxId: chat.outboxId } },
      now,
    );
    this.appended(conversationId);
    return { providerRef: activityId(conversationId, seq) };
  }

  findAccepted(chat: OutgoingChat): Promise<string | undefined> {
    return this.store.findByOutboxId(chat.outboxId);
  }
}
