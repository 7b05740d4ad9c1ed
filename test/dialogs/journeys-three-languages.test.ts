import { beforeAll, describe, expect, it } from "vitest";
import { formatDate, formatOre } from "../../dialogs/format.ts";
import type { Language } from "../../services/languages.ts";
import { createActivity } from "../support/fixtures.ts";
import { BASE_URL, useConversation, type Conversation } from "./support.ts";

/**
 * Every journey in Norwegian, English and Arabic (right to left), one table per journey: whole turns
 * through the bot, each reply checked against the sentence that language's catalog has for it, and
 * the state a user relies on (an enrollment, a request, an opt-out).
 */
const ctx = useConversation();
const { t, parentChat } = ctx;

/** What a reply must contain: a catalog key (with values) in the row's language, or a literal fragment. */
type Expect = string | [string, Record<string, unknown>?] | { not: string | [string, Record<string, unknown>?] };
type Turn = [utterance: string, ...expected: Expect[]];
type Row = [Language, Turn[]];

function text(language: Language, expected: string | [string, Record<string, unknown>?]): string {
  return typeof expected === "string" ? expected : String(t(language)(expected[0], expected[1] ?? {}));
}

async function play(language: Language, chat: Conversation, turns: Turn[]): Promise<string[]> {
  const replies: string[] = [];
  for (const [utterance, ...expected] of turns) {
    const reply = await chat.send(utterance);
    replies.push(reply);
    for (const e of expected) {
      if (typeof e === "object" && !Array.isArray(e)) expect(reply, `${language}: reply to "${utterance}"`).not.toContain(text(language, e.not));
      else expect(reply, `${language}: reply to "${utterance}"`).toContain(text(language, e));
    }
  }
  return replies;
}

const kr = (ore: number, language: Language) => formatOre(ore, language);

describe("eligibility: a parent's two children, one eligible and one too young (with the date)", () => {
  it.each<Row>([
    ["nb", [["kan barna mine få fritidskortet", ["chat:eligibility.eligible", { name: "Jonas" }], ["chat:eligibility.too_young", { name: "Ella", date: formatDate("2027-01-01", "nb") }]]]],
    ["en", [["can my children get the card", ["chat:eligibility.eligible", { name: "Jonas" }], ["chat:eligibility.too_young", { name: "Ella", date: formatDate("2027-01-01", "en") }]]]],
    ["ar", [["هل يمكن لأطفالي الحصول على البطاقة؟", ["chat:eligibility.eligible", { name: "Jonas" }], ["chat:eligibility.too_young", { name: "Ella", date: formatDate("2027-01-01", "ar") }]]]],
  ])("%s", async (language, turns) => {
    const { chat } = await parentChat();
    await play(language, chat, turns);
  });
});

describe("a follow-up that names only another child asks the last question again for that child", () => {
  it.each<Row>([
    ["nb", [["kan Jonas få fritidskortet?", ["chat:eligibility.eligible", { name: "Jonas" }]], ["og Ella da?", ["chat:eligibility.too_young", { name: "Ella", date: formatDate("2027-01-01", "nb") }], { not: ["chat:eligibility.eligible", { name: "Jonas" }] }]]],
    ["en", [["can Jonas get the card?", ["chat:eligibility.eligible", { name: "Jonas" }]], ["and Ella?", ["chat:eligibility.too_young", { name: "Ella", date: formatDate("2027-01-01", "en") }], { not: ["chat:eligibility.eligible", { name: "Jonas" }] }]]],
    ["ar", [["هل يمكن لـ Jonas الحصول على البطاقة؟", ["chat:eligibility.eligible", { name: "Jonas" }]], ["ماذا عن Ella؟", ["chat:eligibility.too_young", { name: "Ella", date: formatDate("2027-01-01", "ar") }], { not: ["chat:eligibility.eligible", { name: "Jonas" }] }]]],
  ])("%s", async (language, turns) => {
    const { chat } = await parentChat();
    await play(language, chat, turns);
  });
});

describe("find activities: a list, MORE, details by number, an unknown number", () => {
  it.each<Row>([
    ["nb", [["aktiviteter på konnerud", ["chat:find.header_child", { count: 4, child: "Jonas", age: 11 }], "3. ", { not: "4. " }, ["chat:find.more"]], ["MER", "4. "], ["1", ["chat:find.sign_up_hint", { n: 1 }]], ["9", ["chat:find.unknown_number", { number: 9, max: 4 }]]]],
    ["en", [["activities in konnerud", ["chat:find.header_child", { count: 4, child: "Jonas", age: 11 }], "3. ", { not: "4. " }, ["chat:find.more"]], ["more", "4. "], ["1", ["chat:find.sign_up_hint", { n: 1 }]], ["9", ["chat:find.unknown_number", { number: 9, max: 4 }]]]],
    ["ar", [["ابحث عن أنشطة في Konnerud", ["chat:find.header_child", { count: 4, child: "Jonas", age: 11 }], "3. ", { not: "4. " }, ["chat:find.more"]], ["المزيد", "4. "], ["1", ["chat:find.sign_up_hint", { n: 1 }]], ["9", ["chat:find.unknown_number", { number: 9, max: 4 }]]]],
  ])("%s", async (language, turns) => {
    const { chat } = await parentChat();
    await play(language, chat, turns);
  });
});

const active = (childId: string, activityId: string) => ctx.db.prisma.enrollment.count({ where: { childId, activityId, status: { in: ["PENDING", "CONFIRMED"] } } });

const football = (language: Language) => (language === "en" ? "Football 2015" : "Fotball 2015");
/** The club in buildWorld (rows are built before the world exists). */
const CLUB = "Konnerud IL";
const confirm = (language: Language, title: string, fee: number): Expect => ["chat:signup.confirm", { child: "Jonas", title, provider: CLUB, fee: kr(fee, language) }];

/** The confirmation question that must not be asked when the answer is known to be no. */
const notAsked = (language: Language, title: string, fee: number): [string, Record<string, unknown>] => ["chat:signup.confirm", { child: "Jonas", title, provider: CLUB, fee: kr(fee, language) }];

describe("sign-up: the card pays all, and the enrollment is there", () => {
  it.each<Row>([
    ["nb", [["fotball", "1. Fotball 2015"], ["meld på 1", confirm("nb", "Fotball 2015", 60_000)], ["ja"]]],
    ["en", [["find football", "1. Football 2015"], ["sign up 1", confirm("en", "Football 2015", 60_000)], ["yes"]]],
    ["ar", [["أريد تسجيل جوناس في كرة القدم", "1. Fotball 2015", ["chat:signup.choose_activity"]], ["1", confirm("ar", "Fotball 2015", 60_000)], ["نعم"]]],
  ])("%s", async (language, turns) => {
    const { chat, jonas } = await parentChat();
    const replies = await play(language, chat, turns);
    const done = replies.at(-1)!;
    for (const e of [["chat:signup.done", { child: "Jonas", title: football(language) }], ["chat:signup.card_pays_all", { card: kr(60_000, language) }], ["chat:signup.offer_accommodation", { child: "Jonas" }]] as const) {
      expect(done).toContain(text(language, [e[0], e[1]]));
    }
    expect(await active(jonas.id, ctx.world.activities.football)).toBe(1);
  });
});

describe("sign-up: the card does not cover it all, so the family pays the rest by a link", () => {
  it.each<Row>([
    ["nb", [["jeg vil melde jonas på rideskolen", "1. Rideskolen"], ["1", confirm("nb", "Rideskolen", 150_000)], ["ja"]]],
    ["en", [["sign jonas up for rideskolen", "1. Rideskolen"], ["1", confirm("en", "Rideskolen", 150_000)], ["yes"]]],
    ["ar", [["أريد تسجيل جوناس في Rideskolen", "1. Rideskolen"], ["1", confirm("ar", "Rideskolen", 150_000)], ["نعم"]]],
  ])("%s", async (language, turns) => {
    const { chat, jonas } = await parentChat();
    const done = (await play(language, chat, turns)).at(-1)!;
    expect(done).toContain(text(language, ["chat:signup.split", { card: kr(100_000, language), family: kr(50_000, language) }]));
    expect(done).toContain(text(language, ["chat:signup.pay_link", { url: `${BASE_URL}/dev/pay/` }]));
    expect(done).toMatch(/\/dev\/pay\/\S+/);
    expect(await active(jonas.id, ctx.world.activities.expensive)).toBe(1);
  });
});

describe("sign-up: a full activity is refused before any confirmation question, and nothing is written", () => {
  it.each<Row>([
    ["nb", [["sjakk", "1. Sjakkgruppa"], ["meld på 1", ["chat:signup.refused.ACTIVITY_FULL", { title: "Sjakkgruppa" }], { not: notAsked("nb", "Sjakkgruppa", 20_000) }]]],
    ["en", [["chess", "1. Sjakkgruppa"], ["sign up 1", ["chat:signup.refused.ACTIVITY_FULL", { title: "Sjakkgruppa" }], { not: notAsked("en", "Sjakkgruppa", 20_000) }]]],
    ["ar", [["أريد تسجيل جوناس في Sjakkgruppa", "1. Sjakkgruppa"], ["1", ["chat:signup.refused.ACTIVITY_FULL", { title: "Sjakkgruppa" }], { not: notAsked("ar", "Sjakkgruppa", 20_000) }]]],
  ])("%s", async (language, turns) => {
    const { chat, jonas } = await parentChat();
    await play(language, chat, turns);
    expect(await active(jonas.id, ctx.world.activities.full)).toBe(0);
  });
});

describe("sign-up: a child not eligible is refused before any confirmation question, with the date", () => {
  const ella = (language: Language): Expect[] => [
    ["chat:signup.refused.CHILD_NOT_ELIGIBLE", { child: "Ella" }],
    ["chat:eligibility.too_young", { name: "Ella", date: formatDate("2027-01-01", language) }],
    { not: ["chat:signup.confirm", { child: "Ella", title: "Musikkskolen", provider: CLUB, fee: kr(40_000, language) }] },
  ];
  it.each<Row>([
    ["nb", [["musikk", "1. Musikkskolen"], ["meld Ella på 1", ...ella("nb")]]],
    ["en", [["find music", "1. Musikkskolen"], ["sign Ella up for 1", ...ella("en")]]],
    ["ar", [["أريد تسجيل Ella في Musikkskolen", ...ella("ar")]]],
  ])("%s", async (language, turns) => {
    const { chat, ella: child } = await parentChat();
    await play(language, chat, turns);
    expect(await active(child.id, ctx.world.activities.music)).toBe(0);
  });
});

describe("sign-up: an activity for other ages is refused before any confirmation question", () => {
  let danceId: string;
  beforeAll(async () => {
    const provider = await ctx.db.prisma.provider.findFirstOrThrow({ where: { municipalityId: ctx.world.municipalityId, name: CLUB } });
    danceId = (await createActivity(ctx.db.prisma, provider.id, { title: "Barnedans", category: "dance", weekdays: [5], feeOre: 30_000, minAge: 9, maxAge: 10 })).id;
  });
  const refused = (language: Language): Expect[] => [
    ["chat:signup.refused.AGE_OUTSIDE_ACTIVITY", { title: "Barnedans", child: "Jonas", age: 11, minAge: 9, maxAge: 10 }],
    { not: notAsked(language, "Barnedans", 30_000) },
  ];
  it.each<Row>([
    ["nb", [["jeg vil melde jonas på Barnedans", "1. Barnedans"], ["1", ...refused("nb")]]],
    ["en", [["sign jonas up for Barnedans", "1. Barnedans"], ["1", ...refused("en")]]],
    ["ar", [["أريد تسجيل جوناس في Barnedans", "1. Barnedans"], ["1", ...refused("ar")]]],
  ])("%s", async (language, turns) => {
    const { chat, jonas } = await parentChat();
    await play(language, chat, turns);
    expect(await active(jonas.id, danceId)).toBe(0);
  });
});

describe("sign-up: an excluded category asked about says the card does not pay for it", () => {
  it.each<Row>([
    ["nb", [["kan jonas gå på fotballcamp med kortet", ["chat:coverage.category_no", { category: "leirer" }]]]],
    ["en", [["can the card pay for a camp", ["chat:coverage.category_no", { category: "camps" }]]]],
    ["ar", [["هل تدفع البطاقة للمخيم", ["chat:coverage.category_no", { category: "المخيمات" }]]]],
  ])("%s", async (language, turns) => {
    const { chat } = await parentChat();
    await play(language, chat, turns);
  });
});

/** Signs Jonas up for football (the card pays all) and declines the accommodation offer. */
async function signedUpChat(language: Language) {
  const chat = await parentChat();
  const turns: Record<string, string[]> = { nb: ["fotball", "meld på 1", "1", "ja"], en: ["find football", "sign up 1", "1", "yes"], ar: ["أريد تسجيل جوناس في كرة القدم", "1", "1", "نعم"] };
  const no = { nb: "nei", en: "no", ar: "لا" }[language as "nb" | "en" | "ar"];
  await play(language, chat.chat, [...turns[language]!.slice(0, -1).map((u): Turn => [u]), [turns[language]!.at(-1)!, ["chat:signup.done", { child: "Jonas", title: football(language) }]], [no, ["chat:signup.no_accommodation"]]]);
  return chat;
}

describe("balance and history after a sign-up", () => {
  it.each<[Language, string, string]>([
    ["nb", "saldo", "hva er betalt"],
    ["en", "how much is left on the card", "what have we paid"],
    ["ar", "كم الرصيد", "ماذا دفعنا"],
  ])("%s", async (language, balance, history) => {
    const { chat } = await signedUpChat(language);
    await play(language, chat, [
      [balance, ["chat:balance.line", { child: "Jonas", available: kr(40_000, language), date: formatDate("2026-12-31", language) }], ["chat:balance.reserved", { amount: kr(60_000, language) }], ["chat:balance.no_card", { child: "Ella" }]],
      [history, ["chat:history.header", { child: "Jonas" }], ["chat:history.allocation", { date: formatDate("2026-11-27", language), amount: kr(100_000, language) }], ["chat:history.reserved", { date: formatDate("2026-11-27", language), amount: kr(60_000, language), activity: "Fotball 2015", provider: ctx.world.clubName }]],
    ]);
  });
});

describe("cancel a sign-up: confirm, then the money is back on the card", () => {
  it.each<[Language, string, string]>([
    ["nb", "jeg vil melde av", "ja"],
    ["en", "cancel my sign-up", "yes"],
    ["ar", "أريد إلغاء التسجيل", "نعم"],
  ])("%s", async (language, cancel, yes) => {
    const { chat, jonas } = await signedUpChat(language);
    const title = football(language);
    await play(language, chat, [
      [cancel, ["chat:cancel.confirm", { child: "Jonas", title }]],
      [yes, ["chat:cancel.done", { child: "Jonas", title }]],
      [{ nb: "saldo", en: "how much is left on the card", ar: "كم الرصيد" }[language as "nb"]!, ["chat:balance.line", { child: "Jonas", available: kr(100_000, language), date: formatDate("2026-12-31", language) }]],
    ]);
    expect(await active(jonas.id, ctx.world.activities.football)).toBe(0);
  });

  it.each<[Language, string, string]>([
    ["nb", "jeg vil melde av", "nei"],
    ["en", "cancel my sign-up", "no"],
    ["ar", "أريد إلغاء التسجيل", "لا"],
  ])("%s: no keeps the sign-up", async (language, cancel, no) => {
    const { chat, jonas } = await signedUpChat(language);
    await play(language, chat, [[cancel], [no, ["chat:cancel.kept"]]]);
    expect(await active(jonas.id, ctx.world.activities.football)).toBe(1);
  });
});

describe("coverage", () => {
  it.each<Row>([
    ["nb", [["hva dekker kortet", ["chat:coverage.covered", { minSessions: 8 }]]]],
    ["en", [["what does the card cover", ["chat:coverage.covered", { minSessions: 8 }]]]],
    ["ar", [["ماذا تغطي البطاقة", ["chat:coverage.covered", { minSessions: 8 }]]]],
  ])("%s", async (language, turns) => {
    const { chat } = await parentChat({ verified: false });
    await play(language, chat, turns);
  });
});

describe("accommodation after a sign-up goes to the club with consent", () => {
  it.each<[Language, string, string, string]>([
    ["nb", "sønnen min trenger rullestol", "ja", "nei"],
    ["en", "my son needs a wheelchair", "yes", "no"],
    ["ar", "ابني يحتاج كرسي متحرك", "نعم", "لا"],
  ])("%s", async (language, ask, yes, no) => {
    const { chat, jonas } = await signedUpChat(language);
    await play(language, chat, [
      [ask, ["chat:accommodation.ask_needs", { child: "Jonas" }], ["chat:accommodation.privacy"]],
      ["1", ["chat:accommodation.consent", { provider: ctx.world.clubName, needs: String(t(language)("chat:accommodation.need.wheelchair")) }]],
      [yes, ["accommodation:dialog.ask_note"]],
      [no, ["chat:accommodation.done", { provider: ctx.world.clubName }]],
    ]);
    expect(await ctx.db.prisma.accommodationRequest.findFirstOrThrow({ where: { childId: jonas.id } })).toMatchObject({ needs: ["wheelchair"], status: "OPEN" });
  });
});

describe("the help menu, then 2 finds an activity", () => {
  it.each<[Language, string]>([
    ["nb", "hjelp"],
    ["en", "help"],
    ["ar", "مساعدة"],
  ])("%s", async (language, help) => {
    const { chat } = await parentChat();
    await play(language, chat, [[help, ["chat:menu.title"], `2. ${text(language, ["chat:menu.find_activity"])}`], ["2", ["chat:find.ask"]]]);
  });
});

describe("change language, remembered on the channel", () => {
  it.each<[Language, string]>([
    ["nb", "på norsk takk"],
    ["en", "english please"],
    ["ar", "بالعربي"],
  ])("%s", async (language, ask) => {
    const { chat, phone } = await parentChat();
    await play(language, chat, [[ask, ["chat:language.changed"]]]);
    expect((await ctx.db.prisma.channelIdentity.findUniqueOrThrow({ where: { channel_address: { channel: "SMS", address: phone } } })).language).toBe(language);
  });
});

describe("hand-off to a person is opened", () => {
  it.each<[Language, string]>([
    ["nb", "vil snakke med et menneske"],
    ["en", "I want to talk to a person"],
    ["ar", "أريد التحدث مع موظف"],
  ])("%s", async (language, ask) => {
    const { chat, guardian } = await parentChat();
    await play(language, chat, [[ask, ["handoff:opened", { municipality: "Drammen" }]]]);
    expect(await ctx.db.prisma.auditLog.count({ where: { action: "handoff.requested", actorId: guardian.id } })).toBe(1);
  });
});

describe("stop: yes opts out, no keeps the messages", () => {
  it.each<[Language, string, string, string]>([
    ["nb", "jeg vil ikke ha flere meldinger", "ja", "nei"],
    ["en", "stop sending me messages", "yes", "no"],
    ["ar", "أوقف الرسائل", "نعم", "لا"],
  ])("%s", async (language, stop, yes, no) => {
    const kept = await parentChat();
    await play(language, kept.chat, [[stop, ["chat:stop.confirm"]], [no, ["chat:stop.kept"]]]);
    const optedOut = await parentChat();
    await play(language, optedOut.chat, [[stop, ["chat:stop.confirm"]], [yes, ["chat:stop.done"]]]);
    const identity = (phone: string) => ctx.db.prisma.channelIdentity.findUniqueOrThrow({ where: { channel_address: { channel: "SMS", address: phone } } });
    expect((await identity(kept.phone)).optedOutAt).toBeNull();
    expect((await identity(optedOut.phone)).optedOutAt).not.toBeNull();
  });
});

describe("delete my data is recorded after yes", () => {
  it.each<[Language, string, string]>([
    ["nb", "slett dataene mine", "ja"],
    ["en", "delete my data", "yes"],
    ["ar", "احذف بياناتي", "نعم"],
  ])("%s", async (language, ask, yes) => {
    const { chat, guardian } = await parentChat();
    const [, done] = await play(language, chat, [[ask, ["privacy:delete.confirm"]], [yes]]);
    expect(done).toContain(text(language, ["privacy:delete.done_queued_untold", { ref: "§" }]).split("§")[0]!);
    expect(await ctx.db.prisma.auditLog.count({ where: { action: "privacy.deletion_requested", entityId: guardian.id } })).toBe(1);
  });
});

describe("an unverified number asking for the balance gets a login link, not the balance", () => {
  it.each<[Language, string]>([
    ["nb", "saldo"],
    ["en", "how much is left on the card"],
    ["ar", "كم الرصيد"],
  ])("%s", async (language, ask) => {
    const { chat } = await parentChat({ verified: false });
    const [reply] = await play(language, chat, [[ask, text(language, ["chat:login_needed", { url: "§" }]).split("§")[0]!, `${BASE_URL}/dev/login?token=`]]);
    expect(reply).not.toContain(text(language, ["chat:balance.no_card", { child: "Ella" }]));
  });
});

describe("an unclear answer to a yes/no question is asked again once; a second one shows the menu", () => {
  const deletions = (guardianId: string) => ctx.db.prisma.auditLog.count({ where: { action: "privacy.deletion_requested", entityId: guardianId } });

  it.each<[Language, string, string, string]>([
    ["nb", "slett dataene mine", "tja", "ja"],
    ["en", "delete my data", "maybe", "yes"],
    ["ar", "احذف بياناتي", "ربما", "نعم"],
  ])("%s: unclear, then yes, does it", async (language, ask, unclear, yes) => {
    const { chat, guardian } = await parentChat();
    const [, again] = await play(language, chat, [[ask, ["privacy:delete.confirm"]], [unclear, ["privacy:delete.confirm"], { not: ["chat:delete_data.kept"] }, { not: ["chat:menu.title"] }], [yes]]);
    expect(again).not.toContain(text(language, ["privacy:delete.done_queued_untold", { ref: "§" }]).split("§")[0]!);
    expect(await deletions(guardian.id)).toBe(1);
  });

  it.each<[Language, string, string, string]>([
    ["nb", "slett dataene mine", "tja", "hmm"],
    ["en", "delete my data", "maybe", "hmm"],
    ["ar", "احذف بياناتي", "ربما", "همم"],
  ])("%s: unclear twice does nothing and shows the menu", async (language, ask, unclear, again) => {
    const { chat, guardian } = await parentChat();
    await play(language, chat, [[ask, ["privacy:delete.confirm"]], [unclear, ["privacy:delete.confirm"]], [again, ["chat:clarify"], ["chat:menu.find_activity"], { not: ["chat:delete_data.kept"] }], ["2", ["chat:find.ask"]]]);
    expect(await deletions(guardian.id)).toBe(0);
  });

  it.each<Row>([
    ["nb", [["fotball", "1. Fotball 2015"], ["meld på 1", confirm("nb", "Fotball 2015", 60_000)], ["tja", confirm("nb", "Fotball 2015", 60_000)], ["hmm", ["chat:clarify"], ["chat:menu.find_activity"], { not: ["chat:signup.not_done"] }]]],
    ["en", [["find football", "1. Football 2015"], ["sign up 1", confirm("en", "Football 2015", 60_000)], ["maybe", confirm("en", "Football 2015", 60_000)], ["hmm", ["chat:clarify"], ["chat:menu.find_activity"], { not: ["chat:signup.not_done"] }]]],
    ["ar", [["أريد تسجيل جوناس في كرة القدم", "1. Fotball 2015"], ["1", confirm("ar", "Fotball 2015", 60_000)], ["ربما", confirm("ar", "Fotball 2015", 60_000)], ["همم", ["chat:clarify"], ["chat:menu.find_activity"], { not: ["chat:signup.not_done"] }]]],
  ])("%s: a sign-up asked twice without a yes is not done", async (language, turns) => {
    const { chat, jonas } = await parentChat();
    await play(language, chat, turns);
    expect(await active(jonas.id, ctx.world.activities.football)).toBe(0);
  });
});
