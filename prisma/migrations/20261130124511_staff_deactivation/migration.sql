-- AlterTable
ALTER TABLE "StaffMember" ADD COLUMN     "deactivatedAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "StaffMember_employmentActorId_idx" ON "StaffMember"("employmentActorId");

