import type pg from 'pg';
import { sqlPoolOf, type Db } from '../../prisma/client.js';
import type { TrackSummary } from '../../contracts/participant-track.js';
import { endReasonText } from '../../store/free-text.js';
import { tasksOfSummary } from '../../store/participant-track-tasks.js';

/**
 * How long a projection waits for a connection of the pool. A cohort start runs as many projections
 * at once as the worker runs workflow tasks (100 by default, config/worker-capacity.ts), over a pool
 * of 10: on a busy machine some waited longer than Prisma's default 2 s, failed (P2028) and held their
 * workflow task a retry longer. Within the activity's 30 s.
 */
const CONNECTION_WAIT_MS = 20_000;

/**
 * Times the statement is run again when another projection of the same track committed between the
 * statement's snapshot and its lock on the row (see PROJECT_SQL); each retry sees that one's result.
 */
const CONCURRENT_RETRIES = 20;

/**
 * The projection as one statement (one round trip, its own transaction), on the pg pool under the
 * Prisma client: through Prisma's interactive transaction it was six round trips (BEGIN, the locking
 * read, the update, the delete, the insert, COMMIT) and 50-70 ms under load.
 *
 * `seen` reads the row in the statement's snapshot, with its row version (xmin). `written` updates it
 * only when the summary is not older than the one written and the row is still the version seen: the
 * update locks the row, and when another projection of the track held it, PostgreSQL rechecks the
 * condition on the row that one committed, whose xmin differs, and nothing is written; the caller
 * then runs the statement again with a new snapshot. So every write of the tasks below saw the tasks
 * of the summary it replaces (all CTEs read the statement's snapshot, which would not show rows that
 * a projection committed while this one waited for the lock).
 *
 * The task rows keep their ids (track id and task id), so the rows of tasks no longer in the summary
 * are deleted and the others upserted, an unchanged row left as it is: deleting and inserting the
 * same id in one statement fails on the primary key (`duplicate key value`): the statement's parts run
 * in no order PostgreSQL promises, and the insert met the rows before they were deleted.
 */
const PROJECT_SQL = `
WITH seen AS MATERIALIZED (
  SELECT t.xmin AS row_version, coalesce((t.summary ->> 'version')::int, -1) AS version
  FROM "ParticipantTrack" t WHERE t.id = $1
), written AS (
  UPDATE "ParticipantTrack" t SET
    "phase" = $2::"ParticipantPhase", "startedOn" = $3::date, "paused" = $4, "phaseEndsOn" = $5::date,
    "nextDeadlineOn" = $6::date, "nextDeadlineWhat" = $7, "lastAttendanceWeek" = $8::date,
    "placementCompanyId" = $9, "overdueCount" = $10, "summary" = $11::jsonb, "endReason" = $12,
    "transferredToId" = $13, "updatedAt" = $14::timestamp
  FROM seen
  WHERE t.id = $1 AND t.xmin = seen.row_version AND seen.version <= $15
  RETURNING t.id, t."partnershipId"
), tasks AS MATERIALIZED (
  SELECT w.id || ':' || r."taskId" AS id, w.id AS "participantTrackId", w."partnershipId", r."taskId", r.kind, r."dueOn", r.overdue
  FROM written w CROSS JOIN jsonb_to_recordset($16::jsonb) AS r("taskId" text, kind text, "dueOn" date, overdue boolean)
), gone AS (
  DELETE FROM "ParticipantTrackTask" d USING written w
  WHERE d."participantTrackId" = w.id AND d.id NOT IN (SELECT id FROM tasks)
), kept AS (
  INSERT INTO "ParticipantTrackTask" AS k ("id", "participantTrackId", "partnershipId", "taskId", "kind", "dueOn", "overdue")
  SELECT id, "participantTrackId", "partnershipId", "taskId", kind, "dueOn", overdue FROM tasks
  ON CONFLICT ("id") DO UPDATE SET "partnershipId" = excluded."partnershipId", "taskId" = excluded."taskId",
    "kind" = excluded."kind", "dueOn" = excluded."dueOn", "overdue" = excluded."overdue"
  WHERE (k."partnershipId", k."taskId", k."kind", k."dueOn", k."overdue")
    IS DISTINCT FROM (excluded."partnershipId", excluded."taskId", excluded."kind", excluded."dueOn", excluded."overdue")
)
SELECT (SELECT version FROM seen) AS seen, EXISTS (SELECT 1 FROM written) AS written`;

/** A connection of the pool within `ms`, or an error; a connection that comes later goes back to the pool. */
async function connectionWithin(pool: pg.Pool, ms: number): Promise<pg.PoolClient> {
  const pending = pool.connect();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no database connection free within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([pending, late]);
  } catch (e) {
    pending.then(
      (c) => c.release(),
      () => undefined,
    );
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Writes the workflow's summary into its ParticipantTrack row, so lists and dashboards read
 * PostgreSQL instead of querying workflows, and its open tasks into ParticipantTrackTask for the work
 * queue. Idempotent: it sets values; an older summary (lower
 * version, e.g. a retried activity overtaken by a newer one) never overwrites a newer one.
 */
export async function projectParticipantTrack(db: Db, summary: TrackSummary): Promise<{ written: boolean }> {
  // The workflow keeps the reason's FreeText id; the row, read by lists and the console, the words.
  const endReason = summary.endReason ? await endReasonText(db, summary.endReason) : null;
  const tasks = tasksOfSummary({ id: summary.trackId, partnershipId: '' }, summary).map((t) => ({
    taskId: t.taskId,
    kind: t.kind,
    dueOn: (t.dueOn as Date).toISOString().slice(0, 10),
    overdue: t.overdue,
  }));
  const values = [
    summary.trackId,
    summary.phase,
    summary.startedOn,
    summary.paused,
    summary.phaseEndsOn ?? null,
    summary.nextDeadline?.on ?? null,
    summary.nextDeadline?.what ?? null,
    summary.lastAttendance?.weekStart ?? null,
    summary.placement?.companyId ?? null,
    summary.overdue.length,
    JSON.stringify(summary),
    endReason,
    summary.transferredToTrackId ?? null,
    new Date().toISOString(),
    summary.version,
    JSON.stringify(tasks),
  ];
  const connection = await connectionWithin(await sqlPoolOf(db), CONNECTION_WAIT_MS);
  try {
    for (let attempt = 0; attempt <= CONCURRENT_RETRIES; attempt++) {
      const { rows } = await connection.query<{ seen: number | null; written: boolean }>({
        name: 'participant-projection',
        text: PROJECT_SQL,
        values,
      });
      const [{ seen, written }] = rows as [{ seen: number | null; written: boolean }];
      // No row, or a newer summary written already; otherwise the row changed under the statement.
      if (written || seen === null || seen > summary.version) return { written };
    }
    throw new Error(`track ${summary.trackId}: the projection met a concurrent write ${CONCURRENT_RETRIES + 1} times`);
  } finally {
    connection.release();
  }
}
