// The HTTP API and the operator console as a running server, against the configured Temporal server
// and PostgreSQL. `npm run api` (scripts/api.ts) and `npm start` call startApi; finding or
// provisioning PostgreSQL is theirs, so the API never loads provisioning code.
// In production (NODE_ENV=production or DEPLOYMENT=production) it refuses the published or a
// placeholder LINK_SECRET, and prints no operator token.
import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { assertSafeForProduction, isProduction, type Config } from '../../config/index.js';
import { createDb } from '../../prisma/client.js';
import { dataConverterFor } from '../../codec/data-converter.js';
import { issueToken } from './auth.js';
import { createApi } from './create-api.js';

export interface RunningApi {
  app: FastifyInstance;
  url: string;
  /** The console's address; in development with an operator token in its fragment (never sent to the server). */
  consoleUrl: string;
  close(): Promise<void>;
}

export async function startApi(config: Config, databaseUrl: string, opts: { host?: string; logger?: boolean } = {}): Promise<RunningApi> {
  assertSafeForProduction(config);
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const client = new Client({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    dataConverter: dataConverterFor(config.PAYLOAD_ENCRYPTION_KEYS),
  });
  const db = createDb(databaseUrl, 10);
  const app = await createApi({ client, db, config, logger: opts.logger });
  const url = await app.listen({ host: opts.host ?? '127.0.0.1', port: config.API_PORT });
  // A developer's convenience only: in production nobody is handed an operator token in a log.
  const token = isProduction(config)
    ? undefined
    : issueToken(config.LINK_SECRET, { sub: 'console@localhost', role: 'operator', scope: {} }, 12 * 3600);
  return {
    app,
    url,
    consoleUrl: token ? `${url}/console/#token=${token}` : `${url}/console/`,
    async close() {
      await app.close();
      await db.$disconnect();
      await connection.close();
    },
  };
}
