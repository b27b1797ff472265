// `npm start`: the whole local stack in one command. Provisions what is missing (PostgreSQL, the
// Temporal CLI), applies migrations, starts the Temporal dev server (SQLite file in the cache
// directory, Web UI), an SMTP sink with a web page, the worker, and prints the URLs. Ctrl-C stops
// everything it started. Unless given --no-demo it also starts the example cohort.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import pc from 'picocolors';
import { CohortError, startCohort } from '../client/operations/cohorts.js';
import { loadConfig, type Config } from '../config/index.js';
import { createDb } from '../prisma/client.js';
import { dataConverterFor } from '../codec/data-converter.js';
import { migrate } from '../prisma/migrate.js';
import { ALL_SEARCH_ATTRIBUTES } from '../workflows/search-attributes.js';
import { cacheDir } from './provision/cache-dir.js';
import { ensurePrismaClient } from './provision/generate-client.js';
import { ensurePostgres, redact } from './provision/postgres.js';
import { ProvisionError } from './provision/run.js';
import { ensureTemporalCli } from './provision/temporal.js';
import { MailSink } from './mail-sink.js';
import { startApi, type RunningApi } from '../client/api/main.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const children: ChildProcess[] = [];
let stopping = false;

function step(message: string): void {
  console.log(`${pc.cyan('▸')} ${message}`);
}

function startChild(name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(cmd, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = pc.dim(`[${name}] `);
  for (const stream of [child.stdout!, child.stderr!]) {
    let buffer = '';
    stream.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      // Shutdown chatter (connection refused while the server stops) is not worth showing.
      if (stopping) return;
      for (const line of lines) if (line.trim()) process.stdout.write(prefix + line + '\n');
    });
  }
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(pc.red(`${name} exited (${signal ?? code}); stopping the stack`));
      void shutdown(1);
    }
  });
  children.push(child);
  return child;
}

async function waitForTemporal(address: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      await connection.workflowService.getSystemInfo({});
      await connection.close();
      return;
    } catch (e) {
      if (Date.now() > deadline) throw new Error(`Temporal did not answer on ${address} within ${timeoutMs / 1000} s: ${(e as Error).message}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }
}

const sink = new MailSink();
let api: RunningApi | undefined;

async function shutdown(code: number): Promise<never> {
  stopping = true;
  for (const child of children.reverse()) {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => {
        const t = setTimeout(() => {
          child.kill('SIGKILL');
          r(undefined);
        }, 10_000);
        child.once('exit', () => {
          clearTimeout(t);
          r(undefined);
        });
      });
    }
  }
  await api?.close().catch(() => undefined);
  await sink.stop().catch(() => undefined);
  process.exit(code);
}

async function main(): Promise<void> {
  const config = loadConfig();
  ensurePrismaClient();
  const databaseUrl = await ensurePostgres(config.DATABASE_URL);
  step(`PostgreSQL ${redact(databaseUrl)}`);
  const applied = await migrate(databaseUrl);
  step(applied.length ? `applied migrations: ${applied.join(', ')}` : 'database schema is up to date');

  const temporalCli = ensureTemporalCli();
  const [host, port] = config.TEMPORAL_ADDRESS.split(':') as [string, string];
  const uiPort = Number(new URL(config.TEMPORAL_UI_URL).port || 8233);
  startChild('temporal', temporalCli, [
    'server', 'start-dev', '--ip', host, '--port', port, '--ui-port', String(uiPort),
    '--db-filename', join(cacheDir('temporal'), 'dev-server.sqlite'), '--log-level', 'warn',
    '--namespace', config.TEMPORAL_NAMESPACE,
    ...ALL_SEARCH_ATTRIBUTES.flatMap((k) => ['--search-attribute', `${k.name}=Keyword`]),
  ], process.env);
  await waitForTemporal(config.TEMPORAL_ADDRESS, 60_000);
  step(`Temporal dev server on ${config.TEMPORAL_ADDRESS}`);

  const smtpPort = Number(new URL(config.SMTP_URL).port || 1025);
  await sink.start(smtpPort);
  const sinkUrl = await sink.serveWeb(Number(process.env.MAIL_SINK_PORT ?? 8025));
  step(`SMTP sink on ${config.SMTP_URL}`);

  const env = { ...process.env, DATABASE_URL: databaseUrl };
  startChild('worker', process.execPath, ['--import', 'tsx', 'worker/main.ts'], env);
  api = await startApi(config, databaseUrl);
  step(`HTTP API on ${api.url} (OpenAPI at ${api.url}/docs)`);

  // With no arguments, `npm start` runs the example cohort so there is something to follow at once.
  const demo = process.argv.includes('--no-demo') ? undefined : await startDemoCohort(config, databaseUrl);

  console.log(`
${pc.bold(pc.green('Dobbeltspor is running'))}
  Temporal Web UI   ${pc.underline(config.TEMPORAL_UI_URL)}
  Mail sink         ${pc.underline(sinkUrl)}   (SMTP ${config.SMTP_URL})
  Operator console  ${pc.underline(api.consoleUrl)}
  HTTP API          ${pc.underline(`${api.url}/docs`)}
  PostgreSQL        ${redact(databaseUrl)}
  Task queue        ${config.TASK_QUEUE}${demo ? `\n  Example cohort    ${demo}` : ''}
Press Ctrl-C to stop everything.
`);
}

/** Starts cohorts/klynge-1-2019.yaml moved to the next year whose November boot camp is ahead. */
async function startDemoCohort(config: Config, databaseUrl: string): Promise<string> {
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const db = createDb(databaseUrl, 2);
  const ctx = { client: new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter: dataConverterFor(config.PAYLOAD_ENCRYPTION_KEYS) }), db, taskQueue: config.TASK_QUEUE, namespace: config.TEMPORAL_NAMESPACE };
  const today = new Date();
  const year = today.getMonth() >= 10 ? today.getFullYear() + 1 : today.getFullYear();
  try {
    const started = await startCohort(ctx, { file: join(root, 'cohorts', 'klynge-1-2019.yaml'), year, onProgress: (m) => step(m) });
    return `${started.cohortId} moved to ${year}: ${started.companies} companies invited to the boot camp`;
  } catch (e) {
    if (e instanceof CohortError && e.code === 'COHORT_ALREADY_STARTED') return 'klynge-1-2019 (running since an earlier start)';
    throw e;
  } finally {
    await db.$disconnect();
    await connection.close();
  }
}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
main().catch(async (e) => {
  console.error(pc.red(e instanceof ProvisionError ? `\n${e.message}` : String(e instanceof Error ? e.stack : e)));
  await shutdown(1);
});
