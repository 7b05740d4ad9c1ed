import type { Prisma } from "../../prisma/generated/client.ts";
import type { Tx } from "../db/database.ts";
import { AppError } from "../errors.ts";
import { accountIds, ensureProviderAccount } from "./accounts.ts";
import { hold, prismaOf, resolveHold, transfer, type AuditContext, type LedgerDb } from "./transfers.ts";

/**
 * The money side of an enrollment, always called inside the enrollment's own transaction so the
 * status change and the money move commit together. Transfer ids derive from the enrollment, so a
 * retried request can never move money twice.
 */
export const enrollmentTransferIds = {
  hold: (enrollmentId: string) => `hold:${enrollmentId}`,
  post: (enrollmentId: string) => `post:${enrollmentId}`,
  release: (enrollmentId: string) => `release:${enrollmentId}`,
  familyPayment: (enrollmentId: string) => `family:${enrollmentId}`,
  refundCard: (enrollmentId: string) => `refund-card:${enrollmentId}`,
  refundFamily: (enrollmentId: string) => `refund-family:${enrollmentId}`,
};

/** The family's remainder is paid under this reference at the payment provider (8–64 of [A-Za-z0-9-]). */
export const familyPaymentReference = (enrollmentId: string) => `fk-${enrollmentId}`;

export interface Reservation {
  cardPaysOre: number;
  familyPaysOre: number;
  holdExpiresAt: Date | null;
}

/**
 * At sign-up: hold min(fee, available) on the card for the club; the rest is owed by the family.
 */
export async function reserveForEnrollment(
  tx: Tx,
  options: { municipalityId: string; enrollmentId: string; childId: string; periodId: string; providerId: string; feeOre: number; now: Date; holdTimeoutDays: number; audit: AuditContext },
): Promise<Reservation> {
  const providerAccountId = await ensureProviderAccount(tx, options.municipalityId, options.providerId);
  const timeoutAt = new Date(options.now.getTime() + options.holdTimeoutDays * 86_400_000);
  const held =
    options.feeOre > 0
      ? await hold(tx, {
          id: enrollmentTransferIds.hold(options.enrollmentId),
          municipalityId: options.municipalityId,
          cardAccountId: accountIds.card(options.periodId, options.childId),
          providerAccountId,
          maxOre: options.feeOre,
          timeoutAt,
          enrollmentId: options.enrollmentId,
          periodId: options.periodId,
          now: options.now,
          audit: options.audit,
        })
      : null;
  const cardPaysOre = held?.transfer.amountOre ?? 0;
  const familyPaysOre = options.feeOre - cardPaysOre;
  if (familyPaysOre > 0) {
    await tx.familyPayment.create({
      data: { enrollmentId: options.enrollmentId, amountOre: familyPaysOre, reference: familyPaymentReference(options.enrollmentId) },
    });
  }
  return { cardPaysOre, familyPaysOre, holdExpiresAt: held ? timeoutAt : null };
}

async function openHold(tx: Tx, enrollmentId: string) {
  const heldId = enrollmentTransferIds.hold(enrollmentId);
  // One after the other: a transaction is one connection, and pg warns on overlapping queries.
  const held = await tx.ledgerTransfer.findUnique({ where: { id: heldId } });
  const resolution = held ? await tx.ledgerTransfer.findUnique({ where: { pendingId: heldId } }) : null;
  return { held, resolution };
}

/** The club confirmed the participant: the held card money moves to the club. */
export async function postForEnrollment(tx: Tx, options: { enrollmentId: string; now: Date; audit: AuditContext }): Promise<number> {
  const { held, resolution } = await openHold(tx, options.enrollmentId);
  if (!held) return 0;
  if (resolution && resolution.kind !== "POST") throw new AppError("HOLD_ALREADY_RESOLVED", "the card's reservation was already released", { resolution: resolution.kind });
  const outcome = await resolveHold(tx, { id: enrollmentTransferIds.post(options.enrollmentId), holdId: held.id, kind: "POST", now: options.now, audit: options.audit });
  return outcome.transfer.amountOre;
}

/** The sign-up ended before the club confirmed (cancelled, declined, timed out): release the hold. */
export async function releaseForEnrollment(tx: Tx, options: { enrollmentId: string; kind: "VOID" | "EXPIRE"; now: Date; audit: AuditContext }): Promise<number> {
  const { held, resolution } = await openHold(tx, options.enrollmentId);
  if (!held || resolution) return 0;
  const outcome = await resolveHold(tx, { id: enrollmentTransferIds.release(options.enrollmentId), holdId: held.id, kind: options.kind, now: options.now, audit: options.audit });
  return outcome.transfer.amountOre;
}

/**
 * A cancellation after the club was paid: the card's part goes back to the card while its period is
 * open (else to the fund: expired money is the municipality's), the family's part back to the
 * family's clearing account (the payment provider refund follows after commit).
 */
export async function refundForEnrollment(
  tx: Tx,
  options: { municipalityId: string; enrollmentId: string; childId: string; periodId: string; providerId: string; periodOpen: boolean; familyPaidOre: number; now: Date; audit: AuditContext },
): Promise<{ cardOre: number; familyOre: number }> {
  const posted = await tx.ledgerTransfer.findUnique({ where: { id: enrollmentTransferIds.post(options.enrollmentId) } });
  const providerAccountId = await ensureProviderAccount(tx, options.municipalityId, options.providerId);
  const common = { municipalityId: options.municipalityId, kind: "REFUND" as const, debitAccountId: providerAccountId, enrollmentId: options.enrollmentId, periodId: options.periodId, now: options.now, audit: options.audit };
  let cardOre = 0;
  if (posted) {
    const creditAccountId = options.periodOpen ? accountIds.card(options.periodId, options.childId) : accountIds.fund(options.municipalityId);
    cardOre = (await transfer(tx, { ...common, id: enrollmentTransferIds.refundCard(options.enrollmentId), creditAccountId, amountOre: posted.amountOre })).transfer.amountOre;
  }
  let familyOre = 0;
  if (options.familyPaidOre > 0) {
    const creditAccountId = accountIds.familyClearing(options.municipalityId);
    familyOre = (await transfer(tx, { ...common, id: enrollmentTransferIds.refundFamily(options.enrollmentId), creditAccountId, amountOre: options.familyPaidOre })).transfer.amountOre;
  }
  return { cardOre, familyOre };
}

/** Enrollment holds matching `where` that no POST, VOID or EXPIRE has resolved yet. */
export async function unresolvedEnrollmentHolds(ledger: LedgerDb, where: Prisma.LedgerTransferWhereInput): Promise<{ id: string; enrollmentId: string }[]> {
  const db = prismaOf(ledger);
  const holds = await db.ledgerTransfer.findMany({ where: { ...where, kind: "HOLD", enrollmentId: { not: null } }, select: { id: true, enrollmentId: true } });
  const resolved = new Set(
    (await db.ledgerTransfer.findMany({ where: { pendingId: { in: holds.map((h) => h.id) } }, select: { pendingId: true } })).map((r) => r.pendingId),
  );
  return holds.filter((h) => !resolved.has(h.id)).map((h) => ({ id: h.id, enrollmentId: h.enrollmentId! }));
}
