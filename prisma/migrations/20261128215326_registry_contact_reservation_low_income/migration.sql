-- AlterTable
ALTER TABLE "District" ADD COLUMN     "lowIncomeShare" DOUBLE PRECISION;

-- AlterTable
ALTER TABLE "Person" ADD COLUMN     "contactReserved" BOOLEAN NOT NULL DEFAULT false;

