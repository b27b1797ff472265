import { ApplicationFailure } from '@temporalio/common';
import { OUTBOX_ROW_MISSING } from './failure-types.js';
import { messageIdFor, sendEmail, type MailDeps, type SendEmailResult } from './send-email.js';

export interface ResendEmailInput {
  outboxId: string;
  /**
   * Absent: retry the row itself (a failed or stuck e-mail; one already sent is left alone).
   * Present: send a fresh copy of the row under this key (an operator resending an invitation).
   */
  copyKey?: string;
}



/**
 * Sends an outbox row again, through the same outbox path as the first time: the stored subject,
 * text, HTML and attachments are sent as they were rendered then, nothing is rendered anew.
 */
export async function resendEmail(deps: MailDeps, input: ResendEmailInput): Promise<SendEmailResult> {
  const row = await deps.db.emailOutbox.findUnique({ where: { id: input.outboxId } });
  if (!row) throw ApplicationFailure.nonRetryable(`no e-mail ${input.outboxId} in the outbox`, OUTBOX_ROW_MISSING);
  let key = row.idempotencyKey;
  if (input.copyKey) {
    key = input.copyKey;
    await deps.db.emailOutbox.upsert({
      where: { idempotencyKey: key },
      update: {},
      create: {
        idempotencyKey: key,
        toAddress: row.toAddress,
        replyTo: row.replyTo,
        subject: row.subject,
        template: row.template,
        locale: row.locale,
        html: row.html,
        text: row.text,
        attachments: (row.attachments ?? undefined) as object | undefined,
        workflowId: row.workflowId,
        messageId: messageIdFor(key),
      },
    });
  } else if (row.status === 'FAILED') {
    // An operator judged the permanent failure worth another try (the address was fixed, the
    // receiving server was wrong): the row goes back to pending and through the normal path.
    await deps.db.emailOutbox.update({ where: { id: row.id }, data: { status: 'PENDING' } });
  }
  // The row exists under `key`, so sendEmail sends it as stored; template data is not needed.
  return sendEmail(deps, { idempotencyKey: key, to: row.toAddress, template: row.template, data: {}, workflowId: row.workflowId ?? undefined });
}
