import { describe, expect, it } from "vitest";
import { seedDemoOnce } from "../../../../prisma/seed/index.ts";
import identities from "../../../../prisma/seed/demo-identities.json" with { type: "json" };
import { newMessageSid } from "../../../support/twilio-api.ts";
import { smsPhones } from "../support/sms-phones.ts";
import { useApp } from "../support/app.ts";

const ctx = useApp({}, { prepare: seedDemoOnce });
const PARENT = identities.parent.phone;
const CLUB = identities.provider.phone;
const YOUTH = identities.youth.phone;

const { outboxTo, nthOutboxSms, text } = smsPhones(ctx);
const codeIn = (notice: string) => /Svar JA ([A-Z0-9]{4}) for å bekrefte/.exec(notice)?.[1];

describe("a club over SMS (the demo's Kvitstein Fotballklubb)", () => {
  it("gets the sign-up notice through the outbox, confirms with JA <code>, and the money is the club's", async () => {
    expect(await text(PARENT, "meld jonas på fotball")).toContain("1. Fotball 11-12 år, Kvitstein Fotballklubb");
    expect(await text(PARENT, "1")).toContain("Svar JA eller NEI");
    const yes = newMessageSid();
    expect(await text(PARENT, "ja", yes)).toContain("Jonas er meldt på Fotball 11-12 år");
    // Twilio delivering the same message again runs no second sign-up, and sends no second notice.
    await text(PARENT, "ja", yes);
    expect(await text(PARENT, "nei")).toContain("Greit");
    expect(await text(PARENT, "hvor mye har jonas igjen")).toContain("er holdt av til påmeldinger");

    const notice = await nthOutboxSms(CLUB, 1);
    expect(notice).toMatch(/^Ny påmelding til Fotball 11-12 år: Jonas, 11 år\. Betalt\.\nSvar JA [A-Z0-9]{4} for å bekrefte, NEI [A-Z0-9]{4} for å avslå\.$/);
    const code = codeIn(notice)!;

    expect(await text(CLUB, `JA ${code}`)).toBe(`Bekreftet: Jonas på Fotball 11-12 år (${code}). Familien får beskjed.`);
    expect(await nthOutboxSms(PARENT, 1)).toBe("Kvitstein Fotballklubb har bekreftet plassen til Jonas på Fotball 11-12 år.");
    const balance = await text(PARENT, "hvor mye har jonas igjen");
    expect(balance).toMatch(/Jonas: \d[\d ]* kr igjen på Fritidskortet/);
    expect(balance).not.toContain("er holdt av til påmeldinger");
    expect(await text(CLUB, "deltakere")).toMatch(/Fotball 11-12 år\nBekreftet: Jonas \(11\)/);
    expect(outboxTo(CLUB)).toHaveLength(1);
  }, 120_000);

  it("declines with NEI <code> <reason>: the hold is released and the family told in their language, with the club's words", async () => {
    const before = outboxTo(CLUB).length;
    expect(await text(YOUTH, "english please")).toMatch(/English/);
    const list = await text(YOUTH, "sign me up for football");
    const number = /(\d)\. Football, ages 13-15 \(Fotball 13-15 år\), Kvitstein Fotballklubb/.exec(list)![1]!;
    expect(await text(YOUTH, number)).toContain("Reply YES or NO");
    expect(await text(YOUTH, "yes")).toContain("signed up");
    await text(YOUTH, "no");
    const notice = await nthOutboxSms(CLUB, before + 1);
    expect(notice).toMatch(/^Ny påmelding til Fotball 13-15 år: Nora, 15 år\./);
    const code = codeIn(notice)!;

    expect(await text(CLUB, `nei ${code.toLowerCase()} full`)).toBe(`Avslått: Nora på Fotball 13-15 år (${code}). Familien får beskjed.`);
    expect(await nthOutboxSms(YOUTH, 1)).toBe(`Sorry, Kvitstein Fotballklubb cannot take Nora in Football, ages 13-15. The club writes: "full" The money set aside is back on the card.`);
    expect(await text(YOUTH, "balance")).not.toContain("set aside");
  }, 120_000);
});
