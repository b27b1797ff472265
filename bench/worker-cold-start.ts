// Worker cold start: from spawning `npm run worker`'s process (the worker compiled to JavaScript,
// scripts/build/run-compiled.mjs) to the worker polling its task queue
// (the moment it writes WORKER_READY_FILE, right before it runs), on a local Temporal dev server.
// With the prebuilt workflow bundle (WORKER_WORKFLOW_BUNDLE=prebuilt, production's default) against
// bundling the workflow code at start (`source`), and the prebuilt bundle with the worker's sources
// compiled at start by tsx (as before the worker was compiled), alternately, BENCH_COLD_STARTS times each (default
// 5, --quick 2). Goal: < 2 s prebuilt. Builds the bundle first when it is missing or stale.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { ensureCompiled } from '../scripts/build/ensure-compiled.mjs';
import { ensureTemporalCli } from '../scripts/provision/temporal.js';
import { prebuiltWorkflowBundle, WorkflowBundleError } from '../worker/prebuilt-bundle.js';
import { fmt, percentile } from './_support.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNS = Number(process.env.BENCH_COLD_STARTS ?? (process.argv.includes('--quick') ? 2 : 5));
const GOAL_MS = 2000;

try {
  prebuiltWorkflowBundle();
} catch (e) {
  if (!(e instanceof WorkflowBundleError)) throw e;
  console.log(`building the workflow bundle first (${e.message.split(': ')[1]?.split('.')[0]})`);
  const res = spawnSync('npm', ['run', '--silent', 'bundle'], { cwd: ROOT, stdio: 'inherit' });
  if (res.status !== 0) process.exit(1);
}

const compileFailure = ensureCompiled('worker');
if (compileFailure) throw new Error(compileFailure);

const env = await TestWorkflowEnvironment.createLocal({
  server: { executable: { type: 'existing-path', path: ensureTemporalCli() }, ip: '127.0.0.1' },
});
const dir = mkdtempSync(join(tmpdir(), 'dobbeltspor-cold-start-'));

/** Milliseconds from spawn to the ready file; the worker is then stopped. */
type Mode = 'prebuilt' | 'source' | 'prebuilt, sources through tsx';
async function coldStart(mode: Mode, run: number): Promise<number> {
  const ready = join(dir, `${mode.replace(/\W+/g, '-')}-${run}`);
  const started = performance.now();
  // The third: the worker's TypeScript compiled at start by tsx, as `npm run worker` ran it before.
  const entry =
    mode === 'prebuilt, sources through tsx'
      ? ['--import', 'tsx', 'scripts/entry.ts', 'worker/main.ts']
      : ['scripts/build/run-compiled.mjs', 'worker'];
  const child = spawn(process.execPath, entry, {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: env.address,
      TASK_QUEUE: `bench-cold-start-${run}-${mode.replace(/\W+/g, '-')}`,
      // The worker connects to PostgreSQL only when an activity runs: none does here.
      DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/none',
      DEPLOYMENT: 'development',
      WORKER_WORKFLOW_BUNDLE: mode === 'source' ? 'source' : 'prebuilt',
      WORKER_READY_FILE: ready,
    },
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  let code: number | null | undefined;
  void exited.then((c) => (code = c));
  while (!existsSync(ready)) {
    if (code !== undefined) throw new Error(`the worker (${mode}) exited with ${code} before polling:\n${stderr}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  const ms = performance.now() - started;
  child.kill('SIGTERM');
  await exited;
  return ms;
}

const MODES: Mode[] = ['prebuilt', 'source', 'prebuilt, sources through tsx'];
const times = Object.fromEntries(MODES.map((m) => [m, [] as number[]])) as Record<Mode, number[]>;
try {
  for (let i = 0; i < RUNS; i++) {
    for (const mode of MODES) times[mode].push(await coldStart(mode, i));
  }
} finally {
  await env.teardown();
  rmSync(dir, { recursive: true, force: true });
}
const median = (xs: number[]) =>
  percentile(
    [...xs].sort((a, b) => a - b),
    50,
  );
for (const mode of MODES) console.log(`${mode.padEnd(30)} ${times[mode].map(fmt).join(', ')}`);
const prebuilt = median(times.prebuilt);
const source = median(times.source);
console.log(`worker cold start, bundling at start: ${(source / 1000).toFixed(2)} s`);
console.log(
  `worker cold start, prebuilt bundle, sources through tsx: ${(median(times['prebuilt, sources through tsx']) / 1000).toFixed(2)} s`,
);
console.log(
  `worker cold start, prebuilt bundle: ${(prebuilt / 1000).toFixed(2)} s (${(prebuilt / source).toFixed(2)}x against bundling at start; ${(prebuilt / GOAL_MS).toFixed(2)}x against the ${GOAL_MS / 1000} s goal)`,
);
