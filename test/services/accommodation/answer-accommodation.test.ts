import { beforeAll, describe, expect, it } from "vitest";
import { answerAccommodation } from "../../../services/accommodation/answer-accommodation.ts";
import { requestAccommodation } from "../../../services/accommodation/request-accommodation.ts";
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

beforeAll(async () => {
  municipalityId = (await createMunicipality(ctx.db.prisma)).id;
  club = await createProviderWithContact(ctx.db.prisma, municipalityId, "Elvebyen IL");
  notices = noticeText(await createI18n("nb"));
});

/** A request for a signed-up child of `birthDate`, asked by the guardian or by the youth themself; the asker reads SMS in Norwegian. */
async function request(birthDate: string, askedBy: "guardian" | "youth") {
  const { guardian, children: [child] } = await createFamily(ctx.db.prisma, municipalityId, [birthDate]);
  await ctx.db.prisma.person.update({ where: { id: child!.id }, data: { givenName: "Nora" } });
  const asker = askedBy === "guardian" ? guardian : child!;
  const phone = `+4790011${String(phones++).padStart(3, "0")}`;
  await ctx.db.prisma.channelIdentity.create({ data: { channel: "SMS", address: phone, personId: asker.id, verifiedAt: now, language: "nb" } });
  const activity = await createActivity(ctx.db.prisma, club.provider.id, { title: "Klatring" });
  const { enrollmentId } = await signUpChild(ctx.db, { municipalityId, childId: child!.id, activityId: activity.id, actorId: guardian.id, today, now, scheme });
  await requestAccommodation(ctx.db, { enrollmentId, requestedById: asker.id, needs: ["hearing"], today, now });
  const { replyCode } = await ctx.db.prisma.accommodationRequest.findFirstOrThrow({ where: { enrollmentId } });
  return { phone, code: replyCode! };
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
