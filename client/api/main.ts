// `npm run api`: the HTTP API and the operator console on API_PORT of every interface (the service
// process, as in docker-compose), against the configured Temporal server and PostgreSQL.
// `npm start` calls startApi itself, on loopback only.
import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { loadConfig, type Config } from '../../config/index.js';
import { createDb } from '../../prisma/client.js';
import { dataConverterFor } from '../../codec/data-converter.js';
import { ensurePostgres } from '../../scripts/provision/postgres.js';
import { issueToken } from './auth.js';
import { createApi } from './create-api.js';

export interface RunningApi {
  app: FastifyInstance;
  url: string;
  /** The console's address with an operator token in its fragment (never sent to the server). */
  consoleUrl: string;
  close(): Promise<void>;
}

export async function startApi(config: Config, databaseUrl: string, opts: { host?: string; logger?: boolean } = {}): Promise<RunningApi> {
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter: dataConverterFor(config.PAYLOAD_ENCRYPTION_KEYS) });
  const db = createDb(databaseUrl, 10);
  const app = await createApi({ client, db, config, logger: opts.logger });
  const url = await app.listen({ host: opts.host ?? '127.0.0.1', port: config.API_PORT });
  const token = issueToken(config.LINK_SECRET, { sub: 'console@localhost', role: 'operator', scope: {} }, 12 * 3600);
  return {
    app,
    url,
    consoleUrl: `${url}/console/#token=${token}`,
    async close() {
      await app.close();
      await db.$disconnect();
      await connection.close();
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const config = loadConfig();
  const databaseUrl = await ensurePostgres(config.DATABASE_URL);
  const api = await startApi(config, databaseUrl, { host: '0.0.0.0', logger: true });
  console.log(`API on ${api.url} (OpenAPI at ${api.url}/docs)\nConsole: ${api.consoleUrl}`);
  const stop = () => void api.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
