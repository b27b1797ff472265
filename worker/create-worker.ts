import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DataConverter } from '@temporalio/common';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities/index.js';
import type { WorkerCapacity } from '../config/worker-capacity.js';

export const WORKFLOWS_PATH = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));
/** Written by `npm run bundle`; production workers load it instead of bundling at start-up. */
export const WORKFLOW_BUNDLE_PATH = fileURLToPath(new URL('../dist/workflow-bundle.js', import.meta.url));

export interface CreateWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: ActivityDeps;
  maxConcurrentActivityTaskExecutions?: number;
  /** The workflow cache and concurrency (config/worker-capacity.ts); unset: the SDK's defaults (tests). */
  capacity?: WorkerCapacity;
  /** Use the prebuilt bundle when it exists (production); tests and dev bundle from source. */
  preferBundle?: boolean;
  /** codec/data-converter.ts's converter (payload encryption), the same the clients use. */
  dataConverter?: DataConverter;
  extra?: Partial<WorkerOptions>;
}

export async function createWorker(opts: CreateWorkerOptions): Promise<Worker> {
  const workflowSource =
    opts.preferBundle && existsSync(WORKFLOW_BUNDLE_PATH)
      ? { workflowBundle: { codePath: WORKFLOW_BUNDLE_PATH } }
      : { workflowsPath: WORKFLOWS_PATH };
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    activities: createActivities(opts.deps),
    maxConcurrentActivityTaskExecutions: opts.maxConcurrentActivityTaskExecutions,
    maxCachedWorkflows: opts.capacity?.maxCachedWorkflows,
    maxConcurrentWorkflowTaskExecutions: opts.capacity?.maxConcurrentWorkflowTaskExecutions,
    dataConverter: opts.dataConverter,
    ...workflowSource,
    ...opts.extra,
  });
}
