import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, addMonths, localDateAt, type LocalDate } from '../domain/calendar.js';
import { cohortPauseSource } from '../domain/pause.js';
import { phaseDates } from '../domain/participant-schedule.js';
import { programmeSchema } from '../domain/programme.js';
import { enrolParticipant } from '../client/operations/enrolment.js';
import { participantSummary, recordParticipantOutcome } from '../client/operations/participants.js';
import type { OperationContext } from '../client/operations/context.js';
import { pauseTrackSignal, resumeTrackSignal } from '../contracts/index.js';
import { operationContext, seedWorld, testProgramme, type World } from './support/participant-world.js';
import { saveHistoryChain } from './support/histories.js';
import { createHarness, type Harness } from './support/temporal.js';

// A cohort-wide lock-down of three months moves every track's end: a job found six months after the
// planned end, but within six months of the end the pause moved, is paid. The cohort's pause reaches
// each track as a hold of the source `cohort:<id>` (workflows/cohort.ts); the test sends it so.
describe('the payment window follows a cohort-wide pause', () => {
  let h: Harness;
  let ctx: OperationContext;
  let world: World;
  const base = testProgramme();
  // The growth partnership's card: an ordinary job counts within 6 months of the track's end.
  const programme = programmeSchema.parse({
    ...base,
    rateCard: {
      currency: 'DKK',
      lines: [{ id: 'ordinary-job', outcome: 'ORDINARY_JOB', description: 'Ordinært job', amount: '40000', withinMonthsOfTrackEnd: 6 }],
    },
  });

  beforeAll(async () => {
    h = await createHarness();
    await h.startWorker();
    ctx = operationContext(h.env.client, h.db, h.taskQueue, () => h.env.currentTimeMs());
    world = await seedWorld(h.db, programme);
  });
  afterAll(() => h?.close());

  const noon = (date: LocalDate) => h.sleepUntil(Date.parse(`${date}T11:00:00Z`));
  const charged = async (trackId: string) =>
    (await h.db.ledgerEntry.aggregate({ _sum: { amountOre: true }, where: { outcome: { participantTrackId: trackId } } }))._sum.amountOre ??
    0n;

  it('pays a job recorded after the planned window but within the window the three-month lock-down moved', async () => {
    const today = await h.today();
    // Two participants eleven months into their year: job training ends in about a month.
    const startsOn = addMonths(today, -11);
    const enrol = async () =>
      enrolParticipant(ctx, {
        participantId: await world.participant(),
        cohortId: world.cohortId,
        partnershipId: world.partnershipId,
        startsOn,
      });
    const lockedDown = await enrol();
    const control = await enrol();
    const planned = phaseDates(startsOn, programme.participant);
    expect(planned.jobTrainingEndsOn > today).toBe(true);

    // The lock-down: the cohort's pause holds lockedDown's track for three months; control is not paused.
    const handle = h.env.client.workflow.getHandle(lockedDown.workflowId);
    const source = cohortPauseSource(world.cohortId);
    await handle.signal(pauseTrackSignal, { reason: 'COVID-19-nedlukning', source });
    await expect.poll(async () => (await participantSummary(ctx, lockedDown.trackId)).paused, { timeout: 30_000 }).toBe(true);
    const resumeOn = addMonths(today, 3);
    await noon(resumeOn);
    await handle.signal(resumeTrackSignal, { source });
    await expect.poll(async () => (await participantSummary(ctx, lockedDown.trackId)).paused, { timeout: 30_000 }).toBe(false);
    const moved = (await participantSummary(ctx, lockedDown.trackId)).jobTrainingEndsOn;
    expect(moved > addDays(planned.jobTrainingEndsOn, 85)).toBe(true);
    await expect
      .poll(async () => (await h.db.participantTrack.findUniqueOrThrow({ where: { id: lockedDown.trackId } })).summary, { timeout: 30_000 })
      .toMatchObject({ jobTrainingEndsOn: moved });

    // A job begun two weeks after the planned window closed, recorded a week later.
    const occurredOn = addDays(addMonths(planned.jobTrainingEndsOn, 6), 14);
    expect(occurredOn <= addMonths(moved, 6)).toBe(true);
    await noon(addDays(occurredOn, 7));
    const job = { kind: 'ORDINARY_JOB' as const, occurredOn, evidenceRef: 'ansættelseskontrakt' };
    const paid = await recordParticipantOutcome(ctx, lockedDown.trackId, job);
    expect(paid.outcomes).toMatchObject([{ kind: 'ORDINARY_JOB', occurredOn, amountOre: '4000000' }]);
    expect(await charged(lockedDown.trackId)).toBe(4_000_000n);
    // The same job without the lock-down is outside its window: recorded, not paid.
    const unpaid = await recordParticipantOutcome(ctx, control.trackId, job);
    expect(unpaid.outcomes).toMatchObject([{ kind: 'ORDINARY_JOB', occurredOn, amountOre: '0' }]);
    expect(await charged(control.trackId)).toBe(0n);
    expect(localDateAt(Number(await h.env.currentTimeMs())) > occurredOn).toBe(true);
    // The shape of a track checked against the plan through job training, paused by its cohort and paid after it.
    await saveHistoryChain(h.env.client, lockedDown.workflowId, lockedDown.runId, 'cohort-lock-down-paid');
  });
});
