// The company track's messages: the inputs of the company track and of its camp invitation children,
// the signals, updates and queries that the coordinator, the companies (through their personal links)
// and the employment actors send, and the summaries they answer with. Payloads carry ids, dates and
// structured answers only; names, addresses and free text stay in PostgreSQL.
//
// Who starts what:
// - the cohort workflow (or a client) runs the activity `ensureCohortCamps` once, which creates the
//   cohort's Camp rows from the plan and returns `bootCampId`, `campIds` and the accelerator's dates;
// - it then starts one company track per recruited company, workflow id `company-<cohortId>-<cvr>`
//   (companyTrackWorkflowId), with a CompanyTrackInput built from those values;
// - the company track starts one camp invitation child per camp, workflow id `camp-<campId>-<cvr>`
//   (campInvitationWorkflowId), and projects itself into the CompanyTrack row whose id is its
//   workflow id;
// - client/operations/companies.ts writes PostgreSQL first and then sends these messages (selection,
//   RSVP by token, camp moved or cancelled, attendance, milestones, anchoring answers, problem reports);
// - the cohort workflow pauses and resumes the company tracks with the signals of contracts/pause.ts.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { LocalDate } from '../domain/calendar.js';
import type {
  AnchoringAnswer,
  CampInvitationStatus,
  CompanyAgenda,
  CompanyTrackPhase,
  CompanyTrackSummary,
  RsvpAnswer,
} from '../domain/company-agenda.js';
import type { CompanyPlan } from '../domain/programme.js';
import type { Locale } from './locale.js';
import type { ReasonRef } from './text-refs.js';

// The summary and its parts are the company agenda's (domain/company-agenda.ts), shown as they are.
export type {
  AnchoringAnswer,
  CampInvitationStatus,
  CompanyTrackPhase,
  CompanyTrackSummary,
  MilestoneState,
  ProblemReportState,
  RsvpAnswer,
} from '../domain/company-agenda.js';

// ---- camp invitation (child) ----

export interface CampInvitationInput {
  campId: string;
  companyId: string;
  cvr: string;
  /** Working days before the camp's first day for reminders (the plan's campReminderWorkingDays). */
  reminderWorkingDays: number[];
  /** Closing days of the company's municipality, honoured for reminder dates. */
  closingDays?: LocalDate[];
  locale?: Locale;
  /** Weeks before the camp the invitation goes out (the plan's invitationLeadWeeks); absent: at once (the boot camp). */
  invitationLeadWeeks?: number;
}

/** SCHEDULED: the invitation goes out on `invitationOn`, its lead time before the camp. */
export type CampInvitationPhase = 'SCHEDULED' | 'INVITED' | 'WAITING_FOR_ATTENDANCE' | 'DONE' | 'CANCELLED';

export interface CampInvitationState {
  campId: string;
  cvr: string;
  phase: CampInvitationPhase;
  rsvp: RsvpAnswer;
  attended: boolean | null;
  /** The camp's sequence the company was last told about (0 = the first invitation). */
  sequence: number;
  days: LocalDate[];
  /** E-mail steps done, e.g. `0:invitation`, `1:reminder-2`, `nudge`. */
  sent: string[];
  /** While SCHEDULED: the day the invitation goes out. */
  invitationOn?: LocalDate;
}

export interface CampInvitationResult {
  campId: string;
  cvr: string;
  /**
   * PAST: the camp was over before this company was invited (selected late), so nothing was sent.
   * WITHDRAWN: the company left the programme; its calendar event was withdrawn.
   */
  status: CampInvitationStatus;
  rsvp: RsvpAnswer;
  attended: boolean | null;
}

/** The company answered yes or no (recorded in CampInvitation first by the RSVP operation). */
export const campRsvpSignal = defineSignal<[{ answer: 'YES' | 'NO' }]>('campRsvp');
/** The camp row changed (moved or cancelled, sequence raised): the workflow re-reads it and tells the company. */
export const campChangedSignal = defineSignal<[{ sequence: number }]>('campChanged');
/** Attendance recorded after the camp (CampInvitation.attended written first by the operation). */
export const campAttendanceSignal = defineSignal<[{ attended: boolean }]>('campAttendance');
/** The company left the programme: an upcoming camp is taken out of its calendar, nothing more is sent. */
export const campWithdrawnSignal = defineSignal('campWithdrawn');
export const campInvitationStateQuery = defineQuery<CampInvitationState>('campInvitationState');

// ---- company track ----

/**
 * Everything a company track needs, self-contained: ids, the programme's company plan and the
 * cohort's camp calendar (as created by `ensureCohortCamps`). No names or addresses.
 */
export interface CompanyTrackInput {
  cohortId: string;
  companyId: string;
  cvr: string;
  /** The company's partnership (municipality + employment actor) in the cohort. */
  partnershipId: string;
  municipalityCode: string;
  /** The cohort's year (the boot camp is in November of it). */
  year: number;
  plan: CompanyPlan;
  bootCampId: string;
  /** The accelerator's camps and coaching sessions (ensureCohortCamps().campIds). */
  campIds: string[];
  acceleratorStartsOn: LocalDate;
  acceleratorEndsOn: LocalDate;
  locale?: Locale;
  /** The agenda carried over from the previous run (continue-as-new); absent when the track starts. */
  carried?: CompanyAgenda;
}

/** The coordinator's selection decision; rejected (nothing changed) when the municipality's slots are full. */
export const decideSelectionUpdate = defineUpdate<{ selected: boolean; phase: CompanyTrackPhase }, [{ selected: boolean }]>(
  'decideSelection',
);
/** A social-model milestone reached. */
export const milestoneDoneSignal = defineSignal<[{ milestoneId: string; doneOn: LocalDate }]>('milestoneDone');
/** A structured answer to an anchoring check (from the company or the employment actor). */
export const anchoringAnswerUpdate = defineUpdate<CompanyTrackSummary, [Omit<AnchoringAnswer, 'answeredOn'>]>('anchoringAnswer');
/** A problem the company reported (the report is stored first; the signal carries its id). */
export const problemReportedSignal = defineSignal<[{ reportId: string }]>('problemReported');
/** The employment actor's contact acknowledged a problem report. */
export const problemAcknowledgedSignal = defineSignal<[{ reportId: string }]>('problemAcknowledged');
/**
 * Pause and resume are the participant track's signals (`pause` {reason, source?}, `resume` {source?},
 * contracts/pause.ts): the cohort workflow sends them to all its tracks with source
 * `cohort:<cohortId>`. While paused, milestone reminders and overdue notices, anchoring checks and
 * problem escalations wait; the camps (shared with the cohort) go on. A resume moves the company's
 * own dates still ahead by the days paused.
 *
 * A coordinator or operator pauses one company's track by update (source 'track'), which answers with
 * the summary, or is rejected: a pause without a reason, of an ended track, or one already held; a
 * resume of a track its own operators have not paused.
 */
export const pauseCompanyTrackUpdate = defineUpdate<CompanyTrackSummary, [ReasonRef]>('pauseTrack');
export const resumeCompanyTrackUpdate = defineUpdate<CompanyTrackSummary, []>('resumeTrack');
/** The company leaves the programme (the reason is in the audit log): its camps are withdrawn, the track ends WITHDRAWN. */
export const withdrawCompanySignal = defineSignal('withdrawCompany');
export const companyTrackSummaryQuery = defineQuery<CompanyTrackSummary>('companyTrackSummary');
