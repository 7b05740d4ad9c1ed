import type { Database } from "../db/database.ts";
import { inTransaction } from "../db/transaction.ts";
import { AppError } from "../errors.ts";
import { recordAudit } from "../audit.ts";
import { fromIsoDate, type IsoDate } from "../dates.ts";
import { releaseForEnrollment } from "./enrollment-money.ts";
import { lockRow } from "../db/locks.ts";
import { accountIds } from "./accounts.ts";
import { transfers } from "./transfers.ts";

/**
 * Use case: after a period ends, unused card money goes back to the municipal fund (no carry-over,
 * domain.md). First the period is closed (no new holds or top-ups), then holds still pending are
 * voided and their sign-ups lapse, then every card's balance returns to the fund in one ledger batch.
 * Idempotent: a second run finds nothing left to move.
 */
export async function expirePeriod(db: Database, options: { municipalityId: string; periodCode: string; today: IsoDate; now: Date; actorId?: string | null }) {
  const period = await db.prisma.period.findUnique({ where: { municipalityId_code: { municipalityId: options.municipalityId, code: options.periodCode } } });
  if (!period) throw new AppError("NOT_FOUND", `no period ${options.periodCode}`);
  if (fromIsoDate(options.today) <= period.endsOn) throw new AppError("INVALID_REQUEST", `${period.code} has not ended yet`);
  const actorId = options.actorId ?? null;
  if (period.state === "OPEN") {
    await inTransaction(db, async (tx) => {
      await tx.period.update({ where: { id: period.id }, data: { state: "EXPIRED" } });
      await recordAudit(tx, { municipalityId: options.municipalityId, actorId, action: "period.expired", entityType: "Period", entityId: period.id, at: options.now });
    });
  }

  // Every sign-up still waiting for its club lapses: its hold (if the card paid part) is voided,
  // the family's unpaid part cancelled. Sign-ups the card paid nothing of have no hold to time out,
  // so this is where they end.
  let voided = 0;
  const pending = await db.prisma.enrollment.findMany({ where: { periodId: period.id, status: "PENDING" }, select: { id: true } });
  for (const { id: enrollmentId } of pending) {
    voided += await inTransaction(db, async (tx) => {
      await lockRow(tx, "Enrollment", enrollmentId);
      const lapsed = await tx.enrollment.updateMany({ where: { id: enrollmentId, status: "PENDING" }, data: { status: "EXPIRED", endedAt: options.now } });
      if (lapsed.count === 0) return 0; // answered or cancelled meanwhile
      const released = await releaseForEnrollment(tx, { enrollmentId, kind: "VOID", now: options.now, audit: { actorId } });
      await tx.familyPayment.updateMany({ where: { enrollmentId, status: { in: ["OWED", "PENDING"] } }, data: { status: "CANCELLED" } });
      return released > 0 ? 1 : 0;
    });
  }

  const fund = accountIds.fund(options.municipalityId);
  // Lock the period's cards first: the balances read next are then final, and exactly that moves
  // (measured: with the lock and the move in one statement, a hold committing in between made the
  // CHECK refuse the move).
  const moved = await inTransaction(db, async (tx) => {
    const cards = await tx.$queryRaw<{ id: string; available: bigint }[]>`
      SELECT id, "creditsPosted" - "debitsPosted" - "debitsPending" AS available
      FROM "LedgerAccount" WHERE "periodId" = ${period.id} AND kind = 'CARD' ORDER BY id FOR UPDATE`;
    return transfers(tx, {
      municipalityId: options.municipalityId,
      kind: "EXPIRY",
      now: options.now,
      audit: { actorId },
      transfers: cards
        .filter((card) => Number(card.available) > 0)
        .map((card) => ({ id: `expire:${card.id}`, debitAccountId: card.id, creditAccountId: fund, amountOre: Number(card.available), periodId: period.id })),
    });
  });
  return { period: period.code, voidedHolds: voided, cardsExpired: moved.length, returnedOre: moved.reduce((sum, t) => sum + t.amountOre, 0) };
}
