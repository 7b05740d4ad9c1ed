import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type App } from "../../../../bot/app.ts";
import { ConfigError, loadConfig } from "../../../../services/config.ts";
import { createLogger } from "../../../../services/logger.ts";
import { createTestDatabaseTarget } from "../../../support/database.ts";
import { testClock } from "../../../support/clock.ts";
import { queueSms } from "../../../../services/outbox/enqueue-message.ts";
import { createFamily, createPerson } from "../../../support/fixtures.ts";
import { eventually } from "../support/app.ts";

const lines: string[] = [];
const logger = createLogger("debug", { write: (line: string) => void lines.push(line) });
let target: Awaited<ReturnType<typeof createTestDatabaseTarget>>;
let app: App;

beforeAll(async () => {
  target = await createTestDatabaseTarget();
  const config = { ...loadConfig({ PORT: "0", NODE_ENV: "development", SEED_DEMO: "false" }), database: target.target };
  app = await startApp(config, { logger, clock: testClock() });
  await app.ready;
});
afterAll(async () => {
  await app?.stop();
  await target?.dispose();
});

const PHONE = "+4791234321";
const BODY = "Hemmelig melding om Jonas sin astma";

describe("SMS in development, without Twilio credentials", () => {
  it("warns at start that unsigned webhooks are accepted, and accepts one", async () => {
    expect(lines.some((line) => JSON.parse(line).msg.startsWith("TWILIO_AUTH_TOKEN is not set: SMS webhooks are accepted unsigned"))).toBe(true);
    const response = await fetch(`${app.url}/api/sms`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ MessageSid: `SM${"ab".repeat(16)}`, From: PHONE, To: "+4759440000", Body: BODY }).toString(),
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><Response>/);
  });

  it("delivers later messages to the SMS simulator", async () => {
    await queueSms(app.db!, { to: PHONE, texts: ["Klubben har svart deg – “velkommen”!"], now: testClock().now() });
    app.channels.outbox!.wake();
    const received = await eventually("the simulator to receive it", async () => {
      const messages = (await (await fetch(`${app.url}/dev/sms/messages?to=${encodeURIComponent(PHONE)}`)).json()) as { body: string }[];
      return messages.find((message) => message.body.startsWith("Klubben")) && messages;
    });
    expect(received.find((message) => message.body.startsWith("Klubben"))).toEqual({
      id: expect.stringMatching(/^SIM/),
      to: PHONE,
      body: 'Klubben har svart deg - "velkommen"!',
      segments: 1,
      encoding: "GSM-7",
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      via: "outbox",
    });
  });

  it("never logs the phone number or the message text", () => {
    const log = lines.join("\n");
    expect(log).toContain("outbox message sent"); // the log did record the channel's work…
    expect(log).not.toContain(PHONE.slice(3)); // …but no phone number, in any form
    expect(log).not.toContain("91234321");
    expect(log).not.toContain("astma");
    expect(log).not.toContain("Klubben har svart");
  });
});

describe("the SMS simulator page", () => {
  it("offers the phones of persons with a verified SMS number, labelled by role, from the database", async () => {
    const prisma = app.db!.prisma;
    const municipality = await prisma.municipality.findFirstOrThrow();
    const { guardian } = await createFamily(prisma, municipality.id, ["2015-06-09"]);
    const stranger = await createPerson(prisma, municipality.id, { givenName: "Ukjent", birthDate: "1990-01-01" });
    await prisma.channelIdentity.create({ data: { channel: "SMS", address: "+4791230001", personId: guardian.id, verifiedAt: testClock().now() } });
    await prisma.channelIdentity.create({ data: { channel: "SMS", address: "+4791230002", personId: stranger.id } }); // not verified
    const html = await (await fetch(`${app.url}/dev/sms`)).text();
    const config = JSON.parse(/<script id="fk-config" type="application\/json">(.*?)<\/script>/s.exec(html)![1]!) as { identities: unknown[] };
    expect(config.identities).toEqual([{ role: "parent", name: "Forelder Testesen", phone: "+4791230001" }]);
  });
});

describe("channel configuration", () => {
  const production = { NODE_ENV: "production", PUBLIC_BASE_URL: "https://fritidskort.example.no", MICROSOFT_APP_ID: "id", MICROSOFT_APP_PASSWORD: "pw", MICROSOFT_APP_TENANT_ID: "00000000-0000-0000-0000-000000000002", ADMIN_API_TOKEN: "a".repeat(32), PAYMENT_PROVIDER: "vipps", VIPPS_BASE_URL: "https://api.vipps.no", VIPPS_CLIENT_ID: "c", VIPPS_CLIENT_SECRET: "s", VIPPS_SUBSCRIPTION_KEY: "k", VIPPS_MERCHANT_SERIAL_NUMBER: "123456", IDPORTEN_ISSUER: "https://idporten.no", IDPORTEN_CLIENT_ID: "c", IDPORTEN_CLIENT_SECRET: "idporten-client-secret", POPULATION_REGISTER_URL: "https://register.example.no", POPULATION_REGISTER_API_KEY: "register-api-key-value" };
  const twilio = { TWILIO_ACCOUNT_SID: `AC${"0".repeat(32)}`, TWILIO_AUTH_TOKEN: "0123456789abcdef0123", TWILIO_FROM_NUMBER: "+4759440000" };
  const problems = (env: Record<string, string>) => {
    try {
      loadConfig(env);
      return [];
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
  };

  it("refuses production without Twilio (signed webhooks, real sends) and without the Direct Line secret", () => {
    expect(problems(production)).toEqual([
      "TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM_NUMBER (or TWILIO_MESSAGING_SERVICE_SID) are required in production (SMS through Twilio: signed webhooks and real sends)",
      "DIRECT_LINE_SECRET is required in production (it guards web chat tokens: POST /v3/directline/tokens/generate)",
    ]);
    expect(problems({ ...production, ...twilio, TWILIO_AUTH_TOKEN: "" })).toEqual([expect.stringMatching(/^TWILIO_AUTH_TOKEN is required in production/), expect.stringMatching(/^DIRECT_LINE_SECRET/)]);
    expect(problems({ ...production, ...twilio, DIRECT_LINE_SECRET: "d".repeat(32) })).toEqual([]);
  });

  it("checks the format of each channel variable", () => {
    expect(problems({ TWILIO_ACCOUNT_SID: "AC123" })).toEqual([expect.stringMatching(/^TWILIO_ACCOUNT_SID must be a Twilio account SID/)]);
    expect(problems({ TWILIO_FROM_NUMBER: "59440000" })).toEqual([expect.stringMatching(/^TWILIO_FROM_NUMBER must be an E.164 phone number/)]);
    expect(problems({ DIRECT_LINE_SECRET: "short" })).toEqual([expect.stringMatching(/^DIRECT_LINE_SECRET must be at least 32 characters/)]);
    expect(problems({ TWILIO_ACCOUNT_SID: twilio.TWILIO_ACCOUNT_SID })).toEqual([expect.stringMatching(/^TWILIO_ACCOUNT_SID needs TWILIO_AUTH_TOKEN and TWILIO_FROM_NUMBER/)]);
  });
});
