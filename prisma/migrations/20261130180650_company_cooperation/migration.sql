-- CreateEnum
CREATE TYPE "CooperationStatus" AS ENUM ('ACTIVE', 'ENDED');

-- CreateTable
CREATE TABLE "CompanyCooperation" (
    "id" TEXT NOT NULL,
    "companyId" TEXT NOT NULL,
    "cohortId" TEXT NOT NULL,
    "partnershipId" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "startedOn" DATE NOT NULL,
    "cause" TEXT NOT NULL,
    "startedBy" TEXT NOT NULL,
    "status" "CooperationStatus" NOT NULL DEFAULT 'ACTIVE',
    "endedOn" DATE,
    "nextDeadlineOn" DATE,
    "nextDeadlineWhat" TEXT,
    "summary" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CompanyCooperation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "CompanyCooperation_workflowId_key" ON "CompanyCooperation"("workflowId");

-- CreateIndex
CREATE INDEX "CompanyCooperation_cohortId_status_idx" ON "CompanyCooperation"("cohortId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "CompanyCooperation_partnershipId_companyId_key" ON "CompanyCooperation"("partnershipId", "companyId");

-- AddForeignKey
ALTER TABLE "CompanyCooperation" ADD CONSTRAINT "CompanyCooperation_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CompanyCooperation" ADD CONSTRAINT "CompanyCooperation_cohortId_fkey" FOREIGN KEY ("cohortId") REFERENCES "Cohort"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CompanyCooperation" ADD CONSTRAINT "CompanyCooperation_partnershipId_fkey" FOREIGN KEY ("partnershipId") REFERENCES "Partnership"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

