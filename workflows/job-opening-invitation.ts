// Mails one company of a cohort its personal link to register job openings
// (`job-opening-invitation-<cohortId>-<cvr>`): the workflow id makes a second request find the first,
// and the outbox's idempotency key sends the mail once.
import { log, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { EMAIL_ACTIVITY } from '../contracts/email-activity.js';
import type { JobOpeningInvitationInput } from '../contracts/job-opening.js';

const { sendJobOpeningInvitation } = proxyActivities<Activities>({ ...EMAIL_ACTIVITY });

export async function jobOpeningInvitationWorkflow(input: JobOpeningInvitationInput): Promise<{ sent: boolean }> {
  const { workflowId } = workflowInfo();
  try {
    await sendJobOpeningInvitation({ ...input, workflowId, idempotencyKey: `job-opening-invitation:${input.cohortId}:${input.companyId}` });
    return { sent: true };
  } catch (e) {
    // The outbox row, FAILED with its error, shows operators what to retry.
    log.warn('job opening invitation not delivered', { error: (e as Error).message });
    return { sent: false };
  }
}
