import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import type { Transporter } from 'nodemailer';
import type { Db } from '../../prisma/client.js';
import { composeMail } from './compose.js';
import { EMAIL_MAX_ATTEMPTS, PERMANENT_EMAIL_FAILURE } from '../../contracts/email-activity.js';
import type { Locale } from '../../contracts/locale.js';
import { renderMail } from './render.js';
import { untilDatabaseAnswers } from './retry-database.js';
import { sendJournal, type SendJournal } from './send-journal.js';
import { Context } from '@temporalio/activity';
import { messageIdFor } from '../../store/message-id.js';

export interface EmailAttachment {
  filename: string;
  content: string;
  contentType: string;
}

export interface SendEmailInput {
  /** Derived from the business event (e.g. `camp-invite:<campId>:<cvr>:0`): the same key is sent once. */
  idempotencyKey: string;
  to: string;
  template: string;
  locale?: Locale;
  data: Record<string, unknown>;
  attachments?: EmailAttachment[];
  /** A named person the recipient's answer should reach ("Name <address>"). */
  replyTo?: string;
  workflowId?: string;
}

export interface SendEmailResult {
  outboxId: string;
  messageId: string;
  /** False when the outbox already had this key as sent (a retry, restart, replay or another sender). */
  sentNow: boolean;
}

/** The outbox's clocks. Tests shorten them; production uses OUTBOX_TIMING. */
export interface OutboxTiming {
  /** How long a claim lasts unless renewed: a dead sender's row is free again after at most this. */
  claimMs: number;
  /** How often a sending attempt heartbeats to Temporal and renews its claim. */
  heartbeatMs: number;
  /** How often an attempt waiting for another sender's claim looks again. */
  busyPollMs: number;
  /** First and longest pause between tries while the database is away. */
  databaseRetryMs: number;
  databaseRetryMaxMs: number;
}

export const OUTBOX_TIMING: OutboxTiming = {
  claimMs: 20_000,
  heartbeatMs: 2_000,
  busyPollMs: 1_000,
  databaseRetryMs: 250,
  databaseRetryMaxMs: 5_000,
};

export interface MailDeps {
  db: Db;
  transport: Transporter;
  from: string;
  timing?: Partial<OutboxTiming>;
}

export { messageIdFor };

/** The running activity's attempt number; 1 outside an activity (a script, a direct test call). */
function activityAttempt(): number {
  try {
    return Context.current().info.attempt;
  } catch {
    return 1;
  }
}

/** The outbox row for an e-mail, rendered now; a render error is permanent. */
export function outboxRowFor(input: SendEmailInput) {
  const locale = input.locale ?? 'da';
  let rendered;
  try {
    rendered = renderMail(input.template, locale, input.data);
  } catch (e) {
    throw ApplicationFailure.nonRetryable(`cannot render e-mail: ${(e as Error).message}`, PERMANENT_EMAIL_FAILURE);
  }
  return {
    idempotencyKey: input.idempotencyKey,
    toAddress: input.to,
    replyTo: input.replyTo,
    subject: rendered.subject,
    template: input.template,
    locale,
    html: rendered.html,
    text: rendered.text,
    attachments: input.attachments ? (input.attachments as unknown as object) : undefined,
    workflowId: input.workflowId,
    messageId: messageIdFor(input.idempotencyKey),
  };
}

function givenUp(key: string, lastError: string | null): ApplicationFailure {
  return ApplicationFailure.nonRetryable(
    `e-mail ${key} has failed (${lastError ? withoutAddresses(lastError) : 'no error recorded'}); an operator may retry it`,
    PERMANENT_EMAIL_FAILURE,
  );
}

/**
 * Sends one e-mail through the outbox, at most once per idempotency key once the SMTP server has
 * said 250:
 * - The row is created (or found) by its key before anything is sent. SENT returns at once; FAILED
 *   (given up, or refused for good) is left to operators and is not sent by a workflow's retry.
 * - A sender claims the row in one conditional UPDATE and renews the claim with its heartbeats; a
 *   second sender of the same key waits (heartbeating, without spending an attempt) until the row is
 *   SENT or FAILED, or the claim runs out because its holder died.
 * - After the 250 the acceptance is heartbeaten to Temporal first, then written as SENT, retrying the
 *   write (not the send) while the database is away. An attempt that follows one which got the 250
 *   but could not record it finds the key in its heartbeat details and only records it.
 * - The database being away never spends an e-mail attempt: every outbox query waits for it.
 * The remaining window for a second copy is a worker that dies after the 250 and before either the
 * SENT row or the heartbeat reached its store (docs/email.md); the stable Message-ID lets mail
 * systems drop such a copy.
 *
 * A temporary SMTP error leaves the row PENDING for the next attempt, except on the last one
 * (EMAIL_MAX_ATTEMPTS), which marks it FAILED so operators see the e-mail that kept failing.
 */
export async function sendEmail(deps: MailDeps, input: SendEmailInput, attempt = activityAttempt()): Promise<SendEmailResult> {
  const journal = sendJournal();
  const retry = { initialMs: timingOf(deps).databaseRetryMs, maxMs: timingOf(deps).databaseRetryMaxMs };
  const existing = await untilDatabaseAnswers(journal, retry, () =>
    deps.db.emailOutbox.findUnique({ where: { idempotencyKey: input.idempotencyKey }, select: { id: true } }),
  );
  if (!existing) {
    const row = outboxRowFor(input);
    await untilDatabaseAnswers(journal, retry, () => deps.db.emailOutbox.createMany({ data: [row], skipDuplicates: true }));
  }
  return deliverOutboxRow(deps, input.idempotencyKey, attempt);
}

function timingOf(deps: MailDeps): OutboxTiming {
  return { ...OUTBOX_TIMING, ...deps.timing };
}

/** Sends the outbox row stored under `key` as it was rendered (see sendEmail). */
export async function deliverOutboxRow(deps: MailDeps, key: string, attempt = activityAttempt()): Promise<SendEmailResult> {
  const timing = timingOf(deps);
  const journal = sendJournal();
  const db = <T>(op: () => Promise<T>) =>
    untilDatabaseAnswers(journal, { initialMs: timing.databaseRetryMs, maxMs: timing.databaseRetryMaxMs }, op);
  const messageId = messageIdFor(key);
  const first = await db(() =>
    deps.db.emailOutbox.findUniqueOrThrow({ where: { idempotencyKey: key }, select: { id: true, status: true, lastError: true } }),
  );
  const id = first.id;
  if (first.status === 'SENT') return { outboxId: id, messageId, sentNow: false };
  if (first.status === 'FAILED') throw givenUp(key, first.lastError);
  if (journal.accepted(key)) {
    // An earlier attempt of this activity had the 250 and could not write it down: write it now.
    await db(() => markSent(deps.db, id));
    return { outboxId: id, messageId, sentNow: true };
  }

  const holder = randomUUID();
  for (;;) {
    const now = Date.now();
    const claim = await db(() =>
      deps.db.emailOutbox.updateMany({
        where: { id, status: 'PENDING', OR: [{ claimedUntil: null }, { claimedUntil: { lt: new Date(now) } }, { claimedBy: holder }] },
        data: { claimedUntil: new Date(now + timing.claimMs), claimedBy: holder },
      }),
    );
    if (claim.count === 1) break;
    const current = await db(() => deps.db.emailOutbox.findUniqueOrThrow({ where: { id }, select: { status: true, lastError: true } }));
    if (current.status === 'SENT') return { outboxId: id, messageId, sentNow: false };
    if (current.status === 'FAILED') throw givenUp(key, current.lastError);
    // Another sender holds the row: wait for its outcome, or for its claim to run out if it died.
    journal.beat();
    await journal.sleep(timing.busyPollMs);
  }

  // While this attempt sends and records, it tells Temporal it is alive and keeps its claim.
  const renew = setInterval(() => {
    journal.beat();
    deps.db.emailOutbox
      .updateMany({ where: { id, claimedBy: holder }, data: { claimedUntil: new Date(Date.now() + timing.claimMs) } })
      .catch(() => undefined);
  }, timing.heartbeatMs);
  try {
    const row = await db(() => deps.db.emailOutbox.findUniqueOrThrow({ where: { id } }));
    try {
      await deps.transport.sendMail(composeMail(row, deps.from, messageId));
    } catch (e) {
      const err = e as Error & { responseCode?: number };
      const permanent = typeof err.responseCode === 'number' && err.responseCode >= 500;
      const givingUp = !permanent && attempt >= EMAIL_MAX_ATTEMPTS;
      const lastError = givingUp ? `gave up after ${attempt} attempts: ${err.message}` : err.message;
      await db(() =>
        deps.db.emailOutbox.updateMany({
          where: { id, claimedBy: holder, status: 'PENDING' },
          data: {
            attempts: { increment: 1 },
            lastError: lastError.slice(0, 1000),
            status: permanent || givingUp ? 'FAILED' : 'PENDING',
            claimedUntil: null,
            claimedBy: null,
          },
        }),
      );
      // What is thrown reaches the worker's log and the workflow's history: never the recipient's address.
      const reason = withoutAddresses(err.message);
      if (permanent)
        throw ApplicationFailure.nonRetryable(`SMTP refused the recipient of e-mail ${row.id}: ${reason}`, PERMANENT_EMAIL_FAILURE);
      throw ApplicationFailure.retryable(`sending e-mail ${row.id} failed: ${reason}`, err.name);
    }
    journal.noteAccepted(key);
    await db(() => markSent(deps.db, id));
  } finally {
    clearInterval(renew);
  }
  return { outboxId: id, messageId, sentNow: true };
}

/** Records a send; conditional, so a write retried after it had committed changes nothing. */
function markSent(db: Db, id: string) {
  return db.emailOutbox.updateMany({
    where: { id, status: { not: 'SENT' } },
    data: { status: 'SENT', sentAt: new Date(), attempts: { increment: 1 }, lastError: null, claimedUntil: null, claimedBy: null },
  });
}

/** An SMTP server's answer often quotes the recipient (`550 <anna@firma.dk>: unknown`): that part is cut. */
export function withoutAddresses(message: string): string {
  return message.replace(/<?[^\s<>@"']+@[^\s<>@"']+>?/g, '<recipient>');
}
