import type { Database } from "../db/database.ts";
import { inTransaction } from "../db/transaction.ts";
import { AppError } from "../errors.ts";
import { recordAudit } from "../audit.ts";
import { refundForEnrollment, releaseForEnrollment } from "../ledger/enrollment-money.ts";
import { lockRow } from "../db/locks.ts";
import { assertMayActFor } from "../family/may-act-for.ts";
import type { IsoDate } from "../dates.ts";
import { announceCancellation } from "../clubs/announce-cancellation.ts";
import type { NoticeText } from "../clubs/notice-text.ts";

export interface CancelOptions {
  enrollmentId: string;
  /** A guardian of the child, or the youth itself (13+). */
  actorId: string;
  today: IsoDate;
  now: Date;
  /** The catalog's sentences: the club's contacts are told (services/clubs/announce-cancellation.ts). */
  notices?: NoticeText;
}

export interface CancelResult {
  status: "CANCELLED";
  /** Back on the card (or to the fund if the period has ended). */
  cardRefundOre: number;
  /** Back to the family through the payment provider. */
  familyRefundOre: number;
}

/**
 * Use case: a family cancels a sign-up. Before the club confirmed, the card's hold is released and
 * an unpaid remainder is cancelled; after, the card's part is refunded (to the card while the period
 * is open) and the family's paid part is refunded through the payment provider after commit.
 */
export async function cancelEnrollment(db: Database, options: CancelOptions): Promise<CancelResult> {
  return inTransaction(db, async (tx) => {
    await lockRow(tx, "Enrollment", options.enrollmentId);
    const enrollment = await tx.enrollment.findUnique({
      where: { id: options.enrollmentId },
      include: { period: true, activity: { select: { providerId: true } } },
    });
    if (!enrollment) throw new AppError("NOT_FOUND", "no such sign-up", { enrollmentId: options.enrollmentId });
    await assertMayActFor(tx, { actorId: options.actorId, childId: enrollment.childId, today: options.today });
    if (enrollment.status === "CANCELLED") return { status: "CANCELLED", cardRefundOre: 0, familyRefundOre: 0 };
    if (enrollment.status !== "PENDING" && enrollment.status !== "CONFIRMED") {
      throw new AppError("CONFLICT", `the sign-up is ${enrollment.status.toLowerCase()}`, { status: enrollment.status });
    }
    const audit = { actorId: options.actorId };
    const payment = await tx.familyPayment.findUnique({ where: { enrollmentId: enrollment.id } });
    let cardRefundOre = 0;
    let familyRefundOre = 0;
    if (enrollment.status === "PENDING") {
      await releaseForEnrollment(tx, { enrollmentId: enrollment.id, kind: "VOID", now: options.now, audit });
    }
    const familyPaidOre = payment?.status === "PAID" ? payment.amountOre : 0;
    if (enrollment.status === "CONFIRMED" || familyPaidOre > 0) {
      const refund = await refundForEnrollment(tx, {
        municipalityId: enrollment.period.municipalityId,
        enrollmentId: enrollment.id,
        childId: enrollment.childId,
        periodId: enrollment.periodId,
        providerId: enrollment.activity.providerId,
        periodOpen: enrollment.period.state === "OPEN",
        now: options.now,
        familyPaidOre,
        audit,
      });
      cardRefundOre = refund.cardOre;
      familyRefundOre = refund.familyOre;
    }
    if (payment && (payment.status === "OWED" || payment.status === "PENDING")) {
      await tx.familyPayment.update({ where: { id: payment.id }, data: { status: "CANCELLED" } });
    }
    if (familyRefundOre > 0) {
      // refundedAt stays null until the payment provider confirms (services/payments/family-payments.ts).
      await tx.familyPayment.update({ where: { id: payment!.id }, data: { status: "REFUNDED" } });
    }
    await tx.enrollment.update({ where: { id: enrollment.id }, data: { status: "CANCELLED", endedAt: options.now } });
    await recordAudit(tx, { municipalityId: enrollment.period.municipalityId, actorId: options.actorId, action: "enrollment.cancelled", entityType: "Enrollment", entityId: enrollment.id, data: { cardRefundOre, familyRefundOre }, at: options.now });
    if (options.notices) await announceCancellation(tx, { enrollmentId: enrollment.id, now: options.now, text: options.notices });
    return { status: "CANCELLED", cardRefundOre, familyRefundOre };
  });
}
