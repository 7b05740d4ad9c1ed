import type { DirectLine } from "botframework-directlinejs";
import { afterEach, describe, expect, it } from "vitest";
import { useApp } from "../support/app.ts";
import { collect, directLineClient, post } from "../support/directline-client.ts";
import { createFamily } from "../../../support/fixtures.ts";

const ctx = useApp({ TOKEN_SECRET: "token-signing-secret-of-this-test-0123456789" });

interface Issued {
  conversationId: string;
  token: string;
  user: { id: string; proof: string };
}

/** What the page does on load and on a language switch: ask our token server, with the user it kept. */
async function pageToken(user?: { id: string; proof: string }): Promise<Issued> {
  const response = await fetch(`${ctx.app.url}/webchat/token`, {
    method: "POST",
    headers: { "content-type": "application/json", "sec-fetch-site": "same-origin", origin: ctx.app.url },
    body: JSON.stringify(user ? { user } : {}),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Issued;
}

const clients: { directLine: DirectLine; stop(): void }[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) {
    client.stop();
    client.directLine.end();
  }
});
const replyTo = (activity: object) => (activity as { replyToId?: string }).replyToId;

/** A conversation over the real Direct Line protocol (the official client); `ask` waits for the bot's answer. */
function chat(issued: Issued, locale = "nb-NO") {
  const directLine = directLineClient({ domain: `${ctx.app.url}/v3/directline`, token: issued.token, webSocket: false, locale });
  const seen = collect(directLine);
  clients.push({ directLine, stop: seen.stop });
  return {
    async ask(text: string): Promise<string> {
      const id = await post(directLine, { type: "message", text, from: { id: "ignored" }, locale });
      const activities = await seen.until((all) => all.some((activity) => activity.from.role === "bot" && replyTo(activity) === id));
      return activities
        .filter((activity) => activity.from.role === "bot" && replyTo(activity) === id)
        .map((activity) => ("text" in activity ? activity.text : ""))
        .join("\n");
    },
    userId: () => seen.activities.find((activity) => activity.from.role === "user")?.from.id,
  };
}

async function logInAs(reply: string, personId: string) {
  const token = /\/dev\/login\?token=([\w-]+)/.exec(reply)?.[1];
  expect(token, reply).toBeDefined();
  const response = await fetch(`${ctx.app.url}/dev/login`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ token: token!, personId }).toString(),
  });
  expect(response.status).toBe(200);
}

describe("the web chat keeps its user across a reload and a language switch", () => {
  it("a logged-in parent stays logged in: the page presents its user with the server's proof", async () => {
    const db = ctx.app.db!;
    const municipality = await db.prisma.municipality.findFirstOrThrow();
    const { guardian } = await createFamily(db.prisma, municipality.id, ["2016-04-04"]);

    const first = await pageToken();
    expect(first.user).toEqual({ id: expect.stringMatching(/^dl_/), proof: expect.stringMatching(/^v1\./) });
    const before = chat(first);
    const asked = await before.ask("saldo");
    expect(asked).toContain("/dev/login?token=");
    await logInAs(asked, guardian.id);
    expect(before.userId()).toBe(first.user.id);

    // Reload: a new conversation, the same user — still logged in.
    const reloaded = await pageToken(first.user);
    expect(reloaded.conversationId).not.toBe(first.conversationId);
    expect(reloaded.user.id).toBe(first.user.id);
    const again = await chat(reloaded).ask("saldo");
    expect(again).not.toContain("/dev/login");
    expect(again).toContain("Barn1");

    // Language switch: the page asks again with the user it kept (the renewed proof).
    const english = chat(await pageToken(reloaded.user), "en-US");
    const answer = await english.ask("how much is left on the card");
    expect(answer).not.toContain("/dev/login");
    expect(answer).toContain("Barn1");
    expect(english.userId()).toBe(first.user.id);

    const identities = await db.prisma.channelIdentity.findMany({ where: { channel: "WEBCHAT", personId: guardian.id } });
    expect(identities.map((identity) => identity.address)).toEqual([first.user.id]);
  });

  it.each([
    ["an id without a proof", (user: Issued["user"]) => ({ id: user.id, proof: "" })],
    ["an id with another user's proof", (user: Issued["user"], other: Issued["user"]) => ({ id: user.id, proof: other.proof })],
    ["a proof with its expiry changed", (user: Issued["user"]) => ({ id: user.id, proof: user.proof.replace(/^v1\.(\d+)\./, (_m, exp: string) => `v1.${Number(exp) + 86_400}.`) })],
    ["a made-up id", () => ({ id: "dl_chosen-by-the-page", proof: "v1.9999999999.forged" })],
  ])("never trusts %s from the page: a new user instead", async (_case, present) => {
    const victim = (await pageToken()).user;
    const other = (await pageToken()).user;
    const issued = await pageToken(present(victim, other));
    expect(issued.user.id).not.toBe(victim.id);
    expect(issued.user.id).not.toBe("dl_chosen-by-the-page");
    const claims = JSON.parse(Buffer.from(issued.token.split(".")[1]!, "base64url").toString("utf8"));
    expect(claims.user).toBe(issued.user.id);
  });
});
