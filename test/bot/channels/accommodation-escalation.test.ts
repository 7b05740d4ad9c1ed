import { describe, expect, it } from "vitest";
import { seedDemoOnce } from "../../../prisma/seed/index.ts";
import identities from "../../../prisma/seed/demo-identities.json" with { type: "json" };
import { requestAccommodation } from "../../../services/accommodation/request-accommodation.ts";
import { createI18n } from "../../../locales/i18n.ts";
import { noticeText } from "../../../dialogs/notices.ts";
import { useApp } from "./support/app.ts";
import { smsPhones } from "./support/sms-phones.ts";
import { staffSessionCookie } from "../../support/staff-login.ts";

const ctx = useApp({ ACCOMMODATION_REMINDER_HOURS: "48", ACCOMMODATION_ESCALATION_HOURS: "120", TOKEN_SECRET: "escalation-test-token-secret-0123456789" }, { prepare: seedDemoOnce });
const { outboxTo, outboxSmsMatching, text } = smsPhones(ctx);
const HOUR_MS = 3_600_000;
const PARENT = identities.parent;
const CLUB = identities.provider.phone;
const CASEWORKER = identities.caseworker;

describe("an accommodation request the club does not answer", () => {
  it("reminds the club once after ACCOMMODATION_REMINDER_HOURS, then escalates to a caseworker after ACCOMMODATION_ESCALATION_HOURS, on the service's clock", async () => {
    expect(await text(PARENT.phone, "meld jonas på fotball")).toContain("Kvitstein Fotballklubb");
    await text(PARENT.phone, "1");
    expect(await text(PARENT.phone, "ja")).toContain("Jonas er meldt på");
    await text(PARENT.phone, "nei");
    const jonas = await ctx.app.db!.prisma.enrollment.findFirstOrThrow({ where: { child: { givenName: "Jonas" }, status: "PENDING" } });
    const { t } = await createI18n("nb");
    // The use case the accommodation dialog calls when the family asks (with its consent).
    await requestAccommodation(ctx.app.db!, { enrollmentId: jonas.id, requestedById: PARENT.personId, needs: ["wheelchair"], today: "2026-11-27", now: ctx.clock.now(), notices: noticeText({ t }) });
    const notice = await outboxSmsMatching(CLUB, /^Ønske om tilrettelegging/);
    const code = /Svar JA ([A-Z0-9]{4})/.exec(notice)![1]!;
    const jobs = {
      // A run of the calendar's job now; each run its own slot (a second after the last), as the calendar's are.
      runOnce: async () => {
        ctx.clock.advance(1000);
        const outcome = await ctx.app.jobs!.runNow("remind-accommodation");
        expect(outcome).toMatchObject({ status: "SUCCEEDED" });
        return outcome.summary;
      },
    };

    ctx.clock.advance(47 * HOUR_MS);
    expect(await jobs.runOnce()).toMatchObject({ reminded: 0, escalated: 0 });
    ctx.clock.advance(2 * HOUR_MS);
    expect(await jobs.runOnce()).toMatchObject({ reminded: 1, escalated: 0 });
    const reminder = await outboxSmsMatching(CLUB, /^Påminnelse: familien til Jonas/);
    expect(reminder).toBe(`Påminnelse: familien til Jonas venter på svar om tilrettelegging på Fotball 11-12 år.\nSvar JA ${code} <melding> (vi kan), PRAT ${code} <melding> (vi må snakke) eller NEI ${code} <melding> (vi kan ikke).`);
    expect(await jobs.runOnce()).toMatchObject({ reminded: 0, escalated: 0 });

    ctx.clock.advance(72 * HOUR_MS);
    expect(await jobs.runOnce()).toMatchObject({ reminded: 0, escalated: 1 });
    expect(await outboxSmsMatching(CASEWORKER.phone, /har ikke svart på ønsket om tilrettelegging/)).toBe(
      `Fritidskortet: Kvitstein Fotballklubb har ikke svart på ønsket om tilrettelegging for Jonas på Fotball 11-12 år (${code}) på 120 timer.`,
    );
    const request = await ctx.app.db!.prisma.accommodationRequest.findFirstOrThrow({ where: { replyCode: code } });
    expect(request.escalatedAt).toEqual(ctx.clock.now());
    const audit = await ctx.app.db!.prisma.auditLog.findFirstOrThrow({ where: { action: "accommodation.escalated", entityId: request.id } });
    expect(audit.data).toEqual({ caseworkersTold: [CASEWORKER.personId] });
    expect(await jobs.runOnce()).toMatchObject({ reminded: 0, escalated: 0 });
    expect(outboxTo(CLUB).filter((body) => body.startsWith("Påminnelse: familien til Jonas"))).toHaveLength(1);

    // The escalation waits in the caseworkers' inbox (the staff page's follow-up list), not for a privacy officer.
    const escalations = async (personId: string) => fetch(`${ctx.app.url}/api/staff/accommodation-escalations`, { headers: { cookie: staffSessionCookie(ctx, personId) } });
    expect(await (await escalations(CASEWORKER.personId)).json()).toEqual({
      escalations: [expect.objectContaining({ code, childName: "Jonas", activityTitle: "Fotball 11-12 år", clubName: "Kvitstein Fotballklubb", needs: ["wheelchair"] })],
    });
    expect((await escalations(identities.privacyOfficer.personId)).status).toBe(403);

    // The club answers after all: the thread goes on as ever, and the request leaves the follow-up list.
    expect(await text(CLUB, `PRAT ${code} Ring oss`)).toBe(`Sendt til familien til Jonas (${code}).`);
    expect(await (await escalations(CASEWORKER.personId)).json()).toEqual({ escalations: [] });
  }, 180_000);
});
