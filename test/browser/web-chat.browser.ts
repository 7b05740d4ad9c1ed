import type { Page } from "playwright-core";
import { afterEach, describe, expect, it } from "vitest";
import { useApp } from "../bot/channels/support/app.ts";
import { seriousAccessibilityProblems, useChromium } from "./support/chromium.ts";
import identities from "../../prisma/seed/demo-identities.json" with { type: "json" };
import { seedDemoOnce } from "../../prisma/seed/index.ts";

const ctx = useApp({}, { prepare: seedDemoOnce });
const browser = useChromium();
const WAIT = { timeout: 20_000 };

afterEach(() => {
  expect(browser.pageErrors, "script errors on the page").toEqual([]);
});

const botBubbles = (page: Page) => page.locator("#webchat .webchat__bubble:not(.webchat__bubble--from-user) .webchat__bubble__content");
const userBubbles = (page: Page) => page.locator("#webchat .webchat__bubble--from-user .webchat__bubble__content");

/** What the bot answered (stored by our Direct Line server) to the user's message with this text. */
async function botAnswerTo(text: string): Promise<{ locale?: string; texts: string[] }> {
  const rows = await ctx.app.db!.prisma.directLineActivity.findMany({ orderBy: [{ conversationId: "asc" }, { seq: "asc" }] });
  const activities = rows.map((row) => ({ ...(row.activity as { text?: string; locale?: string; replyToId?: string; from?: { role?: string } }), id: `${row.conversationId}|${String(row.seq).padStart(7, "0")}` }));
  const mine = activities.find((activity) => activity.text === text && activity.from?.role === "user");
  if (!mine) return { texts: [] };
  return { locale: mine.locale, texts: activities.filter((activity) => activity.replyToId === mine.id && activity.text).map((activity) => activity.text!) };
}

/** Types into Web Chat's send box and waits for the bot's answer to appear in the transcript. */
async function say(page: Page, placeholder: string, text: string): Promise<string> {
  const before = await botBubbles(page).count();
  const input = page.getByPlaceholder(placeholder);
  await input.fill(text);
  await input.press("Enter");
  await expect.poll(() => userBubbles(page).last().innerText(), WAIT).toContain(text);
  await expect.poll(() => botBubbles(page).count(), WAIT).toBeGreaterThan(before);
  return botBubbles(page).last().innerText();
}

const firstWords = (text: string) => text.split("\n")[0]!.replace(/[*_`#]/g, "").trim().slice(0, 24);

describe("the web chat page, in Chromium with the official Web Chat bundle", () => {
  it("holds a conversation in Norwegian, switches to Arabic right to left, and passes axe", async () => {
    const page = await browser.newPage();
    await page.goto(`${ctx.app.url}/?lang=nb`);
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(["nb", "ltr"]);
    await expect.poll(() => page.evaluate(() => typeof (window as { WebChat?: unknown }).WebChat)).toBe("object");

    // Two turns in Norwegian; the transcript shows what the bot answered, and Web Chat sent the
    // page's locale with every message.
    for (const message of ["Hei! Hva er fritidskortet?", "Hvor mye får man?"]) {
      const shown = await say(page, "Skriv en melding", message);
      await expect.poll(() => botAnswerTo(message), WAIT).toMatchObject({ locale: "nb-NO", texts: [expect.any(String)] });
      const { texts } = await botAnswerTo(message);
      expect(shown.replace(/\s+/g, " ")).toContain(firstWords(texts.at(-1)!));
    }
    expect(await seriousAccessibilityProblems(page)).toEqual([]);

    // Arabic: the page and Web Chat turn right to left; the bot answers in Arabic.
    await page.getByLabel("Språk").selectOption("ar");
    await expect.poll(() => page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(["ar", "rtl"]);
    expect(await page.locator("h1").innerText()).toBe("بطاقة الأنشطة الترفيهية في Drammen");
    expect(new URL(page.url()).searchParams.get("lang")).toBe("ar");
    const answer = await say(page, "اكتب رسالة", "مرحبا، ما هي بطاقة الأنشطة؟");
    expect(answer).toMatch(/[\u0600-\u06FF]/);
    // Web Chat draws the user's bubble before the server has stored the activity: poll, as above.
    await expect.poll(() => botAnswerTo("مرحبا، ما هي بطاقة الأنشطة؟"), WAIT).toMatchObject({ locale: "ar-SA", texts: [expect.stringMatching(/[\u0600-\u06FF]/)] });
    expect(await page.locator("#webchat [dir]").first().getAttribute("dir")).toBe("rtl");
    const box = await page.getByPlaceholder("اكتب رسالة").boundingBox();
    const send = await page.getByRole("button", { name: "إرسال" }).boundingBox();
    expect(send!.x, "the send button sits to the left of the input in right-to-left").toBeLessThan(box!.x);

    expect(await seriousAccessibilityProblems(page)).toEqual([]);
  });

  it("opens in Urdu right to left from the address, with our placeholder for Web Chat's missing Urdu strings", async () => {
    const page = await browser.newPage();
    await page.goto(`${ctx.app.url}/?lang=ur`);
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(["ur", "rtl"]);
    await expect.poll(() => page.getByPlaceholder("پیغام لکھیں").count(), WAIT).toBe(1);
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
  });
});

describe("the web chat's user across a reload and a language switch", () => {
  it("a parent who logged in is still logged in after reloading the page and switching to English", async () => {
    const page = await browser.newPage();
    await page.goto(`${ctx.app.url}/?lang=nb`);
    const asked = await say(page, "Skriv en melding", "hvor mye er igjen på kortet");
    const link = /\/dev\/login\?token=[\w-]+/.exec(asked)?.[0];
    expect(link, asked).toBeDefined();
    const kept = await page.evaluate(() => JSON.parse(localStorage.getItem("fritidskort.webchat.user") ?? "null"));
    expect(kept).toEqual({ id: expect.stringMatching(/^dl_/), proof: expect.stringMatching(/^v1\./) });

    // The login link, opened in the same browser: the development stand-in, as the demo parent.
    await page.goto(`${ctx.app.url}${link}`);
    await page.getByRole("button", { name: identities.parent.name }).click();
    await expect.poll(() => page.locator("main").innerText(), WAIT).toContain("Du er logget inn");

    // Reload the chat: the same user, still logged in, so the balance comes without a new link.
    await page.goto(`${ctx.app.url}/?lang=nb`);
    await expect.poll(() => botBubbles(page).last().innerText(), WAIT).toContain("Hei! Dette er Fritidskortet");
    const answer = await say(page, "Skriv en melding", "hvor mye er igjen på kortet nå");
    expect(answer).not.toContain("/dev/login");
    expect(answer).toMatch(/kr/);

    // Switch language: a new conversation, greeted in English, the same user.
    await page.getByLabel("Språk").selectOption("en");
    await expect.poll(() => botBubbles(page).last().innerText(), WAIT).toMatch(/Hi! This is Drammen.s leisure card/);
    const english = await say(page, "Type a message", "how much is left on the card");
    expect(english).not.toContain("/dev/login");
    expect(english).toMatch(/NOK/);
    const identity = await ctx.app.db!.prisma.channelIdentity.findUniqueOrThrow({ where: { channel_address: { channel: "WEBCHAT", address: kept.id } } });
    expect(identity).toMatchObject({ personId: identities.parent.personId, verifiedAt: expect.any(Date) });
  });
});

describe("the web chat on a phone, and on a later visit", () => {
  it("shows the message box without scrolling on a 390×844 screen, and keeps the chosen language for the next visit", async () => {
    const page = await browser.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${ctx.app.url}/?lang=nb`);
    const input = page.getByPlaceholder("Skriv en melding");
    await expect.poll(() => input.count(), WAIT).toBe(1);
    const box = await input.boundingBox();
    expect(box, "the send box").not.toBeNull();
    expect(box!.y + box!.height).toBeLessThanOrEqual(844);
    expect(await page.evaluate(() => document.scrollingElement!.scrollHeight <= window.innerHeight + 1)).toBe(true);
    expect(await seriousAccessibilityProblems(page)).toEqual([]);

    // The person picks English; a later visit without ?lang= opens in English.
    await page.getByLabel("Språk").selectOption("en");
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe("en");
    await page.goto(`${ctx.app.url}/`);
    await expect.poll(() => page.evaluate(() => document.documentElement.lang), WAIT).toBe("en");
    await expect.poll(() => page.getByPlaceholder("Type a message").count(), WAIT).toBe(1);
    // The address still decides when it names a language.
    await page.goto(`${ctx.app.url}/?lang=nb`);
    await expect.poll(() => page.evaluate(() => document.documentElement.lang), WAIT).toBe("nb");
    await page.close();
  });
});

describe("a list in the web chat", () => {
  it("draws the line after a list as its own paragraph, not inside the list's last item", async () => {
    const page = await browser.newPage();
    await page.goto(`${ctx.app.url}/?lang=nb`);
    await say(page, "Skriv en melding", "finn fotball");
    // The bot's text (as our Direct Line server stored it): a numbered list, then a closing line.
    const { texts } = await botAnswerTo("finn fotball");
    const text = texts.at(-1) ?? "";
    const lines = text.split("\n").filter((line) => line.trim() !== "");
    expect(lines.filter((line) => /^\d+\. /.test(line)).length, text).toBeGreaterThan(1);
    const closing = lines.at(-1)!;
    expect(closing, text).not.toMatch(/^\d+\. /);

    // What Chromium shows: the list, and the closing line in a paragraph after it.
    const drawn = await botBubbles(page)
      .last()
      .evaluate((bubble) => {
        const lists = bubble.querySelectorAll("ol, ul");
        const list = lists[lists.length - 1];
        const items = list ? Array.from(list.children).filter((child) => child.tagName === "LI") : [];
        let after = list?.nextElementSibling ?? null;
        while (after && !(after instanceof HTMLElement && after.innerText.trim())) after = after.nextElementSibling;
        return { items: items.length, lastItem: (items.at(-1) as HTMLElement | undefined)?.innerText ?? "", after: after ? { tag: after.tagName, text: (after as HTMLElement).innerText } : null };
      });
    const words = closing.replace(/[*_\\]/g, "").slice(0, 20);
    expect(drawn.items).toBeGreaterThan(1);
    expect(drawn.lastItem, "the last list item").not.toContain(words);
    expect(drawn.after, "what follows the list").toEqual({ tag: "P", text: expect.stringContaining(words) });
    await page.close();
  });
});

describe("the SMS simulator page", () => {
  it("texts the service as the demo youth and shows the answer with its cost", async () => {
    const page = await browser.newPage();
    await page.goto(`${ctx.app.url}/dev/sms?lang=nb`);
    await page.getByLabel(new RegExp(identities.youth.name)).check();
    await page.getByPlaceholder("Skriv en SMS").fill("Hei");
    await page.getByRole("button", { name: "Send SMS" }).click();
    await expect.poll(() => page.locator(".message.received").count(), WAIT).toBeGreaterThan(0);
    // What the phone got is what the service sent that number (GET /dev/sms/messages).
    const received = (await (await fetch(`${ctx.app.url}/dev/sms/messages?to=${encodeURIComponent(identities.youth.phone)}`)).json()) as { body: string; segments: number; encoding: string }[];
    expect(received.length).toBeGreaterThan(0);
    const shown = await page.locator(".message.received").first().innerText();
    expect(shown).toContain(received[0]!.body.split("\n")[0]);
    expect(shown).toContain(`SMS-segmenter: ${received[0]!.segments} (${received[0]!.encoding})`);
    expect(await page.locator(".message.sent").first().innerText()).toContain("Hei");
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
  });
});
