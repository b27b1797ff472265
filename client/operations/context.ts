import type { Client } from '@temporalio/client';
import type { Db } from '../../prisma/client.js';

/** What every client operation takes: the CLI and the HTTP API build it once from the configuration. */
export interface OperationContext {
  client: Client;
  db: Db;
  taskQueue: string;
  namespace?: string;
}
