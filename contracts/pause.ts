// Pause and resume, the same messages for every kind of track: a track's own operators pause it
// (source 'track'), the cohort workflow pauses all of its tracks (source 'cohort:<cohortId>'). Each
// source is a hold of its own, so resuming the cohort leaves a track paused for its own reason.
import { defineSignal } from '@temporalio/workflow';
import type { ReasonRef } from './text-refs.js';

/** The reason is a FreeText row's id (`reasonId`); signals sent before carried its text (`reason`). */
export interface PauseInput extends ReasonRef {
  /** Who holds the pause: 'track' (default) or e.g. 'cohort:<cohortId>' for a whole-cohort pause. */
  source?: string;
}

export interface ResumeInput {
  source?: string;
}

/** Pause and resume by signal: the cohort workflow's way to reach its participant and company tracks (workflows cannot send updates). */
export const pauseTrackSignal = defineSignal<[PauseInput]>('pause');
export const resumeTrackSignal = defineSignal<[ResumeInput]>('resume');
