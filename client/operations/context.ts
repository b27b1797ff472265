import type { Client } from '@temporalio/client';
import type { Db } from '../../prisma/client.js';
import type { Actor } from './scope.js';

/** What every client operation takes: the CLI and the HTTP API build it once from the configuration. */
export interface OperationContext {
  client: Client;
  db: Db;
  taskQueue: string;
  namespace?: string;
  /** Who acts (the API's bearer token); absent for the system's own calls (CLI, start-up, tests). Scope is checked against it. */
  actor?: Actor;
  /**
   * The clock "today" is judged by (default: the machine's). Tests on a time-skipping server pass
   * the server's, so an operation agrees with the workflows about which week has begun.
   */
  now?: () => number | Promise<number>;
}
