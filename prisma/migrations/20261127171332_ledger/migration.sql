-- CreateEnum
CREATE TYPE "LedgerAccountKind" AS ENUM ('FUND', 'TOPUP_FUND', 'CARD', 'PROVIDER', 'FAMILY_CLEARING', 'PAYOUT');

-- CreateEnum
CREATE TYPE "TransferKind" AS ENUM ('ALLOCATION', 'TOPUP', 'HOLD', 'POST', 'VOID', 'EXPIRE', 'FAMILY_PAYMENT', 'REFUND', 'EXPIRY', 'SETTLEMENT');

-- CreateEnum
CREATE TYPE "FamilyPaymentStatus" AS ENUM ('OWED', 'PENDING', 'PAID', 'CANCELLED', 'REFUNDED');

-- AlterEnum
ALTER TYPE "EnrollmentStatus" ADD VALUE 'EXPIRED';

-- CreateTable
CREATE TABLE "LedgerAccount" (
    "id" TEXT NOT NULL,
    "municipalityId" TEXT NOT NULL,
    "kind" "LedgerAccountKind" NOT NULL,
    "childId" TEXT,
    "periodId" TEXT,
    "providerId" TEXT,
    "noOverdraft" BOOLEAN NOT NULL DEFAULT false,
    "debitsPending" BIGINT NOT NULL DEFAULT 0,
    "debitsPosted" BIGINT NOT NULL DEFAULT 0,
    "creditsPending" BIGINT NOT NULL DEFAULT 0,
    "creditsPosted" BIGINT NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LedgerAccount_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LedgerTransfer" (
    "id" TEXT NOT NULL,
    "municipalityId" TEXT NOT NULL,
    "kind" "TransferKind" NOT NULL,
    "debitAccountId" TEXT NOT NULL,
    "creditAccountId" TEXT NOT NULL,
    "amountOre" INTEGER NOT NULL,
    "pending" BOOLEAN NOT NULL DEFAULT false,
    "pendingId" TEXT,
    "timeoutAt" TIMESTAMP(3),
    "enrollmentId" TEXT,
    "periodId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LedgerTransfer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FamilyPayment" (
    "id" TEXT NOT NULL,
    "enrollmentId" TEXT NOT NULL,
    "amountOre" INTEGER NOT NULL,
    "status" "FamilyPaymentStatus" NOT NULL DEFAULT 'OWED',
    "reference" TEXT NOT NULL,
    "redirectUrl" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "paidAt" TIMESTAMP(3),
    "refundedAt" TIMESTAMP(3),

    CONSTRAINT "FamilyPayment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PayoutBatch" (
    "id" TEXT NOT NULL,
    "municipalityId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "fromDate" TIMESTAMP(3) NOT NULL,
    "toDate" TIMESTAMP(3) NOT NULL,
    "numberOfPayments" INTEGER NOT NULL,
    "totalOre" BIGINT NOT NULL,

    CONSTRAINT "PayoutBatch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SettlementItem" (
    "transferId" TEXT NOT NULL,
    "batchId" TEXT NOT NULL,
    "providerId" TEXT NOT NULL,
    "amountOre" INTEGER NOT NULL,

    CONSTRAINT "SettlementItem_pkey" PRIMARY KEY ("transferId")
);

-- CreateIndex
CREATE INDEX "LedgerAccount_municipalityId_kind_idx" ON "LedgerAccount"("municipalityId", "kind");

-- CreateIndex
CREATE INDEX "LedgerAccount_periodId_childId_idx" ON "LedgerAccount"("periodId", "childId");

-- CreateIndex
CREATE UNIQUE INDEX "LedgerTransfer_pendingId_key" ON "LedgerTransfer"("pendingId");

-- CreateIndex
CREATE INDEX "LedgerTransfer_debitAccountId_idx" ON "LedgerTransfer"("debitAccountId");

-- CreateIndex
CREATE INDEX "LedgerTransfer_creditAccountId_idx" ON "LedgerTransfer"("creditAccountId");

-- CreateIndex
CREATE INDEX "LedgerTransfer_enrollmentId_idx" ON "LedgerTransfer"("enrollmentId");

-- CreateIndex
CREATE INDEX "LedgerTransfer_pending_timeoutAt_idx" ON "LedgerTransfer"("pending", "timeoutAt");

-- CreateIndex
CREATE UNIQUE INDEX "FamilyPayment_enrollmentId_key" ON "FamilyPayment"("enrollmentId");

-- CreateIndex
CREATE UNIQUE INDEX "FamilyPayment_reference_key" ON "FamilyPayment"("reference");

-- CreateIndex
CREATE INDEX "SettlementItem_batchId_providerId_idx" ON "SettlementItem"("batchId", "providerId");

-- AddForeignKey
ALTER TABLE "LedgerTransfer" ADD CONSTRAINT "LedgerTransfer_debitAccountId_fkey" FOREIGN KEY ("debitAccountId") REFERENCES "LedgerAccount"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerTransfer" ADD CONSTRAINT "LedgerTransfer_creditAccountId_fkey" FOREIGN KEY ("creditAccountId") REFERENCES "LedgerAccount"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SettlementItem" ADD CONSTRAINT "SettlementItem_transferId_fkey" FOREIGN KEY ("transferId") REFERENCES "LedgerTransfer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SettlementItem" ADD CONSTRAINT "SettlementItem_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "PayoutBatch"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Hand-written: the ledger's invariants, enforced by the database under any concurrency.
-- A card can never be overdrawn: posted and pending debits together never exceed posted credits.
ALTER TABLE "LedgerAccount" ADD CONSTRAINT "LedgerAccount_no_overdraft"
  CHECK (NOT "noOverdraft" OR "debitsPending" + "debitsPosted" <= "creditsPosted");
ALTER TABLE "LedgerAccount" ADD CONSTRAINT "LedgerAccount_totals_not_negative"
  CHECK ("debitsPending" >= 0 AND "debitsPosted" >= 0 AND "creditsPending" >= 0 AND "creditsPosted" >= 0);
-- Money moves in positive amounts between two different accounts; only holds are pending, and
-- only POST, VOID and EXPIRE resolve one.
ALTER TABLE "LedgerTransfer" ADD CONSTRAINT "LedgerTransfer_amount_positive" CHECK ("amountOre" > 0);
ALTER TABLE "LedgerTransfer" ADD CONSTRAINT "LedgerTransfer_two_accounts" CHECK ("debitAccountId" <> "creditAccountId");
ALTER TABLE "LedgerTransfer" ADD CONSTRAINT "LedgerTransfer_pending_is_hold" CHECK ("pending" = ("kind" = 'HOLD'));
ALTER TABLE "LedgerTransfer" ADD CONSTRAINT "LedgerTransfer_resolution_names_hold" CHECK (("pendingId" IS NOT NULL) = ("kind" IN ('POST', 'VOID', 'EXPIRE')));
ALTER TABLE "FamilyPayment" ADD CONSTRAINT "FamilyPayment_amount_positive" CHECK ("amountOre" > 0);
