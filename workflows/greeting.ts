import { proxyActivities, sleep, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { EMAIL_ACTIVITY } from '../contracts/email-activity.js';

const { recordGreeting } = proxyActivities<Activities>({ startToCloseTimeout: '30 seconds' });
const { sendEmail } = proxyActivities<Activities>({
  ...EMAIL_ACTIVITY,
});

export interface GreetingInput {
  greetingId: string;
  recipient: string;
  /** How long to wait on the durable timer first, e.g. '3 days'. */
  delay: string;
}

/** The foundation's vertical slice: durable timer → PostgreSQL row → one e-mail. */
export async function greetingWorkflow(input: GreetingInput): Promise<{ messageId: string; createdAt: string }> {
  await sleep(input.delay);
  const { workflowId } = workflowInfo();
  const { createdAt } = await recordGreeting({ greetingId: input.greetingId, workflowId, recipient: input.recipient });
  const { messageId } = await sendEmail({
    idempotencyKey: `greeting:${input.greetingId}`,
    to: input.recipient,
    template: 'greeting',
    data: { name: input.recipient, greetingId: input.greetingId, programme: 'Dobbeltspor' },
    workflowId,
  });
  return { messageId, createdAt };
}
