import type { TestProject } from 'vitest/node';
import { ensureCompiled } from '../scripts/build/ensure-compiled.mjs';
import { ensureChromium } from '../scripts/provision/chromium.js';
import { ensurePrismaClient } from '../scripts/provision/generate-client.js';
import { ensurePostgres, redact } from '../scripts/provision/postgres.js';
import { ensureIcalPython } from '../scripts/provision/python-ical.js';
import { ProvisionError } from '../scripts/provision/run.js';
import { ensureTemporalCli, ensureTestServer } from '../scripts/provision/temporal.js';

declare module 'vitest' {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
    testServerPath: string;
    temporalCliPath: string;
    /** Headless Chromium for the console's browser test. */
    chromiumPath: string;
    /** Python with icalendar and recurring-ical-events: the strict reader of the calendar files. */
    icalPythonPath: string;
  }
}

/**
 * Provisions once per run: the Prisma client, a PostgreSQL server (TEST_DATABASE_URL or the
 * project's local cluster), the time-skipping test server and the Temporal CLI (dev server). Each test file then makes its
 * own database and starts its own test server, so files never share time or rows.
 */
export default async function setup(project: TestProject): Promise<void> {
  try {
    ensurePrismaClient();
    // The tests spawn bin/dobbeltspor.js: it runs the compiled CLI, as users' calls do.
    const cliFailure = ensureCompiled('cli');
    if (cliFailure) throw new ProvisionError(cliFailure);
    const url = await ensurePostgres(process.env.TEST_DATABASE_URL);
    const server = ensureTestServer();
    const cli = ensureTemporalCli();
    process.stderr.write(`[test] PostgreSQL ${redact(url)}; time-skipping server ${server}; Temporal CLI ${cli}\n`);
    project.provide('adminDatabaseUrl', url);
    project.provide('testServerPath', server);
    project.provide('temporalCliPath', cli);
    project.provide('chromiumPath', ensureChromium());
    project.provide('icalPythonPath', ensureIcalPython());
  } catch (e) {
    if (e instanceof ProvisionError) throw new Error(`Test prerequisites are missing.\n${e.message}`);
    throw e;
  }
}
