-- CreateEnum
CREATE TYPE "PrivacyRequestKind" AS ENUM ('DELETE', 'ACCESS');

-- CreateEnum
CREATE TYPE "PrivacyRequestStatus" AS ENUM ('PENDING', 'COMPLETED');

-- CreateTable
CREATE TABLE "PrivacyRequest" (
    "id" TEXT NOT NULL,
    "municipalityId" TEXT NOT NULL,
    "kind" "PrivacyRequestKind" NOT NULL,
    "status" "PrivacyRequestStatus" NOT NULL DEFAULT 'PENDING',
    "personId" TEXT,
    "requestedAt" TIMESTAMP(3) NOT NULL,
    "completedAt" TIMESTAMP(3),
    "handledById" TEXT,
    "exportTokenHash" TEXT,
    "exportExpiresAt" TIMESTAMP(3),

    CONSTRAINT "PrivacyRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PrivacyRequest_exportTokenHash_key" ON "PrivacyRequest"("exportTokenHash");

-- CreateIndex
CREATE INDEX "PrivacyRequest_municipalityId_kind_status_idx" ON "PrivacyRequest"("municipalityId", "kind", "status");

-- CreateIndex
CREATE INDEX "PrivacyRequest_personId_idx" ON "PrivacyRequest"("personId");

