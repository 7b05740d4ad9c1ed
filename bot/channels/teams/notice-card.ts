import { z } from "zod";
import type { NoticeAnswers } from "../../../services/outbox/enqueue-message.ts";

/** The field of an Action.Submit's data that carries the command, and of the free-text input. */
const COMMAND = "fritidskortCommand";
const MESSAGE = "fritidskortMessage";

/**
 * A notice with answers as an Adaptive Card (schema 1.4, which Teams renders): the notice's lines,
 * an optional free-text field, one Action.Submit per answer. Every text comes from the notice
 * (locales/, in the recipient's language); the card adds no words of its own.
 */
export function noticeCard(text: string, answers: NoticeAnswers): Record<string, unknown> {
  return {
    type: "AdaptiveCard",
    $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
    version: "1.4",
    body: [
      ...text.split("\n").map((line, index) => ({ type: "TextBlock", text: line, wrap: true, ...(index === 0 ? { weight: "Bolder" } : {}) })),
      ...(answers.input ? [{ type: "Input.Text", id: MESSAGE, label: answers.input, maxLength: 300, isMultiline: true }] : []),
    ],
    actions: answers.choices.map((choice) => ({ type: "Action.Submit", title: choice.title, data: { [COMMAND]: choice.command } })),
  };
}

const Submitted = z.object({ [COMMAND]: z.string().trim().min(1).max(100), [MESSAGE]: z.string().max(1000).optional() });

/**
 * The command a card's button sent (Teams posts an Action.Submit as a message with the data and
 * inputs in `value` and no text): "NEI 4F2K" plus the words typed in the card's field — exactly
 * what the contact would have typed, so the turn takes the same path. Null for anything else.
 */
export function commandOfCardSubmit(activity: { type?: string; text?: string; value?: unknown }): string | null {
  if (activity.type !== "message" || (activity.text ?? "").trim() !== "") return null;
  const parsed = Submitted.safeParse(activity.value);
  if (!parsed.success) return null;
  const message = parsed.data[MESSAGE]?.replace(/\s+/g, " ").trim();
  return message ? `${parsed.data[COMMAND]} ${message}` : parsed.data[COMMAND];
}
