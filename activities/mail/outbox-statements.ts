// The outbox's statements on the path of every e-mail, each one round trip to PostgreSQL. Prisma runs
// each write of its query API as BEGIN, the statement and COMMIT: three round trips, which made the
// outbox a third as fast as sending directly. Times are written as Prisma writes them (UTC, in
// `timestamp(3)` columns) from the sender's clock, as the claims written by Prisma are.
import type { Db } from '../../prisma/client.js';
import type { StoredMail } from './compose.js';

export interface ClaimedRow extends StoredMail {
  id: string;
  idempotencyKey: string;
}

const at = (ms: number) => new Date(ms).toISOString();

/**
 * Claims the PENDING row of `key` for `holder` until `nowMs + claimMs` when nobody else holds it (or
 * their claim has run out), and returns it as it was rendered; undefined when the row is not claimable.
 */
export async function claimOutboxRow(db: Db, key: string, holder: string, nowMs: number, claimMs: number): Promise<ClaimedRow | undefined> {
  const rows = await db.$queryRaw<ClaimedRow[]>`
    UPDATE "EmailOutbox"
    SET "claimedUntil" = ${at(nowMs + claimMs)}::timestamp, "claimedBy" = ${holder}, "updatedAt" = ${at(nowMs)}::timestamp
    WHERE "idempotencyKey" = ${key} AND "status" = 'PENDING'
      AND ("claimedUntil" IS NULL OR "claimedUntil" < ${at(nowMs)}::timestamp OR "claimedBy" = ${holder})
    RETURNING "id", "idempotencyKey", "toAddress", "replyTo", "subject", "text", "html", "attachments"`;
  return rows[0];
}

/** Records a send; conditional, so a write retried after it had committed changes nothing. */
export async function markOutboxRowSent(db: Db, id: string): Promise<void> {
  const now = at(Date.now());
  await db.$executeRaw`
    UPDATE "EmailOutbox"
    SET "status" = 'SENT', "sentAt" = ${now}::timestamp, "attempts" = "attempts" + 1, "lastError" = NULL,
        "claimedUntil" = NULL, "claimedBy" = NULL, "updatedAt" = ${now}::timestamp
    WHERE "id" = ${id} AND "status" <> 'SENT'`;
}

/** Extends `holder`'s claim on row `id` to `untilMs`; nothing when the claim is no longer its own. */
export async function renewOutboxClaim(db: Db, id: string, holder: string, untilMs: number): Promise<void> {
  await db.$executeRaw`
    UPDATE "EmailOutbox" SET "claimedUntil" = ${at(untilMs)}::timestamp, "updatedAt" = ${at(Date.now())}::timestamp
    WHERE "id" = ${id} AND "claimedBy" = ${holder}`;
}
