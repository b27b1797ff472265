// Error type names and limits shared by activities (which throw and apply them) and workflows
// (whose retry policies use them). Only type imports, so workflow code may import it.
import type { ActivityOptions, RetryPolicy } from '@temporalio/common';

export const PERMANENT_EMAIL_FAILURE = 'PermanentEmailFailure';
/** An operator asked to resend an e-mail that is not in the outbox. */
export const OUTBOX_ROW_MISSING = 'OutboxRowMissing';
/**
 * Attempts of an e-mail activity before it gives up. Every workflow's e-mail retry policy uses it,
 * and the activity marks its outbox row FAILED on the last one, so operators see what kept failing.
 */
export const EMAIL_MAX_ATTEMPTS = 8;

/** The retry policy of every e-mail activity: backoff from 10 s to 30 min over EMAIL_MAX_ATTEMPTS tries. */
export const EMAIL_RETRY: RetryPolicy = {
  initialInterval: '10 seconds',
  backoffCoefficient: 2,
  maximumInterval: '30 minutes',
  maximumAttempts: EMAIL_MAX_ATTEMPTS,
  nonRetryableErrorTypes: [PERMANENT_EMAIL_FAILURE],
};

/**
 * How every workflow schedules an e-mail activity. The activity heartbeats every few seconds while it
 * sends, waits for another sender or for the database (activities/mail/send-email.ts), so a worker
 * that dies is noticed after `heartbeatTimeout`, not after the whole start-to-close time; that one
 * only bounds an attempt that keeps heartbeating (a company's addresses one after another, a long
 * database outage) and lets an attempt finish recording what the SMTP server accepted.
 */
export const EMAIL_ACTIVITY: ActivityOptions = {
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '10 seconds',
  retry: EMAIL_RETRY,
};
