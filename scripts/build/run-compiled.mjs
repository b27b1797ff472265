// `npm run worker`: runs the worker compiled to JavaScript (dist/worker/main.js), compiling it first
// when it is out of date, so the production worker starts without compiling TypeScript.
// `node scripts/build/run-compiled.mjs worker [args…]`.
import { pathToFileURL } from 'node:url';
import { compiledEntry, ensureCompiled } from './ensure-compiled.mjs';

const name = process.argv[2];
if (name !== 'worker' && name !== 'cli') {
  console.error('usage: node scripts/build/run-compiled.mjs worker|cli [args…]');
  process.exit(2);
}
const failure = ensureCompiled(name);
if (failure) {
  console.error(failure);
  process.exit(1);
}
// The entry sees itself as the program run, with its own arguments.
process.argv.splice(1, 2, compiledEntry(name));
await import(pathToFileURL(compiledEntry(name)).href);
