import { Writable } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, deliverSms, inboundSms } from "../support/twilio-api.ts";
import { useApp } from "./channels/support/app.ts";
import { createLogger } from "../../services/logger.ts";

/**
 * A request id per turn in every log line (docs/observability.md): the id is made at the edge,
 * answered in X-Request-Id, and carried through the turn (the SMS webhook, botbuilder's middleware,
 * the bot's database work, the app's turn-error handler) to every line logged for it.
 */
const PUBLIC_BASE_URL = "https://fritidskort.example.no";
type Line = Record<string, unknown> & { msg: string };
const lines: Line[] = [];
const capture = new Writable({
  write(chunk, _encoding, done) {
    for (const line of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(line) as Line);
    done();
  },
});
const logger = createLogger("debug", capture);
const ctx = useApp({ PUBLIC_BASE_URL, TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: AUTH_TOKEN, TWILIO_FROM_NUMBER: FROM_NUMBER, SMS_SENDER_MAX_MESSAGES: "2" }, { logger });

async function textSigned(from: string, body: string) {
  const form = inboundSms(from, body);
  const response = await deliverSms(ctx.app.url, PUBLIC_BASE_URL, form);
  expect(response.status).toBe(200);
  return { requestId: response.headers.get("x-request-id"), sid: form.MessageSid };
}

/** The lines the test's turn middleware wrote for this message, and the webhook's lines naming it. */
const linesOf = (sid: string) => lines.filter((line) => line.sid === sid || line.messageSid === sid);

beforeAll(async () => {
  // Code in the turn that logs, as a dialog or a service would: before the bot, after it, and a failure after it for "boom".
  ctx.app.channels.smsAdapter.use({
    async onTurn(context, next) {
      const sid = context.activity.id;
      logger.info({ sid }, "turn middleware: before the bot");
      await next();
      logger.info({ sid }, "turn middleware: after the bot");
      if (context.activity.text === "boom") throw new Error(`a failure in the turn (${sid})`);
    },
  });
  // The first message waits for the NLU to train; not the one measured.
  await textSigned("+4791236000", "hei");
}, 90_000);

describe("a request id per turn in every log line", () => {
  it("every line of an SMS turn carries the request id its response's X-Request-Id names", async () => {
    const start = lines.length;
    const { requestId, sid } = await textSigned("+4791236001", "hva dekker kortet?");
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const turn = lines.slice(start);
    expect(turn.map((line) => line.msg)).toEqual(["turn middleware: before the bot", "turn ended", "turn middleware: after the bot"]);
    expect(linesOf(sid).length).toBe(2);
    for (const line of turn) expect(line.requestId, line.msg).toBe(requestId);
    // The per-turn debug line says which channel and how long, nothing about the person.
    expect(turn[1]).toMatchObject({ channel: "sms", type: "message", requestId });
    expect(JSON.stringify(turn)).not.toContain("4791236001");
  });

  it("a failing turn's error line (the app's turn-error handler) carries the id too", async () => {
    const start = lines.length;
    const { requestId } = await textSigned("+4791236002", "boom");
    const turn = lines.slice(start);
    expect(turn.map((line) => line.msg)).toEqual(["turn middleware: before the bot", "turn ended", "turn middleware: after the bot", "turn failed"]);
    for (const line of turn) expect(line.requestId, line.msg).toBe(requestId);
  });

  it("lines of the webhook itself (a sender over the limit) carry the request's id", async () => {
    await textSigned("+4791236003", "hei");
    await textSigned("+4791236003", "hei igjen");
    const start = lines.length;
    const { requestId, sid } = await textSigned("+4791236003", "og igjen");
    expect(lines.slice(start)).toEqual([expect.objectContaining({ msg: "sms sender over the limit: one notice, then silence until the window ends", messageSid: sid, requestId })]);
  });

  it("concurrent turns keep their own ids", async () => {
    const start = lines.length;
    const answers = await Promise.all(["+4791236011", "+4791236012", "+4791236013", "+4791236014"].map((phone) => textSigned(phone, "hva dekker kortet?")));
    const ids = answers.map((answer) => answer.requestId);
    expect(new Set(ids).size).toBe(4);
    for (const { sid, requestId } of answers) {
      // Each turn's lines (found by its message) carry its own id, never another turn's.
      expect(linesOf(sid).map((line) => line.requestId)).toEqual([requestId, requestId]);
    }
    const turnLines = lines.slice(start);
    expect(turnLines.length).toBe(12);
    for (const line of turnLines) expect(ids).toContain(line.requestId);
  });

  it("every response carries an X-Request-Id, and a line logged outside any request has none", async () => {
    const health = await fetch(`${ctx.app.url}/healthz`);
    expect(health.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const unknown = await fetch(`${ctx.app.url}/no-such-route`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(unknown.headers.get("x-request-id")).not.toBe(health.headers.get("x-request-id"));
    const start = lines.length;
    logger.info("outside any request");
    expect(lines.slice(start)).toEqual([expect.not.objectContaining({ requestId: expect.anything() })]);
  });
});
