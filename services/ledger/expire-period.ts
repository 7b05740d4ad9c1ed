import type { Database } from "../db/database.ts";
import { inTransaction } from "../db/transaction.ts";
import { AppError } from "../errors.ts";
import { recordAudit } from "../audit.ts";
import { fromIsoDate, type IsoDate } from "../dates.ts";
import { releaseForEnrollment, unresolvedEnrollmentHolds } from "./enrollment-money.ts";
import { accountIds } from "./accounts.ts";

/**
 * Use case: after a period ends, unused card money goes back to the municipal fund (no carry-over,
 * domain.md). First the period is closed (no new holds or top-ups), then holds still pending are
 * voided and their sign-ups lapse, then every card's balance returns to the fund in one statement.
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
      await recordAudit(tx, { municipalityId: options.municipalityId, actorId, action: "period.expired", entityType: "Period", entityId: period.id });
    });
  }

  let voided = 0;
  for (const { enrollmentId } of await unresolvedEnrollmentHolds(db.prisma, { periodId: period.id })) {
    voided += await inTransaction(db, async (tx) => {
      const released = await releaseForEnrollment(tx, { enrollmentId, kind: "VOID", now: options.now, audit: { actorId } });
      if (released > 0) {
        await tx.enrollment.updateMany({ where: { id: enrollmentId, status: "PENDING" }, data: { status: "EXPIRED", endedAt: options.now } });
        await tx.familyPayment.updateMany({ where: { enrollmentId, status: { in: ["OWED", "PENDING"] } }, data: { status: "CANCELLED" } });
      }
      return released > 0 ? 1 : 0;
    });
  }

  const fund = accountIds.fund(options.municipalityId);
  // Lock the period's cards first, in a statement of its own: the next statement then reads each
  // card's final balance and moves exactly that (measured: with the lock and the move in one
  // statement, a hold committing in between made the CHECK refuse the move).
  const [moved] = await inTransaction(db, async (tx) => {
    await tx.$queryRaw`SELECT id FROM "LedgerAccount" WHERE "periodId" = ${period.id} AND kind = 'CARD' ORDER BY id FOR UPDATE`;
    return tx.$queryRaw<{ cards: number; total: bigint }[]>`
      WITH cards AS (
        SELECT id, "creditsPosted" - "debitsPosted" - "debitsPending" AS available
        FROM "LedgerAccount" WHERE "periodId" = ${period.id} AND kind = 'CARD' AND "creditsPosted" - "debitsPosted" - "debitsPending" > 0
      ), ins AS (
        INSERT INTO "LedgerTransfer" (id, "municipalityId", kind, "debitAccountId", "creditAccountId", "amountOre", "periodId")
        SELECT 'expire:' || cards.id, ${options.municipalityId}, 'EXPIRY', cards.id, ${fund}, cards.available::int, ${period.id} FROM cards
        ON CONFLICT (id) DO NOTHING
        RETURNING *
      ), debit AS (
        UPDATE "LedgerAccount" a SET "debitsPosted" = a."debitsPosted" + ins."amountOre" FROM ins WHERE a.id = ins."debitAccountId" RETURNING a.id
      ), credit AS (
        UPDATE "LedgerAccount" a SET "creditsPosted" = a."creditsPosted" + s.total
        FROM (SELECT sum("amountOre") AS total FROM ins) s WHERE a.id = ${fund} AND s.total IS NOT NULL RETURNING a.id
      ), audit AS (
        INSERT INTO "AuditLog" ("municipalityId", "actorId", action, "entityType", "entityId", data)
        SELECT ins."municipalityId", ${actorId}, 'ledger.expiry', 'LedgerTransfer', ins.id, jsonb_build_object('amountOre', ins."amountOre", 'debit', ins."debitAccountId")
        FROM ins
      )
      SELECT count(*)::int AS cards, coalesce(sum("amountOre"), 0)::bigint AS total FROM ins`;
  });
  return { period: period.code, voidedHolds: voided, cardsExpired: Number(moved?.cards ?? 0), returnedOre: Number(moved?.total ?? 0) };
}
