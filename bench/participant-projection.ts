// The participant projection (activities/participant/projection.ts), which a participant track runs
// as a local activity after most of its workflow tasks: BENCH_PROJECTIONS (default 500, --quick 100)
// projections of realistic summaries (bench/_track-summaries.ts: about 1.3 kB, five open tasks, some
// overdue weeks), BENCH_PROJECTION_IN_FLIGHT (default 8) at once over the default pool of 10, each a
// newer version of its track's summary with one task moved, as a week's reminder moves the attendance
// task. Prints the mean and percentiles of one projection, the rate, and the load beside them.
import { loadavg } from 'node:os';
import { projectParticipantTrack } from '../activities/participant/projection.js';
import type { TrackSummary } from '../contracts/participant-track.js';
import { seedConsoleFixture } from '../test/support/console-fixtures.js';
import { TASKS_FROM_SUMMARIES_SQL } from '../store/participant-track-tasks.js';
import { BENCH_WORKER_CONFIG, benchDatabase, fmt, percentile } from './_support.js';
import { projectBenchSummaries } from './_track-summaries.js';

const N = Number(process.env.BENCH_PROJECTIONS ?? (process.argv.includes('--quick') ? 100 : 500));
const IN_FLIGHT = Number(process.env.BENCH_PROJECTION_IN_FLIGHT ?? 8);
const TRACKS = 200;

const { db, drop } = await benchDatabase();
try {
  await seedConsoleFixture(db, { linkSecret: BENCH_WORKER_CONFIG.LINK_SECRET, participantTracks: TRACKS, companyTracks: 10 });
  await projectBenchSummaries(db);
  await db.$executeRawUnsafe(TASKS_FROM_SUMMARIES_SQL);
  const rows = await db.participantTrack.findMany({ select: { summary: true }, orderBy: { id: 'asc' } });
  const summaries = rows.map((r) => r.summary as unknown as TrackSummary);
  const withTasks = summaries.filter((s) => s.pendingTasks.length > 0).length;

  const next = (i: number): TrackSummary => {
    const s = summaries[i % summaries.length]!;
    const version = s.version + 1 + Math.floor(i / summaries.length);
    // One task moves (a new week's attendance), the rest stay as they were.
    const pendingTasks = s.pendingTasks.map((t, k) => (k === 0 ? { ...t, id: `attendance:v${version}` } : t));
    return { ...s, version, pendingTasks };
  };
  // Warm-up: connections opened and statements prepared, as in a running worker.
  for (let i = 0; i < 20; i++) await projectParticipantTrack(db, next(i));

  const times: number[] = [];
  let written = 0;
  let i = 20;
  const load = loadavg()[0]!;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (i < N + 20) {
        const s = next(i++);
        const t0 = performance.now();
        if ((await projectParticipantTrack(db, s)).written) written++;
        times.push(performance.now() - t0);
      }
    }),
  );
  const wall = performance.now() - start;
  times.sort((a, b) => a - b);
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  console.log(
    `${N} projections, ${IN_FLIGHT} in flight, ${TRACKS} tracks (${withTasks} with open tasks); load ${load.toFixed(2)} → ${loadavg()[0]!.toFixed(2)}`,
  );
  console.log(
    `  one projection: mean ${fmt(mean)}, p50 ${fmt(percentile(times, 50))}, p95 ${fmt(percentile(times, 95))}, p99 ${fmt(percentile(times, 99))}`,
  );
  console.log(`  ${(N / (wall / 1000)).toFixed(0)} projections/s (${written} written)`);
} finally {
  await drop();
}
