import { beforeAll, describe, expect, it } from "vitest";
import { requestAccommodation } from "../../../services/accommodation/request-accommodation.ts";
import { signUpChild } from "../../../services/enrollment/sign-up.ts";
import { useTestDatabase } from "../../support/database.ts";
import { createActivity, createFamily, createMunicipality, createPerson, createProvider, scheme } from "../../support/fixtures.ts";

const ctx = useTestDatabase();
const today = "2026-09-15";
const now = new Date("2026-09-15T10:30:00Z");
let municipalityId: string;
let providerId: string;

beforeAll(async () => {
  municipalityId = (await createMunicipality(ctx.db.prisma)).id;
  providerId = (await createProvider(ctx.db.prisma, municipalityId)).id;
});

/** A child signed up by its guardian: the sign-up an accommodation request is about. */
async function signedUp(birthDate: string) {
  const { guardian, children: [child] } = await createFamily(ctx.db.prisma, municipalityId, [birthDate]);
  const activity = await createActivity(ctx.db.prisma, providerId);
  const { enrollmentId } = await signUpChild(ctx.db, { municipalityId, childId: child!.id, activityId: activity.id, actorId: guardian.id, today, now, scheme });
  return { guardian, child: child!, enrollmentId };
}

describe("an accommodation request", () => {
  it("goes to the club with the family's consent, stamped with the service's clock and audited", async () => {
    const { guardian, child, enrollmentId } = await signedUp("2015-03-01");
    const { requestId } = await requestAccommodation(ctx.db, { enrollmentId, requestedById: guardian.id, needs: ["wheelchair", "allergy", "wheelchair"], today, now });
    const request = await ctx.db.prisma.accommodationRequest.findUniqueOrThrow({ where: { id: requestId } });
    expect(request).toMatchObject({ childId: child.id, providerId, needs: ["wheelchair", "allergy"], consentAt: now, createdAt: now, status: "OPEN" });
    const audit = await ctx.db.prisma.auditLog.findFirstOrThrow({ where: { action: "accommodation.requested", entityId: requestId } });
    expect(audit).toMatchObject({ actorId: guardian.id, at: now });
  });

  it("may be asked by a youth of 13 for themself", async () => {
    const { child, enrollmentId } = await signedUp("2013-01-01");
    await expect(requestAccommodation(ctx.db, { enrollmentId, requestedById: child.id, needs: ["hearing"], today, now })).resolves.toMatchObject({ providerId });
  });

  it("is refused to a 12-year-old asking for themself, and to a stranger; nothing reaches the club", async () => {
    const { child, enrollmentId } = await signedUp("2014-01-01"); // 12 on 2026-09-15
    await expect(requestAccommodation(ctx.db, { enrollmentId, requestedById: child.id, needs: ["hearing"], today, now })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const stranger = await createPerson(ctx.db.prisma, municipalityId, { birthDate: "1980-01-01" });
    await expect(requestAccommodation(ctx.db, { enrollmentId, requestedById: stranger.id, needs: ["hearing"], today, now })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await ctx.db.prisma.accommodationRequest.count({ where: { enrollmentId } })).toBe(0);
  });

  it("asks for coarse needs only", async () => {
    const { guardian, enrollmentId } = await signedUp("2015-03-01");
    await expect(requestAccommodation(ctx.db, { enrollmentId, requestedById: guardian.id, needs: [], today, now })).rejects.toMatchObject({ code: "INVALID_REQUEST" });
    await expect(requestAccommodation(ctx.db, { enrollmentId, requestedById: guardian.id, needs: ["diagnosis" as never], today, now })).rejects.toMatchObject({ code: "INVALID_REQUEST" });
  });
});
