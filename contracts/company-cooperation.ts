// The messages of a company's cooperation workflow (`cooperation-<partnershipId>-<cvr>`), the light
// company track of programmes without an accelerator. Ids, kinds and dates only: the company's
// name, its addresses and the text of a problem report stay in PostgreSQL.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { CooperationMessage, CooperationSetup, CooperationState, CooperationSummary } from '../domain/company-cooperation-agenda.js';

export type {
  CooperationCause,
  CooperationMessage,
  CooperationProblem,
  CooperationSummary,
  FollowUpCheck,
} from '../domain/company-cooperation-agenda.js';

export interface CompanyCooperationInput extends Omit<CooperationSetup, 'startedOn'> {
  /** The day the cooperation began; absent: the workflow's first day. */
  startedOn?: CooperationSetup['startedOn'];
  cohortId: string;
  partnershipId: string;
  companyId: string;
  /** A new run after an earlier one: its summaries count from this version, above the row's last. */
  versionFrom?: number;
  /** The event that started it (an opening, a placement, a problem report), taken before anything else. */
  first?: CooperationMessage;
  /** A workflow continued as new carries its state. */
  carried?: CooperationState;
}

/** One update for every business event, answered with the summary once projected, or refused. */
export const cooperationMessageUpdate = defineUpdate<CooperationSummary, [CooperationMessage]>('cooperationMessage');
export const cooperationSummaryQuery = defineQuery<CooperationSummary>('cooperationSummary');
