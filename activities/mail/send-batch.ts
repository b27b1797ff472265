import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { PERMANENT_EMAIL_FAILURE } from '../../contracts/email-activity.js';
import { untilDatabaseAnswers } from './retry-database.js';
import { deliverOutboxRow, OUTBOX_TIMING, outboxRowFor, type MailDeps, type SendEmailInput, type SendEmailResult } from './send-email.js';
import { sendJournal } from './send-journal.js';

/**
 * One message to several addresses (a company's contacts). Every address gets its outbox row in one
 * statement before anything is sent, so an address whose delivery fails never keeps the others from
 * being sent or from being seen: each row is sent, retried, given up (FAILED) and retried by an
 * operator on its own. The activity sends to every address, then fails if any did: retryable when a
 * delivery may still succeed (the retry skips the rows already SENT), permanent when all that failed
 * did so for good.
 */
export async function sendEmailBatch(deps: MailDeps, inputs: SendEmailInput[]): Promise<SendEmailResult[]> {
  if (inputs.length === 0) return [];
  const timing = { ...OUTBOX_TIMING, ...deps.timing };
  const rows = inputs.map(outboxRowFor);
  await untilDatabaseAnswers(sendJournal(), { initialMs: timing.databaseRetryMs, maxMs: timing.databaseRetryMaxMs }, () =>
    deps.db.emailOutbox.createMany({ data: rows, skipDuplicates: true }),
  );
  const results: SendEmailResult[] = [];
  const failures: Error[] = [];
  for (const input of inputs) {
    try {
      results.push(await deliverOutboxRow(deps, input.idempotencyKey));
    } catch (e) {
      // A cancelled attempt stops here; the rows not reached are sent by the next attempt.
      if (e instanceof CancelledFailure) throw e;
      failures.push(e as Error);
    }
  }
  if (failures.length === 0) return results;
  const temporary = failures.find((f) => !(f instanceof ApplicationFailure && f.nonRetryable));
  const summary = `${failures.length} of ${inputs.length} e-mails not delivered`;
  if (temporary) throw ApplicationFailure.retryable(`${summary}: ${temporary.message}`, temporary.name);
  throw ApplicationFailure.nonRetryable(`${summary}: ${failures.map((f) => f.message).join('; ')}`, PERMANENT_EMAIL_FAILURE);
}
