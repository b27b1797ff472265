import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addWeeks, nextWorkingDay } from '../domain/calendar.js';
import { firstEmployerContactDueOn, retentionFollowUps } from '../domain/participant-schedule.js';
import type { PbrReport } from '../domain/pbr-report.js';
import type { ReceivedMail } from '../scripts/mail-sink.js';
import { startProgrammeRun, type ProgrammeRun } from './support/programme-run.js';

const COHORT = 'sib-viborg-herning-2020';
const VIBORG = [1, 2, 3].map((n) => `${COHORT}-sib-viborg-${n}`);
const HERNING = [1, 2, 3].map((n) => `${COHORT}-sib-herning-${n}`);

// The SIB with IPS in Viborg and Herning end to end through the HTTP API under time skipping: the
// shipped cohort file started in another year, IPS's rapid job search (employer contacts logged by the
// job consultants; the one participant without a contact in 30 days is told to the coordinator),
// hires, follow-along support after them, retention follow-ups, and the report: the ledger, the
// 50 % self-support target and the investors' repayment on the cohort file's terms and on others.
describe('SIB with IPS runs end to end: rapid search, follow-along support, outcomes, investors repaid', () => {
  let run: ProgrammeRun;
  beforeAll(async () => {
    run = await startProgrammeRun();
  });
  afterAll(() => run?.close());

  it('runs Viborg and Herning from their file and reports the investors’ repayment', async () => {
    const { h, call, token } = run;
    const coordinator = token('coordinator', { programmeIds: ['sib-business-training-ips'] });
    const year = Number((await h.today()).slice(0, 4)) + 1;
    const started = await call('POST', '/api/cohorts', coordinator, { file: `${COHORT}.yaml`, year });
    expect(started.statusCode, started.body).toBe(201);
    expect(await h.db.participantTrack.count({ where: { cohortId: COHORT } })).toBe(6);
    const viborgConsultant = await run.staff(coordinator, 'ea-sib-viborg', 'STAFF', 'Jonas Jobkonsulent');
    const herningConsultant = await run.staff(coordinator, 'ea-sib-herning', 'STAFF', 'Hanne Jobkonsulent');

    const startsOn = (await run.summary(VIBORG[0]!)).startedOn;
    const contactDue = firstEmployerContactDueOn(startsOn, 30);
    expect((await run.summary(VIBORG[0]!)).pendingTasks.find((t) => t.kind === 'EMPLOYER_CONTACT')?.dueOn).toBe(contactDue);

    // Rapid job search: in week 2 the consultants contact employers for five of the six; the sixth waits.
    const week2 = nextWorkingDay(addWeeks(startsOn, 1));
    await h.sleepUntilDate(week2);
    const contacts: Array<[string, { token: string }, string]> = [
      [VIBORG[0]!, viborgConsultant, '91010003'],
      [VIBORG[1]!, viborgConsultant, '91010011'],
      [VIBORG[2]!, viborgConsultant, '91010003'],
      [HERNING[0]!, herningConsultant, '91010038'],
      [HERNING[1]!, herningConsultant, '91010046'],
    ];
    for (const [t, consultant, cvr] of contacts) {
      const r = await call('POST', `/api/tracks/participant/${t}/support-contacts`, consultant.token, {
        kind: 'EMPLOYER_CONTACT',
        heldOn: week2,
        minutes: 40,
        cvr,
      });
      expect(r.statusCode, r.body).toBe(201);
    }
    // A consultant works on its own actor's participants only.
    const foreign = await call('POST', `/api/tracks/participant/${HERNING[2]}/support-contacts`, viborgConsultant.token, {
      kind: 'EMPLOYER_CONTACT',
      heldOn: week2,
      minutes: 40,
    });
    expect(foreign.statusCode).toBe(403);
    // The first employer contact is the track's: the IPS deadline is met for the five.
    for (const [t] of contacts) expect((await run.summary(t, (s) => s.employerContactOn !== undefined)).employerContactOn).toBe(week2);

    // After the 30 days the coordinator hears of the one participant without an employer contact, once.
    await h.sleepUntilDate(nextWorkingDay(contactDue, [contactDue]));
    let received: ReceivedMail[] = [];
    const overdue = () => received.filter((m) => m.parsed.subject?.startsWith('Første arbejdsgiverkontakt overskredet'));
    await h.mail.waitFor((all) => (received = all).some((m) => m.parsed.subject?.startsWith('Første arbejdsgiverkontakt')), 30_000);
    expect(overdue().map((m) => m.parsed.subject)).toEqual(['Første arbejdsgiverkontakt overskredet: Nour Eksempeldatter']);
    expect((await run.summary(HERNING[2]!, (s) => s.overdue.length > 0)).overdue.map((t) => t.kind)).toContain('EMPLOYER_CONTACT');

    // Week 12: three hires, half of the six into full or partial self-support.
    await h.sleepUntilDate(nextWorkingDay(addWeeks(startsOn, 11)));
    const hiredOn = await h.today();
    const hires: Array<[string, object]> = [
      [VIBORG[0]!, { kind: 'ORDINARY_JOB', evidenceRef: 'ansættelseskontrakt V1' }],
      [VIBORG[1]!, { kind: 'PARTIAL_JOB', hoursPerWeek: 18.5, evidenceRef: 'kontrakt 18,5 timer V2' }],
      [HERNING[0]!, { kind: 'ORDINARY_JOB', evidenceRef: 'ansættelseskontrakt H1' }],
    ];
    // Follow-along support comes after a hire, not before.
    const beforeHire = await call('POST', `/api/tracks/participant/${VIBORG[0]}/support-contacts`, viborgConsultant.token, {
      kind: 'FOLLOW_ALONG',
      heldOn: hiredOn,
      minutes: 30,
    });
    expect([beforeHire.statusCode, beforeHire.json().field]).toEqual([409, 'kind']);
    for (const [t, o] of hires) {
      const r = await call('POST', `/api/tracks/participant/${t}/outcome`, coordinator, { ...o, occurredOn: hiredOn });
      expect(r.statusCode, r.body).toBe(200);
    }
    const followUps = retentionFollowUps(hiredOn, [4, 13, 26]);
    for (const f of followUps) {
      await h.sleepUntilDate(f.on);
      for (const [t] of hires) {
        const consultant = HERNING.includes(t) ? herningConsultant : viborgConsultant;
        // Follow-along support in the job, then the follow-up answered: still self-supporting.
        const support = await call('POST', `/api/tracks/participant/${t}/support-contacts`, consultant.token, {
          kind: 'FOLLOW_ALONG',
          heldOn: f.on,
          minutes: 30,
        });
        expect(support.statusCode, support.body).toBe(201);
        const r = await call('POST', `/api/tracks/participant/${t}/retention`, consultant.token, {
          weeks: f.weeks,
          stillEmployed: true,
          evidenceRef: `lønseddel uge ${f.weeks}`,
        });
        expect(r.statusCode, r.body).toBe(200);
      }
    }
    for (const [t] of hires) await run.summary(t, (s) => s.phase === 'COMPLETED');
    const followAlong = await h.db.supportContact.count({ where: { kind: 'FOLLOW_ALONG' } });
    expect(followAlong).toBe(hires.length * followUps.length);

    // The ledger by the card: full self-support 88 817 twice, partial 88 817 × 18.5/37 = 44 408.50,
    // 26-week retention 25 000 three times: 297 042.50 DKK.
    const report = async (query = '') => {
      const r = await call('GET', `/api/cohorts/${COHORT}/report${query}`, coordinator);
      expect(r.statusCode, r.body).toBe(200);
      return r.json() as PbrReport;
    };
    // Only approved claims are owed: before the caseworkers decide, it is all pending.
    const undecided = await report();
    expect([undecided.totals.paymentsDkk, undecided.totals.claims.pendingDkk]).toEqual(['0.00', '297042.50']);
    const approved = [...(await run.approveClaims(COHORT, '791')), ...(await run.approveClaims(COHORT, '657'))];
    expect(approved).toHaveLength(3 + 3);
    const onFile = await report();
    expect(onFile.totals.paymentsDkk).toBe('297042.50');
    expect(onFile.totals.claims).toMatchObject({ approvedDkk: '297042.50', pendingDkk: '0.00' });
    expect(onFile.targets.find((t) => t.id === 'self-support')).toMatchObject({ achieved: 3, target: 3, met: true });
    // The companies cooperated with: the four employers the consultants contacted.
    expect(onFile.totals.companies).toBe(4);
    // The investors' terms of the cohort file: 5 700 000 at most 5 % return; deadweight 20 %.
    // Repaid so far: every payment, as the cap (5 985 000) is far off; the return is repaid − invested.
    expect(onFile.sib).toEqual({
      termsFrom: 'cohort file',
      investedDkk: '5700000.00',
      maxReturnPercent: 5,
      maxRepaymentDkk: '5985000.00',
      repaidDkk: '297042.50',
      returnDkk: '-5402957.50',
      principalRepaidWeek: null,
    });
    expect(onFile.assumptions.deadweightPercent).toBe(20);
    expect(onFile.illustrative.map((f) => f.path)).toEqual(
      expect.arrayContaining(['participant.workReadiness.length', 'participant.jobTraining.length']),
    );

    // Other terms by the request: 200 000 at 10 % is repaid in full (220 000) and the principal is back.
    const asked = await report('?capitalDkk=200000&maxReturnPercent=10&deadweightPercent=0');
    expect(asked.sib).toMatchObject({ termsFrom: 'request', investedDkk: '200000.00', repaidDkk: '220000.00', returnDkk: '20000.00' });
    expect(asked.sib!.principalRepaidWeek).not.toBeNull();
    expect(asked.assumptions.deadweightPercent).toBe(0);
    // With less deadweight the same outcomes save more.
    expect(BigInt(asked.totals.savingsOre)).toBeGreaterThan(BigInt(onFile.totals.savingsOre));
    const noCapital = await call('GET', `/api/cohorts/${COHORT}/report?maxReturnPercent=10`, coordinator);
    expect([noCapital.statusCode, noCapital.json().field]).toEqual([400, 'maxReturnPercent']);
  });
});
