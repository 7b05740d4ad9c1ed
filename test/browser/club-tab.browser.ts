import { afterEach, describe, expect, it } from "vitest";
import { useApp } from "../bot/channels/support/app.ts";
import { randomBytes } from "node:crypto";
import { seriousAccessibilityProblems, useChromium } from "./support/chromium.ts";
import identities from "../../prisma/seed/demo-identities.json" with { type: "json" };
import { seedDemoOnce } from "../../prisma/seed/index.ts";
import { createLoginToken, redeemLoginToken } from "../../services/identity-login.ts";
import { resolveChannelIdentity } from "../../services/identity.ts";

const ctx = useApp({ TOKEN_SECRET: "token-secret-of-the-club-tab-browser-test-0123" }, { prepare: seedDemoOnce });
const browser = useChromium();

// The SMS side as Twilio would (development: unsigned); sms-phones.ts brings nock, which needs Node 22 here.
async function text(from: string, body: string): Promise<string> {
  const response = await fetch(`${ctx.app.url}/api/sms`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ MessageSid: `SM${randomBytes(16).toString("hex")}`, From: from, To: "+4759440000", Body: body }).toString(),
  });
  return (await response.text()).replace(/&quot;/g, '"').replace(/&amp;/g, "&");
}
async function nthOutboxSms(phone: string, count: number): Promise<string> {
  ctx.app.channels.outbox!.wake();
  await expect.poll(() => ctx.app.channels.smsSimulator.messagesTo(phone).filter((sms) => sms.via === "outbox").length, WAIT).toBeGreaterThanOrEqual(count);
  return ctx.app.channels.smsSimulator.messagesTo(phone).filter((sms) => sms.via === "outbox")[count - 1]!.body;
}
const WAIT = { timeout: 20_000 };
const PARENT = identities.parent.phone;

afterEach(() => {
  expect(browser.pageErrors, "script errors on the page").toEqual([]);
});

describe("the club's tab in Chromium", () => {
  it("in a browser with the web chat's login: the contact confirms Jonas's sign-up, and the family is told", async () => {
    expect(await text(PARENT, "meld jonas på fotball")).toContain("1. Fotball 11-12 år, Kvitstein Fotballklubb");
    await text(PARENT, "1");
    expect(await text(PARENT, "ja")).toContain("Jonas er meldt på");
    await text(PARENT, "nei");

    const page = await browser.newPage();
    // Before logging in, the tab says how to.
    await page.goto(`${ctx.app.url}/club/?lang=nb`);
    await expect.poll(() => page.locator("#status").innerText(), WAIT).toContain("Logg inn i chatten");

    // The web chat hands this browser its user; the contact logs in (here: the link redeemed as the login page does).
    await page.goto(`${ctx.app.url}/?lang=nb`);
    const user = await expect
      .poll(() => page.evaluate(() => JSON.parse(localStorage.getItem("fritidskort.webchat.user") ?? "null") as { id: string } | null), WAIT)
      .not.toBeNull()
      .then(() => page.evaluate(() => JSON.parse(localStorage.getItem("fritidskort.webchat.user")!) as { id: string }));
    const identity = await resolveChannelIdentity(ctx.app.db!, { channel: "WEBCHAT", address: user.id, now: ctx.clock.now() });
    const token = await createLoginToken(ctx.app.db!, { identityId: identity.identityId, now: ctx.clock.now() });
    await redeemLoginToken(ctx.app.db!, { token, personId: identities.provider.personId, now: ctx.clock.now() });

    await page.goto(`${ctx.app.url}/club/?lang=nb`);
    await expect.poll(() => page.locator("body").getAttribute("data-ready"), WAIT).toBe("true");
    const card = page.locator("#signups li", { hasText: "Jonas" });
    expect(await card.locator("h3").innerText()).toBe("Jonas, 11 år – Fotball 11-12 år");
    expect(await page.locator("#activities").innerText()).toContain("Venter: Jonas (11)");
    expect(await seriousAccessibilityProblems(page)).toEqual([]);

    await card.getByRole("button", { name: "Bekreft" }).click();
    await expect.poll(() => page.locator("#status").innerText(), WAIT).toMatch(/^Bekreftet: Jonas på Fotball 11-12 år \([A-Z0-9]{4}\)\. Familien får beskjed\.$/);
    expect(await nthOutboxSms(PARENT, 1)).toBe("Kvitstein Fotballklubb har bekreftet plassen til Jonas på Fotball 11-12 år.");
    await expect.poll(() => page.locator("#activities").innerText(), WAIT).toContain("Bekreftet: Jonas (11)");
    expect(await page.locator("#signups").innerText()).not.toContain("Jonas");
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
  });
});
