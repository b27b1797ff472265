// The participant projection against PostgreSQL: the row and the work queue's task rows always those
// of the newest summary, whatever the order in which its projections arrive, retried or at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectParticipantTrack } from '../activities/participant/projection.js';
import type { TrackSummary } from '../contracts/participant-track.js';
import { addDays } from '../domain/calendar.js';
import { storeFreeText } from '../store/free-text.js';
import { participantTrackRow, seedConsoleFixture } from './support/console-fixtures.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedConsoleFixture(t.db, { linkSecret: 'projection-secret-for-signed-links-0123456789', participantTracks: 6, companyTracks: 2 });
}, 120_000);

afterAll(async () => {
  await t?.drop();
});

const task = (id: string, kind: string, dueOn: string, overdue = false) => ({
  id,
  kind,
  what: `${kind} to do`,
  dueOn,
  ...(overdue ? { overdue } : {}),
});

/** The day a version's attendance task is due. */
const dueOf = (version: number) => addDays('2026-12-01', version);

/** A summary of track `i` at `version`, its tasks depending on the version, as a week's reminder moves them. */
function summaryOf(i: number, version: number, extra: Partial<TrackSummary> = {}): TrackSummary {
  const row = participantTrackRow(i);
  const startedOn = row.startedOn.toISOString().slice(0, 10);
  return {
    trackId: row.id,
    phase: 'WORK_READINESS',
    paused: false,
    pauseReasons: [],
    startedOn,
    phaseStartedOn: startedOn,
    phaseEndsOn: '2027-05-03',
    jobTrainingStartsOn: '2027-05-03',
    jobTrainingEndsOn: '2027-11-01',
    nextDeadline: { on: dueOf(version), what: 'attendance for the week' },
    lastAttendance: { weekStart: '2026-11-23', hours: 10, present: true },
    trainingTopics: [],
    pendingTasks: [task(`attendance:v${version}`, 'ATTENDANCE', dueOf(version)), task('mentor', 'MENTOR', dueOf(version + 10))],
    overdue: version % 2 ? [task('attendance:2026-11-16', 'ATTENDANCE', '2026-11-24', true)] : [],
    outcomes: [],
    retention: [],
    pausedDaysTotal: 0,
    version,
    ...extra,
  } as unknown as TrackSummary;
}

async function stored(trackId: string) {
  const row = await t.db.participantTrack.findUniqueOrThrow({ where: { id: trackId } });
  const tasks = await t.db.participantTrackTask.findMany({ where: { participantTrackId: trackId }, orderBy: { id: 'asc' } });
  return { row, version: (row.summary as { version: number }).version, tasks };
}

/** The task rows a summary stands for, as the work queue reads them. */
function tasksOf(s: TrackSummary, partnershipId: string) {
  const all = s.paused ? [] : [...s.overdue, ...s.pendingTasks];
  return all
    .map((k) => ({
      id: `${s.trackId}:${k.id}`,
      participantTrackId: s.trackId,
      partnershipId,
      taskId: k.id,
      kind: k.kind,
      dueOn: new Date(`${k.dueOn}T00:00:00Z`),
      overdue: (k as { overdue?: boolean }).overdue === true,
    }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

describe('the participant projection', () => {
  it('writes the columns and the tasks of the summary, replaces them with a newer one, and ignores an older one', async () => {
    const trackId = participantTrackRow(1).id;
    const { partnershipId } = participantTrackRow(1);
    expect(await projectParticipantTrack(t.db, summaryOf(1, 3))).toEqual({ written: true });
    const first = await stored(trackId);
    expect(first.version).toBe(3);
    expect(first.row).toMatchObject({
      phase: 'WORK_READINESS',
      paused: false,
      phaseEndsOn: new Date('2027-05-03T00:00:00Z'),
      nextDeadlineOn: new Date(`${dueOf(3)}T00:00:00Z`),
      nextDeadlineWhat: 'attendance for the week',
      lastAttendanceWeek: new Date('2026-11-23T00:00:00Z'),
      overdueCount: 1,
      endReason: null,
    });
    expect(first.tasks).toEqual(tasksOf(summaryOf(1, 3), partnershipId));

    // A newer summary: one task gone, one new, one moved, the overdue week done.
    const newer = summaryOf(1, 4, {
      pendingTasks: [task('attendance:v4', 'ATTENDANCE', '2026-12-04'), task('mentor', 'MENTOR', '2026-12-20')],
    } as Partial<TrackSummary>);
    expect(await projectParticipantTrack(t.db, newer)).toEqual({ written: true });
    const second = await stored(trackId);
    expect(second.version).toBe(4);
    expect(second.row.overdueCount).toBe(0);
    expect(second.tasks).toEqual(tasksOf(newer, partnershipId));
    expect(second.row.updatedAt.getTime()).toBeGreaterThanOrEqual(first.row.updatedAt.getTime());

    // A retried activity of the older summary changes nothing.
    expect(await projectParticipantTrack(t.db, summaryOf(1, 3))).toEqual({ written: false });
    const after = await stored(trackId);
    expect(after.version).toBe(4);
    expect(after.row.nextDeadlineOn).toEqual(new Date(`${dueOf(4)}T00:00:00Z`));
    expect(after.tasks).toEqual(second.tasks);

    // The same summary again (a retry after it committed) writes the same.
    expect(await projectParticipantTrack(t.db, newer)).toEqual({ written: true });
    expect((await stored(trackId)).tasks).toEqual(second.tasks);

    // Paused: the work queue leaves its tasks out.
    expect(await projectParticipantTrack(t.db, { ...summaryOf(1, 5), paused: true })).toEqual({ written: true });
    expect((await stored(trackId)).tasks).toEqual([]);
    expect((await stored(trackId)).row.paused).toBe(true);
  });

  it('writes the end reason as words, also inside a transfer, and the track it went to', async () => {
    const trackId = participantTrackRow(2).id;
    const reasonId = await storeFreeText(t.db, {
      kind: 'transfer-reason',
      entity: 'ParticipantTrack',
      entityId: trackId,
      text: 'Flyttet til Aalborg',
    });
    const ended = summaryOf(2, 9, {
      phase: 'TRANSFERRED',
      endedOn: '2026-11-30',
      endReason: `transferred to partnership klynge-2-2020-851: ${reasonId}`,
      transferredToTrackId: participantTrackRow(3).id,
      pendingTasks: [],
      overdue: [],
    } as Partial<TrackSummary>);
    expect(await projectParticipantTrack(t.db, ended)).toEqual({ written: true });
    const { row, tasks } = await stored(trackId);
    expect(row.phase).toBe('TRANSFERRED');
    expect(row.endReason).toBe('transferred to partnership klynge-2-2020-851: Flyttet til Aalborg');
    expect(row.transferredToId).toBe(participantTrackRow(3).id);
    expect(tasks).toEqual([]);
  });

  it('ends with the newest summary and exactly its tasks when projections of a track run at once, in any order', async () => {
    const trackId = participantTrackRow(4).id;
    const { partnershipId } = participantTrackRow(4);
    for (let round = 0; round < 5; round++) {
      const base = round * 40;
      // Versions arrive shuffled and some twice, as retries overtaken by newer projections do.
      const versions = Array.from({ length: 24 }, (_, k) => base + 1 + ((k * 7) % 20));
      const results = await Promise.all(versions.map((v) => projectParticipantTrack(t.db, summaryOf(4, v))));
      const newest = Math.max(...versions);
      const { version, tasks, row } = await stored(trackId);
      expect(version).toBe(newest);
      expect(row.nextDeadlineOn).toEqual(new Date(`${dueOf(newest)}T00:00:00Z`));
      expect(tasks).toEqual(tasksOf(summaryOf(4, newest), partnershipId));
      expect(results.some((r) => r.written)).toBe(true);
    }
  });

  it('writes nothing for a track that has no row', async () => {
    expect(await projectParticipantTrack(t.db, { ...summaryOf(5, 1), trackId: 'pt-missing' })).toEqual({ written: false });
    expect(await t.db.participantTrackTask.count({ where: { participantTrackId: 'pt-missing' } })).toBe(0);
  });
});
