import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config/index.js';
import { MB_PER_CACHED_WORKFLOW, WORKER_BASE_MB, workerCapacity } from '../config/worker-capacity.js';

const HEAP_4GB = 4144;
const capacityOf = (env: NodeJS.ProcessEnv, heapMb = HEAP_4GB) => workerCapacity(loadConfig(env), heapMb);

describe('the worker capacity derived from WORKER_MEMORY_MB', () => {
  it('sizes the cache by default to what 1024 MB hold, far below the SDK default that ran out of memory', () => {
    const { capacity } = capacityOf({});
    const fits = Math.floor((1024 - WORKER_BASE_MB) / MB_PER_CACHED_WORKFLOW);
    expect(capacity).toEqual({ maxCachedWorkflows: fits, maxConcurrentWorkflowTaskExecutions: 100, memoryMb: 1024 });
    // The SDK's default on a 4 GB heap (600 a GB beyond 200 MB) is 2,310: at 2.4 MB each that is 5.5 GB.
    expect(capacity!.maxCachedWorkflows * MB_PER_CACHED_WORKFLOW + WORKER_BASE_MB).toBeLessThanOrEqual(1024);
  });

  it('grows with the budget and is held to the JS heap limit when the budget is larger', () => {
    const big = capacityOf({ WORKER_MEMORY_MB: '8192' }).capacity!;
    expect(big.memoryMb).toBe(HEAP_4GB);
    expect(big.maxCachedWorkflows).toBe(Math.floor((HEAP_4GB - WORKER_BASE_MB) / MB_PER_CACHED_WORKFLOW));
    expect(capacityOf({ WORKER_MEMORY_MB: '2048' }).capacity!.maxCachedWorkflows).toBeGreaterThan(
      capacityOf({}).capacity!.maxCachedWorkflows,
    );
  });

  it('takes a smaller cache and fewer concurrent workflow tasks when asked', () => {
    expect(capacityOf({ WORKER_MAX_CACHED_WORKFLOWS: '20' }).capacity).toEqual({
      maxCachedWorkflows: 20,
      maxConcurrentWorkflowTaskExecutions: 20,
      memoryMb: 1024,
    });
    expect(
      capacityOf({ WORKER_MAX_CACHED_WORKFLOWS: '20', WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '4' }).capacity!
        .maxConcurrentWorkflowTaskExecutions,
    ).toBe(4);
  });

  it.each([
    [{ WORKER_MEMORY_MB: String(WORKER_BASE_MB) }, /WORKER_MEMORY_MB: \d+ MB leaves no room for cached workflows: .* at least \d+ MB/],
    [{ WORKER_MEMORY_MB: 'lots' }, /WORKER_MEMORY_MB: .*number/i],
    [
      { WORKER_MAX_CACHED_WORKFLOWS: '100000' },
      /WORKER_MAX_CACHED_WORKFLOWS: 100000 cached workflows need about \d+ MB, more than the 1024 MB of WORKER_MEMORY_MB: at most \d+/,
    ],
    [{ WORKER_MAX_CACHED_WORKFLOWS: '1' }, /WORKER_MAX_CACHED_WORKFLOWS: must be at least 2/],
    [
      { WORKER_MAX_CACHED_WORKFLOWS: '10', WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '11' },
      /WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: 11 concurrent workflow tasks exceed the 10 cached workflows/,
    ],
  ])('refuses %o naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('refuses a budget larger than the heap can hold only when the heap itself is too small', () => {
    expect(workerCapacity({ WORKER_MEMORY_MB: 4096 }, WORKER_BASE_MB).issues).toEqual([
      { key: 'WORKER_MEMORY_MB', message: expect.stringMatching(/^\d+ MB \(the JS heap limit\) leaves no room/) },
    ]);
  });
});
