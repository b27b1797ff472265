-- CreateTable
CREATE TABLE "ParticipantTrackTask" (
    "id" TEXT NOT NULL,
    "participantTrackId" TEXT NOT NULL,
    "partnershipId" TEXT NOT NULL,
    "taskId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "dueOn" DATE NOT NULL,
    "overdue" BOOLEAN NOT NULL,

    CONSTRAINT "ParticipantTrackTask_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ParticipantTrackTask_participantTrackId_idx" ON "ParticipantTrackTask"("participantTrackId");

-- CreateIndex
CREATE INDEX "ParticipantTrackTask_dueOn_id_idx" ON "ParticipantTrackTask"("dueOn", "id");

-- AddForeignKey
ALTER TABLE "ParticipantTrackTask" ADD CONSTRAINT "ParticipantTrackTask_participantTrackId_fkey" FOREIGN KEY ("participantTrackId") REFERENCES "ParticipantTrack"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- The running tracks' open tasks from their projected summaries (overdue first; an id once), as
-- store/participant-track-tasks.ts writes them from now on.
INSERT INTO "ParticipantTrackTask" ("id", "participantTrackId", "partnershipId", "taskId", "kind", "dueOn", "overdue")
SELECT DISTINCT ON (t.id || ':' || (e.task ->> 'id')) t.id || ':' || (e.task ->> 'id'), t.id, t."partnershipId",
  e.task ->> 'id', e.task ->> 'kind', (e.task ->> 'dueOn')::date, coalesce(e.task -> 'overdue' = 'true'::jsonb, false)
FROM "ParticipantTrack" t
CROSS JOIN LATERAL jsonb_array_elements(
  CASE WHEN jsonb_typeof(t.summary -> 'overdue') = 'array' THEN t.summary -> 'overdue' ELSE '[]'::jsonb END ||
  CASE WHEN jsonb_typeof(t.summary -> 'pendingTasks') = 'array' THEN t.summary -> 'pendingTasks' ELSE '[]'::jsonb END
) WITH ORDINALITY AS e(task, n)
WHERE NOT t.paused AND jsonb_typeof(e.task -> 'id') = 'string' AND jsonb_typeof(e.task -> 'kind') = 'string'
  AND e.task ->> 'dueOn' ~ '^\d{4}-\d{2}-\d{2}$'
ORDER BY t.id || ':' || (e.task ->> 'id'), e.n;
