// Compiles the CLI when dist/cli is missing or older than its sources: bin/dobbeltspor.js calls this
// before it loads dist/cli/main.js, and `npm install`, `npm start` and the test provisioning run it as a
// script. Checking takes milliseconds; compiling (through tsx, which the build script needs) a few seconds.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT, staleReason } from './build-manifest.mjs';

export const CLI_ENTRY = join(ROOT, 'dist', 'cli', 'main.js');
const CLI_MANIFEST = join(ROOT, 'dist', 'cli', 'manifest.json');

/** Returns undefined when the compiled CLI is up to date (compiling it first if needed), else why it is not. */
export function ensureCompiledCli() {
  const reason = staleReason(CLI_MANIFEST);
  if (!reason) return undefined;
  process.stderr.write(`[build] compiling the CLI to JavaScript: ${reason} …\n`);
  // The build's own output goes to stderr, so `--json` keeps stdout to its one document.
  const res = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'build', 'compile-cli.ts')], {
    cwd: ROOT,
    stdio: ['ignore', 2, 'pipe'],
    encoding: 'utf8',
  });
  if (res.status === 0) {
    process.stderr.write(res.stderr);
    return undefined;
  }
  const detail = (res.error?.message ?? res.stderr ?? '').trim().split('\n').slice(-15).join('\n');
  return `the CLI could not be compiled (npm run build): ${detail}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const failure = ensureCompiledCli();
  if (failure) {
    console.error(failure);
    process.exit(1);
  }
}
