import { describe, expect, it } from "vitest";
import { seedDemoOnce } from "../../../../prisma/seed/index.ts";
import identities from "../../../../prisma/seed/demo-identities.json" with { type: "json" };
import { useApp } from "../support/app.ts";
import { smsPhones } from "../support/sms-phones.ts";

const ctx = useApp({ STAFFED_HOURS: "mon-fri 08:00-15:30", HANDOFF_REMINDER_MINUTES: "45" }, { prepare: seedDemoOnce });
const PARENT = identities.parent.phone;
const CASEWORKER = identities.caseworker.phone;
const { text: textAs, outboxTo, outboxSmsMatching } = smsPhones(ctx);

/** Lets the outbox run, then the caseworker's messages so far. */
async function caseworkerInbox(): Promise<string[]> {
  ctx.app.channels.outbox!.wake();
  await new Promise((resolve) => setTimeout(resolve, 300));
  return outboxTo(CASEWORKER);
}

describe("staffed hours and reminders of a hand-off (the app's clock)", () => {
  it("outside staffed hours the person is told when someone answers; it is announced when they begin, and reminded once", async () => {
    // Saturday 28 November 2026, 11:00 in Drammen.
    ctx.clock.set(new Date("2026-11-28T10:00:00Z"));
    expect(await textAs(PARENT, "jeg vil snakke med et menneske")).toBe(
      "Jeg har sendt henvendelsen din til veilederne i Drammen kommune. Nå er ingen på jobb; du får svar her fra mandag 30. november kl. 08:00. Det du skriver nå, går til dem.",
    );
    expect((await ctx.app.jobs!.runNow("hand-offs")).summary).toEqual({ announced: 0, reminded: 0 });
    expect(await caseworkerInbox()).toEqual([]);
    // The person's words wait with the hand-off; nobody is told at the weekend.
    expect(await textAs(PARENT, "det haster ikke")).toBe("Meldingen din er lagt til henvendelsen din. Veilederen leser den og svarer deg her.");
    expect(await caseworkerInbox()).toEqual([]);

    // Monday 30 November, 08:00 in Drammen (07:00 UTC): announced to the duty list.
    ctx.clock.set(new Date("2026-11-30T07:00:00Z"));
    expect((await ctx.app.jobs!.runNow("hand-offs")).summary).toEqual({ announced: 1, reminded: 0 });
    const notice = await outboxSmsMatching(CASEWORKER, /^Ny henvendelse/);
    const code = /^Ny henvendelse ([A-Z0-9]{5})/.exec(notice)![1]!;

    ctx.clock.advance(44 * 60_000);
    expect((await ctx.app.jobs!.runNow("hand-offs")).summary).toEqual({ announced: 0, reminded: 0 });
    ctx.clock.advance(60_000);
    expect((await ctx.app.jobs!.runNow("hand-offs")).summary).toEqual({ announced: 0, reminded: 1 });
    expect(await outboxSmsMatching(CASEWORKER, /^Påminnelse/)).toBe(
      `Påminnelse: henvendelse ${code} fra Kristin (nb, SMS) venter fortsatt på svar.\nSvar: SVAR ${code} <tekst>. Lukk: LUKK ${code}. Innboks: ${ctx.config.publicBaseUrl}/staff/`,
    );
    ctx.clock.advance(60 * 60_000);
    expect((await ctx.app.jobs!.runNow("hand-offs")).summary).toEqual({ announced: 0, reminded: 0 });

    // Once someone has answered, nobody is reminded.
    expect(await textAs(CASEWORKER, `SVAR ${code} God morgen!`)).toBe(`Sendt til Kristin (${code}).`);
    const reminders = await ctx.app.db!.prisma.auditLog.count({ where: { action: "handoff.reminded" } });
    expect(reminders).toBe(1);
  }, 180_000);
});
