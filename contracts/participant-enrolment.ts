// How a participant track is started, written once for both who start one: the cohort workflow
// (the participants of its file and late enrolments, as its children) and the client (an
// enrolment or a transfer on its own). Pure and workflow-safe.
import type { LocalDate } from '../domain/calendar.js';
import type { ParticipantTrackInput, ParticipantTrackPhase } from './participant-track.js';

/** The track's input: ids, the plan, the first day and the municipality's closing days; no names. */
export function participantTrackInput(e: ParticipantTrackInput): ParticipantTrackInput {
  const input: ParticipantTrackInput = {
    trackId: e.trackId,
    cohortId: e.cohortId,
    partnershipId: e.partnershipId,
    municipalityCode: e.municipalityCode,
    plan: e.plan,
    startsOn: e.startsOn,
    closingDays: e.closingDays,
  };
  if (e.carried) input.carried = e.carried;
  return input;
}

/** The phase a track starts in (its PHASE search attribute until the track sets its own). */
export function startingPhase(input: Pick<ParticipantTrackInput, 'startsOn' | 'carried'>, today: LocalDate): ParticipantTrackPhase {
  return input.carried?.phase ?? (input.startsOn && input.startsOn > today ? 'ENROLLED' : 'WORK_READINESS');
}
