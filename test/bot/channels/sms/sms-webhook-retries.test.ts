import { XMLParser } from "fast-xml-parser";
import { beforeAll, describe, expect, it } from "vitest";
import { ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, deliverSms, inboundSms } from "../../../support/twilio-api.ts";
import { eventually, recordBotReplies, useApp } from "../support/app.ts";
import { activityToText } from "../../../../bot/channels/activity-text.ts";
import { prepareSms } from "../../../../services/sms/sms-text.ts";
import { createLogger } from "../../../../services/logger.ts";

/**
 * Twilio's retries meeting a claim left by a process that died, and senders who text too much.
 * A short reply deadline (the wait for a live claim is as long) and a small throttle.
 */
const PUBLIC_BASE_URL = "https://fritidskort.example.no";
const DEADLINE_MS = 3_000;
const lines: string[] = [];
const ctx = useApp(
  { PUBLIC_BASE_URL, TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: AUTH_TOKEN, TWILIO_FROM_NUMBER: FROM_NUMBER, SMS_REPLY_DEADLINE_MS: String(DEADLINE_MS), SMS_SENDER_MAX_MESSAGES: "3", SMS_SENDER_WINDOW_SECONDS: "60" },
  { logger: createLogger("info", { write: (line: string) => void lines.push(line) }) },
);
let turnsStarted = 0;
let turnsDone = 0;
let botReplies: ReturnType<typeof recordBotReplies>;


async function deliver(form: Record<string, string>) {
  const response = await deliverSms(ctx.app.url, PUBLIC_BASE_URL, form);
  return { status: response.status, text: await response.text() };
}

function messagesOf(twiml: string): string[] {
  const parsed = new XMLParser({ isArray: (name) => name === "Message" }).parse(twiml) as { Response: "" | { Message?: string[] } };
  return parsed.Response === "" ? [] : (parsed.Response.Message ?? []).map(String);
}

/** A claim as another server process writes it when its turn starts, `ageMs` before now by its last heartbeat. */
async function claimOfAnotherProcess(form: Record<string, string>, ageMs: number) {
  const at = new Date(ctx.clock.now().getTime() - ageMs);
  await ctx.app.db!.prisma.inboundMessage.create({ data: { channel: "SMS", externalId: form.MessageSid!, sender: form.From!, owner: "sms-2.internal:4711:dead00", receivedAt: at, heartbeatAt: at } });
}

const claimRow = (form: Record<string, string>) => ctx.app.db!.prisma.inboundMessage.findUniqueOrThrow({ where: { channel_externalId: { channel: "SMS", externalId: form.MessageSid! } } });

beforeAll(async () => {
  ctx.app.channels.smsAdapter.use({
    onTurn: async (_context, next) => {
      turnsStarted += 1;
      await next();
      turnsDone += 1;
    },
  });
  botReplies = recordBotReplies(ctx.app.channels.smsAdapter);
  // The first turn waits for the NLU to train; let it finish so the tests' turns fit the short deadline.
  await deliver(inboundSms("+4791235000", "Hei"));
  await eventually("the first turn to finish", async () => turnsDone >= 1, 30_000);
});

describe("a Twilio retry of a message whose first delivery's process died", () => {
  it("takes over a claim whose heartbeat is stale and answers with the turn's replies", async () => {
    const form = inboundSms("+4791235001", "Hva er fritidskortet?");
    // Its last beat 20 s ago (Twilio's retry comes after its 15 s wait); a claim is stale after 6 s without one.
    await claimOfAnotherProcess(form, 20_000);
    const before = turnsStarted;
    const answer = await deliver(form);
    expect(answer.status).toBe(200);
    const said = botReplies.get(form.MessageSid!)!.map(activityToText);
    expect(said.length).toBeGreaterThan(0);
    expect(messagesOf(answer.text)).toEqual(prepareSms(said));
    expect(turnsStarted - before).toBe(1);
    expect(await claimRow(form)).toMatchObject({ owner: expect.not.stringContaining("dead00"), response: answer.text, completedAt: expect.any(Date) });
    // Twilio's next retry gets the same answer.
    expect(await deliver(form)).toEqual(answer);
  });

  it("waits on a claim that is still beating, and takes it over once the beats stop", async () => {
    const form = inboundSms("+4791235002", "Hva er fritidskortet?");
    await claimOfAnotherProcess(form, 0);
    const before = turnsStarted;
    const answering = deliver(form);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(turnsStarted).toBe(before); // still waiting for the other process
    ctx.clock.advance(10_000); // …which never beats again
    const answer = await answering;
    expect(answer.status).toBe(200);
    expect(messagesOf(answer.text).length).toBeGreaterThan(0);
    expect(turnsStarted - before).toBe(1);
  });

  it("answers 503 (so Twilio retries), not an empty 200, when the claim is still live after the wait", async () => {
    const form = inboundSms("+4791235003", "Hva er fritidskortet?");
    await claimOfAnotherProcess(form, 0);
    const before = turnsStarted;
    const started = performance.now();
    const answer = await deliver(form);
    expect(answer.status).toBe(503);
    expect(JSON.parse(answer.text)).toMatchObject({ error: "IN_PROGRESS" });
    expect(performance.now() - started).toBeGreaterThanOrEqual(DEADLINE_MS - 100);
    expect(turnsStarted).toBe(before);

    // The other process answers after all: the next retry replays its answer.
    const theirs = '<?xml version="1.0" encoding="UTF-8"?><Response><Message>Svar fra den andre prosessen</Message></Response>';
    await ctx.app.db!.prisma.inboundMessage.update({ where: { channel_externalId: { channel: "SMS", externalId: form.MessageSid! } }, data: { response: theirs, completedAt: ctx.clock.now() } });
    expect(await deliver(form)).toEqual({ status: 200, text: theirs });
  });
});

describe("a sender who texts too much", () => {
  it("gets answers up to the limit, one polite notice in their language, then silence until the window passes", async () => {
    const phone = "+4791235010";
    const before = turnsStarted;
    for (const body of ["Hei", "Hva er fritidskortet?", "Hei igjen"]) expect(messagesOf((await deliver(inboundSms(phone, body))).text).length).toBeGreaterThan(0);
    expect(turnsStarted - before).toBe(3);
    // The sender has chosen English (the bot records it on the identity).
    await ctx.app.db!.prisma.channelIdentity.update({ where: { channel_address: { channel: "SMS", address: phone } }, data: { language: "en" } });

    const notice = await deliver(inboundSms(phone, "Hallo?"));
    expect(messagesOf(notice.text)).toEqual(["You have sent many messages in a short time. We will answer again in a few minutes."]);
    for (const body of ["Hallo??", "HELP", "Hallo???"]) {
      const quiet = await deliver(inboundSms(phone, body));
      expect(quiet).toEqual({ status: 200, text: '<?xml version="1.0" encoding="UTF-8"?><Response/>' });
    }
    expect(turnsStarted - before).toBe(3); // no turn for the notice or the silence

    ctx.clock.advance(61_000);
    expect(messagesOf((await deliver(inboundSms(phone, "Hei"))).text).length).toBeGreaterThan(0);
    expect(turnsStarted - before).toBe(4);
  });

  it("still honours STOP while over the limit", async () => {
    const phone = "+4791235011";
    for (let i = 0; i < 5; i += 1) await deliver(inboundSms(phone, `Hei ${i}`));
    const stop = await deliver(inboundSms(phone, "STOPP"));
    expect(messagesOf(stop.text)).toEqual(["Du er meldt av og får ikke flere SMS fra Fritidskortet i Drammen. Send START for å melde deg på igjen."]);
    expect((await ctx.app.db!.prisma.channelIdentity.findUniqueOrThrow({ where: { channel_address: { channel: "SMS", address: phone } } })).optedOutAt).not.toBeNull();
  });

  it("counts a repeated delivery once: Twilio's retry of the notice gets the notice again", async () => {
    const phone = "+4791235012";
    for (let i = 0; i < 3; i += 1) await deliver(inboundSms(phone, `Hei ${i}`));
    const form = inboundSms(phone, "Hei 3");
    const notice = await deliver(form);
    expect(messagesOf(notice.text)).toEqual(["Du har sendt mange meldinger på kort tid. Vi svarer igjen om noen minutter."]);
    expect(await deliver(form)).toEqual(notice);
  });
});

it("logs none of the phone numbers or message texts", () => {
  const log = lines.join("\n");
  expect(log).toContain("sms sender over the limit"); // the log did record the channel's work…
  expect(log).toContain("sms still in progress elsewhere");
  expect(log).not.toMatch(/912350\d\d/); // …but no phone number
  expect(log).not.toContain("fritidskortet?");
  expect(log).not.toContain("Hallo");
});
