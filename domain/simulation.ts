// The municipality's investment against its savings, week by week. Pure and exact (øre in bigint).
//
// Investment: what the municipality paid by results, i.e. its ledger entries (charges and
// reversals), each counted in the week of its date.
// Savings: benefit weeks avoided. From the week in which a citizen became (partly) self-supporting,
// every week until the horizon saves the benefit the citizen would otherwise have drawn:
//   weekly rate in force that week (monthly × 12 ÷ 52)
//   × the self-supporting fraction (1 for a job or education; hours ÷ full-time hours for a partial job)
//   × the municipality's share after the state's refund (100 % − the refund step of the citizen's
//     benefit week, counted from the weeks already on benefit before the programme)
//   × (100 % − deadweight), the share assumed to have left benefit without the programme (default 0)
// rounded once per citizen and week to the nearest øre (halves away from zero).
// Break-even week: the first week after which cumulative savings never again fall below cumulative
// payments. SIB variant: the investors' capital is repaid from the outcome payments, up to the
// principal plus the agreed maximum return.
import { addDays, addWeeks, daysBetween, mondayOf, type LocalDate } from './calendar.js';
import { benefitPeriodOn, statePercent, weeklyFromMonthly, type BenefitData } from './benefit-rates.js';
import { exactFraction, mulDivRound, parseDkk, type Ore } from './money.js';
import type { OutcomeKind } from './programme.js';

export interface Fraction {
  numerator: bigint;
  denominator: bigint;
}

export interface SelfSupportChange {
  /** From this date's week on, the citizen supports themself by `fraction` (0 = back on full benefit). */
  from: LocalDate;
  fraction: Fraction;
  /** The outcome this comes from, for tracing. */
  outcomeId: string;
}

export interface SimulationCitizen {
  /** The participant track id: no personal data. */
  id: string;
  /** A category of data/benefit-rates.yaml, e.g. "over-30-no-children". */
  category: string;
  /** Weeks on public benefit before the programme's first week (sets the refund step). */
  benefitWeeksBefore: number;
  changes: SelfSupportChange[];
}

export interface SimulationPayment {
  entryId: string;
  occurredOn: LocalDate;
  amountOre: Ore;
}

export interface SimulationInput {
  /** Week 1 is the week (Monday to Sunday) that contains this date. */
  startsOn: LocalDate;
  /** At least this many weeks; extended so that every payment falls inside. */
  weeks: number;
  benefitData: BenefitData;
  citizens: SimulationCitizen[];
  payments: SimulationPayment[];
  sib?: { investedOre: Ore; maxReturnPercent: number };
  /** Whole percent of the savings that would have come without the programme (0 when absent). */
  deadweightPercent?: number;
}

export interface SimulationWeek {
  week: number;
  startsOn: LocalDate;
  paymentsOre: Ore;
  savingsOre: Ore;
  cumulativePaymentsOre: Ore;
  cumulativeSavingsOre: Ore;
  /** Cumulative savings − cumulative payments. */
  netOre: Ore;
  /** Benefit weeks avoided this week (sum of self-supporting fractions), for reading, not for money. */
  benefitWeeksAvoided: number;
  paymentEntryIds: string[];
  sibRepaidCumulativeOre?: Ore;
}

export interface CitizenSavings {
  id: string;
  category: string;
  savingsOre: Ore;
  benefitWeeksAvoided: number;
  outcomeIds: string[];
}

export interface SibResult {
  investedOre: Ore;
  maxRepaymentOre: Ore;
  repaidOre: Ore;
  /** Repaid − invested: the investors' gain (negative: their loss). */
  returnOre: Ore;
  principalRepaidWeek: number | null;
}

export interface SimulationResult {
  startsOn: LocalDate;
  weeks: SimulationWeek[];
  totalPaymentsOre: Ore;
  totalSavingsOre: Ore;
  netOre: Ore;
  paidOff: boolean;
  breakEvenWeek: number | null;
  breakEvenOn: LocalDate | null;
  benefitWeeksAvoided: number;
  citizens: CitizenSavings[];
  /** The benefit rate periods the savings used, by category: the figures' sources. */
  ratesUsed: {
    category: string;
    validFrom: LocalDate;
    benefit: string;
    monthly: string;
    status: 'sourced' | 'illustrative';
    source: string;
  }[];
  sib?: SibResult;
}

export const FULL_TIME_HOURS = 37;

/**
 * The self-supporting fraction an outcome stands for: a job or education ends the benefit (1), a
 * partial job ends it pro rata to its hours over full time, NONE means back on benefit (0).
 * Internships, retention checks and anchoring do not change it (undefined).
 */
export function selfSupportOf(kind: OutcomeKind, hoursPerWeek?: number, fullTimeHours = FULL_TIME_HOURS): Fraction | undefined {
  switch (kind) {
    case 'ORDINARY_JOB':
    case 'EDUCATION':
      return { numerator: 1n, denominator: 1n };
    case 'PARTIAL_JOB': {
      if (hoursPerWeek === undefined) return undefined;
      const hours = exactFraction(Math.min(hoursPerWeek, fullTimeHours));
      const full = exactFraction(fullTimeHours);
      return { numerator: hours.numerator, denominator: full.numerator };
    }
    case 'NONE':
      return { numerator: 0n, denominator: 1n };
    default:
      return undefined;
  }
}

function fractionToNumber(f: Fraction): number {
  return Number(f.numerator) / Number(f.denominator);
}

export function simulate(input: SimulationInput): SimulationResult {
  const deadweight = input.deadweightPercent ?? 0;
  if (!Number.isInteger(deadweight) || deadweight < 0 || deadweight > 100)
    throw new RangeError('deadweightPercent: a whole percent from 0 to 100');
  const counted = BigInt(100 - deadweight);
  const firstMonday = mondayOf(input.startsOn);
  const weekOf = (date: LocalDate) => Math.max(1, Math.floor(daysBetween(firstMonday, date) / 7) + 1);
  const lastPaymentWeek = input.payments.reduce((max, p) => Math.max(max, weekOf(p.occurredOn)), 0);
  const weekCount = Math.max(input.weeks, lastPaymentWeek);

  const paymentsByWeek = new Map<number, SimulationPayment[]>();
  for (const p of input.payments) {
    const w = weekOf(p.occurredOn);
    paymentsByWeek.set(w, [...(paymentsByWeek.get(w) ?? []), p]);
  }
  const citizens = input.citizens.map((c) => ({
    ...c,
    // Each change applies from the Monday of its week; later changes override earlier ones.
    changes: [...c.changes]
      .sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0))
      .map((ch) => ({ ...ch, fromMonday: mondayOf(ch.from) })),
    savingsOre: 0n,
    weeksAvoided: 0,
  }));
  const ratesUsed = new Map<string, SimulationResult['ratesUsed'][number]>();

  const weeks: SimulationWeek[] = [];
  let cumulativePayments = 0n;
  let cumulativeSavings = 0n;
  const sibCap = input.sib ? mulDivRound(input.sib.investedOre, BigInt(100 + input.sib.maxReturnPercent), 100n) : 0n;
  let principalRepaidWeek: number | null = null;

  for (let w = 1; w <= weekCount; w++) {
    const startsOn = addWeeks(firstMonday, w - 1);
    const paid = paymentsByWeek.get(w) ?? [];
    const paymentsOre = paid.reduce((sum, p) => sum + p.amountOre, 0n);
    let savingsOre = 0n;
    let avoided = 0;
    for (const c of citizens) {
      let fraction: Fraction | undefined;
      for (const ch of c.changes) if (ch.fromMonday <= startsOn) fraction = ch.fraction;
      if (!fraction || fraction.numerator === 0n) continue;
      const period = benefitPeriodOn(input.benefitData, c.category, startsOn);
      ratesUsed.set(`${c.category}@${period.validFrom}`, { category: c.category, ...period });
      const weekly = weeklyFromMonthly(parseDkk(period.monthly));
      const municipalPercent = 100 - statePercent(input.benefitData, c.benefitWeeksBefore + w, startsOn);
      const saving = mulDivRound(weekly, fraction.numerator * BigInt(municipalPercent) * counted, fraction.denominator * 10_000n);
      c.savingsOre += saving;
      c.weeksAvoided += fractionToNumber(fraction);
      savingsOre += saving;
      avoided += fractionToNumber(fraction);
    }
    cumulativePayments += paymentsOre;
    cumulativeSavings += savingsOre;
    const week: SimulationWeek = {
      week: w,
      startsOn,
      paymentsOre,
      savingsOre,
      cumulativePaymentsOre: cumulativePayments,
      cumulativeSavingsOre: cumulativeSavings,
      netOre: cumulativeSavings - cumulativePayments,
      benefitWeeksAvoided: avoided,
      paymentEntryIds: paid.map((p) => p.entryId),
    };
    if (input.sib) {
      week.sibRepaidCumulativeOre = cumulativePayments < sibCap ? (cumulativePayments > 0n ? cumulativePayments : 0n) : sibCap;
      if (principalRepaidWeek === null && week.sibRepaidCumulativeOre >= input.sib.investedOre) principalRepaidWeek = w;
    }
    weeks.push(week);
  }

  const netOre = cumulativeSavings - cumulativePayments;
  let breakEvenWeek: number | null = null;
  if (cumulativePayments > 0n && netOre >= 0n) {
    const lastNegative = weeks.reduce((last, wk) => (wk.netOre < 0n ? wk.week : last), 0);
    breakEvenWeek = lastNegative === 0 ? weeks.find((wk) => wk.paymentsOre !== 0n)!.week : lastNegative + 1;
  }
  const result: SimulationResult = {
    startsOn: firstMonday,
    weeks,
    totalPaymentsOre: cumulativePayments,
    totalSavingsOre: cumulativeSavings,
    netOre,
    paidOff: netOre >= 0n,
    breakEvenWeek,
    breakEvenOn: breakEvenWeek === null ? null : addDays(firstMonday, 7 * (breakEvenWeek - 1)),
    benefitWeeksAvoided: citizens.reduce((sum, c) => sum + c.weeksAvoided, 0),
    citizens: citizens.map((c) => ({
      id: c.id,
      category: c.category,
      savingsOre: c.savingsOre,
      benefitWeeksAvoided: c.weeksAvoided,
      outcomeIds: c.changes.map((ch) => ch.outcomeId),
    })),
    ratesUsed: [...ratesUsed.values()].sort((a, b) => (a.category + a.validFrom < b.category + b.validFrom ? -1 : 1)),
  };
  if (input.sib) {
    const repaid = weeks.at(-1)?.sibRepaidCumulativeOre ?? 0n;
    result.sib = {
      investedOre: input.sib.investedOre,
      maxRepaymentOre: sibCap,
      repaidOre: repaid,
      returnOre: repaid - input.sib.investedOre,
      principalRepaidWeek,
    };
  }
  return result;
}
