-- AlterTable
ALTER TABLE "AccommodationRequest" ADD COLUMN     "clubRemindedAt" TIMESTAMP(3),
ADD COLUMN     "escalatedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN     "answers" JSONB;

-- CreateTable
CREATE TABLE "TeamsConversationReference" (
    "address" TEXT NOT NULL,
    "reference" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TeamsConversationReference_pkey" PRIMARY KEY ("address")
);

