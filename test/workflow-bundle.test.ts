// Every cached workflow evaluates the bundle's modules again, so what workflow code imports is paid
// for per workflow: this keeps the bundle within its budget and the time-zone database out of it.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundleWorkflows, WORKFLOW_BUNDLE_BUDGET_BYTES } from '../worker/workflow-bundle.js';

describe('the workflow bundle', () => {
  it('stays within its budget and holds no holiday library, moment, time-zone database or zod', async () => {
    const bundle = await bundleWorkflows();
    expect(bundle.problems).toEqual([]);
    expect(bundle.codeBytes).toBeLessThanOrEqual(WORKFLOW_BUNDLE_BUDGET_BYTES);
    expect(bundle.packages).not.toContain('date-holidays');
    expect(bundle.packages.filter((p) => p.startsWith('moment'))).toEqual([]);
    // Its schemas would be built again in every workflow started.
    expect(bundle.packages).not.toContain('zod');
    // The calendar reads its generated table instead.
    expect(bundle.code).toContain('Nytårsaftensdag');
  });

  it('is refused, naming the package, when workflow code imports date-holidays', async () => {
    const bundle = await bundleWorkflows(fileURLToPath(new URL('./fixtures/workflow-with-date-holidays.ts', import.meta.url)));
    expect(bundle.packages).toEqual(expect.arrayContaining(['date-holidays', 'moment-timezone']));
    expect(bundle.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^the workflow bundle is \d+\.\d\d MB of JavaScript, over its budget of 1\.50 MB$/),
        expect.stringContaining('workflow code imports date-holidays'),
        expect.stringContaining('workflow code imports moment-timezone'),
      ]),
    );
  });
});
