import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { ResendEmailInput } from '../activities/mail/resend-email.js';
import { EMAIL_ACTIVITY, EMAIL_RETRY, OUTBOX_ROW_MISSING, PERMANENT_EMAIL_FAILURE } from '../contracts/email-activity.js';

const { resendEmail } = proxyActivities<Activities>({
  ...EMAIL_ACTIVITY,
  retry: { ...EMAIL_RETRY, nonRetryableErrorTypes: [PERMANENT_EMAIL_FAILURE, OUTBOX_ROW_MISSING] },
});

/**
 * An operator's retry of a failed e-mail, or resend of an invitation: durable, so the send is retried
 * with backoff like any other e-mail and the attempt is visible in the Temporal Web UI.
 * Workflow id: `email-retry-<outboxId>-<attempts>` or `email-resend-<outboxId>-<n>`.
 */
export async function resendEmailWorkflow(input: ResendEmailInput): Promise<{ messageId: string; sentNow: boolean }> {
  const { messageId, sentNow } = await resendEmail(input);
  return { messageId, sentNow };
}
