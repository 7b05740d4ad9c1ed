-- AlterTable
ALTER TABLE "District" ADD COLUMN     "lowIncomeShare" DOUBLE PRECISION;

