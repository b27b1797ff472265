// An enrolment's place claim (client/operations/cohort-places.ts) on a real PostgreSQL: one statement
// that commits on its own, so the cohort's lock is held inside the database only, never across round
// trips of a transaction; it still counts every track holding a place, and a place freed by a drop-out
// or a transfer is free again.
import { PrismaPg } from '@prisma/adapter-pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbRefusal } from '../client/operations/db-errors.js';
import { participantPlacesTaken, writeTrackInPlace, type NewParticipantTrack } from '../client/operations/cohort-places.js';
import type { Db } from '../prisma/client.js';
import { PrismaClient } from '../prisma/generated/client.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { seedWorld, testProgramme, type World } from './support/participant-world.js';

describe('the place claim of an enrolment', () => {
  let database: TestDatabase;
  let noting: Db;
  const statements: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    // A client like createDb's that notes every statement it sends.
    const client = new PrismaClient({
      adapter: new PrismaPg({ connectionString: database.url, max: 2 }),
      log: [{ emit: 'event', level: 'query' }],
    });
    client.$on('query', (e) => statements.push(e.query));
    noting = client as unknown as Db;
  });
  afterAll(async () => {
    await noting?.$disconnect();
    await database?.drop();
  });

  const trackOf = (world: World, participantId: string): NewParticipantTrack => ({
    id: `${world.cohortId}-${participantId}`,
    participantId,
    cohortId: world.cohortId,
    partnershipId: world.partnershipId,
    workflowId: `participant-${world.cohortId}-${participantId}`,
    startedOn: '2026-12-01',
  });
  const refusalOf = (p: Promise<void>) =>
    p.then(
      () => 'written',
      (e: unknown) => e,
    );

  it('claims the place and writes the row in one statement, no transaction held open across round trips', async () => {
    const programme = { ...testProgramme(), capacity: { participants: 2 } };
    const world = await seedWorld(database.db, programme);
    const participantId = await world.participant();
    statements.length = 0;
    await writeTrackInPlace(noting, trackOf(world, participantId), programme, 'cohortId');
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatch(/claim_participant_place/);
    expect(await database.db.participantTrack.findUniqueOrThrow({ where: { id: trackOf(world, participantId).id } })).toMatchObject({
      phase: 'ENROLLED',
      partnershipId: world.partnershipId,
    });
  });

  it('counts the tracks holding a place: a drop-out or a transfer frees one, every other phase keeps it', async () => {
    const programme = { ...testProgramme(), capacity: { participants: 2 } };
    const world = await seedWorld(database.db, programme);
    const [a, b, c, d] = [await world.participant(), await world.participant(), await world.participant(), await world.participant()];
    const write = (participantId: string) =>
      refusalOf(writeTrackInPlace(database.db, trackOf(world, participantId), programme, 'cohortId'));
    expect(await write(a)).toBe('written');
    expect(await write(b)).toBe('written');
    await database.db.participantTrack.update({ where: { id: trackOf(world, a).id }, data: { phase: 'JOB_TRAINING' } });
    expect(await write(c)).toMatchObject({ code: 'COHORT_FULL', field: 'cohortId' });
    await database.db.participantTrack.update({ where: { id: trackOf(world, a).id }, data: { phase: 'DROPPED_OUT' } });
    expect(await write(c)).toBe('written');
    expect(await write(d)).toMatchObject({ code: 'COHORT_FULL', field: 'cohortId' });
    await database.db.participantTrack.update({ where: { id: trackOf(world, b).id }, data: { phase: 'TRANSFERRED' } });
    expect(await write(d)).toBe('written');
    expect(await participantPlacesTaken(database.db, world.cohortId)).toBe(2);
    expect(await database.db.participantTrack.count({ where: { cohortId: world.cohortId } })).toBe(4);
  });

  it('refuses the same track twice as a unique refusal, so the enrolment answers DUPLICATE_ENROLMENT', async () => {
    const programme = { ...testProgramme(), capacity: { participants: 5 } };
    const world = await seedWorld(database.db, programme);
    const track = trackOf(world, await world.participant());
    await writeTrackInPlace(database.db, track, programme, 'cohortId');
    expect(dbRefusal(await refusalOf(writeTrackInPlace(database.db, track, programme, 'cohortId')))).toMatchObject({ kind: 'unique' });
    expect(await participantPlacesTaken(database.db, world.cohortId)).toBe(1);
  });

  it('writes without a count where the programme plans no places', async () => {
    const world = await seedWorld(database.db, testProgramme());
    const participants = await Promise.all(Array.from({ length: 3 }, () => world.participant()));
    for (const p of participants) await writeTrackInPlace(database.db, trackOf(world, p), testProgramme(), 'cohortId');
    expect(await database.db.participantTrack.count({ where: { cohortId: world.cohortId } })).toBe(3);
  });
});
