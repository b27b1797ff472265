import { randomBytes } from 'node:crypto';
import { Client } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, inject } from 'vitest';
import { localDateAt, type LocalDate } from '../../domain/calendar.js';
import type { Db } from '../../prisma/client.js';
import { createMailTransport } from '../../activities/mail/transport.js';
import { createWorker } from '../../worker/create-worker.js';
import { MailSink } from '../../scripts/mail-sink.js';
import { createTestDatabase, type TestDatabase } from './database.js';

/** A time-skipping Temporal test server of this file's own (the real server, not a mock). */
export function startTimeSkippingServer(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: inject('testServerPath') } },
  });
}

/**
 * A Temporal dev server (the CLI's `server start-dev`, in memory) for what the time-skipping server
 * lacks, such as custom search attributes. No time skipping here.
 */
export function startDevServer(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'existing-path', path: inject('temporalCliPath') }, ip: '127.0.0.1' },
  });
}

/**
 * For the tests of a describe block that call operations without a worker: a fresh database and a
 * time-skipping server, made before the tests and removed after them.
 */
export function databaseAndServer(): { database: TestDatabase; env: TestWorkflowEnvironment } {
  const parts = {} as { database: TestDatabase; env: TestWorkflowEnvironment };
  beforeAll(async () => {
    [parts.database, parts.env] = await Promise.all([createTestDatabase(), startTimeSkippingServer()]);
  });
  afterAll(async () => {
    await parts.env?.teardown();
    await parts.database?.drop();
  });
  return parts;
}

export function uniqueId(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

export interface Harness {
  env: TestWorkflowEnvironment;
  database: TestDatabase;
  db: Db;
  mail: MailSink;
  taskQueue: string;
  /** Starts a worker with the real activities on this harness's task queue (optionally with a data converter, e.g. payload encryption). */
  startWorker(opts?: { dataConverter?: DataConverter }): Promise<RunningWorker>;
  /** Today in Copenhagen by the test server's clock. */
  today(): Promise<LocalDate>;
  /** Skips workflow time to the instant `ms` (epoch milliseconds); never backwards. */
  sleepUntil(ms: number): Promise<void>;
  /** Skips workflow time to 10:00 UTC on `date` (after that day's 09:00 Copenhagen reminders); never backwards. */
  sleepUntilDate(date: LocalDate): Promise<void>;
  /** A workflow's result without unlocking time skipping (the test client's result() would let time run on). */
  resultOf<T>(workflowId: string): Promise<T>;
  close(): Promise<void>;
}

export interface RunningWorker {
  worker: Worker;
  stop(): Promise<void>;
}

export const TEST_CONFIG = {
  MAIL_FROM: 'Dobbeltspor Test <test@dobbeltspor.local>',
  PUBLIC_BASE_URL: 'http://127.0.0.1:3000',
  LINK_SECRET: 'test-secret-for-signed-links-0123456789',
  TZ_PROGRAMME: 'Europe/Copenhagen',
};

/** Everything a workflow test needs: test server, fresh database, SMTP server on loopback, worker. */
export async function createHarness(): Promise<Harness> {
  const [env, database, mail] = await Promise.all([startTimeSkippingServer(), createTestDatabase(), Promise.resolve(new MailSink())]);
  await mail.start();
  const mailer = createMailTransport(mail.smtpUrl);
  const taskQueue = uniqueId('tq');
  const workers: RunningWorker[] = [];
  const sleepUntil = async (ms: number): Promise<void> => {
    const now = Number(await env.currentTimeMs());
    if (ms > now) await env.sleep(ms - now);
  };
  return {
    env,
    database,
    db: database.db,
    mail,
    taskQueue,
    async startWorker(opts = {}) {
      const worker = await createWorker({
        dataConverter: opts.dataConverter,
        connection: env.nativeConnection,
        namespace: env.namespace ?? 'default',
        taskQueue,
        deps: { db: database.db, mailer, config: TEST_CONFIG },
      });
      const running = worker.run();
      const handle = {
        worker,
        async stop() {
          if (worker.getState() === 'RUNNING') worker.shutdown();
          await running;
        },
      };
      workers.push(handle);
      return handle;
    },
    async today() {
      return localDateAt(Number(await env.currentTimeMs()));
    },
    sleepUntil,
    sleepUntilDate: (date) => sleepUntil(Date.parse(`${date}T10:00:00Z`)),
    resultOf<T>(workflowId: string): Promise<T> {
      return new Client({ connection: env.connection, namespace: env.namespace ?? 'default' }).workflow
        .getHandle(workflowId)
        .result() as Promise<T>;
    },
    async close() {
      for (const w of workers) await w.stop().catch(() => undefined);
      mailer.close();
      await env.teardown();
      await mail.stop();
      await database.drop();
    },
  };
}
