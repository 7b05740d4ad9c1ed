import { randomBytes } from "node:crypto";
import nock from "nock";
import { startIdPorten } from "../../support/idporten.ts";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { logger, useApp } from "../channels/support/app.ts";
import { createFamily } from "../../support/fixtures.ts";

const provider = await startIdPorten();

const REGISTER = "https://folkeregister.test";
const REGISTER_KEY = "register-api-key-0123456789";
const CLIENT_ID = "fritidskort-test-client";

const ctx = useApp({
  IDPORTEN_ISSUER: provider.issuer.url!,
  IDPORTEN_CLIENT_ID: CLIENT_ID,
  IDPORTEN_CLIENT_SECRET: "idporten-client-secret-0123456789",
  POPULATION_REGISTER_URL: REGISTER,
  POPULATION_REGISTER_API_KEY: REGISTER_KEY,
});

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
});
afterEach(() => {
  provider.service.removeAllListeners();
  nock.cleanAll();
  vi.restoreAllMocks();
});
afterAll(() => nock.enableNetConnect());

let nextPhone = 1;
let nextPid = 10;

/** A parent the municipality knows (with the register's reference), writing from a new phone. */
async function parent() {
  const db = ctx.app.db!;
  const municipality = await db.prisma.municipality.findFirstOrThrow();
  const { guardian } = await createFamily(db.prisma, municipality.id, ["2015-03-03"]);
  const registryRef = `ref-${guardian.id}`;
  await db.prisma.person.update({ where: { id: guardian.id }, data: { registryRef } });
  const pid = `0101851${String(nextPid++).padStart(4, "0")}`;
  return { guardian, registryRef, pid, phone: `+479999${String(7000 + nextPhone++)}` };
}

/** A text message through the SMS webhook (unsigned: development); the TwiML answer's text. */
async function sms(from: string, body: string): Promise<string> {
  const response = await fetch(`${ctx.app.url}/api/sms`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ MessageSid: `SM${randomBytes(16).toString("hex")}`, From: from, To: "+4759440000", Body: body }).toString(),
  });
  return (await response.text()).replace(/&amp;/g, "&");
}

/** The login link the chat gives an unverified family, on this server. */
async function loginLink(phone: string, question = "saldo"): Promise<URL> {
  const reply = await sms(phone, question);
  const link = /(https?:\/\/\S+?\/auth\/idporten\?token=[\w-]+)/.exec(reply)?.[1];
  expect(link, reply).toBeDefined();
  const url = new URL(link!);
  return new URL(`${url.pathname}${url.search}`, ctx.app.url);
}

/** Opens the link: our 302 to ID-porten and the login cookie. */
async function startLogin(link: URL) {
  const response = await fetch(link, { redirect: "manual" });
  expect(response.status).toBe(302);
  const cookie = response.headers.get("set-cookie")!;
  return { authorize: new URL(response.headers.get("location")!), cookie, cookiePair: cookie.split(";")[0]! };
}

/** The browser at ID-porten: logs in (at once) and is sent back; the callback on this server. */
async function atIdPorten(authorize: URL): Promise<URL> {
  const response = await fetch(authorize, { redirect: "manual" });
  expect(response.status).toBe(302);
  const back = new URL(response.headers.get("location")!);
  return new URL(`${back.pathname}${back.search}`, ctx.app.url);
}

const callback = (url: URL | string, cookiePair?: string) => fetch(url, { headers: cookiePair ? { cookie: cookiePair } : {}, redirect: "manual" });

/** ID-porten puts the person's national identity number in the ID token. */
function idportenSays(claims: Record<string, unknown>) {
  provider.service.on("beforeTokenSigning", (token: { payload: Record<string, unknown> }) => {
    if (token.payload.aud === CLIENT_ID) Object.assign(token.payload, { acr: "idporten-loa-substantial", ...claims });
  });
}

function registerKnows(pid: string, registryRef: string | null, status = registryRef ? 200 : 404) {
  return nock(REGISTER, { reqheaders: { authorization: `Bearer ${REGISTER_KEY}` } })
    .post("/v1/persons/lookup", { pid })
    .reply(status, registryRef ? { registryRef } : { error: "not found" });
}

async function identityOf(phone: string) {
  return ctx.app.db!.prisma.channelIdentity.findUniqueOrThrow({ where: { channel_address: { channel: "SMS", address: phone } }, include: { loginTokens: true } });
}

describe("families log in with ID-porten (/auth/idporten)", () => {
  it("runs the authorization code flow with PKCE, finds the person by the register's reference, links the chat, and never logs or stores the pid", async () => {
    const spies = (["info", "warn", "error", "debug"] as const).map((level) => vi.spyOn(logger, level));
    const { guardian, registryRef, pid, phone } = await parent();
    const link = await loginLink(phone, "how much is left on the card");

    const { authorize, cookie, cookiePair } = await startLogin(link);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${provider.issuer.url}/authorize`);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      client_id: CLIENT_ID,
      response_type: "code",
      scope: "openid profile",
      code_challenge_method: "S256",
      code_challenge: expect.stringMatching(/^[\w-]{43}$/),
      state: expect.any(String),
      nonce: expect.any(String),
      acr_values: "idporten-loa-substantial",
      ui_locales: "en",
      redirect_uri: `${ctx.config.publicBaseUrl}/auth/idporten/callback`,
    });
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\/auth\/idporten/);
    expect(cookie).not.toContain(link.searchParams.get("token")!); // sealed: the token is not readable in it

    let tokenRequest: URLSearchParams | undefined;
    provider.service.on("beforeResponse", (_response: unknown, req: { body: Record<string, string> }) => (tokenRequest = new URLSearchParams(req.body)));
    idportenSays({ pid });
    const lookup = registerKnows(pid, registryRef);
    const response = await callback(await atIdPorten(authorize), cookiePair);
    expect(response.status).toBe(200);
    expect(response.headers.get("set-cookie")).toMatch(/Max-Age=0/);
    expect(await response.text()).toContain("You are logged in");
    expect(lookup.isDone()).toBe(true);
    expect(tokenRequest?.get("code_verifier")).toMatch(/^[\w-]{43,}$/);
    expect(tokenRequest?.get("client_secret")).toBe("idporten-client-secret-0123456789");

    const identity = await identityOf(phone);
    expect(identity).toMatchObject({ personId: guardian.id, verifiedAt: expect.any(Date) });
    expect(identity.loginTokens).toEqual([expect.objectContaining({ usedAt: expect.any(Date) })]);
    const audit = await ctx.app.db!.prisma.auditLog.findFirstOrThrow({ where: { action: "identity.linked", entityId: identity.id } });
    expect(audit.data).toEqual({ method: "idporten" });
    // The chat now answers the personal question.
    const answer = await sms(phone, "how much is left on the card");
    expect(answer).toContain("Barn1");
    expect(answer).not.toContain("/auth/idporten");

    // The pid went to the register and nowhere else: not in a log line, not in any table.
    expect(JSON.stringify(spies.flatMap((spy) => spy.mock.calls))).not.toContain(pid);
    const stored = await ctx.app.db!.sql<{ n: number }>(
      `SELECT (SELECT count(*) FROM "AuditLog" WHERE data::text LIKE $1) + (SELECT count(*) FROM "Person" WHERE "registryRef" LIKE $1) + (SELECT count(*) FROM "ConversationState" WHERE data::text LIKE $1) AS n`,
      [`%${pid}%`],
    );
    expect(Number(stored[0]!.n)).toBe(0);

    // The same answer again (a reload, a replay) finds the token spent and changes nothing.
    const again = await callback(response.url, cookiePair);
    expect(again.status).toBe(410);
  });

  it.each([
    ["a state that is not the one we sent", (back: URL) => back.searchParams.set("state", "forged-state"), {}],
    ["an ID token for another nonce", undefined, { nonce: "not-the-one-we-sent" }],
    ["an ID token for another client", undefined, { aud: "someone-else" }],
    ["an ID token from another issuer", undefined, { iss: "https://evil.example.com" }],
    ["an ID token without a pid", undefined, { pid: undefined }],
    ["a lower level of assurance", undefined, { acr: "idporten-loa-low" }],
  ])("refuses %s with a clear page, and changes nothing", async (_case, tamper, claims) => {
    const { pid, registryRef, phone } = await parent();
    const { authorize, cookiePair } = await startLogin(await loginLink(phone));
    idportenSays({ pid, ...claims });
    registerKnows(pid, registryRef);
    const back = await atIdPorten(authorize);
    tamper?.(back);
    const response = await callback(back, cookiePair);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("Innloggingen ble ikke fullført");
    const identity = await identityOf(phone);
    expect(identity).toMatchObject({ personId: null, verifiedAt: null });
    expect(identity.loginTokens[0]!.usedAt).toBeNull();
  });

  it("shows the provider's error (the family cancelled at ID-porten) as a failed login", async () => {
    const { phone } = await parent();
    const { authorize, cookiePair } = await startLogin(await loginLink(phone));
    provider.service.once("beforeAuthorizeRedirect", ({ url }: { url: URL }) => {
      url.searchParams.delete("code");
      url.searchParams.set("error", "access_denied");
      url.searchParams.set("error_description", "user cancelled");
    });
    const response = await callback(await atIdPorten(authorize), cookiePair);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("Innloggingen ble ikke fullført");
    expect((await identityOf(phone)).verifiedAt).toBeNull();
  });

  it("refuses a callback without the login cookie of the browser that started it", async () => {
    const { pid, registryRef, phone } = await parent();
    const { authorize } = await startLogin(await loginLink(phone));
    idportenSays({ pid });
    registerKnows(pid, registryRef);
    const response = await callback(await atIdPorten(authorize), "fk_idporten_login=forged");
    expect(response.status).toBe(400);
    expect((await identityOf(phone)).verifiedAt).toBeNull();
  });

  it("tells a person the register does not know, or the municipality does not, that it could not find them", async () => {
    for (const registryRef of [null, "ref-of-someone-who-lives-elsewhere"]) {
      const { pid, phone } = await parent();
      const { authorize, cookiePair } = await startLogin(await loginLink(phone));
      idportenSays({ pid });
      registerKnows(pid, registryRef);
      const response = await callback(await atIdPorten(authorize), cookiePair);
      expect(response.status).toBe(403);
      expect(await response.text()).toContain("Vi fant deg ikke blant innbyggerne");
      const identity = await identityOf(phone);
      expect(identity.verifiedAt).toBeNull();
      expect(identity.loginTokens[0]!.usedAt).toBeNull();
    }
  });

  it("asks to try again later when the population register is down", async () => {
    const { pid, phone } = await parent();
    const { authorize, cookiePair } = await startLogin(await loginLink(phone));
    idportenSays({ pid });
    nock(REGISTER).post("/v1/persons/lookup").reply(503, "maintenance");
    const response = await callback(await atIdPorten(authorize), cookiePair);
    expect(response.status).toBe(503);
    expect(await response.text()).toContain("Prøv igjen om noen minutter");
    expect((await identityOf(phone)).verifiedAt).toBeNull();
  });

  it("answers an unknown, used or malformed link with a page and no redirect", async () => {
    for (const query of ["?token=this-is-not-a-token-we-made", "?token=short", ""]) {
      const response = await fetch(`${ctx.app.url}/auth/idporten${query}`, { redirect: "manual" });
      expect([400, 410]).toContain(response.status);
      expect(response.headers.get("location")).toBeNull();
      expect(await response.text()).toContain("Lenken er brukt eller utløpt");
    }
  });
});
