// The participant track's messages: its input, the signals, updates and query that operators, the
// employment actor's staff and the cohort workflow send it, and the summary it answers with. Payloads
// carry ids, dates and numbers only; names and addresses stay in PostgreSQL.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { LocalDate } from '../domain/calendar.js';
import type { ParticipantPlan } from '../domain/programme.js';
import type { ParticipantTrackState, TrackOutcomeKind, TrackSummary } from '../domain/participant-track-state.js';
import type { PauseInput, ResumeInput } from './pause.js';
import type { EvidenceRef, ReasonRef } from './text-refs.js';
import { REJECTION } from './rejection.js';

export type { PauseInput, ResumeInput } from './pause.js';

// The state and the summary are the agenda's own data (domain/participant-track-state.ts); they are
// part of the contract because the input carries the state and the query answers the summary.
export {
  HIRE_KINDS,
  TRACK_OUTCOME_KINDS,
  type AttendanceRecord,
  type ParticipantTrackPhase,
  type ParticipantTrackState,
  type Placement,
  type RetentionFollowUp,
  type TaskKind,
  type TrackOutcome,
  type TrackOutcomeKind,
  type TrackSummary,
  type TrackTask,
} from '../domain/participant-track-state.js';

export interface ParticipantTrackInput {
  /** The enrolment id: the ParticipantTrack row's id; the workflow id is `participant-<trackId>`. */
  trackId: string;
  cohortId: string;
  partnershipId: string;
  municipalityCode: string;
  plan: ParticipantPlan;
  /** First day of the track; today when absent. */
  startsOn?: LocalDate;
  /** The municipality's closing days (the client reads them from PostgreSQL at enrolment). */
  closingDays: LocalDate[];
  /** State from an earlier run (continue-as-new) or an earlier track (transfer). */
  carried?: ParticipantTrackState;
}

export interface RecordAttendanceInput {
  /** Monday of the week. */
  weekStart: LocalDate;
  hours: number;
  /** Absent when not given and hours is 0. */
  present?: boolean;
  /** Staff member id (or user name) who recorded it. */
  recordedBy: string;
}

export interface AssignMentorInput {
  staffMemberId: string;
}

export interface TickTrainingTopicInput {
  topic: string;
  /** False un-ticks a topic. */
  done?: boolean;
}

export interface RecordEmployerContactInput {
  on: LocalDate;
}

export interface PlaceParticipantInput {
  companyId: string;
  /** Required at an accelerator company: the employment actor's support person, the company's single point of contact. */
  supportPersonId?: string;
}

/** The evidence reference is a FreeText row's id (`evidenceId`); updates sent before carried its text. */
export interface RecordTrackOutcomeInput extends EvidenceRef {
  kind: TrackOutcomeKind;
  occurredOn: LocalDate;
  hoursPerWeek?: number;
}

export interface AnswerRetentionInput extends EvidenceRef {
  weeks: number;
  stillEmployed: boolean;
}

/** The reason is a FreeText row's id (`reasonId`); updates sent before carried its text (`reason`). */
export type DropOutInput = ReasonRef;

export interface TransferInput extends ReasonRef {
  toTrackId: string;
  toPartnershipId: string;
}

export interface TransferResult {
  summary: TrackSummary;
  /** Progress the new track continues from (attendance, topics, dates); partnership-bound parts are dropped. */
  carried: ParticipantTrackState;
}

/** Type name of the rejections an update fails with (ApplicationFailure.type); `details[0]` is the field. */
export const TRACK_REJECTION = REJECTION.participantTrack;

export const participantSummaryQuery = defineQuery<TrackSummary>('participantSummary');
export const recordAttendanceUpdate = defineUpdate<TrackSummary, [RecordAttendanceInput]>('recordAttendance');
export const assignMentorUpdate = defineUpdate<TrackSummary, [AssignMentorInput]>('assignMentor');
export const tickTrainingTopicUpdate = defineUpdate<TrackSummary, [TickTrainingTopicInput]>('tickTrainingTopic');
export const recordEmployerContactUpdate = defineUpdate<TrackSummary, [RecordEmployerContactInput]>('recordEmployerContact');
export const placeParticipantUpdate = defineUpdate<TrackSummary, [PlaceParticipantInput]>('placeParticipant');
export const recordTrackOutcomeUpdate = defineUpdate<TrackSummary, [RecordTrackOutcomeInput]>('recordTrackOutcome');
export const answerRetentionUpdate = defineUpdate<TrackSummary, [AnswerRetentionInput]>('answerRetention');
export const pauseTrackUpdate = defineUpdate<TrackSummary, [PauseInput]>('pauseTrack');
export const resumeTrackUpdate = defineUpdate<TrackSummary, [ResumeInput]>('resumeTrack');
export const dropOutUpdate = defineUpdate<TrackSummary, [DropOutInput]>('dropOut');
export const transferUpdate = defineUpdate<TransferResult, [TransferInput]>('transfer');
/** The same pause and resume as signals, for the cohort workflow (shared with the company track). */
export { pauseTrackSignal, resumeTrackSignal } from './pause.js';
