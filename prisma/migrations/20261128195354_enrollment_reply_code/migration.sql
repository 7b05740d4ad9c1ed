-- AlterTable
ALTER TABLE "Enrollment" ADD COLUMN     "replyCode" TEXT;

-- CreateIndex
CREATE INDEX "Enrollment_replyCode_idx" ON "Enrollment"("replyCode");

