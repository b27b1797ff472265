-- CreateEnum
CREATE TYPE "SupportContactKind" AS ENUM ('INDIVIDUAL_CONVERSATION', 'EMPLOYER_CONTACT', 'FOLLOW_ALONG');

-- CreateTable
CREATE TABLE "GroupSession" (
    "id" TEXT NOT NULL,
    "partnershipId" TEXT NOT NULL,
    "heldOn" DATE NOT NULL,
    "topic" TEXT NOT NULL,
    "hours" DECIMAL(4,2) NOT NULL,
    "staffMemberId" TEXT NOT NULL,
    "recordedBy" TEXT NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "GroupSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GroupSessionAttendance" (
    "sessionId" TEXT NOT NULL,
    "participantTrackId" TEXT NOT NULL,
    "present" BOOLEAN NOT NULL,

    CONSTRAINT "GroupSessionAttendance_pkey" PRIMARY KEY ("sessionId","participantTrackId")
);

-- CreateTable
CREATE TABLE "SupportContact" (
    "id" TEXT NOT NULL,
    "participantTrackId" TEXT NOT NULL,
    "kind" "SupportContactKind" NOT NULL,
    "heldOn" DATE NOT NULL,
    "minutes" INTEGER NOT NULL,
    "staffMemberId" TEXT NOT NULL,
    "companyId" TEXT,
    "recordedBy" TEXT NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SupportContact_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "GroupSession_partnershipId_heldOn_topic_key" ON "GroupSession"("partnershipId", "heldOn", "topic");

-- CreateIndex
CREATE INDEX "GroupSessionAttendance_participantTrackId_idx" ON "GroupSessionAttendance"("participantTrackId");

-- CreateIndex
CREATE INDEX "SupportContact_participantTrackId_heldOn_idx" ON "SupportContact"("participantTrackId", "heldOn");

-- CreateIndex
CREATE UNIQUE INDEX "SupportContact_participantTrackId_kind_heldOn_staffMemberId_key" ON "SupportContact"("participantTrackId", "kind", "heldOn", "staffMemberId");

-- AddForeignKey
ALTER TABLE "GroupSession" ADD CONSTRAINT "GroupSession_partnershipId_fkey" FOREIGN KEY ("partnershipId") REFERENCES "Partnership"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GroupSession" ADD CONSTRAINT "GroupSession_staffMemberId_fkey" FOREIGN KEY ("staffMemberId") REFERENCES "StaffMember"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GroupSessionAttendance" ADD CONSTRAINT "GroupSessionAttendance_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "GroupSession"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GroupSessionAttendance" ADD CONSTRAINT "GroupSessionAttendance_participantTrackId_fkey" FOREIGN KEY ("participantTrackId") REFERENCES "ParticipantTrack"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SupportContact" ADD CONSTRAINT "SupportContact_participantTrackId_fkey" FOREIGN KEY ("participantTrackId") REFERENCES "ParticipantTrack"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SupportContact" ADD CONSTRAINT "SupportContact_staffMemberId_fkey" FOREIGN KEY ("staffMemberId") REFERENCES "StaffMember"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SupportContact" ADD CONSTRAINT "SupportContact_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE SET NULL ON UPDATE CASCADE;

