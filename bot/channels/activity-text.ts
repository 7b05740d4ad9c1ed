import type { Activity } from "botbuilder";

interface CardContent {
  title?: string;
  subtitle?: string;
  text?: string;
  buttons?: { title?: string }[];
}

/**
 * What a text-only channel (SMS) shows of a bot activity: its text without markdown emphasis, the
 * title and text of hero/thumbnail cards, and button and suggested-action titles as choices.
 */
export function activityToText(activity: Partial<Activity>): string {
  const parts: string[] = [];
  if (activity.text) parts.push(plainText(activity.text));
  for (const attachment of activity.attachments ?? []) {
    const content = attachment.content as CardContent | undefined;
    if (!content || !/^application\/vnd\.microsoft\.card\.(hero|thumbnail)$/.test(attachment.contentType ?? "")) continue;
    parts.push([content.title, content.subtitle, content.text].filter(Boolean).map((line) => plainText(String(line))).join("\n"));
    const buttons = (content.buttons ?? []).map((button) => button.title).filter(Boolean);
    if (buttons.length > 0) parts.push(buttons.join(" / "));
  }
  const actions = (activity.suggestedActions?.actions ?? []).map((action) => action.title ?? (typeof action.value === "string" ? action.value : "")).filter(Boolean);
  if (actions.length > 0) parts.push(actions.join(" / "));
  return parts.filter((part) => part.trim() !== "").join("\n");
}

// Markdown's backslash escapes (data in a reply: dialogs/format.ts markdownText) are held aside as
// private-use characters while the markup is taken out, then put back as the plain character.
const ESCAPED = /\\([!-/:-@[-`{-~])/g;
const HELD = /[\ue000-\ue07f]/g;

/** Markdown a phone would show literally: **bold**, __bold__, [label](url) → label url, \[ → [. */
function plainText(text: string): string {
  return text
    .replace(ESCAPED, (_escape, character: string) => String.fromCharCode(0xe000 + character.charCodeAt(0)))
    .replace(/\*\*(.+?)\*\*/g, "$1")
    .replace(/__(.+?)__/g, "$1")
    .replace(/\[([^\]]+)\]\((\S+?)\)/g, "$1 $2")
    .replace(HELD, (held) => String.fromCharCode(held.charCodeAt(0) - 0xe000));
}

// A Markdown list item as the dialogs write them: "1. …", "1) …", "- …", "* …", "+ …".
const LIST_ITEM = /^ {0,3}(?:\d{1,9}[.)]|[-*+])(?:[ \t]|$)/;

/**
 * The text of a reply as the web chat (Direct Line, rendered as Markdown) gets it. The dialogs
 * write one line per item and the closing line right after the list ("1. …\n2. …\nSvar med et
 * tall"), which is compact on a phone; in Markdown a line straight after a list item continues that
 * item, so the closing line would be drawn inside the last item. A blank line after the list makes it
 * a paragraph of its own. SMS keeps the compact text (activityToText).
 */
export function webChatText(text: string): string {
  const lines = text.split("\n");
  const shaped: string[] = [];
  lines.forEach((line, i) => {
    shaped.push(line);
    const next = lines[i + 1];
    if (next !== undefined && LIST_ITEM.test(line) && next.trim() !== "" && !/^\s/.test(next) && !LIST_ITEM.test(next)) shaped.push("");
  });
  return shaped.join("\n");
}
