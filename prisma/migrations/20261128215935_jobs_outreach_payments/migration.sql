-- CreateEnum
CREATE TYPE "JobRunStatus" AS ENUM ('RUNNING', 'SUCCEEDED', 'FAILED');

-- CreateEnum
CREATE TYPE "OutreachKind" AS ENUM ('PERIOD_START', 'EXPIRING');

-- CreateEnum
CREATE TYPE "OutreachStatus" AS ENUM ('REACHED', 'NOT_REACHED');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "FamilyPaymentStatus" ADD VALUE 'FAILED';
ALTER TYPE "FamilyPaymentStatus" ADD VALUE 'EXPIRED';

-- AlterTable
ALTER TABLE "Person" ADD COLUMN     "contactReserved" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "FamilyPayment" ADD COLUMN     "checkedAt" TIMESTAMP(3),
ADD COLUMN     "endedAt" TIMESTAMP(3),
ADD COLUMN     "startedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "JobRun" (
    "id" TEXT NOT NULL,
    "job" TEXT NOT NULL,
    "slot" TIMESTAMP(3) NOT NULL,
    "trigger" TEXT NOT NULL,
    "status" "JobRunStatus" NOT NULL,
    "instance" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "leaseUntil" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),
    "summary" JSONB,
    "error" TEXT,

    CONSTRAINT "JobRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutreachMessage" (
    "id" TEXT NOT NULL,
    "kind" "OutreachKind" NOT NULL,
    "periodId" TEXT NOT NULL,
    "childId" TEXT NOT NULL,
    "status" "OutreachStatus" NOT NULL,
    "reached" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OutreachMessage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "JobRun_job_startedAt_idx" ON "JobRun"("job", "startedAt");

-- CreateIndex
CREATE UNIQUE INDEX "JobRun_job_slot_key" ON "JobRun"("job", "slot");

-- CreateIndex
CREATE INDEX "OutreachMessage_periodId_status_idx" ON "OutreachMessage"("periodId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "OutreachMessage_kind_periodId_childId_key" ON "OutreachMessage"("kind", "periodId", "childId");

-- CreateIndex
CREATE INDEX "FamilyPayment_status_checkedAt_idx" ON "FamilyPayment"("status", "checkedAt");

