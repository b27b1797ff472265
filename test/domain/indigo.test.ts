import { describe, expect, it } from 'vitest';
import { indigoProject } from '../../domain/indigo.js';
import { programmeSchema } from '../../domain/programme.js';
import { pbrProgrammeTemplate } from '../support/pbr-fixtures.js';

describe('INDIGO export', () => {
  it('names metrics, pricings, transactions, payments and results from the card and the ledger', () => {
    const programme = programmeSchema.parse(pbrProgrammeTemplate);
    const project = indigoProject({
      programme,
      cohort: { id: 'klynge-1', name: 'Klynge 1-2019' },
      municipalities: [{ code: '621', name: 'Kolding' }],
      provider: { id: 'DK-CVR-12345678', name: 'Beskæftigelsesaktør' },
      period: { startsOn: '2026-01-05', endsOn: '2027-01-04', final: false },
      participants: 2,
      ledger: [
        {
          id: '1',
          kind: 'CHARGE',
          occurredOn: '2026-09-14',
          amountOre: 6_000_000n,
          municipalityCode: '621',
          rateCardLine: 'job',
          evidenceRef: 'kontrakt',
          reversesId: null,
          claimStatus: 'APPROVED',
        },
        {
          id: '2',
          kind: 'CHARGE',
          occurredOn: '2026-10-01',
          amountOre: 1_621_622n,
          municipalityCode: '621',
          rateCardLine: 'partial',
          evidenceRef: 'fleksjob',
          reversesId: null,
          claimStatus: 'PENDING',
        },
        {
          id: '3',
          kind: 'REVERSAL',
          occurredOn: '2026-10-08',
          amountOre: -1_621_622n,
          municipalityCode: '621',
          rateCardLine: 'partial',
          evidenceRef: 'withdrawn',
          reversesId: '2',
          claimStatus: 'PENDING',
        },
      ],
      outcomes: [{ participantTrackId: 't1', companyTrackId: null, kind: 'ORDINARY_JOB', rateCardLines: ['job'] }],
    });
    expect(project.outcome_metrics.map((m) => m.id)).toEqual(['job', 'partial', 'education', 'retention-13', 'anchoring']);
    expect(project.outcome_pricings[1]).toMatchObject({
      outcome_metric_id: { value: 'partial' },
      price_per_unit: { amount: { value: 40000 } },
    });
    expect(project.transactions).toHaveLength(3);
    expect(project.transactions[1]!.money.amount.value).toBe(16216.22);
    expect(project.transactions[2]!.notes).toContain('ledger entry 3 (REVERSAL of entry 2)');
    // The status of each claim goes with its transaction; only an approved claim is an outcome payment.
    expect(project.transactions.map((t) => [t.transaction_type.value, /claim (\w+)/.exec(t.notes)![1]])).toEqual([
      ['Outcome Payment', 'APPROVED'],
      ['Other', 'PENDING'],
      ['Other', 'PENDING'],
    ]);
    // 60 000.00 DKK of the approved claim paid; the pending partial job is not.
    expect(project.overall_project_finance.total_outcome_payments_made.amount.value).toBe(60000);
    // Cap 100 000.00 × 2 participants.
    expect(project.overall_project_finance.maximum_potential_outcome_payment_v2?.amount.value).toBe(200000);
    expect(project.outcome_payments.map((p) => p.outcome_metric_id.value)).toEqual(['job']);
    expect(project.id).toBe('dobbeltspor-klynge-1-621');
    expect(project.transactions[0]!.sending_organisation_id.value).toBe('DK-KOMMUNE-621');
    expect(project.outcome_pricings.every((p) => !p.price_description.value.includes('rate card of'))).toBe(true);
    expect(project.results[0]).toMatchObject({ result_type: { value: 'Interim' }, number_with_positive_social_outcomes: { value: 1 } });
  });

  it("adds the lines of a municipality's own card, priced by that card", () => {
    const programme = programmeSchema.parse(pbrProgrammeTemplate);
    const project = indigoProject({
      programme,
      cohort: { id: 'k', name: 'K' },
      municipalities: [{ code: '621', name: 'Kolding' }],
      provider: { id: 'p', name: 'P' },
      period: { startsOn: '2026-01-05', endsOn: '2027-01-03', final: true },
      participants: 1,
      otherCards: [
        {
          label: 'Kolding from 2026-07-01',
          card: {
            currency: 'DKK',
            capPerParticipant: '90000',
            lines: [
              { id: 'job-kolding', outcome: 'ORDINARY_JOB', description: 'Kolding job', amount: '70000' },
              { id: 'job', outcome: 'ORDINARY_JOB', description: 'same id', amount: '1' },
            ],
          },
        },
      ],
      ledger: [
        {
          id: '9',
          kind: 'CHARGE',
          occurredOn: '2026-08-03',
          amountOre: 7_000_000n,
          municipalityCode: '621',
          rateCardLine: 'job-kolding',
          evidenceRef: 'k',
          reversesId: null,
          claimStatus: 'APPROVED',
        },
      ],
      outcomes: [{ participantTrackId: 't', companyTrackId: null, kind: 'ORDINARY_JOB', rateCardLines: ['job-kolding'] }],
    });
    // The programme's five lines, then only the new id of Kolding's card.
    expect(project.outcome_metrics.map((m) => m.id)).toEqual(['job', 'partial', 'education', 'retention-13', 'anchoring', 'job-kolding']);
    const kolding = project.outcome_pricings.at(-1)!;
    expect(kolding.price_per_unit.amount.value).toBe(70000);
    expect(kolding.price_description.value).toBe(
      'rate card of Kolding from 2026-07-01; all outcomes of one participant capped at 90000 DKK',
    );
    expect(project.results.at(-1)).toMatchObject({ result_type: { value: 'Final' }, number_with_positive_social_outcomes: { value: 1 } });
  });
});
