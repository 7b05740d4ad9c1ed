import type { Database } from "../db/database.ts";
import { inTransaction } from "../db/transaction.ts";
import { recordAudit } from "../audit.ts";
import type { IsoDate } from "../dates.ts";
import { AppError } from "../errors.ts";
import { assertMayActFor } from "../family/may-act-for.ts";

/**
 * Coarse needs only: the club learns what to prepare, never a diagnosis (health details are
 * special-category personal data; domain.md).
 */
export const ACCOMMODATION_NEEDS = ["wheelchair", "allergy", "hearing", "interpreter", "autism_adhd", "other"] as const;
export type AccommodationNeed = (typeof ACCOMMODATION_NEEDS)[number];

export interface RequestAccommodationOptions {
  enrollmentId: string;
  /** A guardian of the child, or the youth itself from 13. */
  requestedById: string;
  needs: AccommodationNeed[];
  today: IsoDate;
  /** The service's clock: when the family agreed that the club is told these needs (consentAt). */
  now: Date;
}

/** Use case: ask the club of a sign-up to accommodate the child; the club answers later. */
export async function requestAccommodation(db: Database, options: RequestAccommodationOptions) {
  const needs = [...new Set(options.needs)];
  if (needs.length === 0 || needs.some((need) => !(ACCOMMODATION_NEEDS as readonly string[]).includes(need))) {
    throw new AppError("INVALID_REQUEST", `needs must be some of ${ACCOMMODATION_NEEDS.join(", ")}`);
  }
  return inTransaction(db, async (tx) => {
    const enrollment = await tx.enrollment.findUnique({ where: { id: options.enrollmentId }, include: { activity: { select: { id: true, providerId: true } }, period: { select: { municipalityId: true } } } });
    if (!enrollment) throw new AppError("NOT_FOUND", "no such sign-up", { enrollmentId: options.enrollmentId });
    await assertMayActFor(tx, { actorId: options.requestedById, childId: enrollment.childId, today: options.today });
    const request = await tx.accommodationRequest.create({
      data: {
        childId: enrollment.childId,
        activityId: enrollment.activity.id,
        providerId: enrollment.activity.providerId,
        enrollmentId: enrollment.id,
        requestedById: options.requestedById,
        consentAt: options.now,
        needs,
        createdAt: options.now,
      },
    });
    await recordAudit(tx, {
      municipalityId: enrollment.period.municipalityId,
      actorId: options.requestedById,
      action: "accommodation.requested",
      entityType: "AccommodationRequest",
      entityId: request.id,
      data: { enrollmentId: enrollment.id, needs },
      at: options.now,
    });
    return { requestId: request.id, providerId: request.providerId };
  });
}
