// Compiles an entry point (scripts/build/compile.ts: `cli` or `worker`) when dist/<name> is missing or
// older than its sources: bin/dobbeltspor.js and `npm run worker` call this before they load
// dist/<name>/main.js, and `npm install`, `npm start` and the test provisioning run it as a script.
// Checking takes milliseconds; compiling (through tsx, which the build script needs) a few seconds.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT, staleReason } from './build-manifest.mjs';

/** The compiled entry point of `name`. */
export function compiledEntry(name) {
  return join(ROOT, 'dist', name, 'main.js');
}

/** Returns undefined when `name`'s build is up to date (compiling it first if needed), else why it is not. */
export function ensureCompiled(name) {
  const reason = staleReason(join(ROOT, 'dist', name, 'manifest.json'));
  if (!reason) return undefined;
  process.stderr.write(`[build] compiling the ${name} to JavaScript: ${reason} …\n`);
  // The build's own output goes to stderr, so the CLI's `--json` keeps stdout to its one document.
  const res = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'build', 'compile.ts'), name], {
    cwd: ROOT,
    stdio: ['ignore', 2, 'pipe'],
    encoding: 'utf8',
  });
  if (res.status === 0) {
    process.stderr.write(res.stderr);
    return undefined;
  }
  const detail = (res.error?.message ?? res.stderr ?? '').trim().split('\n').slice(-15).join('\n');
  return `the ${name} could not be compiled (npm run build): ${detail}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const name of process.argv.length > 2 ? process.argv.slice(2) : ['cli', 'worker']) {
    const failure = ensureCompiled(name);
    if (failure) {
      console.error(failure);
      process.exit(1);
    }
  }
}
