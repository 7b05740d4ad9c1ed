import { beforeAll, describe, expect, it } from "vitest";
import { formatDate } from "../../../dialogs/format.ts";
import { noticeText } from "../../../dialogs/notices.ts";
import { createI18n } from "../../../locales/i18n.ts";
import type { NoticeText } from "../../../services/clubs/notice-text.ts";
import { allocatePeriod } from "../../../services/ledger/allocate.ts";
import { sendOutreach } from "../../../services/outreach/send-outreach.ts";
import { signUpChild } from "../../../services/enrollment/sign-up.ts";
import { parsePeriodCode } from "../../../services/periods.ts";
import { useTestDatabase } from "../../support/database.ts";
import { createActivity, createFamily, createMunicipality, createProviderWithContact, scheme } from "../../support/fixtures.ts";

const ctx = useTestDatabase({ poolSize: 4 });
const autumn = parsePeriodCode("2026-autumn", scheme);
const today = "2026-09-01";
const now = new Date("2026-09-01T08:00:00Z");
const URL = "https://fritidskort.example";
let text: NoticeText;
let phoneCounter = 0;

beforeAll(async () => {
  text = noticeText(await createI18n("nb"));
});

/** A family with one child; the guardian's phone as the test asks (verified, opted out, reserved, none). */
async function family(m: string, contact: "phone" | "opted-out" | "reserved" | "none", options: { language?: string; children?: string[] } = {}) {
  const created = await createFamily(ctx.db.prisma, m, options.children ?? ["2014-04-04"]);
  const phone = `+4799997${String(++phoneCounter).padStart(3, "0")}`;
  if (contact !== "none") {
    await ctx.db.prisma.channelIdentity.create({
      data: { channel: "SMS", address: phone, personId: created.guardian.id, verifiedAt: now, language: options.language ?? "nb", ...(contact === "opted-out" ? { optedOutAt: now } : {}) },
    });
  }
  if (contact === "reserved") await ctx.db.prisma.person.update({ where: { id: created.guardian.id }, data: { contactReserved: true } });
  return { ...created, phone };
}

async function setup() {
  const m = (await createMunicipality(ctx.db.prisma)).id;
  return m;
}

const sentTo = (phone: string) => ctx.db.prisma.outboxMessage.findMany({ where: { recipient: phone }, orderBy: { id: "asc" } });

describe("outreach at period start", () => {
  it("writes once to each family with a known contact, in its language, and respects opt-outs and reservations", async () => {
    const m = await setup();
    const reached = await family(m, "phone");
    const english = await family(m, "phone", { language: "en" });
    const optedOut = await family(m, "opted-out");
    const reserved = await family(m, "reserved");
    const unknown = await family(m, "none");
    const siblings = await family(m, "phone", { children: ["2012-02-02", "2016-06-06"] });
    await allocatePeriod(ctx.db, { municipalityId: m, period: autumn, scheme, today, now });

    const result = await sendOutreach(ctx.db, { municipalityId: m, periodCode: "2026-autumn", kind: "PERIOD_START", now, text, publicBaseUrl: URL });
    expect(result).toMatchObject({ due: 7, reached: 4, notReached: 3, remaining: 0 });

    const [message] = await sentTo(reached.phone);
    expect(message!.body).toContain(reached.children[0]!.givenName);
    expect(message!.body).toContain("1 000 kr");
    expect(message!.body).toContain(URL);
    expect(message!.body).toContain("STOPP");
    expect((await sentTo(english.phone))[0]!.body).toMatch(/^Leisure card: .* has NOK 1,000 for .*Reply STOP/);
    expect(await sentTo(optedOut.phone)).toEqual([]);
    expect(await sentTo(reserved.phone)).toEqual([]);
    expect((await sentTo(siblings.phone)).map((m) => m.body.split(" ")[1])).toEqual(expect.arrayContaining([siblings.children[0]!.givenName, siblings.children[1]!.givenName]));
    expect(await ctx.db.prisma.outreachMessage.findFirstOrThrow({ where: { childId: unknown.children[0]!.id } })).toMatchObject({ status: "NOT_REACHED", reached: 0 });

    // Again: nobody is written to twice.
    const before = await ctx.db.prisma.outboxMessage.count();
    expect(await sendOutreach(ctx.db, { municipalityId: m, periodCode: "2026-autumn", kind: "PERIOD_START", now, text, publicBaseUrl: URL })).toMatchObject({ reached: 0 });
    expect(await ctx.db.prisma.outboxMessage.count()).toBe(before);
  });

  it("an interrupted run, re-run (and run twice at once), sends nothing twice", async () => {
    const m = await setup();
    const families = [await family(m, "phone"), await family(m, "phone"), await family(m, "phone"), await family(m, "phone")];
    await allocatePeriod(ctx.db, { municipalityId: m, period: autumn, scheme, today, now });
    let calls = 0;
    const crashing: NoticeText = (language, key, values) => {
      if (++calls === 3) throw new Error("the process died here");
      return text(language, key, values);
    };
    await expect(sendOutreach(ctx.db, { municipalityId: m, periodCode: "2026-autumn", kind: "PERIOD_START", now, text: crashing, publicBaseUrl: URL })).rejects.toThrow("the process died here");
    const sentBefore = (await Promise.all(families.map((f) => sentTo(f.phone)))).map((rows) => rows.length);
    expect(sentBefore.filter((n) => n === 1)).toHaveLength(2); // two families were written to before the crash; the third's message rolled back

    const runs = await Promise.all([1, 2].map(() => sendOutreach(ctx.db, { municipalityId: m, periodCode: "2026-autumn", kind: "PERIOD_START", now, text, publicBaseUrl: URL })));
    expect(runs[0]!.reached + runs[1]!.reached).toBe(2);
    for (const f of families) expect(await sentTo(f.phone)).toHaveLength(1);
  });

  it("spreads a period's outreach over runs (limit), and tries a family without a contact again a day later", async () => {
    const m = await setup();
    const first = await family(m, "phone");
    const second = await family(m, "phone");
    const later = await family(m, "none");
    await allocatePeriod(ctx.db, { municipalityId: m, period: autumn, scheme, today, now });
    const run = (at: Date, limit?: number) => sendOutreach(ctx.db, { municipalityId: m, periodCode: "2026-autumn", kind: "PERIOD_START", now: at, text, publicBaseUrl: URL, ...(limit ? { limit } : {}) });
    expect(await run(now, 2)).toMatchObject({ due: 3, remaining: 1 });
    expect(await run(now)).toMatchObject({ due: 1 });
    expect((await sentTo(first.phone)).length + (await sentTo(second.phone)).length).toBe(2);

    // The family links a phone; the next day's run reaches it.
    await ctx.db.prisma.channelIdentity.create({ data: { channel: "SMS", address: later.phone, personId: later.guardian.id, verifiedAt: now } });
    expect(await run(new Date(now.getTime() + 3_600_000))).toMatchObject({ due: 0, reached: 0 });
    expect(await run(new Date(now.getTime() + 25 * 3_600_000))).toMatchObject({ due: 1, reached: 1 });
    expect(await sentTo(later.phone)).toHaveLength(1);
  });
});

describe("the expiring-money reminder", () => {
  it("reminds a family with unused money once, not one whose card is spent", async () => {
    const m = await setup();
    const unused = await family(m, "phone");
    const spent = await family(m, "phone");
    await allocatePeriod(ctx.db, { municipalityId: m, period: autumn, scheme, today, now });
    const club = await createProviderWithContact(ctx.db.prisma, m);
    const activity = await createActivity(ctx.db.prisma, club.provider.id, { feeOre: 100_000 });
    await signUpChild(ctx.db, { municipalityId: m, childId: spent.children[0]!.id, activityId: activity.id, actorId: spent.guardian.id, today, now, scheme });

    const at = new Date("2026-12-17T09:00:00Z");
    const result = await sendOutreach(ctx.db, { municipalityId: m, periodCode: "2026-autumn", kind: "EXPIRING", now: at, text, publicBaseUrl: URL });
    expect(result).toMatchObject({ reached: 1 });
    const [message] = await sentTo(unused.phone);
    expect(message!.body).toContain(`går ut ${formatDate("2026-12-31", "nb")}`); // the period's last day, as Norwegian writes a date
    expect(await sentTo(spent.phone)).toEqual([]);
    expect(await sendOutreach(ctx.db, { municipalityId: m, periodCode: "2026-autumn", kind: "EXPIRING", now: at, text, publicBaseUrl: URL })).toMatchObject({ reached: 0 });
    expect(await sentTo(unused.phone)).toHaveLength(1);
  });
});
