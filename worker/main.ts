// The worker process: `npm run worker`. Reads configuration once, builds one Prisma client and one
// pooled SMTP transport, and runs until SIGINT/SIGTERM.
import { writeFileSync } from 'node:fs';
import { Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { ensureSearchAttributes } from '../client/search-attributes.js';
import { ConfigError, isProduction, loadServingConfig } from '../config/index.js';
import { workerCapacity } from '../config/worker-capacity.js';
import { createMailTransport } from '../activities/mail/transport.js';
import { createDb } from '../prisma/client.js';
import { dataConverterFor } from '../codec/data-converter.js';
import { createWorker } from './create-worker.js';
import { prebuiltWorkflowBundle, WorkflowBundleError } from './prebuilt-bundle.js';

// The worker signs the personal links in its e-mails with LINK_SECRET: in production it refuses the
// published default as the API does.
const config = loadServingConfig('The worker');
if (!config.DATABASE_URL) throw new ConfigError('DATABASE_URL must be set for the worker (npm start sets it for you)');
// loadConfig has refused settings without a capacity.
const capacity = workerCapacity(config).capacity!;
// Production loads the prebuilt bundle (fast start, the code that was built and checked); a bundle
// older than the workflow code beside it is refused before anything connects.
let workflowBundlePath: string | undefined;
if ((config.WORKER_WORKFLOW_BUNDLE ?? (isProduction(config) ? 'prebuilt' : 'source')) === 'prebuilt') {
  try {
    workflowBundlePath = prebuiltWorkflowBundle();
  } catch (e) {
    if (!(e instanceof WorkflowBundleError)) throw e;
    console.error(`The worker does not start: ${e.message}`);
    process.exit(78);
  }
}
const db = createDb(config.DATABASE_URL);
const mailer = createMailTransport(config.SMTP_URL);
const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
const worker = await createWorker({
  connection,
  namespace: config.TEMPORAL_NAMESPACE,
  taskQueue: config.TASK_QUEUE,
  deps: { db, mailer, config },
  maxConcurrentActivityTaskExecutions: config.WORKER_MAX_CONCURRENT_ACTIVITIES,
  capacity,
  workflowBundlePath,
  dataConverter: dataConverterFor(config.PAYLOAD_ENCRYPTION_KEYS),
});
// Registers the custom search attributes on servers that lack them (docker-compose's Temporal).
const clientConnection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
await ensureSearchAttributes(clientConnection, config.TEMPORAL_NAMESPACE);
await clientConnection.close();
// The container healthcheck looks for this file once the worker polls.
if (process.env.WORKER_READY_FILE) writeFileSync(process.env.WORKER_READY_FILE, new Date().toISOString());
console.log(
  `worker polling task queue "${config.TASK_QUEUE}" on ${config.TEMPORAL_ADDRESS}; ` +
    `caching up to ${capacity.maxCachedWorkflows} workflows in ${capacity.memoryMb} MB (WORKER_MEMORY_MB), ${capacity.maxConcurrentWorkflowTaskExecutions} workflow tasks at a time`,
);
try {
  await worker.run();
} finally {
  await connection.close();
  mailer.close();
  await db.$disconnect();
}
