-- CreateEnum
CREATE TYPE "JobOpeningStatus" AS ENUM ('OPEN', 'FILLED', 'WITHDRAWN');

-- CreateEnum
CREATE TYPE "JobMatchStatus" AS ENUM ('PROPOSED', 'ACCEPTED', 'DECLINED');

-- AlterEnum
ALTER TYPE "StaffRole" ADD VALUE 'JOB_CONSULTANT';

-- AlterTable
ALTER TABLE "Partnership" ADD COLUMN     "steeringEmail" TEXT,
ADD COLUMN     "steeringName" TEXT;

-- AlterTable
ALTER TABLE "Participant" ADD COLUMN     "housingArea" TEXT;

-- AlterTable
ALTER TABLE "JobOpening" ADD COLUMN     "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "housingAssociationId" TEXT,
ADD COLUMN     "nextDeadlineOn" DATE,
ADD COLUMN     "nextDeadlineWhat" TEXT,
ADD COLUMN     "partnershipId" TEXT,
ADD COLUMN     "registeredBy" TEXT NOT NULL DEFAULT 'system',
ADD COLUMN     "status" "JobOpeningStatus" NOT NULL DEFAULT 'OPEN',
ADD COLUMN     "summary" JSONB,
ADD COLUMN     "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "workflowId" TEXT;

-- CreateTable
CREATE TABLE "JobMatch" (
    "id" TEXT NOT NULL,
    "openingId" TEXT NOT NULL,
    "participantTrackId" TEXT NOT NULL,
    "status" "JobMatchStatus" NOT NULL DEFAULT 'PROPOSED',
    "proposedOn" DATE NOT NULL,
    "proposedBy" TEXT NOT NULL,
    "decidedOn" DATE,
    "outcomeId" TEXT,

    CONSTRAINT "JobMatch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HousingAssociation" (
    "id" TEXT NOT NULL,
    "partnershipId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "contactName" TEXT NOT NULL,
    "contactEmail" TEXT NOT NULL,
    "areas" TEXT[],

    CONSTRAINT "HousingAssociation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HousingAssociationCompany" (
    "associationId" TEXT NOT NULL,
    "companyId" TEXT NOT NULL,

    CONSTRAINT "HousingAssociationCompany_pkey" PRIMARY KEY ("associationId","companyId")
);

-- CreateIndex
CREATE INDEX "JobMatch_participantTrackId_idx" ON "JobMatch"("participantTrackId");

-- CreateIndex
CREATE UNIQUE INDEX "JobMatch_openingId_participantTrackId_key" ON "JobMatch"("openingId", "participantTrackId");

-- CreateIndex
CREATE UNIQUE INDEX "JobOpening_workflowId_key" ON "JobOpening"("workflowId");

-- CreateIndex
CREATE INDEX "JobOpening_cohortId_status_idx" ON "JobOpening"("cohortId", "status");

-- AddForeignKey
ALTER TABLE "JobOpening" ADD CONSTRAINT "JobOpening_partnershipId_fkey" FOREIGN KEY ("partnershipId") REFERENCES "Partnership"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JobOpening" ADD CONSTRAINT "JobOpening_housingAssociationId_fkey" FOREIGN KEY ("housingAssociationId") REFERENCES "HousingAssociation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JobMatch" ADD CONSTRAINT "JobMatch_openingId_fkey" FOREIGN KEY ("openingId") REFERENCES "JobOpening"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JobMatch" ADD CONSTRAINT "JobMatch_participantTrackId_fkey" FOREIGN KEY ("participantTrackId") REFERENCES "ParticipantTrack"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HousingAssociation" ADD CONSTRAINT "HousingAssociation_partnershipId_fkey" FOREIGN KEY ("partnershipId") REFERENCES "Partnership"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HousingAssociationCompany" ADD CONSTRAINT "HousingAssociationCompany_associationId_fkey" FOREIGN KEY ("associationId") REFERENCES "HousingAssociation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HousingAssociationCompany" ADD CONSTRAINT "HousingAssociationCompany_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

