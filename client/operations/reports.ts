// The Payment-by-Results report of one cohort for one municipality (or the whole cohort): reads the
// ledger and the outcomes from PostgreSQL, runs the pure simulation (domain/simulation.ts) and
// answers in its first line whether the cohort has paid off for the municipality so far, and,
// separately, what the rest of the period would add if everyone in work stays in work. Every amount is exact to the øre and
// traceable: payments are the municipality's ledger entries (listed by id, week by week), savings
// come from the outcomes they list. Rendered as JSON, CSV, a self-contained HTML page with inline
// SVG charts, or the INDIGO export.
import { addDays, addWeeks, daysBetween, localDateAt, mondayOf, parseLocalDate, type LocalDate } from '../../domain/calendar.js';
import { parseStoredRateCard } from '../../domain/rate-card.js';
import { indigoProject, type IndigoProject } from '../../domain/indigo.js';
import { formatDkk, formatDkkDanish, parseDkk, type Ore } from '../../domain/money.js';
import { programmeSchema, type OutcomeKind, type Programme } from '../../domain/programme.js';
import { FULL_TIME_HOURS, selfSupportOf, simulate, type SimulationCitizen, type SimulationResult } from '../../domain/simulation.js';
import { targetProgress, type TargetProgress } from '../../domain/targets.js';
import type { Db } from '../../prisma/client.js';
import { DEFAULT_BENEFIT_RATES_FILE, loadBenefitData } from './benefit-data.js';
import type { OperationContext } from './context.js';
import { lineChart } from './report-chart.js';
import { OperationError } from './operation-error.js';

export { DEFAULT_BENEFIT_RATES_FILE } from './benefit-data.js';
/** Participants are far from the labour market: by default a year on benefit before the start. */
export const DEFAULT_BENEFIT_WEEKS_BEFORE = 52;
export const DEFAULT_CATEGORY = 'over-30-no-children';
/** The 12-month track and a year of follow-up. */
export const DEFAULT_WEEKS = 104;

export const REPORT_FORMATS = ['json', 'csv', 'html', 'indigo'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface CitizenAssumption {
  /** A category of data/benefit-rates.yaml. */
  category?: string;
  /** Weeks on benefit before the start, which sets the state's refund step. */
  benefitWeeksBefore?: number;
}

export interface PbrReportInput {
  cohortId: string;
  /** Municipality code ("621") or name ("Kolding"); absent: the whole cohort, with a line per municipality. */
  municipality?: string;
  /** Weeks simulated from the first track's start; extended to cover every ledger entry. */
  weeks?: number;
  /** Assumed for every participant whose referral recorded none, unless given per participant track id. */
  assumptions?: CitizenAssumption & {
    perTrack?: Record<string, CitizenAssumption>;
    /** Whole percent of the savings assumed to come without the programme (default 0). */
    deadweightPercent?: number;
  };
  /** SIB variant: the investors' capital and their maximum return; default for SIB programmes: the nominal price, no return. */
  sib?: { investedDkk: string; maxReturnPercent?: number };
  /** Benefit rates and refund steps (default data/benefit-rates.yaml). */
  benefitRatesFile?: string | URL;
  /** The day the report is made for: weeks begun by then are realised, later ones projected (default today). */
  asOf?: LocalDate;
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
}

export interface ReportOutcome {
  id: string;
  kind: OutcomeKind;
  occurredOn: LocalDate;
  trackId: string;
  hoursPerWeek: number | null;
  /** False when every charge of the outcome was reversed: it is left out of savings and targets. */
  counted: boolean;
  ledgerEntryIds: string[];
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

export interface PbrReport {
  /** The answer in one line: has the cohort paid off so far, and what would the whole period bring? */
  headline: string;
  /** Over the whole period, the weeks still to come projected: see `toDate` for what is realised. */
  paidOff: boolean;
  toDate: ReportToDate;
  /** municipalityCode is null for the whole cohort. */
  generatedFor: { cohortId: string; cohortName: string; municipalityCode: string | null; municipalityName: string; programmeId: string; programmeName: string; programmeKind: string };
  period: { startsOn: LocalDate; endsOn: LocalDate; weeks: number };
  totals: {
    /** Net payments: the sum of the municipality's ledger entries for the cohort. */
    paymentsDkk: string;
    paymentsOre: string;
    chargesDkk: string;
    reversalsDkk: string;
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
  citizens: { trackId: string; category: string; benefitWeeksBefore: number; savingsDkk: string; benefitWeeksAvoided: number; outcomeIds: string[] }[];
  targets: TargetProgress[];
  sib?: { investedDkk: string; maxReturnPercent: number; maxRepaymentDkk: string; repaidDkk: string; returnDkk: string; principalRepaidWeek: number | null };
  indigo: IndigoProject;
  /** For the whole cohort: each municipality's answer, simulated over the same weeks (so they add up). */
  byMunicipality?: { code: string; name: string; paidOff: boolean; paidOffToDate: boolean; paymentsDkk: string; savingsDkk: string; netDkk: string; breakEvenWeek: number | null; headline: string }[];
}

const toDate = (d: Date): LocalDate => d.toISOString().slice(0, 10);

async function findMunicipality(db: Db, cohortId: string, municipality: string) {
  // The payer is the municipality of a partnership in the cohort (or one listed with slots).
  const found = await db.municipality.findFirst({
    where: {
      AND: [
        { OR: [{ code: municipality }, { name: { equals: municipality, mode: 'insensitive' } }] },
        { OR: [{ partnerships: { some: { cohortId } } }, { cohorts: { some: { cohortId } } }] },
      ],
    },
  });
  if (!found) throw new OperationError('not-found', 'MUNICIPALITY_NOT_FOUND', `municipality "${municipality}" takes no part in cohort ${cohortId}`, 'municipality');
  return found;
}

/** Builds the report from PostgreSQL; the figures come from the pure simulation. */
export async function buildPbrReport(db: Db, input: PbrReportInput): Promise<PbrReport> {
  return buildScoped(db, input);
}

/** `alignTo` makes a municipality's report use the cohort's weeks, so municipalities add up to the cohort. */
async function buildScoped(db: Db, input: PbrReportInput, alignTo?: { startsOn: LocalDate; weeks: number }): Promise<PbrReport> {
  if (input.weeks !== undefined && (!Number.isInteger(input.weeks) || input.weeks < 1 || input.weeks > 520)) {
    throw new OperationError('invalid', 'INVALID_INPUT', 'weeks: a whole number from 1 to 520', 'weeks');
  }
  const asOf = input.asOf ?? localDateAt(Date.now());
  try {
    parseLocalDate(asOf);
  } catch (e) {
    throw new OperationError('invalid', 'INVALID_INPUT', `asOf: ${(e as Error).message}`, 'asOf');
  }
  const deadweightPercent = input.assumptions?.deadweightPercent ?? 0;
  if (!Number.isInteger(deadweightPercent) || deadweightPercent < 0 || deadweightPercent > 100) {
    throw new OperationError('invalid', 'INVALID_INPUT', 'deadweightPercent: a whole percent from 0 to 100', 'assumptions.deadweightPercent');
  }
  const cohort = await db.cohort.findUnique({ where: { id: input.cohortId }, include: { programme: true } });
  if (!cohort) throw new OperationError('not-found', 'COHORT_NOT_FOUND', `no cohort "${input.cohortId}"`, 'cohortId');
  const parsed = programmeSchema.safeParse(cohort.programme.config);
  if (!parsed.success) throw new OperationError('invalid', 'INVALID_PROGRAMME', `programme ${cohort.programmeId} has an invalid configuration`);
  const programme: Programme = parsed.data;
  const municipality = input.municipality === undefined ? undefined : await findMunicipality(db, cohort.id, input.municipality);
  const scopeMunicipalities = municipality
    ? [municipality]
    : await db.municipality.findMany({ where: { partnerships: { some: { cohortId: cohort.id } } }, orderBy: { name: 'asc' } });
  const codes = scopeMunicipalities.map((m) => m.code);
  const benefitData = loadBenefitData(input.benefitRatesFile ?? DEFAULT_BENEFIT_RATES_FILE);

  const [tracks, companyTracks, entries, outcomes, cardRows] = await Promise.all([
    db.participantTrack.findMany({
      where: { cohortId: cohort.id, partnership: { municipalityCode: { in: codes } } },
      include: { participant: { select: { benefitCategory: true, benefitWeeksBefore: true } } },
      orderBy: { id: 'asc' },
    }),
    db.companyTrack.findMany({ where: { cohortId: cohort.id, partnership: { municipalityCode: { in: codes } } } }),
    db.ledgerEntry.findMany({
      where: { cohortId: cohort.id, municipalityCode: { in: codes } },
      include: { outcome: true, reversedBy: true },
      orderBy: { id: 'asc' },
    }),
    db.outcome.findMany({
      where: {
        OR: [
          { participantTrack: { cohortId: cohort.id, partnership: { municipalityCode: { in: codes } } } },
          { companyTrack: { cohortId: cohort.id, partnership: { municipalityCode: { in: codes } } } },
        ],
      },
      include: { ledgerEntries: true },
      orderBy: [{ occurredOn: 'asc' }, { recordedAt: 'asc' }],
    }),
    db.rateCard.findMany({
      where: { programmeId: cohort.programmeId, OR: [{ municipalityCode: null }, { municipalityCode: { in: codes } }] },
      include: { municipality: true },
      orderBy: { validFrom: 'asc' },
    }),
  ]);

  // An outcome whose every charge was reversed was withdrawn: it saves nothing and meets no target.
  const withdrawn = (o: (typeof outcomes)[number]) => {
    const charges = o.ledgerEntries.filter((e) => e.kind === 'CHARGE');
    return charges.length > 0 && charges.every((c) => o.ledgerEntries.some((e) => e.reversesId === c.id));
  };
  const reportOutcomes: ReportOutcome[] = outcomes.map((o) => ({
    id: o.id,
    kind: o.kind,
    occurredOn: toDate(o.occurredOn),
    trackId: (o.participantTrackId ?? o.companyTrackId)!,
    hoursPerWeek: o.hoursPerWeek === null ? null : Number(o.hoursPerWeek),
    counted: !withdrawn(o),
    ledgerEntryIds: o.ledgerEntries.map((e) => e.id.toString()),
  }));

  const startsOn =
    alignTo?.startsOn ??
    tracks.map((t) => toDate(t.startedOn)).sort()[0] ??
    entries.map((e) => toDate(e.occurredOn)).sort()[0] ??
    `${cohort.year}-01-01`;
  const fullTimeHours = programme.rateCard.lines.find((l) => l.outcome === 'PARTIAL_JOB' && l.fullTimeHours)?.fullTimeHours ?? FULL_TIME_HOURS;
  const category = input.assumptions?.category ?? DEFAULT_CATEGORY;
  const benefitWeeksBefore = input.assumptions?.benefitWeeksBefore ?? DEFAULT_BENEFIT_WEEKS_BEFORE;
  // Per track: what the report is given for it, else what the referral recorded on the participant,
  // else the cohort-wide assumption. Every track with values of its own (given or recorded) is listed.
  const given = input.assumptions?.perTrack ?? {};
  const perTrack: Record<string, CitizenAssumption> = {};
  for (const t of tracks) {
    const own = {
      category: given[t.id]?.category ?? t.participant.benefitCategory ?? undefined,
      benefitWeeksBefore: given[t.id]?.benefitWeeksBefore ?? t.participant.benefitWeeksBefore ?? undefined,
    };
    if (own.category !== undefined || own.benefitWeeksBefore !== undefined) perTrack[t.id] = own;
  }
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
  const companies = companyTracks.filter((c) => ['ACCELERATOR', 'ANCHORING', 'COMPLETED'].includes(c.phase)).length;
  const nominalPrice = parseDkk(programme.price.perParticipant) * BigInt(participants) + (programme.price.perCompany ? parseDkk(programme.price.perCompany) * BigInt(companies) : 0n);
  const sibInput = input.sib ?? (programme.kind === 'SIB' ? { investedDkk: formatDkk(nominalPrice), maxReturnPercent: 0 } : undefined);

  const sim = simulate({
    startsOn,
    weeks: alignTo?.weeks ?? input.weeks ?? DEFAULT_WEEKS,
    benefitData,
    citizens,
    payments: entries.map((e) => ({ entryId: e.id.toString(), occurredOn: toDate(e.occurredOn), amountOre: e.amountOre })),
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
    id: e.id.toString(),
    kind: e.kind,
    occurredOn: toDate(e.occurredOn),
    amountDkk: formatDkk(e.amountOre),
    rateCardLine: e.rateCardLine,
    outcomeId: e.outcomeId,
    outcomeKind: e.outcome?.kind ?? null,
    trackId: e.outcome ? (e.outcome.participantTrackId ?? e.outcome.companyTrackId) : null,
    evidenceRef: e.evidenceRef,
    reversesId: e.reversesId?.toString() ?? null,
    reversedById: e.reversedBy?.id.toString() ?? null,
  }));

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
      outcomes: reportOutcomes.filter((o) => o.counted).map((o) => ({ participantTrackId: tracks.some((t) => t.id === o.trackId) ? o.trackId : null, kind: o.kind })),
    }),
    indigo: indigoProject({
      programme,
      cohort: { id: cohort.id, name: cohort.name },
      municipalities: scopeMunicipalities.map((m) => ({ code: m.code, name: m.name })),
      provider: { id: `dobbeltspor-provider-${cohort.id}`, name: `Employment actors of the ${cohort.name} partnerships` },
      period: { startsOn: firstMonday, endsOn, final: cohort.status === 'CLOSED' },
      otherCards: cardRows.map((r) => ({ label: `${r.municipality?.name ?? 'the programme'} from ${toDate(r.validFrom)}`, card: parseStoredRateCard(r.lines) })),
      participants,
      ledger: entries.map((e) => ({
        id: e.id.toString(),
        kind: e.kind,
        occurredOn: toDate(e.occurredOn),
        amountOre: e.amountOre,
        municipalityCode: e.municipalityCode,
        rateCardLine: e.rateCardLine,
        evidenceRef: e.evidenceRef,
        reversesId: e.reversesId?.toString() ?? null,
      })),
      outcomes: outcomes
        .filter((o) => !withdrawn(o))
        .map((o) => ({ participantTrackId: o.participantTrackId, companyTrackId: o.companyTrackId, kind: o.kind, rateCardLines: o.ledgerEntries.filter((e) => e.kind === 'CHARGE').map((e) => e.rateCardLine) })),
    }),
  };
  if (sim.sib && sibInput) {
    report.sib = {
      investedDkk: formatDkk(sim.sib.investedOre),
      maxReturnPercent: sibInput.maxReturnPercent ?? 0,
      maxRepaymentDkk: formatDkk(sim.sib.maxRepaymentOre),
      repaidDkk: formatDkk(sim.sib.repaidOre),
      returnDkk: formatDkk(sim.sib.returnOre),
      principalRepaidWeek: sim.sib.principalRepaidWeek,
    };
  }
  if (!municipality) {
    const align = { startsOn: report.period.startsOn, weeks: report.period.weeks };
    report.byMunicipality = [];
    for (const m of scopeMunicipalities) {
      const one = await buildScoped(db, { ...input, asOf, municipality: m.code }, align);
      report.byMunicipality.push({
        code: m.code,
        name: m.name,
        paidOff: one.paidOff,
        paidOffToDate: one.toDate.paidOff,
        paymentsDkk: one.totals.paymentsDkk,
        savingsDkk: one.totals.savingsDkk,
        netDkk: one.totals.netDkk,
        breakEvenWeek: one.totals.breakEvenWeek,
        headline: one.headline,
      });
    }
  }
  report.headline = headlineOf(report, sim);
  return report;
}

/**
 * A retention follow-up answered "not employed" (in the track's projected summary) puts the
 * participant back on benefit from the follow-up's date; it is traced as `follow-up:<track>:<weeks>`.
 */
function notEmployedFollowUps(trackId: string, summary: unknown): SimulationCitizen['changes'] {
  const retention = (summary as { retention?: unknown } | null)?.retention;
  if (!Array.isArray(retention)) return [];
  return retention.flatMap((r: { weeks?: unknown; on?: unknown; answer?: unknown }) =>
    r && r.answer === 'NOT_EMPLOYED' && typeof r.on === 'string' && typeof r.weeks === 'number'
      ? [{ from: r.on, fraction: { numerator: 0n, denominator: 1n }, outcomeId: `follow-up:${trackId}:${r.weeks}` }]
      : [],
  );
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

function idsText(ids: string[]): string {
  if (ids.length === 0) return 'no ledger entries';
  if (ids.length <= 8) return `ledger entries ${ids.map((i) => `#${i}`).join(', ')}`;
  return `${ids.length} ledger entries (#${ids[0]}–#${ids.at(-1)})`;
}

function toDateOf(sim: SimulationResult, asOf: LocalDate): ReportToDate {
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
function headlineOf(r: PbrReport, sim: SimulationResult): string {
  const who = r.generatedFor.municipalityCode === null ? `${r.generatedFor.cohortName}, all municipalities` : `${r.generatedFor.municipalityName}, ${r.generatedFor.cohortName}`;
  const parts = r.byMunicipality?.length
    ? ` By municipality (to date / projected): ${r.byMunicipality.map((m) => `${m.name} ${m.paidOffToDate ? 'yes' : 'not yet'} / ${m.paidOff ? 'yes' : 'no'}`).join(', ')}.`
    : '';
  const t = r.toDate;
  const total = r.period.weeks;
  const trace = `payments = ${idsText(r.ledger.map((e) => e.id))}`;
  const paidToDate = parseDkk(t.paymentsDkk);
  const savedToDate = parseDkk(t.savingsDkk);
  let realised: string;
  if (t.weeks === 0) realised = `to date (${t.asOf}): the period has not begun`;
  else if (paidToDate === 0n && savedToDate === 0n) realised = `to date (${t.asOf}, week ${t.weeks} of ${total}): not yet — no outcome has been paid or has saved benefit`;
  else realised = `to date (${t.asOf}, week ${t.weeks} of ${total}): ${t.paidOff ? 'YES' : 'NOT YET'} — ${comparison(savedToDate, paidToDate, 'present')}`;
  if (t.weeks >= total) {
    const breakEven = sim.breakEvenWeek === null ? '' : `; break-even in week ${sim.breakEvenWeek} (${sim.breakEvenOn})`;
    return `${who}, ${realised} over the whole period of ${total} weeks from ${r.period.startsOn}${breakEven} (${trace}).${parts}`;
  }
  const breakEven =
    sim.breakEvenWeek === null ? '' : sim.breakEvenWeek <= t.weeks ? `; break-even was reached in week ${sim.breakEvenWeek} (${sim.breakEvenOn})` : `; break-even expected in week ${sim.breakEvenWeek} (${sim.breakEvenOn})`;
  const projected =
    sim.totalPaymentsOre === 0n && sim.totalSavingsOre === 0n
      ? 'nothing paid or saved'
      : `${sim.paidOff ? 'YES' : 'NO'} — ${comparison(sim.totalSavingsOre, sim.totalPaymentsOre, 'conditional')}${breakEven}`;
  return `${who}, ${realised} (${trace}). Projected to week ${total} (${r.period.endsOn}), if everyone in work stays in work and nothing more is paid: ${projected}.${parts}`;
}

// ---------------------------------------------------------------------------------------------
// Rendering

/** Danish spreadsheet conventions: `;` between cells, a decimal comma, no thousands separator. */
const CSV_DELIMITER = ';';

function csvCell(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  return /[";\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** "100000.00" → "100000,00"; 12.5 → "12,5". */
const decimalComma = (value: string | number) => String(value).replace('.', ',');

/**
 * For Excel and LibreOffice set to Danish: UTF-8 with a byte-order mark (so æøå read right), `;`
 * between cells and decimal commas (so amounts are numbers). The answer is a `#` line at the top
 * (read with e.g. pandas' `comment='#', sep=';', decimal=','`), then one row per week (the chart's
 * data: `realised` says whether the week had begun on the report's day) with the ledger entry ids
 * paid in it, then a total row.
 */
export function reportAsCsv(r: PbrReport): string {
  const header = ['week', 'starts_on', 'realised', 'payments_dkk', 'savings_dkk', 'cumulative_payments_dkk', 'cumulative_savings_dkk', 'net_dkk', 'benefit_weeks_avoided', 'outcomes', 'ledger_entry_ids'];
  const rows = r.weeks.map((w) => [
    w.week,
    w.startsOn,
    w.realised ? 'yes' : 'no (projected)',
    decimalComma(w.paymentsDkk),
    decimalComma(w.savingsDkk),
    decimalComma(w.cumulativePaymentsDkk),
    decimalComma(w.cumulativeSavingsDkk),
    decimalComma(w.netDkk),
    decimalComma(w.benefitWeeksAvoided),
    Object.entries(w.outcomes).map(([k, n]) => `${k}:${n}`).join(' '),
    w.ledgerEntryIds.join(' '),
  ]);
  rows.push(['to date', r.toDate.asOf, 'yes', decimalComma(r.toDate.paymentsDkk), decimalComma(r.toDate.savingsDkk), decimalComma(r.toDate.paymentsDkk), decimalComma(r.toDate.savingsDkk), decimalComma(r.toDate.netDkk), '', '', '']);
  rows.push(['total', r.period.startsOn, r.toDate.weeks >= r.period.weeks ? 'yes' : 'no (projected)', decimalComma(r.totals.paymentsDkk), decimalComma(r.totals.savingsDkk), decimalComma(r.totals.paymentsDkk), decimalComma(r.totals.savingsDkk), decimalComma(r.totals.netDkk), decimalComma(r.totals.benefitWeeksAvoided), '', r.ledger.map((e) => e.id).join(' ')]);
  return `\uFEFF# ${r.headline.replace(/[\r\n]+/g, ' ')}\r\n` + [header, ...rows].map((row) => row.map(csvCell).join(CSV_DELIMITER)).join('\r\n') + '\r\n';
}

export function reportAsJson(r: PbrReport): string {
  const { indigo: _indigo, ...rest } = r;
  return JSON.stringify(rest, null, 2) + '\n';
}

const esc = (s: string | number) =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const KIND_COLORS: Record<OutcomeKind, string> = {
  ORDINARY_JOB: '#1b7f3b',
  PARTIAL_JOB: '#6aa84f',
  EDUCATION: '#3d6fb6',
  INTERNSHIP: '#8e7cc3',
  NONE: '#999999',
  RETENTION: '#e69138',
  ANCHORING: '#a61c00',
};

/** A self-contained page: the answer first, then the charts, the targets, the weeks and the ledger. */
export function reportAsHtml(r: PbrReport): string {
  const dk = (dkk: string) => formatDkkDanish(parseDkk(dkk));
  /** Whole kroner for an axis: "-40.000 kr." */
  const krAxis = (kr: number) => `${kr < 0 ? '-' : ''}${String(Math.abs(Math.round(kr))).replace(/\B(?=(\d{3})+(?!\d))/g, '.')} kr.`;
  const toKr = (dkk: string) => Number(parseDkk(dkk)) / 100;
  const realisedWeeks = r.toDate.weeks;
  const money = lineChart(
    'Cumulative outcome payments (ledger) against cumulative benefit savings',
    [
      { name: 'payments (ledger)', color: '#a61c00', values: r.weeks.map((w) => toKr(w.cumulativePaymentsDkk)) },
      { name: 'savings (benefit weeks avoided)', color: '#1b7f3b', values: r.weeks.map((w) => toKr(w.cumulativeSavingsDkk)) },
    ],
    krAxis,
    { integer: true, realisedWeeks },
  );
  const kinds = [...new Set(r.outcomes.filter((o) => o.counted).map((o) => o.kind))];
  const outcomeSeries = kinds.map((kind) => {
    let total = 0;
    return { name: kind, color: KIND_COLORS[kind], values: r.weeks.map((w) => (total += w.outcomes[kind] ?? 0)) };
  });
  const outcomesChart = outcomeSeries.length
    ? lineChart('Outcomes over time (cumulative count by kind)', outcomeSeries, (v) => String(v), { integer: true, realisedWeeks })
    : '<p>No outcomes recorded yet.</p>';
  const row = (cells: (string | number)[]) => `<tr>${cells.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`;
  const pair = (label: string, value: string | number) => `<tr><th scope="row">${esc(label)}</th><td>${esc(value)}</td></tr>`;
  const trio = (label: string, toDate: string, whole: string) => `<tr><th scope="row">${esc(label)}</th><td>${esc(toDate)}</td><td>${esc(whole)}</td></tr>`;
  const g = r.generatedFor;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(`Payment by Results: ${g.cohortName}, ${g.municipalityName}`)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}h1{font-size:1.3rem}.answer{font-size:1.15rem;padding:.8rem 1rem;border-left:6px solid ${r.paidOff ? '#1b7f3b' : '#a61c00'};background:#f6f6f6}table{border-collapse:collapse;width:100%;font-size:.85rem;margin:1rem 0}td,th{border-bottom:1px solid #ddd;padding:.25rem .4rem;text-align:left}td:nth-child(n+3){font-variant-numeric:tabular-nums}figure{margin:1.5rem 0}figcaption{font-weight:600}.note{color:#555;font-size:.85rem}</style></head>
<body>
<h1>Payment by Results — ${esc(g.programmeName)}: ${esc(g.cohortName)}, ${esc(g.municipalityCode === null ? g.municipalityName : `${g.municipalityName} Kommune`)}</h1>
<p class="answer" id="answer">${esc(r.headline)}</p>
<table><thead><tr><th></th><th>to date (${esc(r.toDate.asOf)}, week ${r.toDate.weeks} of ${r.period.weeks})</th><th>whole period to ${esc(r.period.endsOn)}, projected</th></tr></thead><tbody>
${trio('Outcome payments', dk(r.toDate.paymentsDkk), dk(r.totals.paymentsDkk))}
${trio('Benefit savings (municipality’s share after the state refund)', dk(r.toDate.savingsDkk), dk(r.totals.savingsDkk))}
${trio('Net result', dk(r.toDate.netDkk), dk(r.totals.netDkk))}
${trio('Paid off', r.toDate.paidOff ? 'yes' : 'not yet', r.paidOff ? 'yes, if everyone in work stays in work' : 'no')}
</tbody></table>
<p class="note">The projection counts the weeks still to come as if everyone now in work stays in work and nothing more is paid; it is not realised.</p>
<table><tbody>
${pair('Outcome payments (net, = sum of the ledger)', dk(r.totals.paymentsDkk))}
${pair('of which charges / reversals', `${dk(r.totals.chargesDkk)} / ${dk(r.totals.reversalsDkk)}`)}
${pair('Break-even week', r.totals.breakEvenWeek === null ? 'not reached' : `week ${r.totals.breakEvenWeek} (${r.totals.breakEvenOn})${r.totals.breakEvenWeek > r.toDate.weeks ? ', projected' : ''}`)}
${pair('Benefit weeks avoided', r.totals.benefitWeeksAvoided)}
${pair('Participants / companies', `${r.totals.participants} / ${r.totals.companies}`)}
${pair('Nominal programme price (price list × participants and companies)', dk(r.totals.nominalPriceDkk))}
${r.sib ? pair('SIB: invested / repaid to investors / return', `${dk(r.sib.investedDkk)} / ${dk(r.sib.repaidDkk)} / ${dk(r.sib.returnDkk)}`) : ''}
</tbody></table>
${r.byMunicipality ? `<h2>By municipality (whole period, projected)</h2><table><thead><tr><th>municipality</th><th>paid off to date</th><th>paid off, projected</th><th>payments</th><th>savings</th><th>net</th><th>break-even week</th></tr></thead><tbody>${r.byMunicipality.map((m) => row([m.name, m.paidOffToDate ? 'yes' : 'not yet', m.paidOff ? 'yes' : 'no', dk(m.paymentsDkk), dk(m.savingsDkk), dk(m.netDkk), m.breakEvenWeek ?? '–'])).join('')}</tbody></table>` : ''}
${money}
${outcomesChart}
<h2>Targets</h2>
<table><thead><tr><th>target</th><th>counts</th><th>achieved</th><th>of</th><th>%</th><th>met</th></tr></thead><tbody>
${r.targets.map((t) => row([t.description, t.counts, t.achieved, t.target, t.percent, t.met ? 'yes' : 'no'])).join('\n')}
</tbody></table>
<h2>Ledger</h2>
<table><thead><tr><th>entry</th><th>kind</th><th>date</th><th>amount</th><th>rate-card line</th><th>outcome</th><th>evidence</th><th>reverses / reversed by</th></tr></thead><tbody>
${r.ledger.map((e) => row([`#${e.id}`, e.kind, e.occurredOn, dk(e.amountDkk), e.rateCardLine, `${e.outcomeKind ?? ''} ${e.outcomeId ?? ''}`, e.evidenceRef, e.reversesId ? `reverses #${e.reversesId}` : e.reversedById ? `reversed by #${e.reversedById}` : ''])).join('\n')}
</tbody></table>
<h2>Weeks with payments or outcomes</h2>
<table><thead><tr><th>week</th><th>from</th><th>payments</th><th>savings</th><th>cumulative net</th><th>ledger entries</th></tr></thead><tbody>
${r.weeks.filter((w) => w.ledgerEntryIds.length || Object.keys(w.outcomes).length).map((w) => row([w.week, w.startsOn, dk(w.paymentsDkk), dk(w.savingsDkk), dk(w.netDkk), w.ledgerEntryIds.map((i) => `#${i}`).join(' ')])).join('\n')}
</tbody></table>
<h2>Assumptions and sources</h2>
<p class="note">Every participant is assumed to be in benefit category <code>${esc(r.assumptions.category)}</code> with ${r.assumptions.benefitWeeksBefore} weeks on benefit before the start, unless given per participant; deadweight ${r.assumptions.deadweightPercent} %. ${esc(r.assumptions.weekRule)}. Partial jobs count pro rata to hours over ${r.assumptions.fullTimeHours}. Refund steps: ${esc(r.assumptions.refundStepsSource)}.</p>
<table><thead><tr><th>category</th><th>from</th><th>benefit</th><th>monthly</th><th>status</th><th>source</th></tr></thead><tbody>
${r.assumptions.ratesUsed.map((u) => row([u.category, u.validFrom, u.benefit, dk(u.monthly), u.status, u.source])).join('\n')}
</tbody></table>
</body></html>
`;
}

export function renderReport(r: PbrReport, format: ReportFormat): { contentType: string; extension: string; body: string } {
  switch (format) {
    case 'json':
      return { contentType: 'application/json', extension: 'json', body: reportAsJson(r) };
    case 'csv':
      return { contentType: 'text/csv; charset=utf-8', extension: 'csv', body: reportAsCsv(r) };
    case 'html':
      return { contentType: 'text/html; charset=utf-8', extension: 'html', body: reportAsHtml(r) };
    case 'indigo':
      return { contentType: 'application/json', extension: 'indigo.json', body: JSON.stringify(r.indigo, null, 2) + '\n' };
  }
}

/**
 * The operation behind `dobbeltspor report --cohort … --municipality … --format json|csv|html|indigo`
 * and the API's report route: the rendered body plus the report itself (for --json output).
 */
export async function cohortReport(
  ctx: Pick<OperationContext, 'db' | 'now'>,
  input: PbrReportInput & { format?: ReportFormat },
): Promise<{ report: PbrReport; contentType: string; extension: string; body: string }> {
  const format = input.format ?? 'json';
  if (!REPORT_FORMATS.includes(format)) throw new OperationError('invalid', 'INVALID_INPUT', `format: one of ${REPORT_FORMATS.join(', ')}`, 'format');
  const asOf = input.asOf ?? localDateAt(await (ctx.now?.() ?? Date.now()));
  const report = await buildPbrReport(ctx.db, { ...input, asOf });
  return { report, ...renderReport(report, format) };
}
