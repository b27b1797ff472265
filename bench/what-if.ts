// `dobbeltspor cohort simulate` (the what-if run) as users type it, on a cohort of BENCH_COMPANIES
// companies and BENCH_PARTICIPANTS participants (default 100 and 1,000; --quick 10 and 100) through
// its 18 months, every event written as CSV: wall time of the whole command (the compiled CLI, the
// file validated) against the 10 s goal, and the simulated tracks' figures. BENCH_WHAT_IF_RUNS runs
// (default 3, --quick 1); the median counts. Beside it the command's CPU time (user and system, read
// from /proc on Linux), which a shared machine's load does not stretch as it stretches the wall time.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCompiled } from '../scripts/build/ensure-compiled.mjs';
import { writeBenchCohortFile } from './_cohort-file.js';
import { percentile } from './_support.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const COMPANIES = Number(process.env.BENCH_COMPANIES ?? 100);
const PARTICIPANTS = Number(process.env.BENCH_PARTICIPANTS ?? 1000);
const RUNS = Number(process.env.BENCH_WHAT_IF_RUNS ?? (process.argv.includes('--quick') ? 1 : 3));
const GOAL_MS = 10_000;

/** CPU seconds (user and system) of this process's waited-for children so far, on Linux; undefined elsewhere. */
function childrenCpuSeconds(): number | undefined {
  if (!existsSync('/proc/self/stat')) return undefined;
  // Fields after the command's name: cutime and cstime are the 14th and 15th, in clock ticks (100 a second).
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

const failure = ensureCompiled('cli');
if (failure) throw new Error(failure);
const dir = mkdtempSync(join(tmpdir(), 'dobbeltspor-what-if-'));
try {
  const file = writeBenchCohortFile(dir, { companies: COMPANIES, participants: PARTICIPANTS });
  const csv = join(dir, 'events.csv');
  const times: number[] = [];
  const cpu: number[] = [];
  let summary: { byKind: Record<string, number>; wakeUps: { participant: number; company: number } } | undefined;
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    const cpuBefore = childrenCpuSeconds();
    const res = spawnSync(process.execPath, ['bin/dobbeltspor.js', 'cohort', 'simulate', file, '--events', csv, '--json'], {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 16 * 1024 * 1024,
    });
    times.push(performance.now() - started);
    const cpuAfter = childrenCpuSeconds();
    if (cpuBefore !== undefined && cpuAfter !== undefined) cpu.push(cpuAfter - cpuBefore);
    if (res.status !== 0) throw new Error(`cohort simulate exited with ${res.status}: ${res.stderr}`);
    summary = JSON.parse(res.stdout) as typeof summary;
  }
  const ms = percentile(
    [...times].sort((a, b) => a - b),
    50,
  );
  const events = Object.values(summary!.byKind).reduce((a, b) => a + b, 0);
  const tracks = PARTICIPANTS + COMPANIES;
  console.log(
    `${PARTICIPANTS} participants and ${COMPANIES} companies through 18 months, median of ${RUNS} run(s); the machine is shared, figures under load`,
  );
  console.log(`cohort simulate: ${(ms / 1000).toFixed(2)} s (${(ms / GOAL_MS).toFixed(2)}x against the ${GOAL_MS / 1000} s goal)`);
  if (cpu.length > 0) {
    const cpuS = percentile(
      [...cpu].sort((a, b) => a - b),
      50,
    );
    console.log(
      `cohort simulate CPU time: ${cpuS.toFixed(2)} s (${((cpuS * 1000) / GOAL_MS).toFixed(2)}x against the ${GOAL_MS / 1000} s goal)`,
    );
  }
  console.log(
    `simulated events: ${events} events (${(events / tracks).toFixed(0)} a track; ${(events / (ms / 1000)).toFixed(0)} events/s), CSV ${(statSync(csv).size / 1024 / 1024).toFixed(1)} MB`,
  );
  console.log(
    `wake-ups: ${summary!.wakeUps.participant} participant timers (${(summary!.wakeUps.participant / PARTICIPANTS).toFixed(1)} a track), ${summary!.wakeUps.company} company timers (${(summary!.wakeUps.company / Math.max(COMPANIES, 1)).toFixed(1)} a track)`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
