-- CreateEnum
CREATE TYPE "ClaimDecisionKind" AS ENUM ('APPROVED', 'REJECTED');

-- CreateTable
CREATE TABLE "ClaimDecision" (
    "id" TEXT NOT NULL,
    "outcomeId" TEXT NOT NULL,
    "decision" "ClaimDecisionKind" NOT NULL,
    "decidedBy" TEXT NOT NULL,
    "reasonId" TEXT,
    "decidedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ClaimDecision_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ClaimDecision_outcomeId_key" ON "ClaimDecision"("outcomeId");

-- AddForeignKey
ALTER TABLE "ClaimDecision" ADD CONSTRAINT "ClaimDecision_outcomeId_fkey" FOREIGN KEY ("outcomeId") REFERENCES "Outcome"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

