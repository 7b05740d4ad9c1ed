import { WebSocket } from "ws";
import { describe, expect, it } from "vitest";
import { useApp } from "../support/app.ts";
import { collect, directLineClient, post } from "../support/directline-client.ts";
import { DirectLineTokens, TOKEN_LIFETIME_SECONDS } from "../../../../bot/channels/directline/tokens.ts";
import { testClock } from "../../../support/clock.ts";

const TOKEN_SECRET = "token-signing-secret-of-this-test-0123456789";
const DIRECT_LINE_SECRET = "direct-line-secret-of-this-test-0123456789";
const ctx = useApp({ TOKEN_SECRET, DIRECT_LINE_SECRET });

const base = () => `${ctx.app.url}/v3/directline`;

async function call(method: string, path: string, auth?: string, body?: unknown) {
  const response = await fetch(`${base()}${path}`, {
    method,
    headers: { ...(auth ? { authorization: `Bearer ${auth}` } : {}), ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

async function newConversation(locale = "nb-NO") {
  const generated = await call("POST", "/tokens/generate");
  const started = await call("POST", "/conversations", generated.body.token, { locale });
  return { conversationId: generated.body.conversationId as string, token: generated.body.token as string, started };
}

const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString("utf8"));

describe("Direct Line 3.0", () => {
  it("generates a token for a new conversation (open in development)", async () => {
    const { status, body } = await call("POST", "/tokens/generate");
    expect(status).toBe(200);
    expect(body).toEqual({ conversationId: expect.stringMatching(/^[\w-]{20,}$/), token: expect.any(String), expires_in: TOKEN_LIFETIME_SECONDS });
    // A JWT whose user claim the official clients read; bound to the conversation.
    expect(claimsOf(body.token)).toMatchObject({ conv: body.conversationId, user: expect.stringMatching(/^dl_/) });
  });

  it("starts the conversation (the bot hears the user join), then posts and reads by watermark", async () => {
    const { conversationId, token, started } = await newConversation("en-US");
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ conversationId, token, streamUrl: expect.stringMatching(new RegExp(`^ws://.+/v3/directline/conversations/${conversationId}/stream\\?watermark=-&t=`)) });

    // Whatever the bot said on joining (its greeting), it said as the bot, in the client's locale.
    const greeting = await call("GET", `/conversations/${conversationId}/activities`, token);
    expect(greeting.status).toBe(200);
    const joined = Number(greeting.body.watermark);
    expect(greeting.body.activities).toHaveLength(joined);
    for (const activity of greeting.body.activities) expect(activity).toMatchObject({ from: { role: "bot" }, locale: "en-US", channelId: "webchat" });

    const posted = await call("POST", `/conversations/${conversationId}/activities`, token, { type: "message", text: "hello", locale: "en-US", from: { id: "someone-else", name: "Kari" }, channelData: { clientActivityID: "c-1" } });
    const id = `${conversationId}|${String(joined + 1).padStart(7, "0")}`;
    expect(posted).toEqual({ status: 200, body: { id } });

    const after = await call("GET", `/conversations/${conversationId}/activities?watermark=${joined}`, token);
    const [echo, ...replies] = after.body.activities;
    // The user's own message comes back (Web Chat matches it by clientActivityID), as the token's user.
    expect(echo).toMatchObject({ id, text: "hello", from: { id: claimsOf(token).user, name: "Kari", role: "user" }, channelData: { clientActivityID: "c-1" } });
    expect(replies.length).toBeGreaterThan(0);
    for (const reply of replies) expect(reply).toMatchObject({ replyToId: id, from: { role: "bot" } });
    expect(after.body.watermark).toBe(String(joined + 1 + replies.length));

    const nothingNew = await call("GET", `/conversations/${conversationId}/activities?watermark=${after.body.watermark}`, token);
    expect(nothingNew.body).toEqual({ activities: [], watermark: after.body.watermark });

    // Starting again with the same token resumes it: the bot does not hear the user join twice.
    const again = await call("POST", "/conversations", token, { locale: "en-US" });
    expect(again.status).toBe(200);
    expect((await call("GET", `/conversations/${conversationId}/activities?watermark=${after.body.watermark}`, token)).body.activities).toEqual([]);
  });

  it("numbers concurrent activities of one conversation without gaps or duplicates", async () => {
    const { conversationId, token } = await newConversation();
    const ids = await Promise.all(Array.from({ length: 8 }, (_, i) => call("POST", `/conversations/${conversationId}/activities`, token, { type: "event", name: `ping-${i}` })));
    const all = (await call("GET", `/conversations/${conversationId}/activities`, token)).body.activities as { id: string }[];
    expect(new Set(ids.map((r) => r.body.id)).size).toBe(8);
    expect(all.map((a) => Number(a.id.split("|")[1]))).toEqual(all.map((_, i) => i + 1));
  });

  describe("tokens", () => {
    it("a token from one conversation cannot read or write another", async () => {
      const a = await newConversation();
      const b = await newConversation();
      expect((await call("GET", `/conversations/${b.conversationId}/activities`, a.token)).status).toBe(403);
      expect((await call("POST", `/conversations/${b.conversationId}/activities`, a.token, { type: "message", text: "hei" })).status).toBe(403);
      expect((await call("GET", `/conversations/${b.conversationId}`, a.token)).status).toBe(403);
      expect((await call("GET", `/conversations/${a.conversationId}/activities`, a.token)).status).toBe(200);
    });

    it("a token whose claims were changed, or that we did not sign, is refused", async () => {
      const a = await newConversation();
      const b = await newConversation();
      const [header, , signature] = a.token.split(".");
      const claims = { ...claimsOf(a.token), conv: b.conversationId };
      const forged = `${header}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.${signature}`;
      expect((await call("GET", `/conversations/${b.conversationId}/activities`, forged)).status).toBe(403);
      const foreign = new DirectLineTokens(Buffer.from("another-servers-key-0123456789abcdef"), testClock()).issue(b.conversationId, "dl_x").token;
      expect((await call("GET", `/conversations/${b.conversationId}/activities`, foreign)).status).toBe(403);
    });

    it("an expired token is refused (and cannot be refreshed); a live one refreshes", async () => {
      const { conversationId, token } = await newConversation();
      // Issued one lifetime and a second before the service's clock (the test day's noon).
      const issuer = testClock();
      issuer.advance(-(TOKEN_LIFETIME_SECONDS + 1) * 1000);
      const expired = new DirectLineTokens(Buffer.from(TOKEN_SECRET), issuer).issue(conversationId, claimsOf(token).user).token;
      const refused = await call("GET", `/conversations/${conversationId}/activities`, expired);
      expect(refused).toEqual({ status: 403, body: { error: { code: "TokenExpired", message: expect.any(String) } } });
      expect((await call("POST", "/tokens/refresh", expired)).status).toBe(403);

      const refreshed = await call("POST", "/tokens/refresh", token);
      expect(refreshed.status).toBe(200);
      expect(refreshed.body).toMatchObject({ conversationId, expires_in: TOKEN_LIFETIME_SECONDS });
      expect(claimsOf(refreshed.body.token)).toMatchObject({ conv: conversationId, user: claimsOf(token).user });
      expect((await call("GET", `/conversations/${conversationId}/activities`, refreshed.body.token)).status).toBe(200);
    });

    it("no Authorization is 401; the secret opens any conversation and may choose the user", async () => {
      const { conversationId } = await newConversation();
      expect((await call("GET", `/conversations/${conversationId}/activities`)).status).toBe(401);
      expect((await call("GET", `/conversations/${conversationId}/activities`, DIRECT_LINE_SECRET)).status).toBe(200);

      expect((await call("POST", "/tokens/generate", undefined, { user: { id: "dl_kari" } })).status).toBe(403);
      const chosen = await call("POST", "/tokens/generate", DIRECT_LINE_SECRET, { user: { id: "dl_kari" } });
      expect(claimsOf(chosen.body.token).user).toBe("dl_kari");

      const bySecret = await call("POST", "/conversations", DIRECT_LINE_SECRET, { user: { id: "dl_service" } });
      expect(bySecret.status).toBe(201);
      expect(claimsOf(bySecret.body.token)).toMatchObject({ conv: bySecret.body.conversationId, user: "dl_service" });
      expect((await call("GET", "/conversations/no-such-conversation/activities", DIRECT_LINE_SECRET)).status).toBe(404);
    });
  });

  it.each([
    ["a watermark that is not ours", "GET", "/activities?watermark=abc", undefined, /watermark/],
    ["an activity type we do not take", "POST", "/activities", { type: "invoke", name: "x" }, /type must be message, event or typing/],
    ["a text over 4000 characters", "POST", "/activities", { type: "message", text: "x".repeat(4001) }, /text must be at most 4000/],
  ])("answers 400 BadArgument for %s", async (_case, method, path, body, reason) => {
    const { conversationId, token } = await newConversation();
    const answer = await call(method, `/conversations/${conversationId}${path}`, token, body);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toEqual({ code: "BadArgument", message: expect.stringMatching(reason) });
  });

  describe("botframework-directlinejs, the official client,", () => {
    it.each([
      ["polling", false],
      ["the WebSocket stream", true],
    ])("holds a conversation over %s", async (_mode, webSocket) => {
      const { body } = await call("POST", "/tokens/generate");
      const client = directLineClient({ domain: base(), token: body.token, webSocket, locale: "nb-NO" });
      const seen = collect(client);
      try {
        const id = await post(client, { type: "message", from: { id: "ignored" }, text: "Hei!", locale: "nb-NO" });
        expect(id).toMatch(new RegExp(`^${body.conversationId}\\|\\d{7}$`));
        const replyTo = (activity: object) => (activity as { replyToId?: string }).replyToId;
        const activities = await seen.until((list) => list.some((a) => a.type === "message" && replyTo(a) === id));
        const reply = activities.find((a) => replyTo(a) === id)!;
        expect(reply).toMatchObject({ type: "message", from: { role: "bot" }, text: expect.any(String) });
        // Everything arrived once: the greeting, our message, the reply. Not necessarily in that
        // order: the client emits each pushed group on an async scheduler, so two pushes close
        // together can interleave. Each carries its place, which Web Chat sorts its transcript by.
        const seqs = activities.map((a) => Number(a.id!.split("|")[1]));
        expect([...seqs].sort((a, b) => a - b)).toEqual(seqs.map((_, i) => i + 1));
        for (const [i, activity] of activities.entries()) expect(activity.channelData).toMatchObject({ "webchat:sequence-id": seqs[i] });
        expect(activities.find((a) => a.id === id)).toMatchObject({ text: "Hei!", from: { id: claimsOf(body.token).user } });
      } finally {
        seen.stop();
        client.end();
      }
    });
  });

  it("the stream refuses a token of another conversation", async () => {
    const a = await newConversation();
    const b = await newConversation();
    const streamUrl = `${ctx.app.url.replace(/^http/, "ws")}/v3/directline/conversations/${b.conversationId}/stream?watermark=-&t=${encodeURIComponent(a.token)}`;
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(streamUrl);
      ws.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
      ws.on("open", () => resolve(101));
      ws.on("error", () => undefined);
    });
    expect(status).toBe(403);
  });
});

describe("in production", () => {
  it("tokens come only with the Direct Line secret, and the SMS simulator is not there", async () => {
    const app = await ctx.restart({ TOKEN_SECRET, DIRECT_LINE_SECRET }, (config) => ({ ...config, env: "production" }));
    const generate = (auth?: string) => fetch(`${app.url}/v3/directline/tokens/generate`, { method: "POST", headers: auth ? { authorization: `Bearer ${auth}` } : {} });
    expect((await generate()).status).toBe(401);
    const { token } = (await (await generate(DIRECT_LINE_SECRET)).json()) as { token: string };
    expect(token).toEqual(expect.any(String));
    expect((await generate(token)).status).toBe(403);
    expect((await generate("not-the-secret")).status).toBe(403);

    expect((await fetch(`${app.url}/dev/sms`)).status).toBe(404);
    expect((await fetch(`${app.url}/dev/sms/messages?to=%2B4799995001`)).status).toBe(404);
    expect((await fetch(`${app.url}/dev/sms/send`, { method: "POST" })).status).toBe(404);
    expect((await fetch(`${app.url}/`)).status).toBe(200);
  });
});
