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

  it('five senders of the same key at the same moment send one e-mail, and all of them see one outbox row', async () => {
    const to = 'same-moment@example.dk';
    const results = await Promise.all(Array.from({ length: 5 }, () => sendEmail(deps(), greeting('race:1', to))));
    await sink.waitFor((all) => all.some((m) => m.envelopeTo.includes(to)));
    // Let any second copy arrive before counting.
    await new Promise((r) => setTimeout(r, 300));
    expect(sink.messages.filter((m) => m.envelopeTo.includes(to))).toHaveLength(1);
    expect(results.filter((r) => r.sentNow)).toHaveLength(1);
    expect(new Set(results.map((r) => r.outboxId)).size).toBe(1);
    const row = await database.db.emailOutbox.findUniqueOrThrow({ where: { idempotencyKey: 'race:1' } });
    expect(row).toMatchObject({ status: 'SENT', attempts: 1 });
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
