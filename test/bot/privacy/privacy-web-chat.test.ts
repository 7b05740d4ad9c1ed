import type { DirectLine } from "botframework-directlinejs";
import { afterEach, describe, expect, it } from "vitest";
import { useApp } from "../channels/support/app.ts";
import { collect, directLineClient, post } from "../channels/support/directline-client.ts";
import { createFamily } from "../../support/fixtures.ts";

const ctx = useApp({ TOKEN_SECRET: "token-signing-secret-of-this-test-0123456789" });

const clients: { directLine: DirectLine; stop(): void }[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) {
    client.stop();
    client.directLine.end();
  }
});
const replyTo = (activity: object) => (activity as { replyToId?: string }).replyToId;

async function webChat() {
  const response = await fetch(`${ctx.app.url}/webchat/token`, {
    method: "POST",
    headers: { "content-type": "application/json", "sec-fetch-site": "same-origin", origin: ctx.app.url },
    body: "{}",
  });
  const issued = (await response.json()) as { conversationId: string; token: string; user: { id: string } };
  const directLine = directLineClient({ domain: `${ctx.app.url}/v3/directline`, token: issued.token, webSocket: false, locale: "nb-NO" });
  const seen = collect(directLine);
  clients.push({ directLine, stop: seen.stop });
  return {
    issued,
    async ask(text: string): Promise<string> {
      const id = await post(directLine, { type: "message", text, from: { id: "ignored" }, locale: "nb-NO" });
      const activities = await seen.until((all) => all.some((activity) => activity.from.role === "bot" && replyTo(activity) === id));
      return activities.filter((a) => a.from.role === "bot" && replyTo(a) === id).map((a) => ("text" in a ? a.text : "")).join("\n");
    },
  };
}

describe("delete my data in web chat", () => {
  it("the reply still arrives; the transcript before it, the identity and the bot's state are gone; the next balance question gets a login link", async () => {
    const db = ctx.app.db!;
    const municipality = await db.prisma.municipality.findFirstOrThrow();
    const { guardian } = await createFamily(db.prisma, municipality.id, ["2016-04-04"]);
    const chat = await webChat();
    const asked = await chat.ask("saldo");
    const token = /\/dev\/login\?token=([\w-]+)/.exec(asked)![1]!;
    const login = await fetch(`${ctx.app.url}/dev/login`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ token, personId: guardian.id }).toString() });
    expect(login.status).toBe(200);
    expect(await chat.ask("saldo")).toContain("Barn1");

    expect(await chat.ask("slett dataene mine")).toContain("Svar JA eller NEI");
    expect(await chat.ask("ja")).toContain("Gjort: du er logget ut");
    // Only the reply itself is left of the transcript.
    const activities = await db.prisma.directLineActivity.findMany({ where: { conversationId: chat.issued.conversationId }, select: { activity: true } });
    expect(activities.map((a) => (a.activity as { text?: string }).text)).toEqual([expect.stringContaining("Gjort: du er logget ut")]);
    expect(await db.prisma.channelIdentity.count({ where: { OR: [{ personId: guardian.id }, { address: chat.issued.user.id }] } })).toBe(0);
    expect(await db.prisma.conversationState.count({ where: { key: { contains: chat.issued.conversationId } } })).toBe(0);
    expect(await db.prisma.conversationState.count({ where: { key: { contains: chat.issued.user.id } } })).toBe(0);

    const next = await chat.ask("saldo");
    expect(next).toContain("/dev/login?token=");
    expect(next).not.toContain("Barn1");
  }, 180_000);
});
