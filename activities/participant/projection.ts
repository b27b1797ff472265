import { utcMidnightOf, type LocalDate } from '../../domain/calendar.js';
import type { Db, ParticipantPhase } from '../../prisma/client.js';
import type { TrackSummary } from '../../contracts/participant-track.js';
import { endReasonText } from '../../store/free-text.js';
import { tasksOfSummary } from '../../store/participant-track-tasks.js';

const asDbDate = (d: LocalDate | undefined) => (d ? utcMidnightOf(d) : null);

/**
 * How long a projection waits for a connection of the pool. A cohort start runs as many projections
 * at once as the worker runs workflow tasks (40), over a pool of 10: on a busy machine some waited
 * longer than Prisma's default 2 s, failed (P2028) and held their workflow task a retry longer.
 * Within the activity's 30 s.
 */
const CONNECTION_WAIT_MS = 20_000;

/**
 * Writes the workflow's summary into its ParticipantTrack row, so lists and dashboards read
 * PostgreSQL instead of querying workflows, and its open tasks into ParticipantTrackTask for the work
 * queue. Idempotent: it sets values; an older summary (lower
 * version, e.g. a retried activity overtaken by a newer one) never overwrites a newer one.
 */
export async function projectParticipantTrack(db: Db, summary: TrackSummary): Promise<{ written: boolean }> {
  const data = {
    phase: summary.phase as ParticipantPhase,
    startedOn: utcMidnightOf(summary.startedOn),
    paused: summary.paused,
    phaseEndsOn: asDbDate(summary.phaseEndsOn),
    nextDeadlineOn: asDbDate(summary.nextDeadline?.on),
    nextDeadlineWhat: summary.nextDeadline?.what ?? null,
    lastAttendanceWeek: asDbDate(summary.lastAttendance?.weekStart),
    placementCompanyId: summary.placement?.companyId ?? null,
    overdueCount: summary.overdue.length,
    summary: summary as unknown as object,
    // The workflow keeps the reason's FreeText id; the row, read by lists and the console, the words.
    endReason: summary.endReason ? await endReasonText(db, summary.endReason) : null,
    transferredToId: summary.transferredToTrackId ?? null,
  };
  return db.$transaction(
    async (tx) => {
      const rows = await tx.$queryRaw<Array<{ version: number | null }>>`
      SELECT (summary->>'version')::int AS version FROM "ParticipantTrack" WHERE id = ${summary.trackId} FOR UPDATE`;
      const current = rows[0]?.version ?? -1;
      if (rows.length === 0 || current > summary.version) return { written: false };
      const track = await tx.participantTrack.update({ where: { id: summary.trackId }, data, select: { id: true, partnershipId: true } });
      // The work queue's rows of the track's open tasks, replaced with the summary they come from.
      await tx.participantTrackTask.deleteMany({ where: { participantTrackId: track.id } });
      await tx.participantTrackTask.createMany({ data: tasksOfSummary(track, summary) });
      return { written: true };
    },
    { maxWait: CONNECTION_WAIT_MS },
  );
}
