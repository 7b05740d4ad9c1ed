import nock from "nock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoOnce } from "../../../prisma/seed/index.ts";
import identities from "../../../prisma/seed/demo-identities.json" with { type: "json" };
import { createLoginToken, redeemLoginToken } from "../../../services/identity-login.ts";
import { eventually, useApp } from "./support/app.ts";
import { smsPhones } from "./support/sms-phones.ts";
import { collect, directLineClient, post } from "./support/directline-client.ts";
import { requestAccommodation } from "../../../services/accommodation/request-accommodation.ts";
import { createI18n } from "../../../locales/i18n.ts";
import { noticeText } from "../../../dialogs/notices.ts";

// Authentication off (no app id), as in development: the proactive call to Teams carries no token.
const ctx = useApp({}, { prepare: seedDemoOnce });
const PARENT = identities.parent.phone;
const CLUB = identities.provider;
const SERVICE_URL = "https://smba.trafficmanager.net/emea/";
const TEAMS_USER = { id: "29:club-contact", aadObjectId: "aad-club-contact-geir", name: "Geir Tveten" };
const TEAMS_CONVERSATION = "a:personal-chat-with-geir";
/** Bot Framework's "send to conversation" (a new message, not a reply), on the chat's serviceUrl. */
const TEAMS_SEND_PATH = /^\/emea\/v3\/conversations\/a(?::|%3A)personal-chat-with-geir\/activities$/;

const { nthOutboxSms, text } = smsPhones(ctx);

/** A Teams message as Bot Framework posts it (development: unsigned), answered in the response. */
async function teams(activity: Record<string, unknown>): Promise<string[]> {
  const response = await fetch(`${ctx.app.url}/api/messages`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      type: "message",
      id: `t-${Math.random().toString(36).slice(2)}`,
      channelId: "msteams",
      serviceUrl: SERVICE_URL,
      deliveryMode: "expectReplies",
      locale: "nb-NO",
      conversation: { id: TEAMS_CONVERSATION, conversationType: "personal", tenantId: "tenant-1" },
      from: TEAMS_USER,
      recipient: { id: "28:fritidskort-bot", name: "Fritidskortet" },
      ...activity,
    }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { activities: { text?: string }[] }).activities.map((reply) => reply.text ?? "");
}

/** Links a channel identity to the demo club contact, as the login link does (ID-porten in production). */
async function linkToClubContact(channel: "WEBCHAT" | "TEAMS", address: string) {
  const identity = await ctx.app.db!.prisma.channelIdentity.findUniqueOrThrow({ where: { channel_address: { channel, address } } });
  const token = await createLoginToken(ctx.app.db!, { identityId: identity.id, now: ctx.clock.now() });
  await redeemLoginToken(ctx.app.db!, { token, personId: CLUB.personId, now: ctx.clock.now() });
}

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
});
afterAll(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe("a club contact reached on web chat and Teams as well as SMS", () => {
  it("gets the sign-up notice in the web chat, and in Teams as a card whose button confirms it; the family is told", async () => {
    // The contact's web chat: a conversation, a first message (the identity), then logged in.
    const generated = (await (await fetch(`${ctx.app.url}/v3/directline/tokens/generate`, { method: "POST" })).json()) as { token: string };
    const userId = JSON.parse(Buffer.from(generated.token.split(".")[1]!, "base64url").toString("utf8")).user as string;
    const web = directLineClient({ domain: `${ctx.app.url}/v3/directline`, token: generated.token, webSocket: true, locale: "nb-NO" });
    const seen = collect(web);
    try {
      await post(web, { type: "message", from: { id: userId }, text: "hei", locale: "nb-NO" });
      await linkToClubContact("WEBCHAT", userId);
      // The contact's Teams: a first message keeps the chat's reference; then logged in.
      await teams({ text: "hei" });
      expect(await ctx.app.db!.prisma.teamsConversationReference.findUnique({ where: { address: TEAMS_USER.aadObjectId } })).toMatchObject({
        reference: { serviceUrl: SERVICE_URL, conversation: { id: TEAMS_CONVERSATION } },
      });
      await linkToClubContact("TEAMS", TEAMS_USER.aadObjectId);

      const delivered: { text?: string; attachments?: { contentType: string; content: { body: { type: string; text?: string; label?: string }[]; actions: { title: string; data: Record<string, string> }[] } }[] }[] = [];
      const scope = nock(SERVICE_URL)
        .post(TEAMS_SEND_PATH, (body) => {
          delivered.push(body);
          return true;
        })
        .reply(200, { id: "teams-activity-1" });

      // The parent signs Jonas up over SMS.
      expect(await text(PARENT, "meld jonas på fotball")).toContain("1. Fotball 11-12 år, Kvitstein Fotballklubb");
      await text(PARENT, "1");
      expect(await text(PARENT, "ja")).toContain("Jonas er meldt på Fotball 11-12 år");
      await text(PARENT, "nei");

      // SMS as before; the same words in the web chat, as the bot's message; a card in Teams.
      const sms = await nthOutboxSms(CLUB.phone, 1);
      const code = /Svar JA ([A-Z0-9]{4})/.exec(sms)![1]!;
      const webNotice = await seen.until((activities) => activities.some((activity) => activity.from?.role === "bot" && "text" in activity && String(activity.text).includes(code)));
      expect(webNotice.filter((activity) => "text" in activity && String(activity.text) === sms)).toHaveLength(1);
      await eventually("the Teams notice", async () => scope.isDone());
      const card = delivered[0]!.attachments![0]!;
      expect(card.contentType).toBe("application/vnd.microsoft.card.adaptive");
      expect(card.content.body.map((block) => block.text ?? "").join("\n")).toContain(`Ny påmelding til Fotball 11-12 år: Jonas, 11 år.`);
      expect(card.content.body.find((block) => block.type === "Input.Text")?.label).toBe("Melding eller grunn (valgfritt)");
      expect(card.content.actions.map((action) => [action.title, action.data.fritidskortCommand])).toEqual([
        ["Ja, bekreft", `JA ${code}`],
        ["Nei, avslå", `NEI ${code}`],
      ]);
      // Teams has the notice once the request reached it; the worker marks the row sent just after.
      const rows = await eventually("the three notices marked sent", async () => {
        const found = await ctx.app.db!.prisma.outboxMessage.findMany({ where: { recipient: { in: [CLUB.phone, userId, TEAMS_USER.aadObjectId] } } });
        return found.every((row) => row.status !== "SENDING") && found;
      });
      expect(rows.map((row) => [row.channel, row.status]).sort()).toEqual([["SMS", "SENT"], ["TEAMS", "SENT"], ["WEBCHAT", "SENT"]]);

      // The contact presses "Ja, bekreft": Teams posts the card's data, no text.
      const replies = await teams({ value: { fritidskortCommand: `JA ${code}`, fritidskortMessage: "" } });
      expect(replies.join("\n")).toBe(`Bekreftet: Jonas på Fotball 11-12 år (${code}). Familien får beskjed.`);
      expect(await nthOutboxSms(PARENT, 1)).toBe("Kvitstein Fotballklubb har bekreftet plassen til Jonas på Fotball 11-12 år.");
      // Never twice: one message per channel, and nothing more queued for the contact.
      ctx.app.channels.outbox!.wake();
      expect(await ctx.app.db!.prisma.outboxMessage.count({ where: { recipient: { in: [CLUB.phone, userId, TEAMS_USER.aadObjectId] } } })).toBe(3);
    } finally {
      seen.stop();
      web.end();
    }
  }, 180_000);

  it("skips a channel the contact opted out of; a decline typed in the card's field reaches the family as the club's words", async () => {
    await ctx.app.db!.prisma.channelIdentity.updateMany({ where: { channel: "WEBCHAT", personId: CLUB.personId }, data: { optedOutAt: ctx.clock.now() } });
    const webBefore = await ctx.app.db!.prisma.outboxMessage.count({ where: { channel: "WEBCHAT" } });
    const delivered: { attachments?: { content: { actions: { data: Record<string, string> }[] } }[] }[] = [];
    const scope = nock(SERVICE_URL)
      .post(TEAMS_SEND_PATH, (body) => {
        delivered.push(body);
        return true;
      })
      .reply(200, { id: "teams-activity-2" });
    const YOUTH = identities.youth.phone;
    const list = await text(YOUTH, "meld meg på fotball");
    const number = /(\d)\. Fotball 13-15 år, Kvitstein Fotballklubb/.exec(list)![1]!;
    await text(YOUTH, number);
    expect(await text(YOUTH, "ja")).toContain("meldt på");
    await text(YOUTH, "nei");
    await eventually("the Teams notice", async () => scope.isDone());
    const command = delivered[0]!.attachments![0]!.content.actions[1]!.data.fritidskortCommand!;
    expect(command).toMatch(/^NEI [A-Z0-9]{4}$/);
    expect(await ctx.app.db!.prisma.outboxMessage.count({ where: { channel: "WEBCHAT" } })).toBe(webBefore);

    const replies = await teams({ value: { fritidskortCommand: command, fritidskortMessage: "  laget er  fullt " } });
    expect(replies.join("\n")).toMatch(/^Avslått: Nora på Fotball 13-15 år/);
    expect(await nthOutboxSms(YOUTH, 1)).toContain(`Klubben skriver: "laget er fullt"`);
  }, 120_000);

  it("gets an accommodation request in Teams as a card with JA / PRAT / NEI; PRAT with the card's words reaches the family as the club's own", async () => {
    const delivered: { attachments?: { content: { body: { type: string; text?: string; label?: string }[]; actions: { title: string; data: Record<string, string> }[] } }[] }[] = [];
    const scope = nock(SERVICE_URL)
      .post(TEAMS_SEND_PATH, (body) => {
        delivered.push(body);
        return true;
      })
      .reply(200, { id: "teams-activity-3" });
    const jonas = await ctx.app.db!.prisma.enrollment.findFirstOrThrow({ where: { child: { givenName: "Jonas" }, status: "CONFIRMED" } });
    const { t } = await createI18n("nb");
    // The use case the accommodation dialog calls when the family asks (with consent to share the note).
    await requestAccommodation(ctx.app.db!, { enrollmentId: jonas.id, requestedById: identities.parent.personId, needs: ["wheelchair"], note: "Vi har egen rampe", today: "2026-11-27", now: ctx.clock.now(), notices: noticeText({ t }) });
    ctx.app.channels.outbox!.wake();
    await eventually("the Teams notice", async () => scope.isDone());
    const card = delivered[0]!.attachments![0]!.content;
    expect(card.body[0]!.text).toBe("Ønske om tilrettelegging for Jonas på Fotball 11-12 år: Rullestoltilgang.");
    expect(card.body.find((block) => block.type === "Input.Text")?.label).toBe("Melding til familien (valgfritt)");
    const code = /^JA ([A-Z0-9]{4})$/.exec(card.actions[0]!.data.fritidskortCommand!)![1]!;
    expect(card.actions.map((action) => [action.title, action.data.fritidskortCommand])).toEqual([
      ["Ja, vi kan", `JA ${code}`],
      ["Vi må prate", `PRAT ${code}`],
      ["Nei, vi kan ikke", `NEI ${code}`],
    ]);

    const replies = await teams({ value: { fritidskortCommand: `PRAT ${code}`, fritidskortMessage: "Ring oss på 90000000" } });
    expect(replies.join("\n")).toBe(`Sendt til familien til Jonas (${code}).`);
    const told = await nthOutboxSms(PARENT, 2);
    expect(told).toContain('Klubbens egne ord (ikke oversatt): "Ring oss på 90000000"');
  }, 120_000);
});
