-- AlterTable
ALTER TABLE "Enrollment" ADD COLUMN     "clubRemindedAt" TIMESTAMP(3),
ADD COLUMN     "lapseWarnedAt" TIMESTAMP(3);

