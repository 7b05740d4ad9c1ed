import { describe, expect, it } from "vitest";
import type { Language } from "../../services/languages.ts";
import { redeemLoginToken } from "../../services/identity-login.ts";
import { answerAccommodation } from "../../services/accommodation/answer-accommodation.ts";
import { requestAccommodation } from "../../services/accommodation/request-accommodation.ts";
import { noticeText } from "../../dialogs/notices.ts";
import { createActivity, createPerson } from "../support/fixtures.ts";
import { BASE_URL, createYouth, fund, newPhone, NOON, TODAY, useConversation, type Conversation } from "./support.ts";

const ctx = useConversation();
const { t, parentChat } = ctx;

/** Plays (utterance → expected fragments) turn by turn; each reply must contain every fragment. */
async function play(chat: Conversation, turns: [string, ...(string | RegExp)[]][]) {
  for (const [utterance, ...expected] of turns) {
    const reply = await chat.send(utterance);
    for (const fragment of expected) {
      if (typeof fragment === "string") expect(reply, `reply to "${utterance}"`).toContain(fragment);
      else expect(reply, `reply to "${utterance}"`).toMatch(fragment);
    }
  }
}

const nb = () => t("nb");
/** Minutes after the bot's clock (test/dialogs/support.ts: noon on TODAY). */
const minutesLater = (minutes: number) => new Date(ctx.clock.now().getTime() + minutes * 60_000);
const en = () => t("en");

describe("help, greeting and unclear input", () => {
  it("answers a greeting with the welcome and the scheme in Norwegian", async () => {
    const { chat } = await parentChat();
    await play(chat, [["hei", "Hei! Dette er Fritidskortet i Drammen.", "1 000 kr hvert halvår"]]);
  });

  it("shows a numbered menu where 2 finds an activity", async () => {
    const { chat } = await parentChat();
    await play(chat, [
      ["hjelp", "Svar med et tall:", "2. Finn aktivitet", "9. Snakk med en person"],
      ["2", nb()("chat:find.ask")],
      ["fotball", "1. Fotball 2015, Konnerud IL, Konnerud, tirsdag kl. 17:30, 600 kr"],
    ]);
  });

  it.each([
    ["xyzzy", "chat:out_of_scope"],
    ["7", "chat:clarify"],
  ])("never leaves %s at a dead end: it says so and offers the menu", async (utterance, key) => {
    const { chat } = await parentChat();
    await play(chat, [[utterance, nb()(key), "2. Finn aktivitet"]]);
  });

  it("asks again with the valid numbers when a menu answer is out of range", async () => {
    const { chat } = await parentChat();
    await play(chat, [
      ["meny", "1. Hvem får kortet"],
      ["42", "Svar med et tall fra 1 til 9:"],
      ["7", "minst 8 ganger per halvår"],
    ]);
  });
});

describe("eligibility", () => {
  it.each<[string, Language, string, string]>([
    ["nb", "nb", "kan ella få kortet", "Ella er for ung ennå, men kan få kortet fra 1. januar 2027."],
    ["en", "en", "can jonas get the card", "Jonas can get the leisure card this half-year."],
    ["ar", "ar", "هل يمكن لإيلا الحصول على البطاقة؟", ""],
  ])("answers a parent per child (%s)", async (_name, language, utterance, expected) => {
    const { chat } = await parentChat();
    const reply = await chat.send(utterance);
    if (language === "ar") {
      // Arabic names are not matched to the register's Latin names yet: both children are answered.
      expect(reply).toContain(t("ar")("chat:eligibility.eligible", { name: "Jonas" }));
      expect(reply).toContain(t("ar")("chat:eligibility.too_young", { name: "Ella", date: "1 يناير 2027" }));
    } else {
      expect(reply).toContain(expected);
    }
  });

  it("explains the general rule to someone not logged in, without asking them to log in", async () => {
    const { chat } = await parentChat({ verified: false });
    await play(chat, [["hvem kan få fritidskortet?", "fyller 6 til 18 år i år", "1 000 kr hvert halvår"]]);
  });
});

describe("find activities", () => {
  it("lists by category and district, shows one in full by number, and says when a number is not in the list", async () => {
    const { chat } = await parentChat();
    await play(chat, [
      ["fotball på konnerud", "Aktiviteter for Jonas (11 år), 1:", "1. Fotball 2015"],
      ["1", "Fotball 2015 (Konnerud IL)", "Ledige plasser: 20", "\"meld på 1\""],
      ["7", "Det er ikke noe nummer 7 i lista. Velg et tall fra 1 til 1."],
    ]);
  });

  it("shows at most three per SMS and MER for more", async () => {
    const { chat } = await parentChat();
    const first = await chat.send("aktiviteter på konnerud");
    expect(first).toContain("3. ");
    expect(first).not.toContain("4. ");
    expect(first).toContain(nb()("chat:find.more"));
    const more = await chat.send("MER");
    expect(more).toContain("4. ");
  });

  it("fits the list to the only child of the scheme's ages, and to the child named", async () => {
    const { chat } = await parentChat();
    const football = await ctx.db.prisma.activity.findUniqueOrThrow({ where: { id: ctx.world.activities.football } });
    const youthGroup = await createActivity(ctx.db.prisma, football.providerId, { title: "Juniorfotball 15-18", category: "football", minAge: 15, maxAge: 18, weekdays: [2], districtId: football.districtId });
    try {
      // Jonas (11) is the only child of the scheme's ages (Ella is 5): the 15-18 group is not his.
      const reply = await chat.send("fotball");
      expect(reply).toContain("Aktiviteter for Jonas (11 år), 1:");
      expect(reply).not.toContain("Juniorfotball");
      // An age asked for is the list's age.
      expect(await chat.send("fotball for 16 år")).toContain("Juniorfotball 15-18");
    } finally {
      await ctx.db.prisma.activity.delete({ where: { id: youthGroup.id } });
    }
  });

  it("offers the nearest alternatives, saying what was given up, when nothing fits", async () => {
    const { chat } = await parentChat();
    // Football is on Tuesdays only: Saturday finds nothing, so other days are offered.
    await play(chat, [["fotball på lørdag", /^Ingen treff den dagen\. Dette passer andre dager:/, "1. Fotball 2015"]]);
  });

  it("never offers what the card does not pay for (a camp)", async () => {
    const { chat } = await parentChat();
    expect(await chat.send("aktiviteter på konnerud")).not.toContain("Fotballcamp");
  });
});

describe("sign-up", () => {
  it("signs up by number from the list; the card pays all; an accommodation request goes to the club", async () => {
    const { chat, jonas } = await parentChat();
    await play(chat, [
      ["fotball", "1. Fotball 2015"],
      // Ella (too young) is not offered: Jonas, the only child who can have the card, is asked about.
      ["meld på 1", "Melde Jonas på Fotball 2015 (Konnerud IL), 600 kr per halvår? Svar JA eller NEI."],
      ["ja", "Jonas er meldt på Fotball 2015.", "Fritidskortet betaler hele beløpet, 600 kr. Dere betaler ingenting.", "Trenger Jonas tilrettelegging"],
      ["ja", "1. Rullestoltilgang", "Ikke skriv diagnoser"],
      ["1,2", "Er det greit at Konnerud IL får vite dette", "Rullestoltilgang, Allergi"],
      ["ja", "kort beskjed til klubben"],
      ["Vi har med egen rampe", "Er det greit at Konnerud IL får lese beskjeden din?"],
      ["ja", "Konnerud IL har fått forespørselen"],
    ]);
    const request = await ctx.db.prisma.accommodationRequest.findFirstOrThrow({ where: { childId: jonas.id } });
    expect(request).toMatchObject({ needs: ["wheelchair", "allergy"], status: "OPEN" });
    expect(request.consentAt).not.toBeNull();
    expect(await ctx.db.prisma.auditLog.count({ where: { action: "accommodation.requested", entityId: request.id } })).toBe(1);
    expect(await ctx.db.prisma.accommodationMessage.findMany({ where: { requestId: request.id }, select: { kind: true, body: true } })).toEqual([{ kind: "REQUEST", body: "Vi har med egen rampe" }]);
  });

  it("says what the family pays when the card does not cover it all, with the payment link", async () => {
    const { chat } = await parentChat();
    await play(chat, [
      ["jeg vil melde jonas på rideskolen", "Rideskolen"],
      ["1", "1 500 kr per halvår"],
      ["ja", "Fritidskortet betaler 1 000 kr. Resten, 500 kr, betaler dere.", `Betal resten her: ${BASE_URL}/dev/pay/`],
      ["nei", nb()("chat:signup.no_accommodation")],
    ]);
  });

  it("says so in English too", async () => {
    const { chat } = await parentChat({ language: "en" });
    await play(chat, [
      ["find football", "1. Football 2015"],
      ["sign up number 1", "Sign Jonas up for Football 2015 (Konnerud IL), NOK 600 per half-year? Reply YES or NO."],
      ["yes", "Jonas is signed up for Football 2015.", "The leisure card pays the whole amount, NOK 600. You pay nothing."],
      ["no", en()("chat:signup.no_accommodation")],
    ]);
  });


  it.each<[string, string, string]>([
    ["an ineligible child named", "2", "Ella kan ikke få Fritidskortet dette halvåret, så jeg kan ikke melde på med kortet.\nElla er for ung ennå, men kan få kortet fra 1. januar 2027."],
    ["a full activity", "1", "Beklager, Sjakkgruppa er full."],
  ])("refuses %s and says why, before asking to confirm", async (_case, child, expected) => {
    const { chat } = await parentChat();
    await play(chat, [
      [child === "2" ? "musikk" : "sjakk", "1. "],
      [child === "2" ? "meld Ella på 1" : "meld på 1", expected],
    ]);
    expect(await chat.send("ja")).not.toContain("meldt på");
    expect(await ctx.db.prisma.enrollment.count({ where: { activityId: child === "2" ? ctx.world.activities.music : ctx.world.activities.full, enrolledBy: { channels: { some: {} } }, status: "PENDING", child: { givenName: child === "2" ? "Ella" : "Jonas" } } })).toBe(0);
  });

  it("refuses a child already signed up for the activity before asking to confirm", async () => {
    const { chat, jonas } = await parentChat();
    await play(chat, [
      ["musikk", "1. Musikkskolen"],
      ["meld på 1", "Melde Jonas på Musikkskolen"],
      ["ja", "Jonas er meldt på Musikkskolen."],
      ["nei", nb()("chat:signup.no_accommodation")],
    ]);
    const reply = await chat.send("meld på 1");
    expect(reply).toContain(nb()("chat:signup.refused.ALREADY_ENROLLED", { child: "Jonas", title: "Musikkskolen" }));
    expect(reply).not.toContain("Melde Jonas på");
    expect(await ctx.db.prisma.enrollment.count({ where: { childId: jonas.id, activityId: ctx.world.activities.music } })).toBe(1);
  });

  it("a number that is not in the last list is said to be so", async () => {
    const { chat } = await parentChat();
    await play(chat, [
      ["fotball", "1. Fotball 2015"],
      ["meld på 5", "Det er ikke noe nummer 5 i lista. Velg et tall fra 1 til 1."],
    ]);
  });

  it("a youth of 13+ signs up themselves, without choosing a child", async () => {
    const phone = newPhone();
    await createYouth(ctx.db, ctx.world, phone);
    await fund(ctx.db, ctx.world);
    const chat = ctx.chat(phone);
    await play(chat, [
      ["musikk", "1. Musikkskolen"],
      // Nora signs herself up: she is "du", not named in the third person.
      ["meld på 1", "Melde deg på Musikkskolen"],
      ["ja", "Du er meldt på Musikkskolen.", "Trenger du tilrettelegging"],
    ]);
  });

  it("a youth who closes their own accommodation request is told \"your request\", not their own name", async () => {
    const phone = newPhone();
    const nora = await createYouth(ctx.db, ctx.world, phone);
    await fund(ctx.db, ctx.world);
    const chat = ctx.chat(phone);
    await play(chat, [["musikk", "1. Musikkskolen"], ["meld på 1"], ["ja", "Trenger du tilrettelegging"], ["nei"]]);
    // She asks for it later; the club answers that it wants to talk.
    const enrollment = await ctx.db.prisma.enrollment.findFirstOrThrow({ where: { childId: nora.id } });
    await requestAccommodation(ctx.db, { enrollmentId: enrollment.id, requestedById: nora.id, needs: ["hearing"], today: TODAY, now: new Date(NOON) });
    const { replyCode, providerId } = await ctx.db.prisma.accommodationRequest.findFirstOrThrow({ where: { enrollmentId: enrollment.id } });
    const contact = await createPerson(ctx.db.prisma, ctx.world.municipalityId, { givenName: "Kontakt", birthDate: "1980-01-01" });
    await ctx.db.prisma.providerContact.create({ data: { providerId, personId: contact.id } });
    await answerAccommodation(ctx.db, { personId: contact.id, answer: "talk", code: replyCode!, message: "Ring oss", now: new Date(NOON), notices: noticeText({ t: ctx.t }) });
    expect(await chat.send("LUKK")).toBe(`Saken din om tilrettelegging er avsluttet. ${ctx.world.clubName} får beskjed.`);
  });
});

describe("in Arabic (right to left)", () => {
  const ar = () => t("ar");

  it("finds, signs up and answers what the card pays, all in Arabic", async () => {
    const { chat } = await parentChat();
    // Jonas is the only child who can have the card (Ella is too young), so no child is asked for.
    const list = await chat.send("أريد تسجيل جوناس في كرة القدم");
    expect(list).not.toContain(ar()("chat:signup.choose_child"));
    expect(list).toContain("1. Fotball 2015");
    expect(list).toContain(ar()("chat:signup.choose_activity"));
    expect(await chat.send("1")).toContain(ar()("chat:signup.confirm", { child: "Jonas", title: "Fotball 2015", provider: ctx.world.clubName, fee: "600 NOK" }).slice(0, 20));
    const done = await chat.send("نعم");
    expect(done).toContain(ar()("chat:signup.done", { child: "Jonas", title: "Fotball 2015" }));
    expect(done).toMatch(/600/);
    expect(await chat.send("لا")).toContain(ar()("chat:signup.no_accommodation"));
  });

  it("asks an unknown Arabic number in a list again, in Arabic", async () => {
    const { chat } = await parentChat();
    await chat.send("ابحث عن كرة القدم");
    expect(await chat.send("9")).toContain(ar()("chat:find.unknown_number", { number: 9, max: 1 }));
  });

  it("hands off to a person in Arabic", async () => {
    const { chat } = await parentChat();
    expect(await chat.send("أريد التحدث مع موظف")).toContain(ar()("handoff:opened", { municipality: "Drammen" }));
  });
});

describe("balance, history and cancel", () => {
  it("shows each child's balance, reserved money and expiry; history says what went where; cancel releases it", async () => {
    const { chat } = await parentChat();
    await play(chat, [
      ["fotball", "1. Fotball 2015"],
      ["meld på 1", "Svar JA"],
      ["ja", "meldt på"],
      ["nei", "Greit"],
      ["hvor mye har jonas igjen", "Jonas: 400 kr igjen på Fritidskortet. Pengene må brukes innen 31. desember 2026.", "600 kr er holdt av til påmeldinger som klubben ikke har bekreftet ennå."],
      ["hva er betalt", "1 000 kr satt inn på kortet", "600 kr holdt av til Fotball 2015 (Konnerud IL)", "Ella har ikke Fritidskort dette halvåret. Ella er for ung ennå, men kan få kortet fra 1. januar 2027."],
      ["jeg vil melde av", "Melde Jonas av Fotball 2015? Svar JA eller NEI."],
      ["ja", "Jonas er meldt av Fotball 2015."],
      ["saldo", "Jonas: 1 000 kr igjen"],
    ]);
  });

  it("cancels in English", async () => {
    const { chat } = await parentChat({ language: "en" });
    await play(chat, [
      ["find football", "1. Football 2015"],
      ["sign up 1", "Reply YES or NO"],
      ["yes", "signed up"],
      ["no", "Have fun"],
      ["cancel the football", "Cancel Jonas's place in Football 2015? Reply YES or NO."],
      ["yes", "Jonas's place in Football 2015 is cancelled."],
      ["what have we paid", "NOK 1,000 put on the card"],
    ]);
  });

  it("answers balance in English and Arabic", async () => {
    const { chat } = await parentChat();
    await play(chat, [["how much is left on the card", "Jonas: NOK 1,000 left on the leisure card. The money must be used by 31 December 2026."]]);
    const arabic = await chat.send("كم الرصيد");
    expect(arabic).toContain(t("ar")("chat:balance.no_card", { child: "Ella" }));
    expect(arabic).toMatch(/1[,.\s\u00a0\u202f]?000/);
  });
});

describe("identity", () => {
  it("asks an unverified number to log in before anything personal, then answers once linked", async () => {
    const { chat, guardian, phone } = await parentChat({ verified: false });
    const reply = await chat.send("hvor mye har jeg igjen");
    expect(reply).toContain("du må logge inn én gang først");
    expect(reply).not.toContain("kr igjen");
    const token = /token=([\w-]+)/.exec(reply)![1]!;
    await redeemLoginToken(ctx.db, { token, personId: guardian.id, now: minutesLater(5) });
    await play(chat, [["hvor mye har jeg igjen", "Jonas: 1 000 kr igjen"]]);
    await expect(redeemLoginToken(ctx.db, { token, personId: guardian.id, now: minutesLater(6) })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    const identity = await ctx.db.prisma.channelIdentity.findUniqueOrThrow({ where: { channel_address: { channel: "SMS", address: phone } } });
    expect(identity.verifiedAt).not.toBeNull();
  });

  it.each(["meld på fotball", "jeg vil melde av", "hva er betalt"])("asks to log in for %s", async (utterance) => {
    const { chat } = await parentChat({ verified: false });
    expect(await chat.send(utterance)).toContain("/dev/login?token=");
  });

  it("refuses an expired login link", async () => {
    const { chat, guardian } = await parentChat({ verified: false });
    const token = /token=([\w-]+)/.exec(await chat.send("saldo"))![1]!;
    await expect(redeemLoginToken(ctx.db, { token, personId: guardian.id, now: minutesLater(16) })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await redeemLoginToken(ctx.db, { token, personId: guardian.id, now: minutesLater(14) });
  });
});

describe("language", () => {
  it("switches on request, remembers it for the person, and keeps it for short answers", async () => {
    const { chat, phone, guardian } = await parentChat();
    await play(chat, [
      ["english please", "OK, I will write in English now."],
      ["2", en()("chat:clarify")],
      ["ok", "Pick a number from 1 to 9:"],
    ]);
    const identity = await ctx.db.prisma.channelIdentity.findUniqueOrThrow({ where: { channel_address: { channel: "SMS", address: phone } } });
    expect(identity.language).toBe("en");
    expect((await ctx.db.prisma.person.findUniqueOrThrow({ where: { id: guardian.id } })).preferredLanguage).toBe("en");
  });

  it("answers in Arabic when written to in Arabic", async () => {
    const { chat } = await parentChat();
    expect(await chat.send("ماذا تغطي البطاقة")).toContain(t("ar")("chat:coverage.covered", { minSessions: 8 }));
    expect(await chat.send("بالعربي")).toContain(t("ar")("chat:language.changed"));
  });

  it("offers the ten languages by number", async () => {
    const { chat } = await parentChat();
    await play(chat, [
      ["jeg vil bytte språk", "Hvilket språk", "2. English", "3. Polski"],
      ["3", t("pl")("chat:language.changed")],
    ]);
  });
});

describe("coverage", () => {
  it.each<[string, (string | RegExp)[]]>([
    ["dekker kortet fotballcamp?", ["Nei, leirer betales ikke med Fritidskortet.", "minst 8 ganger per halvår"]],
    ["hva dekker kortet", ["treningsavgift, medlemskontingent og lisens", "utstyr og instrumenter", "leirer, turneringer og cuper, ferietilbud, kino, bowling"]],
    ["does the card pay for a tournament", ["No, tournaments and cups cannot be paid with the leisure card."]],
    // A sport and an excluded kind of offer: the excluded kind wins and comes first.
    ["kan vi bruke kortet på håndball camp i høstferien?", [/^Nei, leirer betales ikke med Fritidskortet\./]],
    ["does it pay for a basketball tournament?", [/^No, tournaments and cups cannot be paid with the leisure card\./]],
  ])("%s", async (utterance, expected) => {
    const { chat } = await parentChat({ verified: false });
    await play(chat, [[utterance, ...expected]]);
  });
});

describe("hand-off, stop and delete my data", () => {
  it("opens a hand-off and acknowledges it", async () => {
    const { chat, guardian } = await parentChat();
    await play(chat, [["vil snakke med et menneske", "Jeg har sendt henvendelsen din til veilederne i Drammen kommune. De svarer deg her."]]);
    expect(await ctx.db.prisma.auditLog.count({ where: { action: "handoff.requested", actorId: guardian.id } })).toBe(1);
  });

  it("opts out after a confirmation, on the channel identity", async () => {
    const { chat, phone } = await parentChat();
    await play(chat, [
      ["jeg vil ikke ha flere meldinger", "Vil du slutte å få meldinger fra Fritidskortet?"],
      ["ja", "Du er meldt av"],
    ]);
    const identity = await ctx.db.prisma.channelIdentity.findUniqueOrThrow({ where: { channel_address: { channel: "SMS", address: phone } } });
    expect(identity.optedOutAt).not.toBeNull();
  });

  it.each<[Language, string, string]>([
    ["pl", "WIĘCEJ", "nie pisz do mnie więcej"],
    ["nb", "MER", "ikke kontakt meg mer"],
  ])("%s: the word for more with no list open is no wish to stop; a sentence saying stop is", async (language, more, stop) => {
    const first = await parentChat({ language });
    expect(await first.chat.send(more)).not.toContain(t(language)("chat:stop.confirm"));
    const second = await parentChat({ language });
    expect(await second.chat.send(stop)).toContain(t(language)("chat:stop.confirm"));
  });

  it.each<[Language, string, string]>([
    ["pl", "pomoc", "nie pisz do mnie więcej"],
    ["nb", "hjelp", "nei, ikke send meg flere meldinger"],
  ])("%s: a sentence asking to stop, starting with the word for no, is heard while a menu waits", async (language, menu, stop) => {
    const { chat } = await parentChat({ language });
    await chat.send(menu);
    expect(await chat.send(stop)).toContain(t(language)("chat:stop.confirm"));
  });

  // "nei, jeg vil ikke stoppe" repeats the words of stopping, and is still the answer to the question.
  it.each(["nei", "nei, jeg vil ikke stoppe"])("keeps the subscription when the answer is %j", async (answer) => {
    const { chat, phone } = await parentChat();
    await play(chat, [
      ["jeg vil ikke ha flere meldinger", "Svar JA eller NEI"],
      [answer, "Ok, du får fortsatt meldinger fra oss."],
    ]);
    expect((await ctx.db.prisma.channelIdentity.findUniqueOrThrow({ where: { channel_address: { channel: "SMS", address: phone } } })).optedOutAt).toBeNull();
  });

  it("erases the chat at once, queues the rest for the privacy officer and says so", async () => {
    const { chat, guardian, phone } = await parentChat();
    await play(chat, [
      ["slett dataene mine", "Vil du at vi sletter opplysningene om deg?"],
      ["ja", "Gjort: du er logget ut", "personvernombudet"],
    ]);
    expect(await ctx.db.prisma.auditLog.count({ where: { action: "privacy.deletion_requested", entityId: guardian.id } })).toBe(1);
    expect(await ctx.db.prisma.privacyRequest.count({ where: { personId: guardian.id, kind: "DELETE", status: "PENDING" } })).toBe(1);
    expect(await ctx.db.prisma.channelIdentity.count({ where: { OR: [{ personId: guardian.id }, { address: phone }] } })).toBe(0);
  });
});
