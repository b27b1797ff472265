// `npm start`: the whole local stack in one command. Provisions what is missing (PostgreSQL, the
// Temporal CLI), applies migrations, starts the Temporal dev server (SQLite file in the cache
// directory, Web UI), an SMTP sink with web pages (mail kept in the cache directory), the worker and
// the API, and prints the URLs. Unless given --no-demo it also starts the example cohort.
//
// Stopping: SIGINT (Ctrl-C), SIGTERM or SIGHUP to this process, or to the `npm start` that runs it
// (npm forwards them: the script `exec`s node, so no shell sits between), stops every child and says
// what it stopped. Children run in process groups of their own and are stopped group by group, so a
// signal that reaches only this process still reaches all of them; if the process that started this
// one goes away without a signal, the stack stops too.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import pc from 'picocolors';
import { startApi, type RunningApi } from '../client/api/main.js';
import { startCohort } from '../client/operations/cohorts.js';
import { loadCohortFile } from '../client/operations/files.js';
import { OperationError } from '../client/operations/operation-error.js';
import { loadConfig, type Config } from '../config/index.js';
import { localDateAt } from '../domain/calendar.js';
import { createDb } from '../prisma/client.js';
import { dataConverterFor } from '../codec/data-converter.js';
import { migrate } from '../prisma/migrate.js';
import { ALL_SEARCH_ATTRIBUTES } from '../contracts/search-attributes.js';
import { writeDemoCohortFiles } from './demo-cohort.js';
import { MailSink } from './mail-sink.js';
import { takenPorts, type Port } from './ports.js';
import { cacheDir } from './provision/cache-dir.js';
import { ensurePostgres, redact } from './provision/postgres.js';
import { ProvisionError } from './provision/run.js';
import { ensureTemporalCli } from './provision/temporal.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const STOP_GRACE_MS = 10_000;

interface Child {
  name: string;
  process: ChildProcess;
  exited: Promise<void>;
}
const children: Child[] = [];
let stopping = false;
let sink: MailSink | undefined;
let sinkUrl: string | undefined;
let api: RunningApi | undefined;

function step(message: string): void {
  console.log(`${pc.cyan('▸')} ${message}`);
}

function startChild(name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  // detached: a process group of its own, so stopping reaches whatever the child starts, and a
  // terminal's Ctrl-C reaches this process only, which stops the children in order.
  const child = spawn(cmd, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
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
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', (code, signal) => {
    if (!stopping) {
      console.error(pc.red(`${name} exited (${signal ?? code}); stopping the stack`));
      void shutdown(1, `${name} exited`);
    }
  });
  children.push({ name, process: child, exited });
  return child;
}

function signalGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM to the child's process group, SIGKILL after the grace period; then anything left in the group. */
async function stopChild({ name, process: child, exited }: Child): Promise<string> {
  const pid = child.pid!;
  let how = 'had already exited';
  if (child.exitCode === null && child.signalCode === null) {
    signalGroup(pid, 'SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const killed = await Promise.race([
      exited.then(() => false),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), STOP_GRACE_MS))),
    ]);
    clearTimeout(timer);
    if (killed) {
      signalGroup(pid, 'SIGKILL');
      await exited;
    }
    how = killed ? `killed after ${STOP_GRACE_MS / 1000} s` : 'stopped';
  }
  // Anything the child started that outlived it.
  signalGroup(pid, 'SIGKILL');
  return `${how} ${name} (pid ${pid})`;
}

async function shutdown(code: number, why: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`\n${pc.bold('Stopping')} (${why}) …`);
  const report = (line: string) => console.log(`  ${pc.green('✓')} ${line}`);
  if (api) {
    await api.close().catch(() => undefined);
    report(`stopped the HTTP API and console on ${api.url}`);
  }
  // Started last, stopped first: the worker before the Temporal server it polls.
  for (const child of [...children].reverse()) report(await stopChild(child));
  if (sink && sinkUrl) {
    await sink.stop().catch(() => undefined);
    report(`stopped the mail sink on ${sinkUrl} (mail kept in ${cacheDir('mail')})`);
  }
  console.log('Everything npm start started is stopped.');
  process.exit(code);
}

// However this process ends, its children's groups do not outlive it.
process.on('exit', () => {
  for (const c of children) signalGroup(c.process.pid!, 'SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown(0, signal));
// npm (or whatever started this) gone without passing a signal on: stop rather than run on orphaned.
const parentPid = process.ppid;
setInterval(() => {
  if (process.ppid !== parentPid) void shutdown(0, `the process that started it (pid ${parentPid}) is gone`);
}, 1000).unref();

function ports(config: Config): Port[] {
  const temporal = new URL(`http://${config.TEMPORAL_ADDRESS}`);
  const ui = new URL(config.TEMPORAL_UI_URL);
  const smtp = new URL(config.SMTP_URL);
  return [
    { name: 'Temporal frontend', host: temporal.hostname, port: Number(temporal.port || 7233) },
    { name: 'Temporal Web UI', host: ui.hostname, port: Number(ui.port || 8233) },
    { name: 'SMTP sink', host: '127.0.0.1', port: Number(smtp.port || 1025) },
    { name: 'mail sink web pages', host: '127.0.0.1', port: mailSinkWebPort() },
    { name: 'HTTP API and console', host: '127.0.0.1', port: config.API_PORT },
  ];
}

function mailSinkWebPort(): number {
  return Number(process.env.MAIL_SINK_PORT ?? 8025);
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
      if (Date.now() > deadline)
        throw new Error(`Temporal did not answer on ${address} within ${timeoutMs / 1000} s: ${(e as Error).message}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }
}

async function main(): Promise<void> {
  const config = loadConfig();
  // Before anything starts: a port in use (often a stack whose parent was killed) is named with its holder.
  const taken = await takenPorts(ports(config));
  if (taken.length) {
    console.error(
      pc.red(
        `Cannot start: ${taken.length === 1 ? 'a port it needs is' : 'ports it needs are'} in use.\n${taken.join('\n')}\nStop that process, or choose other ports (TEMPORAL_ADDRESS, TEMPORAL_UI_URL, SMTP_URL, MAIL_SINK_PORT, API_PORT).`,
      ),
    );
    process.exit(1);
  }

  const databaseUrl = await ensurePostgres(config.DATABASE_URL);
  step(`PostgreSQL ${redact(databaseUrl)}`);
  const applied = await migrate(databaseUrl);
  step(applied.length ? `applied migrations: ${applied.join(', ')}` : 'database schema is up to date');

  const temporalCli = ensureTemporalCli();
  const temporal = ports(config)[0]!;
  const uiPort = ports(config)[1]!.port;
  startChild(
    'temporal',
    temporalCli,
    [
      'server',
      'start-dev',
      '--ip',
      temporal.host,
      '--port',
      String(temporal.port),
      '--ui-port',
      String(uiPort),
      '--db-filename',
      join(cacheDir('temporal'), 'dev-server.sqlite'),
      '--log-level',
      'warn',
      '--namespace',
      config.TEMPORAL_NAMESPACE,
      ...ALL_SEARCH_ATTRIBUTES.flatMap((k) => ['--search-attribute', `${k.name}=Keyword`]),
    ],
    process.env,
  );
  await waitForTemporal(config.TEMPORAL_ADDRESS, 60_000);
  step(`Temporal dev server on ${config.TEMPORAL_ADDRESS}`);

  const smtpPort = Number(new URL(config.SMTP_URL).port || 1025);
  sink = new MailSink({ storeDir: cacheDir('mail') });
  await sink.start(smtpPort);
  sinkUrl = await sink.serveWeb(mailSinkWebPort());
  step(`SMTP sink on ${config.SMTP_URL} (${sink.messages.length} messages kept from earlier runs)`);

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
  Task queue        ${config.TASK_QUEUE}${demo ? `\n  Example cohorts   ${demo}` : ''}
Press Ctrl-C to stop everything.
`);
}

/** Starts the example cohorts with their dates moved around today (scripts/demo-cohort.ts). */
async function startDemoCohort(config: Config, databaseUrl: string): Promise<string> {
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const db = createDb(databaseUrl, 2);
  const ctx = {
    client: new Client({
      connection,
      namespace: config.TEMPORAL_NAMESPACE,
      dataConverter: dataConverterFor(config.PAYLOAD_ENCRYPTION_KEYS),
    }),
    db,
    taskQueue: config.TASK_QUEUE,
    namespace: config.TEMPORAL_NAMESPACE,
  };
  const { underWay, ahead } = writeDemoCohortFiles(localDateAt(Date.now()));
  const startOne = async (file: string, underWayCohort: boolean, told: (companies: number) => string, id: string): Promise<string> => {
    try {
      const content = await loadCohortFile(file, { programmesDir: join(root, 'programmes') });
      const started = await startCohort(ctx, { content, underWay: underWayCohort, onProgress: (m) => step(m) });
      return `${started.cohortId}: ${told(started.companies)}`;
    } catch (e) {
      if (e instanceof OperationError && e.code === 'COHORT_ALREADY_STARTED') return `${id} (running since an earlier start)`;
      throw e;
    }
  };
  try {
    const first = await startOne(
      underWay.file,
      true,
      () => `participants' tracks began on ${underWay.dates.startsOn} (boot camp held ${underWay.dates.bootCamp.join(' and ')})`,
      'klynge-1-2019',
    );
    const second = await startOne(
      ahead.file,
      false,
      (companies) => `boot camp on ${ahead.dates.bootCamp.join(' and ')}, ${companies} companies invited`,
      'klynge-2-2020',
    );
    return `${first}\n                    ${second}`;
  } finally {
    await db.$disconnect();
    await connection.close();
  }
}

main().catch(async (e) => {
  console.error(pc.red(e instanceof ProvisionError ? `\n${e.message}` : String(e instanceof Error ? e.stack : e)));
  await shutdown(1, 'start failed');
});
