import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { Transporter } from 'nodemailer';
import type { Db } from '../../prisma/client.js';
import { composeMail } from './compose.js';
import { EMAIL_MAX_ATTEMPTS, OUTBOX_BUSY, PERMANENT_EMAIL_FAILURE } from './failure-types.js';
import { renderMail, type Locale } from './render.js';

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
  /** False when the outbox already had this key as sent (a retry, restart or replay). */
  sentNow: boolean;
}


export interface MailDeps {
  db: Db;
  transport: Transporter;
  from: string;
}

export function messageIdFor(idempotencyKey: string): string {
  return `<${idempotencyKey.replace(/[^A-Za-z0-9._-]/g, '_')}@dobbeltspor>`;
}

/** The running activity's attempt number; 1 outside an activity (a script, a direct test call). */
function activityAttempt(): number {
  try {
    return Context.current().info.attempt;
  } catch {
    return 1;
  }
}

/** How long a sender holds a row: longer than one SMTP exchange may take (transport.ts). */
const CLAIM_MS = 90_000;

/**
 * Sends one e-mail through the outbox. The row is created (or found) by its idempotency key before
 * anything is sent; a row already SENT returns at once, so a retried or replayed activity never mails
 * twice. A sender first claims the row (one UPDATE, so two senders of the same key at the same
 * moment cannot both win); the other gets a retryable OutboxBusy and, retried, finds the row SENT.
 * No database connection is held while the SMTP server answers. The only window for a duplicate is a
 * crash between the SMTP server's acceptance and the status update; the stable Message-ID lets mail
 * systems drop such a copy, and the claim runs out so the e-mail is not stuck.
 *
 * A temporary SMTP error leaves the row PENDING for the next attempt, except on the last one
 * (EMAIL_MAX_ATTEMPTS), which marks it FAILED so operators see the e-mail that kept failing.
 */
export async function sendEmail(deps: MailDeps, input: SendEmailInput, attempt = activityAttempt()): Promise<SendEmailResult> {
  const locale = input.locale ?? 'da';
  const messageId = messageIdFor(input.idempotencyKey);
  const existing = await deps.db.emailOutbox.findUnique({ where: { idempotencyKey: input.idempotencyKey } });
  if (existing?.status === 'SENT') return { outboxId: existing.id, messageId, sentNow: false };
  let outboxId = existing?.id;
  if (!outboxId) {
    let rendered;
    try {
      rendered = renderMail(input.template, locale, input.data);
    } catch (e) {
      throw ApplicationFailure.nonRetryable(`cannot render e-mail: ${(e as Error).message}`, PERMANENT_EMAIL_FAILURE);
    }
    const created = await deps.db.emailOutbox.upsert({
      where: { idempotencyKey: input.idempotencyKey },
      update: {},
      create: {
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
        messageId,
      },
      select: { id: true },
    });
    outboxId = created.id;
  }
  const id = outboxId;
  const now = Date.now();
  const claim = await deps.db.emailOutbox.updateMany({
    where: { id, status: { not: 'SENT' }, OR: [{ claimedUntil: null }, { claimedUntil: { lt: new Date(now) } }] },
    data: { claimedUntil: new Date(now + CLAIM_MS) },
  });
  if (claim.count === 0) {
    const current = await deps.db.emailOutbox.findUniqueOrThrow({ where: { id }, select: { status: true } });
    if (current.status === 'SENT') return { outboxId: id, messageId, sentNow: false };
    throw ApplicationFailure.retryable(`e-mail ${input.idempotencyKey} is being sent by another attempt`, OUTBOX_BUSY);
  }
  const row = await deps.db.emailOutbox.findUniqueOrThrow({ where: { id } });
  try {
    await deps.transport.sendMail(composeMail(row, deps.from, messageId));
  } catch (e) {
    const err = e as Error & { responseCode?: number };
    const permanent = typeof err.responseCode === 'number' && err.responseCode >= 500;
    const givingUp = !permanent && attempt >= EMAIL_MAX_ATTEMPTS;
    const lastError = givingUp ? `gave up after ${attempt} attempts: ${err.message}` : err.message;
    await deps.db.emailOutbox.update({
      where: { id },
      data: { attempts: { increment: 1 }, lastError: lastError.slice(0, 1000), status: permanent || givingUp ? 'FAILED' : 'PENDING', claimedUntil: null },
    });
    if (permanent) throw ApplicationFailure.nonRetryable(`SMTP refused ${row.toAddress}: ${err.message}`, PERMANENT_EMAIL_FAILURE);
    throw err;
  }
  await deps.db.emailOutbox.update({
    where: { id },
    data: { status: 'SENT', sentAt: new Date(), attempts: { increment: 1 }, lastError: null, claimedUntil: null },
  });
  return { outboxId: id, messageId, sentNow: true };
}
