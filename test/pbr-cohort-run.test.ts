import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reverseLedgerEntry } from '../store/ledger.js';
import { answerRetention, recordParticipantOutcome } from '../client/operations/participants.js';
import { enrolParticipant } from '../client/operations/enrolment.js';
import type { OperationContext } from '../client/operations/context.js';
import { cohortReport } from '../client/operations/reports.js';
import { decideClaim, listClaims } from '../client/operations/claims.js';
import { addMonths, daysBetween, mondayOf } from '../domain/calendar.js';
import { retentionFollowUps } from '../domain/participant-schedule.js';
import { operationContext, seedWorld, type World } from './support/participant-world.js';
import { createHarness, type Harness } from './support/temporal.js';
import { writeTestBenefitRates } from './support/pbr-fixtures.js';

// 13 000.00 DKK a month = 300 000 øre a week; after 52 weeks on benefit the state refunds 20 %, so a
// whole job saves the municipality 240 000 øre a week and a half-time job 120 000.

describe('Payment by Results over a cohort run on the time-skipping server', () => {
  let h: Harness;
  let ctx: OperationContext;
  let world: World;
  let ratesFile: string;

  beforeAll(async () => {
    h = await createHarness();
    await h.startWorker();
    ctx = operationContext(h.env.client, h.db, h.taskQueue);
    world = await seedWorld(h.db);
    ratesFile = writeTestBenefitRates();
  });
  afterAll(() => h?.close());

  it("records the tracks' outcomes through the workflows and reports Kolding's ledger to the øre", async () => {
    const startsOn = await h.today();
    const enrol = async (partnershipId: string) =>
      (await enrolParticipant(ctx, { participantId: await world.participant(), cohortId: world.cohortId, partnershipId, startsOn }))
        .trackId;
    const [p1, p2, p3] = [await enrol(world.partnershipId), await enrol(world.partnershipId), await enrol(world.partnershipId)];
    const vejen = await enrol(world.otherPartnershipId);

    // Nine months on, in job training: a job, a half-time job, an education (and a job in Vejen).
    await h.sleepUntilDate(addMonths(startsOn, 9));
    const hiredOn = await h.today();
    await recordParticipantOutcome(ctx, p1, { kind: 'ORDINARY_JOB', occurredOn: hiredOn, evidenceRef: 'kontrakt-1' });
    await recordParticipantOutcome(ctx, p2, { kind: 'PARTIAL_JOB', occurredOn: hiredOn, hoursPerWeek: 18.5, evidenceRef: 'fleksjob-2' });
    await recordParticipantOutcome(ctx, p3, { kind: 'EDUCATION', occurredOn: hiredOn, evidenceRef: 'optagelse-3' });
    await recordParticipantOutcome(ctx, vejen, { kind: 'ORDINARY_JOB', occurredOn: hiredOn, evidenceRef: 'kontrakt-v' });
    // Both hires are still in work at the 4-, 13- and 26-week follow-ups.
    for (const f of retentionFollowUps(hiredOn, [4, 13, 26])) {
      await h.sleepUntilDate(f.on);
      for (const track of [p1, p2])
        await answerRetention(ctx, track, { weeks: f.weeks, stillEmployed: true, evidenceRef: `lønseddel ${f.weeks}` });
    }
    // The education turns out never to have started: its charge is reversed.
    const education = await h.db.ledgerEntry.findFirstOrThrow({ where: { outcome: { participantTrackId: p3 } } });
    await reverseLedgerEntry(h.db, {
      entryId: education.id.toString(),
      reason: 'optagelse annulleret',
      idempotencyKey: `reverse:${education.id}`,
      occurredOn: await h.today(),
    });

    // Ledger by hand (test card: job 40 000, partial 40 000 pro rata to 37 h, education 20 000,
    // retention 13 weeks 10 000, 26 weeks 15 000, none for 4 weeks):
    //   p1: 4 000 000 + 1 000 000 + 1 500 000                      = 6 500 000
    //   p2: 4 000 000 × 18.5/37 = 2 000 000; + 1 000 000 + 1 500 000 = 4 500 000
    //   p3: 2 000 000 − 2 000 000                                    =         0
    //   Kolding                                                      = 11 000 000 øre
    const kolding = await h.db.ledgerEntry.aggregate({
      _sum: { amountOre: true },
      _count: true,
      where: { cohortId: world.cohortId, municipalityCode: '621' },
    });
    expect(kolding._sum.amountOre).toBe(11_000_000n);
    expect(kolding._count).toBe(8);

    // Kolding's caseworker finds six claims awaiting approval (p3's education was withdrawn) and approves them.
    const caseworker = { ...ctx, actor: { sub: 'sagsbehandler@kolding.dk', role: 'caseworker', scope: { municipalityCode: '621' } } };
    const pending = await listClaims(caseworker);
    expect(pending.claims.map((c) => [c.participantTrackId, c.kind])).toEqual([
      [p1, 'ORDINARY_JOB'],
      [p2, 'PARTIAL_JOB'],
      [p1, 'RETENTION'],
      [p2, 'RETENTION'],
      [p1, 'RETENTION'],
      [p2, 'RETENTION'],
    ]);
    expect(pending.totals).toEqual({ approvedDkk: '0.00', pendingDkk: '110000.00', rejectedDkk: '0.00' });
    for (const c of pending.claims) await decideClaim(caseworker, { outcomeId: c.outcomeId, decision: 'APPROVED' });

    // Judged by the test server's clock: the weeks begun by its today are realised.
    const { report } = await cohortReport(
      { db: h.db, now: () => h.env.currentTimeMs() },
      { cohortId: world.cohortId, municipality: 'Kolding', benefitRatesFile: ratesFile },
    );
    expect(report.totals.paymentsOre).toBe(kolding._sum.amountOre!.toString());
    expect(report.totals.claims).toEqual({ approvedDkk: '110000.00', pendingDkk: '0.00', rejectedDkk: '0.00' });
    expect(report.ledger).toHaveLength(8);
    expect(report.ledger.every((e) => e.trackId !== vejen)).toBe(true);
    // The weeks pay the approved claims' entries; the withdrawn education's charge and reversal were never owed.
    const owed = report.ledger.filter((e) => e.claimStatus === 'APPROVED');
    expect(report.ledger.filter((e) => e.claimStatus === 'WITHDRAWN').map((e) => e.kind)).toEqual(['CHARGE', 'REVERSAL']);
    expect(report.weeks.flatMap((w) => w.ledgerEntryIds).sort()).toEqual(owed.map((e) => e.id).sort());

    // Savings by hand: the hire counts from the Monday of its week w = ⌊days from the first Monday / 7⌋ + 1
    // through week 104: p1 saves (104 − w + 1) × 240 000, p2 (104 − w + 1) × 120 000; p3's education
    // was withdrawn and saves nothing.
    const w = Math.floor(daysBetween(mondayOf(startsOn), hiredOn) / 7) + 1;
    const weeksSaved = BigInt(104 - w + 1);
    const expectedSavings = weeksSaved * 240_000n + weeksSaved * 120_000n;
    expect(report.period.weeks).toBe(104);
    expect(report.totals.savingsOre).toBe(expectedSavings.toString());
    expect(report.totals.netOre).toBe((expectedSavings - 11_000_000n).toString());
    expect(report.paidOff).toBe(expectedSavings >= 11_000_000n);
    // The headline says first what is realised by today, then what the rest of the period would add.
    const today = await h.today();
    const begun = Math.floor(daysBetween(mondayOf(startsOn), today) / 7) + 1;
    expect(report.toDate).toMatchObject({ asOf: today, weeks: begun, paymentsDkk: '110000.00' });
    expect(
      report.headline.startsWith(
        `Kolding, Klynge 1-2019, to date (${today}, week ${begun} of 104): ${report.toDate.paidOff ? 'YES' : 'NOT YET'} — `,
      ),
    ).toBe(true);
    expect(report.headline).toContain(
      `Projected to week 104 (${report.period.endsOn}), if everyone in work stays in work and nothing more is paid: ${report.paidOff ? 'YES' : 'NO'} — `,
    );
    expect(report.outcomes.find((o) => o.trackId === p3)).toMatchObject({ kind: 'EDUCATION', counted: false });
  });
});
