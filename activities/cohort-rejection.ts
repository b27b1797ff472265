import { ApplicationFailure } from '@temporalio/common';
import { COHORT_REJECTION } from '../workflows/cohort-messages.js';

/** A coordinator's request the cohort cannot carry out; not retried; `details[0]` names the field. */
export function rejectCohort(message: string, field: string): ApplicationFailure {
  return ApplicationFailure.create({ type: COHORT_REJECTION, message, details: [field], nonRetryable: true });
}
