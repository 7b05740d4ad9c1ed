import { BotAdapter, TurnContext, type Activity, type ChannelAccount, type ConversationReference, type ResourceResponse } from "botbuilder";
import type { Clock } from "../../../services/clock.ts";
import { webChatText } from "../activity-text.ts";
import { activityId, type DirectLineConversationStore, type StoredActivity } from "../../../services/directline/conversation-store.ts";

export const WEBCHAT_CHANNEL_ID = "webchat";

/**
 * The bot's adapter for the Direct Line conversations we serve: runs a turn for a posted activity
 * and captures everything the bot sends into the conversation's activity log, where the client
 * reads it (polling GET /activities or the WebSocket stream).
 */
export class DirectLineAdapter extends BotAdapter {
  constructor(
    private readonly store: () => DirectLineConversationStore,
    readonly bot: ChannelAccount,
    /** Told after each append, so open streams push at once. */
    readonly appended: (conversationId: string) => void,
    /** The bot's activities are stamped with its time. */
    private readonly clock: Clock,
  ) {
    super();
  }

  async processActivity(activity: Partial<Activity>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    await this.runMiddleware(new TurnContext(this, activity), logic);
  }

  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      if (activity.type === "delay") {
        await new Promise((resolve) => setTimeout(resolve, typeof activity.value === "number" ? activity.value : 1000));
        responses.push({ id: "" });
        continue;
      }
      // Traces are for the Emulator; an invoke response answers the HTTP call, not the client.
      if (activity.type === "trace" || activity.type === "invokeResponse") {
        responses.push({ id: "" });
        continue;
      }
      const conversationId = activity.conversation?.id ?? context.activity.conversation.id;
      const { serviceUrl: _serviceUrl, ...rest } = activity;
      const now = this.clock.now();
      const stored: StoredActivity = {
        ...rest,
        // Web Chat renders Markdown: a list's closing line becomes its own paragraph.
        ...(typeof rest.text === "string" && rest.textFormat !== "plain" && rest.textFormat !== "xml" ? { text: webChatText(rest.text) } : {}),
        channelId: WEBCHAT_CHANNEL_ID,
        conversation: { id: conversationId } as Activity["conversation"],
        from: { ...this.bot, role: "bot" },
        timestamp: now,
      };
      const seq = await this.store().append(conversationId, stored, now);
      this.appended(conversationId);
      responses.push({ id: activityId(conversationId, seq) });
    }
    return responses;
  }

  override async updateActivity(): Promise<void> {
    throw new Error("updating an activity is not supported by this Direct Line server");
  }

  override async deleteActivity(): Promise<void> {
    throw new Error("deleting an activity is not supported by this Direct Line server");
  }

  /** A proactive message (a hand-off reply) into a web chat conversation. */
  override async continueConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const activity = TurnContext.applyConversationReference({ type: "event", name: "continueConversation" }, reference, true);
    await this.runMiddleware(new TurnContext(this, activity), logic);
  }
}
