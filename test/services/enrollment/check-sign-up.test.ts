import { beforeAll, describe, expect, it } from "vitest";
import { checkSignUp, judgeSignUp, SignUpRefusedError, type CheckSignUpOptions, type SignUpRefusal } from "../../../services/enrollment/check-sign-up.ts";
import { signUpChild } from "../../../services/enrollment/sign-up.ts";
import { inTransaction } from "../../../services/db/transaction.ts";
import { useTestDatabase } from "../../support/database.ts";
import { createActivity, createFamily, createMunicipality, createPerson, createProvider, scheme } from "../../support/fixtures.ts";

/**
 * checkSignUp reads every fact in one statement and judges in TypeScript: each refusal, with its
 * details, must be what signUpChild (the same judgeSignUp inside its transaction) throws.
 */
const ctx = useTestDatabase();
const today = "2026-09-15"; // autumn 2026
const now = new Date(`${today}T12:00:00Z`);
let municipalityId: string;
let providerId: string;

beforeAll(async () => {
  municipalityId = (await createMunicipality(ctx.db.prisma)).id;
  providerId = (await createProvider(ctx.db.prisma, municipalityId)).id;
});

type Extra = Partial<Pick<CheckSignUpOptions, "municipalityId" | "today" | "scheme">>;

/** The check's refusal, after asserting that the sign-up throws the very same one and writes nothing. */
async function refusal(childId: string, activityId: string, actorId: string, extra: Extra = {}): Promise<SignUpRefusal> {
  const options = { municipalityId, childId, activityId, actorId, today, scheme, ...extra };
  const result = await checkSignUp(ctx.db, options);
  if (result.allowed) throw new Error("expected a refusal, the check allowed it");
  const error = await signUpChild(ctx.db, { ...options, now }).then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(SignUpRefusedError);
  expect((error as SignUpRefusedError).refusal).toEqual(result.refusal);
  return result.refusal;
}

describe("checkSignUp: every rule, in one statement", () => {
  it("allows an eligible child and answers the period and the activity's fee", async () => {
    const { guardian, children: [child] } = await createFamily(ctx.db.prisma, municipalityId, ["2015-03-01"]);
    const activity = await createActivity(ctx.db.prisma, providerId, { feeOre: 95_000 });
    expect(await checkSignUp(ctx.db, { municipalityId, childId: child!.id, activityId: activity.id, actorId: guardian.id, today, scheme })).toEqual({
      allowed: true,
      period: { code: "2026-autumn", year: 2026, half: "AUTUMN", startsOn: "2026-08-01", endsOn: "2026-12-31" },
      activity: { id: activity.id, providerId, feeOre: 95_000 },
    });
  });

  it("answers the same inside a caller's transaction", async () => {
    const { guardian, children: [child] } = await createFamily(ctx.db.prisma, municipalityId, ["2015-03-01"]);
    const activity = await createActivity(ctx.db.prisma, providerId, { capacity: 0 });
    const options = { municipalityId, childId: child!.id, activityId: activity.id, actorId: guardian.id, today, scheme };
    expect(await inTransaction(ctx.db, (tx) => judgeSignUp(tx, options))).toEqual(await checkSignUp(ctx.db, options));
    expect(await checkSignUp(ctx.db, options)).toEqual({ allowed: false, refusal: { code: "ACTIVITY_FULL", capacity: 0 } });
  });

  it("NOT_FOUND: an activity that does not exist or is another municipality's, a child likewise", async () => {
    const { guardian, children: [child] } = await createFamily(ctx.db.prisma, municipalityId, ["2015-03-01"]);
    const activity = await createActivity(ctx.db.prisma, providerId);
    expect(await refusal(child!.id, "no-such-activity", guardian.id)).toEqual({ code: "NOT_FOUND", activityId: "no-such-activity" });
    const other = (await createMunicipality(ctx.db.prisma)).id;
    expect(await refusal(child!.id, activity.id, guardian.id, { municipalityId: other })).toEqual({ code: "NOT_FOUND", activityId: activity.id });
    expect(await refusal("no-such-child", activity.id, guardian.id)).toEqual({ code: "NOT_FOUND", childId: "no-such-child" });
    const elsewhere = await createFamily(ctx.db.prisma, other, ["2015-03-01"]);
    expect(await refusal(elsewhere.children[0]!.id, activity.id, elsewhere.guardian.id)).toEqual({ code: "NOT_FOUND", childId: elsewhere.children[0]!.id });
  });

  it("FORBIDDEN: a stranger, another family's guardian, a youth under 13 or without a birth date acting alone", async () => {
    const activity = await createActivity(ctx.db.prisma, providerId);
    const { children: [child] } = await createFamily(ctx.db.prisma, municipalityId, ["2015-03-01"]);
    const otherFamily = await createFamily(ctx.db.prisma, municipalityId, ["2016-03-01"]);
    const stranger = await createPerson(ctx.db.prisma, municipalityId, { birthDate: "1980-01-01" });
    expect(await refusal(child!.id, activity.id, stranger.id)).toEqual({ code: "FORBIDDEN" });
    expect(await refusal(child!.id, activity.id, otherFamily.guardian.id)).toEqual({ code: "FORBIDDEN" });
    expect(await refusal(child!.id, activity.id, "no-such-person")).toEqual({ code: "FORBIDDEN" });
    const twelve = await createPerson(ctx.db.prisma, municipalityId, { birthDate: "2013-09-16" }); // 13 tomorrow
    expect(await refusal(twelve.id, activity.id, twelve.id)).toEqual({ code: "FORBIDDEN" });
    const unknown = await createPerson(ctx.db.prisma, municipalityId, { birthDate: null });
    expect(await refusal(unknown.id, activity.id, unknown.id)).toEqual({ code: "FORBIDDEN" });
  });

  it("lets a youth act alone from their 13th birthday, and a guardian for a child of any age", async () => {
    const activity = await createActivity(ctx.db.prisma, providerId);
    const thirteen = await createPerson(ctx.db.prisma, municipalityId, { birthDate: "2013-09-15" }); // 13 today
    const options = { municipalityId, activityId: activity.id, today, scheme };
    expect(await checkSignUp(ctx.db, { ...options, childId: thirteen.id, actorId: thirteen.id })).toMatchObject({ allowed: true });
    const { guardian, children: [seven] } = await createFamily(ctx.db.prisma, municipalityId, ["2019-01-01"]);
    expect(await checkSignUp(ctx.db, { ...options, childId: seven!.id, actorId: guardian.id })).toMatchObject({ allowed: true });
  });

  it("PERIOD_CLOSED: before the first period of the year, and in a period whose row is not open", async () => {
    const { guardian, children: [child] } = await createFamily(ctx.db.prisma, municipalityId, ["2015-03-01"]);
    const activity = await createActivity(ctx.db.prisma, providerId);
    expect(await refusal(child!.id, activity.id, guardian.id, { today: "2026-01-15", scheme: { ...scheme, springStart: "02-01" } })).toEqual({ code: "PERIOD_CLOSED" });
    const closed = (await createMunicipality(ctx.db.prisma)).id;
    const club = await createProvider(ctx.db.prisma, closed);
    const family = await createFamily(ctx.db.prisma, closed, ["2015-03-01"]);
    const theirs = await createActivity(ctx.db.prisma, club.id);
    await ctx.db.prisma.period.create({ data: { municipalityId: closed, code: "2026-autumn", year: 2026, half: "AUTUMN", startsOn: new Date("2026-08-01"), endsOn: new Date("2026-12-31"), amountOre: 100_000, state: "EXPIRED" } });
    expect(await refusal(family.children[0]!.id, theirs.id, family.guardian.id, { municipalityId: closed })).toEqual({ code: "PERIOD_CLOSED" });
  });

  it("PROVIDER_NOT_APPROVED, ACTIVITY_NOT_APPROVED, CATEGORY_EXCLUDED, TOO_FEW_SESSIONS, AGE_OUTSIDE_ACTIVITY with their details", async () => {
    const { guardian, children: [child] } = await createFamily(ctx.db.prisma, municipalityId, ["2015-03-01"]); // 11
    const suspended = await createProvider(ctx.db.prisma, municipalityId, { approvalState: "SUSPENDED" });
    const ofSuspended = await createActivity(ctx.db.prisma, suspended.id);
    expect(await refusal(child!.id, ofSuspended.id, guardian.id)).toEqual({ code: "PROVIDER_NOT_APPROVED", providerId: suspended.id });
    const pending = await createActivity(ctx.db.prisma, providerId, { approvalState: "PENDING" });
    expect(await refusal(child!.id, pending.id, guardian.id)).toEqual({ code: "ACTIVITY_NOT_APPROVED", activityId: pending.id });
    const camp = await createActivity(ctx.db.prisma, providerId, { category: "camp" });
    expect(await refusal(child!.id, camp.id, guardian.id)).toEqual({ code: "CATEGORY_EXCLUDED", category: "camp" });
    const course = await createActivity(ctx.db.prisma, providerId, { sessionsPerPeriod: 4 });
    expect(await refusal(child!.id, course.id, guardian.id)).toEqual({ code: "TOO_FEW_SESSIONS", sessions: 4, required: 8 });
    const teens = await createActivity(ctx.db.prisma, providerId, { minAge: 14, maxAge: 16 });
    expect(await refusal(child!.id, teens.id, guardian.id)).toEqual({ code: "AGE_OUTSIDE_ACTIVITY", age: 11, minAge: 14, maxAge: 16 });
  });

  it("CHILD_NOT_ELIGIBLE: too young, too old (either age rule), not resident yet or any more, no birth date", async () => {
    const activity = await createActivity(ctx.db.prisma, providerId, { minAge: 0, maxAge: 30 });
    const { guardian, children: [young, old, unknown] } = await createFamily(ctx.db.prisma, municipalityId, ["2021-02-02", "2007-06-06", "2015-01-01"]);
    await ctx.db.prisma.person.update({ where: { id: unknown!.id }, data: { birthDate: null } });
    expect(await refusal(young!.id, activity.id, guardian.id)).toEqual({ code: "CHILD_NOT_ELIGIBLE", eligible: false, period: "2026-autumn", reason: "TOO_YOUNG", from: "2027-01-01" });
    expect(await refusal(old!.id, activity.id, guardian.id)).toEqual({ code: "CHILD_NOT_ELIGIBLE", eligible: false, period: "2026-autumn", reason: "TOO_OLD", lastYear: 2025 });
    const exactAge = { ...scheme, ageRule: "EXACT_AGE" as const };
    expect(await refusal(old!.id, activity.id, guardian.id, { scheme: exactAge })).toEqual({ code: "CHILD_NOT_ELIGIBLE", eligible: false, period: "2026-autumn", reason: "TOO_OLD", until: "2025-06-06" });
    expect(await refusal(unknown!.id, activity.id, guardian.id)).toEqual({ code: "CHILD_NOT_ELIGIBLE", eligible: false, period: "2026-autumn", reason: "NO_BIRTH_DATE" });
    for (const residence of [{ residentUntil: "2026-09-15" }, { residentFrom: "2026-09-16" }, { residentFrom: null }]) {
      const child = await createPerson(ctx.db.prisma, municipalityId, { birthDate: "2014-01-01", ...residence });
      await ctx.db.prisma.guardianship.create({ data: { guardianId: guardian.id, childId: child.id } });
      expect(await refusal(child.id, activity.id, guardian.id)).toEqual({ code: "CHILD_NOT_ELIGIBLE", eligible: false, period: "2026-autumn", reason: "NOT_RESIDENT" });
    }
    // The day of moving in counts, and the day before moving out.
    for (const residence of [{ residentFrom: "2026-09-15" }, { residentUntil: "2026-09-16" }]) {
      const child = await createPerson(ctx.db.prisma, municipalityId, { birthDate: "2014-01-01", ...residence });
      await ctx.db.prisma.guardianship.create({ data: { guardianId: guardian.id, childId: child.id } });
      expect(await checkSignUp(ctx.db, { municipalityId, childId: child.id, activityId: activity.id, actorId: guardian.id, today, scheme })).toMatchObject({ allowed: true });
    }
  });

  it("ALREADY_ENROLLED and ACTIVITY_FULL count only active sign-ups of this activity in this period", async () => {
    const { guardian, children: [first, second] } = await createFamily(ctx.db.prisma, municipalityId, ["2014-01-01", "2015-01-01"]);
    const activity = await createActivity(ctx.db.prisma, providerId, { capacity: 1 });
    const other = await createActivity(ctx.db.prisma, providerId, { capacity: 1 });
    const taken = await signUpChild(ctx.db, { municipalityId, childId: first!.id, activityId: activity.id, actorId: guardian.id, today, now, scheme });
    expect(await refusal(first!.id, activity.id, guardian.id)).toEqual({ code: "ALREADY_ENROLLED", activityId: activity.id });
    expect(await refusal(second!.id, activity.id, guardian.id)).toEqual({ code: "ACTIVITY_FULL", capacity: 1 });
    expect(await checkSignUp(ctx.db, { municipalityId, childId: second!.id, activityId: other.id, actorId: guardian.id, today, scheme })).toMatchObject({ allowed: true });
    await ctx.db.prisma.enrollment.update({ where: { id: taken.enrollmentId }, data: { status: "CANCELLED" } });
    for (const child of [first!, second!]) {
      expect(await checkSignUp(ctx.db, { municipalityId, childId: child.id, activityId: activity.id, actorId: guardian.id, today, scheme })).toMatchObject({ allowed: true });
    }
  });

  it("checks the rules in order: the first that fails is the one answered", async () => {
    // A stranger asking about a child too young for a full, unapproved activity: FORBIDDEN comes first.
    const stranger = await createPerson(ctx.db.prisma, municipalityId, { birthDate: "1980-01-01" });
    const { guardian, children: [young] } = await createFamily(ctx.db.prisma, municipalityId, ["2021-02-02"]);
    const activity = await createActivity(ctx.db.prisma, providerId, { approvalState: "PENDING", capacity: 0, category: "camp" });
    expect(await refusal(young!.id, activity.id, stranger.id)).toEqual({ code: "FORBIDDEN" });
    expect(await refusal(young!.id, activity.id, guardian.id)).toEqual({ code: "ACTIVITY_NOT_APPROVED", activityId: activity.id });
  });
});
