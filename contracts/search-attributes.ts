import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * Custom search attributes that make tracks findable in the Temporal Web UI and by list filters
 * (e.g. `DobbeltsporCohort = "klynge-1-2019" AND DobbeltsporPhase = "JOB_TRAINING"`). Registered by
 * `npm start` (dev server flags) and the test harness; docker-compose registers them at start-up.
 */
export const COHORT = defineSearchAttributeKey('DobbeltsporCohort', SearchAttributeType.KEYWORD);
export const MUNICIPALITY = defineSearchAttributeKey('DobbeltsporMunicipality', SearchAttributeType.KEYWORD);
export const PHASE = defineSearchAttributeKey('DobbeltsporPhase', SearchAttributeType.KEYWORD);
/** PARTICIPANT, COMPANY, CAMP or COHORT. */
export const TRACK_KIND = defineSearchAttributeKey('DobbeltsporTrackKind', SearchAttributeType.KEYWORD);

export const ALL_SEARCH_ATTRIBUTES = [COHORT, MUNICIPALITY, PHASE, TRACK_KIND];
