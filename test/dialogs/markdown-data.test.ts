import MarkdownIt from "markdown-it";
import { describe, expect, it } from "vitest";
import { activityToText } from "../../bot/channels/activity-text.ts";
import { activityDetails, activityLine } from "../../dialogs/leisure-activity-text.ts";
import { markdownText } from "../../dialogs/format.ts";
import { createI18n } from "../../locales/i18n.ts";
import type { ActivitySummary } from "../../services/catalog/search-activities.ts";

// Web Chat's renderer as Web Chat configures it (botframework-webchat lib/markdown/renderMarkdown.js).
const webChat = new MarkdownIt({ breaks: false, html: true, linkify: true, typographer: true, xhtmlOut: true });

const HOSTILE = [
  "[Gratis plass!](https://evil.example/pay)",
  "![x](https://evil.example/pixel.png)",
  '<img src="https://evil.example/i.png">',
  "**Viktig** _melding_ `kode`",
  "# Overskrift",
  "- punkt",
  "1. første",
  "[ref]: https://evil.example",
  "Fotball_2015 (6-9 år) \\ slutt",
];

describe("provider-controlled text in replies", () => {
  it.each(HOSTILE)("%s renders in Web Chat as the literal text, with no link, image or markup", (value) => {
    const html = webChat.render(markdownText(value));
    expect(html).not.toMatch(/<(a|img|strong|em|code|h1|ul|ol|li)\b/);
    expect(webChat.renderInline(markdownText(value)).length).toBeGreaterThan(0);
  });

  it("an activity from a hostile catalog entry: no link or image in Web Chat, the exact title on a phone", async () => {
    const { t } = await createI18n("nb");
    const activity = {
      id: "a1",
      title: "[Gratis!](https://evil.example) ![x](https://evil.example/i.png)",
      providerName: "**Klubb_A** <b>",
      description: "Les mer: [her](https://evil.example)\n- punkt",
      district: "Konnerud",
      address: "Vei 1",
      weekdays: [2],
      startTime: "17:00",
      durationMinutes: 60,
      minAge: 6,
      maxAge: 12,
      feeOre: 50_000,
      sessionsPerPeriod: 10,
      capacity: 10,
      placesLeft: 5,
      category: "football",
      accessibility: null,
    } as unknown as ActivitySummary;
    for (const text of [activityLine(t("nb"), "nb", 1, activity), activityDetails(t("nb"), "nb", activity)]) {
      expect(webChat.render(text)).not.toMatch(/<(a|img|strong|b)\b/);
      // SMS is plain text: the escapes are gone, the data is exactly what the club wrote.
      const sms = activityToText({ text });
      expect(sms).toContain(activity.title);
      expect(sms).toContain(activity.providerName);
      expect(sms).not.toContain("\\");
    }
  });
});
