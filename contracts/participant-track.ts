// The participant track's messages: its input, the signals, updates and query that operators, the
// employment actor's staff and the cohort workflow send it, and the summary it answers with. Payloads
// carry ids, dates and numbers only; names and addresses stay in PostgreSQL.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { LocalDate } from '../domain/calendar.js';
import type { PauseHold } from '../domain/pause.js';
import type { ParticipantPlan } from '../domain/programme.js';
import type { PauseInput, ResumeInput } from './pause.js';
import type { EvidenceRef, ReasonRef } from './text-refs.js';
import { REJECTION } from './rejection.js';

export type { PauseInput, ResumeInput } from './pause.js';

export type ParticipantTrackPhase = 'ENROLLED' | 'WORK_READINESS' | 'JOB_TRAINING' | 'RETENTION' | 'COMPLETED' | 'DROPPED_OUT' | 'TRANSFERRED';

/** The final outcomes a coordinator records; RETENTION outcomes come from the follow-ups. */
export const TRACK_OUTCOME_KINDS = ['ORDINARY_JOB', 'PARTIAL_JOB', 'EDUCATION', 'INTERNSHIP', 'NONE'] as const;
export type TrackOutcomeKind = (typeof TRACK_OUTCOME_KINDS)[number];
/** Outcomes that are a hire and start the retention follow-ups. */
export const HIRE_KINDS: readonly TrackOutcomeKind[] = ['ORDINARY_JOB', 'PARTIAL_JOB'];

export type TaskKind =
  | 'PHASE_END'
  | 'ATTENDANCE'
  | 'MENTOR'
  | 'EMPLOYER_CONTACT'
  | 'PLACEMENT'
  | 'CHECK_IN'
  | 'OUTCOME'
  | 'RETENTION_ASK'
  | 'RETENTION_ANSWER';

/** A dated item on the track's agenda: a phase boundary, a deadline or a scheduled meeting. */
export interface TrackTask {
  /** Stable within the track (e.g. `attendance:2026-03-02`, `retention:13`): keys its e-mails. */
  id: string;
  kind: TaskKind;
  what: string;
  dueOn: LocalDate;
  /** Set once the due date passed without the task being done. */
  overdue?: boolean;
}

export interface AttendanceRecord {
  weekStart: LocalDate;
  hours: number;
  present: boolean;
}

export interface Placement {
  companyId: string;
  role: 'ACCELERATOR' | 'OWN_SOCIAL_ECONOMY';
  supportPersonId?: string;
  startsOn: LocalDate;
  endsOn: LocalDate;
}

export interface TrackOutcome {
  kind: TrackOutcomeKind | 'RETENTION';
  occurredOn: LocalDate;
  outcomeId: string;
  amountOre: string;
  hoursPerWeek?: number;
  retentionWeeks?: number;
}

export interface RetentionFollowUp {
  weeks: number;
  on: LocalDate;
  answer?: 'EMPLOYED' | 'NOT_EMPLOYED';
}

/** Everything the workflow knows, carried across continue-as-new and into a transfer. */
export interface ParticipantTrackState {
  phase: ParticipantTrackPhase;
  startedOn: LocalDate;
  phaseStartedOn: LocalDate;
  jobTrainingStartsOn: LocalDate;
  jobTrainingEndsOn: LocalDate;
  /** Pause holds by source ('track', 'cohort:<id>'): paused while any is held. */
  pauseHolds: Record<string, PauseHold>;
  pausedSince?: LocalDate;
  pausedDaysTotal: number;
  attendance: AttendanceRecord[];
  /** Weeks checked in a row that were absent or unrecorded. */
  missedWeeksInRow: number;
  mentorStaffId?: string;
  employerContactOn?: LocalDate;
  placement?: Placement;
  topicsDone: string[];
  tasks: TrackTask[];
  outcomes: TrackOutcome[];
  hiredOn?: LocalDate;
  retention: RetentionFollowUp[];
  endedOn?: LocalDate;
  endReason?: string;
  transferredToTrackId?: string;
  /** Raised with every change; the projection carries it. */
  version: number;
}

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

export interface TrackSummary {
  trackId: string;
  phase: ParticipantTrackPhase;
  paused: boolean;
  pauseReasons: string[];
  startedOn: LocalDate;
  phaseStartedOn: LocalDate;
  phaseEndsOn?: LocalDate;
  jobTrainingStartsOn: LocalDate;
  jobTrainingEndsOn: LocalDate;
  nextDeadline?: { on: LocalDate; what: string };
  lastAttendance?: AttendanceRecord;
  mentorStaffId?: string;
  employerContactOn?: LocalDate;
  placement?: Placement;
  trainingTopics: Array<{ topic: string; done: boolean }>;
  pendingTasks: TrackTask[];
  overdue: TrackTask[];
  outcomes: TrackOutcome[];
  retention: RetentionFollowUp[];
  pausedDaysTotal: number;
  endedOn?: LocalDate;
  endReason?: string;
  transferredToTrackId?: string;
  version: number;
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
