import { beforeAll, describe, expect, it } from "vitest";
import { createI18n } from "../../../locales/i18n.ts";
import { noticeText } from "../../../dialogs/notices.ts";
import type { NoticeText } from "../../../services/clubs/notice-text.ts";
import { signUpChild } from "../../../services/enrollment/sign-up.ts";
import { allocatePeriod } from "../../../services/ledger/allocate.ts";
import { periodContaining } from "../../../services/periods.ts";
import { testClock, TEST_DAY } from "../../support/clock.ts";
import { useTestDatabase } from "../../support/database.ts";
import { createActivity, createFamily, createMunicipality, createPerson, createProvider, scheme } from "../../support/fixtures.ts";

const ctx = useTestDatabase({ poolSize: 8 });
const now = testClock().now();
let municipalityId: string;
let text: NoticeText;

beforeAll(async () => {
  municipalityId = (await createMunicipality(ctx.db.prisma)).id;
  text = noticeText(await createI18n("nb"));
});

async function clubWithContact(phone: string) {
  const provider = await createProvider(ctx.db.prisma, municipalityId);
  const contact = await createPerson(ctx.db.prisma, municipalityId, { givenName: "Kontakt", birthDate: "1980-01-01" });
  await ctx.db.prisma.providerContact.create({ data: { providerId: provider.id, personId: contact.id } });
  await ctx.db.prisma.channelIdentity.create({ data: { channel: "SMS", address: phone, personId: contact.id, verifiedAt: now } });
  return provider;
}

async function families(count: number) {
  const made = [];
  for (let i = 0; i < count; i++) made.push(await createFamily(ctx.db.prisma, municipalityId, ["2015-03-01"]));
  await allocatePeriod(ctx.db, { municipalityId, period: periodContaining(TEST_DAY, scheme)!, scheme, today: TEST_DAY, now });
  return made;
}

const signUp = (family: Awaited<ReturnType<typeof createFamily>>, activityId: string) =>
  signUpChild(ctx.db, { municipalityId, childId: family.children[0]!.id, activityId, actorId: family.guardian.id, today: TEST_DAY, now, scheme, notices: text });

describe("the club's sign-up notices", () => {
  it("gives concurrent sign-ups for one club's activities codes unique among its open sign-ups", async () => {
    const provider = await clubWithContact("+4791110001");
    const activities = await Promise.all([0, 1, 2, 3].map(() => createActivity(ctx.db.prisma, provider.id, { feeOre: 10_000 })));
    const made = await families(12);
    const results = await Promise.all(made.map((family, i) => signUp(family, activities[i % activities.length]!.id)));
    expect(new Set(results.map((result) => result.replyCode)).size).toBe(12);
    const notices = await ctx.db.prisma.outboxMessage.findMany({ where: { recipient: "+4791110001" } });
    expect(notices).toHaveLength(12);
    for (const result of results) expect(notices.filter((notice) => notice.body.includes(`JA ${result.replyCode} `))).toHaveLength(1);
  });

  it("says 'waiting' while the family owes the rest, and never an amount", async () => {
    const provider = await clubWithContact("+4791110002");
    const dear = await createActivity(ctx.db.prisma, provider.id, { title: "Seiling", feeOre: 150_000 });
    const [family] = await families(1);
    const result = await signUp(family!, dear.id);
    expect(result.familyPaysOre).toBe(50_000);
    const [notice] = await ctx.db.prisma.outboxMessage.findMany({ where: { recipient: "+4791110002" } });
    expect(notice!.body).toBe(`Ny påmelding til Seiling: Barn1, 11 år. Venter på betaling.\nSvar JA ${result.replyCode} for å bekrefte, NEI ${result.replyCode} for å avslå.`);
  });

  it("queues nothing when the sign-up is refused (the notice exists only with the sign-up)", async () => {
    const provider = await clubWithContact("+4791110003");
    const full = await createActivity(ctx.db.prisma, provider.id, { capacity: 0 });
    const [family] = await families(1);
    await expect(signUp(family!, full.id)).rejects.toMatchObject({ code: "ACTIVITY_FULL" });
    expect(await ctx.db.prisma.outboxMessage.count({ where: { recipient: "+4791110003" } })).toBe(0);
  });
});
