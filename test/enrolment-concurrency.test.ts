// Enrolments into one cohort at the same time through the enrol operation, on a real PostgreSQL: the
// cohort's lock for the place count and the track rows' foreign-key locks on the cohort must not
// deadlock. Every enrolment either gets a place or is refused COHORT_FULL; none fails otherwise.
import { describe, expect, it } from 'vitest';
import { enrolParticipant } from '../client/operations/enrolment.js';
import { OperationError } from '../client/operations/operation-error.js';
import { localDateAt } from '../domain/calendar.js';
import { operationContext, seedWorld, testProgramme } from './support/participant-world.js';
import { databaseAndServer, uniqueId } from './support/temporal.js';

describe('enrolments at the same time into one cohort', () => {
  const fixture = databaseAndServer();

  it('fills the places and refuses the rest COHORT_FULL, with no deadlock; the same enrolment twice is refused as a duplicate', async () => {
    const programme = { ...testProgramme(), capacity: { participants: 5 } };
    const world = await seedWorld(fixture.database.db, programme);
    // No worker: the starts are what is tested, not the tracks.
    const ctx = operationContext(fixture.env.client, fixture.database.db, uniqueId('enrol-race'));
    const startsOn = localDateAt(Date.now());
    const participants = await Promise.all(Array.from({ length: 8 }, () => world.participant()));
    const enrol = (participantId: string) =>
      enrolParticipant(ctx, { participantId, cohortId: world.cohortId, partnershipId: world.partnershipId, startsOn });
    const results = await Promise.allSettled([...participants.map(enrol), enrol(participants[0]!)]);
    const refusals = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    for (const e of refusals) expect(e).toBeInstanceOf(OperationError);
    const codes = refusals.map((e) => (e as OperationError).code).sort();
    const full = codes.filter((c) => c === 'COHORT_FULL').length;
    const duplicate = codes.filter((c) => c === 'DUPLICATE_ENROLMENT').length;
    expect(codes.length).toBe(full + duplicate);
    // Five places: five tracks. The first participant's second enrolment is a duplicate, or, when its
    // first was refused for want of a place, it may have been refused the same way.
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    expect(await fixture.database.db.participantTrack.count({ where: { cohortId: world.cohortId } })).toBe(5);
    expect(full + duplicate).toBe(4);
  });
});
