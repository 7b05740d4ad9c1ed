import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, MESSAGES_PATH, TWILIO_API, formOf, messageList, newMessageSid, nock, twilioMessage } from "../../support/twilio-api.ts";
import { useTestDatabase } from "../../support/database.ts";
import { createLogger } from "../../../services/logger.ts";
import { observe } from "../../../services/observability/context.ts";
import { enqueueMessage } from "../../../services/outbox/enqueue-message.ts";
import { OutboxWorker, type OutboxWorkerOptions } from "../../../services/outbox/outbox-worker.ts";
import { TwilioSmsTransport } from "../../../services/outbox/twilio-transport.ts";
import { SimulatorSmsTransport, SmsSimulator } from "../../../services/outbox/sms-simulator.ts";
import { testClock } from "../../support/clock.ts";

const ctx = useTestDatabase();
const logger = createLogger("silent");
const RECIPIENT = "+4791234567";
/** The workers' clock, moved forward by `later()`. */
let clock = testClock();
const now = () => clock.now();

function worker(overrides: Partial<OutboxWorkerOptions> = {}) {
  return new OutboxWorker({
    db: ctx.db,
    transport: new TwilioSmsTransport({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, timeoutMs: 2000 }),
    logger,
    defaultSender: FROM_NUMBER,
    sendsPerSecond: 1000,
    clock,
    leaseMs: 60_000,
    backoff: { baseMs: 1000, maxMs: 60_000, maxAttempts: 4 },
    ...overrides,
  });
}

async function enqueue(body: string, recipient = RECIPIENT): Promise<string> {
  const [id] = await ctx.db.prisma.$transaction((tx) => enqueueMessage(tx, { channel: "SMS", recipient, body }, now()));
  return id!;
}

const row = (id: string) => ctx.db.prisma.outboxMessage.findUniqueOrThrow({ where: { id } });
const later = (ms: number) => clock.advance(ms);

/** Twilio accepts each create call; returns the bodies it was asked to send, in order. */
function twilioAccepts(times = 1) {
  const sent: Record<string, string>[] = [];
  nock(TWILIO_API)
    .post(MESSAGES_PATH)
    .times(times)
    .reply(async (request: Request) => {
      const form = await formOf(request);
      sent.push(form);
      return [201, twilioMessage({ to: form.To!, from: form.From, body: form.Body! })];
    });
  return sent;
}

beforeAll(() => nock.disableNetConnect());
beforeEach(async () => {
  clock = testClock();
  await ctx.db.prisma.outboxMessage.deleteMany();
  await ctx.db.prisma.channelIdentity.deleteMany();
});
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending, "every Twilio call the test expected was made").toEqual([]);
});
afterAll(() => nock.enableNetConnect());

describe("the outbox", () => {
  it("sends a committed message once through Twilio's REST API and records Twilio's SID", async () => {
    const id = await enqueue("Hei! Klubben har svart på forespørselen din.");
    const sent = twilioAccepts();
    expect(await worker().runOnce()).toMatchObject({ claimed: 1, sent: 1 });
    expect(sent).toEqual([{ To: RECIPIENT, From: FROM_NUMBER, Body: "Hei! Klubben har svart på forespørselen din." }]);
    expect(await row(id)).toMatchObject({ status: "SENT", attempts: 1, providerRef: expect.stringMatching(/^SM/), lockedUntil: null });
    expect(await worker().runOnce()).toMatchObject({ claimed: 0 });
  });

  it("logs each send with the id of the request that queued the message, not of the worker's run", async () => {
    const id = await observe({ requestId: "req-turn-1" }, () => enqueue("Påmeldingen er bekreftet."));
    twilioAccepts();
    const lines: Record<string, unknown>[] = [];
    const capture = createLogger("info", { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
    await observe({ requestId: "job-outbox" }, () => worker({ logger: capture }).runOnce());
    expect(lines).toEqual([expect.objectContaining({ msg: "outbox message sent", outboxId: id, requestId: "req-turn-1" })]);
  });

  it("never sends a message whose transaction rolled back", async () => {
    await expect(
      ctx.db.prisma.$transaction(async (tx) => {
        await enqueueMessage(tx, { channel: "SMS", recipient: RECIPIENT, body: "Påmeldingen er bekreftet." }, now());
        throw new Error("the enrollment failed");
      }),
    ).rejects.toThrow("the enrollment failed");
    expect(await ctx.db.prisma.outboxMessage.count()).toBe(0);
    expect(await worker().runOnce()).toMatchObject({ claimed: 0 });
  });

  it("makes the text GSM-safe and splits a long one into SMS that each read on their own", async () => {
    const items = Array.from({ length: 20 }, (_, i) => `${i + 1}. Fotball for jenter 10–12 år på Konnerud, tirsdager kl. 18.00 – “gratis” første gang.`);
    const ids = await ctx.db.prisma.$transaction((tx) => enqueueMessage(tx, { channel: "SMS", recipient: RECIPIENT, body: items.join("\n") }, now()));
    expect(ids.length).toBeGreaterThan(1);
    const rows = await ctx.db.prisma.outboxMessage.findMany({ where: { id: { in: ids } } });
    const bodies = ids.map((id) => rows.find((r) => r.id === id)!.body);
    expect(bodies.join("\n")).toBe(items.join("\n").replace(/–/g, "-").replace(/[“”]/g, '"'));
    for (const body of bodies) expect(body).toMatch(/^\d+\. Fotball/);
  });

  describe("survives a crash", () => {
    it("between commit and send: a restarted worker sends it, once", async () => {
      const id = await enqueue("Husk treningen i morgen kl. 18.");
      // The process that committed died before any worker ran; a new process starts its worker.
      const sent = twilioAccepts();
      const restarted = worker();
      await restarted.runOnce();
      await restarted.runOnce();
      expect(sent).toHaveLength(1);
      expect(await row(id)).toMatchObject({ status: "SENT", attempts: 1 });
    });

    it("after claiming, before Twilio got it: sent once after the lease expires", async () => {
      const id = await enqueue("Husk treningen i morgen kl. 18.");
      const crashed = worker();
      await crashed.claim(now(), new Date(now().getTime() + 60_000)); // … and the process died here.
      expect(await row(id)).toMatchObject({ status: "SENDING" });

      const sent = twilioAccepts();
      nock(TWILIO_API).get(MESSAGES_PATH).query({ To: RECIPIENT, From: FROM_NUMBER, PageSize: "50" }).reply(200, messageList([]));
      expect(await worker().runOnce()).toMatchObject({ claimed: 0 }); // the lease still holds
      later(61_000);
      expect(await worker().runOnce()).toMatchObject({ claimed: 1, sent: 1 });
      expect(sent).toHaveLength(1);
      expect(await row(id)).toMatchObject({ status: "SENT", attempts: 2 });
    });

    it("after Twilio accepted, before it was marked sent: found at Twilio, not sent again", async () => {
      const id = await enqueue("Klubben har bekreftet plassen til Jonas.");
      const accepted = twilioAccepts();
      const crashed = worker();
      const [claimed] = await crashed.claim(now(), new Date(now().getTime() + 60_000));
      // The dying worker's send reaches Twilio; the process dies before it marks the row.
      const transport = new TwilioSmsTransport({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
      const { providerRef } = await transport.send({ outboxId: id, to: RECIPIENT, from: FROM_NUMBER, body: claimed!.body, createdAt: new Date(claimed!.createdAtMs) });
      expect(accepted).toHaveLength(1);

      // Twilio lists it (with an older, unrelated message to the same number).
      nock(TWILIO_API)
        .get(MESSAGES_PATH)
        .query({ To: RECIPIENT, From: FROM_NUMBER, PageSize: "50" })
        .reply(200, messageList([twilioMessage({ sid: providerRef, to: RECIPIENT, body: claimed!.body }), twilioMessage({ to: RECIPIENT, body: "Velkommen!" })]));
      later(61_000);
      expect(await worker().runOnce()).toMatchObject({ claimed: 1, sent: 1 });
      expect(await row(id)).toMatchObject({ status: "SENT", providerRef });
      // No second create call was made: nock would have refused it (no interceptor left).
    });

    it("a worker that stalled past its lease cannot overwrite the result of the worker that took over", async () => {
      const id = await enqueue("Svar fra klubben.");
      const [stalledSid, takeoverSid] = [newMessageSid(), newMessageSid()];
      nock(TWILIO_API).post(MESSAGES_PATH).delay(700).reply(201, twilioMessage({ sid: stalledSid, to: RECIPIENT, body: "Svar fra klubben." }));
      nock(TWILIO_API).get(MESSAGES_PATH).query(true).reply(200, messageList([]));
      nock(TWILIO_API).post(MESSAGES_PATH).reply(201, twilioMessage({ sid: takeoverSid, to: RECIPIENT, body: "Svar fra klubben." }));
      const stalled = worker().runOnce();
      while ((await row(id)).status !== "SENDING") await new Promise((resolve) => setTimeout(resolve, 10));
      later(61_000); // the stalled worker's lease runs out while its request hangs
      expect(await worker().runOnce()).toMatchObject({ sent: 1 });
      await stalled;
      expect(await row(id)).toMatchObject({ status: "SENT", providerRef: takeoverSid });
    });
  });

  describe("retries", () => {
    it("a 5xx with backoff, then sends (after checking Twilio did not take it)", async () => {
      const id = await enqueue("Påminnelse: kontingenten forfaller fredag.");
      nock(TWILIO_API).post(MESSAGES_PATH).reply(503, { code: 20503, message: "Service Unavailable", status: 503 });
      expect(await worker().runOnce()).toMatchObject({ retried: 1 });
      const waiting = await row(id);
      expect(waiting).toMatchObject({ status: "PENDING", attempts: 1, lastError: expect.stringContaining("twilio 503") });
      expect(waiting.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(now().getTime() + 900);

      expect(await worker().runOnce()).toMatchObject({ claimed: 0 }); // not yet due
      later(1300);
      nock(TWILIO_API).get(MESSAGES_PATH).query(true).reply(200, messageList([]));
      const sent = twilioAccepts();
      expect(await worker().runOnce()).toMatchObject({ sent: 1 });
      expect(sent).toHaveLength(1);
      expect(await row(id)).toMatchObject({ status: "SENT", attempts: 2, lastError: null });
    });

    it("429 is retried, and the backoff doubles", async () => {
      const id = await enqueue("Påminnelse.");
      nock(TWILIO_API).post(MESSAGES_PATH).times(2).reply(429, { code: 20429, message: "Too Many Requests", status: 429 });
      nock(TWILIO_API).get(MESSAGES_PATH).query(true).reply(200, messageList([]));
      await worker().runOnce();
      const first = (await row(id)).nextAttemptAt.getTime() - now().getTime();
      later(first + 10);
      await worker().runOnce();
      const second = (await row(id)).nextAttemptAt.getTime() - now().getTime();
      expect(first).toBeGreaterThanOrEqual(900);
      expect(second).toBeGreaterThanOrEqual(1900);
      expect(await row(id)).toMatchObject({ status: "PENDING", attempts: 2 });
    });

    it("a timeout is retried and, since Twilio had in fact accepted it, not sent twice", async () => {
      const id = await enqueue("Svar på tilretteleggingen.");
      const sid = newMessageSid();
      nock(TWILIO_API)
        .post(MESSAGES_PATH)
        .delay(800)
        .reply(201, twilioMessage({ sid, to: RECIPIENT, body: "Svar på tilretteleggingen." }));
      const impatient = worker({ transport: new TwilioSmsTransport({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, timeoutMs: 200 }) });
      expect(await impatient.runOnce()).toMatchObject({ retried: 1 });
      expect(await row(id)).toMatchObject({ status: "PENDING", lastError: expect.stringMatching(/timeout/i) });

      later(5000);
      nock(TWILIO_API).get(MESSAGES_PATH).query(true).reply(200, messageList([twilioMessage({ sid, to: RECIPIENT, body: "Svar på tilretteleggingen." })]));
      expect(await worker().runOnce()).toMatchObject({ sent: 1 });
      expect(await row(id)).toMatchObject({ status: "SENT", providerRef: sid });
    });

    it("a 4xx is a permanent failure: FAILED at once, never retried", async () => {
      const id = await enqueue("Hei!", "+4700000000");
      nock(TWILIO_API).post(MESSAGES_PATH).reply(400, { code: 21211, message: "The 'To' number +4700000000 is not a valid phone number.", status: 400 });
      expect(await worker().runOnce()).toMatchObject({ failed: 1 });
      const failed = await row(id);
      expect(failed).toMatchObject({ status: "FAILED", lastError: expect.stringContaining("twilio 400 (21211)") });
      expect(failed.lastError).not.toContain("4700000000"); // no phone numbers in stored errors
      later(3_600_000);
      expect(await worker().runOnce()).toMatchObject({ claimed: 0 });
    });

    it("gives up after the last attempt", async () => {
      const id = await enqueue("Hei!");
      nock(TWILIO_API).post(MESSAGES_PATH).times(4).reply(500, { code: 20500, message: "Internal Server Error", status: 500 });
      nock(TWILIO_API).get(MESSAGES_PATH).query(true).times(3).reply(200, messageList([]));
      for (let attempt = 0; attempt < 4; attempt += 1) {
        await worker().runOnce();
        later(120_000);
      }
      expect(await row(id)).toMatchObject({ status: "FAILED", attempts: 4, lastError: expect.stringContaining("gave up after 4 attempts") });
    });
  });

  it("skips, and marks, a recipient who opted out — even if they opted out after the message was queued", async () => {
    const id = await enqueue("Nytt tilbud denne uken.");
    await ctx.db.prisma.channelIdentity.create({ data: { channel: "SMS", address: RECIPIENT, optedOutAt: now() } });
    expect(await worker().runOnce()).toMatchObject({ failed: 1 });
    expect(await row(id)).toMatchObject({ status: "FAILED", lastError: "recipient opted out (STOP)" });
  });

  it("never sends a demo phone number through the real gateway", async () => {
    const id = await enqueue("Hei!", "+4799995001");
    expect(await worker().runOnce()).toMatchObject({ failed: 1 });
    expect((await row(id)).lastError).toMatch(/demo phone number/);
  });

  it("two workers running at once send each message exactly once", async () => {
    const ids = await Promise.all(Array.from({ length: 12 }, (_, i) => enqueue(`Melding nummer ${i + 1}.`, `+4791000${String(i).padStart(3, "0")}`)));
    const sent = twilioAccepts(12);
    const a = worker({ batchSize: 5 });
    const b = worker({ batchSize: 5 });
    for (let round = 0; round < 3; round += 1) await Promise.all([a.runOnce(), b.runOnce()]);
    expect(sent).toHaveLength(12);
    expect(new Set(sent.map((form) => form.To)).size).toBe(12);
    expect(await ctx.db.prisma.outboxMessage.count({ where: { id: { in: ids }, status: "SENT" } })).toBe(12);
  });

  it("keeps to the rate per sender number", async () => {
    await Promise.all([1, 2, 3, 4, 5].map((i) => enqueue(`Melding ${i}.`)));
    const sent = twilioAccepts(5);
    const started = performance.now();
    await worker({ sendsPerSecond: 4 }).runOnce();
    // A bucket of 4 goes at once, the fifth waits a quarter second.
    expect(sent).toHaveLength(5);
    expect(performance.now() - started).toBeGreaterThanOrEqual(240);
  });

  it("delivers to the local SMS simulator when there are no Twilio credentials", async () => {
    const simulator = new SmsSimulator(clock);
    const id = await enqueue("Hei fra Fritidskortet – “velkommen”!");
    await worker({ transport: new SimulatorSmsTransport(simulator) }).runOnce();
    expect(simulator.messagesTo(RECIPIENT)).toEqual([
      expect.objectContaining({ to: RECIPIENT, body: 'Hei fra Fritidskortet - "velkommen"!', segments: 1, encoding: "GSM-7", via: "outbox", outboxId: id }),
    ]);
    expect(await row(id)).toMatchObject({ status: "SENT", providerRef: expect.stringMatching(/^SIM/) });
  });
});
