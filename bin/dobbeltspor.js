#!/usr/bin/env node
// Launcher for `npx dobbeltspor`: runs the CLI compiled to JavaScript in dist/cli (no TypeScript
// compiled at each call), compiling it first when it is missing or older than its sources (a fresh
// clone, a changed file, a changed Prisma schema, whose client the compiled CLI contains).
import { pathToFileURL } from 'node:url';
import { compiledEntry, ensureCompiled } from '../scripts/build/ensure-compiled.mjs';

const failure = ensureCompiled('cli');
if (failure) {
  if (process.argv.includes('--json')) console.log(JSON.stringify({ error: { code: 'BUILD', message: failure }, exitCode: 1 }));
  else console.error(failure);
  process.exit(1);
}
await import(pathToFileURL(compiledEntry('cli')).href);
