// `npm run bench`: runs every benchmark in bench/ (each file a standalone script that prints its
// own figures and ratios) one after the other, or only those named: `npm run bench -- console-list`.
// `npm run bench -- --quick` runs a small version of each: the benchmarks of this file's QUICK sizes
// through their environment variables (a variable set by the caller wins), the others by the flag.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const flags = process.argv.slice(2).filter((a) => a.startsWith('--'));
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const quick = flags.includes('--quick');
/** Sizes of --quick for the benchmarks sized by environment variables only. */
const QUICK: Record<string, string> = {
  BENCH_COMPANIES: '10',
  BENCH_PARTICIPANTS: '100',
  BENCH_TRACKS: '2000',
  BENCH_RUNS: '20',
  BENCH_WORKFLOWS: '100',
};
const benches = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.startsWith('_'))
  .map((f) => f.replace(/\.ts$/, ''))
  .filter((name) => wanted.length === 0 || wanted.includes(name))
  .sort();
if (benches.length === 0) {
  console.error(`no benchmark matches ${wanted.join(', ')}`);
  process.exit(2);
}
let failed = 0;
const took: string[] = [];
const started = performance.now();
for (const name of benches) {
  console.log(`\n=== ${name} ===`);
  const env = quick ? { ...QUICK, ...(name === 'participant-tracks' ? { BENCH_PARTICIPANTS: '10' } : {}), ...process.env } : process.env;
  const benchStarted = performance.now();
  const res = spawnSync(process.execPath, ['--import', 'tsx', `${dir}${name}.ts`, ...flags], { stdio: 'inherit', env });
  const seconds = ((performance.now() - benchStarted) / 1000).toFixed(1);
  took.push(`${name}: ${seconds} s${res.status === 0 ? '' : ' (failed)'}`);
  if (res.status !== 0) failed++;
}
// Which benchmark took the time, and the whole run (--quick is meant to stay under 5 minutes).
console.log(`\n=== time taken ===\n${took.join('\n')}\nall: ${((performance.now() - started) / 1000).toFixed(1)} s`);
process.exit(failed ? 1 : 0);
