import { randomBytes } from "node:crypto";
import nock from "nock";
import twilio from "twilio";
import { testClock } from "./clock.ts";

export { nock };

export const ACCOUNT_SID = `AC${"a1".repeat(16)}`;
export const AUTH_TOKEN = "test-auth-token-0123456789abcdef";
export const FROM_NUMBER = "+4759440000";
export const TWILIO_API = "https://api.twilio.com";
export const MESSAGES_PATH = `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`;

export const newMessageSid = () => `SM${randomBytes(16).toString("hex")}`;

/** A Message resource as Twilio's REST API returns it (the fields the client reads). */
export function twilioMessage(fields: { sid?: string; to: string; from?: string; body: string; dateCreated?: Date; direction?: string; messagingServiceSid?: string | null }) {
  // Twilio's clock agrees with the service's: the test day's noon unless the test says otherwise.
  const created = (fields.dateCreated ?? testClock().now()).toUTCString().replace("GMT", "+0000");
  return {
    sid: fields.sid ?? newMessageSid(),
    account_sid: ACCOUNT_SID,
    to: fields.to,
    from: fields.from ?? FROM_NUMBER,
    body: fields.body,
    status: "queued",
    direction: fields.direction ?? "outbound-api",
    messaging_service_sid: fields.messagingServiceSid ?? null,
    num_segments: "1",
    date_created: created,
    date_updated: created,
    date_sent: null,
    error_code: null,
    error_message: null,
    uri: `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/${fields.sid ?? "SM"}.json`,
  };
}

export function messageList(messages: ReturnType<typeof twilioMessage>[]) {
  return { messages, page: 0, page_size: 50, first_page_uri: MESSAGES_PATH, next_page_uri: null, previous_page_uri: null, uri: MESSAGES_PATH, start: 0, end: messages.length - 1 };
}

/** The form a create-message call posted. */
export async function formOf(request: Request): Promise<Record<string, string>> {
  return Object.fromEntries(new URLSearchParams(await request.text()));
}

/** An inbound SMS's webhook form, as Twilio posts it. */
export function inboundSms(from: string, body: string, to = FROM_NUMBER): Record<string, string> & { MessageSid: string } {
  const sid = newMessageSid();
  return { MessageSid: sid, SmsSid: sid, AccountSid: ACCOUNT_SID, From: from, To: to, Body: body, NumMedia: "0", NumSegments: "1", ApiVersion: "2010-04-01" };
}

/**
 * Posts a webhook form to the service at `appUrl`/api/sms as Twilio does: signed with AUTH_TOKEN
 * over the address Twilio was given (`publicBaseUrl`/api/sms, the service's public address).
 */
export function deliverSms(appUrl: string, publicBaseUrl: string, form: Record<string, string>): Promise<Response> {
  const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${publicBaseUrl}/api/sms`, form);
  return fetch(`${appUrl}/api/sms`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature }, body: new URLSearchParams(form).toString() });
}
