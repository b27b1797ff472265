-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "ProgrammeKind" AS ENUM ('DUAL_TRACK', 'BUSINESS_TRAINING', 'SIB', 'HOUSING_JOB_MATCH');

-- CreateEnum
CREATE TYPE "CohortStatus" AS ENUM ('PLANNED', 'RUNNING', 'PAUSED', 'CLOSED');

-- CreateEnum
CREATE TYPE "PartnershipRole" AS ENUM ('ACCELERATOR', 'OWN_SOCIAL_ECONOMY');

-- CreateEnum
CREATE TYPE "StaffRole" AS ENUM ('MENTOR', 'SUPPORT_PERSON', 'STAFF', 'BUDDY', 'COORDINATOR');

-- CreateEnum
CREATE TYPE "ParticipantPhase" AS ENUM ('ENROLLED', 'WORK_READINESS', 'JOB_TRAINING', 'RETENTION', 'COMPLETED', 'DROPPED_OUT', 'TRANSFERRED');

-- CreateEnum
CREATE TYPE "CompanyPhase" AS ENUM ('RECRUITED', 'BOOT_CAMP', 'SELECTION', 'ACCELERATOR', 'ANCHORING', 'COMPLETED', 'NOT_SELECTED', 'WITHDRAWN');

-- CreateEnum
CREATE TYPE "CampKind" AS ENUM ('BOOT_CAMP', 'CAMP', 'COACHING');

-- CreateEnum
CREATE TYPE "CampStatus" AS ENUM ('SCHEDULED', 'MOVED', 'CANCELLED', 'HELD');

-- CreateEnum
CREATE TYPE "Rsvp" AS ENUM ('PENDING', 'YES', 'NO');

-- CreateEnum
CREATE TYPE "JobKind" AS ENUM ('ORDINARY_JOB', 'FLEX_JOB', 'FEW_HOURS_JOB', 'APPRENTICESHIP', 'INTERNSHIP');

-- CreateEnum
CREATE TYPE "OutcomeKind" AS ENUM ('ORDINARY_JOB', 'PARTIAL_JOB', 'EDUCATION', 'INTERNSHIP', 'NONE', 'RETENTION', 'ANCHORING');

-- CreateEnum
CREATE TYPE "LedgerEntryKind" AS ENUM ('CHARGE', 'REVERSAL');

-- CreateEnum
CREATE TYPE "EmailStatus" AS ENUM ('PENDING', 'SENT', 'FAILED');

-- CreateTable
CREATE TABLE "Programme" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "ProgrammeKind" NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "hoursPerWeek" DECIMAL(5,2) NOT NULL,
    "config" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Programme_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RateCard" (
    "id" TEXT NOT NULL,
    "programmeId" TEXT NOT NULL,
    "municipalityCode" TEXT,
    "validFrom" DATE NOT NULL,
    "lines" JSONB NOT NULL,

    CONSTRAINT "RateCard_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Municipality" (
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "closingDays" DATE[],

    CONSTRAINT "Municipality_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "Cohort" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "programmeId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "status" "CohortStatus" NOT NULL DEFAULT 'PLANNED',
    "workflowId" TEXT,
    "plan" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Cohort_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CohortMunicipality" (
    "cohortId" TEXT NOT NULL,
    "municipalityCode" TEXT NOT NULL,
    "slots" INTEGER NOT NULL,

    CONSTRAINT "CohortMunicipality_pkey" PRIMARY KEY ("cohortId","municipalityCode")
);

-- CreateTable
CREATE TABLE "EmploymentActor" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "cvr" TEXT,
    "contactName" TEXT NOT NULL,
    "contactEmail" TEXT NOT NULL,

    CONSTRAINT "EmploymentActor_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Company" (
    "id" TEXT NOT NULL,
    "cvr" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "contactName" TEXT NOT NULL,
    "contactEmail" TEXT NOT NULL,
    "extraEmails" TEXT[],
    "socialEconomy" BOOLEAN NOT NULL DEFAULT false,
    "employmentActorId" TEXT,

    CONSTRAINT "Company_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Partnership" (
    "id" TEXT NOT NULL,
    "cohortId" TEXT NOT NULL,
    "municipalityCode" TEXT NOT NULL,
    "employmentActorId" TEXT NOT NULL,

    CONSTRAINT "Partnership_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PartnershipCompany" (
    "partnershipId" TEXT NOT NULL,
    "companyId" TEXT NOT NULL,
    "role" "PartnershipRole" NOT NULL DEFAULT 'ACCELERATOR',
    "capacity" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "PartnershipCompany_pkey" PRIMARY KEY ("partnershipId","companyId")
);

-- CreateTable
CREATE TABLE "Participant" (
    "id" TEXT NOT NULL,
    "cpr" TEXT,
    "givenName" TEXT NOT NULL,
    "familyName" TEXT NOT NULL,
    "email" TEXT,
    "phone" TEXT,
    "healthNotes" TEXT,
    "municipalityCode" TEXT NOT NULL,
    "referredOn" DATE NOT NULL,
    "erasedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Participant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StaffMember" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "role" "StaffRole" NOT NULL,
    "employmentActorId" TEXT,
    "companyId" TEXT,

    CONSTRAINT "StaffMember_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Assignment" (
    "id" TEXT NOT NULL,
    "participantTrackId" TEXT NOT NULL,
    "staffMemberId" TEXT NOT NULL,
    "role" "StaffRole" NOT NULL,
    "assignedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" TIMESTAMP(3),

    CONSTRAINT "Assignment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ParticipantTrack" (
    "id" TEXT NOT NULL,
    "participantId" TEXT NOT NULL,
    "cohortId" TEXT NOT NULL,
    "partnershipId" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "phase" "ParticipantPhase" NOT NULL DEFAULT 'ENROLLED',
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "startedOn" DATE NOT NULL,
    "phaseEndsOn" DATE,
    "nextDeadlineOn" DATE,
    "nextDeadlineWhat" TEXT,
    "lastAttendanceWeek" DATE,
    "placementCompanyId" TEXT,
    "overdueCount" INTEGER NOT NULL DEFAULT 0,
    "summary" JSONB,
    "endReason" TEXT,
    "transferredToId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ParticipantTrack_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Attendance" (
    "id" TEXT NOT NULL,
    "participantTrackId" TEXT NOT NULL,
    "weekStart" DATE NOT NULL,
    "hours" DECIMAL(5,2) NOT NULL,
    "present" BOOLEAN NOT NULL,
    "note" TEXT,
    "recordedBy" TEXT NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Attendance_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CompanyTrack" (
    "id" TEXT NOT NULL,
    "companyId" TEXT NOT NULL,
    "cohortId" TEXT NOT NULL,
    "partnershipId" TEXT,
    "workflowId" TEXT NOT NULL,
    "phase" "CompanyPhase" NOT NULL DEFAULT 'RECRUITED',
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "nextDeadlineOn" DATE,
    "nextDeadlineWhat" TEXT,
    "overdueCount" INTEGER NOT NULL DEFAULT 0,
    "anchoringStatus" TEXT,
    "summary" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CompanyTrack_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Camp" (
    "id" TEXT NOT NULL,
    "cohortId" TEXT NOT NULL,
    "kind" "CampKind" NOT NULL,
    "title" TEXT NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3) NOT NULL,
    "days" INTEGER NOT NULL DEFAULT 1,
    "location" TEXT NOT NULL,
    "uid" TEXT NOT NULL,
    "sequence" INTEGER NOT NULL DEFAULT 0,
    "status" "CampStatus" NOT NULL DEFAULT 'SCHEDULED',

    CONSTRAINT "Camp_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CampInvitation" (
    "id" TEXT NOT NULL,
    "campId" TEXT NOT NULL,
    "companyId" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "rsvp" "Rsvp" NOT NULL DEFAULT 'PENDING',
    "respondedAt" TIMESTAMP(3),
    "attended" BOOLEAN,

    CONSTRAINT "CampInvitation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JobOpening" (
    "id" TEXT NOT NULL,
    "companyId" TEXT NOT NULL,
    "cohortId" TEXT,
    "kind" "JobKind" NOT NULL,
    "title" TEXT NOT NULL,
    "hoursPerWeek" DECIMAL(5,2),
    "openedOn" DATE NOT NULL,
    "filledByTrackId" TEXT,
    "closedOn" DATE,

    CONSTRAINT "JobOpening_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Outcome" (
    "id" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "participantTrackId" TEXT,
    "companyTrackId" TEXT,
    "kind" "OutcomeKind" NOT NULL,
    "occurredOn" DATE NOT NULL,
    "hoursPerWeek" DECIMAL(5,2),
    "retentionWeeks" INTEGER,
    "detail" TEXT,
    "evidenceRef" TEXT NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Outcome_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LedgerEntry" (
    "id" BIGSERIAL NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "kind" "LedgerEntryKind" NOT NULL,
    "outcomeId" TEXT,
    "cohortId" TEXT NOT NULL,
    "municipalityCode" TEXT NOT NULL,
    "rateCardLine" TEXT NOT NULL,
    "amountOre" BIGINT NOT NULL,
    "occurredOn" DATE NOT NULL,
    "evidenceRef" TEXT NOT NULL,
    "reversesId" BIGINT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LedgerEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EmailOutbox" (
    "id" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "toAddress" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "template" TEXT NOT NULL,
    "locale" TEXT NOT NULL DEFAULT 'da',
    "html" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "attachments" JSONB,
    "status" "EmailStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "messageId" TEXT,
    "workflowId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EmailOutbox_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "entity" TEXT,
    "entityId" TEXT,
    "allowed" BOOLEAN NOT NULL DEFAULT true,
    "details" JSONB,

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Greeting" (
    "id" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Greeting_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "RateCard_programmeId_municipalityCode_validFrom_key" ON "RateCard"("programmeId", "municipalityCode", "validFrom");

-- CreateIndex
CREATE UNIQUE INDEX "Municipality_name_key" ON "Municipality"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Cohort_workflowId_key" ON "Cohort"("workflowId");

-- CreateIndex
CREATE UNIQUE INDEX "EmploymentActor_cvr_key" ON "EmploymentActor"("cvr");

-- CreateIndex
CREATE UNIQUE INDEX "Company_cvr_key" ON "Company"("cvr");

-- CreateIndex
CREATE UNIQUE INDEX "Partnership_cohortId_municipalityCode_key" ON "Partnership"("cohortId", "municipalityCode");

-- CreateIndex
CREATE UNIQUE INDEX "Participant_cpr_key" ON "Participant"("cpr");

-- CreateIndex
CREATE INDEX "Assignment_participantTrackId_idx" ON "Assignment"("participantTrackId");

-- CreateIndex
CREATE UNIQUE INDEX "ParticipantTrack_workflowId_key" ON "ParticipantTrack"("workflowId");

-- CreateIndex
CREATE INDEX "ParticipantTrack_cohortId_phase_idx" ON "ParticipantTrack"("cohortId", "phase");

-- CreateIndex
CREATE INDEX "ParticipantTrack_nextDeadlineOn_idx" ON "ParticipantTrack"("nextDeadlineOn");

-- CreateIndex
CREATE UNIQUE INDEX "Attendance_participantTrackId_weekStart_key" ON "Attendance"("participantTrackId", "weekStart");

-- CreateIndex
CREATE UNIQUE INDEX "CompanyTrack_workflowId_key" ON "CompanyTrack"("workflowId");

-- CreateIndex
CREATE INDEX "CompanyTrack_cohortId_phase_idx" ON "CompanyTrack"("cohortId", "phase");

-- CreateIndex
CREATE UNIQUE INDEX "CompanyTrack_cohortId_companyId_key" ON "CompanyTrack"("cohortId", "companyId");

-- CreateIndex
CREATE UNIQUE INDEX "Camp_uid_key" ON "Camp"("uid");

-- CreateIndex
CREATE UNIQUE INDEX "CampInvitation_token_key" ON "CampInvitation"("token");

-- CreateIndex
CREATE UNIQUE INDEX "CampInvitation_campId_companyId_key" ON "CampInvitation"("campId", "companyId");

-- CreateIndex
CREATE UNIQUE INDEX "Outcome_idempotencyKey_key" ON "Outcome"("idempotencyKey");

-- CreateIndex
CREATE UNIQUE INDEX "LedgerEntry_idempotencyKey_key" ON "LedgerEntry"("idempotencyKey");

-- CreateIndex
CREATE UNIQUE INDEX "LedgerEntry_reversesId_key" ON "LedgerEntry"("reversesId");

-- CreateIndex
CREATE INDEX "LedgerEntry_cohortId_municipalityCode_occurredOn_idx" ON "LedgerEntry"("cohortId", "municipalityCode", "occurredOn");

-- CreateIndex
CREATE UNIQUE INDEX "EmailOutbox_idempotencyKey_key" ON "EmailOutbox"("idempotencyKey");

-- CreateIndex
CREATE INDEX "EmailOutbox_status_idx" ON "EmailOutbox"("status");

-- CreateIndex
CREATE INDEX "EmailOutbox_workflowId_idx" ON "EmailOutbox"("workflowId");

-- CreateIndex
CREATE INDEX "AuditLog_entity_entityId_idx" ON "AuditLog"("entity", "entityId");

-- CreateIndex
CREATE UNIQUE INDEX "Greeting_workflowId_key" ON "Greeting"("workflowId");

-- AddForeignKey
ALTER TABLE "RateCard" ADD CONSTRAINT "RateCard_programmeId_fkey" FOREIGN KEY ("programmeId") REFERENCES "Programme"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RateCard" ADD CONSTRAINT "RateCard_municipalityCode_fkey" FOREIGN KEY ("municipalityCode") REFERENCES "Municipality"("code") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Cohort" ADD CONSTRAINT "Cohort_programmeId_fkey" FOREIGN KEY ("programmeId") REFERENCES "Programme"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CohortMunicipality" ADD CONSTRAINT "CohortMunicipality_cohortId_fkey" FOREIGN KEY ("cohortId") REFERENCES "Cohort"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CohortMunicipality" ADD CONSTRAINT "CohortMunicipality_municipalityCode_fkey" FOREIGN KEY ("municipalityCode") REFERENCES "Municipality"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Company" ADD CONSTRAINT "Company_employmentActorId_fkey" FOREIGN KEY ("employmentActorId") REFERENCES "EmploymentActor"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Partnership" ADD CONSTRAINT "Partnership_cohortId_fkey" FOREIGN KEY ("cohortId") REFERENCES "Cohort"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Partnership" ADD CONSTRAINT "Partnership_municipalityCode_fkey" FOREIGN KEY ("municipalityCode") REFERENCES "Municipality"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Partnership" ADD CONSTRAINT "Partnership_employmentActorId_fkey" FOREIGN KEY ("employmentActorId") REFERENCES "EmploymentActor"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PartnershipCompany" ADD CONSTRAINT "PartnershipCompany_partnershipId_fkey" FOREIGN KEY ("partnershipId") REFERENCES "Partnership"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PartnershipCompany" ADD CONSTRAINT "PartnershipCompany_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Participant" ADD CONSTRAINT "Participant_municipalityCode_fkey" FOREIGN KEY ("municipalityCode") REFERENCES "Municipality"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StaffMember" ADD CONSTRAINT "StaffMember_employmentActorId_fkey" FOREIGN KEY ("employmentActorId") REFERENCES "EmploymentActor"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StaffMember" ADD CONSTRAINT "StaffMember_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assignment" ADD CONSTRAINT "Assignment_participantTrackId_fkey" FOREIGN KEY ("participantTrackId") REFERENCES "ParticipantTrack"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assignment" ADD CONSTRAINT "Assignment_staffMemberId_fkey" FOREIGN KEY ("staffMemberId") REFERENCES "StaffMember"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ParticipantTrack" ADD CONSTRAINT "ParticipantTrack_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ParticipantTrack" ADD CONSTRAINT "ParticipantTrack_cohortId_fkey" FOREIGN KEY ("cohortId") REFERENCES "Cohort"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ParticipantTrack" ADD CONSTRAINT "ParticipantTrack_partnershipId_fkey" FOREIGN KEY ("partnershipId") REFERENCES "Partnership"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ParticipantTrack" ADD CONSTRAINT "ParticipantTrack_placementCompanyId_fkey" FOREIGN KEY ("placementCompanyId") REFERENCES "Company"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attendance" ADD CONSTRAINT "Attendance_participantTrackId_fkey" FOREIGN KEY ("participantTrackId") REFERENCES "ParticipantTrack"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CompanyTrack" ADD CONSTRAINT "CompanyTrack_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CompanyTrack" ADD CONSTRAINT "CompanyTrack_cohortId_fkey" FOREIGN KEY ("cohortId") REFERENCES "Cohort"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CompanyTrack" ADD CONSTRAINT "CompanyTrack_partnershipId_fkey" FOREIGN KEY ("partnershipId") REFERENCES "Partnership"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Camp" ADD CONSTRAINT "Camp_cohortId_fkey" FOREIGN KEY ("cohortId") REFERENCES "Cohort"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampInvitation" ADD CONSTRAINT "CampInvitation_campId_fkey" FOREIGN KEY ("campId") REFERENCES "Camp"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampInvitation" ADD CONSTRAINT "CampInvitation_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JobOpening" ADD CONSTRAINT "JobOpening_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JobOpening" ADD CONSTRAINT "JobOpening_cohortId_fkey" FOREIGN KEY ("cohortId") REFERENCES "Cohort"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Outcome" ADD CONSTRAINT "Outcome_participantTrackId_fkey" FOREIGN KEY ("participantTrackId") REFERENCES "ParticipantTrack"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Outcome" ADD CONSTRAINT "Outcome_companyTrackId_fkey" FOREIGN KEY ("companyTrackId") REFERENCES "CompanyTrack"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_outcomeId_fkey" FOREIGN KEY ("outcomeId") REFERENCES "Outcome"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_cohortId_fkey" FOREIGN KEY ("cohortId") REFERENCES "Cohort"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_municipalityCode_fkey" FOREIGN KEY ("municipalityCode") REFERENCES "Municipality"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_reversesId_fkey" FOREIGN KEY ("reversesId") REFERENCES "LedgerEntry"("id") ON DELETE SET NULL ON UPDATE CASCADE;

