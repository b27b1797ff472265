// A workflow bundle with nothing of the project's: bench/workflow-memory.ts weighs what the SDK alone
// costs each cached workflow, against the project's bundle and its tracks.
import { condition } from '@temporalio/workflow';

export async function idleWorkflow(): Promise<void> {
  await condition(() => false);
}
