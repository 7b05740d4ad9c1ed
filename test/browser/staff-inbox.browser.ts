import "../support/node20.ts";
import { afterEach, describe, expect, it } from "vitest";
import { seedDemoOnce } from "../../prisma/seed/index.ts";
import identities from "../../prisma/seed/demo-identities.json" with { type: "json" };
import { useApp } from "../bot/channels/support/app.ts";
import { smsPhones } from "../bot/channels/support/sms-phones.ts";
import { staffSessionCookie } from "../support/staff-login.ts";
import { seriousAccessibilityProblems, useChromium } from "./support/chromium.ts";

const ctx = useApp({ TOKEN_SECRET: "a-test-token-secret-of-32-characters!!" }, { prepare: seedDemoOnce });
const browser = useChromium();
const WAIT = { timeout: 20_000 };
const PARENT = identities.parent.phone;
const { text: textAs, outboxSmsMatching } = smsPhones(ctx);

afterEach(() => {
  expect(browser.pageErrors, "script errors on the page").toEqual([]);
});

describe("the staff inbox page, in Chromium", () => {
  it("a caseworker reads the hand-off with its transcript, answers the parent and closes it; the page passes axe", async () => {
    await textAs(PARENT, "hei");
    await textAs(PARENT, "jeg vil snakke med et menneske");
    const page = await browser.newPage();
    const [name, value] = staffSessionCookie(ctx, identities.caseworker.personId).split("=") as [string, string];
    await page.context().addCookies([{ name, value, url: ctx.app.url }]);
    await page.goto(`${ctx.app.url}/staff/?lang=nb`);

    const article = page.locator("article").first();
    await expect.poll(() => article.innerText(), WAIT).toContain("Kristin Aasen");
    const shown = await article.innerText();
    expect(shown).toContain("Venter");
    expect(shown).toContain("jeg vil snakke med et menneske");
    expect(shown).toContain("Samtalen før henvendelsen");
    expect(await page.locator("dd[lang=nb]").first().innerText()).toBe("nb");
    // The follow-up list of escalated accommodation requests is on the page too (none in the demo yet).
    await expect.poll(() => page.locator("#escalations").innerText(), WAIT).toBe("Ingen saker her.");
    expect(await seriousAccessibilityProblems(page)).toEqual([]);

    await page.getByLabel("Svar til Kristin (sendes som dine egne ord)").fill("Hei Kristin, dette ordner vi.");
    await page.getByRole("button", { name: "Send svar" }).click();
    expect(await outboxSmsMatching(PARENT, /^Sigrid/)).toBe("Sigrid fra Drammen kommune skriver: Hei Kristin, dette ordner vi.");
    await expect.poll(() => article.innerText(), WAIT).toContain("Tatt av Sigrid");

    expect(await textAs(PARENT, "supert, takk")).toContain("Veilederen leser den");
    await page.getByRole("button", { name: "Oppdater" }).click();
    await expect.poll(() => article.innerText(), WAIT).toContain("supert, takk");

    await page.getByRole("button", { name: "Lukk", exact: true }).click();
    expect(await outboxSmsMatching(PARENT, /avsluttet samtalen/)).toContain("Nå svarer chatboten igjen");
    await expect.poll(() => page.locator("#hand-offs").innerText(), WAIT).toContain("Ingen henvendelser her.");
    await page.getByRole("button", { name: "Lukkede", exact: true }).click();
    await expect.poll(() => page.locator("article").first().innerText(), WAIT).toContain("Lukket");
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
  }, 180_000);

  it("tells someone without a staff session to log in", async () => {
    const page = await browser.newPage();
    await page.context().clearCookies();
    await page.goto(`${ctx.app.url}/staff/?lang=en`);
    await expect.poll(() => page.locator("#status").innerText(), WAIT).toContain("You are not logged in as municipal staff");
  }, 60_000);
});
