// A cohort's months under time skipping, against the least any engine run of the same shape costs:
// the cohort file (BENCH_SIM_PARTICIPANTS participants, BENCH_SIM_COMPANIES companies) started through the
// product's own start and its workflows run by one worker with the real activities; then, on a time-
// skipping server of its own, a minimal workflow for each workflow of that run (cohort, tracks, camp
// invitations) that waits for the same timers, at the same instants, and runs as many no-op activities
// and local activities after each as the real one did: its plan read from the real run's histories
// (bench/_history-counts.ts), so the limit models exactly the work the real run had, no more, no less.
// Both runs' histories are counted by workflow type (workflow tasks, timers, activities, local
// activities a workflow-month; seconds in activities and in workflow tasks), which shows where the
// real run's wall time goes. Two scales, the second BENCH_SIM_SCALE (default 2) times the first; each run
// in a process of its own. BENCH_SIM_MONTHS (default 18, --quick 6) of workflow time. Prints the wall
// time of the skip, the ratio real/minimal and the cost per track at each scale. Defaults 500/50 and
// 1,000/100 take hours on two shared cores; --quick runs 5/1 and 10/2. The what-if run's own count of
// the tracks' timers (domain/what-if.ts, nobody recording anything and every company selected) is
// printed beside it: the real run selects no company, so its company tracks wait.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { createMailTransport } from '../activities/mail/transport.js';
import { shiftCohortYear, startCohort } from '../client/operations/cohorts.js';
import { loadCohortFile } from '../client/operations/files.js';
import { simulateCohortFile } from '../client/operations/what-if.js';
import { addMonths, instantAt, localDateAt } from '../domain/calendar.js';
import { Prisma } from '../prisma/client.js';
import { ensureTestServer } from '../scripts/provision/temporal.js';
import { MailSink } from '../scripts/mail-sink.js';
import { createWorker } from '../worker/create-worker.js';
import { writeBenchCohortFile } from './_cohort-file.js';
import { countHistories, countLines, type HistoryCounts, type PlanStep } from './_history-counts.js';
import { BENCH_WORKER_CONFIG, benchDatabase, fmt } from './_support.js';

const quick = process.argv.includes('--quick');
const MONTHS = Number(process.env.BENCH_SIM_MONTHS ?? (quick ? 6 : 18));
const kind = process.env.BENCH_SIM_KIND as 'real' | 'minimal' | undefined;

interface Result {
  wallMs: number;
  tracks: number;
  /** The minimal run's plan: workflows, timers, activities and local activities. */
  workflows: number;
  timers: number;
  activities: number;
  localActivities: number;
  /** The tracks' wake-ups the what-if run counts. */
  whatIfWakeUps: number;
  /** What the histories hold, by workflow type (without the plans). */
  counts: Omit<HistoryCounts, 'plans'>;
}

if (kind === undefined) {
  const scale = Number(process.env.BENCH_SIM_SCALE ?? 2);
  const p1 = Number(process.env.BENCH_SIM_PARTICIPANTS ?? (quick ? 5 : 500));
  const c1 = Number(process.env.BENCH_SIM_COMPANIES ?? (quick ? 1 : 50));
  const sizes = [
    [p1, c1],
    [p1 * scale, c1 * scale],
  ] as const;
  console.log(`${MONTHS} months of workflow time; the machine is shared (2 cores), figures under load`);
  const perTrack: number[] = [];
  for (const [p, c] of sizes) {
    const results: Partial<Record<'real' | 'minimal', Result>> = {};
    const planDir = mkdtempSync(join(tmpdir(), 'dobbeltspor-bench-plan-'));
    // The real run first: the minimal one follows its histories.
    for (const k of ['real', 'minimal'] as const) {
      const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
        env: {
          ...process.env,
          BENCH_SIM_KIND: k,
          BENCH_SIM_PLAN: join(planDir, 'plans.json'),
          BENCH_PARTICIPANTS: String(p),
          BENCH_COMPANIES: String(c),
          BENCH_SIM_MONTHS: String(MONTHS),
        },
        stdio: ['ignore', 'pipe', 'inherit'],
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      });
      const line = child.stdout.split('\n').find((l) => l.startsWith('RESULT '));
      if (child.status !== 0 || !line) {
        console.log(child.stdout);
        process.exit(child.status ?? 1);
      }
      results[k] = JSON.parse(line.slice('RESULT '.length)) as Result;
    }
    rmSync(planDir, { recursive: true, force: true });
    const real = results.real!;
    const minimal = results.minimal!;
    const tracks = real.tracks;
    perTrack.push(real.wallMs / tracks);
    console.log(
      `${p} participants + ${c} companies: ${minimal.timers} timers, ${minimal.activities} activities and ${minimal.localActivities} local activities in the minimal run, as in the real run's ${minimal.workflows} workflows; the what-if run counts ${real.whatIfWakeUps} wake-ups of the tracks`,
    );
    console.log(`  minimal workflow: ${fmt(minimal.wallMs)} (${fmt(minimal.wallMs / tracks)} a track)`);
    console.log(
      `  simulated time, ${tracks} tracks: ${(real.wallMs / 1000).toFixed(1)} s (${(real.wallMs / minimal.wallMs).toFixed(2)}x against the minimal workflow with the same timers and activities; the goal, at least half its rate, is at most 2x)`,
    );
    console.log(
      `  cost per track: ${fmt(real.wallMs / tracks)} (${(real.wallMs / tracks / (minimal.wallMs / tracks)).toFixed(2)}x against ${fmt(minimal.wallMs / tracks)} minimal)`,
    );
    for (const [k, r] of [
      ['minimal', minimal],
      ['real', real],
    ] as const) {
      console.log(`  ${k} run's histories: timers fired at ${r.counts.timerInstants} distinct instants`);
      for (const line of countLines(r.counts, MONTHS)) console.log(line);
    }
  }
  console.log(
    `cost per track at ${sizes[1][0] + sizes[1][1]} tracks: ${fmt(perTrack[1]!)} (${(perTrack[1]! / perTrack[0]!).toFixed(2)}x against ${fmt(perTrack[0]!)} at ${sizes[0][0] + sizes[0][1]} tracks)`,
  );
  process.exit(0);
}

const PARTICIPANTS = Number(process.env.BENCH_PARTICIPANTS);
const PLAN_FILE = process.env.BENCH_SIM_PLAN!;
const COMPANIES = Number(process.env.BENCH_COMPANIES);
const { db, drop } = await benchDatabase();
const env = await TestWorkflowEnvironment.createTimeSkipping({
  server: { executable: { type: 'existing-path', path: ensureTestServer() } },
});
const sink = new MailSink({ keep: false });
await sink.start();
const mailer = createMailTransport(sink.smtpUrl);
const taskQueue = `bench-simulated-time-${kind}`;
const worker = await createWorker({
  connection: env.nativeConnection,
  namespace: env.namespace ?? 'default',
  taskQueue,
  deps: {
    db,
    mailer,
    config: BENCH_WORKER_CONFIG,
  },
  extra:
    kind === 'minimal'
      ? {
          workflowsPath: fileURLToPath(new URL('./_minimal-track.ts', import.meta.url)),
          activities: { noopActivity: async () => undefined },
        }
      : {},
});
const running = worker.run();
const dir = mkdtempSync(join(tmpdir(), 'dobbeltspor-bench-'));
try {
  const file = writeBenchCohortFile(dir, { companies: COMPANIES, participants: PARTICIPANTS });
  const year = Number(localDateAt(Number(await env.currentTimeMs())).slice(0, 4)) + 1;
  const content = await loadCohortFile(file);
  const shifted = { ...content, cohort: shiftCohortYear(content.cohort, year).cohort };
  const whatIf = simulateCohortFile(shifted, { months: MONTHS });
  const firstDay = shifted.cohort.bootCamp?.dates[0] ?? shifted.cohort.startsOn!;
  const until = instantAt(addMonths(firstDay, MONTHS), '00:00');
  let workflows = 0;
  let timers = 0;
  let activities = 0;
  let localActivities = 0;
  const roots: string[] = [];
  if (kind === 'minimal') {
    // One minimal workflow for each workflow of the real run, on its plan.
    const plans = JSON.parse(readFileSync(PLAN_FILE, 'utf8')) as Record<string, PlanStep[]>;
    const starts = Object.entries(plans).map(([workflowId, steps]) => {
      workflows++;
      timers += steps.length - 1;
      activities += steps.reduce((s, x) => s + x.activities, 0);
      localActivities += steps.reduce((s, x) => s + x.localActivities, 0);
      roots.push(`minimal-${workflowId}`);
      return () => env.client.workflow.start('minimalTrackWorkflow', { taskQueue, workflowId: `minimal-${workflowId}`, args: [steps] });
    });
    for (let i = 0; i < starts.length; i += 8) await Promise.all(starts.slice(i, i + 8).map((s) => s()));
  } else {
    const ctx = { client: env.client, db, taskQueue, namespace: env.namespace ?? 'default' };
    const started = await startCohort(ctx, { content, year });
    roots.push(started.workflowId);
    const t0 = performance.now();
    for (;;) {
      const [p, c] = await Promise.all([
        db.participantTrack.count({ where: { cohortId: started.cohortId, summary: { not: Prisma.DbNull } } }),
        db.companyTrack.count({ where: { cohortId: started.cohortId, summary: { not: Prisma.DbNull } } }),
      ]);
      if (p === PARTICIPANTS && c === COMPANIES) break;
      if (performance.now() - t0 > 30 * 60_000) throw new Error('the tracks did not all start within 30 minutes');
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  const t1 = performance.now();
  for (let m = 1; m <= MONTHS; m++) {
    const to = Math.min(until, instantAt(addMonths(firstDay, m), '00:00'));
    const now = Number(await env.currentTimeMs());
    if (to > now) await env.sleep(to - now);
    process.stderr.write(`\r  ${kind}: month ${m}/${MONTHS}, ${fmt(performance.now() - t1)}`);
  }
  process.stderr.write('\n');
  const wallMs = performance.now() - t1;
  const { plans, ...counts } = await countHistories(env.client, roots);
  if (kind === 'real') writeFileSync(PLAN_FILE, JSON.stringify(plans));
  const whatIfWakeUps = whatIf.summary.wakeUps.participant + whatIf.summary.wakeUps.company;
  const result: Result = {
    wallMs,
    tracks: PARTICIPANTS + COMPANIES,
    workflows,
    timers,
    activities,
    localActivities,
    whatIfWakeUps,
    counts,
  };
  console.log(`RESULT ${JSON.stringify(result)}`);
} finally {
  worker.shutdown();
  await running.catch((e: unknown) => console.error('the worker failed:', e));
  mailer.close();
  await env.teardown();
  await sink.stop();
  await drop();
  rmSync(dir, { recursive: true, force: true });
}
