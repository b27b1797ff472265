// Workflows that go wrong the ways a real one can, for the stuck-workflows view's tests: a bug that
// throws in the workflow code (each workflow task fails and is retried, as with non-determinism), a
// workflow that fails, and one that waits (healthy until terminated).
import { condition } from '@temporalio/workflow';

interface Plan {
  months?: number;
}

/** A bug: the workflow code reads a field of a plan that is not there, so every workflow task fails. */
export async function brokenPlanWorkflow(input: { plan?: Plan }): Promise<number> {
  return input.plan!.months! * 2;
}

/** Waits for nothing: a healthy running workflow, until an operator terminates it. */
export async function waitingWorkflow(): Promise<void> {
  await condition(() => false);
}
