// The workflow bundle `npm run bundle` prebuilds (dist/workflow-bundle.js), so a production worker
// starts without bundling the workflow code, and the manifest of the sources it was built from, so a
// worker refuses a bundle older than the code beside it instead of running yesterday's workflows.
import { existsSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { ROOT, staleReason, writeBuildManifest } from '../scripts/build/build-manifest.mjs';

export const WORKFLOW_BUNDLE_PATH = join(ROOT, 'dist', 'workflow-bundle.js');
export const WORKFLOW_BUNDLE_MANIFEST = join(ROOT, 'dist', 'workflow-bundle.manifest.json');

export class WorkflowBundleError extends Error {
  override name = 'WorkflowBundleError';
}

/**
 * Records what the bundle at WORKFLOW_BUNDLE_PATH was built from: the project files among its
 * source-map sources, and the lockfile, since the bundle holds the workflow SDK's code too.
 */
export function writeWorkflowBundleManifest(sources: string[]): void {
  const inputs = sources
    .filter((s) => isAbsolute(s) && !s.split(sep).includes('node_modules') && existsSync(s))
    .map((s) => relative(ROOT, s).split(sep).join('/'))
    .filter((p) => !p.startsWith('..'));
  writeBuildManifest(WORKFLOW_BUNDLE_MANIFEST, [...inputs, 'package-lock.json']);
}

/** The prebuilt bundle's path; WorkflowBundleError when it is missing or older than its sources. */
export function prebuiltWorkflowBundle(): string {
  const reason = existsSync(WORKFLOW_BUNDLE_PATH) ? staleReason(WORKFLOW_BUNDLE_MANIFEST) : 'it has not been built yet';
  if (reason) {
    throw new WorkflowBundleError(
      `the prebuilt workflow bundle ${relative(process.cwd(), WORKFLOW_BUNDLE_PATH)} cannot be used: ${reason}. ` +
        'Run `npm run bundle` (the Docker image does at build time), or set WORKER_WORKFLOW_BUNDLE=source to bundle the workflow code at start.',
    );
  }
  return WORKFLOW_BUNDLE_PATH;
}
