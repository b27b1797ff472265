import type { Transporter } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMAIL_MAX_ATTEMPTS } from '../activities/mail/failure-types.js';
import { sendEmail, type SendEmailInput } from '../activities/mail/send-email.js';
import { createMailTransport } from '../activities/mail/transport.js';
import { MailSink } from '../scripts/mail-sink.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';

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

  const deps = () => ({ db: database.db, transport, from: 'Dobbeltspor <noreply@dobbeltspor.example>' });
  const greeting = (idempotencyKey: string, to: string): SendEmailInput => ({
    idempotencyKey,
    to,
    template: 'greeting',
    data: { name: 'Mette', programme: 'Vækstpartnerskab', greetingId: idempotencyKey },
  });

  it('five senders of the same key at the same moment send one e-mail: the others are told to retry, and then find it sent', async () => {
    const to = 'same-moment@example.dk';
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => sendEmail(deps(), greeting('race:1', to))));
    const sent = results.flatMap((r) => (r.status === 'fulfilled' && r.value.sentNow ? [r.value] : []));
    expect(sent).toHaveLength(1);
    for (const r of results) {
      if (r.status === 'rejected') expect(r.reason).toMatchObject({ type: 'OutboxBusy', nonRetryable: false, message: 'e-mail race:1 is being sent by another attempt' });
      else expect(r.value.outboxId).toBe(sent[0]!.outboxId);
    }
    // A retry of a busy sender finds the e-mail sent.
    expect(await sendEmail(deps(), greeting('race:1', to), 2)).toEqual({ ...sent[0]!, sentNow: false });
    await sink.waitFor((all) => all.some((m) => m.envelopeTo.includes(to)));
    // Let any second copy arrive before counting.
    await new Promise((r) => setTimeout(r, 300));
    expect(sink.messages.filter((m) => m.envelopeTo.includes(to))).toHaveLength(1);
    const row = await database.db.emailOutbox.findUniqueOrThrow({ where: { idempotencyKey: 'race:1' } });
    expect(row).toMatchObject({ status: 'SENT', attempts: 1, claimedUntil: null });
  });

  it("a claim left by a sender that crashed runs out, and the next attempt sends", async () => {
    const to = 'crashed@example.dk';
    // As if a sender had claimed the row and died before the SMTP server answered.
    const seeded = await database.db.emailOutbox.create({
      data: { idempotencyKey: 'crash:2', toAddress: to, subject: 'Hej', template: 'greeting', html: '<p>Hej</p>', text: 'Hej', claimedUntil: new Date(Date.now() + 60_000) },
    });
    await expect(sendEmail(deps(), greeting('crash:2', to), 2)).rejects.toMatchObject({ type: 'OutboxBusy' });
    await database.db.emailOutbox.update({ where: { id: seeded.id }, data: { claimedUntil: new Date(Date.now() - 1) } });
    expect((await sendEmail(deps(), greeting('crash:2', to), 3)).sentNow).toBe(true);
    expect(await database.db.emailOutbox.findUniqueOrThrow({ where: { id: seeded.id } })).toMatchObject({ status: 'SENT', claimedUntil: null });
    await sink.waitFor((all) => all.some((m) => m.envelopeTo.includes(to)));
    expect(sink.messages.filter((m) => m.envelopeTo.includes(to))).toHaveLength(1);
  });

  it('a temporary SMTP error leaves the row PENDING until the last attempt, which marks it FAILED for operators', async () => {
    const to = 'outage@example.dk';
    sink.failNext = 1;
    await expect(sendEmail(deps(), greeting('outage:1', to), 1)).rejects.toThrow(/try again later/);
    expect(await database.db.emailOutbox.findUniqueOrThrow({ where: { idempotencyKey: 'outage:1' } })).toMatchObject({ status: 'PENDING', attempts: 1 });

    sink.failNext = 1;
    await expect(sendEmail(deps(), greeting('outage:1', to), EMAIL_MAX_ATTEMPTS)).rejects.toThrow(/try again later/);
    const failed = await database.db.emailOutbox.findUniqueOrThrow({ where: { idempotencyKey: 'outage:1' } });
    expect(failed.status).toBe('FAILED');
    expect(failed.attempts).toBe(2);
    expect(failed.lastError).toMatch(new RegExp(`gave up after ${EMAIL_MAX_ATTEMPTS} attempts: .*try again later`));
    expect(sink.messages.filter((m) => m.envelopeTo.includes(to))).toHaveLength(0);
  });

  it('a row already SENT is not sent again, whatever the attempt', async () => {
    const to = 'once@example.dk';
    const first = await sendEmail(deps(), greeting('once:1', to), 1);
    const again = await sendEmail(deps(), greeting('once:1', to), 3);
    expect(first.sentNow).toBe(true);
    expect(again).toEqual({ ...first, sentNow: false });
    await sink.waitFor((all) => all.some((m) => m.envelopeTo.includes(to)));
    expect(sink.messages.filter((m) => m.envelopeTo.includes(to))).toHaveLength(1);
  });
});
