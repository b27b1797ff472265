-- DropIndex
DROP INDEX "Participant_cpr_key";

-- AlterTable
ALTER TABLE "Participant" ADD COLUMN     "programmeId" TEXT;

-- Existing people belong to the programme of their first track.
UPDATE "Participant" p SET "programmeId" = (
  SELECT c."programmeId" FROM "ParticipantTrack" t JOIN "Cohort" c ON c."id" = t."cohortId"
  WHERE t."participantId" = p."id" ORDER BY t."createdAt", t."id" LIMIT 1
);

-- CreateIndex
CREATE UNIQUE INDEX "Participant_programmeId_cpr_key" ON "Participant"("programmeId", "cpr");

-- AddForeignKey
ALTER TABLE "Participant" ADD CONSTRAINT "Participant_programmeId_fkey" FOREIGN KEY ("programmeId") REFERENCES "Programme"("id") ON DELETE SET NULL ON UPDATE CASCADE;

