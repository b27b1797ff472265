-- CreateIndex
CREATE INDEX "ParticipantTrackTask_partnershipId_dueOn_kind_idx" ON "ParticipantTrackTask"("partnershipId", "dueOn", "kind");

