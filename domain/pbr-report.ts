// The rules of the Payment-by-Results report, pure: from the facts of one cohort (its tracks, outcomes
// and ledger for one municipality or all of them, already read from the database) to the report whose
// first line answers whether the cohort has paid off so far, and, separately, what the rest of the
// period would add if everyone in work stays in work. The figures come from the simulation
// (simulation.ts); this module decides what counts (a withdrawn outcome does not), whose assumptions
// apply, which weeks are realised on the report's day and how the answer is worded.
import { addDays, addWeeks, daysBetween, mondayOf, type LocalDate } from './calendar.js';
import type { BenefitData } from './benefit-rates.js';
import type { Places } from './capacity.js';
import { claimStatusOf, claimTotals, isWithdrawn, type ClaimStatus } from './claims.js';
import { indigoProject, type IndigoProject } from './indigo.js';

export { isWithdrawn } from './claims.js';
import { formatDkk, formatDkkDanish, parseDkk, type Ore } from './money.js';
import { valueAt, type OutcomeKind, type Programme } from './programme.js';
import { parseStoredRateCard } from './rate-card.js';
import { FULL_TIME_HOURS, selfSupportOf, simulate, type SimulationCitizen, type SimulationResult } from './simulation.js';
import { targetProgress, type TargetProgress } from './targets.js';
import { jobOpeningReport, type JobOpeningFact, type JobOpeningReport } from './job-opening-report.js';

/** Participants are far from the labour market: by default a year on benefit before the start. */
export const DEFAULT_BENEFIT_WEEKS_BEFORE = 52;
export const DEFAULT_CATEGORY = 'over-30-no-children';
/** The 12-month track and a year of follow-up. */
export const DEFAULT_WEEKS = 104;
/** Company tracks in these phases were selected into the accelerator: they count as companies. */
export const SELECTED_PHASES = ['ACCELERATOR', 'ANCHORING', 'COMPLETED'] as const;

export interface CitizenAssumption {
  /** A category of data/benefit-rates.yaml. */
  category?: string;
  /** Weeks on benefit before the start, which sets the state's refund step. */
  benefitWeeksBefore?: number;
}

export interface ReportLedgerEntry {
  id: string;
  kind: 'CHARGE' | 'REVERSAL';
  occurredOn: LocalDate;
  amountDkk: string;
  rateCardLine: string;
  outcomeId: string | null;
  outcomeKind: OutcomeKind | null;
  trackId: string | null;
  evidenceRef: string;
  reversesId: string | null;
  reversedById: string | null;
  /** The claim of the entry's outcome: only APPROVED entries are owed (null: an entry without an outcome). */
  claimStatus: ClaimStatus | null;
}

export interface ReportOutcome {
  id: string;
  kind: OutcomeKind;
  occurredOn: LocalDate;
  trackId: string;
  hoursPerWeek: number | null;
  /** False when every charge of the outcome was reversed, or its claim was rejected: it is left out of savings and targets. */
  counted: boolean;
  ledgerEntryIds: string[];
  /** Null when nothing was charged for it (no claim). */
  claimStatus: ClaimStatus | null;
}

export interface ReportWeek {
  week: number;
  startsOn: LocalDate;
  paymentsDkk: string;
  savingsDkk: string;
  cumulativePaymentsDkk: string;
  cumulativeSavingsDkk: string;
  netDkk: string;
  benefitWeeksAvoided: number;
  ledgerEntryIds: string[];
  outcomes: Partial<Record<OutcomeKind, number>>;
  /** False for a week that has not begun on the report's day: its savings are projected. */
  realised: boolean;
  sibRepaidCumulativeDkk?: string;
}

/** What has happened by the report's day: the weeks begun, their payments and savings. */
export interface ReportToDate {
  asOf: LocalDate;
  /** Weeks begun by `asOf` (0 before the first, all of them after the last). */
  weeks: number;
  paymentsDkk: string;
  savingsDkk: string;
  netDkk: string;
  /** Savings have caught up with the payments so far (and something was paid). */
  paidOff: boolean;
}

export interface MunicipalityLine {
  code: string;
  name: string;
  paidOff: boolean;
  paidOffToDate: boolean;
  paymentsDkk: string;
  savingsDkk: string;
  netDkk: string;
  breakEvenWeek: number | null;
  headline: string;
  /** The municipality's progress: its contribution to cohort-wide targets, its own share targets. */
  targets: TargetProgress[];
}

export interface PbrReport {
  /** The answer in one line: has the cohort paid off so far, and what would the whole period bring? */
  headline: string;
  /** Over the whole period, the weeks still to come projected: see `toDate` for what is realised. */
  paidOff: boolean;
  toDate: ReportToDate;
  /** municipalityCode is null for the whole cohort. */
  generatedFor: {
    cohortId: string;
    cohortName: string;
    municipalityCode: string | null;
    municipalityName: string;
    programmeId: string;
    programmeName: string;
    programmeKind: string;
  };
  period: { startsOn: LocalDate; endsOn: LocalDate; weeks: number };
  totals: {
    /** Net payments: what the municipality owes, the sum of its ledger entries of approved claims. */
    paymentsDkk: string;
    paymentsOre: string;
    chargesDkk: string;
    reversalsDkk: string;
    /** Net amounts by claim: approved (= payments), awaiting the caseworker, rejected (not owed). */
    claims: { approvedDkk: string; pendingDkk: string; rejectedDkk: string };
    savingsDkk: string;
    savingsOre: string;
    netDkk: string;
    netOre: string;
    breakEvenWeek: number | null;
    breakEvenOn: LocalDate | null;
    benefitWeeksAvoided: number;
    ledgerEntries: number;
    participants: number;
    companies: number;
    /** Price list × participants and companies: what the programme would cost if every outcome were reached. */
    nominalPriceDkk: string;
  };
  assumptions: {
    category: string;
    benefitWeeksBefore: number;
    deadweightPercent: number;
    perTrack: Record<string, CitizenAssumption>;
    fullTimeHours: number;
    weekRule: string;
    ratesUsed: SimulationResult['ratesUsed'];
    refundStepsSource: string;
  };
  ledger: ReportLedgerEntry[];
  outcomes: ReportOutcome[];
  weeks: ReportWeek[];
  citizens: {
    trackId: string;
    category: string;
    benefitWeeksBefore: number;
    savingsDkk: string;
    benefitWeeksAvoided: number;
    outcomeIds: string[];
  }[];
  targets: TargetProgress[];
  /** Job openings and matches per kind and per target (programmes with job openings, or where any were registered). */
  jobOpenings?: JobOpeningReport;
  /** The whole cohort's places against the programme's capacity (absent where it plans none). */
  capacity?: { participants?: Places; companies?: Places };
  /** The programme's figures that the sources do not give (`illustrative` in the template), with their values. */
  illustrative: { path: string; value: string; why: string }[];
  /** Citizens on the cohort's waitlist for a participant place (where the programme plans a capacity). */
  waitlist?: { waiting: number };
  sib?: {
    /** Where the investors' terms come from: the request, the cohort file, or the nominal price by default. */
    termsFrom: 'request' | 'cohort file' | 'default';
    investedDkk: string;
    maxReturnPercent: number;
    maxRepaymentDkk: string;
    repaidDkk: string;
    returnDkk: string;
    principalRepaidWeek: number | null;
  };
  indigo: IndigoProject;
  /** For the whole cohort: each municipality's answer, simulated over the same weeks (so they add up). */
  byMunicipality?: MunicipalityLine[];
}

/** What the report is made of, as read from the database: ids, dates, amounts; no personal data. */
export interface PbrFacts {
  cohort: { id: string; name: string; year: number; closed: boolean };
  programme: Programme;
  /** The paying municipality; null for the whole cohort. */
  municipality: { code: string; name: string } | null;
  /** Every municipality in scope (the one, or each with a partnership in the cohort). */
  municipalities: { code: string; name: string }[];
  /** Participant tracks in scope, in id order, with what their referral recorded. */
  tracks: { id: string; startedOn: LocalDate; summary: unknown; benefitCategory: string | null; benefitWeeksBefore: number | null }[];
  /** Phases of the company tracks in scope. */
  companyPhases: string[];
  /**
   * A programme without an accelerator: the companies it cooperated with in scope, which its companies
   * target counts ("60 companies with increased cooperation"): each company with a cooperation (the
   * light company track, CompanyCooperation) in the partnerships in scope, begun by a job opening, a
   * placement, an employer contact, a problem report or a coordinator. The one definition: every one of
   * those events starts the company's cooperation.
   */
  cooperatingCompanyIds?: string[];
  /** The job openings in scope; companies that registered one count as companies unless a selected company track counts them already. */
  jobOpenings?: JobOpeningFact[];
  /** Of those companies, the ones without a selected company track in the cohort. */
  openingOnlyCompanies?: number;
  /** The ledger entries in scope, in id order. */
  ledger: {
    id: string;
    kind: 'CHARGE' | 'REVERSAL';
    occurredOn: LocalDate;
    amountOre: Ore;
    municipalityCode: string;
    rateCardLine: string;
    evidenceRef: string;
    outcomeId: string | null;
    outcome: { kind: OutcomeKind; participantTrackId: string | null; companyTrackId: string | null } | null;
    reversesId: string | null;
    reversedById: string | null;
  }[];
  /** The outcomes in scope, in date order, each with its own ledger entries and the payer's decision on its claim. */
  outcomes: {
    id: string;
    kind: OutcomeKind;
    occurredOn: LocalDate;
    participantTrackId: string | null;
    companyTrackId: string | null;
    hoursPerWeek: number | null;
    ledgerEntries: { id: string; kind: 'CHARGE' | 'REVERSAL'; reversesId: string | null; rateCardLine: string }[];
    claimDecision: 'APPROVED' | 'REJECTED' | null;
  }[];
  /** Stored rate cards (the programme's and municipal ones) in order of validity. */
  rateCards: { municipalityName: string | null; validFrom: LocalDate; lines: unknown }[];
  benefitData: BenefitData;
}

export interface PbrOptions {
  /** The day the report is made for: weeks begun by then are realised, later ones projected. */
  asOf: LocalDate;
  /** Weeks simulated from the first track's start; extended to cover every ledger entry. */
  weeks?: number;
  assumptions?: CitizenAssumption & { perTrack?: Record<string, CitizenAssumption>; deadweightPercent?: number };
  sib?: { investedDkk: string; maxReturnPercent?: number };
  /** Where `sib` comes from (default: the request's own). */
  sibTermsFrom?: 'request' | 'cohort file';
  /** A municipality's report on the cohort's weeks, so municipalities add up to the cohort. */
  alignTo?: { startsOn: LocalDate; weeks: number };
}

/**
 * A retention follow-up answered "not employed" (in the track's projected summary) puts the
 * participant back on benefit from the follow-up's date; it is traced as `follow-up:<track>:<weeks>`.
 */
export function notEmployedFollowUps(trackId: string, summary: unknown): SimulationCitizen['changes'] {
  const retention = (summary as { retention?: unknown } | null)?.retention;
  if (!Array.isArray(retention)) return [];
  return retention.flatMap((r: { weeks?: unknown; on?: unknown; answer?: unknown }) =>
    r && r.answer === 'NOT_EMPLOYED' && typeof r.on === 'string' && typeof r.weeks === 'number'
      ? [{ from: r.on, fraction: { numerator: 0n, denominator: 1n }, outcomeId: `follow-up:${trackId}:${r.weeks}` }]
      : [],
  );
}

/**
 * Per track: what the report is given for it, else what the referral recorded on the participant,
 * else the cohort-wide assumption. Every track with values of its own (given or recorded) is listed.
 */
export function perTrackAssumptions(
  tracks: PbrFacts['tracks'],
  given: Record<string, CitizenAssumption> = {},
): Record<string, CitizenAssumption> {
  const perTrack: Record<string, CitizenAssumption> = {};
  for (const t of tracks) {
    const own = {
      category: given[t.id]?.category ?? t.benefitCategory ?? undefined,
      benefitWeeksBefore: given[t.id]?.benefitWeeksBefore ?? t.benefitWeeksBefore ?? undefined,
    };
    if (own.category !== undefined || own.benefitWeeksBefore !== undefined) perTrack[t.id] = own;
  }
  return perTrack;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

function idsText(ids: string[]): string {
  if (ids.length === 0) return 'no ledger entries';
  if (ids.length <= 8) return `ledger entries ${ids.map((i) => `#${i}`).join(', ')}`;
  return `${ids.length} ledger entries (#${ids[0]}–#${ids.at(-1)})`;
}

/** The weeks begun by `asOf` and what they paid and saved. */
export function toDateOf(sim: Pick<SimulationResult, 'weeks'>, asOf: LocalDate): ReportToDate {
  const begun = sim.weeks.filter((w) => w.startsOn <= asOf);
  const last = begun.at(-1);
  const payments = last?.cumulativePaymentsOre ?? 0n;
  const savings = last?.cumulativeSavingsOre ?? 0n;
  return {
    asOf,
    weeks: begun.length,
    paymentsDkk: formatDkk(payments),
    savingsDkk: formatDkk(savings),
    netDkk: formatDkk(savings - payments),
    paidOff: payments > 0n && savings >= payments,
  };
}

/** "savings of A exceed payments of B by C", or the other way round. */
function comparison(savingsOre: Ore, paymentsOre: Ore, tense: 'present' | 'conditional'): string {
  const exceed = tense === 'present' ? 'exceed' : 'would exceed';
  const diff = savingsOre - paymentsOre;
  return diff >= 0n
    ? `benefit savings of ${formatDkkDanish(savingsOre)} ${exceed} outcome payments of ${formatDkkDanish(paymentsOre)} by ${formatDkkDanish(diff)}`
    : `outcome payments of ${formatDkkDanish(paymentsOre)} ${exceed} benefit savings of ${formatDkkDanish(savingsOre)} by ${formatDkkDanish(-diff)}`;
}

/**
 * The answer: first what is realised by the report's day (the weeks begun), then — separately and
 * named as such — the projection to the end of the period, which assumes that everyone in work stays
 * in work and that nothing more is paid.
 */
export function headlineOf(r: Omit<PbrReport, 'headline'>): string {
  const who =
    r.generatedFor.municipalityCode === null
      ? `${r.generatedFor.cohortName}, all municipalities`
      : `${r.generatedFor.municipalityName}, ${r.generatedFor.cohortName}`;
  const parts = r.byMunicipality?.length
    ? ` By municipality (to date / projected): ${r.byMunicipality.map((m) => `${m.name} ${m.paidOffToDate ? 'yes' : 'not yet'} / ${m.paidOff ? 'yes' : 'no'}`).join(', ')}.`
    : '';
  const t = r.toDate;
  const total = r.period.weeks;
  const { breakEvenWeek, breakEvenOn } = r.totals;
  // Payments are what the municipality owes: the entries of approved claims; claims still awaiting
  // its caseworker (or rejected) are named beside them, never counted in.
  const pending = parseDkk(r.totals.claims.pendingDkk);
  const rejected = parseDkk(r.totals.claims.rejectedDkk);
  const trace =
    `payments = approved claims, ${idsText(r.ledger.filter((e) => e.claimStatus === 'APPROVED').map((e) => e.id))}` +
    (pending !== 0n ? `; ${formatDkkDanish(pending)} in claims awaiting approval` : '') +
    (rejected !== 0n ? `; ${formatDkkDanish(rejected)} in rejected claims` : '');
  const paidToDate = parseDkk(t.paymentsDkk);
  const savedToDate = parseDkk(t.savingsDkk);
  let realised: string;
  if (t.weeks === 0) realised = `to date (${t.asOf}): the period has not begun`;
  else if (paidToDate === 0n && savedToDate === 0n)
    realised = `to date (${t.asOf}, week ${t.weeks} of ${total}): not yet — no outcome has been paid or has saved benefit`;
  else
    realised = `to date (${t.asOf}, week ${t.weeks} of ${total}): ${t.paidOff ? 'YES' : 'NOT YET'} — ${comparison(savedToDate, paidToDate, 'present')}`;
  if (t.weeks >= total) {
    const breakEven = breakEvenWeek === null ? '' : `; break-even in week ${breakEvenWeek} (${breakEvenOn})`;
    return `${who}, ${realised} over the whole period of ${total} weeks from ${r.period.startsOn}${breakEven} (${trace}).${parts}`;
  }
  const breakEven =
    breakEvenWeek === null
      ? ''
      : breakEvenWeek <= t.weeks
        ? `; break-even was reached in week ${breakEvenWeek} (${breakEvenOn})`
        : `; break-even expected in week ${breakEvenWeek} (${breakEvenOn})`;
  const totalPayments = BigInt(r.totals.paymentsOre);
  const totalSavings = BigInt(r.totals.savingsOre);
  const projected =
    totalPayments === 0n && totalSavings === 0n
      ? 'nothing paid or saved'
      : `${r.paidOff ? 'YES' : 'NO'} — ${comparison(totalSavings, totalPayments, 'conditional')}${breakEven}`;
  return `${who}, ${realised} (${trace}). Projected to week ${total} (${r.period.endsOn}), if everyone in work stays in work and nothing more is paid: ${projected}.${parts}`;
}

/** The report of one scope (a municipality, or the whole cohort without its lines per municipality). */
export function pbrReport(facts: PbrFacts, options: PbrOptions): PbrReport {
  const { cohort, programme, municipality, tracks, ledger: entries, outcomes, benefitData } = facts;
  const { asOf, alignTo } = options;
  const deadweightPercent = options.assumptions?.deadweightPercent ?? 0;
  // A claim the municipality rejected did not happen as far as the payer is concerned: like a withdrawn outcome.
  const claimOf = new Map(outcomes.map((o) => [o.id, claimStatusOf(o.ledgerEntries, o.claimDecision)]));
  const withdrawn = new Set(outcomes.filter((o) => isWithdrawn(o.ledgerEntries) || o.claimDecision === 'REJECTED').map((o) => o.id));
  const reportOutcomes: ReportOutcome[] = outcomes.map((o) => ({
    id: o.id,
    kind: o.kind,
    occurredOn: o.occurredOn,
    trackId: (o.participantTrackId ?? o.companyTrackId)!,
    hoursPerWeek: o.hoursPerWeek,
    counted: !withdrawn.has(o.id),
    ledgerEntryIds: o.ledgerEntries.map((e) => e.id),
    claimStatus: claimOf.get(o.id) ?? null,
  }));
  const claimOfEntry = (e: { outcomeId: string | null }) => (e.outcomeId === null ? null : (claimOf.get(e.outcomeId) ?? null));
  // What the municipality owes: the entries of approved claims only.
  const owed = entries.filter((e) => claimOfEntry(e) === 'APPROVED');
  const claims = claimTotals(entries.map((e) => ({ amountOre: e.amountOre, claimStatus: claimOfEntry(e) })));

  const startsOn =
    alignTo?.startsOn ?? tracks.map((t) => t.startedOn).sort()[0] ?? entries.map((e) => e.occurredOn).sort()[0] ?? `${cohort.year}-01-01`;
  const fullTimeHours =
    programme.rateCard.lines.find((l) => l.outcome === 'PARTIAL_JOB' && l.fullTimeHours)?.fullTimeHours ?? FULL_TIME_HOURS;
  const category = options.assumptions?.category ?? DEFAULT_CATEGORY;
  const benefitWeeksBefore = options.assumptions?.benefitWeeksBefore ?? DEFAULT_BENEFIT_WEEKS_BEFORE;
  const perTrack = perTrackAssumptions(tracks, options.assumptions?.perTrack);
  const citizens: SimulationCitizen[] = tracks.map((t) => ({
    id: t.id,
    category: perTrack[t.id]?.category ?? category,
    benefitWeeksBefore: perTrack[t.id]?.benefitWeeksBefore ?? benefitWeeksBefore,
    changes: reportOutcomes
      .filter((o) => o.counted && o.trackId === t.id)
      .flatMap((o) => {
        const fraction = selfSupportOf(o.kind, o.hoursPerWeek ?? undefined, fullTimeHours);
        return fraction ? [{ from: o.occurredOn, fraction, outcomeId: o.id }] : [];
      })
      .concat(notEmployedFollowUps(t.id, t.summary)),
  }));

  const participants = tracks.length;
  const companies = programme.company
    ? facts.companyPhases.filter((phase) => (SELECTED_PHASES as readonly string[]).includes(phase)).length +
      (facts.openingOnlyCompanies ?? 0)
    : new Set(facts.cooperatingCompanyIds ?? []).size;
  const nominalPrice =
    parseDkk(programme.price.perParticipant) * BigInt(participants) +
    (programme.price.perCompany ? parseDkk(programme.price.perCompany) * BigInt(companies) : 0n);
  const sibInput = options.sib ?? (programme.kind === 'SIB' ? { investedDkk: formatDkk(nominalPrice), maxReturnPercent: 0 } : undefined);

  const sim = simulate({
    startsOn,
    weeks: alignTo?.weeks ?? options.weeks ?? DEFAULT_WEEKS,
    benefitData,
    citizens,
    payments: owed.map((e) => ({ entryId: e.id, occurredOn: e.occurredOn, amountOre: e.amountOre })),
    sib: sibInput ? { investedOre: parseDkk(sibInput.investedDkk), maxReturnPercent: sibInput.maxReturnPercent ?? 0 } : undefined,
    deadweightPercent,
  });

  const firstMonday = mondayOf(startsOn);
  const weekOf = (d: LocalDate) => Math.max(1, Math.floor(daysBetween(firstMonday, d) / 7) + 1);
  const outcomesByWeek = new Map<number, Partial<Record<OutcomeKind, number>>>();
  for (const o of reportOutcomes.filter((x) => x.counted)) {
    const counts = outcomesByWeek.get(weekOf(o.occurredOn)) ?? {};
    counts[o.kind] = (counts[o.kind] ?? 0) + 1;
    outcomesByWeek.set(weekOf(o.occurredOn), counts);
  }

  const charges = entries.filter((e) => e.kind === 'CHARGE').reduce((s, e) => s + e.amountOre, 0n);
  const reversals = entries.filter((e) => e.kind === 'REVERSAL').reduce((s, e) => s + e.amountOre, 0n);
  const endsOn = addDays(addWeeks(firstMonday, sim.weeks.length), -1);
  const ledger: ReportLedgerEntry[] = entries.map((e) => ({
    id: e.id,
    kind: e.kind,
    occurredOn: e.occurredOn,
    amountDkk: formatDkk(e.amountOre),
    rateCardLine: e.rateCardLine,
    outcomeId: e.outcomeId,
    outcomeKind: e.outcome?.kind ?? null,
    trackId: e.outcome ? (e.outcome.participantTrackId ?? e.outcome.companyTrackId) : null,
    evidenceRef: e.evidenceRef,
    reversesId: e.reversesId,
    reversedById: e.reversedById,
    claimStatus: claimOfEntry(e),
  }));

  // The answer goes first in the report; it is worded once everything else is known.
  const report: PbrReport = {
    headline: '',
    paidOff: sim.paidOff,
    toDate: toDateOf(sim, asOf),
    generatedFor: {
      cohortId: cohort.id,
      cohortName: cohort.name,
      municipalityCode: municipality?.code ?? null,
      municipalityName: municipality?.name ?? 'all municipalities',
      programmeId: programme.id,
      programmeName: programme.name,
      programmeKind: programme.kind,
    },
    period: { startsOn: firstMonday, endsOn, weeks: sim.weeks.length },
    totals: {
      paymentsDkk: formatDkk(sim.totalPaymentsOre),
      paymentsOre: sim.totalPaymentsOre.toString(),
      chargesDkk: formatDkk(charges),
      reversalsDkk: formatDkk(reversals),
      claims: {
        approvedDkk: formatDkk(claims.approvedOre),
        pendingDkk: formatDkk(claims.pendingOre),
        rejectedDkk: formatDkk(claims.rejectedOre),
      },
      savingsDkk: formatDkk(sim.totalSavingsOre),
      savingsOre: sim.totalSavingsOre.toString(),
      netDkk: formatDkk(sim.netOre),
      netOre: sim.netOre.toString(),
      breakEvenWeek: sim.breakEvenWeek,
      breakEvenOn: sim.breakEvenOn,
      benefitWeeksAvoided: round2(sim.benefitWeeksAvoided),
      ledgerEntries: entries.length,
      participants,
      companies,
      nominalPriceDkk: formatDkk(nominalPrice),
    },
    assumptions: {
      category,
      benefitWeeksBefore,
      deadweightPercent,
      perTrack,
      fullTimeHours,
      weekRule: 'an outcome counts from the Monday of its week; a ledger entry in the week of its date',
      ratesUsed: sim.ratesUsed,
      refundStepsSource: benefitData.refundSteps.map((t) => `${t.validFrom}: ${t.source}`).join('; '),
    },
    ledger,
    outcomes: reportOutcomes,
    weeks: sim.weeks.map((w) => ({
      week: w.week,
      startsOn: w.startsOn,
      paymentsDkk: formatDkk(w.paymentsOre),
      savingsDkk: formatDkk(w.savingsOre),
      cumulativePaymentsDkk: formatDkk(w.cumulativePaymentsOre),
      cumulativeSavingsDkk: formatDkk(w.cumulativeSavingsOre),
      netDkk: formatDkk(w.netOre),
      benefitWeeksAvoided: round2(w.benefitWeeksAvoided),
      ledgerEntryIds: w.paymentEntryIds,
      outcomes: outcomesByWeek.get(w.week) ?? {},
      realised: w.startsOn <= asOf,
      ...(w.sibRepaidCumulativeOre === undefined ? {} : { sibRepaidCumulativeDkk: formatDkk(w.sibRepaidCumulativeOre) }),
    })),
    citizens: sim.citizens.map((c) => ({
      trackId: c.id,
      category: c.category,
      benefitWeeksBefore: citizens.find((x) => x.id === c.id)!.benefitWeeksBefore,
      savingsDkk: formatDkk(c.savingsOre),
      benefitWeeksAvoided: round2(c.benefitWeeksAvoided),
      outcomeIds: c.outcomeIds,
    })),
    targets: targetProgress({
      targets: programme.targets,
      participants,
      companies,
      // A municipality's report is a part of its cohort: cohort-wide counts show its contribution.
      partOfCohort: municipality !== null,
      outcomes: reportOutcomes
        .filter((o) => o.counted)
        .map((o) => ({ participantTrackId: tracks.some((t) => t.id === o.trackId) ? o.trackId : null, kind: o.kind })),
    }),
    illustrative: programme.illustrative.map((f) => ({ path: f.path, value: JSON.stringify(valueAt(programme, f.path)), why: f.why })),
    indigo: indigoProject({
      programme,
      cohort: { id: cohort.id, name: cohort.name },
      municipalities: facts.municipalities,
      provider: { id: `dobbeltspor-provider-${cohort.id}`, name: `Employment actors of the ${cohort.name} partnerships` },
      period: { startsOn: firstMonday, endsOn, final: cohort.closed },
      otherCards: facts.rateCards.map((r) => ({
        label: `${r.municipalityName ?? 'the programme'} from ${r.validFrom}`,
        card: parseStoredRateCard(r.lines),
      })),
      participants,
      ledger: entries.map((e) => ({
        id: e.id,
        kind: e.kind,
        occurredOn: e.occurredOn,
        amountOre: e.amountOre,
        municipalityCode: e.municipalityCode,
        rateCardLine: e.rateCardLine,
        evidenceRef: e.evidenceRef,
        reversesId: e.reversesId,
        claimStatus: claimOfEntry(e),
      })),
      outcomes: outcomes
        .filter((o) => !withdrawn.has(o.id))
        .map((o) => ({
          participantTrackId: o.participantTrackId,
          companyTrackId: o.companyTrackId,
          kind: o.kind,
          rateCardLines: o.ledgerEntries.filter((e) => e.kind === 'CHARGE').map((e) => e.rateCardLine),
        })),
    }),
  };
  if (programme.jobOpenings || facts.jobOpenings?.length) report.jobOpenings = jobOpeningReport(programme, facts.jobOpenings ?? []);
  if (sim.sib && sibInput) {
    report.sib = {
      termsFrom: options.sib ? (options.sibTermsFrom ?? 'request') : 'default',
      investedDkk: formatDkk(sim.sib.investedOre),
      maxReturnPercent: sibInput.maxReturnPercent ?? 0,
      maxRepaymentDkk: formatDkk(sim.sib.maxRepaymentOre),
      repaidDkk: formatDkk(sim.sib.repaidOre),
      returnDkk: formatDkk(sim.sib.returnOre),
      principalRepaidWeek: sim.sib.principalRepaidWeek,
    };
  }
  report.headline = headlineOf(report);
  return report;
}

/** The whole cohort's report with each municipality's answer beside it (their reports on the cohort's weeks). */
export function withMunicipalityLines(
  cohortReport: PbrReport,
  municipalities: ReadonlyArray<{ code: string; name: string; report: PbrReport }>,
): PbrReport {
  const byMunicipality: MunicipalityLine[] = municipalities.map(({ code, name, report: one }) => ({
    code,
    name,
    paidOff: one.paidOff,
    paidOffToDate: one.toDate.paidOff,
    paymentsDkk: one.totals.paymentsDkk,
    savingsDkk: one.totals.savingsDkk,
    netDkk: one.totals.netDkk,
    breakEvenWeek: one.totals.breakEvenWeek,
    headline: one.headline,
    targets: one.targets,
  }));
  const report = { ...cohortReport, byMunicipality };
  return { ...report, headline: headlineOf(report) };
}
