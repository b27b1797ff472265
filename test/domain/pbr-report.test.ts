import { describe, expect, it } from 'vitest';
import { parseBenefitData } from '../../domain/benefit-rates.js';
import {
  headlineOf,
  isWithdrawn,
  notEmployedFollowUps,
  pbrReport,
  perTrackAssumptions,
  toDateOf,
  withMunicipalityLines,
  type PbrFacts,
} from '../../domain/pbr-report.js';
import { programmeSchema } from '../../domain/programme.js';
import { pbrProgrammeTemplate } from '../support/pbr-fixtures.js';

// Round figures to follow by hand: 13 000.00 DKK a month is 300 000 øre a week; the state refunds
// 20 %, so a citizen in work saves the municipality 240 000 øre (2 400.00 DKK) every week.
const benefitData = parseBenefitData({
  refundSteps: [{ validFrom: '2016-01-04', source: 'test', steps: [{ fromWeek: 1, statePercent: 20 }] }],
  categories: {
    'over-30-no-children': {
      description: 'test',
      periods: [{ validFrom: '2020-01-01', benefit: 'kontanthjælp', monthly: '13000.00', status: 'illustrative', source: 'test' }],
    },
  },
});
const programme = programmeSchema.parse(pbrProgrammeTemplate);
const kolding = { code: '621', name: 'Kolding' };

/** Two participants from Monday 5 January 2026: t1 in a job from Wednesday 14 January (paid 60 000.00), t2's partial job withdrawn. */
function facts(over: Partial<PbrFacts> = {}): PbrFacts {
  return {
    cohort: { id: 'klynge-1-2026', name: 'Klynge 1-2026', year: 2026, closed: false },
    programme,
    municipality: kolding,
    municipalities: [kolding],
    tracks: [
      { id: 't1', startedOn: '2026-01-05', summary: null, benefitCategory: null, benefitWeeksBefore: null },
      { id: 't2', startedOn: '2026-01-07', summary: null, benefitCategory: null, benefitWeeksBefore: null },
    ],
    companyPhases: ['ACCELERATOR', 'NOT_SELECTED', 'BOOT_CAMP', 'COMPLETED'],
    ledger: [
      {
        id: '1',
        kind: 'CHARGE',
        occurredOn: '2026-01-14',
        amountOre: 6_000_000n,
        municipalityCode: '621',
        rateCardLine: 'job',
        evidenceRef: 'kontrakt',
        outcomeId: 'o1',
        outcome: { kind: 'ORDINARY_JOB', participantTrackId: 't1', companyTrackId: null },
        reversesId: null,
        reversedById: null,
      },
      {
        id: '2',
        kind: 'CHARGE',
        occurredOn: '2026-02-02',
        amountOre: 2_000_000n,
        municipalityCode: '621',
        rateCardLine: 'partial',
        evidenceRef: 'fleksjob',
        outcomeId: 'o2',
        outcome: { kind: 'PARTIAL_JOB', participantTrackId: 't2', companyTrackId: null },
        reversesId: null,
        reversedById: '3',
      },
      {
        id: '3',
        kind: 'REVERSAL',
        occurredOn: '2026-02-09',
        amountOre: -2_000_000n,
        municipalityCode: '621',
        rateCardLine: 'partial',
        evidenceRef: 'withdrawn',
        outcomeId: 'o2',
        outcome: { kind: 'PARTIAL_JOB', participantTrackId: 't2', companyTrackId: null },
        reversesId: '2',
        reversedById: null,
      },
    ],
    outcomes: [
      {
        id: 'o1',
        kind: 'ORDINARY_JOB',
        occurredOn: '2026-01-14',
        participantTrackId: 't1',
        companyTrackId: null,
        hoursPerWeek: null,
        ledgerEntries: [{ id: '1', kind: 'CHARGE', reversesId: null, rateCardLine: 'job' }],
        claimDecision: 'APPROVED',
      },
      {
        id: 'o2',
        kind: 'PARTIAL_JOB',
        occurredOn: '2026-02-02',
        participantTrackId: 't2',
        companyTrackId: null,
        hoursPerWeek: 18.5,
        ledgerEntries: [
          { id: '2', kind: 'CHARGE', reversesId: null, rateCardLine: 'partial' },
          { id: '3', kind: 'REVERSAL', reversesId: '2', rateCardLine: 'partial' },
        ],
        claimDecision: 'APPROVED',
      },
    ],
    rateCards: [],
    benefitData,
    ...over,
  };
}

describe('Payment-by-Results report rules', () => {
  it('counts an outcome as withdrawn only when every charge of it was reversed', () => {
    expect(
      isWithdrawn([
        { id: '2', kind: 'CHARGE', reversesId: null },
        { id: '3', kind: 'REVERSAL', reversesId: '2' },
      ]),
    ).toBe(true);
    expect(
      isWithdrawn([
        { id: '2', kind: 'CHARGE', reversesId: null },
        { id: '4', kind: 'CHARGE', reversesId: null },
        { id: '3', kind: 'REVERSAL', reversesId: '2' },
      ]),
    ).toBe(false);
    expect(isWithdrawn([])).toBe(false);
  });

  it('puts a participant back on benefit from a follow-up that found them out of work, and only then', () => {
    const summary = {
      retention: [
        { weeks: 4, on: '2026-05-04', answer: 'EMPLOYED' },
        { weeks: 13, on: '2026-07-06', answer: 'NOT_EMPLOYED' },
        { weeks: 26, answer: 'NOT_EMPLOYED' },
      ],
    };
    expect(notEmployedFollowUps('t1', summary)).toEqual([
      { from: '2026-07-06', fraction: { numerator: 0n, denominator: 1n }, outcomeId: 'follow-up:t1:13' },
    ]);
    expect(notEmployedFollowUps('t1', null)).toEqual([]);
    expect(notEmployedFollowUps('t1', { retention: 'no' })).toEqual([]);
  });

  it("takes a track's assumptions from the report first, then from the referral, and lists only tracks with their own", () => {
    const tracks = [
      { id: 'a', startedOn: '2026-01-05', summary: null, benefitCategory: 'under-30', benefitWeeksBefore: 10 },
      { id: 'b', startedOn: '2026-01-05', summary: null, benefitCategory: null, benefitWeeksBefore: null },
      { id: 'c', startedOn: '2026-01-05', summary: null, benefitCategory: null, benefitWeeksBefore: 80 },
    ];
    expect(perTrackAssumptions(tracks, { a: { benefitWeeksBefore: 52 } })).toEqual({
      a: { category: 'under-30', benefitWeeksBefore: 52 },
      c: { category: undefined, benefitWeeksBefore: 80 },
    });
  });

  it('realises the weeks begun on the report day and nothing before the first', () => {
    const week = (startsOn: string, paid: bigint, saved: bigint) => ({
      startsOn,
      cumulativePaymentsOre: paid,
      cumulativeSavingsOre: saved,
    });
    const sim = { weeks: [week('2026-01-05', 0n, 0n), week('2026-01-12', 100n, 50n), week('2026-01-19', 100n, 150n)] } as Parameters<
      typeof toDateOf
    >[0];
    expect(toDateOf(sim, '2026-01-04')).toMatchObject({ weeks: 0, paidOff: false, paymentsDkk: '0.00' });
    expect(toDateOf(sim, '2026-01-18')).toMatchObject({ weeks: 2, paidOff: false, netDkk: '-0.50' });
    expect(toDateOf(sim, '2026-01-19')).toMatchObject({ weeks: 3, paidOff: true, netDkk: '0.50' });
  });

  it('values the savings by hand, leaves the withdrawn outcome out and finds the break-even week', () => {
    const r = pbrReport(facts(), { asOf: '2026-03-01', weeks: 30 });
    // t1 saves 2 400.00 DKK from week 2 (the week of 14 January): after 25 weeks 60 000.00, the payment.
    expect(r.totals).toMatchObject({
      paymentsDkk: '60000.00',
      chargesDkk: '80000.00',
      reversalsDkk: '-20000.00',
      breakEvenWeek: 26,
      breakEvenOn: '2026-06-29',
    });
    expect(r.totals.savingsDkk).toBe('69600.00');
    expect(r.outcomes.map((o) => [o.id, o.counted])).toEqual([
      ['o1', true],
      ['o2', false],
    ]);
    expect(r.citizens.find((c) => c.trackId === 't2')!.savingsDkk).toBe('0.00');
    expect(r.period).toEqual({ startsOn: '2026-01-05', endsOn: '2026-08-02', weeks: 30 });
    // Weeks 1–8 have begun on Sunday 1 March: 7 weeks of savings (16 800.00) against 60 000.00 paid.
    expect(r.toDate).toMatchObject({ weeks: 8, paymentsDkk: '60000.00', savingsDkk: '16800.00', paidOff: false });
    expect(r.weeks.filter((w) => w.realised)).toHaveLength(8);
    expect(r.weeks[1]!.outcomes).toEqual({ ORDINARY_JOB: 1 });
    expect(r.headline).toContain('Kolding, Klynge 1-2026, to date (2026-03-01, week 8 of 30): NOT YET');
    expect(r.headline).toContain('payments = approved claims, ledger entries #1, #2, #3');
    expect(r.headline).toContain('Projected to week 30 (2026-08-02), if everyone in work stays in work and nothing more is paid: YES');
    expect(r.headline).toContain('break-even expected in week 26 (2026-06-29)');
  });

  it('counts companies selected into the accelerator, prices the programme and meets targets with counted outcomes only', () => {
    const r = pbrReport(facts(), { asOf: '2026-03-01', weeks: 30 });
    expect(r.totals).toMatchObject({ participants: 2, companies: 2, nominalPriceDkk: '150000.00' });
    expect(r.targets.find((t) => t.id === 'self-support')).toMatchObject({ achieved: 1, target: 1, met: true });
    // Kolding's report is a part of its cohort: the cohort-wide companies count shows its contribution …
    expect(r.targets.find((t) => t.id === 'companies')).toMatchObject({ achieved: 2, met: null, contribution: true });
    // … and is judged in the whole cohort's report.
    const whole = pbrReport(facts({ municipality: null }), { asOf: '2026-03-01', weeks: 30 });
    expect(whole.targets.find((t) => t.id === 'companies')).toMatchObject({ achieved: 2, met: true, contribution: false });
    expect(r.indigo.results[0]).toMatchObject({ number_with_positive_social_outcomes: { value: 1 } });
  });

  it('starts the period at the first ledger entry when no track has started, and at the cohort year without either', () => {
    expect(pbrReport(facts({ tracks: [], outcomes: [] }), { asOf: '2026-03-01' }).period.startsOn).toBe('2026-01-12');
    expect(pbrReport(facts({ tracks: [], outcomes: [], ledger: [] }), { asOf: '2026-03-01' }).period.startsOn).toBe('2025-12-29');
  });

  it('takes a deadweight off the savings and says so when nothing was paid or saved', () => {
    expect(pbrReport(facts(), { asOf: '2026-03-01', weeks: 30, assumptions: { deadweightPercent: 10 } }).totals.savingsDkk).toBe(
      '62640.00',
    );
    const nothing = pbrReport(facts({ outcomes: [], ledger: [] }), { asOf: '2026-03-01', weeks: 30 });
    expect(nothing.headline).toContain('not yet — no outcome has been paid or has saved benefit');
    expect(nothing.headline).toContain('nothing paid or saved');
  });

  it('answers for the whole period once it is over', () => {
    const r = pbrReport(facts(), { asOf: '2026-12-31', weeks: 30 });
    expect(r.toDate.weeks).toBe(30);
    expect(r.headline).toBe(
      'Kolding, Klynge 1-2026, to date (2026-12-31, week 30 of 30): YES — benefit savings of 69.600,00 kr. exceed outcome payments of 60.000,00 kr. by 9.600,00 kr. over the whole period of 30 weeks from 2026-01-05; break-even in week 26 (2026-06-29) (payments = approved claims, ledger entries #1, #2, #3).',
    );
  });

  it('repays SIB investors the nominal price by default, with no return', () => {
    const sib = programmeSchema.parse({ ...pbrProgrammeTemplate, kind: 'SIB' });
    const r = pbrReport(facts({ programme: sib }), { asOf: '2026-03-01', weeks: 30 });
    expect(r.sib).toMatchObject({ investedDkk: '150000.00', maxReturnPercent: 0, repaidDkk: '60000.00' });
    expect(pbrReport(facts(), { asOf: '2026-03-01' }).sib).toBeUndefined();
  });

  it("adds each municipality's answer to the whole cohort's, after everything else", () => {
    const whole = pbrReport(facts({ municipality: null }), { asOf: '2026-03-01', weeks: 30 });
    const one = pbrReport(facts(), { asOf: '2026-03-01', alignTo: { startsOn: whole.period.startsOn, weeks: whole.period.weeks } });
    const r = withMunicipalityLines(whole, [{ ...kolding, report: one }]);
    expect(Object.keys(r).at(0)).toBe('headline');
    expect(Object.keys(r).at(-1)).toBe('byMunicipality');
    expect(r.byMunicipality).toEqual([
      {
        code: '621',
        name: 'Kolding',
        paidOff: true,
        paidOffToDate: false,
        paymentsDkk: '60000.00',
        savingsDkk: '69600.00',
        netDkk: '9600.00',
        breakEvenWeek: 26,
        headline: one.headline,
        targets: one.targets,
      },
    ]);
    expect(r.byMunicipality![0]!.targets.find((t) => t.id === 'companies')).toMatchObject({ met: null, contribution: true });
    expect(r.headline).toMatch(/^Klynge 1-2026, all municipalities, to date/);
    expect(r.headline).toContain('By municipality (to date / projected): Kolding not yet / yes.');
    expect(headlineOf(whole)).not.toContain('By municipality');
  });

  it('without an accelerator counts the companies cooperated with, each once, for the companies target', () => {
    const { company: _accelerator, ...rest } = pbrProgrammeTemplate;
    const light = programmeSchema.parse({ ...rest, id: 'pbr-light', kind: 'HOUSING_JOB_MATCH' });
    const whole = { municipality: null, companyPhases: [] as string[] };
    const r = pbrReport(facts({ ...whole, programme: light, cooperatingCompanyIds: ['c1', 'c2', 'c1'] }), { asOf: '2026-03-01' });
    expect(r.totals.companies).toBe(2);
    expect(r.targets.find((t) => t.id === 'companies')).toMatchObject({ achieved: 2, target: 2, met: true });
    // An accelerator programme counts its selected company tracks, not cooperation.
    expect(pbrReport(facts({ ...whole, cooperatingCompanyIds: ['c1', 'c2'] }), { asOf: '2026-03-01' }).totals.companies).toBe(0);
  });

  it('owes approved claims only: a pending claim is shown beside the payments, a rejected one counts for nothing', () => {
    const withClaim = (claimDecision: 'APPROVED' | 'REJECTED' | null) =>
      facts({ outcomes: facts().outcomes.map((o) => (o.id === 'o1' ? { ...o, claimDecision } : o)) });
    const pending = pbrReport(withClaim(null), { asOf: '2026-03-01', weeks: 30 });
    // o1's 60 000.00 awaits the caseworker; o2 was approved and reversed (20 000.00 − 20 000.00).
    expect(pending.totals).toMatchObject({
      paymentsDkk: '0.00',
      claims: { approvedDkk: '0.00', pendingDkk: '60000.00', rejectedDkk: '0.00' },
    });
    expect(pending.ledger.map((e) => [e.id, e.claimStatus])).toEqual([
      ['1', 'PENDING'],
      ['2', 'APPROVED'],
      ['3', 'APPROVED'],
    ]);
    // The job still saves benefit while its claim waits.
    expect(pending.totals.savingsDkk).toBe('69600.00');
    expect(pending.headline).toContain('60.000,00 kr. in claims awaiting approval');

    const rejected = pbrReport(withClaim('REJECTED'), { asOf: '2026-03-01', weeks: 30 });
    expect(rejected.totals).toMatchObject({
      paymentsDkk: '0.00',
      savingsDkk: '0.00',
      claims: { rejectedDkk: '60000.00', pendingDkk: '0.00' },
    });
    expect(rejected.outcomes.find((o) => o.id === 'o1')).toMatchObject({ counted: false, claimStatus: 'REJECTED' });
    expect(rejected.indigo.transactions[0]!.notes).toContain('claim REJECTED');
  });

  it('follows a sequence of outcomes week by week: a partial job, then a full one', () => {
    const r = pbrReport(
      facts({
        tracks: [{ id: 't1', startedOn: '2026-01-05', summary: null, benefitCategory: null, benefitWeeksBefore: null }],
        ledger: [],
        outcomes: [
          {
            id: 'p',
            kind: 'PARTIAL_JOB',
            occurredOn: '2026-01-12',
            participantTrackId: 't1',
            companyTrackId: null,
            hoursPerWeek: 18.5,
            ledgerEntries: [],
            claimDecision: null,
          },
          {
            id: 'f',
            kind: 'ORDINARY_JOB',
            occurredOn: '2026-01-26',
            participantTrackId: 't1',
            companyTrackId: null,
            hoursPerWeek: null,
            ledgerEntries: [],
            claimDecision: null,
          },
        ],
      }),
      { asOf: '2026-03-01', weeks: 5 },
    );
    // 2 400.00 a week saved by a full job (as t1's above): half of it for 18.5 of 37 hours in weeks 2–3, all of it from week 4.
    expect(r.weeks.map((w) => w.savingsDkk)).toEqual(['0.00', '1200.00', '1200.00', '2400.00', '2400.00']);
    expect(r.citizens[0]!.outcomeIds).toEqual(['p', 'f']);
  });
});
