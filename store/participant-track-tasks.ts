import type { Prisma } from '../prisma/client.js';

/** A task of a summary as stored: the summary is JSON, so every field is checked before it is kept. */
interface TaskJson {
  id?: unknown;
  kind?: unknown;
  dueOn?: unknown;
  overdue?: unknown;
}

const isDate = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);

/**
 * The rows of ParticipantTrackTask for a track's summary: its overdue tasks, then its pending ones,
 * each id once (the first wins); none while the track is paused, which the work queue leaves out.
 */
export function tasksOfSummary(
  track: { id: string; partnershipId: string },
  summary: { paused?: unknown; overdue?: unknown; pendingTasks?: unknown },
): Prisma.ParticipantTrackTaskCreateManyInput[] {
  if (summary.paused === true) return [];
  const listed = [summary.overdue, summary.pendingTasks].flatMap((l) => (Array.isArray(l) ? (l as TaskJson[]) : []));
  const rows = new Map<string, Prisma.ParticipantTrackTaskCreateManyInput>();
  for (const t of listed) {
    if (typeof t.id !== 'string' || typeof t.kind !== 'string' || !isDate(t.dueOn) || rows.has(t.id)) continue;
    rows.set(t.id, {
      id: `${track.id}:${t.id}`,
      participantTrackId: track.id,
      partnershipId: track.partnershipId,
      taskId: t.id,
      kind: t.kind,
      dueOn: new Date(`${t.dueOn}T00:00:00Z`),
      overdue: t.overdue === true,
    });
  }
  return [...rows.values()];
}

/**
 * The same rows for every track at once, from the summaries in the database: what the migration that
 * made the table ran, for databases whose summaries were written directly (the list benchmark's).
 */
export const TASKS_FROM_SUMMARIES_SQL = `
  INSERT INTO "ParticipantTrackTask" ("id", "participantTrackId", "partnershipId", "taskId", "kind", "dueOn", "overdue")
  SELECT DISTINCT ON (t.id || ':' || (e.task ->> 'id')) t.id || ':' || (e.task ->> 'id'), t.id, t."partnershipId",
    e.task ->> 'id', e.task ->> 'kind', (e.task ->> 'dueOn')::date, coalesce(e.task -> 'overdue' = 'true'::jsonb, false)
  FROM "ParticipantTrack" t
  CROSS JOIN LATERAL jsonb_array_elements(
    CASE WHEN jsonb_typeof(t.summary -> 'overdue') = 'array' THEN t.summary -> 'overdue' ELSE '[]'::jsonb END ||
    CASE WHEN jsonb_typeof(t.summary -> 'pendingTasks') = 'array' THEN t.summary -> 'pendingTasks' ELSE '[]'::jsonb END
  ) WITH ORDINALITY AS e(task, n)
  WHERE NOT t.paused AND jsonb_typeof(e.task -> 'id') = 'string' AND jsonb_typeof(e.task -> 'kind') = 'string'
    AND e.task ->> 'dueOn' ~ '^\\d{4}-\\d{2}-\\d{2}$'
  ORDER BY t.id || ':' || (e.task ->> 'id'), e.n
  ON CONFLICT ("id") DO NOTHING`;
