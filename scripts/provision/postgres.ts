import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { cacheDir } from './cache-dir.js';
import { LOCAL_DATABASE_URL, LOCAL_PG } from '../../config/local-database.js';
import { log, ProvisionError, run, timed, which } from './run.js';

export { LOCAL_DATABASE_URL, LOCAL_PG };
const CLUSTER = 'dobbeltspor';

export async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Returns a URL of a reachable PostgreSQL server whose user may create databases. An explicit URL
 * must answer; otherwise the project's local cluster is used, installed (Debian's `postgresql`) and
 * started when needed.
 */
export async function ensurePostgres(explicitUrl?: string): Promise<string> {
  if (explicitUrl) {
    if (await canConnect(explicitUrl)) return explicitUrl;
    throw new ProvisionError(
      `PostgreSQL at ${redact(explicitUrl)} does not answer. Start it, or unset the variable to use the project's local cluster.`,
    );
  }
  if (await canConnect(LOCAL_DATABASE_URL)) return LOCAL_DATABASE_URL;
  const binDir = postgresBinDir() ?? installPostgres();
  if (process.getuid?.() === 0) startDebianCluster(binDir);
  else startUserCluster(binDir);
  for (let i = 0; i < 50; i++) {
    if (await canConnect(LOCAL_DATABASE_URL)) return LOCAL_DATABASE_URL;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new ProvisionError(`the local PostgreSQL cluster did not answer on port ${LOCAL_PG.port} within 10 s`);
}

function postgresBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'postgres')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : undefined;
}

function installPostgres(): string {
  const apt = which('apt-get');
  if (!apt || process.getuid?.() !== 0) {
    throw new ProvisionError(
      'PostgreSQL is not installed and cannot be installed here (needs root and apt-get). Install PostgreSQL 15+ or set DATABASE_URL / TEST_DATABASE_URL to a server you run.',
    );
  }
  timed('postgres', 'installing Debian postgresql (about a minute)', () => {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    run(apt, ['-o', 'Acquire::Retries=3', 'update', '-qq'], { env });
    run(apt, ['install', '-y', '-qq', '--no-install-recommends', 'postgresql'], { env });
  });
  const bin = postgresBinDir();
  if (!bin) throw new ProvisionError('postgresql was installed but no server binary was found under /usr/lib/postgresql');
  return bin;
}

/** As root: a Debian-managed cluster named `dobbeltspor` (the server itself runs as user postgres). */
function startDebianCluster(binDir: string): void {
  const version = binDir.split('/').at(-2)!;
  const clusters = run('pg_lsclusters', ['--no-header']);
  if (!clusters.split('\n').some((l) => l.split(/\s+/)[1] === CLUSTER)) {
    timed('postgres', `creating cluster ${version}/${CLUSTER} on port ${LOCAL_PG.port}`, () =>
      run('pg_createcluster', [version, CLUSTER, '--port', String(LOCAL_PG.port), '--', '--auth-local=peer', '--auth-host=scram-sha-256']),
    );
  }
  timed('postgres', `starting cluster ${version}/${CLUSTER}`, () => {
    run('pg_ctlcluster', [version, CLUSTER, 'start']);
  });
  const sql = `DO $$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${LOCAL_PG.user}') THEN
      CREATE ROLE ${LOCAL_PG.user} LOGIN SUPERUSER PASSWORD '${LOCAL_PG.password}';
    END IF; END $$;`;
  run('runuser', ['-u', 'postgres', '--', 'psql', '-q', '-p', String(LOCAL_PG.port), '-c', sql]);
  const exists = run('runuser', [
    '-u',
    'postgres',
    '--',
    'psql',
    '-tA',
    '-p',
    String(LOCAL_PG.port),
    '-c',
    `SELECT 1 FROM pg_database WHERE datname = '${LOCAL_PG.database}'`,
  ]);
  if (!exists.trim())
    run('runuser', ['-u', 'postgres', '--', 'createdb', '-p', String(LOCAL_PG.port), '-O', LOCAL_PG.user, LOCAL_PG.database]);
}

/** As an ordinary user: a cluster in the cache directory, started with pg_ctl. */
function startUserCluster(binDir: string): void {
  const data = join(cacheDir('postgres'), 'data');
  if (!existsSync(join(data, 'PG_VERSION'))) {
    timed('postgres', `initdb ${data}`, () => {
      const pwfile = join(cacheDir('postgres'), 'pwfile');
      run('sh', ['-c', `printf '%s' '${LOCAL_PG.password}' > '${pwfile}'`]);
      run(join(binDir, 'initdb'), ['-D', data, '-U', LOCAL_PG.user, `--pwfile=${pwfile}`, '--auth=scram-sha-256', '-E', 'UTF8']);
    });
  }
  const socketDir = cacheDir('postgres', 'socket');
  run(join(binDir, 'pg_ctl'), [
    '-D',
    data,
    '-l',
    join(cacheDir('postgres'), 'server.log'),
    '-w',
    '-o',
    `-p ${LOCAL_PG.port} -k ${socketDir} -h 127.0.0.1`,
    'start',
  ]);
  log('postgres', `started ${data} on port ${LOCAL_PG.port}`);
  run(join(binDir, 'psql'), [
    `postgresql://${LOCAL_PG.user}:${LOCAL_PG.password}@127.0.0.1:${LOCAL_PG.port}/postgres`,
    '-q',
    '-c',
    `CREATE DATABASE ${LOCAL_PG.database}`,
  ]);
}

export function redact(url: string): string {
  return url.replace(/:\/\/([^:@/]+):[^@/]*@/, '://$1:***@');
}
