import { utcMidnightOf, type LocalDate } from '../../domain/calendar.js';
import type { Db, ParticipantPhase } from '../../prisma/client.js';
import type { TrackSummary } from '../../contracts/participant-track.js';
import { endReasonText } from '../../store/free-text.js';

const asDbDate = (d: LocalDate | undefined) => (d ? utcMidnightOf(d) : null);

/**
 * Writes the workflow's summary into its ParticipantTrack row, so lists and dashboards read
 * PostgreSQL instead of querying workflows. Idempotent: it sets values; an older summary (lower
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
  return db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<Array<{ version: number | null }>>`
      SELECT (summary->>'version')::int AS version FROM "ParticipantTrack" WHERE id = ${summary.trackId} FOR UPDATE`;
    const current = rows[0]?.version ?? -1;
    if (rows.length === 0 || current > summary.version) return { written: false };
    await tx.participantTrack.update({ where: { id: summary.trackId }, data });
    return { written: true };
  });
}
