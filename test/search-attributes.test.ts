import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { ensureSearchAttributes, startSearchAttributes } from '../client/search-attributes.js';
import { participantTrackWorkflow } from '../workflows/index.js';
import { COHORT, PHASE } from '../contracts/search-attributes.js';
import { testProgramme } from './support/participant-world.js';
import { startDevServer, startTimeSkippingServer, uniqueId } from './support/temporal.js';

describe('custom search attributes', () => {
  let dev: TestWorkflowEnvironment;
  let skipping: TestWorkflowEnvironment;
  beforeAll(async () => {
    [dev, skipping] = await Promise.all([startDevServer(), startTimeSkippingServer()]);
  });
  afterAll(async () => {
    await dev?.teardown();
    await skipping?.teardown();
  });

  it('are registered on the dev server and make a workflow findable by cohort and phase', async () => {
    expect(await ensureSearchAttributes(dev.connection, 'default')).toBe(true);
    const listed = await dev.connection.operatorService.listSearchAttributes({ namespace: 'default' });
    expect(Object.keys(listed.customAttributes ?? {})).toEqual(expect.arrayContaining(['DobbeltsporCohort', 'DobbeltsporPhase']));

    const attributes = await startSearchAttributes(dev.connection, 'default', [
      { key: COHORT, value: 'klynge-1-2019' },
      { key: PHASE, value: 'WORK_READINESS' },
    ]);
    const trackId = uniqueId('enr');
    const handle = await dev.client.workflow.start(participantTrackWorkflow, {
      taskQueue: uniqueId('no-worker'),
      workflowId: `participant-${trackId}`,
      args: [
        {
          trackId,
          cohortId: 'klynge-1-2019',
          partnershipId: 'klynge-1-2019-621',
          municipalityCode: '621',
          plan: testProgramme().participant,
          closingDays: [],
        },
      ],
      typedSearchAttributes: attributes,
    });
    const described = await handle.describe();
    expect(described.typedSearchAttributes.get(COHORT)).toBe('klynge-1-2019');
    await handle.terminate();
  });

  it('are left out on the time-skipping server, which cannot register them', async () => {
    expect(await ensureSearchAttributes(skipping.connection, 'default')).toBe(false);
    expect(await startSearchAttributes(skipping.connection, 'default', [{ key: COHORT, value: 'k' }])).toBeUndefined();
  });
});
