// What a participant track knows, as plain serialisable data: its phase and dates, its agenda of dated
// tasks, what has been recorded, its pauses. The workflow carries it across continue-as-new and into a
// transfer; the summary is what the track answers and projects. Ids, dates and numbers only: names,
// addresses and free text stay in PostgreSQL.
import type { LocalDate } from './calendar.js';
import type { WeekAgainstPlan } from './attendance-plan.js';
import type { PauseHold } from './pause.js';

export type ParticipantTrackPhase =
  'ENROLLED' | 'WORK_READINESS' | 'JOB_TRAINING' | 'RETENTION' | 'COMPLETED' | 'DROPPED_OUT' | 'TRANSFERRED';

export const ACTIVE_PHASES: readonly ParticipantTrackPhase[] = ['ENROLLED', 'WORK_READINESS', 'JOB_TRAINING', 'RETENTION'];
export const TRAINING_PHASES: readonly ParticipantTrackPhase[] = ['ENROLLED', 'WORK_READINESS', 'JOB_TRAINING'];

/** The outcomes a coordinator records, one after another; RETENTION outcomes come from the follow-ups. */
export const TRACK_OUTCOME_KINDS = ['ORDINARY_JOB', 'PARTIAL_JOB', 'EDUCATION', 'INTERNSHIP', 'NONE'] as const;
export type TrackOutcomeKind = (typeof TRACK_OUTCOME_KINDS)[number];
/** Outcomes that are a hire and start the retention follow-ups. */
export const HIRE_KINDS: readonly TrackOutcomeKind[] = ['ORDINARY_JOB', 'PARTIAL_JOB'];

export type TaskKind =
  'PHASE_END' | 'ATTENDANCE' | 'MENTOR' | 'EMPLOYER_CONTACT' | 'PLACEMENT' | 'CHECK_IN' | 'OUTCOME' | 'RETENTION_ASK' | 'RETENTION_ANSWER';

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
  /** Weeks checked in a row that were absent or unrecorded (and, against the plan, under-activated). */
  missedWeeksInRow: number;
  /** The last week checked against the plan's hours (domain/attendance-plan.ts). */
  lastCheckedWeek?: WeekAgainstPlan;
  /** The day training resumed after the last pause: the hours of that week are planned from it. */
  attendanceCountsFrom?: LocalDate;
  mentorStaffId?: string;
  employerContactOn?: LocalDate;
  placement?: Placement;
  topicsDone: string[];
  tasks: TrackTask[];
  outcomes: TrackOutcome[];
  hiredOn?: LocalDate;
  /** Hires so far: a later hire restarts the follow-ups under keys of its own (absent before the first). */
  hires?: number;
  retention: RetentionFollowUp[];
  endedOn?: LocalDate;
  endReason?: string;
  transferredToTrackId?: string;
  /** Raised with every change; the projection carries it. */
  version: number;
}

/** What the track answers to its summary query and writes to its projection. */
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
  attendancePlan?: AttendancePlanSummary;
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

/** Attendance against the plan, as the summary shows it: planned against recorded hours and the flag. */
export interface AttendancePlanSummary {
  /** The hours a week the plan gives the current phase. */
  hoursPerWeek: number;
  /** Below this share of a week's planned hours the week is under-activated. */
  minimumShareOfPlannedHours: number;
  lastCheckedWeek?: WeekAgainstPlan;
  /** Weeks checked in a row below the plan (absent, unrecorded, under-activated). */
  weeksBelowPlanInRow: number;
  /** The last week checked was below the plan. */
  flagged: boolean;
  /** The coordinator has been told (the plan's escalateAfterWeeks reached). */
  escalated: boolean;
}
