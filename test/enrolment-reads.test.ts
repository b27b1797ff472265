// What an enrolment reads before it writes, read in one query (client/operations/enrolment.ts): the
// partnership's closing days reach the track as before (sorted, each once, only its municipality's),
// every refusal names its field and writes nothing, and the same enrolment into a full cohort is
// still a duplicate, not COHORT_FULL.
import { defaultPayloadConverter } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { claimPlace, lockCohortPlaces, writeTrackInPlace } from '../client/operations/cohort-places.js';
import { enrolParticipant, type EnrolParticipantInput } from '../client/operations/enrolment.js';
import { utcMidnightOf } from '../domain/calendar.js';
import { operationContext, seedWorld, testProgramme } from './support/participant-world.js';
import { databaseAndServer, uniqueId } from './support/temporal.js';

describe('enrolment reads', () => {
  const fixture = databaseAndServer();

  it('starts the track with its municipality closing days, sorted and each once', async () => {
    const world = await seedWorld(fixture.database.db);
    const days = (...d: string[]) => d.map((x) => utcMidnightOf(x as `${number}-${number}-${number}`));
    await fixture.database.db.municipality.update({
      where: { code: '621' },
      data: { closingDays: days('2026-12-24', '2026-05-14', '2026-12-24') },
    });
    await fixture.database.db.municipality.update({ where: { code: '575' }, data: { closingDays: days('2026-06-05') } });
    const ctx = operationContext(fixture.env.client, fixture.database.db, uniqueId('enrol-reads'));
    const participantId = await world.participant();
    const started = await enrolParticipant(ctx, {
      participantId,
      cohortId: world.cohortId,
      partnershipId: world.partnershipId,
      startsOn: '2026-12-01',
    });
    expect(started.startsOn).toBe('2026-12-01');
    const history = await fixture.env.client.workflow.getHandle(started.workflowId).fetchHistory();
    const payload = history.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0]!;
    const input = defaultPayloadConverter.fromPayload<{ closingDays: string[]; partnershipId: string; municipalityCode: string }>(payload);
    expect(input).toMatchObject({ closingDays: ['2026-05-14', '2026-12-24'], partnershipId: world.partnershipId, municipalityCode: '621' });
    const row = await fixture.database.db.participantTrack.findUniqueOrThrow({ where: { id: started.trackId } });
    expect(row).toMatchObject({ participantId, cohortId: world.cohortId, partnershipId: world.partnershipId, phase: 'ENROLLED' });
    expect(row.startedOn.toISOString()).toBe('2026-12-01T00:00:00.000Z');
  });

  it('refuses what it cannot enrol, naming the field, and writes nothing', async () => {
    const world = await seedWorld(fixture.database.db);
    const other = await seedWorld(fixture.database.db);
    const ctx = operationContext(fixture.env.client, fixture.database.db, uniqueId('enrol-reads'));
    const participantId = await world.participant();
    const erased = await world.participant();
    await fixture.database.db.participant.update({ where: { id: erased }, data: { erasedAt: new Date() } });
    const base = { participantId, cohortId: world.cohortId, partnershipId: world.partnershipId, startsOn: '2026-12-01' } as const;
    const refusal = (input: EnrolParticipantInput) =>
      enrolParticipant(ctx, input).then(
        () => 'enrolled',
        (e: unknown) => e,
      );
    expect(await refusal({ ...base, participantId: 'cl-nobody' })).toMatchObject({ code: 'NOT_FOUND', field: 'participantId' });
    expect(await refusal({ ...base, participantId: erased })).toMatchObject({ code: 'NOT_FOUND', field: 'participantId' });
    expect(await refusal({ ...base, partnershipId: 'no-such-partnership' })).toMatchObject({ code: 'NOT_FOUND', field: 'partnershipId' });
    expect(await refusal({ ...base, partnershipId: other.partnershipId })).toMatchObject({ code: 'INVALID_INPUT', field: 'partnershipId' });
    const { partnershipId: _, ...byCode } = base;
    expect(await refusal({ ...byCode, municipalityCode: '999' })).toMatchObject({ code: 'INVALID_INPUT', field: 'municipalityCode' });
    expect(await refusal({ ...base, municipalityCode: '575' })).toMatchObject({ code: 'INVALID_INPUT', field: 'municipalityCode' });
    expect(await fixture.database.db.participantTrack.count({ where: { cohortId: { in: [world.cohortId, other.cohortId] } } })).toBe(0);
  });

  it('answers the same enrolment into a full cohort as a duplicate, another participant COHORT_FULL', async () => {
    const world = await seedWorld(fixture.database.db, { ...testProgramme(), capacity: { participants: 1 } });
    const ctx = operationContext(fixture.env.client, fixture.database.db, uniqueId('enrol-reads'));
    const [first, second] = [await world.participant(), await world.participant()];
    const enrol = (participantId: string) =>
      enrolParticipant(ctx, { participantId, cohortId: world.cohortId, partnershipId: world.partnershipId, startsOn: '2026-12-01' }).then(
        (r) => r.trackId,
        (e: unknown) => e,
      );
    expect(await enrol(first)).toBe(`${world.cohortId}-${first}`);
    expect(await enrol(first)).toMatchObject({ code: 'DUPLICATE_ENROLMENT', field: 'enrolmentId' });
    expect(await enrol(second)).toMatchObject({ code: 'COHORT_FULL', field: 'cohortId' });
    expect(await fixture.database.db.participantTrack.count({ where: { cohortId: world.cohortId } })).toBe(1);
  });

  it('waits for a claim in flight on the cohort and counts its track: the last place goes once', async () => {
    const programme = { ...testProgramme(), capacity: { participants: 1 } };
    const world = await seedWorld(fixture.database.db, programme);
    const [first, second] = [await world.participant(), await world.participant()];
    const track = (participantId: string) => ({
      id: `${world.cohortId}-${participantId}`,
      participantId,
      cohortId: world.cohortId,
      partnershipId: world.partnershipId,
      workflowId: `participant-${world.cohortId}-${participantId}`,
      startedOn: '2026-12-01' as const,
    });
    let firstWrote!: () => void;
    const firstWritten = new Promise<void>((r) => (firstWrote = r));
    // The first claim writes the last place and holds its transaction open a while.
    const claim = fixture.database.db.$transaction(async (tx) => {
      await lockCohortPlaces(tx, world.cohortId);
      const written = await claimPlace(tx, track(first), 1);
      firstWrote();
      await tx.$executeRaw`SELECT pg_sleep(0.5)`;
      return written;
    });
    await firstWritten;
    const refused = await writeTrackInPlace(fixture.database.db, track(second), { ...programme, id: 'test' }, 'cohortId').then(
      () => 'written',
      (e: unknown) => e,
    );
    expect(await claim).toBe(1);
    expect(refused).toMatchObject({ code: 'COHORT_FULL', field: 'cohortId' });
    expect(await fixture.database.db.participantTrack.count({ where: { cohortId: world.cohortId } })).toBe(1);
  });
});
