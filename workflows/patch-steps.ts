// Where each changed behaviour of the running workflows stands in its plan. A patch goes in three
// steps, written beside its id:
//   1. `patchApplies(id)` asks `patched(id)`: a run begun before the release keeps the old branch.
//   2. Once a visibility query finds no open run of the workflow started before the release
//      (`temporal workflow count --query 'WorkflowType = "<type>" AND ExecutionStatus = "Running"
//      AND StartTime < "<release>"'`, or the same filter in the Web UI), the id goes into
//      DEPRECATED_PATCHES: `deprecatePatch(id)`, the new branch only, and the recorded histories
//      that took the old branch leave test/histories/.
//   3. Once the same query with step 2's release date finds none, the call and the old branch go.
// Every patch of workflows/ is asked here (linted), so test/patch-plans.test.ts can build the
// workflows with a patch at step 2 and replay the histories that stay.
import { deprecatePatch, patched } from '@temporalio/workflow';

/** Patches at step 2 of their plan. */
export const DEPRECATED_PATCHES: ReadonlySet<string> = new Set<string>([]);

/** Whether the changed behaviour `id` applies to this run (always, once the patch is deprecated). */
export function patchApplies(id: string): boolean {
  if (!DEPRECATED_PATCHES.has(id)) return patched(id);
  deprecatePatch(id);
  return true;
}
