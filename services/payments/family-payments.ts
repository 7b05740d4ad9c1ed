import type { Database } from "../db/database.ts";
import { inTransaction } from "../db/transaction.ts";
import { AppError } from "../errors.ts";
import { recordAudit } from "../audit.ts";
import { accountIds, ensureProviderAccount } from "../ledger/accounts.ts";
import { enrollmentTransferIds } from "../ledger/enrollment-money.ts";
import { transfer } from "../ledger/transfers.ts";
import type { PaymentProvider } from "./payment-provider.ts";

/**
 * Use case: the family starts paying its remainder. Idempotent: the provider call is keyed by our
 * reference, so asking twice gives the same payment link.
 */
export async function startFamilyPayment(db: Database, provider: PaymentProvider, options: { enrollmentId: string; returnUrl: string }) {
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
  await db.prisma.familyPayment.update({ where: { id: payment.id }, data: { status: "PENDING", redirectUrl } });
  return { status: "PENDING" as const, redirectUrl };
}

/**
 * Use case: the provider says the family approved (callback or poll). We capture, then — in one
 * transaction — record the family's money as paid to the club. Safe to call any number of times.
 */
export async function completeFamilyPayment(db: Database, provider: PaymentProvider, options: { reference: string; now: Date }) {
  const payment = await db.prisma.familyPayment.findUnique({ where: { reference: options.reference } });
  if (!payment) throw new AppError("NOT_FOUND", "no such payment", { reference: options.reference });
  if (payment.status === "PAID") return { status: "PAID" as const };
  if (payment.status !== "PENDING" && payment.status !== "OWED") throw new AppError("CONFLICT", `the payment is ${payment.status.toLowerCase()}`);
  let remote = await provider.getPayment(payment.reference);
  if (remote.amountOre !== payment.amountOre) throw new AppError("PAYMENT_FAILED", "the provider's amount differs from what is owed", { reference: payment.reference });
  if (remote.state === "AUTHORIZED") {
    await provider.capture(payment.reference, payment.amountOre);
    remote = await provider.getPayment(payment.reference);
  }
  if (remote.state !== "CAPTURED") return { status: payment.status, providerState: remote.state };

  return inTransaction(db, async (tx) => {
    const enrollment = await tx.enrollment.findUniqueOrThrow({ where: { id: payment.enrollmentId }, include: { activity: { select: { providerId: true } }, period: { select: { municipalityId: true } } } });
    const municipalityId = enrollment.period.municipalityId;
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
    await tx.familyPayment.update({ where: { id: payment.id }, data: { status: "PAID", paidAt: options.now } });
    await recordAudit(tx, { municipalityId, actorId: null, action: "family_payment.paid", entityType: "FamilyPayment", entityId: payment.id, data: { amountOre: payment.amountOre }, at: options.now });
    return { status: "PAID" as const };
  });
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
