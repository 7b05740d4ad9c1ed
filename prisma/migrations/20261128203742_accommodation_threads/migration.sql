-- CreateEnum
CREATE TYPE "AccommodationMessageKind" AS ENUM ('REQUEST', 'CAN', 'TALK', 'CANNOT', 'FAMILY_REPLY', 'CLOSED');

-- AlterTable
ALTER TABLE "AccommodationRequest" ADD COLUMN     "lastMessageAt" TIMESTAMP(3),
ADD COLUMN     "replyCode" TEXT;

-- AlterTable
ALTER TABLE "AccommodationMessage" ADD COLUMN     "kind" "AccommodationMessageKind" NOT NULL DEFAULT 'REQUEST';

-- CreateIndex
CREATE INDEX "AccommodationRequest_replyCode_idx" ON "AccommodationRequest"("replyCode");

