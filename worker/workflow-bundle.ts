// What the workflow bundle may hold. Every cached workflow evaluates the bundle's modules again in
// its own scope, so each kilobyte of module code costs memory a thousand times over: date-holidays,
// with moment-timezone's time-zone database, once made a cached workflow cost about 2.4 MB.
import { bundleWorkflowCode } from '@temporalio/worker';
import { WORKFLOWS_PATH } from './create-worker.js';

/** The bundle's JavaScript without its inline source map: 0.7 MB in November 2026, 3.8 MB with date-holidays. */
export const WORKFLOW_BUNDLE_BUDGET_BYTES = 1_500_000;
/** Packages that must stay out of workflow code (activities and the CLI may use them). */
export const KEPT_OUT_OF_WORKFLOWS = [
  'date-holidays',
  'moment',
  'moment-timezone',
  'astronomia',
  'ical-generator',
  'timezones-ical-library',
  // Schemas built at module level are built again for every workflow: tens of milliseconds of the
  // workflow thread per track started (domain/programme.ts's programme schema).
  'zod',
];

export interface WorkflowBundleReport {
  code: string;
  /** Bytes of JavaScript, the inline source map left out. */
  codeBytes: number;
  /** Bytes of the whole file, as `npm run bundle` writes it. */
  totalBytes: number;
  /** The npm packages whose modules the bundle contains. */
  packages: string[];
  /** Why the bundle is refused; empty when it is fine. */
  problems: string[];
  /** The files the bundle was built from, as its source map names them. */
  sources: string[];
}

export async function bundleWorkflows(workflowsPath = WORKFLOWS_PATH): Promise<WorkflowBundleReport> {
  const silent = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };
  const { code } = await bundleWorkflowCode({ workflowsPath, logger: silent });
  return inspectWorkflowBundle(code);
}

export function inspectWorkflowBundle(code: string): WorkflowBundleReport {
  const mapAt = code.lastIndexOf('//# sourceMappingURL=data:application/json');
  const codeBytes = Buffer.byteLength(mapAt < 0 ? code : code.slice(0, mapAt));
  const sources = mapAt < 0 ? [] : sourceMapSources(code.slice(mapAt));
  const packages = [...new Set(sources.flatMap((s) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(s)?.[1] ?? []))].sort();
  const problems = [];
  if (mapAt < 0) problems.push('the bundle has no inline source map, so its modules cannot be listed');
  if (codeBytes > WORKFLOW_BUNDLE_BUDGET_BYTES) {
    problems.push(
      `the workflow bundle is ${(codeBytes / 1e6).toFixed(2)} MB of JavaScript, over its budget of ${(WORKFLOW_BUNDLE_BUDGET_BYTES / 1e6).toFixed(2)} MB`,
    );
  }
  for (const pkg of packages.filter((p) => KEPT_OUT_OF_WORKFLOWS.includes(p))) {
    problems.push(
      `workflow code imports ${pkg}, which every cached workflow would load again: compute with it in an activity or a generated table`,
    );
  }
  return { code, codeBytes, totalBytes: Buffer.byteLength(code), packages, problems, sources };
}

function sourceMapSources(comment: string): string[] {
  const base64 = comment.slice(comment.indexOf(',') + 1).trim();
  return (JSON.parse(Buffer.from(base64, 'base64').toString('utf8')) as { sources: string[] }).sources;
}
