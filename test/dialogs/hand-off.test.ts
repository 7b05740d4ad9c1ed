import { describe, expect, it } from "vitest";
import { useConversation } from "./support.ts";

/** Staff recognised in chat, and a hand-off's routing, on the bot over SMS (always staffed: no settings given). */
const ctx = useConversation();

describe("staff in chat and the hand-off's routing", () => {
  it("an unverified number is asked to log in before a hand-off opens, and nothing is queued", async () => {
    const { chat } = await ctx.parentChat({ verified: false });
    const reply = await chat.send("jeg vil snakke med et menneske");
    expect(reply).toContain("For at en veileder i Drammen kommune skal kunne svare deg her, må du logge inn én gang først: https://");
    expect(await ctx.db.prisma.handOff.count()).toBe(0);
  });

  it("a caseworker who is also a parent gets staff commands, and the family journeys for everything else", async () => {
    const staffParent = await ctx.parentChat();
    await ctx.db.prisma.staffMember.create({ data: { personId: staffParent.guardian.id, municipalityId: ctx.world.municipalityId, role: "CASEWORKER" } });
    expect(await staffParent.chat.send("saker")).toBe("Ingen åpne henvendelser.\nSAKER viser åpne henvendelser. SVAR <kode> <tekst> svarer, LUKK <kode> lukker.");

    const family = await ctx.parentChat();
    expect(await family.chat.send("kan jeg snakke med en person")).toContain("Jeg har sendt henvendelsen din til veilederne i Drammen kommune.");
    const { code } = await ctx.db.prisma.handOff.findFirstOrThrow({ where: { personId: family.guardian.id } });
    expect(await staffParent.chat.send("saker")).toContain(`${code} ${family.guardian.givenName} (nb, SMS): venter`);

    // The staff member's own family questions still go to the family journeys.
    expect(await staffParent.chat.send("hvor mye har jonas igjen")).toContain("Jonas");

    // A waiting journey does not swallow a staff command.
    expect(await staffParent.chat.send("slett dataene mine")).toContain("Svar JA eller NEI");
    expect(await staffParent.chat.send(`SVAR ${code.toLowerCase()} Hei!`)).toBe(`Sendt til ${family.guardian.givenName} (${code}).`);
    expect(await ctx.db.prisma.handOffMessage.findMany({ where: { handOff: { code } }, select: { kind: true, body: true, authorId: true } })).toEqual([{ kind: "STAFF", body: "Hei!", authorId: staffParent.guardian.id }]);

    // The family's messages go to the caseworker, not to the bot; told once.
    expect(await family.chat.send("hvor mye har jonas igjen")).toBe("Meldingen din er lagt til henvendelsen din. Veilederen leser den og svarer deg her.");
    expect(await family.chat.send("hallo")).toBe("");
    expect(await staffParent.chat.send(`LUKK ${code}`)).toBe(`${code} er lukket. ${family.guardian.givenName} får svar fra chatboten igjen.`);
    expect(await family.chat.send("hvor mye har jonas igjen")).toContain("Jonas");
  });

  it("a privacy officer's SVAR is no staff command: it goes to the family journeys", async () => {
    const officer = await ctx.parentChat();
    await ctx.db.prisma.staffMember.create({ data: { personId: officer.guardian.id, municipalityId: ctx.world.municipalityId, role: "PRIVACY_OFFICER" } });
    const reply = await officer.chat.send("SVAR KX7Q2 hei");
    expect(reply).not.toContain("Sendt til");
    expect(reply).not.toContain("Fant ingen åpen henvendelse");
  });
});
