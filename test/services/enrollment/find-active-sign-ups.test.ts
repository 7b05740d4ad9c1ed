import { beforeAll, describe, expect, it } from "vitest";
import { cancelEnrollment } from "../../../services/enrollment/cancel.ts";
import { findActiveSignUps } from "../../../services/enrollment/find-active-sign-ups.ts";
import { signUpChild } from "../../../services/enrollment/sign-up.ts";
import { useTestDatabase } from "../../support/database.ts";
import { createActivity, createFamily, createMunicipality, createProvider, scheme } from "../../support/fixtures.ts";

const ctx = useTestDatabase();
const today = "2026-09-15";
const now = new Date(`${today}T12:00:00Z`);
let municipalityId: string;
let providerId: string;

beforeAll(async () => {
  municipalityId = (await createMunicipality(ctx.db.prisma)).id;
  providerId = (await createProvider(ctx.db.prisma, municipalityId, { name: "Elvebyen IL" })).id;
});

describe("a family's active sign-ups this period", () => {
  it("lists the children's pending sign-ups with titles in the user's language, not cancelled ones or other families'", async () => {
    const { guardian, children: [jonas, ella] } = await createFamily(ctx.db.prisma, municipalityId, ["2015-06-09", "2016-02-02"]);
    const other = await createFamily(ctx.db.prisma, municipalityId, ["2015-01-01"]);
    const football = await createActivity(ctx.db.prisma, providerId, { title: "Fotball", translations: [{ language: "en", title: "Football", description: "Football." }] });
    const music = await createActivity(ctx.db.prisma, providerId, { title: "Musikk" });
    const signUp = (childId: string, actorId: string, activityId: string) => signUpChild(ctx.db, { municipalityId, childId, activityId, actorId, today, now, scheme });
    await signUp(jonas!.id, guardian.id, football.id);
    const cancelled = await signUp(ella!.id, guardian.id, music.id);
    await cancelEnrollment(ctx.db, { enrollmentId: cancelled.enrollmentId, actorId: guardian.id, today, now });
    await signUp(other.children[0]!.id, other.guardian.id, music.id);

    const found = await findActiveSignUps(ctx.db, { municipalityId, childIds: [jonas!.id, ella!.id], today, rules: scheme, language: "en" });
    expect(found).toEqual([expect.objectContaining({ childId: jonas!.id, childName: jonas!.givenName, activityTitle: "Football", providerName: "Elvebyen IL", status: "PENDING" })]);
  });

  it("is only this period's: a sign-up from autumn is not listed in spring, nor between periods", async () => {
    const { guardian, children: [child] } = await createFamily(ctx.db.prisma, municipalityId, ["2015-06-09"]);
    const activity = await createActivity(ctx.db.prisma, providerId);
    await signUpChild(ctx.db, { municipalityId, childId: child!.id, activityId: activity.id, actorId: guardian.id, today, now, scheme });
    const on = (day: string, rules = scheme) => findActiveSignUps(ctx.db, { municipalityId, childIds: [child!.id], today: day, rules, language: "nb" });
    expect(await on(today)).toHaveLength(1);
    expect(await on("2027-03-01")).toEqual([]);
    expect(await on("2027-01-15", { ...scheme, springStart: "02-01" })).toEqual([]);
  });
});
