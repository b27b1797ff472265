// What a participant track accepts: each request an operator or a staff member sends (an update) is
// checked against the track's state before anything is done, and refused with the field at fault.
// Pure: the agenda (domain/participant-agenda.ts) asks it, the workflow's validators turn a refusal
// into the track's rejection.
import { parseLocalDate, type LocalDate } from './calendar.js';
import { AttendanceWeekError, checkAttendanceWeek } from './participant-schedule.js';
import {
  ACTIVE_PHASES,
  TRACK_OUTCOME_KINDS,
  TRAINING_PHASES,
  type ParticipantTrackState,
  type TrackOutcomeKind,
} from './participant-track-state.js';
import type { ParticipantPlan } from './programme.js';
import { followUpSuffix, sequenceRefusal } from './outcome-sequence.js';
import { Refusal } from './refusal.js';

/** A request to check before it is accepted (an update's validator); `checkRequest` refuses it or returns. */
export type ParticipantTrackRequest =
  | { type: 'record-attendance'; weekStart: LocalDate; hours: number; recordedBy: string }
  | { type: 'assign-mentor'; staffMemberId: string }
  | { type: 'tick-topic'; topic: string }
  | { type: 'record-employer-contact'; on: LocalDate }
  | { type: 'place'; companyId: string }
  | { type: 'record-outcome'; kind: TrackOutcomeKind; occurredOn: LocalDate; hoursPerWeek?: number; evidence: string | undefined }
  | { type: 'answer-retention'; weeks: number; evidence: string | undefined }
  | { type: 'pause'; reason: string | undefined }
  | { type: 'resume' }
  | { type: 'drop-out'; reason: string | undefined }
  | { type: 'transfer'; toTrackId: string; toPartnershipId: string; reason: string | undefined };

/** Refuses a request the track cannot accept now, naming the field at fault; returns when it may go ahead. */
export function checkRequest(
  s: ParticipantTrackState,
  setup: { trackId: string; partnershipId: string; plan: Pick<ParticipantPlan, 'trainingTopics'> },
  request: ParticipantTrackRequest,
  today: LocalDate,
): void {
  switch (request.type) {
    case 'record-attendance':
      mustBeInTraining(s);
      try {
        checkAttendanceWeek(request.weekStart, request.hours, s.startedOn, s.jobTrainingEndsOn);
      } catch (e) {
        throw new Refusal((e as Error).message, e instanceof AttendanceWeekError ? e.field : 'weekStart');
      }
      if (!request.recordedBy) throw new Refusal('recordedBy is required', 'recordedBy');
      return;
    case 'assign-mentor':
      mustBeInTraining(s);
      if (!request.staffMemberId) throw new Refusal('staffMemberId is required', 'staffMemberId');
      return;
    case 'tick-topic':
      mustBeInTraining(s);
      if (!setup.plan.trainingTopics.includes(request.topic))
        throw new Refusal(`"${request.topic}" is not a topic of the training plan`, 'topic');
      return;
    case 'record-employer-contact':
      mustBeInTraining(s);
      checkDate(request.on, 'on');
      if (request.on > today) throw new Refusal(`the contact date ${request.on} is in the future`, 'on');
      return;
    case 'place':
      mustBeInTraining(s);
      if (!request.companyId) throw new Refusal('companyId is required', 'companyId');
      return;
    case 'record-outcome': {
      const { kind, occurredOn, hoursPerWeek } = request;
      // Outcomes follow one another (domain/outcome-sequence.ts): a partial job in the follow-ups may become a full one.
      mustBeActive(s);
      if (!TRACK_OUTCOME_KINDS.includes(kind)) throw new Refusal(`kind must be one of ${TRACK_OUTCOME_KINDS.join(', ')}`, 'kind');
      checkDate(occurredOn, 'occurredOn');
      if (occurredOn > today) throw new Refusal(`the outcome date ${occurredOn} is in the future`, 'occurredOn');
      if (occurredOn < s.startedOn) throw new Refusal(`the outcome date ${occurredOn} is before the track started`, 'occurredOn');
      if (kind === 'PARTIAL_JOB' && !(hoursPerWeek && hoursPerWeek > 0))
        throw new Refusal('a partial job needs its hours a week', 'hoursPerWeek');
      if (hoursPerWeek !== undefined && (hoursPerWeek < 0 || hoursPerWeek > 168))
        throw new Refusal('hoursPerWeek must be between 0 and 168', 'hoursPerWeek');
      const refusal = sequenceRefusal(s, { kind, occurredOn, hoursPerWeek });
      if (refusal) throw new Refusal(refusal.message, refusal.field);
      if (!request.evidence) throw new Refusal('an evidence reference is required', 'evidenceRef');
      return;
    }
    case 'answer-retention': {
      const { weeks } = request;
      mustBeActive(s);
      if (s.phase !== 'RETENTION') throw new Refusal(`no retention follow-ups in phase ${s.phase}`, 'phase');
      const followUp = s.retention.find((r) => r.weeks === weeks);
      if (!followUp) throw new Refusal(`there is no ${weeks}-week follow-up`, 'weeks');
      if (followUp.answer) throw new Refusal(`the ${weeks}-week follow-up is answered already`, 'weeks');
      if (s.tasks.some((t) => t.id === `retention:${weeks}${followUpSuffix(s)}`))
        throw new Refusal(`the ${weeks}-week follow-up is not due before ${followUp.on}`, 'weeks');
      if (!request.evidence) throw new Refusal('an evidence reference is required', 'evidenceRef');
      return;
    }
    case 'pause':
    case 'drop-out':
      mustBeActive(s);
      if (!request.reason) throw new Refusal('a reason is required', 'reason');
      return;
    case 'resume':
      return mustBeActive(s);
    case 'transfer':
      mustBeActive(s);
      if (!request.toTrackId || request.toTrackId === setup.trackId) throw new Refusal('toTrackId must name a new track', 'toTrackId');
      if (!request.toPartnershipId || request.toPartnershipId === setup.partnershipId) {
        throw new Refusal('toPartnershipId must name another partnership', 'toPartnershipId');
      }
      if (!request.reason) throw new Refusal('a reason is required', 'reason');
      return;
  }
}

function mustBeActive(s: ParticipantTrackState): void {
  if (!ACTIVE_PHASES.includes(s.phase)) throw new Refusal(`the track has ended (${s.phase})`, 'phase');
}

function mustBeInTraining(s: ParticipantTrackState): void {
  mustBeActive(s);
  if (!TRAINING_PHASES.includes(s.phase)) throw new Refusal(`not possible in phase ${s.phase}`, 'phase');
}

function checkDate(value: string, field: string): void {
  try {
    parseLocalDate(value);
  } catch {
    throw new Refusal(`${field} must be a date of the form YYYY-MM-DD, got "${value}"`, field);
  }
}
