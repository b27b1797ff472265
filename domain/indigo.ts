// Export of a cohort's outcomes contract for one municipality in the shape of the INDIGO open data
// standard (Government Outcomes Lab, schema/project.json of INDIGO-Initiative/indigo-data-standard):
// outcome_metrics (one per rate-card line), outcome_pricings, transactions (one per ledger entry),
// outcome_payments and results. INDIGO wraps every value as { value }; amounts are numbers in the
// contract's currency, so each transaction also keeps the exact DKK string and its ledger entry id
// in `notes`, with the status of its claim (approved by the municipality's caseworker, pending or
// rejected): only approved claims are outcome payments. Pure.
import type { ClaimStatus } from './claims.js';
import { formatDkk, parseDkk, type Ore } from './money.js';
import type { OutcomeKind, Programme, RateCard, RateCardLine } from './programme.js';

export interface IndigoInput {
  programme: Programme;
  cohort: { id: string; name: string };
  /** The paying municipalities (one for a municipality's report, all for a cohort's). */
  municipalities: { code: string; name: string }[];
  /** The organisation paid for outcomes (the employment actor or the programme operator). */
  provider: { id: string; name: string };
  period: { startsOn: string; endsOn: string; final: boolean };
  /** Municipal rate cards (RateCard rows) beside the programme's, e.g. "Kolding from 2026-07-01". */
  otherCards?: { label: string; card: RateCard }[];
  participants: number;
  ledger: {
    id: string;
    kind: 'CHARGE' | 'REVERSAL';
    occurredOn: string;
    amountOre: Ore;
    municipalityCode: string;
    rateCardLine: string;
    evidenceRef: string;
    reversesId: string | null;
    /** The claim of the entry's outcome: only APPROVED entries were paid. */
    claimStatus: ClaimStatus | null;
  }[];
  /** Counted outcomes (withdrawn ones left out), for results. */
  outcomes: { participantTrackId: string | null; companyTrackId: string | null; kind: OutcomeKind; rateCardLines: string[] }[];
}

const v = <T>(value: T) => ({ value });
const amount = (ore: Ore) => v(Number(formatDkk(ore)));

function validationOf(kind: OutcomeKind): string {
  return kind === 'ANCHORING' ? 'Simple ex-post verification of the company follow-up' : 'Simple ex-post verification';
}

export function indigoProject(input: IndigoInput) {
  const { programme, cohort, municipalities, provider } = input;
  const payerId = (code: string) => `DK-KOMMUNE-${code}`;
  const place = municipalities.length === 1 ? `${municipalities[0]!.name} Kommune` : municipalities.map((m) => m.name).join(', ');
  const card = programme.rateCard;
  const capPerParticipant = card.capPerParticipant === undefined ? undefined : parseDkk(card.capPerParticipant);
  // Every line that can price an outcome, the programme's first; a municipal card adds the lines it names anew.
  const priced: { line: RateCardLine; card: RateCard; label?: string }[] = card.lines.map((line) => ({ line, card }));
  for (const other of input.otherCards ?? []) {
    for (const line of other.card.lines)
      if (!priced.some((p) => p.line.id === line.id)) priced.push({ line, card: other.card, label: other.label });
  }
  const paid = input.ledger.filter((e) => e.claimStatus === 'APPROVED');
  const total = paid.reduce((sum, e) => sum + e.amountOre, 0n);

  const outcome_metrics = priced.map(({ line }) => ({
    id: line.id,
    definition: v(`${line.description} (${line.outcome}${line.retentionWeeks ? `, ${line.retentionWeeks} weeks after the hire` : ''})`),
    target_population: v(line.outcome === 'ANCHORING' ? 'Accelerator companies of the partnership' : `Citizens referred by ${place}`),
    unit_type_of_targeted_service_users_or_beneficiaries: v(line.outcome === 'ANCHORING' ? 'Other' : 'Individual'),
    outcome_validation_method: v(validationOf(line.outcome)),
    data_source_for_outcome_validation: v(
      'Evidence reference recorded with each outcome (contract, pay slip, enrolment letter, follow-up note)',
    ),
    policy_sector: v('Employment and training'),
  }));

  const outcome_pricings = priced.map(({ line, card: from, label }) => {
    const terms = [
      label ? `rate card of ${label}` : undefined,
      line.fullTimeHours ? `paid pro rata to hours a week over ${line.fullTimeHours}` : undefined,
      line.withinMonthsOfTrackEnd ? `counts only within ${line.withinMonthsOfTrackEnd} months of the end of the track` : undefined,
      from.capPerParticipant !== undefined ? `all outcomes of one participant capped at ${from.capPerParticipant} DKK` : undefined,
    ].filter(Boolean);
    return {
      outcome_metric_id: v(line.id),
      currency: v('DKK'),
      price_per_unit: { amount: amount(parseDkk(line.amount)) },
      price_description: v(terms.length ? terms.join('; ') : 'fixed price per outcome'),
    };
  });

  const transactions = input.ledger.map((e) => ({
    outcome_metric_id: v(e.rateCardLine),
    date: v(e.occurredOn),
    sending_organisation_id: v(payerId(e.municipalityCode)),
    receiving_organisation_id: v(provider.id),
    transaction_type: v(e.kind === 'CHARGE' && e.claimStatus === 'APPROVED' ? 'Outcome Payment' : 'Other'),
    money: { currency: v('DKK'), amount: amount(e.amountOre) },
    notes: `ledger entry ${e.id} (${e.kind}${e.reversesId ? ` of entry ${e.reversesId}` : ''}): ${formatDkk(e.amountOre)} DKK; claim ${e.claimStatus ?? 'NONE'}; evidence: ${e.evidenceRef}`,
  }));

  const byLine = new Map<string, { line: string; code: string; ore: Ore }>();
  for (const e of paid) {
    const key = `${e.rateCardLine}|${e.municipalityCode}`;
    const sum = byLine.get(key) ?? { line: e.rateCardLine, code: e.municipalityCode, ore: 0n };
    sum.ore += e.amountOre;
    byLine.set(key, sum);
  }
  const outcome_payments = [...byLine.values()].map(({ line, code, ore }) => ({
    outcome_metric_id: v(line),
    period: { start_date: v(input.period.startsOn), end_date: v(input.period.endsOn) },
    payer_organisation_id: v(payerId(code)),
    recipient_organisation_id: v(provider.id),
    type: v('Actual'),
    money: { currency: v('DKK'), amount: amount(ore) },
  }));

  const results = priced.map(({ line }) => {
    const achieved = input.outcomes.filter(
      (o) => o.rateCardLines.includes(line.id) || (o.rateCardLines.length === 0 && o.kind === line.outcome),
    );
    const subjects = new Set(achieved.map((o) => o.participantTrackId ?? o.companyTrackId));
    return {
      outcome_metric_id: v(line.id),
      result_level: v('Outcome level'),
      result_type: v(input.period.final ? 'Final' : 'Interim'),
      period: { start_date: v(input.period.startsOn), end_date: v(input.period.endsOn) },
      number_engaged_in_impact_bond: v(input.participants),
      number_with_positive_social_outcomes: v(subjects.size),
      outcomes_achieved: v(`${achieved.length} outcome(s) of ${line.outcome}`),
    };
  });

  return {
    id: `dobbeltspor-${cohort.id}${municipalities.length === 1 ? `-${municipalities[0]!.code}` : ''}`,
    name: v(`${programme.name}: ${cohort.name}, ${place}`),
    stage_development: v(input.period.final ? 'Complete' : 'Implementation'),
    dates: { start_date_of_service_provision: v(input.period.startsOn) },
    jurisdiction: { jurisdiction: v('DK') },
    purpose_and_classifications: { policy_sector: v('Employment and training'), intervention: v(programme.description ?? programme.name) },
    overall_project_finance: {
      total_outcome_payments_made: { currency: v('DKK'), amount: amount(total) },
      ...(capPerParticipant !== undefined
        ? { maximum_potential_outcome_payment_v2: { currency: v('DKK'), amount: amount(capPerParticipant * BigInt(input.participants)) } }
        : {}),
    },
    organisations: [
      ...municipalities.map((m) => ({ id: payerId(m.code), name: v(`${m.name} Kommune`), role: 'outcome payer' })),
      { id: provider.id, name: v(provider.name), role: 'service provider' },
    ],
    outcome_metrics,
    outcome_pricings,
    transactions,
    outcome_payments,
    results,
  };
}

export type IndigoProject = ReturnType<typeof indigoProject>;
