// What the CLI does with a cohort file: read and validate it, then start the cohort from its content.
import { startCohort, type StartCohortInput, type StartCohortResult } from '../../client/operations/cohorts.js';
import type { OperationContext } from '../../client/operations/context.js';
import { loadCohortFile } from '../../client/operations/files.js';

export async function startCohortFile(
  ctx: OperationContext,
  input: Omit<StartCohortInput, 'content'> & { file: string; programmesDir?: string },
): Promise<StartCohortResult> {
  const { file, programmesDir, ...rest } = input;
  return startCohort(ctx, { ...rest, content: await loadCohortFile(file, { programmesDir }) });
}
