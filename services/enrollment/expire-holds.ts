import type { Database } from "../db/database.ts";
import { inTransaction } from "../db/transaction.ts";
import { lockRow } from "../db/locks.ts";
import { recordAudit } from "../audit.ts";
import { releaseForEnrollment, unresolvedEnrollmentHolds } from "../ledger/enrollment-money.ts";

/**
 * Job: sign-ups whose club did not confirm before the card's hold timed out lapse; the hold expires
 * back to the card and an unpaid remainder is cancelled. Safe to run at any time, in any number of
 * processes: each hold is resolved exactly once.
 */
export async function expireLapsedHolds(db: Database, now: Date): Promise<{ expired: number }> {
  let expired = 0;
  for (const { enrollmentId } of await unresolvedEnrollmentHolds(db.prisma, { timeoutAt: { lte: now } })) {
    expired += await inTransaction(db, async (tx) => {
      await lockRow(tx, "Enrollment", enrollmentId);
      const released = await releaseForEnrollment(tx, { enrollmentId, kind: "EXPIRE", now, audit: { actorId: null } });
      if (released === 0) return 0;
      const enrollment = await tx.enrollment.update({ where: { id: enrollmentId }, data: { status: "EXPIRED", endedAt: now }, include: { period: { select: { municipalityId: true } } } });
      await tx.familyPayment.updateMany({ where: { enrollmentId, status: { in: ["OWED", "PENDING"] } }, data: { status: "CANCELLED" } });
      await recordAudit(tx, { municipalityId: enrollment.period.municipalityId, actorId: null, action: "enrollment.expired", entityType: "Enrollment", entityId: enrollmentId, at: now });
      return 1;
    });
  }
  return { expired };
}
