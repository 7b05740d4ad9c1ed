import { beforeAll, describe, expect, it } from "vitest";
import { noticeText } from "../../../../dialogs/notices.ts";
import { createI18n } from "../../../../locales/i18n.ts";
import { seedDemoOnce } from "../../../../prisma/seed/index.ts";
import identities from "../../../../prisma/seed/demo-identities.json" with { type: "json" };
import type { NoticeText } from "../../../../services/clubs/notice-text.ts";
import { remindUnansweredSignUps } from "../../../../services/clubs/remind-unanswered.ts";
import { useApp } from "../support/app.ts";
import { smsPhones } from "../support/sms-phones.ts";

const ctx = useApp({}, { prepare: seedDemoOnce });
const PARENT = identities.parent.phone;
const CLUB = identities.provider.phone;
const CASEWORKER = identities.caseworker.phone;
const HOUR = 3_600_000;
let text: NoticeText;

beforeAll(async () => {
  text = noticeText(await createI18n("nb"));
});

/** The reminder job as the app's ledger jobs run it, at the app's clock, with the configured hours. */
const runJob = () => remindUnansweredSignUps(ctx.app.db!, { now: ctx.clock.now(), ...ctx.config.reminders, timeZone: ctx.config.scheme.timeZone, text });

const { text: textAs, outboxSmsMatching: outboxSms } = smsPhones(ctx);

describe("reminders of an unanswered sign-up over SMS (the demo)", () => {
  it("reminds the club with its code, warns the parent and the caseworker before the lapse, and the club can still answer", async () => {
    expect(await textAs(PARENT, "meld jonas på fotball")).toContain("1. Fotball 11-12 år, Kvitstein Fotballklubb");
    expect(await textAs(PARENT, "1")).toContain("Svar JA eller NEI");
    expect(await textAs(PARENT, "ja")).toContain("Jonas er meldt på Fotball 11-12 år");
    await textAs(PARENT, "nei");
    const notice = await outboxSms(CLUB, (body) => body.startsWith("Ny påmelding til Fotball 11-12 år: Jonas"));
    const code = /Svar JA ([A-Z0-9]{4}) for å bekrefte/.exec(notice)![1]!;

    ctx.clock.advance(ctx.config.reminders.clubReminderHours * HOUR);
    await runJob();
    expect(await outboxSms(CLUB, (body) => body.startsWith("Påminnelse: Jonas"))).toBe(`Påminnelse: Jonas er påmeldt Fotball 11-12 år og venter fortsatt på svar.\nSvar JA ${code} for å bekrefte, NEI ${code} for å avslå.`);

    // The hold lapses HOLD_TIMEOUT_DAYS after the sign-up (27 November, 12:00 UTC).
    ctx.clock.set(new Date(Date.parse("2026-11-27T12:00:00Z") + (ctx.config.scheme.holdTimeoutDays * 24 - ctx.config.reminders.lapseWarningHours) * HOUR));
    await runJob();
    expect(await outboxSms(PARENT, (body) => body.includes("har ikke svart ennå"))).toBe(
      "Kvitstein Fotballklubb har ikke svart ennå på påmeldingen av Jonas til Fotball 11-12 år. Plassen er holdt av til 11. desember 2026. Svarer ikke klubben innen da, faller påmeldingen bort, og pengene som er holdt av, går tilbake til kortet.",
    );
    expect(await outboxSms(CASEWORKER, (body) => body.includes("Jonas"))).toBe("Fritidskortet: Kvitstein Fotballklubb har ikke svart på påmeldingen av Jonas til Fotball 11-12 år. Påmeldingen faller bort 11. desember 2026 hvis klubben ikke svarer.");

    expect(await textAs(CLUB, `JA ${code}`)).toBe(`Bekreftet: Jonas på Fotball 11-12 år (${code}). Familien får beskjed.`);
  }, 120_000);
});
