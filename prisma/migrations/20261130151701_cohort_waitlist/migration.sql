-- CreateEnum
CREATE TYPE "WaitlistStatus" AS ENUM ('WAITING', 'ENROLLED', 'WITHDRAWN');

-- CreateTable
CREATE TABLE "WaitlistEntry" (
    "id" TEXT NOT NULL,
    "cohortId" TEXT NOT NULL,
    "participantId" TEXT NOT NULL,
    "partnershipId" TEXT NOT NULL,
    "status" "WaitlistStatus" NOT NULL DEFAULT 'WAITING',
    "addedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "enrolledAt" TIMESTAMP(3),
    "trackId" TEXT,
    "withdrawnAt" TIMESTAMP(3),

    CONSTRAINT "WaitlistEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "WaitlistEntry_cohortId_status_addedAt_idx" ON "WaitlistEntry"("cohortId", "status", "addedAt");

-- CreateIndex
CREATE UNIQUE INDEX "WaitlistEntry_cohortId_participantId_key" ON "WaitlistEntry"("cohortId", "participantId");

