import { BotAdapter, TurnContext, type Activity, type ConversationReference, type ResourceResponse } from "botbuilder";
import { randomUUID } from "node:crypto";
import { activityToText } from "../activity-text.ts";

const REPLIES = Symbol("smsReplies");

/** Where a turn's replies go: into the TwiML answer while it is open, else to the outbox. */
interface ReplySink {
  open: boolean;
  replies: string[];
  to: string;
}

export interface SmsTurnResult {
  /** Texts the bot sent before the deadline: they become the TwiML answer. */
  replies: string[];
  /** The turn was still running at the deadline; what it sends later goes through the outbox. */
  overran: boolean;
}

/**
 * The bot's adapter for SMS: runs a turn for an inbound message and collects the bot's replies so
 * the webhook can answer with TwiML within Twilio's 15 seconds. Replies after the deadline, and
 * proactive messages (`continueConversation`), are handed to `sendLater` (the outbox).
 */
export class SmsAdapter extends BotAdapter {
  constructor(private readonly sendLater: (to: string, texts: string[]) => Promise<void>) {
    super();
  }

  async processInbound(activity: Partial<Activity>, logic: (context: TurnContext) => Promise<void>, deadlineMs: number, prepare?: (context: TurnContext) => void): Promise<SmsTurnResult> {
    const context = new TurnContext(this, activity);
    prepare?.(context);
    const sink: ReplySink = { open: true, replies: [], to: activity.from!.id };
    context.turnState.set(REPLIES, sink);
    let timer: NodeJS.Timeout | undefined;
    const turn = this.runMiddleware(context, logic).then(() => "done" as const);
    const deadline = new Promise<"deadline">((resolve) => (timer = setTimeout(() => resolve("deadline"), deadlineMs)));
    try {
      const outcome = await Promise.race([turn, deadline]);
      sink.open = false;
      return { replies: [...sink.replies], overran: outcome === "deadline" };
    } finally {
      clearTimeout(timer);
      // A turn that overran keeps running; its failure must not go unhandled.
      turn.catch(() => undefined);
    }
  }

  /** The texts of this turn that go into its TwiML answer, so far. */
  repliesSoFar(context: TurnContext): string[] {
    return [...((context.turnState.get(REPLIES) as ReplySink | undefined)?.replies ?? [])];
  }

  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const sink = context.turnState.get(REPLIES) as ReplySink | undefined;
    const responses: ResourceResponse[] = [];
    const late: string[] = [];
    for (const activity of activities) {
      if (activity.type === "delay") {
        await new Promise((resolve) => setTimeout(resolve, typeof activity.value === "number" ? activity.value : 1000));
      } else if (activity.type === "message") {
        const text = activityToText(activity);
        if (text) {
          if (sink?.open) sink.replies.push(text);
          else late.push(text);
        }
      }
      // typing, trace, events: nothing an SMS can carry.
      responses.push({ id: randomUUID() });
    }
    const to = sink?.to ?? context.activity.from?.id;
    if (late.length > 0 && to) await this.sendLater(to, late);
    return responses;
  }

  override async updateActivity(): Promise<void> {
    throw new Error("an SMS cannot be changed once sent");
  }

  override async deleteActivity(): Promise<void> {
    throw new Error("an SMS cannot be deleted once sent");
  }

  /** A proactive message (a club's answer, a reminder) to the phone in `reference.user`: via the outbox. */
  override async continueConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const activity = TurnContext.applyConversationReference({ type: "event", name: "continueConversation" }, reference, true);
    const context = new TurnContext(this, activity);
    context.turnState.set(REPLIES, { open: false, replies: [], to: reference.user?.id ?? "" } satisfies ReplySink);
    await this.runMiddleware(context, logic);
  }
}
