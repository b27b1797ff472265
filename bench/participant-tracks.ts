// Participant tracks at cohort scale on the real time-skipping server: N tracks enrolled on one day,
// then 13 months of workflow time skipped with one worker. No staff ever records attendance, the
// worst case for e-mail: every week sends a reminder, and repeated absence an escalation. Prints the
// wall time per track-year, the e-mails, each track's history (events and bytes over all its runs,
// continue-as-new included) and the worker process's memory, once with the SDK's default workflow
// cache and once with the cache held to BENCH_SMALL_CACHE workflows (each in a process of its own,
// so one run's memory does not colour the other's), and the ratios between the two.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { createMailTransport } from '../activities/mail/transport.js';
import { assignMentor } from '../client/operations/participants.js';
import { enrolParticipant } from '../client/operations/enrolment.js';
import { addMonths, localDateAt } from '../domain/calendar.js';
import { ensureTestServer } from '../scripts/provision/temporal.js';
import { MailSink } from '../scripts/mail-sink.js';
import { operationContext, seedWorld } from '../test/support/participant-world.js';
import { createWorker } from '../worker/create-worker.js';
import { BENCH_WORKER_CONFIG, benchDatabase, fmt, percentile } from './_support.js';

const N = Number(process.env.BENCH_PARTICIPANTS ?? 50);
const SMALL_CACHE = Number(process.env.BENCH_SMALL_CACHE ?? 10);
const MB = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

interface RunResult {
  skipMs: number;
  peakRss: number;
  rssBefore: number;
}

const cacheSetting = process.env.BENCH_WORKFLOW_CACHE;
if (cacheSetting === undefined) {
  // The parent: one child process per cache setting, then the comparison.
  const results: Record<string, RunResult> = {};
  for (const setting of ['default', String(SMALL_CACHE)]) {
    console.log(`\n--- workflow cache: ${setting === 'default' ? "the SDK's default" : `${setting} workflows`} ---`);
    const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
      env: { ...process.env, BENCH_WORKFLOW_CACHE: setting },
      stdio: ['ignore', 'pipe', 'inherit'],
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    const lines = child.stdout.split('\n');
    process.stdout.write(lines.filter((l) => !l.startsWith('RESULT ')).join('\n'));
    const result = lines.find((l) => l.startsWith('RESULT '));
    if (child.status !== 0 || !result) process.exit(child.status ?? 1);
    results[setting] = JSON.parse(result.slice('RESULT '.length)) as RunResult;
  }
  const big = results.default!;
  const small = results[String(SMALL_CACHE)]!;
  console.log(
    `\nratio cache ${SMALL_CACHE} / default: wall time ${(small.skipMs / big.skipMs).toFixed(2)}x, ` +
      `memory growth while running ${((small.peakRss - small.rssBefore) / (big.peakRss - big.rssBefore)).toFixed(2)}x`,
  );
  process.exit(0);
}

const { db, drop } = await benchDatabase();
const env = await TestWorkflowEnvironment.createTimeSkipping({
  server: { executable: { type: 'existing-path', path: ensureTestServer() } },
});
// The sink counts the mail without keeping it, so the memory figures are the worker's own.
const sink = new MailSink({ keep: false });
await sink.start();
const mailer = createMailTransport(sink.smtpUrl);
const taskQueue = 'bench-participant-tracks';
const worker = await createWorker({
  connection: env.nativeConnection,
  namespace: env.namespace ?? 'default',
  taskQueue,
  extra: cacheSetting === 'default' ? {} : { maxCachedWorkflows: Number(cacheSetting) },
  deps: {
    db,
    mailer,
    config: BENCH_WORKER_CONFIG,
  },
});
const running = worker.run();
let peakRss = process.memoryUsage().rss;
let peakHeap = process.memoryUsage().heapUsed;
const sampler = setInterval(() => {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
}, 100);
const rssBefore = process.memoryUsage().rss;
const heapBefore = process.memoryUsage().heapUsed;

try {
  const world = await seedWorld(db);
  const ctx = operationContext(env.client, db, taskQueue);
  const startsOn = localDateAt(Number(await env.currentTimeMs()));
  const participants = await Promise.all(Array.from({ length: N }, () => world.participant()));

  const enrolStart = performance.now();
  const tracks = [];
  for (const participantId of participants) {
    const { trackId, workflowId } = await enrolParticipant(ctx, {
      participantId,
      cohortId: world.cohortId,
      partnershipId: world.partnershipId,
      startsOn,
    });
    await assignMentor(ctx, trackId, world.staff.mentor);
    tracks.push({ trackId, workflowId });
  }
  const enrolMs = performance.now() - enrolStart;
  console.log(`enrolled ${N} tracks (start + mentor update) in ${fmt(enrolMs)}  (${fmt(enrolMs / N)} a track)`);

  const months = 13;
  const target = Date.parse(`${addMonths(startsOn, months)}T10:00:00Z`);
  const skipStart = performance.now();
  // Month by month, so the figures show progress on a long run.
  for (let m = 1; m <= months; m++) {
    const until = Math.min(target, Date.parse(`${addMonths(startsOn, m)}T10:00:00Z`));
    const now = Number(await env.currentTimeMs());
    if (until > now) await env.sleep(until - now);
    process.stderr.write(`\r  month ${m}/${months}: ${sink.received} e-mails, ${fmt(performance.now() - skipStart)}`);
  }
  const skipMs = performance.now() - skipStart;
  process.stderr.write('\n');
  const trackYears = (N * months) / 12;
  console.log(
    `${months} months of ${N} tracks in ${fmt(skipMs)}  (${fmt(skipMs / trackYears)} a track-year); ${sink.received} e-mails (${(sink.received / N).toFixed(1)} a track)`,
  );

  /** Every run of a workflow, newest first: each run's first event names the run it continues. */
  async function allRuns(workflowId: string) {
    const runs = [];
    let runId: string | undefined;
    do {
      const history = await env.client.workflow.getHandle(workflowId, runId).fetchHistory();
      runs.push(history);
      runId = history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
    } while (runId);
    return runs;
  }

  const projected = await db.participantTrack.count({ where: { cohortId: world.cohortId } });
  const sizes: Array<{ runs: number; events: number; largestRun: number; bytes: number }> = [];
  for (const t of tracks) {
    const chain = await allRuns(t.workflowId);
    sizes.push({
      runs: chain.length,
      events: chain.reduce((sum, h) => sum + (h.events?.length ?? 0), 0),
      largestRun: Math.max(...chain.map((h) => h.events?.length ?? 0)),
      bytes: chain.reduce((sum, h) => sum + JSON.stringify(h).length, 0),
    });
  }
  const sorted = (key: 'events' | 'bytes' | 'largestRun') => sizes.map((s) => s[key]).sort((a, b) => a - b);
  console.log(
    `history per track: ${percentile(sorted('events'), 50)} events (p95 ${percentile(sorted('events'), 95)}) over ${Math.max(...sizes.map((s) => s.runs))} runs at most, ` +
      `largest run ${percentile(sorted('largestRun'), 100)} events; ${(percentile(sorted('bytes'), 50) / 1024).toFixed(0)} KiB (p95 ${(percentile(sorted('bytes'), 95) / 1024).toFixed(0)} KiB) as JSON`,
  );
  console.log(`projection rows ${projected} of ${N}`);
  console.log(
    `worker process memory (RSS, the worker's workflow bundle loaded): ${MB(rssBefore)} before the tracks, peak ${MB(peakRss)} while they ran (+${MB(peakRss - rssBefore)}); JS heap in use ${MB(heapBefore)} before, peak ${MB(peakHeap)}`,
  );
  console.log(`RESULT ${JSON.stringify({ skipMs, peakRss, rssBefore } satisfies RunResult)}`);
} finally {
  clearInterval(sampler);
  worker.shutdown();
  await running;
  mailer.close();
  await env.teardown();
  await sink.stop();
  await drop();
}
