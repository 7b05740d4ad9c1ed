import { describe, expect, it } from "vitest";
import { seedDemoOnce } from "../../../../prisma/seed/index.ts";
import identities from "../../../../prisma/seed/demo-identities.json" with { type: "json" };
import { smsPhones } from "../support/sms-phones.ts";
import { eventually, useApp } from "../support/app.ts";

const ctx = useApp({ ACCOMMODATION_THREAD_QUIET_DAYS: "30" }, { prepare: seedDemoOnce });
const PARENT = identities.parent.phone;
const CLUB = identities.provider.phone;
const DAY_MS = 86_400_000;

const { outboxTo, nthOutboxSms, outboxSmsMatching, text } = smsPhones(ctx);

const messagesOf = (requestId: string) =>
  ctx.app.db!.prisma.accommodationMessage.findMany({ where: { requestId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { kind: true, body: true, authorId: true } });

describe("accommodation requests over SMS, both ways (the demo's Kvitstein Fotballklubb)", () => {
  let requestCode = "";
  let requestId = "";

  it("a request made in the sign-up reaches the club with its code; PRAT, the family's SVAR and JA go back and forth, each a thread message", async () => {
    expect(await text(PARENT, "english please")).toMatch(/English/);
    const list = await text(PARENT, "sign up jonas for football");
    const number = /(\d)\. Football, ages 11-12 \(Fotball 11-12 år\), Kvitstein Fotballklubb/.exec(list)![1]!;
    expect(await text(PARENT, number)).toContain("Reply YES or NO");
    expect(await text(PARENT, "yes")).toContain("Does Jonas need any adaptation");
    expect(await text(PARENT, "yes")).toContain("1. Wheelchair access");
    expect(await text(PARENT, "1,2")).toContain("Reply YES or NO");
    expect(await text(PARENT, "yes")).toContain("short note to the club");
    expect(await text(PARENT, "We bring our own ramp")).toContain("Is it all right for Kvitstein Fotballklubb to read your note?");
    expect(await text(PARENT, "yes")).toContain("Kvitstein Fotballklubb");

    const signUpNotice = await outboxSmsMatching(CLUB, /^Ny påmelding/);
    const signUpCode = /Svar JA ([A-Z0-9]{4}) for å bekrefte/.exec(signUpNotice)![1]!;
    const notice = await outboxSmsMatching(CLUB, /^Ønske om tilrettelegging/);
    expect(notice).toMatch(
      /^Ønske om tilrettelegging for Jonas på Fotball 11-12 år: Rullestoltilgang, Allergi\.\nFamilien skriver: "We bring our own ramp"\nSvar JA ([A-Z0-9]{4}) <melding> \(vi kan\), PRAT \1 <melding> \(vi må snakke\) eller NEI \1 <melding> \(vi kan ikke\)\.$/,
    );
    requestCode = /Svar JA ([A-Z0-9]{4})/.exec(notice)![1]!;
    expect(requestCode).not.toBe(signUpCode);
    const request = await ctx.app.db!.prisma.accommodationRequest.findFirstOrThrow({ where: { replyCode: requestCode } });
    requestId = request.id;

    expect(await text(CLUB, `PRAT ${requestCode} Ring oss på 90000000`)).toBe(`Sendt til familien til Jonas (${requestCode}).`);
    expect(await nthOutboxSms(PARENT, 1)).toBe(
      'Kvitstein Fotballklubb would like to talk with you about accommodation for Jonas in Football, ages 11-12.\nThe club\'s own words (not translated): "Ring oss på 90000000"\nAnswer the club with SVAR and your text, or LUKK to close the request.',
    );

    expect(await text(PARENT, "SVAR Thanks, I will call tomorrow")).toBe("Sent to Kvitstein Fotballklubb.");
    expect(await nthOutboxSms(CLUB, 3)).toBe(
      `Familien til Jonas svarer om tilrettelegging på Fotball 11-12 år (${requestCode}).\nFamilien skriver: "Thanks, I will call tomorrow"\nSvar JA/PRAT/NEI ${requestCode} <melding>, eller LUKK ${requestCode} for å avslutte.`,
    );

    expect(await text(CLUB, `ja ${requestCode.toLowerCase()} Rampen er klar`)).toBe(`Sendt til familien til Jonas (${requestCode}).`);
    expect(await nthOutboxSms(PARENT, 2)).toBe(
      'Kvitstein Fotballklubb can make the accommodation for Jonas in Football, ages 11-12.\nThe club\'s own words (not translated): "Rampen er klar"\nAnswer the club with SVAR and your text, or LUKK to close the request.',
    );
    // The sign-up's code keeps its meaning: JA confirms the place.
    expect(await text(CLUB, `JA ${signUpCode}`)).toBe(`Bekreftet: Jonas på Fotball 11-12 år (${signUpCode}). Familien får beskjed.`);

    const parent = identities.parent.personId;
    const club = identities.provider.personId;
    expect(await messagesOf(requestId)).toEqual([
      { kind: "REQUEST", body: "We bring our own ramp", authorId: parent },
      { kind: "TALK", body: "Ring oss på 90000000", authorId: club },
      { kind: "FAMILY_REPLY", body: "Thanks, I will call tomorrow", authorId: parent },
      { kind: "CAN", body: "Rampen er klar", authorId: club },
    ]);

    // The family closes the thread; the club is told, and its code answers no more.
    expect(await text(PARENT, "LUKK")).toBe("The accommodation request for Jonas is closed. Kvitstein Fotballklubb is told.");
    expect(await outboxSmsMatching(CLUB, /^Familien til Jonas har avsluttet/)).toBe(`Familien til Jonas har avsluttet saken om tilrettelegging på Fotball 11-12 år (${requestCode}).`);
    expect(await text(CLUB, `PRAT ${requestCode} hallo?`)).toBe(`Saken om tilrettelegging for Jonas (${requestCode}) er allerede avsluttet.`);
    expect((await messagesOf(requestId)).map((m) => m.kind)).toEqual(["REQUEST", "TALK", "FAMILY_REPLY", "CAN", "CLOSED"]);
  }, 180_000);

  it("opens a request later from a sentence; a note the family does not agree to share never reaches the club", async () => {
    expect(await text(PARENT, "norsk takk")).toMatch(/norsk/i);
    const earlier = new Set(outboxTo(CLUB));
    expect(await text(PARENT, "Jonas trenger tilrettelegging på fotballen")).toContain("Hva trenger Jonas?");
    expect(await text(PARENT, "3")).toContain("Svar JA eller NEI");
    expect(await text(PARENT, "ja")).toContain("kort beskjed til klubben");
    expect(await text(PARENT, "Han blir urolig av høye lyder")).toContain("får lese beskjeden din?");
    expect(await text(PARENT, "nei")).toContain("Ok, beskjeden din sendes ikke til klubben.");
    ctx.app.channels.outbox!.wake();
    const notice = await eventually("the second request's notice", async () => outboxTo(CLUB).find((body) => !earlier.has(body) && body.startsWith("Ønske om")));
    expect(notice).toMatch(/^Ønske om tilrettelegging for Jonas på Fotball 11-12 år: Hørsel\.\nSvar JA [A-Z0-9]{4} <melding>/);
    expect(outboxTo(CLUB).join("\n")).not.toContain("høye lyder");
    const code = /Svar JA ([A-Z0-9]{4})/.exec(notice)![1]!;
    const request = await ctx.app.db!.prisma.accommodationRequest.findFirstOrThrow({ where: { replyCode: code, status: "OPEN" } });
    expect(await messagesOf(request.id)).toEqual([{ kind: "REQUEST", body: "", authorId: identities.parent.personId }]);
  }, 120_000);

  it("refuses another club's request code, and leaves that thread alone", async () => {
    const prisma = ctx.app.db!.prisma;
    const ours = await prisma.providerContact.findFirstOrThrow({ where: { personId: identities.provider.personId } });
    const other = await prisma.activity.findFirstOrThrow({ where: { providerId: { not: ours.providerId } } });
    const theirs = await prisma.accommodationRequest.create({
      data: { childId: identities.parent.children[0]!.personId, activityId: other.id, providerId: other.providerId, requestedById: identities.parent.personId, needs: ["hearing"], replyCode: "Z9Z9", consentAt: ctx.clock.now(), lastMessageAt: ctx.clock.now(), createdAt: ctx.clock.now() },
    });
    expect(await text(CLUB, "PRAT Z9Z9 Ring oss")).toBe("Finner ingen påmelding med koden Z9Z9 i klubben din. Skriv PÅMELDINGER for å se hva som venter på svar.");
    expect(await text(CLUB, "JA Z9Z9 Ok")).toContain("Finner ingen påmelding med koden Z9Z9");
    expect(await messagesOf(theirs.id)).toEqual([]);
    expect((await prisma.accommodationRequest.findUniqueOrThrow({ where: { id: theirs.id } })).status).toBe("OPEN");
    expect(await prisma.auditLog.count({ where: { actorId: identities.provider.personId, action: "club.reply_code_refused" } })).toBe(2);
  }, 60_000);

  it("closes a thread nobody has written in for ACCOMMODATION_THREAD_QUIET_DAYS, on the service's clock", async () => {
    const prisma = ctx.app.db!.prisma;
    const open = () => prisma.accommodationRequest.count({ where: { status: { not: "CLOSED" } } });
    const before = await open();
    expect(before).toBeGreaterThan(0);
    ctx.clock.advance(29 * DAY_MS);
    expect((await ctx.app.jobs!.runNow("close-quiet-threads")).summary).toEqual({ closed: 0 });
    ctx.clock.advance(2 * DAY_MS);
    expect((await ctx.app.jobs!.runNow("close-quiet-threads")).summary).toEqual({ closed: before });
    expect(await open()).toBe(0);
    expect(await text(PARENT, "SVAR hallo")).toBe("Du har ingen åpen sak om tilrettelegging der klubben venter på svar.");
  }, 60_000);
});
