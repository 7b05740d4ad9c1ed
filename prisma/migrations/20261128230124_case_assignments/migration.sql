-- CreateTable
CREATE TABLE "CaseAssignment" (
    "caseworkerId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CaseAssignment_pkey" PRIMARY KEY ("caseworkerId","personId")
);

-- CreateIndex
CREATE INDEX "CaseAssignment_personId_idx" ON "CaseAssignment"("personId");

-- AddForeignKey
ALTER TABLE "CaseAssignment" ADD CONSTRAINT "CaseAssignment_caseworkerId_fkey" FOREIGN KEY ("caseworkerId") REFERENCES "StaffMember"("personId") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseAssignment" ADD CONSTRAINT "CaseAssignment_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

