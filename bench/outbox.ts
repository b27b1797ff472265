// E-mail throughput: camp invitations (the rendered template and its .ics calendar event) through the
// outbox (activities/mail/send-email.ts: the row, the claim, the send, the SENT mark) against the same
// messages sent by a direct loop over a pooled nodemailer transport of the same settings, to the same
// loopback SMTP sink, with the same sends in flight (BENCH_MAIL_IN_FLIGHT, default 10, as a worker's
// concurrent activities). Alternating halves, so a busy machine slows both alike. BENCH_MAILS (default
// 1,000, --quick 200) of each. Goal: ≥ 100 mails/s and ≥ 0.8x the direct loop. Also the cost of a
// duplicate send (a retry or replay) that the outbox absorbs.
import { createMailTransport } from '../activities/mail/transport.js';
import { composeMail } from '../activities/mail/compose.js';
import { campEventAttachment } from '../activities/mail/ics.js';
import { messageIdFor, outboxRowFor, sendEmail, type SendEmailInput } from '../activities/mail/send-email.js';
import type { LocalDate } from '../domain/calendar.js';
import { MailSink } from '../scripts/mail-sink.js';
import { benchDatabase, fmt } from './_support.js';

const N = Number(process.env.BENCH_MAILS ?? (process.argv.includes('--quick') ? 200 : 1000));
const IN_FLIGHT = Number(process.env.BENCH_MAIL_IN_FLIGHT ?? 10);
const from = 'Bench <bench@dobbeltspor.local>';

const { db, drop } = await benchDatabase();
const sink = new MailSink({ keep: false });
await sink.start();
const transport = createMailTransport(sink.smtpUrl);

const contact = { name: 'Kim Kontakt', email: 'kim@jobvejen.dk' };
const invitation = (key: string, i: number): SendEmailInput => ({
  idempotencyKey: key,
  to: `virksomhed-${i}@example.dk`,
  template: 'camp-invitation',
  replyTo: `${contact.name} <${contact.email}>`,
  data: {
    programme: 'Vækstpartnerskab 2027',
    campTitle: 'Opstartscamp',
    dates: '3.–5. marts 2027',
    startTime: '09:00',
    endTime: '15:00',
    name: 'Mette Madsen',
    companyName: `Virksomhed ${i} ApS`,
    location: 'Kolding Jobcenter, Dyrehavevej 10, 6000 Kolding',
    yesUrl: `http://127.0.0.1:3000/rsvp/${key}/ja`,
    noUrl: `http://127.0.0.1:3000/rsvp/${key}/nej`,
    contactName: contact.name,
    contactOrganisation: 'Job Vejen',
    contactEmail: contact.email,
    organizer: 'Koordinator',
  },
  attachments: [
    campEventAttachment({
      uid: `camp-${i}@dobbeltspor`,
      sequence: 0,
      method: 'REQUEST',
      title: 'Opstartscamp',
      description: 'Vækstpartnerskab 2027',
      location: 'Kolding Jobcenter',
      days: ['2027-03-03', '2027-03-04', '2027-03-05'] as LocalDate[],
      startTime: '09:00',
      endTime: '15:00',
      organizer: contact,
      attendee: { name: 'Mette Madsen', email: `virksomhed-${i}@example.dk` },
      stamp: new Date('2027-01-20T09:00:00Z'),
    }),
  ],
});

/** Runs `fn` for 0..count-1 with at most IN_FLIGHT at a time; returns the wall time in ms. */
async function inFlight(count: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < count) await fn(next++);
    }),
  );
  return performance.now() - started;
}

try {
  // Warm-up: the pool's connections, the database's.
  await inFlight(IN_FLIGHT, (i) => sendEmail({ db, transport, from }, invitation(`warm-${i}`, i)));
  const half = Math.ceil(N / 2);
  let outboxMs = 0;
  let directMs = 0;
  for (let round = 0; round < 2; round++) {
    outboxMs += await inFlight(half, (i) => sendEmail({ db, transport, from }, invitation(`outbox-${round}-${i}`, i)));
    directMs += await inFlight(half, async (i) => {
      const input = invitation(`direct-${round}-${i}`, i);
      const row = outboxRowFor(input);
      await transport.sendMail(composeMail({ ...row, replyTo: row.replyTo ?? null }, from, messageIdFor(input.idempotencyKey)));
    });
  }
  const sent = await db.emailOutbox.count({ where: { status: 'SENT', idempotencyKey: { startsWith: 'outbox-' } } });
  const outboxRate = (2 * half) / (outboxMs / 1000);
  const directRate = (2 * half) / (directMs / 1000);

  const dupStarted = performance.now();
  for (let i = 0; i < 100; i++) await sendEmail({ db, transport, from }, invitation(`outbox-0-${i}`, i));
  const duplicates = (performance.now() - dupStarted) / 100;

  console.log(
    `${2 * half} camp invitations each way, ${IN_FLIGHT} in flight; ${sent} of ${2 * half} outbox rows SENT; ${sink.received} messages received in all`,
  );
  console.log(`a duplicate send absorbed by the outbox: ${fmt(duplicates)}`);
  console.log(`direct pooled nodemailer: ${directRate.toFixed(0)} mails/s`);
  console.log(
    `outbox throughput: ${outboxRate.toFixed(0)} mails/s (${(outboxRate / directRate).toFixed(2)}x against direct pooled nodemailer; ${(outboxRate / 100).toFixed(2)}x against the 100 mails/s goal)`,
  );
} finally {
  transport.close();
  await sink.stop();
  await drop();
}
