// `npx dobbeltspor` as users type it: wall time of `--help` and `programme validate` of a shipped cohort
// file and programme template (the compiled CLI, bin/dobbeltspor.js) against `node -e 0` measured
// alternately in the same run, so a busy machine slows the limit as much as the figure, and `--help`
// from the sources through tsx, as the launcher ran it before the CLI was compiled. Goal: ≤ 300 ms.
// BENCH_CLI_RUNS (default 15, --quick 5) each.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ensureCompiled } from '../scripts/build/ensure-compiled.mjs';
import { fmt, percentile } from './_support.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNS = Number(process.env.BENCH_CLI_RUNS ?? (process.argv.includes('--quick') ? 5 : 15));
const GOAL_MS = 300;

const failure = ensureCompiled('cli');
if (failure) throw new Error(failure);

const commands: Record<string, string[]> = {
  'node -e 0': ['-e', '0'],
  'dobbeltspor --help': ['bin/dobbeltspor.js', '--help'],
  'dobbeltspor programme validate': ['bin/dobbeltspor.js', 'programme', 'validate', 'cohorts/klynge-1-2019.yaml'],
  'programme validate (template)': ['bin/dobbeltspor.js', 'programme', 'validate', 'programmes/growth-partnership-2019.yaml'],
  // What the launcher ran before the CLI was compiled: the sources through tsx.
  'sources through tsx, --help': ['--import', 'tsx', 'client/cli/main.ts', '--help'],
};
const times: Record<string, number[]> = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
for (let i = 0; i < RUNS; i++) {
  for (const [name, args] of Object.entries(commands)) {
    const started = performance.now();
    const res = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
    times[name]!.push(performance.now() - started);
    if (res.status !== 0) throw new Error(`${name} exited with ${res.status}: ${res.stderr}`);
  }
}
const median = (name: string) =>
  percentile(
    [...times[name]!].sort((a, b) => a - b),
    50,
  );
const floor = median('node -e 0');
for (const name of Object.keys(commands))
  console.log(
    `${name.padEnd(32)} median ${fmt(median(name))}, p95 ${fmt(
      percentile(
        [...times[name]!].sort((a, b) => a - b),
        95,
      ),
    )} over ${RUNS} runs`,
  );
console.log(
  `compiled against the sources through tsx (--help): ${(median('dobbeltspor --help') / median('sources through tsx, --help')).toFixed(2)}x`,
);
for (const name of ['dobbeltspor --help', 'programme validate (template)', 'dobbeltspor programme validate']) {
  const ms = median(name);
  console.log(
    `${name}: ${ms.toFixed(0)} ms (${(ms / floor).toFixed(1)}x against node -e 0; ${(ms / GOAL_MS).toFixed(2)}x against the ${GOAL_MS} ms goal)`,
  );
}
