import type { Database } from "../db/database.ts";
import { inTransaction } from "../db/transaction.ts";
import { recordAudit } from "../audit.ts";
import type { IsoDate } from "../dates.ts";
import { AppError } from "../errors.ts";
import { assertMayActFor, mayActFor } from "../family/may-act-for.ts";
import { assertCaseworkerOf, assertStaffRole } from "../staff/caseworker-of.ts";
import { assignRequestReplyCode } from "../clubs/reply-codes.ts";
import { familySide, type NoticeText } from "../clubs/notice-text.ts";
import { addThreadMessage, noteKey, tellSide, threadAnswers, threadOf, threadText } from "./thread-notices.ts";

/**
 * Coarse needs only: the club learns what to prepare, never a diagnosis (health details are
 * special-category personal data; domain.md).
 */
export const ACCOMMODATION_NEEDS = ["wheelchair", "allergy", "hearing", "interpreter", "autism_adhd", "other"] as const;
export type AccommodationNeed = (typeof ACCOMMODATION_NEEDS)[number];

export interface RequestAccommodationOptions {
  enrollmentId: string;
  /** A guardian of the child, or the youth itself from 13; or a caseworker of the family, with `onBehalfOf`. */
  requestedById: string;
  /**
   * A caseworker asks on the family's behalf: the guardian (or the youth from 13) who agreed that
   * the club is told these needs. The club's answers then come to the caseworker.
   */
  onBehalfOf?: string | undefined;
  needs: AccommodationNeed[];
  today: IsoDate;
  /** The service's clock: when the family agreed that the club is told these needs (consentAt). */
  now: Date;
  /** The family's own words for the club — passed only when the family agreed to share them. */
  note?: string | undefined;
  /** The catalog's sentences: the club's contacts are told of the request. Without it nothing is queued. */
  notices?: NoticeText | undefined;
}

/**
 * Use case: ask the club of a sign-up to accommodate the child. In one transaction: the request
 * with its reply code (one code space with the club's open sign-ups), its first thread message
 * (the shared note, or none), and the notice to the club's contacts through the outbox — the needs
 * in the contact's language, the note only as given here, and the three answers JA/PRAT/NEI.
 */
export async function requestAccommodation(db: Database, options: RequestAccommodationOptions) {
  const needs = [...new Set(options.needs)];
  if (needs.length === 0 || needs.some((need) => !(ACCOMMODATION_NEEDS as readonly string[]).includes(need))) {
    throw new AppError("INVALID_REQUEST", `needs must be some of ${ACCOMMODATION_NEEDS.join(", ")}`);
  }
  return inTransaction(db, async (tx) => {
    const enrollment = await tx.enrollment.findUnique({ where: { id: options.enrollmentId }, include: { activity: { select: { id: true, providerId: true } }, period: { select: { municipalityId: true } } } });
    if (!enrollment) throw new AppError("NOT_FOUND", "no such sign-up", { enrollmentId: options.enrollmentId });
    if (options.onBehalfOf === undefined) {
      await assertMayActFor(tx, { actorId: options.requestedById, childId: enrollment.childId, today: options.today });
    } else {
      await assertStaffRole(tx, { actorId: options.requestedById, municipalityId: enrollment.period.municipalityId, roles: ["CASEWORKER"], action: "ask for accommodation on a family's behalf" });
      await assertCaseworkerOf(tx, { caseworkerId: options.requestedById, childId: enrollment.childId });
      if (!(await mayActFor(tx, { actorId: options.onBehalfOf, childId: enrollment.childId, today: options.today }))) {
        throw new AppError("FORBIDDEN", "the consent must come from a guardian of the child, or the youth itself from 13");
      }
    }
    const request = await tx.accommodationRequest.create({
      data: {
        childId: enrollment.childId,
        activityId: enrollment.activity.id,
        providerId: enrollment.activity.providerId,
        enrollmentId: enrollment.id,
        requestedById: options.requestedById,
        onBehalfOf: options.onBehalfOf ?? null,
        consentAt: options.now,
        needs,
        createdAt: options.now,
        lastMessageAt: options.now,
      },
    });
    const code = await assignRequestReplyCode(tx, { requestId: request.id, providerId: request.providerId });
    const note = threadText(options.note);
    await addThreadMessage(tx, { requestId: request.id, authorId: options.requestedById, kind: "REQUEST", body: note, now: options.now });
    const notices = options.notices;
    if (notices) {
      const thread = await threadOf(tx, request.id);
      await tellSide(tx, thread, "club", {
        now: options.now,
        text: notices,
        lines: (say, activity) => [
          say("accommodation:club.request", { child: thread.child.givenName, activity, needs: needs.map((need) => say(`chat:accommodation.need.${need}`)).join(", ") }),
          ...(note ? [say(noteKey(familySide(thread.requestedById, thread.childId)), { child: thread.child.givenName, text: note })] : []),
          say("accommodation:club.how_to_answer", { code }),
        ],
        answers: (say) => threadAnswers(say, code),
      });
    }
    await recordAudit(tx, {
      municipalityId: enrollment.period.municipalityId,
      actorId: options.requestedById,
      action: "accommodation.requested",
      entityType: "AccommodationRequest",
      entityId: request.id,
      data: { enrollmentId: enrollment.id, needs, noteShared: note !== undefined, ...(options.onBehalfOf ? { onBehalfOf: options.onBehalfOf, consentRecordedBy: options.requestedById } : {}) },
      at: options.now,
    });
    return { requestId: request.id, providerId: request.providerId, code };
  });
}
