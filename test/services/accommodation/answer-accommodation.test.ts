import { beforeAll, describe, expect, it } from "vitest";
import { answerAccommodation } from "../../../services/accommodation/answer-accommodation.ts";
import { requestAccommodation } from "../../../services/accommodation/request-accommodation.ts";
import { replyToClub } from "../../../services/accommodation/reply-to-club.ts";
import { signUpChild } from "../../../services/enrollment/sign-up.ts";
import type { NoticeText } from "../../../services/clubs/notice-text.ts";
import { createI18n } from "../../../locales/i18n.ts";
import { noticeText } from "../../../dialogs/notices.ts";
import { useTestDatabase } from "../../support/database.ts";
import { createActivity, createFamily, createMunicipality, createProviderWithContact, scheme } from "../../support/fixtures.ts";

const ctx = useTestDatabase();
const today = "2026-09-15";
const now = new Date("2026-09-15T10:30:00Z");
let municipalityId: string;
let club: Awaited<ReturnType<typeof createProviderWithContact>>;
let notices: NoticeText;
let phones = 0;
const CLUB_PHONE = "+4790019999";

beforeAll(async () => {
  municipalityId = (await createMunicipality(ctx.db.prisma)).id;
  club = await createProviderWithContact(ctx.db.prisma, municipalityId, "Elvebyen IL");
  await ctx.db.prisma.channelIdentity.create({ data: { channel: "SMS", address: CLUB_PHONE, personId: club.contact.id, verifiedAt: now, language: "nb" } });
  notices = noticeText(await createI18n("nb"));
});

/** A request for a signed-up child of `birthDate`, asked by the guardian or by the youth themself; the asker reads SMS in Norwegian. */
async function request(birthDate: string, askedBy: "guardian" | "youth", note?: string) {
  const { guardian, children: [child] } = await createFamily(ctx.db.prisma, municipalityId, [birthDate]);
  await ctx.db.prisma.person.update({ where: { id: child!.id }, data: { givenName: "Nora" } });
  const asker = askedBy === "guardian" ? guardian : child!;
  const phone = `+4790011${String(phones++).padStart(3, "0")}`;
  await ctx.db.prisma.channelIdentity.create({ data: { channel: "SMS", address: phone, personId: asker.id, verifiedAt: now, language: "nb" } });
  const activity = await createActivity(ctx.db.prisma, club.provider.id, { title: "Klatring" });
  const { enrollmentId } = await signUpChild(ctx.db, { municipalityId, childId: child!.id, activityId: activity.id, actorId: guardian.id, today, now, scheme });
  await requestAccommodation(ctx.db, { enrollmentId, requestedById: asker.id, needs: ["hearing"], today, now, notices, ...(note ? { note } : {}) });
  const { replyCode } = await ctx.db.prisma.accommodationRequest.findFirstOrThrow({ where: { enrollmentId } });
  return { phone, code: replyCode!, askerId: asker.id };
}

const sentTo = async (phone: string) => (await ctx.db.prisma.outboxMessage.findMany({ where: { recipient: phone }, orderBy: { createdAt: "asc" }, select: { body: true } })).map((message) => message.body);

describe("the club's answer to an accommodation request, as the family reads it", () => {
  it("names the child to the guardian who asked", async () => {
    const { phone, code } = await request("2015-03-01", "guardian");
    await answerAccommodation(ctx.db, { personId: club.contact.id, answer: "talk", code, message: "Ring oss", now, notices });
    expect((await sentTo(phone)).at(-1)).toContain("Elvebyen IL vil gjerne snakke med dere om tilrettelegging for Nora på Klatring.");
  });

  it("speaks to a youth who asked for themself as \"du\", for every answer and the club's closing", async () => {
    const { phone, code } = await request("2012-01-01", "youth");
    await answerAccommodation(ctx.db, { personId: club.contact.id, answer: "talk", code, message: "Ring oss", now, notices });
    await answerAccommodation(ctx.db, { personId: club.contact.id, answer: "confirm", code, now, notices });
    await answerAccommodation(ctx.db, { personId: club.contact.id, answer: "close", code, now, notices });
    const [talk, can, closed] = (await sentTo(phone)).slice(-3);
    expect(talk).toContain("Elvebyen IL vil gjerne snakke med deg om tilrettelegging på Klatring.");
    expect(can).toContain("Elvebyen IL kan tilrettelegge for deg på Klatring.");
    expect(closed).toContain("Elvebyen IL har avsluttet saken om tilrettelegging for deg på Klatring.");
    for (const text of [talk, can, closed]) expect(text).not.toContain("Nora");
  });
});

describe("the family side of a thread, as the club reads it", () => {
  it.each([
    ["guardian", "Familien skriver:", "Familien til Nora svarer", "Familien til Nora har avsluttet", "Sendt til familien til Nora", "Familien får beskjed."],
    ["youth", "Nora skriver:", "Nora svarer", "Nora har avsluttet", "Sendt til Nora", "Nora får beskjed."],
  ] as const)("names who asked: the %s", async (askedBy, note, reply, closing, sent, told) => {
    const { code, askerId } = await request("2012-01-01", askedBy, "Jeg hører dårlig på venstre øre");
    expect((await sentTo(CLUB_PHONE)).at(-1)).toContain(`${note} "Jeg hører dårlig på venstre øre"`);
    const answered = await answerAccommodation(ctx.db, { personId: club.contact.id, answer: "talk", code, message: "Ring oss", now, notices });
    await replyToClub(ctx.db, { personId: askerId, action: "reply", text: "Når passer det?", now, notices });
    expect((await sentTo(CLUB_PHONE)).at(-1)).toMatch(new RegExp(`^${reply} om tilrettelegging på Klatring \\(${code}\\)\\.\\n${note} "Når passer det\\?"`));
    await answerAccommodation(ctx.db, { personId: club.contact.id, answer: "talk", code, message: "I morgen", now, notices });
    await replyToClub(ctx.db, { personId: askerId, action: "close", now, notices });
    expect((await sentTo(CLUB_PHONE)).at(-1)).toContain(`${closing} saken om tilrettelegging på Klatring (${code}).`);
    // The club's own confirmations (dialogs/club/answer-sign-up-dialog.ts) say who is told.
    const t = (await createI18n("nb")).t("nb");
    if (answered.outcome !== "SENT") throw new Error(`expected SENT, got ${answered.outcome}`);
    expect(t("accommodation:club.sent", { child: answered.childName, code, ...answered.familySide })).toBe(`${sent} (${code}).`);
    expect(t("accommodation:club.closed", { child: answered.childName, code, ...answered.familySide })).toContain(told);
  });
});
