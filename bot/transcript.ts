import type { StatePropertyAccessor, TurnContext } from "botbuilder";
import type { ConversationMemory } from "../dialogs/dependencies.ts";

/** How many lines (the person's messages and the bot's replies) a conversation keeps for a hand-off. */
export const TRANSCRIPT_LINES = 12;
/** A line longer than this is cut (a transcript is context for the caseworker, not an archive). */
const LINE_CHARS = 1000;

/**
 * Keeps the conversation's last turns in its state, as written, so that "talk to a person" can hand
 * them to the caseworker: this turn's message now, and each reply the bot sends in it. It lives in
 * the conversation's state (deleted with it) and is never logged.
 */
export async function recordTranscript(context: TurnContext, memory: StatePropertyAccessor<ConversationMemory>, now: Date): Promise<void> {
  const append = async (from: "person" | "bot", text: string) => {
    const state = (await memory.get(context, {})) ?? {};
    const lines = [...(state.transcript ?? []), { from, text: text.slice(0, LINE_CHARS), at: now.toISOString() }];
    state.transcript = lines.slice(-TRANSCRIPT_LINES);
    await memory.set(context, state);
  };
  const text = context.activity.text?.trim();
  if (text) await append("person", text);
  context.onSendActivities(async (ctx, activities, next) => {
    for (const activity of activities) if (activity.type === "message" && activity.text) await append("bot", activity.text);
    return next();
  });
}
