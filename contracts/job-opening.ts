// The messages of a job opening's workflow (`job-opening-<openingId>`) and of the short workflow that
// mails a company its link to register openings. Ids, kinds and dates only: the opening's title, the
// resident's name and every address stay in PostgreSQL.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { JobOpeningSetup, JobOpeningState, JobOpeningSummary } from '../domain/job-opening-agenda.js';

export type { JobOpeningSummary, JobProposal, JobOpeningPhase } from '../domain/job-opening-agenda.js';

export interface JobOpeningInput extends Omit<JobOpeningSetup, 'openedOn'> {
  /** The day the opening was registered; absent: the workflow's first day (its clock is the one every date is judged by). */
  openedOn?: JobOpeningSetup['openedOn'];
  cohortId: string;
  /** The city's partnership the opening belongs to (its consultants propose, its steering hears of delays). */
  partnershipId: string;
  /** A workflow continued as new carries its state. */
  carried?: JobOpeningState;
}

export interface ProposeMatchInput {
  /** The JobMatch row's id, written by the operation before the update. */
  matchId: string;
  trackId: string;
}

export interface AnswerMatchInput {
  matchId: string;
  accepted: boolean;
}

export const proposeMatchUpdate = defineUpdate<JobOpeningSummary, [ProposeMatchInput]>('proposeMatch');
export const answerMatchUpdate = defineUpdate<JobOpeningSummary, [AnswerMatchInput]>('answerMatch');
export const withdrawOpeningUpdate = defineUpdate<JobOpeningSummary, []>('withdrawOpening');
export const jobOpeningSummaryQuery = defineQuery<JobOpeningSummary>('jobOpeningSummary');

export interface JobOpeningInvitationInput {
  cohortId: string;
  companyId: string;
}
