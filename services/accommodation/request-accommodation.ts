import type { PrismaClient } from "../db/database.ts";
import { recordAudit } from "../audit.ts";
import { AppError } from "../errors.ts";

/**
 * Coarse needs only: the club learns what to prepare, never a diagnosis (health details are
 * special-category personal data; domain.md).
 */
export const ACCOMMODATION_NEEDS = ["wheelchair", "allergy", "hearing", "interpreter", "autism_adhd", "other"] as const;
export type AccommodationNeed = (typeof ACCOMMODATION_NEEDS)[number];

export interface RequestAccommodationOptions {
  enrollmentId: string;
  /** A guardian of the child, or the youth itself. */
  requestedById: string;
  needs: AccommodationNeed[];
  /** The family agreed that the club is told these needs. */
  consentAt: Date;
}

/** Use case: ask the club of a sign-up to accommodate the child; the club answers later. */
export async function requestAccommodation(prisma: PrismaClient, options: RequestAccommodationOptions) {
  const needs = [...new Set(options.needs)];
  if (needs.length === 0 || needs.some((need) => !(ACCOMMODATION_NEEDS as readonly string[]).includes(need))) {
    throw new AppError("INVALID_REQUEST", `needs must be some of ${ACCOMMODATION_NEEDS.join(", ")}`);
  }
  return prisma.$transaction(async (tx) => {
    const enrollment = await tx.enrollment.findUnique({ where: { id: options.enrollmentId }, include: { activity: { select: { id: true, providerId: true } }, period: { select: { municipalityId: true } } } });
    if (!enrollment) throw new AppError("NOT_FOUND", "no such sign-up", { enrollmentId: options.enrollmentId });
    const mayAct =
      enrollment.childId === options.requestedById ||
      (await tx.guardianship.findUnique({ where: { guardianId_childId: { guardianId: options.requestedById, childId: enrollment.childId } } })) !== null;
    if (!mayAct) throw new AppError("FORBIDDEN", "only a guardian or the youth itself can ask for accommodation");
    const request = await tx.accommodationRequest.create({
      data: {
        childId: enrollment.childId,
        activityId: enrollment.activity.id,
        providerId: enrollment.activity.providerId,
        enrollmentId: enrollment.id,
        requestedById: options.requestedById,
        consentAt: options.consentAt,
        needs,
      },
    });
    await recordAudit(tx, {
      municipalityId: enrollment.period.municipalityId,
      actorId: options.requestedById,
      action: "accommodation.requested",
      entityType: "AccommodationRequest",
      entityId: request.id,
      data: { enrollmentId: enrollment.id, needs },
    });
    return { requestId: request.id, providerId: request.providerId };
  });
}
