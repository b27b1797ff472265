-- CreateIndex
CREATE INDEX "ParticipantTrack_nextDeadlineOn_id_idx" ON "ParticipantTrack"("nextDeadlineOn", "id");

-- CreateIndex
CREATE INDEX "ParticipantTrack_cohortId_nextDeadlineOn_id_idx" ON "ParticipantTrack"("cohortId", "nextDeadlineOn", "id");

-- CreateIndex
CREATE INDEX "ParticipantTrack_partnershipId_nextDeadlineOn_id_idx" ON "ParticipantTrack"("partnershipId", "nextDeadlineOn", "id");

-- CreateIndex
CREATE INDEX "ParticipantTrack_phase_nextDeadlineOn_id_idx" ON "ParticipantTrack"("phase", "nextDeadlineOn", "id");

-- CreateIndex
CREATE INDEX "CompanyTrack_nextDeadlineOn_id_idx" ON "CompanyTrack"("nextDeadlineOn", "id");

-- CreateIndex
CREATE INDEX "CompanyTrack_cohortId_nextDeadlineOn_id_idx" ON "CompanyTrack"("cohortId", "nextDeadlineOn", "id");

-- CreateIndex
CREATE INDEX "CompanyTrack_partnershipId_nextDeadlineOn_id_idx" ON "CompanyTrack"("partnershipId", "nextDeadlineOn", "id");

-- CreateIndex
CREATE INDEX "CompanyTrack_phase_nextDeadlineOn_id_idx" ON "CompanyTrack"("phase", "nextDeadlineOn", "id");

-- CreateIndex
CREATE INDEX "Outcome_participantTrackId_idx" ON "Outcome"("participantTrackId");

-- CreateIndex
CREATE INDEX "Outcome_companyTrackId_idx" ON "Outcome"("companyTrackId");

-- CreateIndex
CREATE INDEX "LedgerEntry_outcomeId_idx" ON "LedgerEntry"("outcomeId");

