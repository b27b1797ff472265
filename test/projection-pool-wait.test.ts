// A cohort start runs as many participant projections at once as the worker runs workflow tasks,
// over a pool of fewer connections: a projection waits for a connection instead of failing after
// Prisma's default two seconds (P2028, "Unable to start a transaction in the given time").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectParticipantTrack } from '../activities/participant/projection.js';
import type { TrackSummary } from '../contracts/participant-track.js';
import { createDb, type Db } from '../prisma/client.js';
import { participantTrackRow, seedConsoleFixture } from './support/console-fixtures.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';

let t: TestDatabase;
let onePool: Db;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedConsoleFixture(t.db, { linkSecret: 'pool-wait-secret-for-signed-links-0123456789', participantTracks: 1, companyTracks: 1 });
  onePool = createDb(t.url, 1);
}, 120_000);

afterAll(async () => {
  await onePool?.$disconnect();
  await t?.drop();
});

describe('the participant projection', () => {
  it('waits for a connection held longer than two seconds, and writes the summary', async () => {
    const row = participantTrackRow(0);
    const startedOn = row.startedOn.toISOString().slice(0, 10);
    const summary = {
      trackId: row.id,
      phase: 'ENROLLED',
      paused: false,
      pauseReasons: [],
      startedOn,
      phaseStartedOn: startedOn,
      pendingTasks: [],
      overdue: [],
      outcomes: [],
      retention: [],
      pausedDaysTotal: 0,
      version: 7,
    } as unknown as TrackSummary;
    // Another projection holds the only connection for three seconds.
    let held!: () => void;
    const holding = new Promise<void>((r) => (held = r));
    const other = onePool.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT 1`;
        held();
        await new Promise((r) => setTimeout(r, 3000));
      },
      { timeout: 10_000 },
    );
    await holding;
    await expect(projectParticipantTrack(onePool, summary)).resolves.toEqual({ written: true });
    await other;
    const written = await t.db.participantTrack.findUniqueOrThrow({ where: { id: row.id }, select: { summary: true, phase: true } });
    expect(written.phase).toBe('ENROLLED');
    expect((written.summary as { version: number }).version).toBe(7);
  }, 60_000);
});
