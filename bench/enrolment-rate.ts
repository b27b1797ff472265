// Enrolment start rate: participants enrolled a second through the product's own operation
// (client/operations/enrolment.ts enrolParticipant: its reads, the track row, the workflow start
// with its search attributes) against no-op workflows started a second on the same local Temporal
// dev server, with the same worker polling and the same number of starts in flight
// (BENCH_IN_FLIGHT, default 8). Alternating rounds, so a busy machine slows both alike.
// BENCH_ENROLMENTS (default 400, --quick 80) of each. Goal: ≥ 0.8x the no-op rate.
// The worker (the project's workflows and the no-op one) runs in a process of its own
// (bench/_enrolment-worker.ts), as `npm run worker` does beside the API: in this process it would
// take the event loop from the starts it is measured against.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { ensureSearchAttributes } from '../client/search-attributes.js';
import { enrolParticipant } from '../client/operations/enrolment.js';
import { localDateAt } from '../domain/calendar.js';
import { MailSink } from '../scripts/mail-sink.js';
import { ensureTemporalCli } from '../scripts/provision/temporal.js';
import { operationContext, seedWorld, testProgramme } from '../test/support/participant-world.js';
import { benchDatabase } from './_support.js';

const N = Number(process.env.BENCH_ENROLMENTS ?? (process.argv.includes('--quick') ? 80 : 400));
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 8);
const ROUNDS = 4;

/** Runs `fn` over `items` with at most IN_FLIGHT calls at a time; returns the wall time in ms. */
async function inFlight<T>(items: T[], fn: (item: T) => Promise<unknown>): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
  return performance.now() - started;
}

const { url, db, drop } = await benchDatabase();
const env = await TestWorkflowEnvironment.createLocal({
  server: { executable: { type: 'existing-path', path: ensureTemporalCli() }, ip: '127.0.0.1' },
});
const sink = new MailSink({ keep: false });
await sink.start();
const taskQueue = 'bench-enrolment-rate';
const namespace = env.namespace ?? 'default';
const dir = mkdtempSync(join(tmpdir(), 'dobbeltspor-enrolment-rate-'));
let worker: ChildProcess | undefined;

/** Starts the worker process and waits until it polls. */
async function startWorker(): Promise<ChildProcess> {
  const ready = join(dir, 'worker-ready');
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./_enrolment-worker.ts', import.meta.url))], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: env.address,
      TEMPORAL_NAMESPACE: namespace,
      TASK_QUEUE: taskQueue,
      DATABASE_URL: url,
      SMTP_URL: sink.smtpUrl,
      BENCH_WORKER_READY_FILE: ready,
    },
  });
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`the worker process ended (exit code ${code}) before it polled`))),
  );
  exited.catch(() => undefined);
  while (!existsSync(ready)) await Promise.race([exited, new Promise((r) => setTimeout(r, 20))]);
  return child;
}

try {
  if (!process.env.BENCH_NO_WORKER) worker = await startWorker();
  // A programme that plans its places, as the shipped ones do: each enrolment claims one under the cohort's lock.
  const world = await seedWorld(db, { ...testProgramme(), capacity: { participants: 100_000 } });
  const ctx = operationContext(env.client, db, taskQueue);
  // The search attributes are registered once per connection; the first start pays for it.
  await ensureSearchAttributes(env.connection, namespace);
  const startsOn = localDateAt(Date.now());
  const participants: string[] = [];
  for (let i = 0; i < N + IN_FLIGHT; i++) participants.push(await world.participant());
  const enrol = (participantId: string) =>
    enrolParticipant(ctx, { participantId, cohortId: world.cohortId, partnershipId: world.partnershipId, startsOn });
  const noop = () =>
    env.client.workflow.start('noopWorkflow', { taskQueue, workflowId: `noop-${randomBytes(6).toString('hex')}`, args: [] });
  // Warm-up: connections, prepared statements, the worker's first bundle load.
  await inFlight(participants.splice(0, IN_FLIGHT), enrol);
  await inFlight(Array.from({ length: IN_FLIGHT }), noop);

  let enrolMs = 0;
  let noopMs = 0;
  const perRound = Math.ceil(N / ROUNDS);
  for (let r = 0; r < ROUNDS; r++) {
    noopMs += await inFlight(Array.from({ length: perRound }), noop);
    enrolMs += await inFlight(participants.splice(0, perRound), enrol);
  }
  const enrolRate = (perRound * ROUNDS) / (enrolMs / 1000);
  const noopRate = (perRound * ROUNDS) / (noopMs / 1000);
  const tracks = await db.participantTrack.count({ where: { cohortId: world.cohortId } });
  console.log(
    `${tracks} tracks written; ${IN_FLIGHT} starts in flight; ${worker ? 'the worker in a process of its own' : 'no worker polling'}`,
  );
  console.log(`no-op workflow starts: ${noopRate.toFixed(1)} workflows/s`);
  console.log(
    `enrolment start rate: ${enrolRate.toFixed(1)} tracks/s (${(enrolRate / noopRate).toFixed(2)}x against no-op workflow starts)`,
  );
} finally {
  if (worker && worker.exitCode === null) {
    const exited = new Promise((r) => worker!.once('exit', r));
    worker.kill('SIGTERM');
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
  await env.teardown();
  await sink.stop();
  await drop();
}
