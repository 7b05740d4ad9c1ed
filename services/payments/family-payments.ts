import type { Database } from "../db/database.ts";
import { inTransaction } from "../db/transaction.ts";
import { AppError } from "../errors.ts";
import { recordAudit } from "../audit.ts";
import { accountIds, ensureProviderAccount } from "../ledger/accounts.ts";
import { enrollmentTransferIds } from "../ledger/enrollment-money.ts";
import { transfer } from "../ledger/transfers.ts";
import type { FamilyPaymentStatus } from "../../prisma/generated/client.ts";
import type { PaymentProvider, PaymentState } from "./payment-provider.ts";

/**
 * Use case: the family starts paying its remainder. Idempotent: the provider call is keyed by our
 * reference, so asking twice gives the same payment link. `now` starts the polling fallback's clock.
 */
export async function startFamilyPayment(db: Database, provider: PaymentProvider, options: { enrollmentId: string; returnUrl: string; now: Date }) {
  const payment = await db.prisma.familyPayment.findUnique({ where: { enrollmentId: options.enrollmentId } });
  if (!payment) throw new AppError("NOT_FOUND", "nothing is owed for this sign-up", { enrollmentId: options.enrollmentId });
  if (payment.status === "PAID") return { status: payment.status, redirectUrl: null };
  if (payment.status !== "OWED" && payment.status !== "PENDING") throw new AppError("CONFLICT", `the payment is ${payment.status.toLowerCase()}`);
  const { redirectUrl } = await provider.createPayment({
    reference: payment.reference,
    amountOre: payment.amountOre,
    description: "Fritidskortet",
    returnUrl: options.returnUrl,
  });
  await db.prisma.familyPayment.updateMany({ where: { id: payment.id, status: { in: ["OWED", "PENDING"] } }, data: { status: "PENDING", redirectUrl, startedAt: payment.startedAt ?? options.now } });
  return { status: "PENDING" as const, redirectUrl };
}

/** Where a payment ends, by the provider's state: captured money is paid; an aborted or terminated payment failed; an unapproved one expired. */
const FINAL_STATES: Partial<Record<PaymentState, "PAID" | "FAILED" | "EXPIRED">> = { CAPTURED: "PAID", ABORTED: "FAILED", TERMINATED: "FAILED", EXPIRED: "EXPIRED" };

export type FamilyPaymentOutcome = { status: FamilyPaymentStatus; providerState?: PaymentState; changed: boolean };

/**
 * Use case: find out from the provider where a family's payment stands (after its callback, from
 * the polling job, or the simulator's "Pay") and move it to PAID, FAILED or EXPIRED exactly once.
 * The provider's own answer (GET) decides, never a callback's body; an approved payment is captured
 * first. The move is a conditional update (only from OWED or PENDING) in the transaction that books
 * the family's money to the club and writes the audit row: a callback arriving twice, or a callback
 * racing the poll, books it once. Safe to call any number of times.
 */
export async function completeFamilyPayment(db: Database, provider: PaymentProvider, options: { reference: string; now: Date }): Promise<FamilyPaymentOutcome> {
  const payment = await db.prisma.familyPayment.findUnique({ where: { reference: options.reference } });
  if (!payment) throw new AppError("NOT_FOUND", "no such payment", { reference: options.reference });
  if (payment.status === "PAID") return { status: "PAID", changed: false };
  if (payment.status !== "PENDING" && payment.status !== "OWED") throw new AppError("CONFLICT", `the payment is ${payment.status.toLowerCase()}`);
  let remote = await provider.getPayment(payment.reference);
  if (remote.amountOre !== payment.amountOre) throw new AppError("PAYMENT_FAILED", "the provider's amount differs from what is owed", { reference: payment.reference });
  if (remote.state === "AUTHORIZED") {
    await provider.capture(payment.reference, payment.amountOre);
    remote = await provider.getPayment(payment.reference);
  }
  const final = FINAL_STATES[remote.state];
  if (!final) {
    await db.prisma.familyPayment.updateMany({ where: { id: payment.id, status: { in: ["OWED", "PENDING"] } }, data: { checkedAt: options.now } });
    return { status: payment.status, providerState: remote.state, changed: false };
  }

  return inTransaction(db, async (tx) => {
    // The one move out of OWED/PENDING: a concurrent completion waits on the row, then moves nothing.
    const moved = await tx.familyPayment.updateMany({
      where: { id: payment.id, status: { in: ["OWED", "PENDING"] } },
      data: final === "PAID" ? { status: "PAID", paidAt: options.now, checkedAt: options.now } : { status: final, endedAt: options.now, checkedAt: options.now },
    });
    if (moved.count === 0) {
      const current = await tx.familyPayment.findUniqueOrThrow({ where: { id: payment.id }, select: { status: true } });
      return { status: current.status, providerState: remote.state, changed: false };
    }
    const enrollment = await tx.enrollment.findUniqueOrThrow({ where: { id: payment.enrollmentId }, include: { activity: { select: { providerId: true } }, period: { select: { municipalityId: true } } } });
    const municipalityId = enrollment.period.municipalityId;
    if (final === "PAID") {
      const providerAccountId = await ensureProviderAccount(tx, municipalityId, enrollment.activity.providerId);
      await transfer(tx, {
        id: enrollmentTransferIds.familyPayment(enrollment.id),
        municipalityId,
        kind: "FAMILY_PAYMENT",
        debitAccountId: accountIds.familyClearing(municipalityId),
        creditAccountId: providerAccountId,
        amountOre: payment.amountOre,
        enrollmentId: enrollment.id,
        periodId: enrollment.periodId,
        now: options.now,
        audit: { actorId: null, data: { reference: payment.reference } },
      });
    }
    await recordAudit(tx, { municipalityId, actorId: null, action: `family_payment.${final.toLowerCase()}`, entityType: "FamilyPayment", entityId: payment.id, data: { amountOre: payment.amountOre, providerState: remote.state }, at: options.now });
    return { status: final, providerState: remote.state, changed: true };
  });
}

/**
 * Job: the polling fallback for callbacks that never arrive. Every payment started more than
 * `afterMinutes` ago and not asked about for as long is looked up at the provider and completed
 * as its callback would have (completeFamilyPayment). One payment's error does not stop the others.
 */
export async function pollPendingFamilyPayments(db: Database, provider: PaymentProvider, options: { now: Date; afterMinutes: number; limit?: number }) {
  const cutoff = new Date(options.now.getTime() - options.afterMinutes * 60_000);
  const due = await db.prisma.familyPayment.findMany({
    where: { status: "PENDING", startedAt: { lte: cutoff }, OR: [{ checkedAt: null }, { checkedAt: { lte: cutoff } }] },
    select: { reference: true },
    orderBy: [{ startedAt: "asc" }, { id: "asc" }],
    take: options.limit ?? 200,
  });
  const counts = { checked: 0, paid: 0, failed: 0, expired: 0, errors: 0 };
  for (const { reference } of due) {
    counts.checked++;
    try {
      const outcome = await completeFamilyPayment(db, provider, { reference, now: options.now });
      if (outcome.changed && outcome.status === "PAID") counts.paid++;
      if (outcome.changed && outcome.status === "FAILED") counts.failed++;
      if (outcome.changed && outcome.status === "EXPIRED") counts.expired++;
    } catch {
      counts.errors++;
      // Asked again after another `afterMinutes`, not on every run.
      await db.prisma.familyPayment.updateMany({ where: { reference, status: "PENDING" }, data: { checkedAt: options.now } });
    }
  }
  return counts;
}

/**
 * Job: refunds the ledger has booked (a cancellation after the family paid) but the payment provider
 * has not yet confirmed. The provider call is idempotent by reference, so a crash between the call
 * and the mark only repeats a call the provider recognises.
 */
export async function processFamilyRefunds(db: Database, provider: PaymentProvider, now: Date): Promise<{ refunded: number; failed: number }> {
  const due = await db.prisma.familyPayment.findMany({ where: { status: "REFUNDED", refundedAt: null } });
  let refunded = 0;
  let failed = 0;
  for (const payment of due) {
    try {
      await provider.refund(payment.reference, payment.amountOre);
      await db.prisma.familyPayment.update({ where: { id: payment.id }, data: { refundedAt: now } });
      refunded++;
    } catch {
      failed++; // tried again on the next run
    }
  }
  return { refunded, failed };
}
