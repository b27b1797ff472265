// The Payment-by-Results report of one cohort for one municipality (or the whole cohort): reads the
// ledger and the outcomes from PostgreSQL and hands them to the report's rules
// (domain/pbr-report.ts), which answer in the first line whether the cohort has paid off for the
// municipality so far, and, separately, what the rest of the period would add if everyone in work
// stays in work. Every amount is exact to the øre and traceable: payments are the municipality's
// ledger entries (listed by id, week by week), savings come from the outcomes they list. Rendered as
// JSON (report-json.ts), CSV (report-csv.ts), a self-contained HTML page with inline SVG charts
// (report-html.ts), or the INDIGO export.
import { dateOfUtcMidnight, localDateAt, parseLocalDate, type LocalDate } from '../../domain/calendar.js';
import {
  pbrReport,
  SELECTED_PHASES,
  withMunicipalityLines,
  type CitizenAssumption,
  type PbrFacts,
  type PbrReport,
} from '../../domain/pbr-report.js';
import { dkk, programmeSchema, type Programme } from '../../domain/programme.js';
import type { Db } from '../../prisma/client.js';
import { DEFAULT_BENEFIT_RATES_FILE, loadBenefitData } from './benefit-data.js';
import type { OperationContext } from './context.js';
import { cohortPlaces } from './cohort-places.js';
import { reportAsCsv } from './report-csv.js';
import { reportAsHtml } from './report-html.js';
import { reportAsJson } from './report-json.js';
import { OperationError } from './operation-error.js';

export type { PbrReport } from '../../domain/pbr-report.js';

export const REPORT_FORMATS = ['json', 'csv', 'html', 'indigo'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

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

/**
 * The report's terms as the doors take them (`--capital`, `--max-return`, `--deadweight`; the API's
 * `capitalDkk`, `maxReturnPercent`, `deadweightPercent`): a return without the capital it is on is refused.
 */
export function investorTerms(q: {
  capitalDkk?: string;
  maxReturnPercent?: number;
  deadweightPercent?: number;
}): Pick<PbrReportInput, 'sib' | 'assumptions'> {
  if (q.maxReturnPercent !== undefined && q.capitalDkk === undefined)
    throw new OperationError('invalid', 'INVALID_INPUT', 'a maximum return needs the capital it is on (capitalDkk)', 'maxReturnPercent');
  return {
    ...(q.capitalDkk !== undefined ? { sib: { investedDkk: q.capitalDkk, maxReturnPercent: q.maxReturnPercent ?? 0 } } : {}),
    ...(q.deadweightPercent !== undefined ? { assumptions: { deadweightPercent: q.deadweightPercent } } : {}),
  };
}

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
  if (!found)
    throw new OperationError(
      'not-found',
      'MUNICIPALITY_NOT_FOUND',
      `municipality "${municipality}" takes no part in cohort ${cohortId}`,
      'municipality',
    );
  return found;
}

/** Builds the report from PostgreSQL; the figures come from the report's rules and the simulation. */
export async function buildPbrReport(db: Db, input: PbrReportInput): Promise<PbrReport> {
  if (input.weeks !== undefined && (!Number.isInteger(input.weeks) || input.weeks < 1 || input.weeks > 520)) {
    throw new OperationError('invalid', 'INVALID_INPUT', 'weeks: a whole number from 1 to 520', 'weeks');
  }
  const asOf = input.asOf ?? localDateAt(Date.now());
  try {
    parseLocalDate(asOf);
  } catch (e) {
    throw new OperationError('invalid', 'INVALID_INPUT', `asOf: ${(e as Error).message}`, 'asOf');
  }
  const requested = input.assumptions?.deadweightPercent;
  if (requested !== undefined && (!Number.isInteger(requested) || requested < 0 || requested > 100)) {
    throw new OperationError(
      'invalid',
      'INVALID_INPUT',
      'deadweightPercent: a whole percent from 0 to 100',
      'assumptions.deadweightPercent',
    );
  }
  if (input.sib) {
    if (!dkk.safeParse(input.sib.investedDkk).success)
      throw new OperationError('invalid', 'INVALID_INPUT', 'investedDkk: an amount in DKK such as "5700000"', 'sib.investedDkk');
    const r = input.sib.maxReturnPercent;
    if (r !== undefined && (!Number.isInteger(r) || r < 0 || r > 100))
      throw new OperationError('invalid', 'INVALID_INPUT', 'maxReturnPercent: a whole percent from 0 to 100', 'sib.maxReturnPercent');
  }
  const cohort = await db.cohort.findUnique({ where: { id: input.cohortId }, include: { programme: true } });
  if (!cohort) throw new OperationError('not-found', 'COHORT_NOT_FOUND', `no cohort "${input.cohortId}"`, 'cohortId');
  // The investors' terms and the deadweight of the cohort file, unless the request gives its own.
  const terms = (cohort.plan as { investment?: InvestmentTerms | null } | null)?.investment ?? undefined;
  const sib = input.sib ?? (terms && { investedDkk: terms.capitalDkk, maxReturnPercent: terms.maxReturnPercent });
  const sibTermsFrom = input.sib ? ('request' as const) : terms ? ('cohort file' as const) : undefined;
  const deadweightPercent = requested ?? terms?.deadweightPercent ?? 0;
  const parsed = programmeSchema.safeParse(cohort.programme.config);
  if (!parsed.success)
    throw new OperationError('invalid', 'INVALID_PROGRAMME', `programme ${cohort.programmeId} has an invalid configuration`);
  const scope: Scope = {
    cohort: { id: cohort.id, name: cohort.name, year: cohort.year, closed: cohort.status === 'CLOSED', programmeId: cohort.programmeId },
    programme: parsed.data,
    benefitData: loadBenefitData(input.benefitRatesFile ?? DEFAULT_BENEFIT_RATES_FILE),
  };
  const options = { ...input, asOf, sib, sibTermsFrom, assumptions: { ...input.assumptions, deadweightPercent } };
  // Places are the cohort's, whichever municipality the report is for.
  const places = await cohortPlaces(db, cohort.id, parsed.data.capacity, SELECTED_PHASES);
  const waitlist = places.participants
    ? { waiting: await db.waitlistEntry.count({ where: { cohortId: cohort.id, status: 'WAITING' } }) }
    : undefined;
  const withPlaces = (r: PbrReport): PbrReport =>
    Object.keys(places).length ? { ...r, capacity: places, ...(waitlist ? { waitlist } : {}) } : r;
  if (input.municipality !== undefined) {
    const municipality = await findMunicipality(db, cohort.id, input.municipality);
    return withPlaces(pbrReport(await readFacts(db, scope, municipality, [municipality]), options));
  }
  const all = await db.municipality.findMany({ where: { partnerships: { some: { cohortId: cohort.id } } }, orderBy: { name: 'asc' } });
  const whole = pbrReport(await readFacts(db, scope, null, all), options);
  // Each municipality on the cohort's weeks, so that they add up to the cohort.
  const alignTo = { startsOn: whole.period.startsOn, weeks: whole.period.weeks };
  const lines = [];
  for (const m of all)
    lines.push({ code: m.code, name: m.name, report: pbrReport(await readFacts(db, scope, m, [m]), { ...options, alignTo }) });
  return withPlaces(withMunicipalityLines(whole, lines));
}

/** The investment section of a cohort file, as stored with the cohort. */
interface InvestmentTerms {
  capitalDkk: string;
  maxReturnPercent: number;
  deadweightPercent: number;
}

interface Scope {
  cohort: PbrFacts['cohort'] & { programmeId: string };
  programme: Programme;
  benefitData: PbrFacts['benefitData'];
}

/** The tracks, outcomes, ledger entries and rate cards of the cohort in the municipalities given. */
async function readFacts(
  db: Db,
  scope: Scope,
  municipality: { code: string; name: string } | null,
  municipalities: { code: string; name: string }[],
): Promise<PbrFacts> {
  const cohortId = scope.cohort.id;
  const codes = municipalities.map((m) => m.code);
  const [tracks, companyTracks, entries, outcomes, cardRows, cooperations, openings] = await Promise.all([
    db.participantTrack.findMany({
      where: { cohortId, partnership: { municipalityCode: { in: codes } } },
      include: { participant: { select: { benefitCategory: true, benefitWeeksBefore: true } } },
      orderBy: { id: 'asc' },
    }),
    db.companyTrack.findMany({
      where: { cohortId, partnership: { municipalityCode: { in: codes } } },
      select: { phase: true, companyId: true },
    }),
    db.ledgerEntry.findMany({
      where: { cohortId, municipalityCode: { in: codes } },
      include: { outcome: true, reversedBy: true },
      orderBy: { id: 'asc' },
    }),
    db.outcome.findMany({
      where: {
        OR: [
          { participantTrack: { cohortId, partnership: { municipalityCode: { in: codes } } } },
          { companyTrack: { cohortId, partnership: { municipalityCode: { in: codes } } } },
        ],
      },
      include: { ledgerEntries: true, claimDecision: { select: { decision: true } } },
      orderBy: [{ occurredOn: 'asc' }, { recordedAt: 'asc' }],
    }),
    db.rateCard.findMany({
      where: { programmeId: scope.cohort.programmeId, OR: [{ municipalityCode: null }, { municipalityCode: { in: codes } }] },
      include: { municipality: true },
      orderBy: { validFrom: 'asc' },
    }),
    // Without an accelerator, the companies cooperated with: a cooperation started in scope (an opening
    // registered, a participant placed, an employer contact logged, a problem reported, or by hand).
    scope.programme.company
      ? []
      : db.companyCooperation.findMany({
          where: { cohortId, partnership: { municipalityCode: { in: codes } } },
          select: { companyId: true },
          distinct: ['companyId'],
        }),
    db.jobOpening.findMany({
      where: { cohortId, partnership: { municipalityCode: { in: codes } } },
      select: { companyId: true, kind: true, status: true, matches: { select: { status: true } } },
    }),
  ]);
  const selected = new Set(companyTracks.filter((c) => (SELECTED_PHASES as readonly string[]).includes(c.phase)).map((c) => c.companyId));
  return {
    cohort: scope.cohort,
    programme: scope.programme,
    benefitData: scope.benefitData,
    municipality: municipality && { code: municipality.code, name: municipality.name },
    municipalities: municipalities.map((m) => ({ code: m.code, name: m.name })),
    tracks: tracks.map((t) => ({
      id: t.id,
      startedOn: dateOfUtcMidnight(t.startedOn),
      summary: t.summary,
      benefitCategory: t.participant.benefitCategory,
      benefitWeeksBefore: t.participant.benefitWeeksBefore,
    })),
    companyPhases: companyTracks.map((c) => c.phase),
    ...(scope.programme.company
      ? {}
      : {
          cooperatingCompanyIds: cooperations.map((c) => c.companyId),
        }),
    jobOpenings: openings,
    openingOnlyCompanies: new Set(openings.map((o) => o.companyId).filter((id) => !selected.has(id))).size,
    ledger: entries.map((e) => ({
      id: e.id.toString(),
      kind: e.kind,
      occurredOn: dateOfUtcMidnight(e.occurredOn),
      amountOre: e.amountOre,
      municipalityCode: e.municipalityCode,
      rateCardLine: e.rateCardLine,
      evidenceRef: e.evidenceRef,
      outcomeId: e.outcomeId,
      outcome: e.outcome && {
        kind: e.outcome.kind,
        participantTrackId: e.outcome.participantTrackId,
        companyTrackId: e.outcome.companyTrackId,
      },
      reversesId: e.reversesId?.toString() ?? null,
      reversedById: e.reversedBy?.id.toString() ?? null,
    })),
    outcomes: outcomes.map((o) => ({
      id: o.id,
      kind: o.kind,
      occurredOn: dateOfUtcMidnight(o.occurredOn),
      participantTrackId: o.participantTrackId,
      companyTrackId: o.companyTrackId,
      hoursPerWeek: o.hoursPerWeek === null ? null : Number(o.hoursPerWeek),
      ledgerEntries: o.ledgerEntries.map((e) => ({
        id: e.id.toString(),
        kind: e.kind,
        reversesId: e.reversesId?.toString() ?? null,
        rateCardLine: e.rateCardLine,
      })),
      claimDecision: o.claimDecision?.decision ?? null,
    })),
    rateCards: cardRows.map((r) => ({
      municipalityName: r.municipality?.name ?? null,
      validFrom: dateOfUtcMidnight(r.validFrom),
      lines: r.lines,
    })),
  };
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
  if (!REPORT_FORMATS.includes(format))
    throw new OperationError('invalid', 'INVALID_INPUT', `format: one of ${REPORT_FORMATS.join(', ')}`, 'format');
  const asOf = input.asOf ?? localDateAt(await (ctx.now?.() ?? Date.now()));
  const report = await buildPbrReport(ctx.db, { ...input, asOf });
  return { report, ...renderReport(report, format) };
}
