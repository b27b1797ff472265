import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * Runs the Prisma CLI offline. PRISMA_QUERY_ENGINE_LIBRARY pointing at any existing file stops the
 * CLI from downloading a native query engine it does not need (the client uses the pg adapter and
 * prisma.config.ts selects the WebAssembly schema engine).
 */
export function prisma(args: string[], databaseUrl?: string): string {
  const res = spawnSync('npx', ['--no-install', 'prisma', ...args], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: {
      ...process.env,
      PRISMA_QUERY_ENGINE_LIBRARY: fileURLToPath(new URL('../package.json', import.meta.url)),
      PRISMA_HIDE_UPDATE_MESSAGE: '1',
      CHECKPOINT_DISABLE: '1',
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    },
  });
  if (res.status !== 0) {
    throw new Error(`prisma ${args.join(' ')} failed (exit ${res.status}):\n${res.stderr}${res.stdout}`);
  }
  return res.stdout;
}
