// Recipients' addresses stay out of the worker's log. Real SMTP servers quote the recipient in their
// refusals (Postfix: `550 5.1.1 <anna@firma.dk>: Recipient address rejected`), and what an activity
// throws is logged by the worker and written to the history. The worker's whole log — the SDK's own
// lines and the core's, forwarded — is captured while e-mails are refused for good and greylisted.
import type { AddressInfo } from 'node:net';
import { DefaultLogger, makeTelemetryFilterString, Runtime, type LogEntry } from '@temporalio/worker';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createMailTransport } from '../activities/mail/transport.js';
import { createWorker } from '../worker/create-worker.js';
import { resendEmailWorkflow } from '../workflows/index.js';
import { createHarness, TEST_CONFIG, type Harness } from './support/temporal.js';

const lines: string[] = [];
/** Errors inside a log entry's metadata, with their message, stack and causes (JSON.stringify drops them). */
const withErrors = (_key: string, value: unknown) =>
  value instanceof Error
    ? { ...value, name: value.name, message: value.message, stack: value.stack, cause: (value as { cause?: unknown }).cause }
    : typeof value === 'bigint'
      ? String(value)
      : value;
// Before anything creates the runtime: every log line of this process goes through here.
Runtime.install({
  logger: new DefaultLogger('TRACE', (entry: LogEntry) =>
    lines.push(`${entry.level} ${entry.message} ${JSON.stringify(entry.meta ?? {}, withErrors)}`),
  ),
  telemetryOptions: { logging: { forward: {}, filter: makeTelemetryFilterString({ core: 'DEBUG', other: 'INFO' }) } },
});

const REFUSED = 'anna.afvist@firma.example.dk';
const GREYLISTED = 'bo.graa@firma.example.dk';

describe("the worker's log holds no recipient's address", () => {
  let h: Harness;
  let smtp: SMTPServer;
  let mailer: ReturnType<typeof createMailTransport>;
  const delivered: string[] = [];
  let greylisted = 0;
  let stopWorker: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    h = await createHarness();
    // Answers as Postfix does, quoting the recipient: a permanent refusal and one greylisting.
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo: (address, _session, cb) => {
        if (address.address === REFUSED)
          return cb(
            Object.assign(new Error(`5.1.1 <${REFUSED}>: Recipient address rejected: User unknown in virtual mailbox table`), {
              responseCode: 550,
            }),
          );
        if (address.address === GREYLISTED && greylisted++ === 0)
          return cb(
            Object.assign(new Error(`4.7.1 <${GREYLISTED}>: Recipient address rejected: Greylisted, see https://postgrey.example/`), {
              responseCode: 450,
            }),
          );
        cb();
      },
      onData: (stream, session, cb) => {
        stream.resume();
        stream.on('end', () => {
          delivered.push(...session.envelope.rcptTo.map((r) => r.address));
          cb();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    mailer = createMailTransport(`smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`);
    const worker = await createWorker({
      connection: h.env.nativeConnection,
      namespace: h.env.namespace ?? 'default',
      taskQueue: h.taskQueue,
      deps: { db: h.db, mailer, config: TEST_CONFIG },
    });
    stopWorker = async () => {
      worker.shutdown();
      await running;
    };
    const running = worker.run();
  }, 60_000);
  afterAll(async () => {
    await stopWorker?.();
    mailer?.close();
    await new Promise<void>((resolve) => smtp?.close(() => resolve()));
    await h?.close();
  });

  it('a refused and a greylisted recipient reach neither the log nor the history; the log did record the failures', async () => {
    const start = async (to: string) => {
      const row = await h.db.emailOutbox.create({
        data: {
          idempotencyKey: `log-${to}`,
          toAddress: to,
          subject: 'Invitation til bootcamp',
          template: 'camp-invitation',
          html: '<p>Velkommen</p>',
          text: 'Velkommen',
        },
      });
      const handle = await h.env.client.workflow.start(resendEmailWorkflow, {
        taskQueue: h.taskQueue,
        workflowId: `email-retry-${row.id}-0`,
        args: [{ outboxId: row.id }],
      });
      return handle.workflowId;
    };
    const log = () => lines.join('\n');
    // Time stays locked while an attempt talks to the SMTP server (the test client's result() would
    // let it jump past the heartbeat timeout); only the retry's backoff (EMAIL_RETRY's first, 10 s)
    // is skipped, on purpose.
    const refused = await start(REFUSED);
    await expect(h.resultOf(refused)).rejects.toThrow();
    const greylistedId = await start(GREYLISTED);
    await vi.waitFor(() => expect(log()).toMatch(/Activity failed[\s\S]*Greylisted/), { timeout: 30_000, interval: 100 });
    await h.env.sleep('11 seconds');
    await expect(h.resultOf(greylistedId)).resolves.toMatchObject({ sentNow: true });
    const ids = [refused, greylistedId];
    expect(delivered).toEqual([GREYLISTED]);
    // The failures were logged, with the server's words and without its quote of the address.
    expect(log()).toMatch(/Activity failed[\s\S]*User unknown in virtual mailbox table/);
    expect(log()).toMatch(/Activity failed[\s\S]*Greylisted/);
    expect(log()).toContain('<recipient>');
    expect(log()).not.toMatch(/firma\.example\.dk/);
    for (const id of ids) {
      const history = JSON.stringify((await h.env.client.workflow.getHandle(id).fetchHistory()).events);
      expect(history).not.toMatch(/firma\.example\.dk/);
    }
  }, 120_000);
});
