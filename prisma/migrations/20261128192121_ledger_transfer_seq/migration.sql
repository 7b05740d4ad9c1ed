-- AlterTable
ALTER TABLE "LedgerTransfer" ADD COLUMN     "seq" BIGSERIAL NOT NULL;

