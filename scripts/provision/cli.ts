// Provisions what the tests or the local stack need: `npm run provision -- test|start|all`.
import { ensureCompiled } from '../build/ensure-compiled.mjs';
import { ensurePrismaClient } from './generate-client.js';
import { ensurePostgres, redact } from './postgres.js';
import { ensureIcalPython } from './python-ical.js';
import { ProvisionError } from './run.js';
import { ensureTemporalCli, ensureTestServer } from './temporal.js';

const what = process.argv[2] ?? 'all';
if (!['test', 'start', 'all'].includes(what)) {
  console.error('usage: provision [test|start|all]');
  process.exit(2);
}
try {
  ensurePrismaClient();
  // The CLI as users run it, compiled to JavaScript (the tests spawn bin/dobbeltspor.js too).
  const cliFailure = ensureCompiled('cli');
  if (cliFailure) throw new ProvisionError(cliFailure);
  const url = await ensurePostgres(what === 'test' ? process.env.TEST_DATABASE_URL : process.env.DATABASE_URL);
  console.error(`[provision] PostgreSQL: ${redact(url)}`);
  if (what !== 'start') console.error(`[provision] time-skipping test server: ${ensureTestServer()}`);
  if (what !== 'start') console.error(`[provision] strict calendar reader (Python icalendar): ${ensureIcalPython()}`);
  if (what !== 'test') console.error(`[provision] Temporal CLI: ${ensureTemporalCli()}`);
} catch (e) {
  if (e instanceof ProvisionError) {
    console.error(`\n${e.message}`);
    process.exit(1);
  }
  throw e;
}
