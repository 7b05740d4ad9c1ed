-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN     "requestId" TEXT;

