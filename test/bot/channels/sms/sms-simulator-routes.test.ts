import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type App } from "../../../../bot/app.ts";
import { DEVELOPMENT_SMS_NUMBER, loadConfig } from "../../../../services/config.ts";
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

  it("takes the simulator's number as ours, and refuses a message to any other", async () => {
    const post = (to: string) =>
      fetch(`${app.url}/api/sms`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ MessageSid: `SM${"cd".repeat(16)}`, From: PHONE, To: to, Body: BODY }).toString(),
      });
    const refused = await post("+4759449999");
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ error: "FORBIDDEN", message: "To is not a number of this service" });
    expect((await post(DEVELOPMENT_SMS_NUMBER)).status).toBe(200);
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
    // The README's example as written, with the "+" unencoded (a query string reads it as a space).
    const asWritten = (await (await fetch(`${app.url}/dev/sms/messages?to=${PHONE}`)).json()) as { body: string }[];
    expect(asWritten).toEqual(received);
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
