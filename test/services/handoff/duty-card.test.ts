import { describe, expect, it } from "vitest";
import { commandOfCardSubmit } from "../../../bot/channels/teams/notice-card.ts";
import { createI18n } from "../../../locales/i18n.ts";
import { noticeText } from "../../../dialogs/notices.ts";
import { announceToDuty } from "../../../services/handoff/duty.ts";
import { useTestDatabase } from "../../support/database.ts";
import { testClock } from "../../support/clock.ts";
import { createMunicipality, createPerson } from "../../support/fixtures.ts";

const ctx = useTestDatabase();

describe("a hand-off's notice to a caseworker in Teams", () => {
  it("is a card whose buttons send SVAR <code> with the typed answer, or LUKK <code>, as the SMS commands", async () => {
    const clock = testClock();
    const municipality = await createMunicipality(ctx.db.prisma);
    const caseworker = await createPerson(ctx.db.prisma, municipality.id, { givenName: "Sigrid" });
    await ctx.db.prisma.staffMember.create({ data: { personId: caseworker.id, municipalityId: municipality.id, role: "CASEWORKER" } });
    await ctx.db.prisma.channelIdentity.create({ data: { channel: "TEAMS", address: "aad-sigrid", personId: caseworker.id, verifiedAt: clock.now() } });
    await ctx.db.prisma.teamsConversationReference.create({ data: { address: "aad-sigrid", reference: { conversation: { id: "a:1" } }, updatedAt: clock.now() } });
    const i18n = await createI18n("nb");
    const notices = { text: noticeText(i18n), municipalityName: "Drammen", inboxUrl: "https://fritidskort.test/staff/" };

    const handOff = { municipalityId: municipality.id, code: "K3F9Q", channel: "SMS", language: "nb", reason: "Jeg trenger hjelp", personName: "Kristin" };
    const reached = await ctx.db.prisma.$transaction((tx) => announceToDuty(tx, handOff, "new", notices, clock.now()));
    expect(reached).toEqual([caseworker.id]);

    const [row] = await ctx.db.prisma.outboxMessage.findMany({ where: { channel: "TEAMS", recipient: "aad-sigrid" } });
    expect(row!.body).toContain("K3F9Q");
    expect(row!.answers).toEqual({
      choices: [
        { title: "Svar", command: "SVAR K3F9Q" },
        { title: "Lukk", command: "LUKK K3F9Q" },
      ],
      input: "Svar til personen",
    });
    // What Teams posts when the caseworker types an answer and presses "Svar".
    expect(commandOfCardSubmit({ type: "message", value: { fritidskortCommand: "SVAR K3F9Q", fritidskortMessage: "Hei Kristin, jeg ringer deg i morgen" } })).toBe("SVAR K3F9Q Hei Kristin, jeg ringer deg i morgen");
  });
});
