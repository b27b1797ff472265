import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import type { Transporter } from 'nodemailer';
import type { Db } from '../../prisma/client.js';
import { composeMail } from './compose.js';
import {
  claimOutboxRow,
  insertClaimedOutboxRow,
  markOutboxRowSent,
  outboxStatus,
  renewOutboxClaim,
  type ClaimedRow,
} from './outbox-statements.js';
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
 * - A sender claims the row in one conditional statement and renews the claim with its heartbeats; a
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
 * A new key costs two statements: the row is inserted already claimed by this sender and sent as it
 * was rendered (not read back), then marked SENT. A key the outbox has already goes through
 * deliverOutboxRow.
 *
 * A temporary SMTP error leaves the row PENDING for the next attempt, except on the last one
 * (EMAIL_MAX_ATTEMPTS), which marks it FAILED so operators see the e-mail that kept failing.
 */
export async function sendEmail(deps: MailDeps, input: SendEmailInput, attempt = activityAttempt()): Promise<SendEmailResult> {
  const journal = sendJournal();
  const db = withRetry(deps, journal);
  const key = input.idempotencyKey;
  // One holder for both paths: an insert that committed but whose answer was lost leaves the row
  // claimed by this holder, and deliverOutboxRow's claim then succeeds at once.
  const holder = randomUUID();
  if (!journal.accepted(key)) {
    let row;
    try {
      row = outboxRowFor(input);
    } catch (e) {
      // A key already in the outbox is sent as it was rendered then, even if it no longer renders.
      const existing = await db(() => deps.db.emailOutbox.findUnique({ where: { idempotencyKey: key }, select: { id: true } }));
      if (!existing) throw e;
    }
    if (row) {
      const { claimMs } = timingOf(deps);
      const now = Date.now();
      const id = await db(() => insertClaimedOutboxRow(deps.db, row, holder, now, claimMs));
      // An insert that took so long that the claim may have run out is claimed again below.
      if (id && claimStillHolds(new Date(now + claimMs), claimMs)) {
        const claimed = { ...row, id, replyTo: row.replyTo ?? null };
        return sendClaimedRow(deps, claimed, holder, attempt, journal, claimMs);
      }
      if (id) return deliverOutboxRow(deps, key, attempt, holder, 2 * claimMs);
    }
  }
  return deliverOutboxRow(deps, key, attempt, holder);
}

function timingOf(deps: MailDeps): OutboxTiming {
  return { ...OUTBOX_TIMING, ...deps.timing };
}

/** Runs an outbox query until the database answers (retry-database.ts). */
function withRetry(deps: MailDeps, journal: SendJournal) {
  const timing = timingOf(deps);
  return <T>(op: () => Promise<T>) =>
    untilDatabaseAnswers(journal, { initialMs: timing.databaseRetryMs, maxMs: timing.databaseRetryMaxMs }, op);
}

/** Sends the outbox row stored under `key` as it was rendered (see sendEmail). */
export async function deliverOutboxRow(
  deps: MailDeps,
  key: string,
  attempt = activityAttempt(),
  holder: string = randomUUID(),
  /** How long a claim lasts; longer after a claim came back too late, until one comes back in time. */
  leaseMs = timingOf(deps).claimMs,
): Promise<SendEmailResult> {
  const timing = timingOf(deps);
  const journal = sendJournal();
  const db = withRetry(deps, journal);
  const messageId = messageIdFor(key);
  const statusOf = () => db(() => outboxStatus(deps.db, key));
  if (journal.accepted(key)) {
    // An earlier attempt of this activity had the 250 and could not write it down: write it now.
    const first = await statusOf();
    if (first.status === 'SENT') return { outboxId: first.id, messageId, sentNow: false };
    if (first.status === 'FAILED') throw givenUp(key, first.lastError);
    await db(() => markOutboxRowSent(deps.db, first.id));
    return { outboxId: first.id, messageId, sentNow: true };
  }

  for (;;) {
    // The claim returns the row it claimed: the message as it was rendered. A claim whose answer came
    // so late that it may have run out is taken again (this holder may renew it) before sending.
    const now = Date.now();
    const claimed = await db(() => claimOutboxRow(deps.db, key, holder, now, leaseMs));
    if (claimed) {
      if (claimStillHolds(new Date(now + leaseMs), leaseMs)) return sendClaimedRow(deps, claimed, holder, attempt, journal, leaseMs);
      // The database answers slower than the claim lasts: a longer one, so that one comes back in time.
      leaseMs *= 2;
      journal.beat();
      continue;
    }
    const current = await statusOf();
    if (current.status === 'SENT') return { outboxId: current.id, messageId, sentNow: false };
    if (current.status === 'FAILED') throw givenUp(key, current.lastError);
    // Another sender holds the row: wait for its outcome, or for its claim to run out if it died.
    journal.beat();
    await journal.sleep(timing.busyPollMs);
  }
}

/**
 * Whether a claim running until `claimedUntil` still has half its length left: enough for the renewals
 * to keep it while the message goes out. Another sender may take a claim that has run out, so a
 * sender whose claim came back late must not send on it.
 */
function claimStillHolds(claimedUntil: Date, leaseMs: number): boolean {
  return claimedUntil.getTime() - Date.now() >= leaseMs / 2;
}

/** Sends a row this sender has claimed (as `holder`), then records the outcome. */
async function sendClaimedRow(
  deps: MailDeps,
  row: ClaimedRow,
  holder: string,
  attempt: number,
  journal: SendJournal,
  leaseMs: number,
): Promise<SendEmailResult> {
  const timing = timingOf(deps);
  const db = withRetry(deps, journal);
  const { id, idempotencyKey: key } = row;
  const messageId = messageIdFor(key);
  // While this attempt sends and records, it tells Temporal it is alive and keeps its claim.
  const renew = setInterval(() => {
    journal.beat();
    renewOutboxClaim(deps.db, id, holder, Date.now() + leaseMs).catch(() => undefined);
  }, timing.heartbeatMs);
  try {
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
        throw ApplicationFailure.nonRetryable(`SMTP refused the recipient of e-mail ${id}: ${reason}`, PERMANENT_EMAIL_FAILURE);
      throw ApplicationFailure.retryable(`sending e-mail ${id} failed: ${reason}`, err.name);
    }
    journal.noteAccepted(key);
    await db(() => markOutboxRowSent(deps.db, id));
  } finally {
    clearInterval(renew);
  }
  return { outboxId: id, messageId, sentNow: true };
}

/** An SMTP server's answer often quotes the recipient (`550 <anna@firma.dk>: unknown`): that part is cut. */
export function withoutAddresses(message: string): string {
  return message.replace(/<?[^\s<>@"']+@[^\s<>@"']+>?/g, '<recipient>');
}
