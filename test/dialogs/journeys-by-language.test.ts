import { describe, expect, it } from "vitest";
import type { Language } from "../../services/languages.ts";
import { useConversation } from "./support.ts";

/**
 * The short journeys in Norwegian, English and Arabic (right to left): each utterance must get the
 * reply written for it in that language's catalog, and the state change a user relies on.
 */
const ctx = useConversation();
const { t, parentChat } = ctx;

type Row = [Language, string, string, Record<string, unknown>?];

describe.each<[string, Row[]]>([
  ["help shows the numbered menu", [["nb", "hjelp", "chat:menu.title"], ["en", "help", "chat:menu.title"], ["ar", "مساعدة", "chat:menu.title"]]],
  ["talk to a person is acknowledged", [["nb", "vil snakke med et menneske", "handoff:opened", { municipality: "Drammen" }], ["en", "I want to talk to a person", "handoff:opened", { municipality: "Drammen" }], ["ar", "أريد التحدث مع موظف", "handoff:opened", { municipality: "Drammen" }]]],
  ["stop asks first", [["nb", "jeg vil ikke ha flere meldinger", "chat:stop.confirm"], ["en", "stop sending me messages", "chat:stop.confirm"], ["ar", "أوقف الرسائل", "chat:stop.confirm"]]],
  ["delete my data asks first", [["nb", "slett dataene mine", "privacy:delete.confirm"], ["en", "delete my data", "privacy:delete.confirm"], ["ar", "احذف بياناتي", "privacy:delete.confirm"]]],
  ["cancel with nothing to cancel says so", [["nb", "jeg vil melde av", "chat:enrollments.none"], ["en", "cancel my sign-up", "chat:enrollments.none"], ["ar", "أريد إلغاء التسجيل", "chat:enrollments.none"]]],
  ["accommodation with no sign-up says so", [["nb", "sønnen min trenger rullestol", "chat:enrollments.none"], ["en", "my son needs a wheelchair", "chat:enrollments.none"], ["ar", "ابني يحتاج كرسي متحرك", "chat:enrollments.none"]]],
  ["find asks what to look for, then lists", [["nb", "finn en aktivitet", "chat:find.ask"], ["en", "find music for a 10 year old", "chat:find.header", { count: 1 }], ["ar", "ابحث عن موسيقى", "chat:find.header_child", { count: 1, child: "Jonas", age: 11 }]]],
])("%s", (_journey, rows) => {
  it.each(rows)("in %s: %s", async (language, utterance, key, values) => {
    const { chat } = await parentChat();
    expect(await chat.send(utterance)).toContain(String(t(language)(key, values ?? {})));
  });
});

describe("yes and no in each language finish the journey in that language", () => {
  it.each<[Language, string, string, string]>([
    ["nb", "slett dataene mine", "ja", "privacy:delete.done_queued_untold"],
    ["nb", "slett dataene mine", "ja takk", "privacy:delete.done_queued_untold"],
    ["nb", "slett dataene mine", "nei, ikke nå", "chat:delete_data.kept"],
    ["en", "delete my data", "yes please", "privacy:delete.done_queued_untold"],
    ["en", "delete my data", "yes", "privacy:delete.done_queued_untold"],
    ["ar", "احذف بياناتي", "نعم", "privacy:delete.done_queued_untold"],
    ["ar", "أوقف الرسائل", "لا", "chat:stop.kept"],
  ])("%s: %s → %s", async (language, utterance, answer, key) => {
    const { chat, guardian } = await parentChat();
    await chat.send(utterance);
    const reply = await chat.send(answer);
    const before = String(t(language)(key, { ref: "§" })).split("§")[0]!;
    expect(reply).toContain(before);
    if (key === "privacy:delete.done_queued_untold") expect(await ctx.db.prisma.auditLog.count({ where: { action: "privacy.deletion_requested", entityId: guardian.id } })).toBe(1);
  });
});
