// Copies of stored e-mails for an operator's resend: made in PostgreSQL by the operation that is asked,
// then sent by the resend workflow through the outbox like any other e-mail.
import type { Db } from '../prisma/client.js';
import { messageIdFor } from './message-id.js';

export interface StoredMail {
  idempotencyKey: string;
  toAddress: string;
  replyTo: string | null;
  subject: string;
  template: string;
  locale: string;
  html: string;
  text: string;
  attachments: unknown;
  workflowId: string | null;
}

/** A fresh outbox row with the stored rendering of `row`, under `key`. */
export function copyOf(row: StoredMail, key: string) {
  return {
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
  };
}

/**
 * Fresh copies of stored e-mails (a company's invitation to each of its addresses), all created in
 * one statement before any is sent, under `<key>:resend:<n>`. Returns the copies' ids in the order
 * of `rows`; copies that exist already (the same operator request made twice) are reused.
 */
export async function copyOutboxRows(db: Db, rows: StoredMail[], n: number): Promise<string[]> {
  const keys = rows.map((r) => `${r.idempotencyKey}:resend:${n}`);
  await db.emailOutbox.createMany({ data: rows.map((r, i) => copyOf(r, keys[i]!)), skipDuplicates: true });
  const copies = await db.emailOutbox.findMany({ where: { idempotencyKey: { in: keys } }, select: { id: true, idempotencyKey: true } });
  return keys.map((k) => copies.find((c) => c.idempotencyKey === k)!.id);
}
