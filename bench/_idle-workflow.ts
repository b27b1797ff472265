// The project's workflows plus two of nothing: bench/workflow-memory.ts caches hundreds of idle ones
// to weigh what the bundle costs each cached workflow; bench/enrolment-rate.ts starts no-op ones as
// the limit of how fast the server takes workflow starts.
import { condition } from '@temporalio/workflow';

export * from '../workflows/index.js';

export async function idleWorkflow(): Promise<void> {
  await condition(() => false);
}

export async function noopWorkflow(): Promise<void> {}
