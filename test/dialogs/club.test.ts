import { describe, expect, it } from "vitest";
import { noticeText } from "../../dialogs/notices.ts";
import { clubCommandOf } from "../../dialogs/club/club-commands.ts";
import { findCardStatements } from "../../services/family/find-card-statement.ts";
import { signUpChild } from "../../services/enrollment/sign-up.ts";
import { WRONG_CODES_ALLOWED } from "../../services/clubs/answer-sign-up.ts";
import { createActivity, createPerson, createProvider, scheme } from "../support/fixtures.ts";
import { NOON, TODAY, newPhone, useConversation } from "./support.ts";

const ctx = useConversation();
const nb = () => ctx.t("nb");

let clubCounter = 0;

/** A club of its own (so open sign-ups never leak between tests) with one activity and a contact on SMS. */
async function newClub(options: { language?: string; optedOut?: boolean } = {}) {
  const prisma = ctx.db.prisma;
  const n = ++clubCounter;
  const provider = await createProvider(prisma, ctx.world.municipalityId, { name: `Klubb ${n}` });
  const activity = await createActivity(prisma, provider.id, { title: `Turn ${n}`, category: "gymnastics", feeOre: 50_000 });
  const second = await createActivity(prisma, provider.id, { title: `Volleyball ${n}`, category: "volleyball", feeOre: 30_000 });
  const contact = await createPerson(prisma, ctx.world.municipalityId, { givenName: "Geir", birthDate: "1978-05-30" });
  await prisma.providerContact.create({ data: { providerId: provider.id, personId: contact.id } });
  const phone = newPhone();
  await prisma.channelIdentity.create({
    data: { channel: "SMS", address: phone, personId: contact.id, verifiedAt: new Date(NOON), language: options.language ?? null, optedOutAt: options.optedOut ? new Date(NOON) : null },
  });
  return { provider, activity, second, contact, phone, chat: ctx.chat(phone) };
}

/** The parent signs Jonas up through the use case the sign-up dialog calls, with the club's notice. */
async function signUpJonas(family: { guardian: { id: string }; jonas: { id: string } }, activityId: string) {
  return signUpChild(ctx.db, { municipalityId: ctx.world.municipalityId, childId: family.jonas.id, activityId, actorId: family.guardian.id, today: TODAY, now: ctx.clock.now(), scheme, notices: noticeText({ t: ctx.t }) });
}

const smsTo = (phone: string) => ctx.db.prisma.outboxMessage.findMany({ where: { recipient: phone }, orderBy: { id: "asc" } });
const statusOf = async (enrollmentId: string) => (await ctx.db.prisma.enrollment.findUniqueOrThrow({ where: { id: enrollmentId } })).status;

describe("reading a club command", () => {
  it.each([
    ["JA 4F2K", { kind: "answer", answer: "confirm", code: "4F2K" }],
    ["  ja   4f2k. ", { kind: "answer", answer: "confirm", code: "4F2K" }],
    ["Ja4F2K", { kind: "answer", answer: "confirm", code: "4F2K" }],
    ["NEI 4F2K full", { kind: "answer", answer: "decline", code: "4F2K", reason: "full", message: "full" }],
    ["nei: 4f2k Laget er fullt!", { kind: "answer", answer: "decline", code: "4F2K", reason: "Laget er fullt!", message: "Laget er fullt!" }],
    ["JA 4F2K Vi har rampe", { kind: "answer", answer: "confirm", code: "4F2K", message: "Vi har rampe" }],
    ["PRAT 4f2k Ring oss på 90000000", { kind: "answer", answer: "talk", code: "4F2K", message: "Ring oss på 90000000" }],
    ["lukk 4F2K.", { kind: "answer", answer: "close", code: "4F2K" }],
    ["JA", { kind: "answer", answer: "confirm" }],
    ["ja takk", { kind: "answer", answer: "confirm" }],
    ["nei takk", { kind: "answer", answer: "decline" }],
    ["NEI fullt", { kind: "answer", answer: "decline", reason: "fullt" }],
    ["NEI 2015 er fullt", { kind: "answer", answer: "decline", reason: "2015 er fullt" }],
    ["deltakere", { kind: "participants" }],
    ["Deltakere 2", { kind: "participants", activityNumber: 2 }],
    ["participants", { kind: "participants" }],
    ["påmeldinger", { kind: "open" }],
    ["PAMELDINGER", { kind: "open" }],
    ["tilrettelegging", { kind: "accommodation" }],
  ])("%s", (text, command) => {
    expect(clubCommandOf(text)).toEqual(command);
  });

  it.each(["januar", "jonas", "hva er deltakere", "meld på fotball", "tilrettelegging for Jonas", "prat med klubben", "lukk"])("%s is none", (text) => {
    expect(clubCommandOf(text)).toBeNull();
  });
});

describe("a club in the conversation", () => {
  it("is told of a sign-up with the code to answer, never the card's amounts; JA <code> posts the hold and the family is told", async () => {
    const club = await newClub();
    const family = await ctx.parentChat();
    const signUp = await signUpJonas(family, club.activity.id);
    expect(signUp.replyCode).toMatch(/^[BCDFGHJKMNPQRSTVWXZ2-9]{4}$/);
    const [notice, ...more] = await smsTo(club.phone);
    expect(more).toEqual([]);
    expect(notice!.body).toBe(`Ny påmelding til Turn ${clubCounter}: Jonas, 11 år. Betalt.\nSvar JA ${signUp.replyCode} for å bekrefte, NEI ${signUp.replyCode} for å avslå.`);
    expect(notice!.body).not.toMatch(/\bkr\b|1 000|500/);

    const reply = await club.chat.send(`ja ${signUp.replyCode.toLowerCase()}`);
    expect(reply).toBe(`Bekreftet: Jonas på Turn ${clubCounter} (${signUp.replyCode}). Familien får beskjed.`);
    expect(await statusOf(signUp.enrollmentId)).toBe("CONFIRMED");
    const statement = (await findCardStatements(ctx.db, { municipalityId: ctx.world.municipalityId, childIds: [family.jonas.id], today: TODAY, rules: scheme })).get(family.jonas.id);
    expect(statement!.reservedNok).toBe(0);
    expect(statement!.availableNok).toBe(500);
    const [told] = await smsTo(family.phone);
    expect(told!.body).toBe(`Klubb ${clubCounter} har bekreftet plassen til Jonas på Turn ${clubCounter}.`);
    // Answering again changes nothing and tells no one twice.
    expect(await club.chat.send(`JA ${signUp.replyCode}`)).toContain("er allerede bekreftet");
    expect(await smsTo(family.phone)).toHaveLength(1);
  });

  it("NEI <code> <reason> voids the hold and tells the family in their language, quoting the club", async () => {
    const club = await newClub();
    const family = await ctx.parentChat({ language: "en" });
    const signUp = await signUpJonas(family, club.activity.id);
    const reply = await club.chat.send(`NEI ${signUp.replyCode} Laget er fullt`);
    expect(reply).toBe(`Avslått: Jonas på Turn ${clubCounter} (${signUp.replyCode}). Familien får beskjed.`);
    expect(await statusOf(signUp.enrollmentId)).toBe("DECLINED");
    const statement = (await findCardStatements(ctx.db, { municipalityId: ctx.world.municipalityId, childIds: [family.jonas.id], today: TODAY, rules: scheme })).get(family.jonas.id);
    expect(statement).toMatchObject({ availableNok: 1000, reservedNok: 0 });
    const [told] = await smsTo(family.phone);
    expect(told!.body).toBe(`Sorry, Klubb ${clubCounter} cannot take Jonas in Turn ${clubCounter}. The club writes: "Laget er fullt" The money set aside is back on the card.`);
  });

  it("answers a bare JA when one sign-up is open, and asks which by code when several are", async () => {
    const club = await newClub();
    const first = await signUpJonas(await ctx.parentChat(), club.activity.id);
    expect(await club.chat.send("ja")).toContain(`Bekreftet: Jonas på Turn ${clubCounter} (${first.replyCode})`);
    expect(await statusOf(first.enrollmentId)).toBe("CONFIRMED");

    const a = await signUpJonas(await ctx.parentChat(), club.activity.id);
    const b = await signUpJonas(await ctx.parentChat(), club.second.id);
    expect(a.replyCode).not.toBe(b.replyCode);
    const which = await club.chat.send("NEI");
    expect(which).toContain(`Flere påmeldinger venter på svar. Svar med koden, for eksempel JA ${a.replyCode}:`);
    expect(which).toContain(`${a.replyCode}: Jonas, 11 år, Turn ${clubCounter}`);
    expect(which).toContain(`${b.replyCode}: Jonas, 11 år, Volleyball ${clubCounter}`);
    expect([await statusOf(a.enrollmentId), await statusOf(b.enrollmentId)]).toEqual(["PENDING", "PENDING"]);
    expect(await club.chat.send("påmeldinger")).toContain(`Påmeldinger som venter på svar:\n${a.replyCode}: Jonas`);
  });

  it("refuses another club's code, and stops taking codes after too many wrong ones", async () => {
    const ours = await newClub();
    const theirs = await newClub();
    const theirSignUp = await signUpJonas(await ctx.parentChat(), theirs.activity.id);
    const ourSignUp = await signUpJonas(await ctx.parentChat(), ours.activity.id);
    expect(await ours.chat.send(`JA ${theirSignUp.replyCode}`)).toBe(nb()("club:answer.unknown_code", { code: theirSignUp.replyCode }));
    expect(await statusOf(theirSignUp.enrollmentId)).toBe("PENDING");
    for (let i = 1; i < WRONG_CODES_ALLOWED; i++) expect(await ours.chat.send(`NEI ZZ${i + 1}Z`)).toContain("Finner ingen påmelding med koden");
    // Now even the right code waits: guessing is too slow to be worth it.
    expect(await ours.chat.send(`JA ${ourSignUp.replyCode}`)).toBe("For mange ukjente koder. Prøv igjen om 15 minutter.");
    expect(await statusOf(ourSignUp.enrollmentId)).toBe("PENDING");
    ctx.clock.advance(16 * 60_000);
    try {
      expect(await ours.chat.send(`JA ${ourSignUp.replyCode}`)).toContain("Bekreftet: Jonas");
    } finally {
      ctx.clock.advance(-16 * 60_000);
    }
  });

  it("gives a parent who types club commands the family journeys", async () => {
    const club = await newClub();
    const family = await ctx.parentChat();
    const signUp = await signUpJonas(family, club.activity.id);
    const other = await ctx.parentChat();
    const reply = await other.chat.send(`JA ${signUp.replyCode}`);
    expect(reply).not.toContain("Bekreftet");
    expect(await statusOf(signUp.enrollmentId)).toBe("PENDING");
    expect(await other.chat.send("deltakere")).not.toMatch(/Bekreftet:|Venter på svar:|Klubben har/);
    // The family's accommodation journey, not the club's list of requests.
    expect(await other.chat.send("tilrettelegging")).not.toContain(nb()("club:accommodation.none"));
  });

  it("lists the club's own activities with confirmed and waiting participants, and one activity by number", async () => {
    const club = await newClub();
    const confirmed = await signUpJonas(await ctx.parentChat(), club.activity.id);
    await signUpJonas(await ctx.parentChat(), club.second.id);
    await club.chat.send(`JA ${confirmed.replyCode}`);
    const list = await club.chat.send("deltakere");
    expect(list).toContain(`1. Turn ${clubCounter}\nBekreftet: Jonas (11)`);
    expect(list).toContain(`2. Volleyball ${clubCounter}\nVenter på svar: Jonas (11)`);
    expect(list).not.toContain("Fotball 2015"); // another club's activity
    expect(await club.chat.send("deltakere 2")).toBe(`2. Volleyball ${clubCounter}\nVenter på svar: Jonas (11)`);
    expect(await club.chat.send("deltakere 3")).toBe("Klubben har ingen aktivitet nummer 3. Velg et tall fra 1 til 2.");
  });

  it("pages a long participant list on SMS with MER", async () => {
    const club = await newClub();
    for (let i = 0; i < 25; i++) await signUpJonas(await ctx.parentChat(), i < 20 ? club.activity.id : club.second.id);
    const first = await club.chat.send("deltakere");
    expect(first.length).toBeLessThanOrEqual(330);
    expect(first).toMatch(/Skriv MER for flere\.$/);
    const second = await club.chat.send("mer");
    expect(first).not.toContain("Volleyball");
    expect(second).toContain(`2. Volleyball ${clubCounter}\nVenter på svar: Jonas (11), Jonas (11), Jonas (11), Jonas (11), Jonas (11)`);
  });

  it("is told when a family cancels, once, and hears nothing after STOP", async () => {
    const club = await newClub();
    const family = await ctx.parentChat();
    const signUp = await signUpJonas(family, club.activity.id);
    await family.chat.send("jeg vil melde av");
    expect(await family.chat.send("ja")).toContain("Jonas er meldt av");
    const bodies = (await smsTo(club.phone)).map((row) => row.body);
    expect(bodies).toEqual([expect.stringContaining("Ny påmelding"), `Jonas er meldt av Turn ${clubCounter} (${signUp.replyCode}).`]);
    expect(await club.chat.send(`JA ${signUp.replyCode}`)).toBe(`Jonas er meldt av Turn ${clubCounter} (${signUp.replyCode}), så det er ingenting å svare på.`);

    const silent = await newClub({ optedOut: true });
    await signUpJonas(await ctx.parentChat(), silent.activity.id);
    expect(await smsTo(silent.phone)).toEqual([]);
  });

  it("writes to a contact in the language they chose", async () => {
    const club = await newClub({ language: "en" });
    const signUp = await signUpJonas(await ctx.parentChat(), club.activity.id);
    const [notice] = await smsTo(club.phone);
    expect(notice!.body).toBe(`New sign-up for Turn ${clubCounter}: Jonas, age 11. Paid.\nReply JA ${signUp.replyCode} to confirm, NEI ${signUp.replyCode} to decline.`);
    expect(await club.chat.send(`NEI ${signUp.replyCode} fullt lag`)).toBe(`Declined: Jonas in Turn ${clubCounter} (${signUp.replyCode}). The family will be told.`);
  });
});
