import { WebSocket } from "ws";
import { describe, expect, it } from "vitest";
import { useApp } from "../support/app.ts";

const DIRECT_LINE_SECRET = "direct-line-secret-of-the-limits-test-0123456789";
const ctx = useApp({
  DIRECT_LINE_SECRET,
  WEBCHAT_NEW_CONVERSATIONS_PER_MINUTE: "3",
  DIRECT_LINE_MAX_ACTIVITY_BYTES: "8192",
  DIRECT_LINE_MAX_RESPONSE_BYTES: "16384",
  DIRECT_LINE_MAX_STREAMS_PER_CONVERSATION: "2",
  DIRECT_LINE_IDLE_MINUTES: "60",
});

async function call(method: string, path: string, auth?: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${ctx.app.url}${path}`, {
    method,
    headers: { ...headers, ...(auth ? { authorization: `Bearer ${auth}` } : {}), ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, size: Buffer.byteLength(text), body: text ? JSON.parse(text) : undefined };
}

/** A started conversation, its token made with the secret (which no rate limit counts). */
async function conversation() {
  const { body } = await call("POST", "/v3/directline/tokens/generate", DIRECT_LINE_SECRET);
  await call("POST", "/v3/directline/conversations", body.token, { locale: "nb-NO" });
  return { conversationId: body.conversationId as string, token: body.token as string };
}

function openStream(conversationId: string, token: string): Promise<{ ws: WebSocket } | { refused: number }> {
  const ws = new WebSocket(`${ctx.app.url.replace("http", "ws")}/v3/directline/conversations/${conversationId}/stream?t=${encodeURIComponent(token)}`);
  return new Promise((resolve) => {
    ws.on("error", () => undefined); // a refused handshake ends in an error after unexpected-response
    ws.once("open", () => resolve({ ws }));
    ws.once("unexpected-response", (_req, res) => {
      resolve({ refused: res.statusCode ?? 0 });
      ws.terminate();
    });
  });
}

describe("anonymous web chat is bounded", () => {
  it("limits new conversations per client address (429 with Retry-After), for the page's token and tokens/generate alike", async () => {
    const client = { "x-forwarded-for": "203.0.113.7" }; // not trusted: TRUST_PROXY is off, the socket's address counts
    for (let i = 0; i < 3; i++) expect((await call("POST", "/webchat/token", undefined, undefined, client)).status).toBe(200);
    const refused = await call("POST", "/webchat/token");
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({ error: "TOO_MANY_REQUESTS", message: expect.stringMatching(/too many new conversations from this address; try again in \d+ s/) });
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await call("POST", "/v3/directline/tokens/generate")).body).toEqual({ error: { code: "TOO_MANY_REQUESTS", message: expect.any(String) } });
    // The secret's holder (the municipality's own web server) is not limited.
    expect((await call("POST", "/v3/directline/tokens/generate", DIRECT_LINE_SECRET)).status).toBe(200);
    ctx.clock.advance(61_000);
    expect((await call("POST", "/webchat/token")).status).toBe(200);
  });

  it("refuses an activity over DIRECT_LINE_MAX_ACTIVITY_BYTES with 413, storing nothing", async () => {
    const { conversationId, token } = await conversation();
    const before = (await call("GET", `/v3/directline/conversations/${conversationId}/activities`, token)).body.watermark;
    const big = await call("POST", `/v3/directline/conversations/${conversationId}/activities`, token, { type: "event", name: "big", value: "x".repeat(9000) });
    expect(big.status).toBe(413);
    expect(big.body).toEqual({ error: { code: "PayloadTooLarge", message: "an activity may be at most 8192 bytes of JSON" } });
    expect((await call("GET", `/v3/directline/conversations/${conversationId}/activities`, token)).body.watermark).toBe(before);
  });

  it("pages GET activities by size; the watermark walks through all of them", async () => {
    const { conversationId, token } = await conversation();
    for (let i = 0; i < 8; i++) {
      expect((await call("POST", `/v3/directline/conversations/${conversationId}/activities`, token, { type: "event", name: `e${i}`, value: "v".repeat(5000) })).status).toBe(200);
    }
    const names: string[] = [];
    let watermark = "";
    for (let pages = 0; pages < 20; pages++) {
      const page = await call("GET", `/v3/directline/conversations/${conversationId}/activities?watermark=${watermark}`, token);
      if (page.body.activities.length === 0) break;
      expect(page.size).toBeLessThanOrEqual(16384 + 200);
      names.push(...page.body.activities.filter((activity: { type: string }) => activity.type === "event").map((activity: { name: string }) => activity.name));
      watermark = page.body.watermark;
    }
    expect(names).toEqual(["e0", "e1", "e2", "e3", "e4", "e5", "e6", "e7"]);
  });

  it("allows DIRECT_LINE_MAX_STREAMS_PER_CONVERSATION streams on one conversation, refusing more with 429", async () => {
    const { conversationId, token } = await conversation();
    const first = await openStream(conversationId, token);
    const second = await openStream(conversationId, token);
    expect("ws" in first && "ws" in second).toBe(true);
    expect(await openStream(conversationId, token)).toEqual({ refused: 429 });
    // Closing one frees its place.
    const closed = new Promise((resolve) => (first as { ws: WebSocket }).ws.once("close", resolve));
    (first as { ws: WebSocket }).ws.close();
    await closed;
    await new Promise((resolve) => setTimeout(resolve, 50));
    const third = await openStream(conversationId, token);
    expect("ws" in third).toBe(true);
    for (const stream of [second, third]) (stream as { ws: WebSocket }).ws.terminate();
  });

  it("purges conversations idle for DIRECT_LINE_IDLE_MINUTES, with their activities and bot state, by the service's clock", async () => {
    const idle = await conversation();
    const prisma = ctx.app.db!.prisma;
    const stateKey = `webchat/conversations/${idle.conversationId}/`;
    await call("POST", `/v3/directline/conversations/${idle.conversationId}/activities`, idle.token, { type: "message", text: "hei", locale: "nb-NO" });
    const userKey = `webchat/users/${JSON.parse(Buffer.from(idle.token.split(".")[1]!, "base64url").toString("utf8")).user}/`;
    expect(await prisma.conversationState.count({ where: { key: { in: [stateKey, userKey] } } })).toBe(2);
    ctx.clock.advance(59 * 60_000);
    const active = await conversation();
    await call("POST", `/v3/directline/conversations/${idle.conversationId}/activities`, DIRECT_LINE_SECRET, { type: "event", name: "still-here" });
    ctx.clock.advance(59 * 60_000);
    // Nothing idle for a full hour yet: the first was written to 59 minutes ago.
    await ctx.app.channels.purgeIdleConversations();
    expect(await prisma.directLineConversation.count({ where: { id: { in: [idle.conversationId, active.conversationId] } } })).toBe(2);
    ctx.clock.advance(2 * 60_000);
    expect(await ctx.app.channels.purgeIdleConversations()).toBeGreaterThanOrEqual(1);
    expect((await call("GET", `/v3/directline/conversations/${idle.conversationId}/activities`, DIRECT_LINE_SECRET)).status).toBe(404);
    expect(await prisma.directLineActivity.count({ where: { conversationId: idle.conversationId } })).toBe(0);
    expect(await prisma.conversationState.count({ where: { key: { in: [stateKey, userKey] } } })).toBe(0);
    // The other one was started 61 minutes ago and said nothing since: idle too, by then.
    expect(await prisma.directLineConversation.count({ where: { id: active.conversationId } })).toBe(0);
  });
});
