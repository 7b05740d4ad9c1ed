-- AlterTable
ALTER TABLE "AccommodationRequest" ADD COLUMN     "clubRemindedAt" TIMESTAMP(3),
ADD COLUMN     "escalatedAt" TIMESTAMP(3);

