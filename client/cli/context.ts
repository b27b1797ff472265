// The CLI's connections, opened only by commands that need them and closed when the command ends.
// Configuration comes from config/index.ts (the environment), nothing else.
// Temporal's client, Prisma and the configuration (zod) load only when a command needs them, so
// `--help` and `programme validate` start fast.
import type { Connection } from '@temporalio/client';
import type { Config } from '../../config/index.js';
import { LOCAL_DATABASE_URL } from '../../config/local-database.js';
import type { Db } from '../../prisma/client.js';
import type { OperationContext } from '../operations/context.js';
import { OperationError } from '../operations/operation-error.js';

export interface CliContext {
  config(): Promise<Config>;
  /** Temporal client, PostgreSQL and the task queue: what every operation takes. */
  operations(): Promise<OperationContext>;
  db(): Promise<Db>;
  close(): Promise<void>;
}

export function createCliContext(): CliContext {
  let config: Promise<Config> | undefined;
  let db: Db | undefined;
  let connection: Connection | undefined;
  const getConfig = () => (config ??= import('../../config/index.js').then(({ loadConfig }) => loadConfig()));
  const getDb = async () => {
    if (!db) {
      const { createDb } = await import('../../prisma/client.js');
      // Unset: the local cluster of `npm start`.
      const url = (await getConfig()).DATABASE_URL ?? LOCAL_DATABASE_URL;
      db = createDb(url, 4);
    }
    return db;
  };
  return {
    config: getConfig,
    db: getDb,
    async operations() {
      const c = await getConfig();
      const { Client, Connection } = await import('@temporalio/client');
      if (!connection) {
        try {
          connection = await Connection.connect({ address: c.TEMPORAL_ADDRESS, connectTimeout: '5 seconds' });
        } catch (e) {
          throw new OperationError(
            'unavailable',
            'SERVICE_UNAVAILABLE',
            `cannot reach Temporal at ${c.TEMPORAL_ADDRESS}: ${(e as Error).message} (is \`npm start\` running? TEMPORAL_ADDRESS sets the address)`,
          );
        }
      }
      const { dataConverterFor } = await import('../../codec/data-converter.js');
      const client = new Client({
        connection,
        namespace: c.TEMPORAL_NAMESPACE,
        dataConverter: dataConverterFor(c.PAYLOAD_ENCRYPTION_KEYS),
      });
      return { client, db: await getDb(), taskQueue: c.TASK_QUEUE, namespace: c.TEMPORAL_NAMESPACE };
    },
    async close() {
      await connection?.close();
      await db?.$disconnect();
    },
  };
}
