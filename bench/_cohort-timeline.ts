// Probe (not a benchmark): starts a cohort as cohort-scale does, waits for every track's first
// projection, then dumps the histories of the cohort and its children and the worker's Prometheus
// metrics to PROBE_OUT (a JSON file) for analysis.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Runtime } from '@temporalio/worker';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { createMailTransport } from '../activities/mail/transport.js';
import { startCohort } from '../client/operations/cohorts.js';
import { loadCohortFile } from '../client/operations/files.js';
import { loadConfig } from '../config/index.js';
import { workerCapacity } from '../config/worker-capacity.js';
import { localDateAt } from '../domain/calendar.js';
import { Prisma } from '../prisma/client.js';
import { ensureTestServer } from '../scripts/provision/temporal.js';
import { MailSink } from '../scripts/mail-sink.js';
import { createWorker } from '../worker/create-worker.js';
import { writeBenchCohortFile } from './_cohort-file.js';
import { BENCH_WORKER_CONFIG, benchDatabase } from './_support.js';

const COMPANIES = Number(process.env.BENCH_COMPANIES ?? 100);
const PARTICIPANTS = Number(process.env.BENCH_PARTICIPANTS ?? 1000);
const OUT = process.env.PROBE_OUT ?? join(tmpdir(), 'cohort-timeline.json');
const METRICS_PORT = Number(process.env.PROBE_METRICS_PORT ?? 19464);
Runtime.install({ telemetryOptions: { metrics: { prometheus: { bindAddress: `127.0.0.1:${METRICS_PORT}` } } } });

const config = loadConfig({ ...process.env });
const capacity = workerCapacity(config).capacity!;
const { db, drop } = await benchDatabase();
const env = await TestWorkflowEnvironment.createTimeSkipping({
  server: { executable: { type: 'existing-path', path: ensureTestServer() } },
});
const sink = new MailSink({ keep: false });
await sink.start();
const mailer = createMailTransport(sink.smtpUrl);
const taskQueue = 'bench-cohort-scale';
const worker = await createWorker({
  connection: env.nativeConnection,
  namespace: env.namespace ?? 'default',
  taskQueue,
  capacity,
  maxConcurrentActivityTaskExecutions: config.WORKER_MAX_CONCURRENT_ACTIVITIES,
  extra: JSON.parse(process.env.PROBE_EXTRA ?? '{}') as Record<string, unknown>,
  deps: {
    db,
    mailer,
    config: BENCH_WORKER_CONFIG,
  },
});
const running = worker.run();
const dir = mkdtempSync(join(tmpdir(), 'dobbeltspor-probe-'));
const scrapes: Array<{ t: number; text: string }> = [];
const scrape = async () => {
  try {
    const res = await fetch(`http://127.0.0.1:${METRICS_PORT}/metrics`);
    scrapes.push({ t: Date.now(), text: await res.text() });
  } catch {
    // not up yet
  }
};
const cacheSamples: Array<[number, number]> = [];
const sampler = setInterval(() => cacheSamples.push([Date.now(), worker.getStatus().numCachedWorkflows]), 250);
try {
  const file = writeBenchCohortFile(dir, { companies: COMPANIES, participants: PARTICIPANTS });
  const year = Number(localDateAt(Number(await env.currentTimeMs())).slice(0, 4)) + 1;
  const ctx = { client: env.client, db, taskQueue, namespace: env.namespace ?? 'default' };
  await scrape();
  const t0 = Date.now();
  const { cohortId } = await startCohort(ctx, { content: await loadCohortFile(file), year });
  const tStarted = Date.now();
  const done: Array<[number, number, number]> = [];
  for (;;) {
    const [p, c] = await Promise.all([
      db.participantTrack.count({ where: { cohortId, summary: { not: Prisma.DbNull } } }),
      db.companyTrack.count({ where: { cohortId, summary: { not: Prisma.DbNull } } }),
    ]);
    done.push([Date.now(), p, c]);
    await scrape();
    if (p === PARTICIPANTS && c === COMPANIES) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  const tDone = Date.now();
  console.log(`started in ${tStarted - t0} ms, all first projections after ${tDone - t0} ms`);
  await new Promise((r) => setTimeout(r, 3000));
  await scrape();
  const ids = [`cohort-${cohortId}`];
  const histories: Record<string, unknown> = {};
  for (let i = 0; i < ids.length;) {
    const batch = ids.slice(i, i + 16);
    i += batch.length;
    const hs = await Promise.all(batch.map((id) => env.client.workflow.getHandle(id).fetchHistory()));
    hs.forEach((h, j) => {
      histories[batch[j]!] = h;
      for (const e of h.events ?? []) {
        const child = e.startChildWorkflowExecutionInitiatedEventAttributes?.workflowId;
        if (child && !ids.includes(child)) ids.push(child);
      }
    });
  }
  writeFileSync(OUT, JSON.stringify({ t0, tStarted, tDone, done, cacheSamples, capacity, scrapes, histories }));
  console.log(`wrote ${OUT}: ${ids.length} histories, ${scrapes.length} metric scrapes`);
} finally {
  clearInterval(sampler);
  if (worker.getState() === 'RUNNING') worker.shutdown();
  await running.catch((e: unknown) => console.error('the worker failed:', e));
  mailer.close();
  await env.teardown();
  await sink.stop();
  await drop();
}
