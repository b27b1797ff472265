-- Written by hand (a function, which schema.prisma cannot describe): an enrolment's place claimed
-- and its track's row written in one call, one round trip committed on its own, where a transaction
-- held the cohort's lock across four (BEGIN, lock, insert, COMMIT) and so serialised the cohort's
-- enrolments on those round trips. The places are still counted from the track rows
-- (client/operations/cohort-places.ts).
--
-- With `planned` set, the cohort's row is locked first (FOR NO KEY UPDATE: not for the key-share lock
-- a track row written meanwhile holds on the cohort); the insert then counts with a snapshot of its
-- own, taken after the lock was granted (each statement of a VOLATILE function takes a new one under
-- READ COMMITTED), so a claim that waited for the lock counts the track of the claim before it.
-- Without `planned`, the row alone. Returns the rows written: 0 when the cohort is full.
CREATE FUNCTION "claim_participant_place"(
  track_id text,
  participant_id text,
  cohort_id text,
  partnership_id text,
  workflow_id text,
  started_on date,
  planned integer,
  phases_without_place text[]
) RETURNS integer LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  written integer;
BEGIN
  IF planned IS NOT NULL THEN
    PERFORM 1 FROM "Cohort" WHERE id = cohort_id FOR NO KEY UPDATE;
  END IF;
  INSERT INTO "ParticipantTrack" ("id", "participantId", "cohortId", "partnershipId", "workflowId", "phase", "startedOn", "createdAt", "updatedAt")
  SELECT track_id, participant_id, cohort_id, partnership_id, workflow_id,
         'ENROLLED'::"ParticipantPhase", started_on, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
   WHERE planned IS NULL
      OR (SELECT count(*) FROM "ParticipantTrack" t
           WHERE t."cohortId" = cohort_id AND NOT (t."phase"::text = ANY(phases_without_place))) < planned;
  GET DIAGNOSTICS written = ROW_COUNT;
  RETURN written;
END
$$;
