// The cohort workflow's messages: its input, the updates and signals coordinators send it (pause and
// resume everyone, move or cancel a camp for everyone, enrol late, close) and the summary it answers
// with. Payloads carry ids, dates and plans only; names and addresses stay in PostgreSQL.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { LocalDate } from '../domain/calendar.js';
import type { CampKind } from '../domain/camp-plan.js';
import type { CompanyPlan, ParticipantPlan } from '../domain/programme.js';
import type { ReasonRef } from './text-refs.js';
import { REJECTION } from './rejection.js';

export interface CohortPartnershipRef {
  partnershipId: string;
  municipalityCode: string;
  closingDays: LocalDate[];
}

export interface CohortCompanyRef {
  companyId: string;
  cvr: string;
  partnershipId: string;
  municipalityCode: string;
}

export interface CohortInput {
  cohortId: string;
  programmeId: string;
  year: number;
  participantPlan: ParticipantPlan;
  /** Absent for programmes without a company accelerator: no company tracks, no camps. */
  companyPlan?: CompanyPlan;
  /** First day of the participants' tracks; default: the first working day after the boot camp. */
  startsOn?: LocalDate;
  /** The boot camp's first day from the cohort file; default: the programme's boot-camp month. */
  bootCampStartOn?: LocalDate;
  /** Camps the cohort file fixes in advance, replacing the rhythm's camp of the same id. */
  fixedCamps?: Array<{ id: string; date: LocalDate; days: number }>;
  /** Closing days of all the cohort's municipalities: shared camps avoid every one of them. */
  closingDays: LocalDate[];
  partnerships: CohortPartnershipRef[];
  companies: CohortCompanyRef[];
  /**
   * Participants imported with the cohort file (their ParticipantTrack rows exist): started as
   * children. Later enrolments start their own tracks and tell the cohort (enrolLateUpdate).
   */
  enrolments?: CohortEnrolment[];
  /** Carried across continue-as-new. */
  carried?: CohortState;
}

export type CohortCampStatus = 'SCHEDULED' | 'MOVED' | 'CANCELLED';

/** One camp of the cohort's shared calendar. */
export interface CohortCamp {
  id: string;
  kind: CampKind;
  number: number;
  days: LocalDate[];
  status: CohortCampStatus;
  /** Rises with every change (the iCalendar SEQUENCE). */
  sequence: number;
}

export interface CohortEnrolment {
  /** The ParticipantTrack row's id; its workflow is `participant-<trackId>`. */
  trackId: string;
  partnershipId: string;
  municipalityCode: string;
  startsOn?: LocalDate;
}

export type CohortRunStatus = 'RUNNING' | 'PAUSED' | 'CLOSED';

export interface CohortState {
  status: CohortRunStatus;
  /** The pause's reason: a FreeText id (the text for pauses from before FreeText). */
  pauseReason?: string;
  acceleratorStartsOn?: LocalDate;
  acceleratorEndsOn?: LocalDate;
  camps: CohortCamp[];
  /** Workflow ids of the tracks this cohort started. */
  companyTracks: string[];
  participantTracks: string[];
  closedOn?: LocalDate;
  version: number;
}

export interface CohortSummary extends CohortState {
  cohortId: string;
  programmeId: string;
}

// Reasons are FreeText ids (`reasonId`); updates sent before carried the text (`reason`).
export type PauseAllInput = ReasonRef;

export interface MoveCampInput extends ReasonRef {
  campId: string;
  /** The new first day; must be a working day that is no closing day of the cohort's municipalities. */
  toDate: LocalDate;
}

export interface CancelCampInput extends ReasonRef {
  campId: string;
}

export type CloseCohortInput = ReasonRef;

/** Type of the ApplicationFailure an update is rejected with; `details[0]` is the field. */
export const COHORT_REJECTION = REJECTION.cohort;

export const cohortSummaryQuery = defineQuery<CohortSummary>('cohortSummary');
export const pauseAllUpdate = defineUpdate<CohortSummary, [PauseAllInput]>('pauseAll');
export const resumeAllUpdate = defineUpdate<CohortSummary, []>('resumeAll');
export const moveCampUpdate = defineUpdate<CohortSummary, [MoveCampInput]>('moveCamp');
export const cancelCampUpdate = defineUpdate<CohortSummary, [CancelCampInput]>('cancelCamp');
/** Tells the cohort of a track the client started for it (an enrolment or a transfer), so its pauses reach it. */
export const enrolLateUpdate = defineUpdate<CohortSummary, [CohortEnrolment]>('enrolLate');
export const closeCohortUpdate = defineUpdate<CohortSummary, [CloseCohortInput]>('closeCohort');
/** Pause and resume as signals too, for senders that cannot wait for an answer (other workflows). */
export const pauseAllSignal = defineSignal<[PauseAllInput]>('pauseAllSignal');
export const resumeAllSignal = defineSignal<[]>('resumeAllSignal');
