import { ApplicationFailure } from '@temporalio/common';
import type { Transporter } from 'nodemailer';
import type { Db } from '../../prisma/client.js';
import { PERMANENT_EMAIL_FAILURE } from './failure-types.js';
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

/**
 * Sends one e-mail through the outbox. The row is created (or found) by its idempotency key before
 * anything is sent; a row already SENT returns at once, so a retried or replayed activity never mails
 * twice. The only window for a duplicate is a crash between the SMTP server's acceptance and the
 * status update; the stable Message-ID lets mail systems drop such a copy.
 */
export async function sendEmail(deps: MailDeps, input: SendEmailInput): Promise<SendEmailResult> {
  const locale = input.locale ?? 'da';
  const messageId = messageIdFor(input.idempotencyKey);
  let existing = await deps.db.emailOutbox.findUnique({ where: { idempotencyKey: input.idempotencyKey } });
  if (existing?.status === 'SENT') return { outboxId: existing.id, messageId, sentNow: false };
  if (!existing) {
    let rendered;
    try {
      rendered = renderMail(input.template, locale, input.data);
    } catch (e) {
      throw ApplicationFailure.nonRetryable(`cannot render e-mail: ${(e as Error).message}`, PERMANENT_EMAIL_FAILURE);
    }
    existing = await deps.db.emailOutbox.upsert({
      where: { idempotencyKey: input.idempotencyKey },
      update: {},
      create: {
        idempotencyKey: input.idempotencyKey,
        toAddress: input.to,
        subject: rendered.subject,
        template: input.template,
        locale,
        html: rendered.html,
        text: rendered.text,
        attachments: input.attachments ? (input.attachments as unknown as object) : undefined,
        workflowId: input.workflowId,
        messageId,
      },
    });
  }
  const row = existing;
  try {
    await deps.transport.sendMail({
      from: deps.from,
      to: row.toAddress,
      subject: row.subject,
      text: row.text,
      html: row.html,
      messageId,
      attachments: ((row.attachments as EmailAttachment[] | null) ?? []).map((a) => ({
        filename: a.filename,
        content: a.content,
        contentType: a.contentType,
      })),
    });
  } catch (e) {
    const err = e as Error & { responseCode?: number };
    const permanent = typeof err.responseCode === 'number' && err.responseCode >= 500;
    await deps.db.emailOutbox.update({
      where: { id: row.id },
      data: { attempts: { increment: 1 }, lastError: err.message.slice(0, 1000), status: permanent ? 'FAILED' : 'PENDING' },
    });
    if (permanent) throw ApplicationFailure.nonRetryable(`SMTP refused ${row.toAddress}: ${err.message}`, PERMANENT_EMAIL_FAILURE);
    throw err;
  }
  await deps.db.emailOutbox.update({
    where: { id: row.id },
    data: { status: 'SENT', sentAt: new Date(), attempts: { increment: 1 }, lastError: null },
  });
  return { outboxId: row.id, messageId, sentNow: true };
}
