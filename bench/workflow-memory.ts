// What a cached workflow costs the worker, at the sizes a worker runs: 1,000 and 2,000 workflows held
// in one worker's cache on the time-skipping server, each size in a process of its own:
// - `bare`: a workflow that only waits, in a bundle of nothing but the SDK (what Temporal costs);
// - `idle`: the same workflow in the project's bundle (what the project's modules add: every cached
//   workflow evaluates the bundle's modules again in its own scope);
// - `track`: participant tracks of the shipped programme with in-memory activities, enrolled and
//   asleep until their next task (what a track's state and handlers add).
// The figure per cached workflow is the growth from 1,000 to 2,000 workflows over 1,000, so the
// worker's fixed costs (and the garbage of starting) cancel out. A last run starts 2,000 tracks on a
// cache of 1,000: the cache must stay at its limit and the memory at the 1,000 tracks' (bounded).
// RSS is the production set-up's (workflows in the worker thread); the live heap is measured once
// more with the workflows in the main thread (debug mode), after a full garbage collection.
// BENCH_WORKFLOWS sets the larger size (the smaller is half of it); --quick: 200, read after 1 s of
// quiet instead of 3.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import type { Activities } from '../activities/index.js';
import { loadProgrammeFile } from '../client/operations/files.js';
import { MB_PER_CACHED_WORKFLOW } from '../config/worker-capacity.js';
import type { ParticipantTrackInput } from '../contracts/participant-track.js';
import { participantTrackWorkflowId } from '../contracts/workflow-ids.js';
import { localDateAt } from '../domain/calendar.js';
import { ensureTestServer } from '../scripts/provision/temporal.js';
import { inspectWorkflowBundle, WORKFLOW_BUNDLE_BUDGET_BYTES } from '../worker/workflow-bundle.js';

const MB = 1024 * 1024;
const silent = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };
type Workload = 'bare' | 'idle' | 'track';
interface Case {
  workload: Workload;
  workflows: number;
  cache: number;
  /** Workflows in the main thread, so the live heap can be measured after a full collection. */
  heap: boolean;
  bundlePath: string;
  /** How long the worker is left alone before its memory is read (at the start and at the end). */
  settleMs: number;
}
interface Measured {
  rssBaseMb: number;
  rssMb: number;
  peakRssMb: number;
  heapBaseMb: number;
  heapMb: number;
  cached: number;
  peakCached: number;
}

const caseJson = process.env.BENCH_MEMORY_CASE;
if (caseJson) {
  // The parent prints each case's figures; the worker's state changes of 14 children would bury them.
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const result = await measure(JSON.parse(caseJson) as Case);
  console.log(`RESULT ${JSON.stringify(result)}`);
  process.exit(0);
}

// ── the parent: bundles once, one child process per case ─────────────────────────────────────
const QUICK = process.argv.includes('--quick');
const LARGE = Number(process.env.BENCH_WORKFLOWS ?? (QUICK ? 200 : 2000));
/** A few hundred workflows settle in a second; --quick runs 14 workers, so this is most of its time. */
const SETTLE_MS = QUICK ? 1000 : 3000;
const SMALL = Math.floor(LARGE / 2);
const dir = mkdtempSync(join(tmpdir(), 'dobbeltspor-bench-memory-'));
const bundles = {} as Record<Workload, string>;
let projectBundle;
for (const [workload, file] of [
  ['bare', './_bare-workflow.ts'],
  ['idle', './_idle-workflow.ts'],
] as const) {
  const { code } = await bundleWorkflowCode({ workflowsPath: fileURLToPath(new URL(file, import.meta.url)), logger: silent });
  if (workload === 'idle') projectBundle = inspectWorkflowBundle(code);
  bundles[workload] = join(dir, `${workload}.js`);
  writeFileSync(bundles[workload], code);
}
bundles.track = bundles.idle;

function run(c: Omit<Case, 'bundlePath' | 'heap' | 'settleMs'>, heap = false): Measured {
  const args = ['--import', 'tsx', ...(heap ? ['--expose-gc'] : []), fileURLToPath(import.meta.url)];
  const env = { ...process.env, BENCH_MEMORY_CASE: JSON.stringify({ ...c, heap, bundlePath: bundles[c.workload], settleMs: SETTLE_MS }) };
  const child = spawnSync(process.execPath, args, { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * MB });
  const line = child.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (child.status !== 0 || !line)
    throw new Error(`the ${c.workload} run of ${c.workflows} failed (exit ${child.status}):\n${child.stdout}`);
  return JSON.parse(line.slice('RESULT '.length)) as Measured;
}

const f = (mb: number) => `${mb.toFixed(2)} MB`;
const perWorkflow = (small: Measured, large: Measured, key: 'rssMb' | 'heapMb') =>
  (large[key] - small[key]) / (large.cached - small.cached);
try {
  console.log(
    `workflow bundle: ${(projectBundle!.codeBytes / 1e6).toFixed(2)} MB (${(projectBundle!.codeBytes / WORKFLOW_BUNDLE_BUDGET_BYTES).toFixed(2)}x against the budget of ${(WORKFLOW_BUNDLE_BUDGET_BYTES / 1e6).toFixed(2)} MB); ${(projectBundle!.totalBytes / 1e6).toFixed(2)} MB with the inline source map`,
  );
  const rows: Array<[string, number, number]> = [];
  let trackRss = 0;
  for (const workload of ['bare', 'idle', 'track'] as const) {
    const small = run({ workload, workflows: SMALL, cache: LARGE + 10 });
    const large = run({ workload, workflows: LARGE, cache: LARGE + 10 });
    const smallHeap = run({ workload, workflows: SMALL, cache: LARGE + 10 }, true);
    const largeHeap = run({ workload, workflows: LARGE, cache: LARGE + 10 }, true);
    const rss = perWorkflow(small, large, 'rssMb');
    const heap = perWorkflow(smallHeap, largeHeap, 'heapMb');
    if (workload === 'track') trackRss = rss;
    rows.push([workload, rss, heap]);
    console.log(
      `${workload.padEnd(6)} RSS ${f(small.rssBaseMb)} polling, ${f(small.rssMb)} with ${small.cached} cached, ${f(large.rssMb)} with ${large.cached}; ` +
        `live heap ${f(smallHeap.heapMb)} with ${smallHeap.cached}, ${f(largeHeap.heapMb)} with ${largeHeap.cached}`,
    );
  }
  console.log('per cached workflow (growth from the smaller size to the larger):');
  for (const [workload, rss, heap] of rows) console.log(`  ${workload.padEnd(6)} RSS ${f(rss)}, live heap ${f(heap)}`);

  // Bounded: twice the cache's worth of tracks; the cache stays at its limit, the memory at its size's.
  const bounded = run({ workload: 'track', workflows: LARGE, cache: SMALL });
  const full = run({ workload: 'track', workflows: SMALL, cache: LARGE + 10 });
  console.log(
    `${LARGE} tracks on a cache of ${SMALL}: peak ${bounded.peakCached} cached, RSS ${f(bounded.rssMb)} (peak ${f(bounded.peakRssMb)}) ` +
      `against ${f(full.rssMb)} (peak ${f(full.peakRssMb)}) for ${full.cached} tracks all cached: ${(bounded.rssMb / full.rssMb).toFixed(2)}x`,
  );
  console.log(
    `RSS per cached track: ${trackRss.toFixed(2)} MB (${(trackRss / MB_PER_CACHED_WORKFLOW).toFixed(2)}x against the ${MB_PER_CACHED_WORKFLOW} MB the worker's cache is sized by)`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}

// ── a child: one workload at one size ────────────────────────────────────────────────────────
async function measure(c: Case): Promise<Measured> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: ensureTestServer() } },
  });
  const taskQueue = 'bench-workflow-memory';
  let started = 0;
  const noop = async () => undefined;
  const mail = async (input: { idempotencyKey: string }) => ({ outboxId: input.idempotencyKey, messageId: '<bench>', sentNow: true });
  const activities: Partial<Activities> = {
    projectParticipantTrack: async () => {
      started++;
      return { written: true };
    },
    sendParticipantMail: mail,
    sendParticipantDigest: mail,
    writeAttendance: noop as unknown as Activities['writeAttendance'],
  };
  const worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowBundle: { codePath: c.bundlePath },
    activities,
    maxCachedWorkflows: c.cache,
    debugMode: c.heap,
  });
  const running = worker.run();
  let peakRss = 0;
  let peakCached = 0;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    peakCached = Math.max(peakCached, worker.getStatus().numCachedWorkflows);
  }, 100);
  const settle = async () => {
    await new Promise((r) => setTimeout(r, c.settleMs));
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const m = process.memoryUsage();
    return { rss: m.rss / MB, heap: m.heapUsed / MB };
  };
  try {
    const base = await settle();
    const plan = (await loadProgrammeFile(fileURLToPath(new URL('../programmes/growth-partnership-2019.yaml', import.meta.url))))
      .participant;
    const startsOn = localDateAt(Number(await env.currentTimeMs()) + 14 * 86_400_000);
    let next = 0;
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        while (next < c.workflows) {
          const i = next++;
          if (c.workload === 'track') {
            const trackId = `cm9bench${String(i).padStart(17, '0')}`;
            const input: ParticipantTrackInput = {
              trackId,
              cohortId: 'klynge-1-2019',
              partnershipId: 'p-kolding',
              municipalityCode: '621',
              plan,
              startsOn,
              closingDays: ['2019-12-27'],
            };
            await env.client.workflow.start('participantTrackWorkflow', {
              taskQueue,
              workflowId: participantTrackWorkflowId(trackId),
              args: [input],
            });
          } else await env.client.workflow.start('idleWorkflow', { taskQueue, workflowId: `idle-${i}`, args: [] });
        }
      }),
    );
    // Every workflow has run its first task (a track has projected itself) and the worker is idle.
    const expected = Math.min(c.workflows, c.cache);
    const done = () => (c.workload === 'track' ? started >= c.workflows : worker.getStatus().numCachedWorkflows >= expected);
    while (!done()) await new Promise((r) => setTimeout(r, 250));
    const end = await settle();
    const cached = worker.getStatus().numCachedWorkflows;
    return {
      rssBaseMb: base.rss,
      rssMb: end.rss,
      peakRssMb: Math.max(peakRss / MB, end.rss),
      heapBaseMb: base.heap,
      heapMb: end.heap,
      cached,
      peakCached,
    };
  } finally {
    clearInterval(sampler);
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await running;
    await env.teardown();
  }
}
