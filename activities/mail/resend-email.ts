import { ApplicationFailure } from '@temporalio/common';
import type { Db } from '../../prisma/client.js';
import { OUTBOX_ROW_MISSING } from '../../contracts/email-activity.js';
import { untilDatabaseAnswers } from './retry-database.js';
import { copyOf } from '../../store/outbox-copies.js';
import { deliverOutboxRow, OUTBOX_TIMING, type MailDeps, type SendEmailResult } from './send-email.js';
import { sendJournal } from './send-journal.js';

export interface ResendEmailInput {
  outboxId: string;
  /**
   * Absent: retry the row itself (a failed or stuck e-mail, or a copy made by `copyOutboxRows`; one
   * already sent is left alone). Present: send a fresh copy of the row under this key.
   */
  copyKey?: string;
}

/**
 * Sends an outbox row again, through the same outbox path as the first time: the stored subject,
 * text, HTML and attachments are sent as they were rendered then, nothing is rendered anew.
 */
export async function resendEmail(deps: MailDeps, input: ResendEmailInput): Promise<SendEmailResult> {
  const timing = { ...OUTBOX_TIMING, ...deps.timing };
  const db = <T>(op: () => Promise<T>) =>
    untilDatabaseAnswers(sendJournal(), { initialMs: timing.databaseRetryMs, maxMs: timing.databaseRetryMaxMs }, op);
  const row = await db(() => deps.db.emailOutbox.findUnique({ where: { id: input.outboxId } }));
  if (!row) throw ApplicationFailure.nonRetryable(`no e-mail ${input.outboxId} in the outbox`, OUTBOX_ROW_MISSING);
  let key = row.idempotencyKey;
  if (input.copyKey) {
    const copyKey = input.copyKey;
    key = copyKey;
    await db(() => deps.db.emailOutbox.createMany({ data: [copyOf(row, copyKey)], skipDuplicates: true }));
  } else if (row.status === 'FAILED') {
    // An operator judged the failure worth another try (the receiving server is back, the address
    // was wrong): the row goes back to pending, with this workflow's fresh attempts, through the
    // normal path. Conditional, so a retried attempt of this activity does not reset it twice.
    await db(() =>
      deps.db.emailOutbox.updateMany({
        where: { id: row.id, status: 'FAILED' },
        data: { status: 'PENDING', claimedUntil: null, claimedBy: null },
      }),
    );
  }
  return deliverOutboxRow(deps, key);
}
