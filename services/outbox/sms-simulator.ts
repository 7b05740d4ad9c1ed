import { randomUUID } from "node:crypto";
import type { Clock } from "../clock.ts";
import { smsCost, type SmsEncoding } from "../sms/sms-text.ts";
import type { OutgoingSms, SmsTransport } from "./sms-transport.ts";

export interface SimulatedSms {
  id: string;
  to: string;
  body: string;
  segments: number;
  encoding: SmsEncoding;
  createdAt: string;
  /** "reply": the answer to a message (TwiML); "outbox": sent later through the outbox. */
  via: "reply" | "outbox";
  outboxId?: string;
}

const KEEP_PER_NUMBER = 500;

/**
 * The local stand-in for the phones: development without Twilio credentials delivers outbound SMS
 * here, and the SMS simulator page (/dev/sms) reads them back. In memory, per process: a restart
 * empties it, as a phone's history would not be ours to keep anyway.
 */
export class SmsSimulator {
  private readonly inboxes = new Map<string, SimulatedSms[]>();

  constructor(private readonly clock: Clock) {}

  deliver(message: { to: string; body: string; via: SimulatedSms["via"]; outboxId?: string }): SimulatedSms {
    const cost = smsCost(message.body);
    const sms: SimulatedSms = {
      id: `SIM${randomUUID().replace(/-/g, "")}`,
      to: message.to,
      body: message.body,
      segments: cost.segments,
      encoding: cost.encoding,
      createdAt: this.clock.now().toISOString(),
      via: message.via,
      ...(message.outboxId ? { outboxId: message.outboxId } : {}),
    };
    const inbox = this.inboxes.get(message.to) ?? [];
    inbox.push(sms);
    if (inbox.length > KEEP_PER_NUMBER) inbox.splice(0, inbox.length - KEEP_PER_NUMBER);
    this.inboxes.set(message.to, inbox);
    return sms;
  }

  messagesTo(to: string): SimulatedSms[] {
    return [...(this.inboxes.get(to) ?? [])];
  }
}

/** The outbox's gateway in development: delivers to the simulator. */
export class SimulatorSmsTransport implements SmsTransport {
  readonly name = "simulator" as const;

  constructor(private readonly simulator: SmsSimulator) {}

  async send(sms: OutgoingSms): Promise<{ providerRef: string }> {
    const delivered = this.simulator.deliver({ to: sms.to, body: sms.body, via: "outbox", outboxId: sms.outboxId });
    return { providerRef: delivered.id };
  }

  async findAccepted(sms: OutgoingSms): Promise<string | undefined> {
    return this.simulator.messagesTo(sms.to).find((message) => message.outboxId === sms.outboxId)?.id;
  }
}
