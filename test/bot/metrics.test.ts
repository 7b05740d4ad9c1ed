import type { AddressInfo } from "node:net";
import restify from "restify";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, MESSAGES_PATH, TWILIO_API, deliverSms, formOf, inboundSms, newMessageSid, nock, twilioMessage } from "../support/twilio-api.ts";
import { eventually, useApp } from "./channels/support/app.ts";
import { metricsAccess, registerMetricsRoute } from "../../bot/metrics-route.ts";
import { channelLabel, Metrics } from "../../services/observability/metrics.ts";
import { queueSms } from "../../services/outbox/enqueue-message.ts";
import { createPerson } from "../support/fixtures.ts";
import type restifyTypes from "restify";

const PUBLIC_BASE_URL = "https://fritidskort.example.no";
const METRICS_TOKEN = "metrics-token-0123456789abcdef";
const ctx = useApp({ PUBLIC_BASE_URL, TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: AUTH_TOKEN, TWILIO_FROM_NUMBER: FROM_NUMBER, METRICS_TOKEN });

/** Texts the service as Twilio does: a signed webhook. */
async function textSigned(from: string, body: string) {
  const response = await deliverSms(ctx.app.url, PUBLIC_BASE_URL, inboundSms(from, body));
  expect(response.status).toBe(200);
  return response;
}

async function scrape(headers: Record<string, string> = {}) {
  const response = await fetch(`${ctx.app.url}/metrics`, { headers });
  return { status: response.status, type: response.headers.get("content-type"), text: await response.text(), authenticate: response.headers.get("www-authenticate") };
}

/** The value of one sample in Prometheus' text format (0 when the series is absent), or the sum over series matching the labels given. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split("\n")) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([^}]*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const seen = Object.fromEntries([...(match[3] ?? "").matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([key, value]) => seen[key] === value)) sum += Number(match[4]);
  }
  return sum;
}

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
  // The first message waits for the NLU to train (seconds on a busy machine; a turn past the reply
  // deadline finishes after the webhook answered): the measured turns below come after it.
  await textSigned("+4791235000", "hei");
  await eventually("the first turn to end", async () => sample((await scrape()).text, "fritidskort_turns_total", { channel: "sms" }) === 1, 60_000);
}, 90_000);
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe("GET /metrics counts a real turn", () => {
  it("a signed SMS turn increments the SMS turn counter, its latency histograms and the NLU's", async () => {
    const before = (await scrape()).text;
    const response = await textSigned("+4791235001", "hva dekker kortet?");
    expect(response.headers.get("content-type")).toMatch(/^text\/xml/);
    const after = await scrape();
    expect(after.status).toBe(200);
    expect(after.type).toMatch(/^text\/plain; version=0\.0\.4/);

    const delta = (name: string, labels: Record<string, string> = {}) => sample(after.text, name, labels) - sample(before, name, labels);
    expect(delta("fritidskort_turns_total", { channel: "sms" })).toBe(1);
    expect(delta("fritidskort_turns_total", { channel: "webchat" })).toBe(0);
    expect(delta("fritidskort_turns_total", { channel: "teams" })).toBe(0);
    expect(delta("fritidskort_turn_duration_seconds_count", { channel: "sms" })).toBe(1);
    // The turn took some time: its sum grew, and the +Inf bucket holds it.
    expect(delta("fritidskort_turn_duration_seconds_sum", { channel: "sms" })).toBeGreaterThan(0);
    expect(delta("fritidskort_turn_duration_seconds_bucket", { channel: "sms", le: "+Inf" })).toBe(1);
    // The webhook request as Twilio saw it, answered 200.
    expect(delta("fritidskort_channel_request_duration_seconds_count", { channel: "sms", status: "2xx" })).toBe(1);
    // The NLU read the message once: one intent counted, one confidence observed, in Norwegian.
    expect(delta("fritidskort_nlu_intents_total")).toBe(1);
    expect(delta("fritidskort_nlu_confidence_count", { language: "nb" })).toBe(1);
    // Default process metrics are there, in this app's registry.
    expect(sample(after.text, "process_resident_memory_bytes")).toBeGreaterThan(0);
    expect(after.text).toContain("# TYPE fritidskort_db_pool_waiting gauge");
  });

  it("a web chat message (Direct Line) is a webchat turn", async () => {
    const before = (await scrape()).text;
    const issued = (await (await fetch(`${ctx.app.url}/webchat/token`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" })).json()) as { conversationId: string; token: string };
    const posted = await fetch(`${ctx.app.url}/v3/directline/conversations/${issued.conversationId}/activities`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${issued.token}` },
      body: JSON.stringify({ type: "message", text: "hva dekker kortet?" }),
    });
    expect(posted.status).toBe(200);
    const after = (await scrape()).text;
    const delta = (name: string, labels: Record<string, string>) => sample(after, name, labels) - sample(before, name, labels);
    // The post starts the conversation (the bot hears the user join) and then the message: two turns.
    expect(delta("fritidskort_turns_total", { channel: "webchat" })).toBe(2);
    expect(delta("fritidskort_turns_total", { channel: "sms" })).toBe(0);
    expect(delta("fritidskort_channel_request_duration_seconds_count", { channel: "webchat", status: "2xx" })).toBe(1);
  });

  it("a refused (unsigned) webhook is timed as a 4xx and runs no turn", async () => {
    const before = (await scrape()).text;
    const response = await fetch(`${ctx.app.url}/api/sms`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ MessageSid: newMessageSid(), From: "+4791235002", To: FROM_NUMBER, Body: "Hei" }).toString(),
    });
    expect(response.status).toBe(403);
    const after = (await scrape()).text;
    expect(sample(after, "fritidskort_channel_request_duration_seconds_count", { channel: "sms", status: "4xx" }) - sample(before, "fritidskort_channel_request_duration_seconds_count", { channel: "sms", status: "4xx" })).toBe(1);
    expect(sample(after, "fritidskort_turns_total", { channel: "sms" })).toBe(sample(before, "fritidskort_turns_total", { channel: "sms" }));
  });

  it("the outbox gauge reads the waiting messages at scrape time; sends and failures are counted per channel", async () => {
    const depth = async () => sample((await scrape()).text, "fritidskort_outbox_depth", { channel: "sms", status: "pending" });
    const start = await depth();
    // Two messages due tomorrow: waiting, not sent.
    const later = new Date(ctx.clock.now().getTime() + 24 * 3_600_000);
    const ids = await queueSms(ctx.app.db!, { to: "+4791235003", texts: ["Første.", "Andre."], now: later });
    expect(await depth()).toBe(start + 2);
    await ctx.app.db!.prisma.outboxMessage.deleteMany({ where: { id: { in: ids } } });
    expect(await depth()).toBe(start);

    // One accepted by Twilio, one refused for good (a 400).
    const counted = async () => {
      const text = (await scrape()).text;
      return { sent: sample(text, "fritidskort_outbox_sends_total", { channel: "sms", outcome: "sent" }), failed: sample(text, "fritidskort_outbox_sends_total", { channel: "sms", outcome: "failed" }) };
    };
    const before = await counted();
    nock(TWILIO_API)
      .post(MESSAGES_PATH)
      .twice()
      .reply(async (request: Request) => {
        const form = await formOf(request);
        return form.To === "+4791235004" ? [201, twilioMessage({ to: form.To!, body: form.Body! })] : [400, { code: 21211, message: "The 'To' number is not a valid phone number.", status: 400 }];
      });
    const [sent] = await queueSms(ctx.app.db!, { to: "+4791235004", texts: ["Hei."], now: ctx.clock.now() });
    const [refused] = await queueSms(ctx.app.db!, { to: "+4791235005", texts: ["Hei."], now: ctx.clock.now() });
    ctx.app.channels.outbox!.wake();
    await eventually("both messages to be done", async () => (await ctx.app.db!.prisma.outboxMessage.count({ where: { id: { in: [sent!, refused!] }, status: { in: ["SENT", "FAILED"] } } })) === 2);
    expect(await counted()).toEqual({ sent: before.sent + 1, failed: before.failed + 1 });
  });

  it("database pool waits: work queued for a connection shows at scrape time (PGlite: behind its one connection)", async () => {
    const db = ctx.app.db!;
    const idle = (await scrape()).text;
    expect(sample(idle, "fritidskort_db_pool_waiting")).toBe(0);
    expect(sample(idle, "fritidskort_db_pool_connections", { state: "total" })).toBeGreaterThanOrEqual(1);
    // A transaction held open across an await (as an interactive transaction is), and two statements
    // meanwhile: PGlite's one connection makes them wait; a pg pool of 10 runs them beside it.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let inside!: () => void;
    const begun = new Promise<void>((resolve) => (inside = resolve));
    const transaction = db.rawTransaction(async (sql) => {
      await sql.query("SELECT 1");
      inside();
      await held;
    });
    await begun;
    const queued = [db.sql("SELECT 1"), db.sql("SELECT 2")];
    const busy = (await scrape()).text;
    release();
    await Promise.all([transaction, ...queued]);
    expect(sample(busy, "fritidskort_db_pool_waiting")).toBe(db.kind === "pglite" ? 2 : 0);
    if (db.kind === "postgresql") expect(sample(busy, "fritidskort_db_pool_connections", { state: "total" })).toBeGreaterThanOrEqual(2);
    expect(sample((await scrape()).text, "fritidskort_db_pool_waiting")).toBe(0);
  });

  it("a job run is counted by job and outcome, and the ledger operations it makes by kind", async () => {
    const prisma = ctx.app.db!.prisma;
    const municipality = await prisma.municipality.findFirstOrThrow({ where: { number: "3301" } });
    await createPerson(prisma, municipality.id, { givenName: "Jobb", birthDate: "2015-03-03" });
    const before = (await scrape()).text;
    const outcome = await ctx.app.jobs!.runNow("allocate");
    expect(outcome.status).toBe("SUCCEEDED");
    const after = (await scrape()).text;
    const delta = (name: string, labels: Record<string, string>) => sample(after, name, labels) - sample(before, name, labels);
    expect(delta("fritidskort_job_runs_total", { job: "allocate", outcome: "succeeded" })).toBe(1);
    expect(delta("fritidskort_job_duration_seconds_count", { job: "allocate" })).toBe(1);
    // The child's allocation: one transfer that moved money, counted in this app's registry through the job's context.
    expect(delta("fritidskort_ledger_operations_total", { kind: "ALLOCATION", outcome: "created" })).toBe(1);

    // Run again (a minute later: a manual run's slot is its time): the allocation exists, nothing moves (idempotent), and nothing is counted as created.
    ctx.clock.advance(60_000);
    expect((await ctx.app.jobs!.runNow("allocate")).status).toBe("SUCCEEDED");
    const again = (await scrape()).text;
    expect(sample(again, "fritidskort_ledger_operations_total", { kind: "ALLOCATION", outcome: "created" })).toBe(sample(after, "fritidskort_ledger_operations_total", { kind: "ALLOCATION", outcome: "created" }));
    expect(sample(again, "fritidskort_job_runs_total", { job: "allocate", outcome: "succeeded" })).toBe(sample(after, "fritidskort_job_runs_total", { job: "allocate", outcome: "succeeded" }) + 1);
  });
});

describe("who may read /metrics", () => {
  it("this machine without a token; through a proxy only with METRICS_TOKEN (401 otherwise)", async () => {
    expect((await scrape()).status).toBe(200);
    // A reverse proxy on this host connects from loopback too, but adds X-Forwarded-For: that is not this machine asking.
    const proxied = await scrape({ "x-forwarded-for": "203.0.113.7" });
    expect(proxied.status).toBe(401);
    expect(proxied.authenticate).toBe('Bearer realm="metrics"');
    expect(proxied.text).not.toContain("fritidskort_");
    expect((await scrape({ forwarded: "for=203.0.113.7", authorization: "Bearer wrong-token-0123456789abcdef" })).status).toBe(401);
    const scraper = await scrape({ "x-forwarded-for": "203.0.113.7", authorization: `Bearer ${METRICS_TOKEN}` });
    expect(scraper.status).toBe(200);
    expect(scraper.text).toContain("fritidskort_turns_total");
  });

  it("without METRICS_TOKEN, /metrics does not exist for anyone but this machine (404)", async () => {
    const server = restify.createServer({ handleUncaughtExceptions: false });
    registerMetricsRoute(server, { metrics: new Metrics({ defaultMetrics: false }), token: undefined });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
      expect((await fetch(url)).status).toBe(200);
      expect((await fetch(url, { headers: { "x-forwarded-for": "203.0.113.7" } })).status).toBe(404);
      expect((await fetch(url, { headers: { "x-forwarded-for": "203.0.113.7", authorization: `Bearer ${METRICS_TOKEN}` } })).status).toBe(404);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it("labels a turn by its channel: Teams (and the Emulator in development) as teams", () => {
    expect(["sms", "webchat", "msteams", "emulator", "directline", undefined].map(channelLabel)).toEqual(["sms", "webchat", "teams", "teams", "other", "other"]);
  });

  it("decides by the socket's peer, never by a header a client can set", () => {
    const request = (remoteAddress: string, headers: Record<string, string> = {}) => ({ socket: { remoteAddress }, header: (name: string) => headers[name] }) as unknown as restifyTypes.Request;
    expect(metricsAccess(request("127.0.0.1"), undefined)).toBe("allowed");
    expect(metricsAccess(request("::1"), undefined)).toBe("allowed");
    expect(metricsAccess(request("10.0.0.5"), undefined)).toBe("not-offered");
    expect(metricsAccess(request("10.0.0.5", { "x-real-ip": "127.0.0.1" }), undefined)).toBe("not-offered");
    expect(metricsAccess(request("10.0.0.5"), METRICS_TOKEN)).toBe("needs-token");
    expect(metricsAccess(request("10.0.0.5", { authorization: `Bearer ${METRICS_TOKEN}x` }), METRICS_TOKEN)).toBe("bad-token");
    expect(metricsAccess(request("10.0.0.5", { authorization: `bearer ${METRICS_TOKEN}` }), METRICS_TOKEN)).toBe("allowed");
  });
});
