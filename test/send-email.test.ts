import type { Transporter } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMAIL_MAX_ATTEMPTS } from '../contracts/email-activity.js';
import { resendEmail } from '../activities/mail/resend-email.js';
import { sendEmailBatch } from '../activities/mail/send-batch.js';
import { sendEmail, type MailDeps, type OutboxTiming, type SendEmailInput, type SendEmailResult } from '../activities/mail/send-email.js';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createDb, sqlPoolOf, type Db } from '../prisma/client.js';
import { FaultSmtp } from './support/fault-smtp.js';
import { TcpProxy } from './support/tcp-proxy.js';
import { createMailTransport } from '../activities/mail/transport.js';
import { MailSink } from '../scripts/mail-sink.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';

/** Short clocks so a lapsed claim or a database outage takes a second or two, not tens. */
const FAST: OutboxTiming = { claimMs: 1_000, heartbeatMs: 200, busyPollMs: 100, databaseRetryMs: 50, databaseRetryMaxMs: 500 };

// The outbox on its own, against real PostgreSQL and a real SMTP server on loopback.
describe('sendEmail through the outbox', () => {
  let database: TestDatabase;
  let sink: MailSink;
  let transport: Transporter;
  beforeAll(async () => {
    database = await createTestDatabase();
    sink = new MailSink();
    transport = createMailTransport(`smtp://127.0.0.1:${await sink.start()}`);
  });
  afterAll(async () => {
    transport?.close();
    await sink?.stop();
    await database?.drop();
  });

  const deps = (): MailDeps => ({ db: database.db, transport, from: 'Dobbeltspor <noreply@dobbeltspor.example>', timing: FAST });
  const reminder = (idempotencyKey: string, to: string): SendEmailInput => ({
    idempotencyKey,
    to,
    template: 'participant-mentor-missing',
    data: {
      recipientName: 'Mette',
      participantName: 'Amina Hansen',
      startedOn: '2026-11-02',
      dueOn: '2026-11-16',
      employmentActorName: 'Job Vejen',
      programme: 'Vækstpartnerskab',
    },
  });

  it('five senders of the same key at the same moment send one e-mail: the others wait for it and find it sent', async () => {
    const to = 'same-moment@example.dk';
    const results = await Promise.all(Array.from({ length: 5 }, () => sendEmail(deps(), reminder('race:1', to))));
    const sent = results.filter((r) => r.sentNow);
    expect(sent).toHaveLength(1);
    for (const r of results) expect(r).toEqual({ ...sent[0]!, sentNow: r.sentNow });
    await sink.waitFor((all) => all.some((m) => m.envelopeTo.includes(to)));
    // Let any second copy arrive before counting.
    await new Promise((r) => setTimeout(r, 300));
    expect(sink.messages.filter((m) => m.envelopeTo.includes(to))).toHaveLength(1);
    const row = await database.db.emailOutbox.findUniqueOrThrow({ where: { idempotencyKey: 'race:1' } });
    expect(row).toMatchObject({ status: 'SENT', attempts: 1, claimedUntil: null, claimedBy: null });
  });

  it('a sender whose row comes back only after its claim ran out does not send on it: one e-mail, sent by one of the two', async () => {
    const to = 'late-answer@example.dk';
    // The slow sender's first outbox statement commits at once, but its answer arrives after the
    // claim it wrote has run out and a second sender of the same key has taken the row over.
    await nextAnswerLate(database.db, FAST.claimMs + 800);
    const slow = sendEmail(deps(), reminder('late:1', to));
    await new Promise((r) => setTimeout(r, FAST.claimMs + 100));
    const other = await sendEmail(deps(), reminder('late:1', to));
    const late = await slow;
    expect([other, late].filter((r) => r.sentNow)).toHaveLength(1);
    await sink.waitFor((all) => all.some((m) => m.envelopeTo.includes(to)));
    await new Promise((r) => setTimeout(r, 300));
    expect(sink.messages.filter((m) => m.envelopeTo.includes(to))).toHaveLength(1);
    expect(await database.db.emailOutbox.findUniqueOrThrow({ where: { idempotencyKey: 'late:1' } })).toMatchObject({
      status: 'SENT',
      attempts: 1,
    });
  });

  it('a claim left by a sender that crashed runs out, and the waiting attempt sends without spending an attempt', async () => {
    const to = 'crashed@example.dk';
    // As if a sender had claimed the row and died before the SMTP server answered.
    const seeded = await database.db.emailOutbox.create({
      data: {
        idempotencyKey: 'crash:2',
        toAddress: to,
        subject: 'Hej',
        template: 'participant-mentor-missing',
        html: '<p>Hej</p>',
        text: 'Hej',
        claimedUntil: new Date(Date.now() + 1_500),
        claimedBy: 'a-dead-sender',
      },
    });
    const result = await sendEmail(deps(), reminder('crash:2', to), 2);
    expect(result.sentNow).toBe(true);
    expect(await database.db.emailOutbox.findUniqueOrThrow({ where: { id: seeded.id } })).toMatchObject({
      status: 'SENT',
      attempts: 1,
      claimedUntil: null,
    });
    await sink.waitFor((all) => all.some((m) => m.envelopeTo.includes(to)));
    expect(sink.messages.filter((m) => m.envelopeTo.includes(to))).toHaveLength(1);
  });

  it('a temporary SMTP error leaves the row PENDING until the last attempt, which marks it FAILED for operators', async () => {
    const to = 'outage@example.dk';
    sink.failNext = 1;
    await expect(sendEmail(deps(), reminder('outage:1', to), 1)).rejects.toThrow(/try again later/);
    expect(await database.db.emailOutbox.findUniqueOrThrow({ where: { idempotencyKey: 'outage:1' } })).toMatchObject({
      status: 'PENDING',
      attempts: 1,
    });

    sink.failNext = 1;
    await expect(sendEmail(deps(), reminder('outage:1', to), EMAIL_MAX_ATTEMPTS)).rejects.toThrow(/try again later/);
    const failed = await database.db.emailOutbox.findUniqueOrThrow({ where: { idempotencyKey: 'outage:1' } });
    expect(failed.status).toBe('FAILED');
    expect(failed.attempts).toBe(2);
    expect(failed.lastError).toMatch(new RegExp(`gave up after ${EMAIL_MAX_ATTEMPTS} attempts: .*try again later`));
    expect(sink.messages.filter((m) => m.envelopeTo.includes(to))).toHaveLength(0);
  });

  it('a row already SENT is not sent again, whatever the attempt', async () => {
    const to = 'once@example.dk';
    const first = await sendEmail(deps(), reminder('once:1', to), 1);
    const again = await sendEmail(deps(), reminder('once:1', to), 3);
    expect(first.sentNow).toBe(true);
    expect(again).toEqual({ ...first, sentNow: false });
    await sink.waitFor((all) => all.some((m) => m.envelopeTo.includes(to)));
    expect(sink.messages.filter((m) => m.envelopeTo.includes(to))).toHaveLength(1);
  });

  it('a failed e-mail is not sent again by a retry of its workflow; an operator retry sends it once', async () => {
    const to = 'given-up@example.dk';
    sink.failNext = 1;
    await expect(sendEmail(deps(), reminder('given-up:1', to), EMAIL_MAX_ATTEMPTS)).rejects.toThrow(/try again later/);
    const row = await database.db.emailOutbox.findUniqueOrThrow({ where: { idempotencyKey: 'given-up:1' } });
    expect(row.status).toBe('FAILED');
    // The workflow's activity is retried (a replay, a further attempt): the row stays for operators.
    await expect(sendEmail(deps(), reminder('given-up:1', to), 1)).rejects.toMatchObject({
      type: 'PermanentEmailFailure',
      nonRetryable: true,
    });
    expect(sink.messages.filter((m) => m.envelopeTo.includes(to))).toHaveLength(0);
    // The operator's retry puts it back on the normal path, and a repeat of it does not send twice.
    expect((await resendEmail(deps(), { outboxId: row.id })).sentNow).toBe(true);
    expect((await resendEmail(deps(), { outboxId: row.id })).sentNow).toBe(false);
    await sink.waitFor((all) => all.some((m) => m.envelopeTo.includes(to)));
    expect(sink.messages.filter((m) => m.envelopeTo.includes(to))).toHaveLength(1);
    expect(await database.db.emailOutbox.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: 'SENT', lastError: null });
  });

  it('every address of a message has its row before the first is sent: one refused address loses none of the others', async () => {
    const addresses = ['batch-0@example.dk', 'batch-1@example.dk', 'batch-2@example.dk'];
    sink.rejectRecipients.add(addresses[0]!);
    const inputs = addresses.map((to, i) => reminder(`batch:1:${i}`, to));
    await expect(sendEmailBatch(deps(), inputs)).rejects.toMatchObject({
      type: 'PermanentEmailFailure',
      nonRetryable: true,
      message: expect.stringContaining('1 of 3 e-mails not delivered'),
    });
    sink.rejectRecipients.delete(addresses[0]!);
    const rows = await database.db.emailOutbox.findMany({
      where: { idempotencyKey: { startsWith: 'batch:1:' } },
      orderBy: { idempotencyKey: 'asc' },
    });
    expect(rows.map((r) => [r.toAddress, r.status])).toEqual([
      [addresses[0], 'FAILED'],
      [addresses[1], 'SENT'],
      [addresses[2], 'SENT'],
    ]);
    // Created together, before any send.
    expect(new Set(rows.map((r) => r.createdAt.getTime())).size).toBe(1);
    await sink.waitFor((all) => addresses.slice(1).every((a) => all.some((m) => m.envelopeTo.includes(a))));
    for (const a of addresses.slice(1)) expect(sink.messages.filter((m) => m.envelopeTo.includes(a))).toHaveLength(1);
  });

  it('an attempt that follows one which had the 250 but could not record it records the send and does not mail again', async () => {
    const to = 'heartbeat@example.dk';
    await database.db.emailOutbox.create({
      data: {
        idempotencyKey: 'accepted:1',
        toAddress: to,
        subject: 'Hej',
        template: 'participant-mentor-missing',
        html: '<p>Hej</p>',
        text: 'Hej',
      },
    });
    // What Temporal hands the next attempt: the last heartbeat details of the one before.
    const env = new MockActivityEnvironment({ attempt: 2, heartbeatDetails: { smtpAccepted: ['accepted:1'] } });
    const result = (await env.run(() => sendEmail(deps(), reminder('accepted:1', to)))) as SendEmailResult;
    expect(result.sentNow).toBe(true);
    expect(await database.db.emailOutbox.findUniqueOrThrow({ where: { idempotencyKey: 'accepted:1' } })).toMatchObject({ status: 'SENT' });
    await new Promise((r) => setTimeout(r, 300));
    expect(sink.messages.filter((m) => m.envelopeTo.includes(to))).toHaveLength(0);

    // And the attempt that gets the 250 heartbeats the key before it writes the row.
    const first = new MockActivityEnvironment({ attempt: 1 });
    const beats: unknown[] = [];
    first.on('heartbeat', (d: unknown) => beats.push(d));
    await first.run(() => sendEmail(deps(), reminder('accepted:2', 'heartbeat-2@example.dk')));
    expect(beats).toContainEqual({ smtpAccepted: ['accepted:2'] });
  });

  it('the database away right after the SMTP server said 250: the status write is retried, never the send', async () => {
    const proxy = new TcpProxy({ host: new URL(database.url).hostname, port: Number(new URL(database.url).port || 5432) });
    const url = new URL(database.url);
    url.host = `127.0.0.1:${await proxy.start()}`;
    const proxiedDb = createDb(url.toString(), 2);
    const smtp = new FaultSmtp();
    await smtp.start();
    const faultTransport = createMailTransport(smtp.url);
    try {
      // The database goes away while the message is on the wire and comes back 1.5 s after the 250.
      smtp.beforeReply = () => proxy.cut();
      smtp.afterReply = () => void setTimeout(() => void proxy.restore(), 1_500);
      const mailDeps: MailDeps = {
        db: proxiedDb,
        transport: faultTransport,
        from: 'Dobbeltspor <noreply@dobbeltspor.example>',
        timing: FAST,
      };
      const result = await sendEmail(mailDeps, reminder('db-away:1', 'db-away@example.dk'));
      expect(result.sentNow).toBe(true);
      smtp.beforeReply = undefined;
      // A retry (a replay, a restart) finds it sent.
      expect((await sendEmail(mailDeps, reminder('db-away:1', 'db-away@example.dk'), 2)).sentNow).toBe(false);
      expect(await database.db.emailOutbox.findUniqueOrThrow({ where: { idempotencyKey: 'db-away:1' } })).toMatchObject({
        status: 'SENT',
        attempts: 1,
        claimedBy: null,
      });
      expect([...smtp.counts().values()]).toEqual([1]);
    } finally {
      faultTransport.close();
      await smtp.stop();
      await proxiedDb.$disconnect();
      await proxy.stop();
    }
  });
});

/**
 * The answer to the next statement on `db`'s connection pool (the outbox's insert) arrives `ms`
 * late; the statement itself commits at once.
 */
async function nextAnswerLate(db: Db, ms: number): Promise<void> {
  const pool = await sqlPoolOf(db);
  const original = pool.query;
  const query = original.bind(pool) as (...args: unknown[]) => Promise<unknown>;
  (pool as { query: unknown }).query = (...args: unknown[]) => {
    pool.query = original;
    return query(...args).then((v) => new Promise((r) => setTimeout(() => r(v), ms)));
  };
}
