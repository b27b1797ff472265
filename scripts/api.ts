// `npm run api`: the HTTP API and the operator console on API_HOST:API_PORT (loopback unless told
// otherwise; docker-compose sets API_HOST=0.0.0.0 inside its container), against the configured
// Temporal server and PostgreSQL (DATABASE_URL, or the project's local cluster, started when needed).
import { isProduction, loadServingConfig } from '../config/index.js';
import { startApi } from '../client/api/main.js';
import { ensurePostgres } from './provision/postgres.js';

const config = loadServingConfig('The API');
const databaseUrl = await ensurePostgres(config.DATABASE_URL);
const api = await startApi(config, databaseUrl, { host: config.API_HOST, logger: true });
// An operator's token in a log outlives the log's readers' rights: only on a developer's machine.
const how = isProduction(config) ? ' (sign in with a token from scripts/issue-token.ts --role operator)' : '';
console.log(`API on ${api.url} (OpenAPI at ${api.url}/docs)\nConsole: ${api.consoleUrl}${how}`);
const stop = () => void api.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
