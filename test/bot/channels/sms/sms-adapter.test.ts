import { CardFactory, MessageFactory, TurnContext, type Activity } from "botbuilder";
import { describe, expect, it } from "vitest";
import { activityToText } from "../../../../bot/channels/activity-text.ts";
import { SmsAdapter } from "../../../../bot/channels/sms/sms-adapter.ts";

const inbound: Partial<Activity> = {
  type: "message",
  id: "SM0123456789abcdef0123456789abcdef",
  channelId: "sms",
  text: "Hei",
  from: { id: "+4791234567", name: "" },
  recipient: { id: "+4759440000", name: "" },
  conversation: { id: "sms-test", isGroup: false, conversationType: "personal", name: "" },
};

describe("the SMS adapter", () => {
  it("answers with what the bot said before the deadline and sends what it says later through the outbox", async () => {
    const later: { to: string; texts: string[] }[] = [];
    const adapter = new SmsAdapter(async (to, texts) => void later.push({ to, texts }));
    let finished!: () => void;
    const done = new Promise<void>((resolve) => (finished = resolve));
    const result = await adapter.processInbound(
      inbound,
      async (context) => {
        await context.sendActivity("Et øyeblikk, jeg sjekker saldoen.");
        await new Promise((resolve) => setTimeout(resolve, 300));
        await context.sendActivity("Du har 500 kr igjen.");
        finished();
      },
      100,
    );
    expect(result).toEqual({ replies: ["Et øyeblikk, jeg sjekker saldoen."], overran: true });
    await done;
    expect(later).toEqual([{ to: "+4791234567", texts: ["Du har 500 kr igjen."] }]);
  });

  it("collects every reply of a turn that finishes in time, and nothing goes to the outbox", async () => {
    const later: string[][] = [];
    const adapter = new SmsAdapter(async (_to, texts) => void later.push(texts));
    const result = await adapter.processInbound(
      inbound,
      async (context) => {
        await context.sendActivities([{ type: "typing" }, MessageFactory.text("Hei!"), { type: "trace", name: "debug" }, MessageFactory.text("Hva lurer du på?")]);
      },
      1000,
    );
    expect(result).toEqual({ replies: ["Hei!", "Hva lurer du på?"], overran: false });
    expect(later).toEqual([]);
  });

  it("sends a proactive message (continueConversation) through the outbox", async () => {
    const later: { to: string; texts: string[] }[] = [];
    const adapter = new SmsAdapter(async (to, texts) => void later.push({ to, texts }));
    const reference = TurnContext.getConversationReference(inbound);
    await adapter.continueConversation(reference, async (context) => void (await context.sendActivity("Klubben har svart deg.")));
    expect(later).toEqual([{ to: "+4791234567", texts: ["Klubben har svart deg."] }]);
  });
});

describe("what an SMS shows of a bot activity", () => {
  it("is the text without markdown, a card's title, text and buttons, and suggested actions as choices", () => {
    expect(activityToText(MessageFactory.text("Du har **500 kr** igjen. Les mer: [fritidskortet](https://example.no/fk)"))).toBe("Du har 500 kr igjen. Les mer: fritidskortet https://example.no/fk");
    const card = MessageFactory.attachment(CardFactory.heroCard("Fotball J12", "Tirsdager kl. 18 på Konnerud", undefined, ["Meld på", "Flere"]));
    expect(activityToText(card)).toBe("Fotball J12\nTirsdager kl. 18 på Konnerud\nMeld på / Flere");
    expect(activityToText(MessageFactory.suggestedActions(["Ja", "Nei"], "Vil du melde på Jonas?"))).toBe("Vil du melde på Jonas?\nJa / Nei");
  });
});
