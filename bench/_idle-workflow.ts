// The project's workflows plus one that waits for ever: bench/workflow-memory.ts caches hundreds of
// them to weigh what the bundle costs each cached workflow.
import { condition } from '@temporalio/workflow';

export * from '../workflows/index.js';

export async function idleWorkflow(): Promise<void> {
  await condition(() => false);
}
