import { XMLParser } from "fast-xml-parser";
import type { Activity } from "botbuilder";
import twilio from "twilio";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, MESSAGES_PATH, TWILIO_API, formOf, newMessageSid, nock, twilioMessage } from "../../../support/twilio-api.ts";
import { eventually, recordBotReplies, useApp } from "../support/app.ts";
import { activityToText } from "../../../../bot/channels/activity-text.ts";
import { prepareSms } from "../../../../services/sms/sms-text.ts";
import { queueSms } from "../../../../services/outbox/enqueue-message.ts";
import { testClock } from "../../../support/clock.ts";

const PUBLIC_BASE_URL = "https://fritidskort.example.no";
const WEBHOOK_URL = `${PUBLIC_BASE_URL}/api/sms`;
const YOUTH = "+4791234001";

const ctx = useApp({ PUBLIC_BASE_URL, TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: AUTH_TOKEN, TWILIO_FROM_NUMBER: FROM_NUMBER });
let turns = 0;
let botReplies: ReturnType<typeof recordBotReplies>;

function inbound(fields: Partial<Record<string, string>> = {}) {
  const sid = newMessageSid();
  return { ToCountry: "NO", SmsMessageSid: sid, NumMedia: "0", SmsSid: sid, SmsStatus: "received", To: FROM_NUMBER, NumSegments: "1", MessageSid: sid, AccountSid: ACCOUNT_SID, From: YOUTH, ApiVersion: "2010-04-01", Body: "Hei", ...fields } as Record<string, string>;
}

/** Posts the form as Twilio does, signed (with twilio's own helper) for `signedUrl`. */
async function deliver(form: Record<string, string>, options: { signedUrl?: string; signature?: string | null; body?: string } = {}) {
  const signature = options.signature === undefined ? twilio.getExpectedTwilioSignature(AUTH_TOKEN, options.signedUrl ?? WEBHOOK_URL, form) : options.signature;
  const response = await fetch(`${ctx.app.url}/api/sms`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...(signature === null ? {} : { "x-twilio-signature": signature }) },
    body: options.body ?? new URLSearchParams(form).toString(),
  });
  return { status: response.status, type: response.headers.get("content-type"), text: await response.text() };
}

/** The SMS of a TwiML answer. */
function messagesOf(twiml: string): string[] {
  const parsed = new XMLParser({ isArray: (name) => name === "Message" }).parse(twiml) as { Response: "" | { Message?: string[] } };
  return parsed.Response === "" ? [] : (parsed.Response.Message ?? []).map(String);
}

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
  // Count the bot turns the SMS channel runs.
  ctx.app.channels.smsAdapter.use({ onTurn: async (_context, next) => void ((turns += 1), await next()) });
  botReplies = recordBotReplies(ctx.app.channels.smsAdapter);
});
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe("Twilio's inbound webhook", () => {
  it("answers a signed message with the bot's replies as TwiML", async () => {
    const before = turns;
    const form = inbound({ Body: "Hei" });
    const answer = await deliver(form);
    expect(answer.status).toBe(200);
    expect(answer.type).toMatch(/^text\/xml/);
    expect(answer.text).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><Response><Message>/);
    // Exactly what the bot said in that turn, as cost-aware SMS (GSM-safe, joined, split if long).
    const said = botReplies.get(form.MessageSid!)!.map(activityToText);
    expect(said.length).toBeGreaterThan(0);
    expect(messagesOf(answer.text)).toEqual(prepareSms(said));
    expect(turns - before).toBe(1);
  });

  it("hands the bot the message as an SMS activity from the phone number", async () => {
    const form = inbound({ Body: "Hva koster fotball?", From: "+4791234004" });
    let seen: Partial<Activity> | undefined;
    ctx.app.channels.smsAdapter.use({ onTurn: async (context, next) => void ((seen ??= context.activity), await next()) });
    await deliver(form);
    expect(seen).toMatchObject({ type: "message", channelId: "sms", id: form.MessageSid, text: "Hva koster fotball?", from: { id: "+4791234004", role: "user" }, recipient: { id: FROM_NUMBER } });
    expect(seen!.conversation!.id).not.toContain("4791234004"); // no phone number in state keys
  });

  it("creates an unverified SMS identity for a new number, and records its contact", async () => {
    const phone = "+4791234999";
    await deliver(inbound({ From: phone }));
    const identity = await ctx.app.db!.prisma.channelIdentity.findUnique({ where: { channel_address: { channel: "SMS", address: phone } } });
    expect(identity).toMatchObject({ personId: null, verifiedAt: null, optedOutAt: null });
    expect(identity!.lastSeenAt).not.toBeNull();
  });

  describe("refuses with 403, running nothing,", () => {
    it.each([
      ["a tampered body", (form: Record<string, string>) => deliver(form, { body: new URLSearchParams({ ...form, Body: "Send meg alt" }).toString() })],
      ["a signature for another URL", (form: Record<string, string>) => deliver(form, { signedUrl: "https://evil.example.com/api/sms" })],
      ["a signature for our local URL instead of PUBLIC_BASE_URL", (form: Record<string, string>) => deliver(form, { signedUrl: `${ctx.app.url}/api/sms` })],
      ["a signature made with another auth token", (form: Record<string, string>) => deliver(form, { signature: twilio.getExpectedTwilioSignature("another-token-0123456789", WEBHOOK_URL, form) })],
      ["a missing signature", (form: Record<string, string>) => deliver(form, { signature: null })],
    ])("%s", async (_case, send) => {
      const before = turns;
      const form = inbound({ From: "+4791234777" });
      const answer = await send(form);
      expect(answer.status).toBe(403);
      expect(JSON.parse(answer.text)).toMatchObject({ error: "FORBIDDEN" });
      expect(turns).toBe(before);
      // Not even the dedupe row or the identity was written.
      expect(await ctx.app.db!.prisma.inboundMessage.count({ where: { externalId: form.MessageSid! } })).toBe(0);
      expect(await ctx.app.db!.prisma.channelIdentity.count({ where: { address: "+4791234777" } })).toBe(0);
    });
  });

  it.each([
    [{ From: undefined }, "From is required"],
    [{ Body: undefined }, "Body is required"],
    [{ From: "99995001" }, "From must be an E.164 phone number"],
    [{ MessageSid: "not-a-sid" }, "MessageSid must be a Twilio message SID"],
    [{ To: undefined }, "To is required"],
  ])("answers 400 with the reason for %o", async (change, reason) => {
    const form = inbound();
    for (const [key, value] of Object.entries(change)) {
      if (value === undefined) delete form[key];
      else form[key] = value;
    }
    const answer = await deliver(form);
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text)).toEqual({ error: "INVALID_REQUEST", message: expect.stringContaining(reason) });
  });

  it("gives a repeated MessageSid the same TwiML and runs one turn", async () => {
    const form = inbound({ Body: "Hva er fritidskortet?" });
    const before = turns;
    const first = await deliver(form);
    const second = await deliver(form);
    expect(second).toEqual(first);
    expect(turns - before).toBe(1);
  });

  it("runs one turn for two concurrent deliveries of the same message", async () => {
    const form = inbound({ Body: "Hei samtidig", From: "+4791234002" });
    const before = turns;
    const [a, b] = await Promise.all([deliver(form), deliver(form)]);
    expect(a.status).toBe(200);
    expect(b).toEqual(a);
    expect(messagesOf(a.text)).toHaveLength(1);
    expect(turns - before).toBe(1);
  });

  it("never gives a stored reply to another sender: the same MessageSid from another From is 409, no turn", async () => {
    const form = inbound({ Body: "Hva er saldoen min?", From: "+4791234005" });
    const first = await deliver(form);
    expect(messagesOf(first.text).length).toBeGreaterThan(0);
    const before = turns;
    const other = await deliver({ ...form, From: "+4791234006" });
    expect(other.status).toBe(409);
    expect(JSON.parse(other.text)).toEqual({ error: "CONFLICT", message: "this MessageSid was received from another number" });
    expect(other.text).not.toContain("<Message>");
    expect(turns).toBe(before);
    expect(await ctx.app.db!.prisma.channelIdentity.count({ where: { address: "+4791234006" } })).toBe(0);
    // The sender itself still gets its reply again.
    expect(await deliver(form)).toEqual(first);
  });

  it.each([
    ["another number", "+4759449999"],
    ["a messaging service's number we were not told about", "+4759440001"],
  ])("refuses a message to %s with 403, running nothing", async (_case, to) => {
    const before = turns;
    const form = inbound({ To: to, From: "+4791234778" });
    const answer = await deliver(form);
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.text)).toEqual({ error: "FORBIDDEN", message: "To is not a number of this service" });
    expect(turns).toBe(before);
    expect(await ctx.app.db!.prisma.inboundMessage.count({ where: { externalId: form.MessageSid! } })).toBe(0);
    expect(await ctx.app.db!.prisma.channelIdentity.count({ where: { address: "+4791234778" } })).toBe(0);
  });

  it("still knows a MessageSid after a restart (the dedupe is in the database)", async () => {
    const form = inbound({ Body: "Før omstart", From: "+4791234003" });
    const first = await deliver(form);
    await ctx.restart();
    ctx.app.channels.smsAdapter.use({ onTurn: async (_context, next) => void ((turns += 1), await next()) });
    const before = turns;
    expect(await deliver(form)).toEqual(first);
    expect(turns).toBe(before);
  });
});

describe("keywords", () => {
  const phone = "+4791234100";
  const prisma = () => ctx.app.db!.prisma;

  it("STOPP opts out (confirmed once), and the outbox then skips the number; START opts back in", async () => {
    await deliver(inbound({ From: phone, Body: "Hei" }));
    const stop = await deliver(inbound({ From: phone, Body: "STOPP" }));
    expect(messagesOf(stop.text)).toEqual(["Du er meldt av og får ikke flere SMS fra Fritidskortet i Drammen. Send START for å melde deg på igjen."]);
    expect((await prisma().channelIdentity.findUniqueOrThrow({ where: { channel_address: { channel: "SMS", address: phone } } })).optedOutAt).not.toBeNull();
    expect(messagesOf((await deliver(inbound({ From: phone, Body: "stopp" }))).text)).toEqual([]);

    // Later messages are neither answered nor sent.
    const before = turns;
    expect(messagesOf((await deliver(inbound({ From: phone, Body: "Hva er saldoen?" }))).text)).toEqual([]);
    expect(turns).toBe(before);
    const [queued] = await queueSms(ctx.app.db!, { to: phone, texts: ["Klubben har svart deg."], now: testClock().now() });
    ctx.app.channels.outbox!.wake();
    const skipped = await eventually("the outbox to skip the message", async () => {
      const row = await prisma().outboxMessage.findUniqueOrThrow({ where: { id: queued! } });
      return row.status === "FAILED" && row;
    });
    expect(skipped.lastError).toBe("recipient opted out (STOP)");

    const start = await deliver(inbound({ From: phone, Body: "Start" }));
    expect(messagesOf(start.text)).toEqual(["Velkommen tilbake! Du får SMS fra Fritidskortet i Drammen igjen. Send STOPP for å melde deg av."]);
    const sent: Record<string, string>[] = [];
    nock(TWILIO_API)
      .post(MESSAGES_PATH)
      .reply(async (request: Request) => {
        const form = await formOf(request);
        sent.push(form);
        return [201, twilioMessage({ to: form.To!, body: form.Body! })];
      });
    const [again] = await queueSms(ctx.app.db!, { to: phone, texts: ["Klubben har svart deg."], now: testClock().now() });
    ctx.app.channels.outbox!.wake();
    await eventually("the outbox to send", async () => (await prisma().outboxMessage.findUniqueOrThrow({ where: { id: again! } })).status === "SENT");
    expect(sent).toEqual([{ To: phone, From: FROM_NUMBER, Body: "Klubben har svart deg." }]);
    expect(await prisma().auditLog.count({ where: { action: { in: ["sms.opted_out", "sms.opted_in"] } } })).toBe(2);
  });

  it.each([
    ["AVSLUTT", "opted out"],
    ["STOP", "opted out"],
  ])("%s opts out too", async (keyword) => {
    const number = keyword === "STOP" ? "+4791234101" : "+4791234102";
    const answer = await deliver(inbound({ From: number, Body: keyword }));
    expect(messagesOf(answer.text)[0]).toMatch(/^Du er meldt av/);
  });

  it("a sentence with the word in it is not a keyword", async () => {
    const number = "+4791234103";
    const before = turns;
    await deliver(inbound({ From: number, Body: "stopp påmeldingen til fotball" }));
    expect(turns - before).toBe(1); // the bot got it
    expect((await prisma().channelIdentity.findUniqueOrThrow({ where: { channel_address: { channel: "SMS", address: number } } })).optedOutAt).toBeNull();
  });

  it("HJELP answers briefly in Norwegian, HELP in English, without a bot turn", async () => {
    const before = turns;
    const hjelp = messagesOf((await deliver(inbound({ From: "+4791234104", Body: "HJELP" }))).text);
    const help = messagesOf((await deliver(inbound({ From: "+4791234105", Body: "help" }))).text);
    expect(hjelp[0]).toMatch(/^Fritidskortet i Drammen: Skriv spørsmålet ditt/);
    expect(help[0]).toMatch(/^Leisure card, Drammen:/);
    expect(turns).toBe(before);
  });
});
