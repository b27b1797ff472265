// What one cached workflow costs the worker: BENCH_WORKFLOWS (default 400) workflows that do nothing
// but wait, bundled with all of the project's workflow code (every cached workflow evaluates the
// bundle's modules again), held in one worker's cache on the time-skipping server. Prints the RSS per
// cached workflow against the figure config/worker-capacity.ts sizes the cache by, and the bundle's
// size against its budget. Before the holiday table, date-holidays made this about 2.4 MB.
import { fileURLToPath } from 'node:url';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { MB_PER_CACHED_WORKFLOW } from '../config/worker-capacity.js';
import { ensureTestServer } from '../scripts/provision/temporal.js';
import { inspectWorkflowBundle, WORKFLOW_BUNDLE_BUDGET_BYTES } from '../worker/workflow-bundle.js';

const N = Number(process.env.BENCH_WORKFLOWS ?? 400);
const MB = 1024 * 1024;
const silent = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };

const { code } = await bundleWorkflowCode({
  workflowsPath: fileURLToPath(new URL('./_idle-workflow.ts', import.meta.url)),
  logger: silent,
});
const bundle = inspectWorkflowBundle(code);
const env = await TestWorkflowEnvironment.createTimeSkipping({
  server: { executable: { type: 'existing-path', path: ensureTestServer() } },
});
const taskQueue = 'bench-workflow-memory';
const worker = await Worker.create({
  connection: env.nativeConnection,
  namespace: env.namespace ?? 'default',
  taskQueue,
  workflowBundle: { code },
  maxCachedWorkflows: N + 10,
});
const running = worker.run();
const settle = async () => {
  await new Promise((r) => setTimeout(r, 3000));
  return process.memoryUsage().rss;
};
try {
  const rssBefore = await settle();
  const handles = [];
  for (let i = 0; i < N; i++)
    handles.push(await env.client.workflow.start('idleWorkflow', { taskQueue, workflowId: `idle-${i}`, args: [] }));
  while (worker.getStatus().numCachedWorkflows < N) await new Promise((r) => setTimeout(r, 500));
  const rssAfter = await settle();
  const perWorkflow = (rssAfter - rssBefore) / MB / N;
  console.log(
    `workflow bundle: ${(bundle.codeBytes / 1e6).toFixed(2)} MB (${(bundle.codeBytes / WORKFLOW_BUNDLE_BUDGET_BYTES).toFixed(2)}x against the budget of ${(WORKFLOW_BUNDLE_BUDGET_BYTES / 1e6).toFixed(2)} MB); ${(bundle.totalBytes / 1e6).toFixed(2)} MB with the inline source map`,
  );
  console.log(
    `RSS per cached workflow: ${perWorkflow.toFixed(2)} MB (${(perWorkflow / MB_PER_CACHED_WORKFLOW).toFixed(2)}x against the ${MB_PER_CACHED_WORKFLOW} MB the worker's default cache assumes)`,
  );
  console.log(
    `  (RSS ${(rssBefore / MB).toFixed(0)} MB with the worker polling, ${(rssAfter / MB).toFixed(0)} MB with ${N} idle workflows cached)`,
  );
  await Promise.all(handles.map((h) => h.terminate()));
} finally {
  if (worker.getState() === 'RUNNING') worker.shutdown();
  await running;
  await env.teardown();
}
