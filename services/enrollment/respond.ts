import type { Database, Tx } from "../db/database.ts";
import { inTransaction } from "../db/transaction.ts";
import { AppError } from "../errors.ts";
import { lockRow } from "../db/locks.ts";
import { recordAudit } from "../audit.ts";
import { postForEnrollment, releaseForEnrollment } from "../ledger/enrollment-money.ts";
import type { NoticeText } from "../clubs/notice-text.ts";
import { tellFamilyOfAnswer } from "../clubs/tell-family.ts";

export interface ClubResponseOptions {
  enrollmentId: string;
  /** A contact person of the activity's club. */
  actorId: string;
  now: Date;
  /** The catalog's sentences: the family is told of the answer (services/clubs/tell-family.ts). */
  notices?: NoticeText;
}

export interface DeclineOptions extends ClubResponseOptions {
  /** The club's own words, told to the family as the club wrote them. */
  reason?: string | undefined;
}

/**
 * Use case: the club confirms a participant. The enrollment becomes CONFIRMED and the card's hold is
 * posted: the reserved money now belongs to the club (settled with its next payout).
 */
export async function confirmEnrollment(db: Database, options: ClubResponseOptions) {
  return inTransaction(db, async (tx) => {
    const enrollment = await loadForClub(tx, options.enrollmentId, options.actorId);
    if (enrollment.status === "CONFIRMED") return { status: enrollment.status, cardPaidOre: 0 };
    if (enrollment.status !== "PENDING") throw new AppError("CONFLICT", `the sign-up is ${enrollment.status.toLowerCase()}`, { status: enrollment.status });
    const cardPaidOre = await postForEnrollment(tx, { enrollmentId: enrollment.id, now: options.now, audit: { actorId: options.actorId } });
    await tx.enrollment.update({ where: { id: enrollment.id }, data: { status: "CONFIRMED", confirmedAt: options.now } });
    await recordAudit(tx, { municipalityId: enrollment.period.municipalityId, actorId: options.actorId, action: "enrollment.confirmed", entityType: "Enrollment", entityId: enrollment.id, data: { cardPaidOre }, at: options.now });
    if (options.notices) await tellFamilyOfAnswer(tx, { enrollmentId: enrollment.id, answer: "confirmed", now: options.now, text: options.notices });
    return { status: "CONFIRMED" as const, cardPaidOre };
  });
}

/** Use case: the club declines a sign-up (full, wrong group…). The card's hold is released and the family told why. */
export async function declineEnrollment(db: Database, options: DeclineOptions) {
  return inTransaction(db, async (tx) => {
    const enrollment = await loadForClub(tx, options.enrollmentId, options.actorId);
    if (enrollment.status === "DECLINED") return { status: enrollment.status };
    if (enrollment.status !== "PENDING") throw new AppError("CONFLICT", `the sign-up is ${enrollment.status.toLowerCase()}`, { status: enrollment.status });
    await releaseForEnrollment(tx, { enrollmentId: enrollment.id, kind: "VOID", now: options.now, audit: { actorId: options.actorId } });
    await tx.familyPayment.updateMany({ where: { enrollmentId: enrollment.id, status: { in: ["OWED", "PENDING"] } }, data: { status: "CANCELLED" } });
    await tx.enrollment.update({ where: { id: enrollment.id }, data: { status: "DECLINED", endedAt: options.now } });
    await recordAudit(tx, { municipalityId: enrollment.period.municipalityId, actorId: options.actorId, action: "enrollment.declined", entityType: "Enrollment", entityId: enrollment.id, at: options.now });
    if (options.notices) await tellFamilyOfAnswer(tx, { enrollmentId: enrollment.id, answer: "declined", reason: options.reason, now: options.now, text: options.notices });
    return { status: "DECLINED" as const };
  });
}

async function loadForClub(tx: Tx, enrollmentId: string, actorId: string) {
  const enrollment = await tx.enrollment.findUnique({ where: { id: enrollmentId }, include: { activity: { select: { providerId: true } }, period: { select: { municipalityId: true } } } });
  if (!enrollment) throw new AppError("NOT_FOUND", "no such sign-up", { enrollmentId });
  const contact = await tx.providerContact.findUnique({ where: { providerId_personId: { providerId: enrollment.activity.providerId, personId: actorId } } });
  if (!contact) throw new AppError("FORBIDDEN", "only the club's contacts answer its sign-ups");
  // Serialise concurrent answers to the same sign-up.
  await lockRow(tx, "Enrollment", enrollmentId);
  return { ...enrollment, status: (await tx.enrollment.findUniqueOrThrow({ where: { id: enrollmentId }, select: { status: true } })).status };
}
