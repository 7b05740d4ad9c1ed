/** One SMS as the outbox hands it to a gateway. */
export interface OutgoingSms {
  outboxId: string;
  to: string;
  body: string;
  /** Our sender: a phone number or a Twilio messaging service SID. */
  from: string;
  /** When the outbox row was written: a gateway look-up searches from a little before this. */
  createdAt: Date;
}

/**
 * How a send went wrong. `permanent`: the gateway refused the message itself (4xx); sending it
 * again cannot help. `retry`: the gateway was unavailable, overloaded (429) or did not answer in
 * time — the message may or may not have been accepted, so the next attempt looks it up first.
 */
export class SmsSendError extends Error {
  constructor(
    readonly kind: "permanent" | "retry",
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = "SmsSendError";
  }
}

export interface SmsTransport {
  readonly name: "twilio" | "simulator";
  /** Sends one SMS; resolves with the gateway's id for it; throws SmsSendError. */
  send(sms: OutgoingSms): Promise<{ providerRef: string }>;
  /**
   * Whether the gateway already accepted this SMS (a crash or timeout after the gateway took it):
   * the gateway's id if so. `isTaken` tells whether an id already belongs to another outbox row.
   */
  findAccepted(sms: OutgoingSms, isTaken: (providerRef: string) => Promise<boolean>): Promise<string | undefined>;
}

/**
 * Every demo phone number is in +47 9999 0000–9999 (the demo seed). That range is not
 * reserved for fiction, so a real gateway never sends to it.
 */
export const DEMO_PHONE_RANGE = /^\+479999\d{4}$/;
