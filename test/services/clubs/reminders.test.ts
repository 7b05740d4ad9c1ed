import { beforeAll, describe, expect, it } from "vitest";
import { createI18n } from "../../../locales/i18n.ts";
import { noticeText } from "../../../dialogs/notices.ts";
import type { ManualClock } from "../../../services/clock.ts";
import type { NoticeText } from "../../../services/clubs/notice-text.ts";
import { remindUnansweredSignUps } from "../../../services/clubs/remind-unanswered.ts";
import { cancelEnrollment } from "../../../services/enrollment/cancel.ts";
import { expireLapsedHolds } from "../../../services/enrollment/expire-holds.ts";
import { confirmEnrollment } from "../../../services/enrollment/respond.ts";
import { signUpChild } from "../../../services/enrollment/sign-up.ts";
import { allocatePeriod } from "../../../services/ledger/allocate.ts";
import { cardStatement } from "../../../services/ledger/statement.ts";
import { periodContaining } from "../../../services/periods.ts";
import { testClock, TEST_DAY } from "../../support/clock.ts";
import { useTestDatabase } from "../../support/database.ts";
import { createActivity, createCaseworker, createFamily, createMunicipality, createProviderWithContact, scheme } from "../../support/fixtures.ts";

const ctx = useTestDatabase({ poolSize: 8 });
const HOUR = 3_600_000;
const MINUTE = 60_000;
let text: NoticeText;

beforeAll(async () => {
  text = noticeText(await createI18n("nb"));
});

const runJob = (clock: ManualClock) => remindUnansweredSignUps(ctx.db, { now: clock.now(), clubReminderHours: 48, lapseWarningHours: 24, timeZone: "Europe/Oslo", text });

async function smsTo(phone: string): Promise<string[]> {
  const rows = await ctx.db.prisma.outboxMessage.findMany({ where: { recipient: phone }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { body: true } });
  return rows.map((row) => row.body);
}

/** A municipality with a club (contact …1), a family (guardian …2, two children) and a caseworker (…3), each with a verified SMS number. */
async function setting(prefix: string) {
  const clock = testClock();
  const prisma = ctx.db.prisma;
  const municipalityId = (await createMunicipality(prisma)).id;
  const { provider, contact } = await createProviderWithContact(prisma, municipalityId, "Strømsgodset IF");
  const family = await createFamily(prisma, municipalityId, ["2015-03-01", "2016-04-01"]);
  const caseworker = await createCaseworker(prisma, municipalityId);
  const phones = { club: `${prefix}1`, family: `${prefix}2`, caseworker: `${prefix}3` };
  for (const [personId, phone] of [[contact.id, phones.club], [family.guardian.id, phones.family], [caseworker.id, phones.caseworker]] as const) {
    await prisma.channelIdentity.create({ data: { channel: "SMS", address: phone, personId, verifiedAt: clock.now() } });
  }
  const activity = await createActivity(prisma, provider.id, { title: "Fotball 2015", feeOre: 50_000 });
  await allocatePeriod(ctx.db, { municipalityId, period: periodContaining(TEST_DAY, scheme)!, scheme, today: TEST_DAY, now: clock.now() });
  const signUp = (child = 0) =>
    signUpChild(ctx.db, { municipalityId, childId: family.children[child]!.id, activityId: activity.id, actorId: family.guardian.id, today: TEST_DAY, now: clock.now(), scheme, notices: text });
  return { clock, municipalityId, contact, family, caseworker, phones, signUp };
}

describe("reminders of unanswered sign-ups", () => {
  it(`reminds the club once, CLUB_REMINDER_HOURS after the sign-up and not before, with the notice's code and reply`, async () => {
    const { clock, phones, signUp } = await setting("+479120001");
    const { replyCode } = await signUp();
    const [notice] = await smsTo(phones.club);
    clock.advance(48 * HOUR - MINUTE);
    await runJob(clock);
    expect(await smsTo(phones.club)).toHaveLength(1);

    clock.advance(MINUTE);
    await Promise.all([runJob(clock), runJob(clock)]);
    await runJob(clock);
    const reminders = (await smsTo(phones.club)).slice(1);
    expect(reminders).toEqual([`Påminnelse: Barn1 er påmeldt Fotball 2015 og venter fortsatt på svar.\nSvar JA ${replyCode} for å bekrefte, NEI ${replyCode} for å avslå.`]);
    expect(reminders[0]!.split("\n")[1]).toBe(notice!.split("\n")[1]);
    // Not yet time to warn of the lapse.
    expect(await smsTo(phones.family)).toEqual([]);
    expect(await smsTo(phones.caseworker)).toEqual([]);
  });

  it("tells the family and one caseworker once, CLUB_LAPSE_WARNING_HOURS before the hold lapses; the hold then lapses as before", async () => {
    const { clock, phones, family, signUp } = await setting("+479120002");
    const { enrollmentId } = await signUp();
    // The hold lapses after HOLD_TIMEOUT_DAYS (14): 11 December, 12:00 UTC.
    clock.advance(13 * 24 * HOUR - MINUTE);
    await runJob(clock);
    expect(await smsTo(phones.family)).toEqual([]);
    expect(await smsTo(phones.caseworker)).toEqual([]);

    clock.advance(MINUTE);
    await Promise.all([runJob(clock), runJob(clock)]);
    await runJob(clock);
    expect(await smsTo(phones.family)).toEqual([
      "Strømsgodset IF har ikke svart ennå på påmeldingen av Barn1 til Fotball 2015. Plassen er holdt av til 11. desember 2026. Svarer ikke klubben innen da, faller påmeldingen bort, og pengene som er holdt av, går tilbake til kortet.",
    ]);
    expect(await smsTo(phones.caseworker)).toEqual(["Fritidskortet: Strømsgodset IF har ikke svart på påmeldingen av Barn1 til Fotball 2015. Påmeldingen faller bort 11. desember 2026 hvis klubben ikke svarer."]);

    clock.advance(24 * HOUR);
    // The job runs over the whole database: other tests' sign-ups lapse too.
    expect((await expireLapsedHolds(ctx.db, clock.now())).expired).toBeGreaterThanOrEqual(1);
    expect(await ctx.db.prisma.enrollment.findUniqueOrThrow({ where: { id: enrollmentId }, select: { status: true } })).toEqual({ status: "EXPIRED" });
    const { periodId } = await ctx.db.prisma.enrollment.findUniqueOrThrow({ where: { id: enrollmentId } });
    expect(await cardStatement(ctx.db, { childId: family.children[0]!.id, periodId })).toMatchObject({ reservedNok: 0, availableNok: 1000 });
    await runJob(clock);
    expect(await smsTo(phones.family)).toHaveLength(1);
    expect(await smsTo(phones.caseworker)).toHaveLength(1);
  });

  it("sends nothing for a sign-up the club answered or the family cancelled in between", async () => {
    const { clock, phones, contact, family, signUp } = await setting("+479120003");
    const answered = await signUp(0);
    const cancelled = await signUp(1);
    await confirmEnrollment(ctx.db, { enrollmentId: answered.enrollmentId, actorId: contact.id, now: clock.now(), notices: text });
    await cancelEnrollment(ctx.db, { enrollmentId: cancelled.enrollmentId, actorId: family.guardian.id, today: TEST_DAY, now: clock.now(), notices: text });
    const before = { club: await smsTo(phones.club), family: await smsTo(phones.family) };
    for (const hours of [48, 13 * 24]) {
      clock.set(new Date(new Date(`${TEST_DAY}T12:00:00Z`).getTime() + hours * HOUR));
      await runJob(clock);
    }
    expect({ club: await smsTo(phones.club), family: await smsTo(phones.family) }).toEqual(before);
    expect(await smsTo(phones.caseworker)).toEqual([]);
  });

  it("skips numbers that opted out, and tells a caseworker who has not", async () => {
    const { clock, phones, municipalityId, signUp } = await setting("+479120004");
    await signUp();
    await ctx.db.prisma.channelIdentity.updateMany({ where: { address: { in: [phones.club, phones.family, phones.caseworker] } }, data: { optedOutAt: clock.now() } });
    const other = await createCaseworker(ctx.db.prisma, municipalityId);
    await ctx.db.prisma.channelIdentity.create({ data: { channel: "SMS", address: "+4791200049", personId: other.id, verifiedAt: clock.now() } });
    clock.advance(48 * HOUR);
    await runJob(clock);
    clock.advance(11 * 24 * HOUR);
    await runJob(clock);
    expect(await smsTo(phones.club)).toHaveLength(1); // the sign-up notice only
    expect(await smsTo(phones.family)).toEqual([]);
    expect(await smsTo(phones.caseworker)).toEqual([]);
    expect(await smsTo("+4791200049")).toEqual([expect.stringMatching(/^Fritidskortet: Strømsgodset IF har ikke svart/)]);
  });
});
