// How a workflow or an activity refuses a request: one shape for every track and the cohort. The
// failure's `type` names who refused (kept from the first release, so clients and recorded histories
// read the same names), `details[0]` is the field at fault, and it is never retried.
import { ActivityFailure, ApplicationFailure } from '@temporalio/common';

export const REJECTION = {
  participantTrack: 'ParticipantTrackRejection',
  cohort: 'CohortRejection',
  /** A job opening refuses a proposal or an answer (closed, proposed already, answered already). */
  jobOpening: 'JobOpeningRejection',
  /** A company's cooperation refuses a message (ended, a check not asked, a report unknown or acknowledged already). */
  cooperation: 'CooperationRejection',
  /** A company cannot be selected: its municipality's accelerator slots are taken. */
  slotsExceeded: 'SlotsExceeded',
} as const;
export type RejectionType = (typeof REJECTION)[keyof typeof REJECTION];

export function reject(type: RejectionType, message: string, field: string): ApplicationFailure {
  return ApplicationFailure.create({ type, message, details: [field], nonRetryable: true });
}

/** The field a rejection names, or undefined when the failure is not a rejection of that type. */
export function rejectedField(failure: unknown, type: RejectionType): string | undefined {
  return failure instanceof ApplicationFailure && failure.type === type ? String(failure.details?.[0] ?? '') : undefined;
}

/** Passes an activity's rejection of `type` on to the caller of the update unchanged; rethrows anything else. */
export function passOnRejection(type: RejectionType): (e: unknown) => never {
  return (e) => {
    if (e instanceof ActivityFailure && e.cause instanceof ApplicationFailure && e.cause.type === type) {
      throw reject(type, e.cause.message, String(e.cause.details?.[0] ?? ''));
    }
    throw e;
  };
}
