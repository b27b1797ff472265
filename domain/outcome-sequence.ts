// Outcomes follow a citizen over time: a track records a sequence (an internship, then a job; a
// partial job, then a full one), not one final outcome. What each outcome does to the track, and the
// rules a new outcome of the sequence must keep. Pure.
import { HIRE_KINDS, type ParticipantTrackState, type TrackOutcome, type TrackOutcomeKind } from './participant-track-state.js';

/** What an outcome does: a hire starts the follow-ups, NONE ends the track, the others leave it open. */
export type OutcomeStep = 'hire' | 'end' | 'continue';

export function stepAfterOutcome(kind: TrackOutcomeKind): OutcomeStep {
  if (HIRE_KINDS.includes(kind)) return 'hire';
  return kind === 'NONE' ? 'end' : 'continue';
}

/** The outcomes the coordinator recorded, in order (retention follow-ups left out). */
export function sequenceOf(s: Pick<ParticipantTrackState, 'outcomes'>): TrackOutcome[] {
  return s.outcomes.filter((o) => o.kind !== 'RETENTION');
}

/**
 * The first hire's follow-ups keep the task ids and e-mail keys they always had; a later hire's
 * follow-ups get keys of their own (`:h2`), so its e-mails are not taken for the first hire's.
 */
export function followUpSuffix(s: Pick<ParticipantTrackState, 'hires'>): string {
  return (s.hires ?? 1) > 1 ? `:h${s.hires}` : '';
}

/**
 * Why a new outcome cannot follow the ones recorded, or undefined when it can: the sequence runs
 * forward in time, and the same outcome is not recorded twice (a retried request would charge twice).
 */
export function sequenceRefusal(
  s: Pick<ParticipantTrackState, 'outcomes'>,
  next: { kind: TrackOutcomeKind; occurredOn: string; hoursPerWeek?: number },
): { field: 'occurredOn' | 'kind'; message: string } | undefined {
  const last = sequenceOf(s).at(-1);
  if (!last) return undefined;
  if (next.occurredOn < last.occurredOn)
    return {
      field: 'occurredOn',
      message: `the outcome date ${next.occurredOn} is before the last outcome (${last.kind} on ${last.occurredOn})`,
    };
  if (last.kind === next.kind && last.occurredOn === next.occurredOn && (last.hoursPerWeek ?? null) === (next.hoursPerWeek ?? null))
    return { field: 'kind', message: `${next.kind} on ${next.occurredOn} is recorded already` };
  return undefined;
}
