import twilio from "twilio";
import { redactText } from "../logger.ts";
import { normalizeSmsText } from "../sms/sms-text.ts";
import { DEMO_PHONE_RANGE, SmsSendError, type OutgoingSms, type SmsTransport } from "./sms-transport.ts";

export interface TwilioCredentials {
  accountSid: string;
  authToken: string;
  /** Twilio's REST calls give up after this long (a timeout counts as "maybe accepted"). */
  timeoutMs?: number;
}

// Clock difference between us and Twilio that a look-up tolerates.
const LOOKUP_SKEW_MS = 5 * 60_000;

/**
 * Sends through Twilio's Programmable Messaging REST API with the official client. The client's
 * own retries are off: the outbox decides about retries, and a retry after an uncertain outcome
 * must look the message up first.
 */
export class TwilioSmsTransport implements SmsTransport {
  readonly name = "twilio" as const;
  private readonly client: twilio.Twilio;

  constructor(credentials: TwilioCredentials) {
    this.client = twilio(credentials.accountSid, credentials.authToken, { autoRetry: false, timeout: credentials.timeoutMs ?? 10_000 });
  }

  async send(sms: OutgoingSms): Promise<{ providerRef: string }> {
    if (DEMO_PHONE_RANGE.test(sms.to)) throw new SmsSendError("permanent", "demo phone number (+47 9999 xxxx): never sent through a real gateway");
    try {
      const message = await this.client.messages.create({ to: sms.to, body: sms.body, ...senderParams(sms.from) });
      return { providerRef: message.sid };
    } catch (error) {
      throw classify(error);
    }
  }

  async findAccepted(sms: OutgoingSms, isTaken: (providerRef: string) => Promise<boolean>): Promise<string | undefined> {
    // Listing by recipient (and sender number) rather than by date sent: a message Twilio has
    // accepted but not yet sent has no date sent. Newest first; a retry window is minutes.
    const since = sms.createdAt.getTime() - LOOKUP_SKEW_MS;
    let messages;
    try {
      messages = await this.client.messages.list({ to: sms.to, ...(sms.from.startsWith("MG") ? {} : { from: sms.from }), limit: 50 });
    } catch (error) {
      throw classify(error);
    }
    const body = normalizeSmsText(sms.body).trim();
    for (const message of messages) {
      if (message.direction !== "outbound-api") continue;
      if (sms.from.startsWith("MG") && message.messagingServiceSid !== sms.from) continue;
      if (message.dateCreated && message.dateCreated.getTime() < since) continue;
      if (normalizeSmsText(message.body ?? "").trim() !== body) continue;
      if (await isTaken(message.sid)) continue;
      return message.sid;
    }
    return undefined;
  }
}

function senderParams(from: string): { from: string } | { messagingServiceSid: string } {
  return from.startsWith("MG") ? { messagingServiceSid: from } : { from };
}

/** Twilio's answer → permanent (4xx other than 429) or retry (429, 5xx, timeout, network). */
function classify(error: unknown): SmsSendError {
  const status = typeof (error as { status?: unknown })?.status === "number" ? (error as { status: number }).status : undefined;
  const code = (error as { code?: unknown })?.code;
  // Twilio's messages can quote the phone number: keep digits out of what is stored and logged.
  const text = redactText(error instanceof Error ? error.message : String(error));
  const detail = `twilio ${status ?? "no response"}${code !== undefined ? ` (${String(code)})` : ""}: ${text}`.slice(0, 500);
  if (status !== undefined && status >= 400 && status < 500 && status !== 429) return new SmsSendError("permanent", detail, status);
  return new SmsSendError("retry", detail, status);
}
