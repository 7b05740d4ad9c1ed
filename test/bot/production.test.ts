import { randomBytes } from "node:crypto";
import nock from "nock";
import { startIdPorten } from "../support/idporten.ts";
import twilio from "twilio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, useApp } from "./channels/support/app.ts";
import { createFamily } from "../support/fixtures.ts";

/**
 * The real server in production mode: a complete production configuration (dummy secrets) parsed
 * by loadConfig as the environment gives it, ID-porten as an in-process OpenID Connect provider,
 * the register, Twilio and Vipps behind nock (nothing leaves the machine). It checks what
 * production refuses, then a family's whole login round trip over signed SMS.
 */

const idporten = await startIdPorten();

const PUBLIC_BASE_URL = "https://fritidskort.example.no";
const AUTH_TOKEN = "twilio-auth-token-0123456789";
const OUR_NUMBER = "+4759440000";
const CLIENT_ID = "fritidskort-drammen";
const REGISTER = "https://register.example.no";
const REGISTER_KEY = "register-api-key-0123456789";
const ADMIN_TOKEN = "admin-api-token-0123456789abcdef";

const ctx = useApp(
  {
    NODE_ENV: "production",
    HOST: "127.0.0.1",
    PUBLIC_BASE_URL,
    ADMIN_API_TOKEN: ADMIN_TOKEN,
    PAYMENT_PROVIDER: "vipps",
    VIPPS_BASE_URL: "https://api.vipps.no",
    VIPPS_CLIENT_ID: "vipps-client",
    VIPPS_CLIENT_SECRET: "vipps-client-secret",
    VIPPS_SUBSCRIPTION_KEY: "vipps-subscription-key",
    VIPPS_MERCHANT_SERIAL_NUMBER: "123456",
    VIPPS_WEBHOOK_SECRET: "vipps-webhook-secret-from-registration",
    MICROSOFT_APP_ID: "00000000-0000-0000-0000-000000000001",
    MICROSOFT_APP_PASSWORD: "bot-password-0123456789",
    MICROSOFT_APP_TENANT_ID: "00000000-0000-0000-0000-000000000002",
    TWILIO_ACCOUNT_SID: `AC${"0".repeat(32)}`,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    TWILIO_FROM_NUMBER: OUR_NUMBER,
    DIRECT_LINE_SECRET: "direct-line-secret-0123456789abcdef",
    IDPORTEN_ISSUER: "https://idporten.no",
    IDPORTEN_CLIENT_ID: CLIENT_ID,
    IDPORTEN_CLIENT_SECRET: "idporten-client-secret-0123456789",
    POPULATION_REGISTER_URL: REGISTER,
    POPULATION_REGISTER_API_KEY: REGISTER_KEY,
    STAFF_OIDC_ISSUER: "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000002/v2.0",
    STAFF_OIDC_CLIENT_ID: "fritidskort-staff",
    STAFF_OIDC_CLIENT_SECRET: "staff-client-secret-0123456789",
  },
  // The one change to the parsed configuration: production requires an https issuer; the test's
  // provider listens on loopback http. (The database target is the test file's own, as everywhere.)
  { configure: (config) => ({ ...config, idporten: { ...config.idporten!, issuer: idporten.issuer.url! } }) },
);

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
});
afterAll(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

/** A text message as Twilio delivers it: signed for PUBLIC_BASE_URL/api/sms. */
async function sms(from: string, body: string, options: { signed?: boolean } = {}) {
  const form = { MessageSid: `SM${randomBytes(16).toString("hex")}`, AccountSid: `AC${"0".repeat(32)}`, From: from, To: OUR_NUMBER, Body: body };
  const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_BASE_URL}/api/sms`, form);
  return fetch(`${ctx.app.url}/api/sms`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...(options.signed === false ? {} : { "x-twilio-signature": signature }) },
    body: new URLSearchParams(form).toString(),
  });
}

/** Our public address as the test reaches it (the proxy's job in production). */
const local = (url: string) => {
  const parsed = new URL(url);
  return new URL(`${parsed.pathname}${parsed.search}`, ctx.app.url);
};

describe("production mode refuses what development allows", () => {
  it("is live and ready", async () => {
    expect((await fetch(`${ctx.app.url}/healthz`)).status).toBe(200);
    // Readiness asks the database (with a short timeout): on a loaded machine the first answer may lag.
    await eventually("/readyz to answer 200", async () => (await fetch(`${ctx.app.url}/readyz`)).status === 200);
  });

  it("has no development pages: no login stand-in, no SMS simulator, no payment simulator", async () => {
    for (const path of ["/dev/login?token=x", "/dev/sms", "/dev/pay/fk-x"]) expect((await fetch(`${ctx.app.url}${path}`)).status, path).toBe(404);
  });

  it("refuses an unsigned SMS webhook before reading anything", async () => {
    expect((await sms("+4791234567", "saldo", { signed: false })).status).toBe(403);
  });

  it("refuses the admin API without its token, and Bot Framework activities without authentication", async () => {
    expect((await fetch(`${ctx.app.url}/admin/ledger/check`)).status).toBe(401);
    expect((await fetch(`${ctx.app.url}/admin/ledger/check`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).status).toBe(200);
    const activity = { type: "message", channelId: "msteams", id: "1", serviceUrl: "https://smba.trafficmanager.net/emea/", from: { id: "29:x" }, recipient: { id: "28:bot" }, conversation: { id: "c1" }, text: "saldo" };
    const teams = await fetch(`${ctx.app.url}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(activity) });
    expect(teams.status).toBe(401);
  });

  it("gives web chat tokens to another site only with the Direct Line secret", async () => {
    expect((await fetch(`${ctx.app.url}/v3/directline/tokens/generate`, { method: "POST" })).status).toBe(401);
  });
});

describe("a family logs in with ID-porten in production", () => {
  it("from a signed SMS to a linked chat that answers the personal question", async () => {
    const db = ctx.app.db!;
    const municipality = await db.prisma.municipality.findFirstOrThrow();
    const { guardian } = await createFamily(db.prisma, municipality.id, ["2015-03-03"]);
    const registryRef = `ref-${guardian.id}`;
    await db.prisma.person.update({ where: { id: guardian.id }, data: { registryRef } });
    const phone = "+4791234567";
    const pid = "01018512345";

    const first = await sms(phone, "saldo");
    expect(first.status).toBe(200);
    const link = /(https:\/\/fritidskort\.example\.no\/auth\/idporten\?token=[\w-]+)/.exec((await first.text()).replace(/&amp;/g, "&"))?.[1];
    expect(link).toBeDefined();

    const start = await fetch(local(link!), { redirect: "manual" });
    expect(start.status).toBe(302);
    const authorize = new URL(start.headers.get("location")!);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${idporten.issuer.url}/authorize`);
    expect(authorize.searchParams.get("redirect_uri")).toBe(`${PUBLIC_BASE_URL}/auth/idporten/callback`);
    const cookie = start.headers.get("set-cookie")!.split(";")[0]!;

    // ID-porten puts the national identity number in the ID token (the one addressed to our client).
    idporten.service.on("beforeTokenSigning", (token: { payload: Record<string, unknown> }) => {
      if (token.payload.aud === CLIENT_ID) Object.assign(token.payload, { acr: "idporten-loa-substantial", pid });
    });
    const register = nock(REGISTER, { reqheaders: { authorization: `Bearer ${REGISTER_KEY}` } }).post("/v1/persons/lookup", { pid }).reply(200, { registryRef });
    const atIdporten = await fetch(authorize, { redirect: "manual" });
    const back = await fetch(local(atIdporten.headers.get("location")!), { headers: { cookie }, redirect: "manual" });
    expect(back.status).toBe(200);
    expect(register.isDone()).toBe(true);

    const answer = await (await sms(phone, "saldo")).text();
    expect(answer).not.toContain("/auth/idporten");
    expect(answer).toContain("Barn1");
    expect(await db.prisma.channelIdentity.findUniqueOrThrow({ where: { channel_address: { channel: "SMS", address: phone } } })).toMatchObject({ personId: guardian.id });
  });
});
