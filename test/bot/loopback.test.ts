import type restify from "restify";
import { describe, expect, it } from "vitest";
import { fromLoopback } from "../../bot/loopback.ts";
import { smsWebhook, type SmsWebhookDependencies } from "../../bot/channels/sms/sms-webhook.ts";
import { createLogger } from "../../services/logger.ts";
import { testClock } from "../support/clock.ts";

/** A request as restify hands it over, from `remoteAddress`. */
function request(remoteAddress: string, body = "") {
  return {
    socket: { remoteAddress },
    url: "/api/sms",
    rawBody: body,
    header: () => undefined,
    getContentType: () => "application/x-www-form-urlencoded",
  } as unknown as restify.Request;
}

function response() {
  const sent: { status?: number; body?: unknown } = {};
  const res = { json: (status: number, body: unknown) => Object.assign(sent, { status, body }) } as unknown as restify.Response;
  return { res, sent };
}

describe("development's open doors are open only to this machine", () => {
  it.each([
    ["127.0.0.1", true],
    ["127.8.9.10", true],
    ["::1", true],
    ["::ffff:127.0.0.1", true],
    ["192.0.2.10", false],
    ["::ffff:192.0.2.10", false],
    ["2001:db8::1", false],
    ["", false],
  ])("%s is loopback: %s", (address, expected) => {
    expect(fromLoopback(request(address))).toBe(expected);
  });

  it("an unsigned SMS webhook (no TWILIO_AUTH_TOKEN) from another machine is refused before any turn runs", async () => {
    let turns = 0;
    const webhook = smsWebhook({
      publicBaseUrl: "http://localhost:3978",
      authToken: undefined,
      logger: createLogger("silent"),
      clock: testClock(),
      runtime: () => ({ db: {} as never, bot: { run: async () => void turns++ } }),
    } as unknown as SmsWebhookDependencies);
    const form = new URLSearchParams({ MessageSid: `SM${"0".repeat(32)}`, From: "+4791234567", To: "+4759440000", Body: "saldo" }).toString();
    const { res, sent } = response();
    await webhook(request("192.0.2.10", form), res);
    expect(sent).toMatchObject({ status: 403, body: { error: "FORBIDDEN", message: expect.stringMatching(/only from this machine/) } });
    expect(turns).toBe(0);
  });
});
