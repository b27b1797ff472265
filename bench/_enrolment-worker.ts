// The worker of bench/enrolment-rate.ts, in a process of its own so that it does not share the
// bench's event loop with the starts it is measured against: the project's workflows and the no-op
// one (bench/_idle-workflow.ts) on one task queue, with the project's activities. Started by the
// bench with its settings in the environment; writes BENCH_WORKER_READY_FILE once it polls and runs
// until SIGTERM.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { NativeConnection } from '@temporalio/worker';
import { createMailTransport } from '../activities/mail/transport.js';
import { createDb } from '../prisma/client.js';
import { createWorker } from '../worker/create-worker.js';
import { BENCH_WORKER_CONFIG } from './_support.js';

const setting = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} must be set (bench/enrolment-rate.ts starts this worker)`);
  return value;
};

const db = createDb(setting('DATABASE_URL'));
const mailer = createMailTransport(setting('SMTP_URL'));
const connection = await NativeConnection.connect({ address: setting('TEMPORAL_ADDRESS') });
const worker = await createWorker({
  connection,
  namespace: setting('TEMPORAL_NAMESPACE'),
  taskQueue: setting('TASK_QUEUE'),
  deps: {
    db,
    mailer,
    config: BENCH_WORKER_CONFIG,
  },
  extra: { workflowsPath: fileURLToPath(new URL('./_idle-workflow.ts', import.meta.url)) },
});
const running = worker.run();
while (worker.getState() === 'INITIALIZED') await new Promise((r) => setTimeout(r, 10));
// Polling from here on; the SDK stops the worker on SIGTERM.
writeFileSync(setting('BENCH_WORKER_READY_FILE'), new Date().toISOString());
try {
  await running;
} finally {
  await connection.close();
  mailer.close();
  await db.$disconnect();
}
