// How a participant track writes its summary into PostgreSQL (the projection lists and the console
// read). A local activity since `local-projection`: one marker in the history instead of an
// activity's three events and the workflow task its completion wakes, and no copy of the whole
// summary as the activity's input in every projection. Runs begun before keep the activity.
import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import { patchApplies } from './patch-steps.js';
import type { Activities } from '../activities/index.js';
import type { TrackSummary } from '../contracts/participant-track.js';
import { REJECTION } from '../contracts/rejection.js';

const retry = { initialInterval: '1 second', maximumInterval: '1 minute', nonRetryableErrorTypes: [REJECTION.participantTrack] };
// The options of the track's other activities, as histories recorded before this file hold them.
const { projectParticipantTrack } = proxyActivities<Activities>({ startToCloseTimeout: '30 seconds', retry });
const local = proxyLocalActivities<Activities>({ startToCloseTimeout: '30 seconds', retry });

/**
 * The projection as a local activity; runs begun before keep the activity. Released 2026-11-30.
 * Step 2, deprecatePatch (its id into DEPRECATED_PATCHES, workflows/patch-steps.ts): once
 * `WorkflowType = "participantTrackWorkflow" AND ExecutionStatus = "Running" AND StartTime < "2026-11-30"`
 * (`temporal workflow count --query '…'` or the Web UI's filter) finds no run (a run is one phase, about
 * six months, longer while paused); the activity branch and the histories recorded before
 * (test/histories/ without `local-projection-`) go then.
 * Step 3: the call is removed once the same query with step 2's release date finds none.
 */
const LOCAL_PROJECTION = 'local-projection';

export function projectTrack(summary: TrackSummary): Promise<unknown> {
  return patchApplies(LOCAL_PROJECTION) ? local.projectParticipantTrack(summary) : projectParticipantTrack(summary);
}
