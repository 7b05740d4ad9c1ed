-- AlterTable
ALTER TABLE "ChannelIdentity" ADD COLUMN     "inboundWindowCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "inboundWindowStartedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "InboundMessage" ADD COLUMN     "heartbeatAt" TIMESTAMP(3),
ADD COLUMN     "owner" TEXT,
ADD COLUMN     "sender" TEXT;

