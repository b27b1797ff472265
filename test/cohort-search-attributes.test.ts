import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailTransport } from '../activities/mail/transport.js';
import type { OperationContext } from '../client/operations/context.js';
import { localDateAt } from '../domain/calendar.js';
import { MailSink } from '../scripts/mail-sink.js';
import { createWorker } from '../worker/create-worker.js';
import { MUNICIPALITY, PHASE } from '../contracts/search-attributes.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { saveHistoryChain } from './support/histories.js';
import { startDevServer, TEST_CONFIG, uniqueId } from './support/temporal.js';
import { startCohortFile } from './support/cohort-file.js';

const EXAMPLE = new URL('../cohorts/klynge-1-2019.yaml', import.meta.url).pathname;
const COHORT_ID = 'klynge-1-2019';

// The tracks a cohort starts as its children are found by the Web UI's filters like tracks started by
// the client: through the dev server's visibility store (the time-skipping server has none).
describe('search attributes of the tracks a cohort starts (dev server)', () => {
  let dev: TestWorkflowEnvironment;
  let database: TestDatabase;
  const mail = new MailSink();
  let worker: Worker;
  let running: Promise<void>;
  let mailer: ReturnType<typeof createMailTransport>;
  let ctx: OperationContext;
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
    ctx = { client: dev.client, db: database.db, taskQueue, namespace: 'default' };
  });
  afterAll(async () => {
    worker?.shutdown();
    await running?.catch(() => undefined);
    mailer?.close();
    await dev?.teardown();
    await mail.stop();
    await database?.drop();
  });

  const list = async (query: string): Promise<string[]> => {
    const ids: string[] = [];
    for await (const w of dev.client.workflow.list({ query })) ids.push(w.workflowId);
    return ids.sort();
  };

  it('every company and participant track started by `cohort start` is findable by cohort, kind, municipality and phase', async () => {
    const year = Number(localDateAt(Date.now()).slice(0, 4)) + 1;
    const started = await startCohortFile(ctx, { file: EXAMPLE, year });
    const companies = (await database.db.company.findMany({ select: { cvr: true } })).map((c) => `company-${COHORT_ID}-${c.cvr}`).sort();
    expect(companies).toHaveLength(10);
    const participants = (await database.db.participantTrack.findMany({ select: { id: true } })).map((t) => `participant-${t.id}`).sort();
    expect(participants).toHaveLength(2);

    await expect
      .poll(() => list(`DobbeltsporCohort = "${COHORT_ID}" AND DobbeltsporTrackKind = "COMPANY"`), { timeout: 30_000 })
      .toEqual(companies);
    await expect
      .poll(() => list(`DobbeltsporCohort = "${COHORT_ID}" AND DobbeltsporTrackKind = "PARTICIPANT"`), { timeout: 30_000 })
      .toEqual(participants);
    // Aalborg (851) has three companies in the example file and one participant.
    const aalborg = await database.db.partnershipCompany.findMany({
      where: { partnership: { municipalityCode: '851' } },
      select: { company: { select: { cvr: true } } },
    });
    await expect
      .poll(() => list(`DobbeltsporMunicipality = "851" AND DobbeltsporTrackKind = "COMPANY"`), { timeout: 30_000 })
      .toEqual(aalborg.map((c) => `company-${COHORT_ID}-${c.company.cvr}`).sort());
    // The participants start with the accelerator next year: enrolled, waiting for their start.
    await expect
      .poll(() => list(`DobbeltsporCohort = "${COHORT_ID}" AND DobbeltsporPhase = "ENROLLED"`), { timeout: 30_000 })
      .toEqual(participants);
    // The company tracks keep their phase current from the value they were started with.
    await expect
      .poll(() => list(`DobbeltsporCohort = "${COHORT_ID}" AND DobbeltsporPhase = "BOOT_CAMP"`), { timeout: 30_000 })
      .toEqual(companies);
    const described = await dev.client.workflow.getHandle(participants[0]!).describe();
    expect(described.typedSearchAttributes.get(MUNICIPALITY)).toMatch(/^\d{3}$/);
    expect(described.typedSearchAttributes.get(PHASE)).toBe('ENROLLED');
    // RECORD_HISTORIES=1 records the cohort's history, with its children's search attributes, for test/replay.test.ts.
    await saveHistoryChain(dev.client, started.workflowId, started.runId!, 'klynge-1-2019-search-attributes', 'cohort');
  });
});
