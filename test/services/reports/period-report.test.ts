import { XMLValidator } from "fast-xml-parser";
import { beforeAll, describe, expect, it } from "vitest";
import { fromIsoDate } from "../../../services/dates.ts";
import { accountIds, ensureProviderAccount } from "../../../services/ledger/accounts.ts";
import { allocatePeriod } from "../../../services/ledger/allocate.ts";
import { hold, resolveHold } from "../../../services/ledger/transfers.ts";
import { parsePeriodCode } from "../../../services/periods.ts";
import { buildPeriodReport } from "../../../services/reports/period-report.ts";
import { renderReportCsv, renderReportHtml } from "../../../services/reports/render-report.ts";
import { TEST_DAY, testClock } from "../../support/clock.ts";
import { createActivity, createMunicipality, createPerson, createProvider, scheme } from "../../support/fixtures.ts";
import { useTestDatabase } from "../../support/database.ts";

const ctx = useTestDatabase();
const clock = testClock();
const autumn = parsePeriodCode("2026-autumn", scheme);
let municipalityId: string;
let nordChildren: string[] = [];

/**
 * 21 children: Nord 12 (10 born 2015, two born 2010), Sør 3 (born 2019), Øst 6 (born 2012).
 * Six Nord children of 2015 spend NOK 500 on football; one Sør child NOK 300 on dance.
 */
beforeAll(async () => {
  const prisma = ctx.db.prisma;
  municipalityId = (await createMunicipality(prisma)).id;
  const district = (name: string, lowIncomeShare: number | null) => prisma.district.create({ data: { municipalityId, name, aliases: [name.toLowerCase()], lowIncomeShare } });
  const [nord, sor, ost] = [await district("Nord", 0.1), await district("Sør", 0.3), await district("Øst", null)];
  const children = async (districtId: string, birthDate: string, n: number) => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const child = await createPerson(prisma, municipalityId, { birthDate });
      await prisma.person.update({ where: { id: child.id }, data: { districtId } });
      ids.push(child.id);
    }
    return ids;
  };
  const nord2015 = await children(nord.id, "2015-03-01", 10);
  nordChildren = [...nord2015, ...(await children(nord.id, "2010-03-01", 2))];
  const sor2019 = await children(sor.id, "2019-03-01", 3);
  await children(ost.id, "2012-03-01", 6);
  const now = clock.now();
  await allocatePeriod(ctx.db, { municipalityId, period: autumn, scheme, today: TEST_DAY, now });
  const period = await prisma.period.findFirstOrThrow({ where: { municipalityId, code: "2026-autumn" } });

  const provider = await createProvider(prisma, municipalityId);
  const providerAccountId = await ensureProviderAccount(ctx.db, municipalityId, provider.id);
  const football = await createActivity(prisma, provider.id, { category: "football" });
  const dance = await createActivity(prisma, provider.id, { category: "dance" });
  const spend = async (childId: string, activityId: string, ore: number) => {
    const enrollment = await prisma.enrollment.create({ data: { childId, activityId, periodId: period.id, enrolledById: childId, status: "CONFIRMED", createdAt: now } });
    const held = await hold(ctx.db, { id: `hold:${enrollment.id}`, municipalityId, cardAccountId: accountIds.card(period.id, childId), providerAccountId, maxOre: ore, timeoutAt: fromIsoDate("2026-12-31"), enrollmentId: enrollment.id, periodId: period.id, now, audit: { actorId: null } });
    await resolveHold(ctx.db, { id: `post:${enrollment.id}`, holdId: held!.transfer.id, kind: "POST", now, audit: { actorId: null } });
  };
  for (const childId of nord2015.slice(0, 6)) await spend(childId, football.id, 50_000);
  await spend(sor2019[0]!, dance.id, 30_000);
});

describe("the evaluation report's figures and suppression", () => {
  it("counts eligible children, users and money from the ledger", async () => {
    const report = await buildPeriodReport(ctx.db, { municipalityId, periodCode: "2026-autumn", scheme });
    expect(report.total).toEqual({ key: "total", label: "total", eligible: 21, users: 7, share: 7 / 21, allocatedOre: 2_100_000, usedOre: 330_000, expiredOre: 0 });
    expect(report.topUps).toBeNull();
    expect(report.signUpsByWeek).toEqual([{ week: "2026-11-23", children: 7 }]);
    expect(report.outreach).toBeNull();
    expect(report.hasLowIncomeShares).toBe(true);
  });

  it("suppresses small cells and the cells that would reveal them", async () => {
    const report = await buildPeriodReport(ctx.db, { municipalityId, periodCode: "2026-autumn", scheme });
    const rows = (list: { label: string; eligible: number | null; users: number | null }[]) => list.map((r) => [r.label, r.eligible, r.users]);
    // Sør (3 children) is hidden; Øst, the smallest other district, goes with it (total − Nord − Øst = Sør).
    // Then Sør and Øst together hold 1 user (total 7 − Nord's 6): Nord's users are hidden too.
    expect(rows(report.byDistrict)).toEqual([["Nord", 12, null], ["Sør", null, null], ["Øst", null, null]]);
    expect(report.byDistrict[0]).toMatchObject({ share: null, allocatedOre: 1_200_000, usedOre: null, lowIncomeShare: 0.1 });
    expect(report.byDistrict[1]).toMatchObject({ share: null, allocatedOre: null, usedOre: null, lowIncomeShare: 0.3 });
    // 6-9 (3) and 16-18 (2) hidden: two cells, neither alone. 10-12: 10 children, 6 users — 4 did not use it, so users hidden.
    expect(rows(report.byAgeGroup)).toEqual([["6-9", null, null], ["10-12", 10, null], ["13-15", 6, 0], ["16-18", null, null]]);
    // Dance (1 child) hidden; football, the only other category, goes with it (the money adds up to the total used).
    expect(report.byCategory.map((r) => [r.key, r.users, r.usedOre])).toEqual([["dance", null, null], ["football", null, null]]);
  });

  it("compares families reached by outreach with those not reached, when there is outreach data", async () => {
    const report = await buildPeriodReport(ctx.db, { municipalityId, periodCode: "2026-autumn", scheme, outreach: async () => nordChildren });
    // Not reached: 9 children, 1 user (hidden); the reached group's users go too, or the total would tell.
    expect(report.outreach!.map((r) => [r.key, r.eligible, r.users])).toEqual([["reached", 12, null], ["not-reached", 9, null]]);
  });

  it("renders HTML with inline SVG charts, no scripts, and CSV with ':' for a suppressed cell", async () => {
    const report = await buildPeriodReport(ctx.db, { municipalityId, periodCode: "2026-autumn", scheme });
    const html = renderReportHtml(report, { generatedOn: TEST_DAY });
    expect(XMLValidator.validate(html.replace(/^<!DOCTYPE html>\n/, ""))).toBe(true);
    expect(html).toContain("<svg");
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    expect(html).toContain("Ingen utsendingsdata for perioden.");
    const csv = renderReportCsv(report).trim().split("\n");
    expect(csv[0]).toBe("section,group,eligible,users,share_pct,allocated_nok,used_nok,expired_nok,low_income_share_pct");
    expect(csv).toContain("total,total,21,7,33.3,21000,3300,0,");
    expect(csv).toContain("district,Sør,:,:,:,:,:,:,30.0");
    expect(csv).toContain("outreach,no outreach data,,,,,,,");
  });

  it("refuses a period that has no cards", async () => {
    await expect(buildPeriodReport(ctx.db, { municipalityId, periodCode: "2025-spring", scheme })).rejects.toThrow("2025-spring has no cards yet: allocate it first");
  });
});
