import { ApplicationFailure } from '@temporalio/common';
import { TRACK_REJECTION } from '../../workflows/participant-messages.js';

/** A validation rejection the workflow passes on to the caller of the update: non-retryable, with the field path. */
export function rejectTrack(message: string, field: string): ApplicationFailure {
  return ApplicationFailure.create({ type: TRACK_REJECTION, message, details: [field], nonRetryable: true });
}
