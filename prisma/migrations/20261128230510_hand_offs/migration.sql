-- CreateEnum
CREATE TYPE "HandOffStatus" AS ENUM ('OPEN', 'CLAIMED', 'CLOSED');

-- CreateEnum
CREATE TYPE "HandOffMessageKind" AS ENUM ('PERSON', 'STAFF');

-- CreateTable
CREATE TABLE "HandOff" (
    "id" TEXT NOT NULL,
    "municipalityId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "identityId" TEXT,
    "channel" "Channel" NOT NULL,
    "language" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "status" "HandOffStatus" NOT NULL DEFAULT 'OPEN',
    "reason" TEXT,
    "transcript" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "announcedAt" TIMESTAMP(3),
    "remindedAt" TIMESTAMP(3),
    "claimedById" TEXT,
    "claimedAt" TIMESTAMP(3),
    "closedById" TEXT,
    "closedAt" TIMESTAMP(3),
    "relayNoticeAt" TIMESTAMP(3),

    CONSTRAINT "HandOff_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HandOffMessage" (
    "id" TEXT NOT NULL,
    "handOffId" TEXT NOT NULL,
    "kind" "HandOffMessageKind" NOT NULL,
    "authorId" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "HandOffMessage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "HandOff_municipalityId_status_idx" ON "HandOff"("municipalityId", "status");

-- CreateIndex
CREATE INDEX "HandOff_personId_status_idx" ON "HandOff"("personId", "status");

-- CreateIndex
CREATE INDEX "HandOff_code_idx" ON "HandOff"("code");

-- CreateIndex
CREATE INDEX "HandOffMessage_handOffId_createdAt_idx" ON "HandOffMessage"("handOffId", "createdAt");

-- AddForeignKey
ALTER TABLE "HandOffMessage" ADD CONSTRAINT "HandOffMessage_handOffId_fkey" FOREIGN KEY ("handOffId") REFERENCES "HandOff"("id") ON DELETE CASCADE ON UPDATE CASCADE;

