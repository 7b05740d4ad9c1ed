import MarkdownIt from "markdown-it";
import { describe, expect, it } from "vitest";
import { activityToText, webChatText } from "../../../../bot/channels/activity-text.ts";
import { activityLine } from "../../../../dialogs/leisure-activity-text.ts";
import { createI18n } from "../../../../locales/i18n.ts";
import type { ActivitySummary } from "../../../../services/catalog/search-activities.ts";
import { LANGUAGES } from "../../../../services/languages.ts";

// Web Chat's renderer as Web Chat configures it (botframework-webchat lib/markdown/renderMarkdown.js).
const webChat = new MarkdownIt({ breaks: false, html: true, linkify: true, typographer: true, xhtmlOut: true });

const activity = {
  id: "a1",
  title: "Fotball 2015",
  providerName: "Konnerud IL",
  district: "Konnerud",
  address: "Vei 1",
  weekdays: [2, 4],
  startTime: "17:00",
  feeOre: 50_000,
} as unknown as ActivitySummary;

/** The list items and what follows the list, as Web Chat draws them. */
function drawn(markdown: string): { items: string[]; after: string } {
  const html = webChat.render(markdown);
  const list = /<(ol|ul)>([\s\S]*)<\/\1>/.exec(html);
  expect(list, html).not.toBeNull();
  return { items: [...list![2]!.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((item) => item[1]!), after: html.slice(list!.index + list![0].length) };
}

describe("a list reply in the web chat", () => {
  it.each(LANGUAGES)("%s: the closing line of an activity list is a paragraph after the list, not part of the last item", async (language) => {
    const { t } = await createI18n("nb");
    const tr = t(language);
    const closing = String(tr("chat:find.pick"));
    const text = [String(tr("chat:find.header", { count: 2 })), activityLine(tr, language, 1, activity), activityLine(tr, language, 2, activity), closing].join("\n");

    // Without the shaping, Markdown continues the last item with the closing line (the bug).
    expect(drawn(text).items.at(-1)).toContain(webChat.renderInline(closing));

    const { items, after } = drawn(webChatText(text));
    expect(items).toHaveLength(2);
    expect(items.at(-1)).not.toContain(webChat.renderInline(closing));
    expect(after.trim()).toBe(`<p>${webChat.renderInline(closing)}</p>`);
  });

  it("keeps bullet lists, several lists and text without lists as they were, apart from the blank line after each list", () => {
    expect(webChatText("Hei!\nDette er Fritidskortet.")).toBe("Hei!\nDette er Fritidskortet.");
    expect(webChatText("Velg:\n1. Jonas\n2. Ella")).toBe("Velg:\n1. Jonas\n2. Ella");
    expect(webChatText("- a\n- b\nSlutt")).toBe("- a\n- b\n\nSlutt");
    expect(webChatText("1. a\n2. b\n\nSlutt")).toBe("1. a\n2. b\n\nSlutt");
    expect(webChatText("1. a\nMidt\n1. b\nSlutt")).toBe("1. a\n\nMidt\n1. b\n\nSlutt");
    // An escaped number (data such as a title "1. lag", dialogs/format.ts markdownText) is no list item.
    expect(webChatText("1\\. lag\nSlutt")).toBe("1\\. lag\nSlutt");
  });

  it("SMS stays compact: the text path for phones gets no blank line", () => {
    const text = "Velg:\n1. Jonas\n2. Ella\nSvar med et tall.";
    expect(activityToText({ text })).toBe(text);
  });
});
