import { describe, expect, it } from "vitest";
import { seedDemoOnce } from "../../../../prisma/seed/index.ts";
import identities from "../../../../prisma/seed/demo-identities.json" with { type: "json" };
import { answerHandOff } from "../../../../services/handoff/answer-hand-off.ts";
import { useApp } from "../support/app.ts";
import { smsPhones } from "../support/sms-phones.ts";

// 27 November 2026, 13:00 in Drammen: a Friday, within the default staffed hours (mon-fri 08:00-15:30).
const ctx = useApp({}, { prepare: seedDemoOnce });
const PARENT = identities.parent.phone;
const YOUTH = identities.youth.phone;
const CASEWORKER = identities.caseworker.phone;
const ADMIN = identities.admin.phone;
const { text: textAs, outboxTo, outboxSmsMatching } = smsPhones(ctx);

const auditOf = (action: string) => ctx.app.db!.prisma.auditLog.findMany({ where: { action }, orderBy: { id: "asc" } });

describe("talk to a person over SMS (the demo parent and the demo caseworker)", () => {
  let code = "";

  it("the parent's request reaches the caseworker's phone with a code, the transcript and how to answer", async () => {
    expect(await textAs(PARENT, "hei")).toContain("Fritidskortet");
    expect(await textAs(PARENT, "jeg vil snakke med et menneske")).toBe(
      "Jeg har sendt henvendelsen din til veilederne i Drammen kommune. De svarer deg her. Det du skriver nå, går til dem, ikke til chatboten.",
    );
    const notice = await outboxSmsMatching(CASEWORKER, /^Ny henvendelse/);
    code = /^Ny henvendelse ([A-Z0-9]{5}) fra Kristin \(nb, SMS\)\./.exec(notice)![1]!;
    expect(notice).toBe(
      `Ny henvendelse ${code} fra Kristin (nb, SMS).\nSkrev: "jeg vil snakke med et menneske"\nSvar: SVAR ${code} <tekst>. Lukk: LUKK ${code}. Innboks: ${ctx.config.publicBaseUrl}/staff/`,
    );
    // The admin may answer hand-offs but is not on the duty list.
    expect(outboxTo(ADMIN)).toEqual([]);
    const handOff = await ctx.app.db!.prisma.handOff.findFirstOrThrow({ where: { code } });
    expect(handOff).toMatchObject({ channel: "SMS", language: "nb", status: "OPEN", reason: "jeg vil snakke med et menneske", personId: identities.parent.personId });
    const transcript = handOff.transcript as { from: string; text: string }[];
    expect(transcript[0]).toMatchObject({ from: "person", text: "hei" });
    expect(transcript[1]?.from).toBe("bot");
    expect(transcript.some((line) => line.text === "jeg vil snakke med et menneske")).toBe(false);
  }, 120_000);

  it("SVAR <code> reaches the parent as the caseworker's own words, and the parent's reply reaches the caseworker", async () => {
    expect(await textAs(CASEWORKER, `SVAR ${code} Hei Kristin! Hva gjelder det?`)).toBe(`Sendt til Kristin (${code}).`);
    expect(await outboxSmsMatching(PARENT, /^Sigrid/)).toBe("Sigrid fra Drammen kommune skriver: Hei Kristin! Hva gjelder det?");

    // While the hand-off is open the parent's words go to the caseworker, not to the bot; told so once.
    expect(await textAs(PARENT, "hvor mye har jonas igjen? regningen stemmer ikke")).toBe("Meldingen din er lagt til henvendelsen din. Veilederen leser den og svarer deg her.");
    expect(await outboxSmsMatching(CASEWORKER, (body) => body.startsWith(`${code} Kristin:`))).toBe(`${code} Kristin: hvor mye har jonas igjen? regningen stemmer ikke`);
    expect(await textAs(PARENT, "hallo?")).toBe("");
    expect(await outboxSmsMatching(CASEWORKER, (body) => body === `${code} Kristin: hallo?`)).toBeTruthy();

    const answered = await auditOf("handoff.answered");
    expect(answered.map((row) => row.actorId)).toEqual([identities.caseworker.personId]);
    expect(JSON.stringify(answered.map((row) => row.data))).not.toContain("Hva gjelder");
  }, 120_000);

  it("SAKER lists the open hand-off for the caseworker", async () => {
    expect(await textAs(CASEWORKER, "saker")).toBe(
      `Åpne henvendelser:\n${code} Kristin (nb, SMS): hos Sigrid\nSAKER viser åpne henvendelser. SVAR <kode> <tekst> svarer, LUKK <kode> lukker.`,
    );
  }, 60_000);

  it("refuses a wrong code, and a non-staff person's SVAR never reaches the parent", async () => {
    expect(await textAs(CASEWORKER, "SVAR ZZ99Q hei")).toBe("Fant ingen åpen henvendelse med koden ZZ99Q.\nSAKER viser åpne henvendelser. SVAR <kode> <tekst> svarer, LUKK <kode> lukker.");
    const refused = await auditOf("handoff.refused");
    expect(refused.at(-1)).toMatchObject({ actorId: identities.caseworker.personId, entityId: "code:ZZ99Q" });

    const before = outboxTo(PARENT).length;
    const reply = await textAs(YOUTH, `SVAR ${code} dette er ikke fra kommunen`);
    expect(reply).not.toContain("Sendt til");
    await new Promise((resolve) => setTimeout(resolve, 300));
    ctx.app.channels.outbox!.wake();
    expect(outboxTo(PARENT).length).toBe(before);
    expect(await ctx.app.db!.prisma.handOffMessage.count({ where: { body: { contains: "ikke fra kommunen" } } })).toBe(0);
  }, 60_000);

  it("a caseworker of another municipality cannot answer with the code", async () => {
    const prisma = ctx.app.db!.prisma;
    const other = await prisma.municipality.create({ data: { number: "3907", name: "Sandefjord" } });
    await prisma.person.create({ data: { id: "other-caseworker", municipalityId: other.id, givenName: "Ola", familyName: "Annen" } });
    await prisma.staffMember.create({ data: { personId: "other-caseworker", municipalityId: other.id, role: "CASEWORKER" } });
    const result = await answerHandOff(ctx.app.db!, {
      actor: { personId: "other-caseworker", municipalityId: other.id, role: "CASEWORKER" },
      ref: { code },
      text: "hei fra Sandefjord",
      now: ctx.clock.now(),
      notices: { text: () => "x", municipalityName: "Sandefjord", inboxUrl: "" },
    });
    expect(result).toEqual({ outcome: "UNKNOWN" });
    expect((await auditOf("handoff.refused")).at(-1)).toMatchObject({ actorId: "other-caseworker" });
    // A privacy officer of the same municipality does not answer hand-offs either.
    const own = await prisma.handOff.findFirstOrThrow({ where: { code } });
    const officer = await answerHandOff(ctx.app.db!, { actor: { personId: "other-caseworker", municipalityId: own.municipalityId, role: "PRIVACY_OFFICER" }, ref: { code }, text: "hei", now: ctx.clock.now(), notices: { text: () => "x", municipalityName: "", inboxUrl: "" } });
    expect(officer).toEqual({ outcome: "FORBIDDEN" });
  }, 60_000);

  it("LUKK <code> closes it, tells the parent, and the bot answers the parent again", async () => {
    expect(await textAs(CASEWORKER, `LUKK ${code}`)).toBe(`${code} er lukket. Kristin får svar fra chatboten igjen.`);
    expect(await outboxSmsMatching(PARENT, /avsluttet samtalen/)).toBe("Sigrid fra Drammen kommune har avsluttet samtalen. Nå svarer chatboten igjen.");
    expect(await textAs(PARENT, "hvor mye har jonas igjen")).toContain("Jonas");
    expect(await textAs(CASEWORKER, `LUKK ${code}`)).toContain("Fant ingen åpen henvendelse");
    expect((await auditOf("handoff.closed")).map((row) => row.actorId)).toEqual([identities.caseworker.personId]);
  }, 60_000);
});
