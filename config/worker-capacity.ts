// How many workflows one worker keeps in its cache, derived from the memory it may use. A cached
// workflow keeps its whole sandbox in memory; the SDK's own default (600 workflows per GB of heap,
// 2,310 on a machine with a 4 GB heap) assumed less than Dobbeltspor's workflows cost, and a cohort of
// 1,100 tracks ran the workflow thread out of memory (ERR_WORKER_OUT_OF_MEMORY). A worker whose
// cache is full evicts the least recently used workflow and replays it from its history when it is
// needed again: slower, never out of memory.
import { getHeapStatistics } from 'node:v8';

/**
 * RSS of a worker that polls, its workflow bundle built and loaded and nothing cached: 380 MB measured
 * (`npm run bench -- workflow-memory`), rounded up.
 */
export const WORKER_BASE_MB = 400;
/**
 * Memory a cached workflow may take. Measured with `npm run bench -- workflow-memory`: 0.22 MB for a
 * workflow that only waits (2.38 MB while workflow code imported date-holidays); a track carries its
 * state and the garbage of its last tasks until the next collection, so the cache is sized with room
 * to spare (`npm run bench -- cohort-scale` prints what a started cohort's tracks take).
 */
export const MB_PER_CACHED_WORKFLOW = 1;
/**
 * Workflow tasks run at a time. A track's first task holds its slot while its projection (a local
 * activity) waits for PostgreSQL, so the SDK's 40 left the two cores idle between them when a cohort
 * started: 1,000 participants and 100 companies ran their first tasks in 33-34 s with 40 and 25-28 s
 * with 100, at the same load (`npm run bench -- cohort-scale`, two shared cores, load 6-8, November 2026).
 */
const DEFAULT_CONCURRENT_WORKFLOW_TASKS = 100;

export interface WorkerMemorySettings {
  WORKER_MEMORY_MB: number;
  WORKER_MAX_CACHED_WORKFLOWS?: number | undefined;
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS?: number | undefined;
}

export interface WorkerCapacity {
  maxCachedWorkflows: number;
  maxConcurrentWorkflowTaskExecutions: number;
  /** The memory the cache was sized for: WORKER_MEMORY_MB, or the JS heap's limit when that is smaller. */
  memoryMb: number;
}

/** The JS heap limit of this process; the workflow thread gets the same. */
export function heapLimitMb(): number {
  return Math.floor(getHeapStatistics().heap_size_limit / 1024 / 1024);
}

/** The smallest WORKER_MEMORY_MB that still caches two workflows (the SDK's minimum). */
export const WORKER_MIN_MEMORY_MB = WORKER_BASE_MB + 2 * MB_PER_CACHED_WORKFLOW;

/**
 * The cache and concurrency for the settings, or the problems with them (a message per variable):
 * an explicit cache the memory cannot hold, more concurrent workflow tasks than cached workflows.
 */
export function workerCapacity(
  s: WorkerMemorySettings,
  heapMb = heapLimitMb(),
): { capacity?: WorkerCapacity; issues: Array<{ key: keyof WorkerMemorySettings; message: string }> } {
  const memoryMb = Math.min(s.WORKER_MEMORY_MB, heapMb);
  const fits = Math.floor((memoryMb - WORKER_BASE_MB) / MB_PER_CACHED_WORKFLOW);
  const issues: Array<{ key: keyof WorkerMemorySettings; message: string }> = [];
  if (fits < 2) {
    issues.push({
      key: 'WORKER_MEMORY_MB',
      message: `${memoryMb} MB${memoryMb < s.WORKER_MEMORY_MB ? ` (the JS heap limit)` : ''} leaves no room for cached workflows: a worker needs about ${WORKER_BASE_MB} MB plus ${MB_PER_CACHED_WORKFLOW} MB a cached workflow, at least ${WORKER_MIN_MEMORY_MB} MB`,
    });
    return { issues };
  }
  const maxCachedWorkflows = s.WORKER_MAX_CACHED_WORKFLOWS ?? fits;
  if (maxCachedWorkflows > fits) {
    issues.push({
      key: 'WORKER_MAX_CACHED_WORKFLOWS',
      message: `${maxCachedWorkflows} cached workflows need about ${WORKER_BASE_MB + maxCachedWorkflows * MB_PER_CACHED_WORKFLOW} MB, more than the ${memoryMb} MB of WORKER_MEMORY_MB${memoryMb < s.WORKER_MEMORY_MB ? ' (held to the JS heap limit)' : ''}: at most ${fits}, or raise WORKER_MEMORY_MB`,
    });
  }
  const maxConcurrentWorkflowTaskExecutions =
    s.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS ?? Math.min(DEFAULT_CONCURRENT_WORKFLOW_TASKS, maxCachedWorkflows);
  if (maxConcurrentWorkflowTaskExecutions > maxCachedWorkflows) {
    issues.push({
      key: 'WORKER_MAX_CONCURRENT_WORKFLOW_TASKS',
      message: `${maxConcurrentWorkflowTaskExecutions} concurrent workflow tasks exceed the ${maxCachedWorkflows} cached workflows; a task runs in a cached workflow`,
    });
  }
  return issues.length > 0 ? { issues } : { capacity: { maxCachedWorkflows, maxConcurrentWorkflowTaskExecutions, memoryMb }, issues };
}
