import { createServer, type Server } from "node:http";
import { randomBytes } from "node:crypto";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from "jose";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { useApp } from "../bot/channels/support/app.ts";
import { useChromium } from "./support/chromium.ts";
import identities from "../../prisma/seed/demo-identities.json" with { type: "json" };
import { seedDemoOnce } from "../../prisma/seed/index.ts";
import { createLoginToken, redeemLoginToken } from "../../services/identity-login.ts";
import { resolveChannelIdentity } from "../../services/identity.ts";

// Entra ID's signing keys, published by a local server standing in for login.microsoftonline.com.
const JWKS_PORT = 40_000 + Math.floor(Math.random() * 10_000);
const TENANT = "11111111-2222-3333-4444-555555555555";
const APP_ID_URI = "api://fritidskort.test/00000000-0000-0000-0000-00000000b07f";
const TAB_ORIGIN = "https://fritidskort.test";
const HOST_ORIGIN = "https://teams.microsoft.com";
const ctx = useApp(
  { TOKEN_SECRET: "token-secret-of-the-teams-tab-browser-test-0123", TEAMS_SSO_APP_ID_URI: APP_ID_URI, MICROSOFT_APP_TENANT_ID: TENANT, MICROSOFT_APP_TYPE: "MultiTenant", TEAMS_SSO_JWKS_URL: `http://127.0.0.1:${JWKS_PORT}/keys` },
  { prepare: seedDemoOnce },
);
const browser = useChromium();
const WAIT = { timeout: 20_000 };
let jwksServer: Server;
let key: CryptoKey;

/**
 * Teams' side of the tab, as teams-js talks to it: the tab posts {id, uuidAsString, func, args} to
 * its parent window, and the host answers the same window with {id, uuidAsString, args}. Teams
 * answers `initialize` with [frame context, client type, SDK version] (no runtime config: teams-js
 * derives it from the version, as with the Teams web client), `getContext` with its (legacy)
 * context, `authentication.getAuthToken` with [success, token].
 */
function hostPage(token: string): string {
  const context = { locale: "nb-no", entityId: "club", userObjectId: "aad-geir-teams", userPrincipalName: "geir@kvitstein.test", loginHint: "geir@kvitstein.test", userDisplayName: "Geir Tveten", tid: TENANT, frameContext: "content", hostClientType: "web", theme: "default" };
  const script = `
    window.hostCalls = [];
    const answers = { initialize: ["content", "web", "2.0.0"], getContext: [${JSON.stringify(context)}], "authentication.getAuthToken": [true, ${JSON.stringify(token)}] };
    window.addEventListener("message", (event) => {
      const frame = document.getElementById("tab");
      if (event.source !== frame.contentWindow || !event.data || typeof event.data.func !== "string") return;
      window.hostCalls.push(event.data.func);
      event.source.postMessage({ id: event.data.id, uuidAsString: event.data.uuidAsString, args: answers[event.data.func] || [] }, event.origin);
    });`;
  return `<!doctype html><html lang="en"><head><title>Teams</title></head><body><script>${script}</script><iframe id="tab" title="Klubben" src="${TAB_ORIGIN}/club/" style="width:1000px;height:800px"></iframe></body></html>`;
}

async function ssoToken(oid: string): Promise<string> {
  const now = Math.floor(ctx.clock.now().getTime() / 1000);
  return new SignJWT({ tid: TENANT, oid }).setProtectedHeader({ alg: "RS256", kid: "k1" }).setIssuer(`https://sts.windows.net/${TENANT}/`).setAudience(APP_ID_URI).setIssuedAt(now).setExpirationTime(now + 3600).sign(key);
}

async function text(from: string, body: string): Promise<string> {
  const response = await fetch(`${ctx.app.url}/api/sms`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ MessageSid: `SM${randomBytes(16).toString("hex")}`, From: from, To: "+4759440000", Body: body }).toString(),
  });
  return response.text();
}

beforeAll(async () => {
  const pair = await generateKeyPair("RS256");
  key = pair.privateKey;
  const keys = { keys: [{ ...(await exportJWK(pair.publicKey)), kid: "k1", alg: "RS256", use: "sig" }] };
  jwksServer = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(keys));
  });
  await new Promise<void>((resolve) => jwksServer.listen(JWKS_PORT, "127.0.0.1", resolve));
});
afterAll(async () => {
  await new Promise((resolve) => jwksServer?.close(resolve));
});
afterEach(() => {
  expect(browser.pageErrors, "script errors on the page").toEqual([]);
});

describe("the club's tab inside Teams", () => {
  it("initialises teams-js, takes the user from the context and signs in with Teams SSO; the contact confirms and the family is told", async () => {
    const parent = identities.parent.phone;
    expect(await text(parent, "meld jonas på fotball")).toContain("Kvitstein Fotballklubb");
    await text(parent, "1");
    expect(await text(parent, "ja")).toContain("Jonas er meldt på");
    await text(parent, "nei");
    const identity = await resolveChannelIdentity(ctx.app.db!, { channel: "TEAMS", address: "aad-geir-teams", now: ctx.clock.now() });
    const link = await createLoginToken(ctx.app.db!, { identityId: identity.identityId, now: ctx.clock.now() });
    await redeemLoginToken(ctx.app.db!, { token: link, personId: identities.provider.personId, now: ctx.clock.now() });

    // Teams' web client at its own origin framing the tab at the service's public origin (both
    // served here by the browser's request routing: the host page, and the service behind it).
    const token = await ssoToken("aad-geir-teams");
    await browser.context.route("https://res.cdn.office.net/**", (route) => route.abort());
    await browser.context.route(`${HOST_ORIGIN}/**`, (route) => route.fulfill({ status: 200, contentType: "text/html", body: hostPage(token) }));
    await browser.context.route(`${TAB_ORIGIN}/**`, async (route) => {
      // A request the page dropped meanwhile (a frame navigating on) cannot be answered; what the
      // page needed and did not get fails the assertions below.
      await route
        .fetch({ url: route.request().url().replace(TAB_ORIGIN, ctx.app.url) })
        .then((response) => route.fulfill({ response }))
        .catch(() => undefined);
    });
    const page = await browser.newPage();
    await page.goto(`${HOST_ORIGIN}/host.html`);
    const tab = page.frameLocator("#tab");
    await expect.poll(() => tab.locator("body").getAttribute("data-ready"), WAIT).toBe("true");
    expect(await page.evaluate(() => (window as unknown as { hostCalls: string[] }).hostCalls)).toEqual(expect.arrayContaining(["initialize", "getContext", "authentication.getAuthToken"]));
    expect(await tab.locator("body").getAttribute("data-teams-user")).toBe("Geir Tveten");

    const card = tab.locator("#signups li", { hasText: "Jonas" });
    await card.getByRole("button", { name: "Bekreft" }).click();
    await expect.poll(() => tab.locator("#status").innerText(), WAIT).toMatch(/^Bekreftet: Jonas på Fotball 11-12 år/);
    ctx.app.channels.outbox!.wake();
    await expect
      .poll(() => ctx.app.channels.smsSimulator.messagesTo(parent).filter((sms) => sms.via === "outbox").map((sms) => sms.body), WAIT)
      .toContain("Kvitstein Fotballklubb har bekreftet plassen til Jonas på Fotball 11-12 år.");
  });
});
