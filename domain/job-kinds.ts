// The kinds of job opening (lære- eller elevplads, fuldtidsjob, fleksjob, job med få timer, praktik):
// their Danish names and the outcome a hire into each becomes on the participant track. Pure.
import type { TrackOutcomeKind } from './participant-track-state.js';
import type { JobKind } from './programme.js';

export const JOB_KIND_LABELS: Record<JobKind, string> = {
  APPRENTICESHIP: 'Lære- eller elevplads',
  ORDINARY_JOB: 'Fuldtidsjob',
  FLEX_JOB: 'Fleksjob',
  FEW_HOURS_JOB: 'Job med få timer',
  INTERNSHIP: 'Praktikplads',
};

/**
 * A hire into an opening is the participant's outcome: a full-time job an ordinary job; a flex job or
 * a job of few hours a partial job (paid pro rata to its hours); an apprenticeship or an internship an
 * internship (the housing programme's "60 i praktik- / lærepladser").
 */
export const HIRE_OUTCOME: Record<JobKind, TrackOutcomeKind> = {
  ORDINARY_JOB: 'ORDINARY_JOB',
  FLEX_JOB: 'PARTIAL_JOB',
  FEW_HOURS_JOB: 'PARTIAL_JOB',
  APPRENTICESHIP: 'INTERNSHIP',
  INTERNSHIP: 'INTERNSHIP',
};

/** Kinds whose hire needs the opening's hours a week (a partial job is paid pro rata to them). */
export const needsHours = (kind: JobKind): boolean => HIRE_OUTCOME[kind] === 'PARTIAL_JOB';
