// E-mail through the outbox: throughput with the worker's pooled transport against a transport made
// per message, and the cost of a duplicate send (a retry or replay) that the outbox absorbs.
import nodemailer from 'nodemailer';
import { createMailTransport } from '../activities/mail/transport.js';
import { sendEmail } from '../activities/mail/send-email.js';
import { MailSink } from '../scripts/mail-sink.js';
import { benchDatabase, fmt } from './_support.js';

const N = Number(process.env.BENCH_MAILS ?? 200);
const { db, drop } = await benchDatabase();
const sink = new MailSink();
await sink.start();
const from = 'Bench <bench@dobbeltspor.local>';
const input = (key: string) => ({
  idempotencyKey: key,
  to: 'koordinator@example.dk',
  template: 'participant-mentor-missing',
  data: { recipientName: 'Koordinator', participantName: 'Amina Hansen', startedOn: '2026-11-02', dueOn: '2026-11-16', employmentActorName: 'Job Vejen', programme: 'Dobbeltspor' },
});

async function run(label: string, makeTransport: () => nodemailer.Transporter, shared: boolean): Promise<number> {
  const pooled = shared ? makeTransport() : undefined;
  const started = performance.now();
  // 10 at a time, as a worker would run concurrent activities.
  for (let i = 0; i < N; i += 10) {
    await Promise.all(
      Array.from({ length: Math.min(10, N - i) }, async (_, j) => {
        const transport = pooled ?? makeTransport();
        await sendEmail({ db, transport, from }, input(`${label}-${i + j}`));
        if (!pooled) transport.close();
      }),
    );
  }
  const elapsed = performance.now() - started;
  pooled?.close();
  console.log(`${label.padEnd(22)} ${N} mails in ${fmt(elapsed)}  (${((N / elapsed) * 1000).toFixed(0)} mails/s)`);
  return elapsed;
}

const pooled = await run('pooled transport', () => createMailTransport(sink.smtpUrl), true);
const perMail = await run('transport per e-mail', () => nodemailer.createTransport({ host: '127.0.0.1', port: Number(new URL(sink.smtpUrl).port), ignoreTLS: true }), false);
const transport = createMailTransport(sink.smtpUrl);
const started = performance.now();
for (let i = 0; i < N; i++) await sendEmail({ db, transport, from }, input(`pooled transport-${i}`));
const duplicates = performance.now() - started;
transport.close();
console.log(`duplicate sends absorbed ${N} in ${fmt(duplicates)}  (${fmt(duplicates / N)} each, ${sink.messages.length} messages received in all, expected ${2 * N})`);
console.log(`ratio per-e-mail transport / pooled: ${(perMail / pooled).toFixed(2)}x`);
await sink.stop();
await drop();
