// Prebuilds the workflow bundle that production workers load (`npm run bundle`), and refuses one over
// its budget or with a package that must stay out of workflow code (worker/workflow-bundle.ts), with the
// manifest by which a worker refuses it once the workflow code changed (worker/prebuilt-bundle.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { WORKFLOW_BUNDLE_PATH, writeWorkflowBundleManifest } from '../worker/prebuilt-bundle.js';
import { bundleWorkflows } from '../worker/workflow-bundle.js';

const bundle = await bundleWorkflows();
if (bundle.problems.length > 0) {
  console.error(`workflow bundle refused:\n${bundle.problems.map((p) => `  ${p}`).join('\n')}`);
  process.exit(1);
}
mkdirSync(dirname(WORKFLOW_BUNDLE_PATH), { recursive: true });
writeFileSync(WORKFLOW_BUNDLE_PATH, bundle.code);
writeWorkflowBundleManifest(bundle.sources);
console.log(
  `wrote ${WORKFLOW_BUNDLE_PATH}: ${(bundle.codeBytes / 1e6).toFixed(2)} MB of JavaScript (${(bundle.totalBytes / 1e6).toFixed(2)} MB with the inline source map), packages ${bundle.packages.join(', ')}`,
);
