// Sent mail is kept in the outbox as rendered (docs/email.md), which copies names and addresses into
// PostgreSQL; SENT_MAIL_RETENTION_DAYS bounds how long. Run by cron through
// `dobbeltspor outbox purge-sent`: a sent e-mail older than that keeps its row (key, status, dates,
// recipient, template) for the record, and loses its subject line's and bodies' words.
import type { Db } from '../../prisma/client.js';
import { OperationError } from './operation-error.js';

/** What a purged body reads. */
export const PURGED_BODY = '';

export interface PurgeSentMailResult {
  days: number;
  /** E-mails sent before this instant had their bodies removed. */
  sentBefore: string;
  purged: number;
}

/**
 * Removes the bodies (text, HTML, attachments) of e-mails sent more than `days` days before `now`.
 * Idempotent: a row purged before is not counted again.
 */
export async function purgeSentMailBodies(db: Db, days: number | undefined, now = Date.now()): Promise<PurgeSentMailResult> {
  if (days === undefined)
    throw new OperationError(
      'usage',
      'USAGE',
      'give --days <n> or set SENT_MAIL_RETENTION_DAYS (days a sent e-mail keeps its body)',
      'days',
    );
  if (!Number.isInteger(days) || days < 1)
    throw new OperationError('invalid', 'INVALID_INPUT', 'days must be a whole number of at least 1', 'days');
  const sentBefore = new Date(now - days * 86_400_000);
  const { count } = await db.emailOutbox.updateMany({
    where: { status: 'SENT', sentAt: { lt: sentBefore }, OR: [{ html: { not: PURGED_BODY } }, { text: { not: PURGED_BODY } }] },
    data: { html: PURGED_BODY, text: PURGED_BODY, attachments: [] },
  });
  return { days, sentBefore: sentBefore.toISOString(), purged: count };
}
