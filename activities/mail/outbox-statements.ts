// The outbox's statements on the path of every e-mail, each one round trip to PostgreSQL, sent on the
// pg pool under the Prisma client. Through Prisma, an e-mail's insert cost some 4 ms of CPU (BEGIN,
// the statement and COMMIT, its parameters and answer passed through Prisma's query interpreter) and
// each raw statement 0.7 ms; here 0.5 and 0.15 ms: with a fast SMTP server, the difference was a
// third of the e-mail's whole cost. The statements of every e-mail are named (prepared once on each
// connection): in `npm run bench -- outbox`, alternating runs gave 0.72x and 0.84x of the direct loop
// against 0.56x and 0.61x unnamed. (A PgBouncer in transaction mode in front of PostgreSQL needs its
// `max_prepared_statements`.) Times are written as Prisma writes them (UTC, in `timestamp(3)`
// columns) from the sender's clock, as the claims written by Prisma are.
import { randomUUID } from 'node:crypto';
import { sqlPoolOf, type Db } from '../../prisma/client.js';
import type { StoredMail } from './compose.js';

export interface ClaimedRow extends StoredMail {
  id: string;
  idempotencyKey: string;
}

/** An outbox row as sendEmail renders it (outboxRowFor). */
export interface NewOutboxRow {
  idempotencyKey: string;
  toAddress: string;
  replyTo?: string | null;
  subject: string;
  template: string;
  locale: string;
  html: string;
  text: string;
  attachments?: unknown;
  workflowId?: string;
  messageId: string;
}

const at = (ms: number) => new Date(ms).toISOString();

/**
 * Inserts `row` already claimed by `holder` until `nowMs + claimMs`, unless its key is in the outbox
 * already; returns the new row's id (a UUID: Prisma's cuid is made inside Prisma), undefined when the
 * key was there. The message is not read back: the caller sends what it rendered.
 */
export async function insertClaimedOutboxRow(
  db: Db,
  row: NewOutboxRow,
  holder: string,
  nowMs: number,
  claimMs: number,
): Promise<string | undefined> {
  const sql = await sqlPoolOf(db);
  const { rows } = await sql.query<{ id: string }>({
    name: 'outbox-insert',
    text: `INSERT INTO "EmailOutbox" ("id", "idempotencyKey", "toAddress", "replyTo", "subject", "template", "locale", "html", "text",
       "attachments", "workflowId", "messageId", "claimedBy", "claimedUntil", "createdAt", "updatedAt")
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, $12, $13, $14::timestamp, $15::timestamp, $15::timestamp)
     ON CONFLICT ("idempotencyKey") DO NOTHING
     RETURNING "id"`,
    values: [
      randomUUID(),
      row.idempotencyKey,
      row.toAddress,
      row.replyTo ?? null,
      row.subject,
      row.template,
      row.locale,
      row.html,
      row.text,
      // An array given to pg as is would become a PostgreSQL array, not JSON.
      row.attachments == null ? null : JSON.stringify(row.attachments),
      row.workflowId ?? null,
      row.messageId,
      holder,
      at(nowMs + claimMs),
      at(nowMs),
    ],
  });
  return rows[0]?.id;
}

/**
 * Claims the PENDING row of `key` for `holder` until `nowMs + claimMs` when nobody else holds it (or
 * their claim has run out), and returns it as it was rendered; undefined when the row is not claimable.
 */
export async function claimOutboxRow(db: Db, key: string, holder: string, nowMs: number, claimMs: number): Promise<ClaimedRow | undefined> {
  const sql = await sqlPoolOf(db);
  const { rows } = await sql.query<ClaimedRow>({
    name: 'outbox-claim',
    text: `UPDATE "EmailOutbox"
     SET "claimedUntil" = $1::timestamp, "claimedBy" = $2, "updatedAt" = $3::timestamp
     WHERE "idempotencyKey" = $4 AND "status" = 'PENDING'
       AND ("claimedUntil" IS NULL OR "claimedUntil" < $3::timestamp OR "claimedBy" = $2)
     RETURNING "id", "idempotencyKey", "toAddress", "replyTo", "subject", "text", "html", "attachments"`,
    values: [at(nowMs + claimMs), holder, at(nowMs), key],
  });
  return rows[0];
}

export interface OutboxStatus {
  id: string;
  status: 'PENDING' | 'SENT' | 'FAILED';
  lastError: string | null;
}

/** The status of the row of `key`; throws when the outbox has no such key. */
export async function outboxStatus(db: Db, key: string): Promise<OutboxStatus> {
  const sql = await sqlPoolOf(db);
  const { rows } = await sql.query<OutboxStatus>(`SELECT "id", "status", "lastError" FROM "EmailOutbox" WHERE "idempotencyKey" = $1`, [
    key,
  ]);
  if (!rows[0]) throw new Error(`no e-mail with key ${key} in the outbox`);
  return rows[0];
}

/** Records a send; conditional, so a write retried after it had committed changes nothing. */
export async function markOutboxRowSent(db: Db, id: string): Promise<void> {
  const sql = await sqlPoolOf(db);
  await sql.query({
    name: 'outbox-sent',
    text: `UPDATE "EmailOutbox"
     SET "status" = 'SENT', "sentAt" = $1::timestamp, "attempts" = "attempts" + 1, "lastError" = NULL,
         "claimedUntil" = NULL, "claimedBy" = NULL, "updatedAt" = $1::timestamp
     WHERE "id" = $2 AND "status" <> 'SENT'`,
    values: [at(Date.now()), id],
  });
}

/** Extends `holder`'s claim on row `id` to `untilMs`; nothing when the claim is no longer its own. */
export async function renewOutboxClaim(db: Db, id: string, holder: string, untilMs: number): Promise<void> {
  const sql = await sqlPoolOf(db);
  await sql.query(
    `UPDATE "EmailOutbox" SET "claimedUntil" = $1::timestamp, "updatedAt" = $2::timestamp
     WHERE "id" = $3 AND "claimedBy" = $4`,
    [at(untilMs), at(Date.now()), id, holder],
  );
}
