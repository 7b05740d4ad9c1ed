import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from "jose";
import nock from "nock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoOnce } from "../../../prisma/seed/index.ts";
import identities from "../../../prisma/seed/demo-identities.json" with { type: "json" };
import { createLoginToken, redeemLoginToken } from "../../../services/identity-login.ts";
import { resolveChannelIdentity } from "../../../services/identity.ts";
import { createProviderWithContact } from "../../support/fixtures.ts";
import { useApp } from "../channels/support/app.ts";
import { smsPhones } from "../channels/support/sms-phones.ts";

const TENANT = "11111111-2222-3333-4444-555555555555";
const APP_ID_URI = "api://fritidskort.example.no/00000000-0000-0000-0000-00000000b07f";
const JWKS_URL = "https://login.example.test/discovery/v2.0/keys";
const ctx = useApp(
  { TOKEN_SECRET: "token-secret-of-the-club-tab-test-0123456789", TEAMS_SSO_APP_ID_URI: APP_ID_URI, MICROSOFT_APP_TENANT_ID: TENANT, TEAMS_SSO_JWKS_URL: JWKS_URL, MICROSOFT_APP_TYPE: "MultiTenant" },
  { prepare: seedDemoOnce },
);
const { text, nthOutboxSms } = smsPhones(ctx);
const CLUB = identities.provider;
const PARENT = identities.parent;

let signingKey: CryptoKey;
let strangerKey: CryptoKey;

/** A Teams SSO token as Entra ID issues it (v2), signed with the key our JWKS publishes unless told otherwise. */
function ssoToken(claims: Record<string, unknown> = {}, key = signingKey) {
  const now = Math.floor(ctx.clock.now().getTime() / 1000);
  return new SignJWT({ tid: TENANT, oid: "aad-geir", ...claims })
    .setProtectedHeader({ alg: "RS256", kid: "test-key" })
    .setIssuer(`https://login.microsoftonline.com/${(claims.tid as string | undefined) ?? TENANT}/v2.0`)
    .setAudience((claims.aud as string | undefined) ?? APP_ID_URI)
    .setIssuedAt(now)
    .setExpirationTime(now + 3600)
    .sign(key);
}

/** A browser's web chat user (the token server's id and proof), linked to a person as the login link does. */
async function webChatLogin(personId: string | null): Promise<string> {
  const response = await fetch(`${ctx.app.url}/webchat/token`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
  const { user } = (await response.json()) as { user: { id: string; proof: string } };
  const identity = await resolveChannelIdentity(ctx.app.db!, { channel: "WEBCHAT", address: user.id, now: ctx.clock.now() });
  if (personId) {
    const token = await createLoginToken(ctx.app.db!, { identityId: identity.identityId, now: ctx.clock.now() });
    await redeemLoginToken(ctx.app.db!, { token, personId, now: ctx.clock.now() });
  }
  return JSON.stringify(user);
}

async function call(method: string, path: string, headers: Record<string, string>, body?: unknown) {
  const response = await fetch(`${ctx.app.url}${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

beforeAll(async () => {
  const pair = await generateKeyPair("RS256");
  signingKey = pair.privateKey;
  strangerKey = (await generateKeyPair("RS256")).privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: "test-key", alg: "RS256", use: "sig" };
  nock("https://login.example.test").persist().get("/discovery/v2.0/keys").reply(200, { keys: [jwk] });
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
});
afterAll(() => nock.cleanAll());

describe("the club's tab API (/api/club/…)", () => {
  it("lets the club contact logged in to the web chat confirm a sign-up, through the SMS command's use case: the family is told", async () => {
    const club = { "x-webchat-user": await webChatLogin(CLUB.personId) };
    expect(await text(PARENT.phone, "meld jonas på fotball")).toContain("1. Fotball 11-12 år, Kvitstein Fotballklubb");
    await text(PARENT.phone, "1");
    expect(await text(PARENT.phone, "ja")).toContain("Jonas er meldt på");
    await text(PARENT.phone, "nei");

    const overview = await call("GET", "/api/club/overview", club);
    expect(overview.status).toBe(200);
    expect(overview.body.clubs).toEqual([{ name: "Kvitstein Fotballklubb" }]);
    const signUp = overview.body.signUps.find((item: { childName: string }) => item.childName === "Jonas");
    expect(signUp).toMatchObject({ age: 11, activityTitle: "Fotball 11-12 år", status: "PENDING", code: expect.stringMatching(/^[A-Z0-9]{4}$/) });
    expect(JSON.stringify(overview.body)).not.toMatch(/Aasen|enrollmentId|personId/);
    const football = overview.body.activities.find((activity: { activityTitle: string }) => activity.activityTitle === "Fotball 11-12 år");
    expect(football.waiting).toEqual([{ childName: "Jonas", age: 11 }]);

    const answered = await call("POST", `/api/club/sign-ups/${signUp.code}/answer`, club, { answer: "confirm" });
    expect(answered).toEqual({ status: 200, body: { outcome: "CONFIRMED", message: `Bekreftet: Jonas på Fotball 11-12 år (${signUp.code}). Familien får beskjed.` } });
    expect(await nthOutboxSms(PARENT.phone, 1)).toBe("Kvitstein Fotballklubb har bekreftet plassen til Jonas på Fotball 11-12 år.");
    const activity = await call("GET", `/api/club/activities/${football.number}`, club);
    expect(activity.body.confirmed).toEqual([{ childName: "Jonas", age: 11 }]);
    // Answering again says so, and changes nothing.
    expect((await call("POST", `/api/club/sign-ups/${signUp.code}/answer`, club, { answer: "decline" })).status).toBe(409);
  }, 180_000);

  it("refuses the forbidden paths: no login, a made-up proof, a parent, another club's contact with Kvitstein's code and activity", async () => {
    expect((await call("GET", "/api/club/overview", {})).status).toBe(401);
    const made = JSON.parse(await webChatLogin(CLUB.personId)) as { id: string; proof: string };
    expect((await call("GET", "/api/club/overview", { "x-webchat-user": JSON.stringify({ id: made.id, proof: `${made.proof.slice(0, -2)}xx` }) })).status).toBe(401);
    expect((await call("GET", "/api/club/overview", { "x-webchat-user": await webChatLogin(null) })).status).toBe(403);
    const parent = { "x-webchat-user": await webChatLogin(PARENT.personId) };
    expect((await call("GET", "/api/club/overview", parent)).status).toBe(403);

    const municipality = await ctx.app.db!.prisma.municipality.findFirstOrThrow();
    const other = await createProviderWithContact(ctx.app.db!.prisma, municipality.id, "Annen Klubb");
    const stranger = { "x-webchat-user": await webChatLogin(other.contact.id) };
    const mine = await call("GET", "/api/club/overview", stranger);
    expect(mine.status).toBe(200);
    expect(JSON.stringify(mine.body)).not.toContain("Jonas");
    const kvitstein = await ctx.app.db!.prisma.enrollment.findFirstOrThrow({ where: { replyCode: { not: null }, activity: { providerId: CLUB.providerId } } });
    expect((await call("POST", `/api/club/sign-ups/${kvitstein.replyCode}/answer`, stranger, { answer: "decline", reason: "nei" })).status).toBe(404);
    expect((await call("POST", `/api/club/accommodation/${kvitstein.replyCode}/answer`, stranger, { answer: "close" })).status).toBe(404);
    const kvitsteinActivities = await ctx.app.db!.prisma.activity.count({ where: { providerId: CLUB.providerId } });
    expect((await call("GET", `/api/club/activities/${kvitsteinActivities}`, stranger)).status).toBe(404);
    expect((await call("POST", `/api/club/sign-ups/${kvitstein.replyCode}/answer`, stranger, { answer: "maybe" })).status).toBe(400);
  }, 120_000);

  it("takes a Teams SSO token checked against Entra ID's keys, audience, issuer and tenant, and maps its oid to the TEAMS identity", async () => {
    const identity = await resolveChannelIdentity(ctx.app.db!, { channel: "TEAMS", address: "aad-geir", now: ctx.clock.now() });
    const link = await createLoginToken(ctx.app.db!, { identityId: identity.identityId, now: ctx.clock.now() });
    await redeemLoginToken(ctx.app.db!, { token: link, personId: CLUB.personId, now: ctx.clock.now() });
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

    const ok = await call("GET", "/api/club/overview", bearer(await ssoToken()));
    expect(ok.status).toBe(200);
    expect(ok.body.clubs).toEqual([{ name: "Kvitstein Fotballklubb" }]);
    expect((await call("GET", "/api/club/overview", bearer(await ssoToken({ aud: "api://someone-else" })))).status).toBe(401);
    expect((await call("GET", "/api/club/overview", bearer(await ssoToken({ tid: "99999999-2222-3333-4444-555555555555" })))).status).toBe(401);
    expect((await call("GET", "/api/club/overview", bearer(await ssoToken({}, strangerKey)))).status).toBe(401);
    // A valid token of a Teams user who is no club's contact.
    expect((await call("GET", "/api/club/overview", bearer(await ssoToken({ oid: "aad-somebody" })))).status).toBe(403);
  });
});
