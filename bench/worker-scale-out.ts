// Scale-out: the same backlog of participant tracks worked off by one worker process and by two
// (`npm run worker`'s compiled worker, prebuilt workflow bundle) against one local Temporal dev server
// and one PostgreSQL, as docker-compose.yml runs its worker replicas. BENCH_SCALE_TRACKS tracks
// (default 400, --quick 60) are enrolled through the product's operation with no worker polling, then
// the workers start; throughput counts the tracks whose first workflow task ran (their projection
// written) after every worker polls, a second. On two shared cores a second process mostly competes
// for the same CPU: the figure says what one machine gains, not what a second machine would.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { enrolParticipant } from '../client/operations/enrolment.js';
import { ensureSearchAttributes } from '../client/search-attributes.js';
import { localDateAt } from '../domain/calendar.js';
import { Prisma } from '../prisma/client.js';
import { ensureCompiled } from '../scripts/build/ensure-compiled.mjs';
import { MailSink } from '../scripts/mail-sink.js';
import { ensureTemporalCli } from '../scripts/provision/temporal.js';
import { operationContext, seedWorld } from '../test/support/participant-world.js';
import { prebuiltWorkflowBundle, WorkflowBundleError } from '../worker/prebuilt-bundle.js';
import { benchDatabase, fmt } from './_support.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const N = Number(process.env.BENCH_SCALE_TRACKS ?? (process.argv.includes('--quick') ? 60 : 400));

try {
  prebuiltWorkflowBundle();
} catch (e) {
  if (!(e instanceof WorkflowBundleError)) throw e;
  const res = spawnSync('npm', ['run', '--silent', 'bundle'], { cwd: ROOT, stdio: 'inherit' });
  if (res.status !== 0) process.exit(1);
}
const compileFailure = ensureCompiled('worker');
if (compileFailure) throw new Error(compileFailure);

const { url, db, drop } = await benchDatabase();
const env = await TestWorkflowEnvironment.createLocal({
  server: { executable: { type: 'existing-path', path: ensureTemporalCli() }, ip: '127.0.0.1' },
});
const namespace = env.namespace ?? 'default';
const sink = new MailSink({ keep: false });
await sink.start();
const dir = mkdtempSync(join(tmpdir(), 'dobbeltspor-scale-out-'));
const children: ChildProcess[] = [];

/** Enrols N tracks on a task queue no worker polls yet; returns their cohort. */
async function backlog(taskQueue: string): Promise<string> {
  const world = await seedWorld(db);
  const ctx = operationContext(env.client, db, taskQueue);
  const startsOn = localDateAt(Date.now());
  const participants = await Promise.all(Array.from({ length: N }, () => world.participant()));
  for (let i = 0; i < participants.length; i += 8)
    await Promise.all(
      participants
        .slice(i, i + 8)
        .map((participantId) =>
          enrolParticipant(ctx, { participantId, cohortId: world.cohortId, partnershipId: world.partnershipId, startsOn }),
        ),
    );
  return world.cohortId;
}

/** Starts `count` worker processes on the task queue and waits until each polls. */
async function startWorkers(count: number, taskQueue: string): Promise<void> {
  const ready = Array.from({ length: count }, (_, i) => join(dir, `${taskQueue}-${i}`));
  for (const file of ready) {
    const child = spawn(process.execPath, ['scripts/build/run-compiled.mjs', 'worker'], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'ignore'],
      env: {
        ...process.env,
        TEMPORAL_ADDRESS: env.address,
        TEMPORAL_NAMESPACE: namespace,
        TASK_QUEUE: taskQueue,
        DATABASE_URL: url,
        SMTP_URL: sink.smtpUrl,
        DEPLOYMENT: 'development',
        WORKER_WORKFLOW_BUNDLE: 'prebuilt',
        WORKER_READY_FILE: file,
      },
    });
    children.push(child);
  }
  while (!ready.every((f) => existsSync(f))) await new Promise((r) => setTimeout(r, 20));
}

const stopWorkers = async () => {
  await Promise.all(
    children.splice(0).map((c) => {
      const exited = new Promise((r) => c.once('exit', r));
      c.kill('SIGTERM');
      return exited;
    }),
  );
};

try {
  await ensureSearchAttributes(env.connection, namespace);
  console.log(
    `${N} participant tracks enrolled with no worker polling, then worked off; the machine is shared (2 cores), figures under load`,
  );
  const rates: Record<number, number> = {};
  for (const workers of [1, 2]) {
    const taskQueue = `bench-scale-out-${workers}`;
    const cohortId = await backlog(taskQueue);
    const projected = () => db.participantTrack.count({ where: { cohortId, summary: { not: Prisma.DbNull } } });
    await startWorkers(workers, taskQueue);
    const t0 = performance.now();
    const atReady = await projected();
    let done = atReady;
    while (done < N) {
      if (performance.now() - t0 > 20 * 60_000) throw new Error(`only ${done} of ${N} tracks ran within 20 minutes`);
      await new Promise((r) => setTimeout(r, 200));
      done = await projected();
    }
    const ms = performance.now() - t0;
    rates[workers] = (N - atReady) / (ms / 1000);
    console.log(
      `${workers} worker process${workers > 1 ? 'es' : ''}: ${N - atReady} tracks in ${fmt(ms)} after every worker polled (${atReady} before): ${rates[workers]!.toFixed(1)} tracks/s`,
    );
    await stopWorkers();
  }
  console.log(
    `throughput with 2 worker processes: ${rates[2]!.toFixed(1)} tracks/s (${(rates[2]! / rates[1]!).toFixed(2)}x against 1 worker process)`,
  );
} finally {
  await stopWorkers();
  await env.teardown();
  await sink.stop();
  await drop();
  rmSync(dir, { recursive: true, force: true });
}
