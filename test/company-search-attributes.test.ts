import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCohortCamps } from '../activities/company/camps.js';
import { createMailTransport } from '../activities/mail/transport.js';
import { startSearchAttributes } from '../client/search-attributes.js';
import { MailSink } from '../scripts/mail-sink.js';
import { createWorker } from '../worker/create-worker.js';
import { companyTrackWorkflow } from '../workflows/index.js';
import { campInvitationWorkflowId, companyTrackWorkflowId } from '../contracts/index.js';
import { COHORT, MUNICIPALITY, PHASE, TRACK_KIND } from '../contracts/search-attributes.js';
import { COMPANY_PLAN, seedCohort } from './support/company-fixtures.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { startDevServer, TEST_CONFIG, uniqueId } from './support/temporal.js';

// The dev server has custom search attributes (the time-skipping server has none): a company track
// keeps its phase there, and its camp children are findable by cohort as CAMP.
describe('company track search attributes (dev server)', () => {
  let dev: TestWorkflowEnvironment;
  let database: TestDatabase;
  const mail = new MailSink();
  let worker: Worker;
  let running: Promise<void>;
  let mailer: ReturnType<typeof createMailTransport>;
  const taskQueue = uniqueId('tq');

  beforeAll(async () => {
    [dev, database] = await Promise.all([startDevServer(), createTestDatabase(), mail.start()]);
    mailer = createMailTransport(mail.smtpUrl);
    worker = await createWorker({
      connection: dev.nativeConnection,
      namespace: 'default',
      taskQueue,
      deps: { db: database.db, mailer, config: TEST_CONFIG },
    });
    running = worker.run();
  });
  afterAll(async () => {
    worker?.shutdown();
    await running?.catch(() => undefined);
    mailer?.close();
    await dev?.teardown();
    await mail.stop();
    await database?.drop();
  });

  it('the track keeps PHASE current and its boot camp child carries cohort, municipality and TRACK_KIND CAMP', async () => {
    const cohort = await seedCohort(database.db, { cohortId: 'sa-2027', year: 2027, perMunicipality: 1, cvrPrefix: '9900' });
    const camps = await ensureCohortCamps(database.db, { cohortId: cohort.cohortId, year: cohort.year, plan: COMPANY_PLAN });
    const c = cohort.companies[0]!;
    const handle = await dev.client.workflow.start(companyTrackWorkflow, {
      taskQueue,
      workflowId: companyTrackWorkflowId(cohort.cohortId, c.cvr),
      args: [
        {
          cohortId: cohort.cohortId,
          companyId: c.id,
          cvr: c.cvr,
          partnershipId: c.partnershipId,
          municipalityCode: c.municipalityCode,
          year: cohort.year,
          plan: COMPANY_PLAN,
          bootCampId: camps.bootCampId,
          campIds: camps.campIds,
          acceleratorStartsOn: camps.acceleratorStartsOn,
          acceleratorEndsOn: camps.acceleratorEndsOn,
        },
      ],
      typedSearchAttributes: await startSearchAttributes(dev.connection, 'default', [
        { key: COHORT, value: cohort.cohortId },
        { key: MUNICIPALITY, value: c.municipalityCode },
        { key: PHASE, value: 'RECRUITED' },
        { key: TRACK_KIND, value: 'COMPANY' },
      ]),
    });
    try {
      await expect.poll(async () => (await handle.describe()).typedSearchAttributes.get(PHASE), { timeout: 20_000 }).toBe('BOOT_CAMP');
      const child = dev.client.workflow.getHandle(campInvitationWorkflowId(camps.bootCampId, c.cvr));
      await expect
        .poll(async () => (await child.describe().catch(() => undefined))?.typedSearchAttributes.get(TRACK_KIND), { timeout: 20_000 })
        .toBe('CAMP');
      const attrs = (await child.describe()).typedSearchAttributes;
      expect(attrs.get(COHORT)).toBe(cohort.cohortId);
      expect(attrs.get(MUNICIPALITY)).toBe(c.municipalityCode);
      const query = `DobbeltsporCohort = "${cohort.cohortId}" AND DobbeltsporTrackKind = "CAMP"`;
      await expect
        .poll(
          async () => {
            const ids: string[] = [];
            for await (const w of dev.client.workflow.list({ query })) ids.push(w.workflowId);
            return ids;
          },
          { timeout: 20_000 },
        )
        .toEqual([child.workflowId]);
      await child.terminate();
    } finally {
      await handle.terminate();
    }
  });
});
