import { XMLParser } from "fast-xml-parser";
import { expect } from "vitest";
import type { App } from "../../../../bot/app.ts";
import { newMessageSid } from "../../../support/twilio-api.ts";
import { eventually } from "./app.ts";

/**
 * Phones talking to a running app over SMS, as the round-trip tests do: texting the webhook as
 * Twilio would (development: unsigned) and reading what the outbox delivered (the SMS simulator).
 */
export function smsPhones(ctx: { app: App }) {
  /** What the outbox delivered to a phone, oldest first. */
  const outboxTo = (phone: string): string[] =>
    ctx.app.channels.smsSimulator.messagesTo(phone).filter((sms) => sms.via === "outbox").map((sms) => sms.body);

  /** Waits for the outbox to deliver the `count`th message to a phone, and returns it. */
  async function nthOutboxSms(phone: string, count: number): Promise<string> {
    ctx.app.channels.outbox!.wake();
    const bodies = await eventually(`SMS number ${count} to reach ${phone}`, async () => outboxTo(phone).length >= count && outboxTo(phone));
    return bodies[count - 1]!;
  }

  /** Waits for the outbox to deliver a message to a phone that matches (the outbox keeps no order between messages). */
  async function outboxSmsMatching(phone: string, match: RegExp | ((body: string) => boolean)): Promise<string> {
    const matches = typeof match === "function" ? match : (body: string) => match.test(body);
    ctx.app.channels.outbox!.wake();
    return eventually(`an SMS matching ${String(match)} to reach ${phone}`, async () => outboxTo(phone).find(matches));
  }

  /** Texts the service from a phone; the TwiML answer's SMS. */
  async function text(from: string, body: string, sid = newMessageSid()): Promise<string> {
    const response = await fetch(`${ctx.app.url}/api/sms`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ MessageSid: sid, From: from, To: "+4759440000", Body: body }).toString(),
    });
    expect(response.status).toBe(200);
    const parsed = new XMLParser({ isArray: (name) => name === "Message" }).parse(await response.text()) as { Response: "" | { Message?: string[] } };
    return parsed.Response === "" ? "" : (parsed.Response.Message ?? []).map(String).join("\n");
  }

  return { outboxTo, nthOutboxSms, outboxSmsMatching, text };
}
