import { beforeAll, describe, expect, it } from "vitest";
import { cancelEnrollment } from "../../../services/enrollment/cancel.ts";
import { checkSignUp } from "../../../services/enrollment/check-sign-up.ts";
import { signUpChild, type SignUpOptions } from "../../../services/enrollment/sign-up.ts";
import { useTestDatabase } from "../../support/database.ts";
import { createActivity, createFamily, createMunicipality, createPerson, createProvider, scheme } from "../../support/fixtures.ts";

const ctx = useTestDatabase({ poolSize: 8 });
const today = "2026-09-15"; // autumn 2026
let municipalityId: string;
let providerId: string;

beforeAll(async () => {
  municipalityId = (await createMunicipality(ctx.db.prisma)).id;
  providerId = (await createProvider(ctx.db.prisma, municipalityId)).id;
});

const now = new Date(`${today}T12:00:00Z`);

async function signUp(childId: string, activityId: string, actorId: string, extra: Partial<SignUpOptions> = {}) {
  return signUpChild(ctx.db, { municipalityId, childId, activityId, actorId, today, now, scheme, ...extra });
}

/** What the read-only check answers for the same sign-up: the refusal's code, or "allowed". */
async function check(childId: string, activityId: string, actorId: string, extra: Partial<SignUpOptions> = {}) {
  const result = await checkSignUp(ctx.db, { municipalityId, childId, activityId, actorId, today, scheme, ...extra });
  return result.allowed ? "allowed" : result.refusal.code;
}

describe("sign-up rules", () => {
  it("signs up an eligible child and writes the audit row with it", async () => {
    const { guardian, children: [child] } = await createFamily(ctx.db.prisma, municipalityId, ["2015-03-01"]);
    const activity = await createActivity(ctx.db.prisma, providerId, { feeOre: 120_000 });
    const result = await signUp(child!.id, activity.id, guardian.id);
    expect(result).toMatchObject({ periodCode: "2026-autumn", feeOre: 120_000 });
    const enrollment = await ctx.db.prisma.enrollment.findUniqueOrThrow({ where: { id: result.enrollmentId }, include: { period: true } });
    expect(enrollment).toMatchObject({ status: "PENDING", childId: child!.id, enrolledById: guardian.id });
    expect(enrollment.period).toMatchObject({ code: "2026-autumn", amountOre: 100_000 });
    const audit = await ctx.db.prisma.auditLog.findMany({ where: { entityId: result.enrollmentId } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "enrollment.created", actorId: guardian.id, at: now });
    expect(enrollment.createdAt).toEqual(now);
  });

  it.each([
    ["ACTIVITY_NOT_APPROVED", { approvalState: "PENDING" as const }],
    ["CATEGORY_EXCLUDED", { category: "camp" }],
    ["CATEGORY_EXCLUDED", { category: "tournament" }],
    ["TOO_FEW_SESSIONS", { sessionsPerPeriod: 4 }],
    ["AGE_OUTSIDE_ACTIVITY", { minAge: 14, maxAge: 16 }],
  ])("refuses with %s", async (code, activityOverrides) => {
    const { guardian, children: [child] } = await createFamily(ctx.db.prisma, municipalityId, ["2015-03-01"]);
    const activity = await createActivity(ctx.db.prisma, providerId, activityOverrides);
    expect(await check(child!.id, activity.id, guardian.id)).toBe(code);
    await expect(signUp(child!.id, activity.id, guardian.id)).rejects.toMatchObject({ code });
    expect(await ctx.db.prisma.enrollment.count({ where: { childId: child!.id } })).toBe(0);
  });

  it("refuses an activity of a club that is not approved", async () => {
    const suspended = await createProvider(ctx.db.prisma, municipalityId, { approvalState: "SUSPENDED" });
    const { guardian, children: [child] } = await createFamily(ctx.db.prisma, municipalityId, ["2015-03-01"]);
    const activity = await createActivity(ctx.db.prisma, suspended.id);
    await expect(signUp(child!.id, activity.id, guardian.id)).rejects.toMatchObject({ code: "PROVIDER_NOT_APPROVED" });
  });

  it("refuses a child too young, too old or not resident, and says why", async () => {
    const { guardian, children: [young, old] } = await createFamily(ctx.db.prisma, municipalityId, ["2021-02-02", "2007-06-06"]);
    const activity = await createActivity(ctx.db.prisma, providerId, { minAge: 0, maxAge: 30 });
    await expect(signUp(young!.id, activity.id, guardian.id)).rejects.toMatchObject({ code: "CHILD_NOT_ELIGIBLE", details: { reason: "TOO_YOUNG", from: "2027-01-01" } });
    await expect(signUp(old!.id, activity.id, guardian.id)).rejects.toMatchObject({ code: "CHILD_NOT_ELIGIBLE", details: { reason: "TOO_OLD" } });
    const movedAway = await createPerson(ctx.db.prisma, municipalityId, { birthDate: "2014-01-01", residentUntil: "2026-09-01" });
    await ctx.db.prisma.guardianship.create({ data: { guardianId: guardian.id, childId: movedAway.id } });
    await expect(signUp(movedAway.id, activity.id, guardian.id)).rejects.toMatchObject({ code: "CHILD_NOT_ELIGIBLE", details: { reason: "NOT_RESIDENT" } });
  });

  it("refuses a second sign-up for the same activity, but allows it again after a cancellation", async () => {
    const { guardian, children: [child] } = await createFamily(ctx.db.prisma, municipalityId, ["2012-12-12"]);
    const activity = await createActivity(ctx.db.prisma, providerId);
    const first = await signUp(child!.id, activity.id, guardian.id);
    expect(await check(child!.id, activity.id, guardian.id)).toBe("ALREADY_ENROLLED");
    await expect(signUp(child!.id, activity.id, guardian.id)).rejects.toMatchObject({ code: "ALREADY_ENROLLED" });
    await ctx.db.prisma.enrollment.update({ where: { id: first.enrollmentId }, data: { status: "CANCELLED" } });
    await expect(signUp(child!.id, activity.id, guardian.id)).resolves.toMatchObject({ periodCode: "2026-autumn" });
  });

  it("refuses when the activity is full", async () => {
    const { guardian, children } = await createFamily(ctx.db.prisma, municipalityId, ["2014-01-01", "2015-01-01", "2016-01-01"]);
    const activity = await createActivity(ctx.db.prisma, providerId, { capacity: 2 });
    await signUp(children[0]!.id, activity.id, guardian.id);
    expect(await check(children[1]!.id, activity.id, guardian.id)).toBe("allowed");
    await signUp(children[1]!.id, activity.id, guardian.id);
    expect(await check(children[2]!.id, activity.id, guardian.id)).toBe("ACTIVITY_FULL");
    await expect(signUp(children[2]!.id, activity.id, guardian.id)).rejects.toMatchObject({ code: "ACTIVITY_FULL", details: { capacity: 2 } });
  });

  it("gives the last place to exactly one of many concurrent sign-ups", async () => {
    const activity = await createActivity(ctx.db.prisma, providerId, { capacity: 3 });
    const families = await Promise.all(Array.from({ length: 10 }, () => createFamily(ctx.db.prisma, municipalityId, ["2013-05-05"])));
    const outcomes = await Promise.allSettled(families.map(({ guardian, children: [child] }) => signUp(child!.id, activity.id, guardian.id)));
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(3);
    for (const outcome of outcomes.filter((o) => o.status === "rejected")) expect((outcome as PromiseRejectedResult).reason).toMatchObject({ code: "ACTIVITY_FULL" });
    expect(await ctx.db.prisma.enrollment.count({ where: { activityId: activity.id } })).toBe(3);
  });

  it("lets a youth of 13 or more sign up alone, but not a younger child or a stranger", async () => {
    const activity = await createActivity(ctx.db.prisma, providerId);
    const youth = await createPerson(ctx.db.prisma, municipalityId, { birthDate: "2012-01-01" }); // 14
    await expect(signUp(youth.id, activity.id, youth.id)).resolves.toBeDefined();
    const child = await createPerson(ctx.db.prisma, municipalityId, { birthDate: "2016-01-01" }); // 10
    expect(await check(child.id, activity.id, child.id)).toBe("FORBIDDEN");
    await expect(signUp(child.id, activity.id, child.id)).rejects.toMatchObject({ code: "FORBIDDEN" });
    const stranger = await createPerson(ctx.db.prisma, municipalityId, { birthDate: "1980-01-01" });
    await expect(signUp(child.id, activity.id, stranger.id)).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("refuses outside any period and for another municipality's activity", async () => {
    const { guardian, children: [child] } = await createFamily(ctx.db.prisma, municipalityId, ["2015-03-01"]);
    const lateSpring = { ...scheme, springStart: "02-01" };
    const activity = await createActivity(ctx.db.prisma, providerId);
    expect(await check(child!.id, activity.id, guardian.id, { today: "2026-01-15", scheme: lateSpring })).toBe("PERIOD_CLOSED");
    await expect(signUp(child!.id, activity.id, guardian.id, { today: "2026-01-15", scheme: lateSpring })).rejects.toMatchObject({ code: "PERIOD_CLOSED" });
    const other = await createMunicipality(ctx.db.prisma);
    await expect(signUp(child!.id, activity.id, guardian.id, { municipalityId: other.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("checks a sign-up in a period that has no row yet without creating it: every place is left", async () => {
    const fresh = (await createMunicipality(ctx.db.prisma)).id;
    const club = await createProvider(ctx.db.prisma, fresh);
    const { guardian, children: [child] } = await createFamily(ctx.db.prisma, fresh, ["2015-03-01"]);
    const open = await createActivity(ctx.db.prisma, club.id);
    const noPlaces = await createActivity(ctx.db.prisma, club.id, { capacity: 0 });
    expect(await check(child!.id, open.id, guardian.id, { municipalityId: fresh })).toBe("allowed");
    expect(await check(child!.id, noPlaces.id, guardian.id, { municipalityId: fresh })).toBe("ACTIVITY_FULL");
    expect(await ctx.db.prisma.period.count({ where: { municipalityId: fresh } })).toBe(0);
  });

  it("refuses a sign-up in a period whose money has expired", async () => {
    const closed = (await createMunicipality(ctx.db.prisma)).id;
    const club = await createProvider(ctx.db.prisma, closed);
    const { guardian, children: [child] } = await createFamily(ctx.db.prisma, closed, ["2015-03-01"]);
    const activity = await createActivity(ctx.db.prisma, club.id);
    await ctx.db.prisma.period.create({ data: { municipalityId: closed, code: "2026-autumn", year: 2026, half: "AUTUMN", startsOn: new Date("2026-08-01"), endsOn: new Date("2026-12-31"), amountOre: 100_000, state: "EXPIRED" } });
    expect(await check(child!.id, activity.id, guardian.id, { municipalityId: closed })).toBe("PERIOD_CLOSED");
    await expect(signUp(child!.id, activity.id, guardian.id, { municipalityId: closed })).rejects.toMatchObject({ code: "PERIOD_CLOSED" });
  });
});

describe("cancelling", () => {
  it("is for a guardian or the youth itself from 13, the same rule as signing up", async () => {
    const activity = await createActivity(ctx.db.prisma, providerId);
    const { guardian, children: [twelve] } = await createFamily(ctx.db.prisma, municipalityId, ["2014-01-01"]);
    const youth = await createPerson(ctx.db.prisma, municipalityId, { birthDate: "2013-01-01" });
    const forTwelve = await signUp(twelve!.id, activity.id, guardian.id);
    const forYouth = await signUp(youth.id, activity.id, youth.id);
    await expect(cancelEnrollment(ctx.db, { enrollmentId: forTwelve.enrollmentId, actorId: twelve!.id, today, now })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(cancelEnrollment(ctx.db, { enrollmentId: forYouth.enrollmentId, actorId: youth.id, today, now })).resolves.toMatchObject({ status: "CANCELLED" });
    await expect(cancelEnrollment(ctx.db, { enrollmentId: forTwelve.enrollmentId, actorId: guardian.id, today, now })).resolves.toMatchObject({ status: "CANCELLED" });
    const audit = await ctx.db.prisma.auditLog.findFirstOrThrow({ where: { action: "enrollment.cancelled", entityId: forYouth.enrollmentId } });
    expect(audit.at).toEqual(now);
  });
});
