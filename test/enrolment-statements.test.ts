// An enrolment's read and place claim go straight to the pg pool under the Prisma client, as
// prepared statements (client/operations/enrolment.ts, cohort-places.ts), and PostgreSQL's own
// refusal from the pool is worded like Prisma's: the same enrolment twice is still a duplicate.
import type pg from 'pg';
import { describe, expect, it, vi } from 'vitest';
import { dbRefusal } from '../client/operations/db-errors.js';
import { enrolParticipant } from '../client/operations/enrolment.js';
import { sqlPoolOf } from '../prisma/client.js';
import { operationContext, seedWorld, testProgramme } from './support/participant-world.js';
import { databaseAndServer, uniqueId } from './support/temporal.js';

describe('the statements of an enrolment', () => {
  const fixture = databaseAndServer();

  it('reads and claims the place on the pg pool as named statements, and answers the same enrolment again DUPLICATE_ENROLMENT', async () => {
    const world = await seedWorld(fixture.database.db, { ...testProgramme(), capacity: { participants: 5 } });
    const ctx = operationContext(fixture.env.client, fixture.database.db, uniqueId('enrol-statements'));
    const participantId = await world.participant();
    const pool = await sqlPoolOf(fixture.database.db);
    const named: string[] = [];
    const query = pool.query.bind(pool) as (config: pg.QueryConfig) => Promise<pg.QueryResult>;
    const spy = vi.spyOn(pool, 'query').mockImplementation(((config: pg.QueryConfig) => {
      if (typeof config === 'object' && config.name) named.push(config.name);
      return query(config);
    }) as never);
    const input = { participantId, cohortId: world.cohortId, partnershipId: world.partnershipId, startsOn: '2026-12-01' } as const;
    try {
      const started = await enrolParticipant(ctx, input);
      expect(named).toEqual(['enrolment-facts', 'claim-participant-place']);
      const again = await enrolParticipant(ctx, input).catch((e: unknown) => e);
      expect(again).toMatchObject({ code: 'DUPLICATE_ENROLMENT', field: 'enrolmentId' });
      expect(await fixture.database.db.participantTrack.count({ where: { cohortId: world.cohortId } })).toBe(1);
      expect(started.trackId).toBe(`${world.cohortId}-${participantId}`);
    } finally {
      spy.mockRestore();
    }
  });

  it('takes a programme changed since the last enrolment as it is now: its capacity, its validity', async () => {
    const programme = { ...testProgramme(), capacity: { participants: 5 } };
    const world = await seedWorld(fixture.database.db, programme);
    const ctx = operationContext(fixture.env.client, fixture.database.db, uniqueId('enrol-statements'));
    const [a, b, c] = [await world.participant(), await world.participant(), await world.participant()];
    const enrol = (participantId: string) =>
      enrolParticipant(ctx, { participantId, cohortId: world.cohortId, partnershipId: world.partnershipId, startsOn: '2026-12-01' }).then(
        (r) => r.trackId,
        (e: unknown) => e,
      );
    expect(await enrol(a)).toBe(`${world.cohortId}-${a}`);
    const { programmeId } = await fixture.database.db.cohort.findUniqueOrThrow({ where: { id: world.cohortId } });
    const setConfig = (config: object) => fixture.database.db.programme.update({ where: { id: programmeId }, data: { config } });
    await setConfig({ ...programme, id: programmeId, capacity: { participants: 1 } });
    expect(await enrol(b)).toMatchObject({ code: 'COHORT_FULL', field: 'cohortId' });
    await setConfig({ ...programme, id: programmeId, capacity: { participants: 'many' } });
    expect(await enrol(b)).toMatchObject({ code: 'INVALID_PROGRAMME', field: 'cohortId' });
    await setConfig({ ...programme, id: programmeId, capacity: { participants: 3 } });
    expect(await enrol(b)).toBe(`${world.cohortId}-${b}`);
    expect(await enrol(c)).toBe(`${world.cohortId}-${c}`);
    expect(await fixture.database.db.participantTrack.count({ where: { cohortId: world.cohortId } })).toBe(3);
  });

  it('words a refusal of PostgreSQL from the pool as a refusal of the data', async () => {
    const world = await seedWorld(fixture.database.db);
    const participantId = await world.participant();
    const pool = await sqlPoolOf(fixture.database.db);
    const insert = () =>
      pool.query(
        `INSERT INTO "ParticipantTrack" ("id", "participantId", "cohortId", "partnershipId", "workflowId", "phase", "startedOn", "updatedAt")
         VALUES ($1, $2, $3, $4, $5, 'ENROLLED', '2026-12-01', now())`,
        [`${world.cohortId}-${participantId}`, participantId, world.cohortId, world.partnershipId, `participant-${participantId}`],
      );
    await insert();
    expect(dbRefusal(await insert().catch((e: unknown) => e))).toMatchObject({ kind: 'unique', field: 'ParticipantTrack' });
    expect(dbRefusal(new Error('connection refused'))).toBeUndefined();
  });
});
