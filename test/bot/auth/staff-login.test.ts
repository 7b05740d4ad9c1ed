import { describe, expect, it } from "vitest";
import identities from "../../../prisma/seed/demo-identities.json" with { type: "json" };
import { seedDemoOnce } from "../../../prisma/seed/index.ts";
import { startStaffIdp, STAFF_CLIENT_ID, STAFF_CLIENT_SECRET } from "../../support/staff-idp.ts";
import { eventually, useApp } from "../channels/support/app.ts";

const idp = await startStaffIdp();
const ctx = useApp({ ...idp.env, TOKEN_SECRET: "token-secret-0123456789abcdef0123456789", ADMIN_API_TOKEN: "machine-token-0123456789abcdef" }, { prepare: seedDemoOnce });

const local = (url: string) => {
  const parsed = new URL(url);
  return new URL(`${parsed.pathname}${parsed.search}`, ctx.app.url);
};
const pair = (setCookie: string) => setCookie.split(";")[0]!;
const setCookies = (response: Response) => response.headers.getSetCookie();

/**
 * Starts a login on our server: its 302 to the provider and the login attempt's cookie. Just after
 * the start the NLU's training can hold the event loop past discovery's timeout (then a 503 "try
 * again" page, as a real user would see): the first login waits that out.
 */
async function startLogin(query = "") {
  const response = await eventually("discovery at the provider", async () => {
    const answer = await fetch(`${ctx.app.url}/auth/staff${query}`, { redirect: "manual" });
    return answer.status === 503 ? undefined : answer;
  }, 60_000);
  expect(response.status).toBe(302);
  return { authorize: new URL(response.headers.get("location")!), cookie: setCookies(response)[0]! };
}

/** The browser at the provider: its login page (given a login_hint: straight on), /authorize, and back to our callback. */
async function atProvider(authorize: URL): Promise<URL> {
  let url = authorize;
  for (let hop = 0; hop < 3; hop++) {
    const response = await fetch(url, { redirect: "manual" });
    expect(response.status, url.href).toBe(302);
    url = new URL(response.headers.get("location")!);
    if (url.pathname === "/auth/staff/callback") return local(url.href);
  }
  throw new Error("the provider did not send the browser back");
}

/** A whole login as one of the provider's accounts: the callback's response. */
async function logIn(hint: string, query = "") {
  const { authorize, cookie } = await startLogin(`?login_hint=${hint}${query}`);
  return fetch(await atProvider(authorize), { headers: { cookie: pair(cookie) }, redirect: "manual" });
}

const sessionOf = (response: Response) => setCookies(response).find((cookie) => cookie.startsWith("fk_staff_session="));
const me = (cookie?: string) => fetch(`${ctx.app.url}/auth/staff/me`, { headers: cookie ? { cookie } : {} });

describe("staff log in with OpenID Connect (/auth/staff) against the in-process provider", () => {
  it("runs the code flow with PKCE, state and nonce; maps the ID token's oid through the verified Teams identity to the caseworker; the session works on the admin API", async () => {
    const { authorize, cookie } = await startLogin("?login_hint=caseworker");
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${idp.issuer}/pick`);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      client_id: STAFF_CLIENT_ID,
      response_type: "code",
      scope: "openid profile",
      code_challenge_method: "S256",
      code_challenge: expect.stringMatching(/^[\w-]{43}$/),
      state: expect.any(String),
      nonce: expect.any(String),
      login_hint: "caseworker",
      redirect_uri: `${ctx.config.publicBaseUrl}/auth/staff/callback`,
    });
    expect(cookie).toMatch(/^fk_staff_login=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\/auth\/staff/);
    expect(cookie).not.toContain(authorize.searchParams.get("state")!); // sealed

    let tokenRequest: URLSearchParams | undefined;
    idp.provider.service.once("beforeResponse", (_response: unknown, req: { body: Record<string, string> }) => (tokenRequest = new URLSearchParams(req.body)));
    const callback = await fetch(await atProvider(authorize), { headers: { cookie: pair(cookie) }, redirect: "manual" });
    expect(callback.status).toBe(200);
    expect(await callback.text()).toContain(`Du er logget inn som ${identities.caseworker.givenName} (saksbehandler)`);
    expect(tokenRequest?.get("code_verifier")).toMatch(/^[\w-]{43,}$/);
    expect(tokenRequest?.get("client_secret")).toBe(STAFF_CLIENT_SECRET);
    expect(setCookies(callback)).toContainEqual(expect.stringMatching(/^fk_staff_login=; .*Max-Age=0/));
    const session = sessionOf(callback)!;
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Strict/);

    const who = await me(pair(session));
    expect(who.status).toBe(200);
    expect(await who.json()).toEqual({ personId: identities.caseworker.personId, role: "CASEWORKER", givenName: identities.caseworker.givenName, service: "NAV" });

    // The session is the caseworker on the admin API: a top-up for a child of one of her families.
    const topUp = await fetch(`${ctx.app.url}/admin/top-ups`, {
      method: "POST",
      headers: { cookie: pair(session), "content-type": "application/json" },
      body: JSON.stringify({ requestId: "login-e2e-1", childId: identities.parent.children[0]!.personId, period: "2026-autumn", amountNok: 200, reason: "Vedtak 2026/17" }),
    });
    expect(topUp.status, await topUp.clone().text()).toBe(201);
    const audit = await ctx.app.db!.prisma.auditLog.findFirstOrThrow({ where: { entityId: "topup:login-e2e-1" } });
    expect(audit.actorId).toBe(identities.caseworker.personId);
  }, 120_000);

  it("goes back to the staff page the login started from, and never to another site", async () => {
    const back = await logIn("admin", "&return_to=%2Fstaff%2F%3Ftab%3Dopen");
    expect(back.status).toBe(302);
    expect(back.headers.get("location")).toBe("/staff/?tab=open");
    expect(await (await me(pair(sessionOf(back)!))).json()).toMatchObject({ personId: identities.admin.personId, role: "ADMIN" });
    for (const target of ["//evil.example/x", "https://evil.example/", "/\\evil.example"]) {
      const response = await fetch(`${ctx.app.url}/auth/staff?return_to=${encodeURIComponent(target)}`, { redirect: "manual" });
      expect(response.status, target).toBe(400);
    }
  });

  it("gives no session to an account that is not staff, nor through an unverified Teams identity", async () => {
    const outsider = await logIn("outsider");
    expect(outsider.status).toBe(403);
    expect(await outsider.text()).toContain("ikke registrert som ansatt");
    expect(sessionOf(outsider)).toBeUndefined();

    // The privacy officer's Teams identity, unverified: no longer proof of who she is.
    const db = ctx.app.db!;
    await db.prisma.channelIdentity.update({ where: { channel_address: { channel: "TEAMS", address: identities.privacyOfficer.teams } }, data: { verifiedAt: null } });
    const unverified = await logIn("privacyOfficer");
    expect(unverified.status).toBe(403);
    expect(sessionOf(unverified)).toBeUndefined();
    await db.prisma.channelIdentity.update({ where: { channel_address: { channel: "TEAMS", address: identities.privacyOfficer.teams } }, data: { verifiedAt: new Date("2026-01-01T00:00:00Z") } });
    expect((await logIn("privacyOfficer")).status).toBe(200);
  });

  it("refuses a callback without its login cookie, with another attempt's cookie, or an answer the provider refused", async () => {
    const first = await startLogin("?login_hint=caseworker");
    const second = await startLogin("?login_hint=caseworker");
    const callback = await atProvider(first.authorize);
    expect((await fetch(callback, { redirect: "manual" })).status).toBe(400);
    const crossed = await fetch(callback, { headers: { cookie: pair(second.cookie) }, redirect: "manual" });
    expect(crossed.status).toBe(400);
    expect(sessionOf(crossed)).toBeUndefined();
    // The user cancelled at the provider (an error answer instead of a code).
    const third = await startLogin();
    const cancelled = new URL(`/auth/staff/callback?error=access_denied&state=${third.authorize.searchParams.get("state")}`, ctx.app.url);
    const refused = await fetch(cancelled, { headers: { cookie: pair(third.cookie) }, redirect: "manual" });
    expect(refused.status).toBe(400);
    expect(sessionOf(refused)).toBeUndefined();
  });

  it("the provider's login page offers the demo staff when no account is named", async () => {
    const { authorize } = await startLogin();
    const page = await (await fetch(authorize)).text();
    for (const person of [identities.caseworker, identities.admin, identities.privacyOfficer]) expect(page).toContain(person.name);
  });

  it("logs out: the session cookie is cleared; a forged or missing session is nobody", async () => {
    const session = pair(sessionOf(await logIn("caseworker"))!);
    const out = await fetch(`${ctx.app.url}/auth/staff/logout`, { method: "POST", headers: { cookie: session } });
    expect(out.status).toBe(200);
    expect(sessionOf(out)).toMatch(/Max-Age=0/);
    expect((await me()).status).toBe(401);
    expect((await me("fk_staff_session=forged")).status).toBe(401);
  });
});
