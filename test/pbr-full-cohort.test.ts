import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeCohort } from '../client/operations/cohorts.js';
import { enrolParticipant } from '../client/operations/enrolment.js';
import type { OperationContext } from '../client/operations/context.js';
import { answerAnchoringCheck, selectCompanies } from '../client/operations/companies.js';
import { answerRetention, recordParticipantOutcome } from '../client/operations/participants.js';
import { cohortReport } from '../client/operations/reports.js';
import { decideClaim, listClaims } from '../client/operations/claims.js';
import { addMonths, daysBetween, mondayOf } from '../domain/calendar.js';
import { companyTrackSummaryQuery, companyTrackWorkflowId } from '../contracts/index.js';
import { createHarness, type Harness } from './support/temporal.js';
import { writeTestBenefitRates } from './support/pbr-fixtures.js';
import { startCohortFile } from './support/cohort-file.js';

const EXAMPLE = new URL('../cohorts/klynge-1-2019.yaml', import.meta.url).pathname;
const COHORT = 'klynge-1-2019';
/** Kolding's one accelerator company in the example file (one slot). */
const KOLDING_CVR = '90001485';
// 13 000.00 DKK a month = 300 000 øre a week; after 52 weeks on benefit the state refunds 20 %: a whole
// job saves the municipality 240 000 øre a week, a half-time job 120 000.

describe('a full cohort run under time skipping, reported for Kolding', () => {
  let h: Harness;
  let ctx: OperationContext;
  let ratesFile: string;

  beforeAll(async () => {
    h = await createHarness();
    await h.startWorker();
    // "Today" for the operations is the test server's (the report's realised weeks, attendance).
    ctx = { client: h.env.client, db: h.db, taskQueue: h.taskQueue, namespace: 'default', now: () => h.env.currentTimeMs() };
    ratesFile = writeTestBenefitRates();
  });
  afterAll(() => h?.close());

  it('starts the cohort from its file, records outcomes through the tracks, closes it, and the report equals the ledger to the øre', async () => {
    const year = Number((await h.today()).slice(0, 4)) + 1;
    const startsOn = `${year}-12-02`;
    await startCohortFile(ctx, { file: EXAMPLE, year });
    const late = await h.db.participant.create({
      data: { givenName: 'Dorte', familyName: 'Deltidsen', municipalityCode: '621', referredOn: new Date(`${year}-11-25T00:00:00Z`) },
    });
    const { trackId: partTimer } = await enrolParticipant(ctx, {
      cohortId: COHORT,
      participantId: late.id,
      municipalityCode: '621',
      startsOn,
    });
    const kolding = `${COHORT}-deltager-kolding-1`;
    const aalborg = `${COHORT}-deltager-aalborg-1`;
    expect(await h.db.participantTrack.count({ where: { id: { in: [kolding, aalborg, partTimer] } } })).toBe(3);

    // After the November boot camp Kolding selects its company into the accelerator (its one slot).
    await h.sleepUntilDate(`${year}-11-20`);
    await selectCompanies(ctx, { cohortId: COHORT, municipalityCode: '621', selected: [KOLDING_CVR] });

    // Nine months into the tracks: a job and a half-time flex job in Kolding, a job in Aalborg.
    await h.sleepUntilDate(addMonths(startsOn, 9));
    const hiredOn = await h.today();
    const hired = await recordParticipantOutcome(ctx, kolding, {
      kind: 'ORDINARY_JOB',
      occurredOn: hiredOn,
      evidenceRef: 'ansættelseskontrakt',
    });
    await recordParticipantOutcome(ctx, partTimer, {
      kind: 'PARTIAL_JOB',
      occurredOn: hiredOn,
      hoursPerWeek: 18.5,
      evidenceRef: 'fleksjobaftale',
    });
    await recordParticipantOutcome(ctx, aalborg, { kind: 'ORDINARY_JOB', occurredOn: hiredOn, evidenceRef: 'kontrakt-aalborg' });
    for (const f of hired.retention) {
      await h.sleepUntilDate(f.on);
      for (const track of [kolding, partTimer])
        await answerRetention(ctx, track, { weeks: f.weeks, stillEmployed: true, evidenceRef: `lønseddel ${f.weeks} uger` });
    }
    // The company's last anchoring check after the accelerator, answered by both sides: anchored.
    const company = h.env.client.workflow.getHandle(companyTrackWorkflowId(COHORT, KOLDING_CVR));
    const lastCheck = (await company.query(companyTrackSummaryQuery)).anchoringChecks.at(-1)!;
    await h.sleepUntilDate(lastCheck.on);
    for (const respondent of ['COMPANY', 'EMPLOYMENT_ACTOR'] as const) {
      await answerAnchoringCheck(ctx, {
        cohortId: COHORT,
        cvr: KOLDING_CVR,
        checkNo: lastCheck.checkNo,
        respondent,
        socialModelInUse: 'YES',
        answeredBy: respondent === 'COMPANY' ? 'tove@trykkeri-kolding.example.dk' : 'kim@indslusning-kolding.example.dk',
      });
    }
    expect(await company.result()).toMatchObject({ phase: 'COMPLETED', anchoringStatus: 'ANCHORED' });
    await closeCohort(ctx, COHORT, 'forløbet er slut');

    // The card of growth-partnership-2019: job 40 000, partial job 40 000 pro rata to 37 h,
    // retention 13 weeks 15 000, 26 weeks 20 000 (none at 4 weeks); cap 120 000 per participant.
    //   Bo (job):            4 000 000 + 1 500 000 + 2 000 000                        = 7 500 000
    //   Dorte (18.5 of 37 h): 4 000 000 × 18.5 / 37 = 2 000 000; + 1 500 000 + 2 000 000 = 5 500 000
    //   the company (anchored): 15 000                                                   = 1 500 000
    //   Kolding                                                                          = 14 500 000 øre
    const ledger = await h.db.ledgerEntry.aggregate({
      _sum: { amountOre: true },
      _count: true,
      where: { cohortId: COHORT, municipalityCode: '621' },
    });
    expect(ledger._sum.amountOre).toBe(14_500_000n);
    expect(ledger._count).toBe(7);
    // Kolding's caseworker approves its seven claims: only approved claims are owed.
    const caseworker = { ...ctx, actor: { sub: 'sagsbehandler@kolding.dk', role: 'caseworker', scope: { municipalityCode: '621' } } };
    for (const c of (await listClaims(caseworker)).claims) await decideClaim(caseworker, { outcomeId: c.outcomeId, decision: 'APPROVED' });

    const { report, body } = await cohortReport(ctx, {
      cohortId: COHORT,
      municipality: 'Kolding',
      benefitRatesFile: ratesFile,
      format: 'html',
    });
    expect(report.totals.paymentsOre).toBe(ledger._sum.amountOre!.toString());
    expect(report.weeks.flatMap((w) => w.ledgerEntryIds).sort()).toEqual(report.ledger.map((e) => e.id).sort());
    expect(report.ledger.filter((e) => e.trackId !== kolding && e.trackId !== partTimer).map((e) => [e.rateCardLine, e.amountDkk])).toEqual(
      [['anchoring', '15000.00']],
    );
    // Savings: both hires count from the Monday of week w through week 104:
    // (104 − w + 1) × (240 000 + 120 000).
    const w = Math.floor(daysBetween(mondayOf(startsOn), hiredOn) / 7) + 1;
    const saved = BigInt(104 - w + 1) * 360_000n;
    expect(report.totals.savingsOre).toBe(saved.toString());
    expect(report.totals.netOre).toBe((saved - 14_500_000n).toString());
    // Whatever is realised by the server's today comes first; the whole period's answer is the projection's (or, once over, the same).
    expect(
      report.headline.startsWith(
        `Kolding, Klynge 1-2019, to date (${await h.today()}, week ${report.toDate.weeks} of 104): ${report.toDate.paidOff ? 'YES' : 'NOT YET'}`,
      ),
    ).toBe(true);
    expect(report.paidOff).toBe(saved >= 14_500_000n);
    expect(body).toContain(report.headline.slice(0, 40));
    // The cohort is closed: the INDIGO results are final.
    expect(report.indigo.results[0]!.result_type.value).toBe('Final');
    // Targets: 0.4 × 2 participants → 1 needed, both in work; Kolding's 1 of the cluster's 9
    // accelerator companies is its contribution, judged for the cluster (not a "not met" of Kolding's).
    expect(report.targets.map((t) => [t.id, t.achieved, t.target, t.met])).toEqual([
      ['into-work-or-education', 2, 1, true],
      ['companies', 1, 9, null],
    ]);
  }, 300_000);
});
