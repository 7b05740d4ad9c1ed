import type { NoticeAnswers } from "./enqueue-message.ts";

/** One chat message (web chat or Teams) as the outbox hands it to the channel that delivers it. */
export interface OutgoingChat {
  outboxId: string;
  channel: "WEBCHAT" | "TEAMS";
  /** The channel identity's address: the web chat user id, or the Teams user's Entra ID object id. */
  to: string;
  body: string;
  answers?: NoticeAnswers | undefined;
}

/**
 * Delivers the outbox's chat messages on one channel. `send` throws SmsSendError (the outbox's one
 * error type: `permanent` when the conversation is gone or the user blocked the bot, `retry` when
 * the channel was unavailable). `findAccepted` tells whether an earlier attempt already delivered
 * the message (a crash between delivering and marking it sent), where the channel can tell.
 */
export interface ChatTransport {
  readonly name: string;
  send(chat: OutgoingChat): Promise<{ providerRef: string }>;
  findAccepted(chat: OutgoingChat): Promise<string | undefined>;
}
