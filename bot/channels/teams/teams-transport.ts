import { CardFactory, TurnContext, type Activity, type CloudAdapter, type ConversationReference } from "botbuilder";
import type { Database } from "../../../services/db/database.ts";
import type { Logger } from "../../../services/logger.ts";
import type { ChatTransport, OutgoingChat } from "../../../services/outbox/chat-transport.ts";
import { SmsSendError } from "../../../services/outbox/sms-transport.ts";
import { findTeamsConversationReference, rememberTeamsConversation } from "../../../services/teams/conversation-references.ts";
import type { Clock } from "../../../services/clock.ts";
import { noticeCard } from "./notice-card.ts";

/**
 * The outbox's Teams delivery: a proactive message into the user's personal chat with the bot,
 * through the CloudAdapter's continueConversationAsync and the stored ConversationReference; a
 * notice with answers goes as an Adaptive Card with them as buttons. Teams has no look-up of what
 * was sent, so an attempt repeated after a crash between Teams' answer and the outbox's mark could
 * deliver twice (docs/club-channels.md) — the same small window as any at-least-once queue.
 */
export class TeamsTransport implements ChatTransport {
  readonly name = "teams";

  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    private readonly db: Database,
  ) {}

  async send(chat: OutgoingChat): Promise<{ providerRef: string }> {
    const reference = await findTeamsConversationReference(this.db, chat.to);
    if (!reference) throw new SmsSendError("permanent", "recipient has no Teams conversation with the bot");
    // A new message in the chat, not a reply to the message the reference was taken from.
    const { activityId: _replyTo, ...conversation } = reference;
    const activity: Partial<Activity> = chat.answers
      ? { type: "message", summary: chat.body.split("\n")[0], attachments: [CardFactory.adaptiveCard(noticeCard(chat.body, chat.answers))] }
      : { type: "message", text: chat.body, textFormat: "plain" };
    let providerRef = "";
    // The adapter hands an error inside the turn to its onTurnError (which apologises to the user);
    // the outbox needs it instead, to retry or fail the message.
    let failure: unknown;
    try {
      await this.adapter.continueConversationAsync(this.appId, conversation as Partial<ConversationReference>, async (context) => {
        // botbuilder makes every send a reply to the turn's activity (here a made-up continuation).
        context.onSendActivities(async (_context, activities, next) => {
          for (const sent of activities) delete sent.replyToId;
          return next();
        });
        try {
          providerRef = (await context.sendActivity(activity))?.id ?? "";
        } catch (error) {
          failure = error;
        }
      });
      if (failure) throw failure;
    } catch (error) {
      const status = (error as { statusCode?: unknown }).statusCode;
      // The user removed or blocked the bot (403), the conversation is gone (404): no retry helps.
      if (typeof status === "number" && status >= 400 && status < 500 && status !== 429 && status !== 408) {
        throw new SmsSendError("permanent", `Teams refused the message (${status})`, status);
      }
      throw new SmsSendError("retry", error instanceof Error ? error.message : String(error), typeof status === "number" ? status : undefined);
    }
    return { providerRef: providerRef || `teams:${chat.outboxId}` };
  }

  async findAccepted(): Promise<string | undefined> {
    return undefined;
  }
}

/**
 * Middleware on the Teams adapter: on each turn of a personal chat, remembers where the bot can
 * reach its user later (keyed by the Entra ID object id, the TEAMS identity's address), after the
 * turn so a failed write never costs the user their answer.
 */
export function rememberTeamsConversations(db: () => Database | undefined, clock: Clock, logger: Logger) {
  return {
    async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
      await next();
      const { activity } = context;
      const address = activity.from?.aadObjectId ?? activity.from?.id;
      const personal = activity.conversation?.conversationType === undefined || activity.conversation.conversationType === "personal";
      const database = db();
      if (!database || !address || !personal || activity.from?.role === "bot" || !activity.serviceUrl) return;
      await rememberTeamsConversation(database, { address, reference: TurnContext.getConversationReference(activity) as Record<string, unknown>, now: clock.now() }).catch((error: unknown) =>
        logger.warn({ error: error instanceof Error ? error.message : String(error) }, "remembering the Teams conversation failed"),
      );
    },
  };
}
