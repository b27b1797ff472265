// Pricing one outcome by a programme's rate card. Pure: the caller supplies what was already
// charged for the participant, so the cap is applied here and nowhere else.
//
// Rules, in order, for every line of the card:
// 1. A line matches when its `outcome` equals the outcome's kind; a RETENTION line with
//    `retentionWeeks` matches only a retention outcome of exactly that many weeks (a RETENTION line
//    without it matches any retention). Every matching line is charged, in card order, so a card
//    may split one outcome into several payments (each its own ledger entry).
// 2. Time limit: a line with `withinMonthsOfTrackEnd: N` counts only when the outcome occurred on or
//    before the track's end date plus N calendar months (addMonths, clamped to the month's end).
// 3. Pro rata: a PARTIAL_JOB line with `fullTimeHours` pays amount × hours ÷ fullTimeHours, the
//    hours capped at full time, rounded to the nearest øre with halves away from zero
//    (money.ts mulDivRound); hours and full-time hours may have two decimals and are used exactly.
// 4. Transitions: an outcome follows the track's earlier outcomes. A line with `after` matches only
//    when the outcome just before was of one of its kinds, and then the lines without `after` of the
//    same outcome are not charged; without such a line, the lines without `after` price the outcome
//    whatever came before (an internship, then a job, pays both). A `topUp` line pays its amount
//    (after pro rata) less what was charged for the run of outcomes of its `after` kinds just before,
//    never below 0: a partial job become full pays the difference.
// 5. Cap: `capPerParticipant` bounds the sum of all charges for one participant, net of reversals;
//    a line is cut to what is left under the cap (possibly to 0).
import { addMonths, type LocalDate } from './calendar.js';
import { exactFraction, minOre, mulDivRound, parseDkk, type Ore } from './money.js';
import { rateCard as rateCardSchema, type OutcomeKind, type RateCard, type RateCardLine } from './programme.js';

export const RATE_CARD_ERROR = 'RateCardError';

export class RateCardError extends Error {
  override name = RATE_CARD_ERROR;
  constructor(
    readonly code: 'MISSING_HOURS' | 'MISSING_RETENTION_WEEKS' | 'MISSING_TRACK_END' | 'INVALID_RATE_CARD',
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export interface OutcomeToPrice {
  kind: OutcomeKind;
  occurredOn: LocalDate;
  hoursPerWeek?: number;
  retentionWeeks?: number;
  /** The end of the track the outcome belongs to; needed only by lines with a time limit. */
  trackEndsOn?: LocalDate;
  /** The track's earlier outcomes, oldest first, with what each was charged net (withdrawn and rejected ones left out). */
  earlier?: ReadonlyArray<{ kind: OutcomeKind; chargedOre: Ore }>;
}

export interface PricingState {
  /** Net amount (charges minus reversals) already charged for this participant. */
  alreadyChargedOre: Ore;
}

export type LineStatus = 'CHARGED' | 'CAPPED' | 'CAP_REACHED' | 'OUTSIDE_TIME_LIMIT';

export interface PricedLine {
  lineId: string;
  status: LineStatus;
  /** The card's figure for the line. */
  lineAmountOre: Ore;
  /** After pro rata for partial jobs (equal to the line amount otherwise). */
  proRataOre: Ore;
  /** What is charged: after the time limit and the cap. */
  amountOre: Ore;
  explanation: string;
}

export interface Pricing {
  lines: PricedLine[];
  totalOre: Ore;
}

export function matchingLines(card: RateCard, kind: OutcomeKind, retentionWeeks?: number, previous?: OutcomeKind): RateCardLine[] {
  const lines = card.lines.filter((line) => {
    if (line.outcome !== kind) return false;
    if (kind === 'RETENTION' && line.retentionWeeks !== undefined) return line.retentionWeeks === retentionWeeks;
    return true;
  });
  const transitions = lines.filter((line) => previous !== undefined && follows(line, previous));
  return transitions.length > 0 ? transitions : lines.filter((line) => line.after === undefined);
}

/** Whether a transition line prices an outcome that follows one of this kind. */
function follows(line: RateCardLine, kind: OutcomeKind): boolean {
  return (line.after as readonly OutcomeKind[] | undefined)?.includes(kind) ?? false;
}

/** What was charged for the run of earlier outcomes, just before this one, whose kinds the line names. */
function chargedForRun(line: RateCardLine, earlier: NonNullable<OutcomeToPrice['earlier']>): Ore {
  let sum = 0n;
  for (let i = earlier.length - 1; i >= 0 && follows(line, earlier[i]!.kind); i--) sum += earlier[i]!.chargedOre;
  return sum;
}

/** The last day on which an outcome still counts for a line with a time limit. */
export function timeLimitOf(line: RateCardLine, trackEndsOn: LocalDate): LocalDate | undefined {
  return line.withinMonthsOfTrackEnd === undefined ? undefined : addMonths(trackEndsOn, line.withinMonthsOfTrackEnd);
}

function proRata(line: RateCardLine, outcome: OutcomeToPrice, amount: Ore): { ore: Ore; note: string } {
  if (line.outcome !== 'PARTIAL_JOB' || line.fullTimeHours === undefined) return { ore: amount, note: '' };
  if (outcome.hoursPerWeek === undefined) {
    throw new RateCardError('MISSING_HOURS', 'hoursPerWeek', `line "${line.id}" pays pro rata to hours a week: give hoursPerWeek`);
  }
  const full = exactFraction(line.fullTimeHours);
  const hours = exactFraction(Math.min(outcome.hoursPerWeek, line.fullTimeHours));
  // Both fractions share the denominator 100, so the ratio is hours×100 ÷ full×100.
  const ore = mulDivRound(amount, hours.numerator, full.numerator);
  return { ore, note: ` × ${Math.min(outcome.hoursPerWeek, line.fullTimeHours)}/${line.fullTimeHours} hours` };
}

/** Prices one outcome: every matching line, after time limit, pro rata and cap. */
export function priceOutcome(card: RateCard, outcome: OutcomeToPrice, state: PricingState): Pricing {
  if (
    outcome.kind === 'RETENTION' &&
    outcome.retentionWeeks === undefined &&
    card.lines.some((l) => l.outcome === 'RETENTION' && l.retentionWeeks !== undefined)
  ) {
    throw new RateCardError('MISSING_RETENTION_WEEKS', 'retentionWeeks', 'a retention outcome needs retentionWeeks to find its line');
  }
  const cap = card.capPerParticipant === undefined ? undefined : parseDkk(card.capPerParticipant);
  let charged = state.alreadyChargedOre;
  const lines: PricedLine[] = [];
  const earlier = outcome.kind === 'RETENTION' || outcome.kind === 'ANCHORING' ? [] : (outcome.earlier ?? []);
  for (const line of matchingLines(card, outcome.kind, outcome.retentionWeeks, earlier.at(-1)?.kind)) {
    const lineAmountOre = parseDkk(line.amount);
    if (line.withinMonthsOfTrackEnd !== undefined) {
      if (outcome.trackEndsOn === undefined) {
        throw new RateCardError('MISSING_TRACK_END', 'trackEndsOn', `line "${line.id}" has a time limit: the track's end date is needed`);
      }
      const limit = timeLimitOf(line, outcome.trackEndsOn)!;
      if (outcome.occurredOn > limit) {
        lines.push({
          lineId: line.id,
          status: 'OUTSIDE_TIME_LIMIT',
          lineAmountOre,
          proRataOre: 0n,
          amountOre: 0n,
          explanation: `occurred ${outcome.occurredOn}, after the limit ${limit} (${line.withinMonthsOfTrackEnd} months after the track's end ${outcome.trackEndsOn})`,
        });
        continue;
      }
    }
    const { ore: proRataOre, note } = proRata(line, outcome, lineAmountOre);
    let amountOre = proRataOre;
    let status: LineStatus = 'CHARGED';
    let explanation = `${line.amount} DKK${note}`;
    if (line.topUp) {
      const before = chargedForRun(line, earlier);
      amountOre = proRataOre > before ? proRataOre - before : 0n;
      explanation += ` less ${before} øre charged for the ${line.after!.join('/')} before`;
    }
    if (cap !== undefined) {
      const left = cap > charged ? cap - charged : 0n;
      if (left < amountOre) {
        amountOre = minOre(amountOre, left);
        status = amountOre === 0n ? 'CAP_REACHED' : 'CAPPED';
        explanation += `, cut to ${amountOre} øre by the cap of ${card.capPerParticipant} DKK per participant`;
      }
    }
    charged += amountOre;
    lines.push({ lineId: line.id, status, lineAmountOre, proRataOre, amountOre, explanation });
  }
  return { lines, totalOre: lines.reduce((sum, l) => sum + l.amountOre, 0n) };
}

/** A rate card stored in the database: the whole card, or only its list of lines. */
export function parseStoredRateCard(stored: unknown): RateCard {
  const result = rateCardSchema.safeParse(Array.isArray(stored) ? { lines: stored } : stored);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new RateCardError('INVALID_RATE_CARD', issue?.path.join('.') ?? '', `invalid rate card: ${issue?.message ?? 'unknown'}`);
  }
  return result.data;
}

export interface RateCardCandidate {
  /** Where the card comes from, for reports: e.g. "programme:sib-viborg" or "rate-card:<id>". */
  source: string;
  municipalityCode: string | null;
  validFrom: LocalDate;
  card: RateCard;
}

/**
 * The card in force for a municipality on a date: the municipality's own card with the newest
 * validFrom on or before the date, else the programme's default card row (no municipality) by the
 * same rule, else the card in the programme's configuration.
 */
export function selectRateCard(
  candidates: readonly RateCardCandidate[],
  municipalityCode: string,
  on: LocalDate,
  programmeCard: { source: string; card: RateCard },
): { source: string; card: RateCard } {
  const newest = (code: string | null) =>
    candidates
      .filter((c) => c.municipalityCode === code && c.validFrom <= on)
      .sort((a, b) => (a.validFrom < b.validFrom ? 1 : a.validFrom > b.validFrom ? -1 : 0))[0];
  return newest(municipalityCode) ?? newest(null) ?? programmeCard;
}
