// A cohort of BENCH_COMPANIES companies and BENCH_PARTICIPANTS participants (default 100 and 1,000,
// the size that once ran the worker out of memory) started from a cohort file on one worker with the
// capacity `npm run worker` derives from its configuration, on the real time-skipping server. The
// time then skips past the boot camp into the tracks' first weeks, and every track must have moved on:
// each participant into work-readiness training, each company past its boot camp. Runs twice, each in a
// process of its own: with the default WORKER_MEMORY_MB, and with BENCH_SMALL_MEMORY_MB (default 600),
// whose cache holds a fraction of the workflows, so the worker must evict and replay. Prints the peak
// memory against the budget, the cache against its limit, and the RSS each cached workflow costs.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { createMailTransport } from '../activities/mail/transport.js';
import { startCohort } from '../client/operations/cohorts.js';
import { loadCohortFile } from '../client/operations/files.js';
import { loadConfig } from '../config/index.js';
import { MB_PER_CACHED_WORKFLOW, workerCapacity } from '../config/worker-capacity.js';
import { addDays, localDateAt } from '../domain/calendar.js';
import { Prisma } from '../prisma/client.js';
import { ensureTestServer } from '../scripts/provision/temporal.js';
import { MailSink } from '../scripts/mail-sink.js';
import { createWorker } from '../worker/create-worker.js';
import { writeBenchCohortFile } from './_cohort-file.js';
import { BENCH_WORKER_CONFIG, benchDatabase, fmt } from './_support.js';

const COMPANIES = Number(process.env.BENCH_COMPANIES ?? 100);
const PARTICIPANTS = Number(process.env.BENCH_PARTICIPANTS ?? 1000);
const SMALL_MEMORY_MB = process.env.BENCH_SMALL_MEMORY_MB ?? '600';
const MB = 1024 * 1024;
/** Issue target: a cohort of 1,000 participants and 100 companies has every track past its first tasks within 30 s. */
const START_TARGET_S = 30;
const line = (name: string, value: number, unit: string, limit: number, limitName: string) =>
  console.log(
    `${name}: ${value.toFixed(unit === 'MB' || unit === 's' ? 1 : 0)} ${unit} (${(value / limit).toFixed(2)}x against ${limitName})`,
  );

const setting = process.env.BENCH_COHORT_SETTING;
if (setting === undefined) {
  // The parent: one child process per memory setting.
  let failed = false;
  for (const [name, memory] of [
    ['default', undefined],
    ['small', SMALL_MEMORY_MB],
  ] as const) {
    console.log(`\n--- WORKER_MEMORY_MB ${memory ?? `unset (default ${loadConfig({}).WORKER_MEMORY_MB})`} ---`);
    const env: NodeJS.ProcessEnv = { ...process.env, BENCH_COHORT_SETTING: name };
    if (memory) env.WORKER_MEMORY_MB = memory;
    else delete env.WORKER_MEMORY_MB;
    const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], { env, stdio: 'inherit' });
    if (child.status !== 0) {
      console.log(`the run with WORKER_MEMORY_MB ${memory ?? 'unset'} failed (exit ${child.status ?? child.signal})`);
      failed = true;
    }
  }
  process.exit(failed ? 1 : 0);
}

const config = loadConfig({ ...process.env });
const capacity = workerCapacity(config).capacity!;
const { db, drop } = await benchDatabase();
const env = await TestWorkflowEnvironment.createTimeSkipping({
  server: { executable: { type: 'existing-path', path: ensureTestServer() } },
});
const sink = new MailSink({ keep: false });
await sink.start();
const mailer = createMailTransport(sink.smtpUrl);
const taskQueue = 'bench-cohort-scale';
const worker = await createWorker({
  connection: env.nativeConnection,
  namespace: env.namespace ?? 'default',
  taskQueue,
  capacity,
  maxConcurrentActivityTaskExecutions: config.WORKER_MAX_CONCURRENT_ACTIVITIES,
  deps: {
    db,
    mailer,
    config: BENCH_WORKER_CONFIG,
  },
});
const running = worker.run();
const dir = mkdtempSync(join(tmpdir(), 'dobbeltspor-bench-'));
let peakRss = 0;
let peakCached = 0;
const sample = () => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  peakCached = Math.max(peakCached, worker.getStatus().numCachedWorkflows);
};
const sampler = setInterval(sample, 100);
const idle = async () => {
  // Settles the heap so RSS reflects what the cache holds, not garbage of the last tasks.
  await new Promise((r) => setTimeout(r, 3000));
  return process.memoryUsage().rss;
};
console.log(
  `capacity: ${capacity.maxCachedWorkflows} cached workflows, ${capacity.maxConcurrentWorkflowTaskExecutions} workflow tasks at a time, for ${capacity.memoryMb} MB`,
);

try {
  const file = writeBenchCohortFile(dir, { companies: COMPANIES, participants: PARTICIPANTS });
  const rssBefore = await idle();
  const year = Number(localDateAt(Number(await env.currentTimeMs())).slice(0, 4)) + 1;
  const ctx = { client: env.client, db, taskQueue, namespace: env.namespace ?? 'default' };

  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const started = await startCohort(ctx, { content: await loadCohortFile(file), year });
  const cohortId = started.cohortId;
  // The rows written and the cohort's workflow started; its children start after.
  console.log(`cohort file written and the cohort started in ${fmt(performance.now() - t0)}`);
  // The cohort writes the participants' rows before it starts their workflows; each workflow fills in its summary.
  const tracks = () =>
    Promise.all([
      db.participantTrack.count({ where: { cohortId, summary: { not: Prisma.DbNull } } }),
      db.companyTrack.count({ where: { cohortId, summary: { not: Prisma.DbNull } } }),
    ]);
  for (;;) {
    const [p, c] = await tracks();
    process.stderr.write(
      `\r  started ${p}/${PARTICIPANTS} participant and ${c}/${COMPANIES} company tracks, ${worker.getStatus().numCachedWorkflows} workflows cached`,
    );
    if (p === PARTICIPANTS && c === COMPANIES) break;
    if (performance.now() - t0 > 30 * 60_000) throw new Error('the tracks did not all start within 30 minutes');
    await new Promise((r) => setTimeout(r, 2000));
  }
  process.stderr.write('\n');
  const startMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  console.log(`started ${PARTICIPANTS} participant and ${COMPANIES} company tracks in ${fmt(startMs)}`);
  line('every track past its first tasks', startMs / 1000, 's', START_TARGET_S, `the ${START_TARGET_S} s target`);
  // CPU of this process (the worker's threads, the client and the polling) meanwhile: on a shared
  // machine the wall time follows the load, the CPU a track costs much less.
  console.log(
    `  CPU of the worker process meanwhile: ${(cpuMs / 1000).toFixed(1)} s, ${(cpuMs / (PARTICIPANTS + COMPANIES)).toFixed(1)} ms a track`,
  );

  // Past the boot camp and the tracks' start into their second week of training.
  const startsOn = `${year}-12-02`;
  const target = Date.parse(`${addDays(startsOn, 10)}T12:00:00Z`);
  const t1 = performance.now();
  await env.sleep(target - Number(await env.currentTimeMs()));
  const moved = () =>
    Promise.all([
      db.participantTrack.count({ where: { cohortId, phase: { not: 'ENROLLED' } } }),
      db.companyTrack.count({ where: { cohortId, phase: { notIn: ['RECRUITED', 'BOOT_CAMP'] } } }),
    ]);
  let [participantsMoved, companiesMoved] = await moved();
  while (participantsMoved < PARTICIPANTS || companiesMoved < COMPANIES) {
    if (performance.now() - t1 > 30 * 60_000) break;
    await new Promise((r) => setTimeout(r, 2000));
    [participantsMoved, companiesMoved] = await moved();
  }
  const skipMs = performance.now() - t1;
  const workflows = PARTICIPANTS + COMPANIES + 1 + (await db.campInvitation.count({ where: { camp: { cohortId } } }));
  sample();
  const rssEnd = await idle();
  const cachedEnd = worker.getStatus().numCachedWorkflows;

  console.log(`skipped to ${addDays(startsOn, 10)} in ${fmt(skipMs)}; ${sink.received} e-mails`);
  line('workflows in the cohort', workflows, 'workflows', capacity.maxCachedWorkflows, 'the cache');
  line('peak cached workflows', peakCached, 'workflows', capacity.maxCachedWorkflows, 'maxCachedWorkflows');
  line('peak RSS', peakRss / MB, 'MB', capacity.memoryMb, `WORKER_MEMORY_MB ${capacity.memoryMb}`);
  line('RSS at the end', rssEnd / MB, 'MB', capacity.memoryMb, `WORKER_MEMORY_MB ${capacity.memoryMb}`);
  line(
    'RSS per cached workflow',
    (rssEnd - rssBefore) / MB / Math.max(cachedEnd, 1),
    'MB',
    MB_PER_CACHED_WORKFLOW,
    `the ${MB_PER_CACHED_WORKFLOW} MB the default assumes`,
  );
  console.log(
    `  (RSS ${(rssBefore / MB).toFixed(0)} MB with the worker polling, ${(rssEnd / MB).toFixed(0)} MB at the end with ${cachedEnd} workflows cached)`,
  );
  line('participant tracks in training', participantsMoved, 'tracks', PARTICIPANTS, 'all');
  line('company tracks past the boot camp', companiesMoved, 'tracks', COMPANIES, 'all');
  if (participantsMoved < PARTICIPANTS || companiesMoved < COMPANIES) throw new Error('not every track moved on');
} finally {
  clearInterval(sampler);
  if (worker.getState() === 'RUNNING') worker.shutdown();
  await running.catch((e: unknown) => console.error('the worker failed:', e));
  mailer.close();
  await env.teardown();
  await sink.stop();
  await drop();
  rmSync(dir, { recursive: true, force: true });
}
