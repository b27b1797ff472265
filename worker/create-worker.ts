import { fileURLToPath } from 'node:url';
import type { DataConverter } from '@temporalio/common';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities/index.js';
import type { WorkerCapacity } from '../config/worker-capacity.js';

export const WORKFLOWS_PATH = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

export interface CreateWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: ActivityDeps;
  maxConcurrentActivityTaskExecutions?: number;
  /** The workflow cache and concurrency (config/worker-capacity.ts); unset: the SDK's defaults (tests). */
  capacity?: WorkerCapacity;
  /** A prebuilt bundle to load (production: worker/prebuilt-bundle.ts); unset, the worker bundles WORKFLOWS_PATH at start. */
  workflowBundlePath?: string;
  /** codec/data-converter.ts's converter (payload encryption), the same the clients use. */
  dataConverter?: DataConverter;
  extra?: Partial<WorkerOptions>;
}

export async function createWorker(opts: CreateWorkerOptions): Promise<Worker> {
  const workflowSource =
    opts.workflowBundlePath !== undefined ? { workflowBundle: { codePath: opts.workflowBundlePath } } : { workflowsPath: WORKFLOWS_PATH };
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
