// Starting a cohort and asking for its status. Starting validates the cohort file and its programme
// (nothing is written or started when anything is invalid), writes programme, municipalities,
// employment actors, companies, partnerships and the cohort to PostgreSQL idempotently, imports any
// participants, and starts the cohort workflow `cohort-<cohortId>`, which starts the tracks.
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, WorkflowUpdateFailedError, type Connection, type WorkflowExecutionStatusName } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import { isDeepStrictEqual } from 'node:util';
import type { CohortFile } from '../../domain/cohort-file.js';
import type { Programme } from '../../domain/programme.js';
import { Prisma, type Db } from '../../prisma/client.js';
import {
  COHORT_REJECTION, cancelCampUpdate, closeCohortUpdate, cohortSummaryQuery, cohortWorkflow, companyTrackWorkflowId, decideSelectionUpdate,
  enrolLateUpdate, moveCampUpdate, pauseAllUpdate, resumeAllUpdate, type CohortInput, type CohortSummary,
} from '../../workflows/index.js';
import { addMonths, localDateAt, parseLocalDate, type LocalDate } from '../../domain/calendar.js';
import { COHORT, TRACK_KIND } from '../../workflows/search-attributes.js';
import { startSearchAttributes } from '../search-attributes.js';
import type { OperationContext } from './context.js';
import { loadCohortFile, type LoadedCohort } from './files.js';
import { withFreeText, withOptionalFreeText, withPauseReasonText } from './free-text.js';

export const cohortWorkflowId = (cohortId: string) => `cohort-${cohortId}`;
export const partnershipIdOf = (cohortId: string, municipalityCode: string) => `${cohortId}-${municipalityCode}`;
export const participantIdOf = (cohortId: string, ref: string) => `${cohortId}-${ref}`;

export type CohortErrorCode =
  | 'COHORT_ALREADY_STARTED'
  | 'COHORT_NOT_FOUND'
  | 'COHORT_NOT_RUNNING'
  | 'COHORT_REJECTED'
  | 'PROGRAMME_CONFLICT'
  | 'COHORT_CONFLICT'
  | 'INVALID_YEAR'
  | 'INVALID_INPUT';

export class CohortError extends Error {
  override name = 'CohortError';
  constructor(readonly code: CohortErrorCode, message: string, readonly field?: string) {
    super(message);
  }
}

export interface StartCohortInput {
  /** Path of the cohort file (YAML). */
  file: string;
  /** Where the programme named by the file is looked up (default: the project's programmes/). */
  programmesDir?: string;
  /**
   * Runs the cohort in another year: every date in the file moves by the same number of years (the
   * plans put camps and phases back on working days). For trying out the 2019 examples today.
   */
  year?: number;
  /** Called with each step of the start, for progress output. */
  onProgress?: (step: string) => void;
}

export interface StartCohortResult {
  cohortId: string;
  workflowId: string;
  runId: string;
  programmeId: string;
  municipalities: number;
  partnerships: number;
  companies: number;
  participantsImported: number;
}

/** Starts the cohort of a file; refuses (COHORT_ALREADY_STARTED) when its workflow exists already. */
export async function startCohort(ctx: OperationContext, input: StartCohortInput): Promise<StartCohortResult> {
  const progress = input.onProgress ?? (() => undefined);
  progress(`validating ${input.file}`);
  const loaded = await loadCohortFile(input.file, { programmesDir: input.programmesDir });
  if (input.year !== undefined) {
    if (!Number.isInteger(input.year) || input.year < 2000 || input.year > 2100) throw new CohortError('INVALID_YEAR', `year must be a whole year between 2000 and 2100, got ${input.year}`, 'year');
    loaded.cohort = shiftCohortYear(loaded.cohort, input.year);
  }
  const { cohort, programme } = loaded;
  const workflowId = cohortWorkflowId(cohort.id);

  progress(`checking that ${workflowId} has not been started`);
  await refuseIfStarted(ctx, cohort.id);

  progress(`writing programme ${programme.id}, ${cohort.municipalities.length} municipalities and ${cohort.partnerships.length} partnerships to PostgreSQL`);
  const written = await writeCohort(ctx.db, loaded);
  const enrolments = await writeImportedEnrolments(ctx.db, cohort);

  progress(`starting the cohort workflow ${workflowId}`);
  const input2 = cohortInput(cohort, programme, written.companyIds, enrolments);
  let handle;
  try {
    handle = await ctx.client.workflow.start(cohortWorkflow, {
      taskQueue: ctx.taskQueue,
      workflowId,
      args: [input2],
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      typedSearchAttributes: await startSearchAttributes(ctx.client.connection as Connection, ctx.namespace ?? 'default', [
        { key: COHORT, value: cohort.id },
        { key: TRACK_KIND, value: 'COHORT' },
      ]),
    });
  } catch (e) {
    if (e instanceof WorkflowExecutionAlreadyStartedError) throw alreadyStarted(cohort.id);
    throw e;
  }
  await ctx.db.cohort.update({ where: { id: cohort.id }, data: { workflowId } });
  return {
    cohortId: cohort.id,
    workflowId,
    runId: handle.firstExecutionRunId,
    programmeId: programme.id,
    municipalities: cohort.municipalities.length,
    partnerships: cohort.partnerships.length,
    companies: written.companies,
    participantsImported: written.participantIds.length,
  };
}

function alreadyStarted(cohortId: string): CohortError {
  return new CohortError(
    'COHORT_ALREADY_STARTED',
    `cohort ${cohortId} has already been started (workflow ${cohortWorkflowId(cohortId)}); a cohort is started once — use \`cohort status ${cohortId}\` to follow it`,
    'id',
  );
}

async function refuseIfStarted(ctx: OperationContext, cohortId: string): Promise<void> {
  try {
    await ctx.client.workflow.getHandle(cohortWorkflowId(cohortId)).describe();
  } catch (e) {
    if (e instanceof WorkflowNotFoundError) return;
    throw e;
  }
  throw alreadyStarted(cohortId);
}

/** The workflow's input: ids, dates and the plans; no names or addresses. */
export function cohortInput(
  cohort: CohortFile,
  programme: Programme,
  companyIds: Record<string, string>,
  enrolments: Array<{ trackId: string; partnershipId: string; municipalityCode: string }>,
): CohortInput {
  const closing = new Map(cohort.municipalities.map((m) => [m.code, m.closingDays]));
  return {
    cohortId: cohort.id,
    programmeId: programme.id,
    year: cohort.year,
    participantPlan: programme.participant,
    companyPlan: programme.company,
    startsOn: cohort.startsOn,
    bootCampStartOn: cohort.bootCamp?.dates[0],
    fixedCamps: cohort.camps?.map((c) => ({ id: c.id, days: c.days, date: c.date })),
    closingDays: [...new Set(cohort.municipalities.flatMap((m) => m.closingDays))].sort(),
    partnerships: cohort.partnerships.map((p) => ({
      partnershipId: partnershipIdOf(cohort.id, p.municipality),
      municipalityCode: p.municipality,
      closingDays: closing.get(p.municipality) ?? [],
    })),
    companies: cohort.partnerships.flatMap((p) =>
      p.companies.map((c) => ({
        companyId: companyIds[c.cvr]!,
        cvr: c.cvr,
        partnershipId: partnershipIdOf(cohort.id, p.municipality),
        municipalityCode: p.municipality,
      })),
    ),
    enrolments: enrolments.map((e) => ({ ...e, startsOn: cohort.startsOn })),
  };
}

export interface Written {
  companies: number;
  /** Company.id by CVR. */
  companyIds: Record<string, string>;
  /** Ids of the participants imported from the file. */
  participantIds: string[];
}

/**
 * Writes everything of the file in one transaction, keyed by business keys (programme id,
 * municipality code, employment-actor id, CVR, cohort id + municipality), so a repeated start after a
 * failure writes nothing twice. Participants are keyed by cohort id + the file's own reference.
 */
export async function writeCohort(db: Db, { cohort, programme }: Pick<LoadedCohort, 'cohort' | 'programme'>): Promise<Written> {
  return db.$transaction(
    async (tx) => {
      const stored = await tx.programme.findUnique({ where: { id: programme.id } });
      const config = JSON.parse(JSON.stringify(programme)) as Prisma.InputJsonValue;
      if (!stored) {
        await tx.programme.create({
          data: { id: programme.id, name: programme.name, kind: programme.kind, version: programme.version, hoursPerWeek: programme.participant.workReadiness.hoursPerWeek, config },
        });
      } else if (!isDeepStrictEqual(stored.config, config)) {
        if (programme.version <= stored.version) {
          throw new CohortError(
            'PROGRAMME_CONFLICT',
            `programme ${programme.id} version ${stored.version} is stored with other content; running cohorts keep it — raise "version" in the template to store the change`,
            'programme',
          );
        }
        await tx.programme.update({
          where: { id: programme.id },
          data: { name: programme.name, kind: programme.kind, version: programme.version, hoursPerWeek: programme.participant.workReadiness.hoursPerWeek, config },
        });
      }

      const existing = await tx.cohort.findUnique({ where: { id: cohort.id } });
      if (existing && existing.programmeId !== programme.id) {
        throw new CohortError('COHORT_CONFLICT', `cohort ${cohort.id} is stored with programme ${existing.programmeId}, not ${programme.id}`, 'programme');
      }

      for (const m of cohort.municipalities) {
        const row = await tx.municipality.findUnique({ where: { code: m.code } });
        const days = [...new Set([...(row?.closingDays.map((d) => d.toISOString().slice(0, 10)) ?? []), ...m.closingDays])].sort();
        await tx.municipality.upsert({
          where: { code: m.code },
          create: { code: m.code, name: m.name, closingDays: days.map(asDate) },
          update: { name: m.name, closingDays: days.map(asDate) },
        });
      }

      const plan = { startsOn: cohort.startsOn ?? null, bootCamp: cohort.bootCamp ?? null, camps: cohort.camps ?? null };
      await tx.cohort.upsert({
        where: { id: cohort.id },
        create: { id: cohort.id, name: cohort.name, programmeId: programme.id, year: cohort.year, status: 'PLANNED', plan },
        update: { name: cohort.name, year: cohort.year, plan },
      });
      for (const m of cohort.municipalities) {
        await tx.cohortMunicipality.upsert({
          where: { cohortId_municipalityCode: { cohortId: cohort.id, municipalityCode: m.code } },
          create: { cohortId: cohort.id, municipalityCode: m.code, slots: m.slots },
          update: { slots: m.slots },
        });
      }

      let companies = 0;
      const companyIds: Record<string, string> = {};
      for (const p of cohort.partnerships) {
        const ea = p.employmentActor;
        await tx.employmentActor.upsert({
          where: { id: ea.id },
          create: { id: ea.id, name: ea.name, cvr: ea.cvr, contactName: ea.contact.name, contactEmail: ea.contact.email },
          update: { name: ea.name, cvr: ea.cvr, contactName: ea.contact.name, contactEmail: ea.contact.email },
        });
        const partnershipId = partnershipIdOf(cohort.id, p.municipality);
        await tx.partnership.upsert({
          where: { id: partnershipId },
          create: { id: partnershipId, cohortId: cohort.id, municipalityCode: p.municipality, employmentActorId: ea.id },
          update: { employmentActorId: ea.id },
        });
        for (const c of p.companies) {
          const data = {
            name: c.name,
            contactName: c.contact.name,
            contactEmail: c.contact.email,
            extraEmails: c.extraEmails,
            socialEconomy: c.socialEconomy,
            employmentActorId: c.role === 'OWN_SOCIAL_ECONOMY' ? ea.id : null,
          };
          const company = await tx.company.upsert({ where: { cvr: c.cvr }, create: { cvr: c.cvr, ...data }, update: data });
          await tx.partnershipCompany.upsert({
            where: { partnershipId_companyId: { partnershipId, companyId: company.id } },
            create: { partnershipId, companyId: company.id, role: c.role, capacity: c.capacity },
            update: { role: c.role, capacity: c.capacity },
          });
          companyIds[c.cvr] = company.id;
          companies++;
        }
      }

      const participantIds: string[] = [];
      for (const p of cohort.participants ?? []) {
        const id = participantIdOf(cohort.id, p.ref);
        const data = {
          givenName: p.givenName,
          familyName: p.familyName,
          cpr: p.cpr?.replace('-', '') ?? null,
          email: p.email ?? null,
          phone: p.phone ?? null,
          municipalityCode: p.municipality,
          referredOn: asDate(p.referredOn),
          benefitCategory: p.benefitCategory ?? null,
          benefitWeeksBefore: p.benefitWeeksBefore ?? null,
        };
        await tx.participant.upsert({ where: { id }, create: { id, ...data }, update: data });
        participantIds.push(id);
      }
      return { companies, companyIds, participantIds };
    },
    { timeout: 60_000 },
  );
}

/**
 * The enrolments of the file's participants: one ParticipantTrack row each (id = participant id),
 * whose workflow the cohort workflow starts as its child.
 */
export async function writeImportedEnrolments(db: Db, cohort: CohortFile): Promise<Array<{ trackId: string; partnershipId: string; municipalityCode: string }>> {
  const enrolments = [];
  for (const p of cohort.participants ?? []) {
    const id = participantIdOf(cohort.id, p.ref);
    const partnershipId = partnershipIdOf(cohort.id, p.municipality);
    await db.participantTrack.upsert({
      where: { id },
      create: { id, participantId: id, cohortId: cohort.id, partnershipId, workflowId: `participant-${id}`, startedOn: asDate(cohort.startsOn ?? p.referredOn), phase: 'ENROLLED' },
      update: {},
    });
    enrolments.push({ trackId: id, partnershipId, municipalityCode: p.municipality });
  }
  return enrolments;
}

function asDate(d: string): Date {
  return new Date(`${d}T00:00:00Z`);
}

export interface CohortStatus {
  cohortId: string;
  name: string;
  programmeId: string;
  year: number;
  status: string;
  workflowId: string | null;
  workflowStatus?: WorkflowExecutionStatusName;
  municipalities: Array<{ code: string; name: string; slots: number; companies: number; participants: number }>;
  companyTracks: { total: number; byPhase: Record<string, number> };
  participantTracks: { total: number; byPhase: Record<string, number>; overdue: number };
  camps: Array<{ id: string; kind: string; title: string; startsOn: string; status: string }>;
  /** The workflow's own view, when it answers. */
  summary?: CohortSummary;
}

/** The cohort from PostgreSQL (projection) plus, when it runs, the workflow's summary. */
export async function cohortStatus(ctx: OperationContext, cohortId: string): Promise<CohortStatus> {
  const row = await ctx.db.cohort.findUnique({
    where: { id: cohortId },
    include: {
      municipalities: { include: { municipality: true }, orderBy: { municipalityCode: 'asc' } },
      partnerships: { include: { companies: true, _count: { select: { participantTracks: true } } } },
      camps: { orderBy: { startsAt: 'asc' } },
    },
  });
  if (!row) throw new CohortError('COHORT_NOT_FOUND', `no cohort with id ${cohortId}`, 'cohortId');
  const [companyPhases, participantPhases, overdue] = await Promise.all([
    ctx.db.companyTrack.groupBy({ by: ['phase'], where: { cohortId }, _count: { _all: true } }),
    ctx.db.participantTrack.groupBy({ by: ['phase'], where: { cohortId }, _count: { _all: true } }),
    ctx.db.participantTrack.count({ where: { cohortId, overdueCount: { gt: 0 } } }),
  ]);
  const byPartnership = new Map(row.partnerships.map((p) => [p.municipalityCode, p]));
  const status: CohortStatus = {
    cohortId,
    name: row.name,
    programmeId: row.programmeId,
    year: row.year,
    status: row.status,
    workflowId: row.workflowId,
    municipalities: row.municipalities.map((m) => ({
      code: m.municipalityCode,
      name: m.municipality.name,
      slots: m.slots,
      companies: byPartnership.get(m.municipalityCode)?.companies.length ?? 0,
      participants: byPartnership.get(m.municipalityCode)?._count.participantTracks ?? 0,
    })),
    companyTracks: count(companyPhases),
    participantTracks: { ...count(participantPhases), overdue },
    camps: row.camps.map((c) => ({ id: c.id, kind: c.kind, title: c.title, startsOn: c.startsAt.toISOString(), status: c.status })),
  };
  if (row.workflowId) {
    const handle = ctx.client.workflow.getHandle(row.workflowId);
    try {
      const described = await handle.describe();
      status.workflowStatus = described.status.name;
      if (described.status.name === 'RUNNING') status.summary = await withPauseReasonText(ctx.db, await handle.query(cohortSummaryQuery));
    } catch (e) {
      if (!(e instanceof WorkflowNotFoundError)) throw e;
    }
  }
  return status;
}

function count(groups: Array<{ phase: string; _count: { _all: number } }>): { total: number; byPhase: Record<string, number> } {
  const byPhase = Object.fromEntries(groups.map((g) => [g.phase, g._count._all]));
  return { total: groups.reduce((n, g) => n + g._count._all, 0), byPhase };
}

/** The same cohort in another year: every date moves by whole years. */
export function shiftCohortYear(cohort: CohortFile, year: number): CohortFile {
  const months = 12 * (year - cohort.year);
  const shift = (d: LocalDate) => addMonths(d, months);
  return {
    ...cohort,
    year,
    startsOn: cohort.startsOn && shift(cohort.startsOn),
    bootCamp: cohort.bootCamp && { ...cohort.bootCamp, dates: cohort.bootCamp.dates.map(shift) },
    camps: cohort.camps?.map((c) => ({ ...c, date: shift(c.date) })),
    municipalities: cohort.municipalities.map((m) => ({ ...m, closingDays: m.closingDays.map(shift) })),
    participants: cohort.participants?.map((p) => ({ ...p, referredOn: shift(p.referredOn) })),
  };
}

// ---- messages to a running cohort ----

function cohortHandle(ctx: OperationContext, cohortId: string) {
  return ctx.client.workflow.getHandle<typeof cohortWorkflow>(cohortWorkflowId(cohortId));
}

/** Sends an update; the workflow's rejections become CohortErrors naming the field. */
async function send(ctx: OperationContext, cohortId: string, call: (h: ReturnType<typeof cohortHandle>) => Promise<CohortSummary>): Promise<CohortSummary> {
  try {
    return await call(cohortHandle(ctx, cohortId));
  } catch (e) {
    if (e instanceof WorkflowUpdateFailedError && e.cause instanceof ApplicationFailure) {
      const field = e.cause.type === COHORT_REJECTION ? String(e.cause.details?.[0] ?? '') : undefined;
      throw new CohortError('COHORT_REJECTED', e.cause.message, field || undefined);
    }
    if (e instanceof WorkflowNotFoundError || (e as { name?: string }).name === 'WorkflowNotFoundError') {
      const row = await ctx.db.cohort.findUnique({ where: { id: cohortId }, select: { status: true } });
      if (!row) throw new CohortError('COHORT_NOT_FOUND', `no cohort with id ${cohortId}`, 'cohortId');
      throw new CohortError('COHORT_NOT_RUNNING', `cohort ${cohortId} is ${row.status.toLowerCase()}: its workflow no longer takes changes`, 'cohortId');
    }
    throw e;
  }
}

export function cohortSummary(ctx: OperationContext, cohortId: string): Promise<CohortSummary> {
  return send(ctx, cohortId, (h) => h.query(cohortSummaryQuery));
}

/** Pauses every participant and company track of the cohort (they resume where they stood, their own deadlines shifted). */
export function pauseCohort(ctx: OperationContext, cohortId: string, reason: string): Promise<CohortSummary> {
  if (!reason?.trim()) throw new CohortError('INVALID_INPUT', 'give a reason for the pause', 'reason');
  return withFreeText(ctx.db, { kind: 'pause-reason', entity: 'Cohort', entityId: cohortId, text: reason }, (reasonId) => send(ctx, cohortId, (h) => h.executeUpdate(pauseAllUpdate, { args: [{ reasonId }] })), (e) => e instanceof CohortError);
}

export function resumeCohort(ctx: OperationContext, cohortId: string): Promise<CohortSummary> {
  return send(ctx, cohortId, (h) => h.executeUpdate(resumeAllUpdate, { args: [] }));
}

/** Moves a camp for every company of the cohort: the row is changed once, every invitation told. */
export function moveCohortCamp(ctx: OperationContext, cohortId: string, input: { campId: string; toDate: LocalDate; reason?: string }): Promise<CohortSummary> {
  checkDate(input.toDate, 'toDate');
  const { reason, ...move } = input;
  return withOptionalFreeText(ctx.db, { kind: 'camp-move-reason', entity: 'Camp', entityId: input.campId, text: reason }, (reasonId) => send(ctx, cohortId, (h) => h.executeUpdate(moveCampUpdate, { args: [{ ...move, reasonId }] })), (e) => e instanceof CohortError);
}

export function cancelCohortCamp(ctx: OperationContext, cohortId: string, input: { campId: string; reason?: string }): Promise<CohortSummary> {
  const { reason, ...cancel } = input;
  return withOptionalFreeText(ctx.db, { kind: 'camp-cancel-reason', entity: 'Camp', entityId: input.campId, text: reason }, (reasonId) => send(ctx, cohortId, (h) => h.executeUpdate(cancelCampUpdate, { args: [{ ...cancel, reasonId }] })), (e) => e instanceof CohortError);
}

/** Closes the cohort: no more enrolments or changes through it; its tracks run to their own ends. */
export function closeCohort(ctx: OperationContext, cohortId: string, reason?: string): Promise<CohortSummary> {
  return withOptionalFreeText(ctx.db, { kind: 'close-reason', entity: 'Cohort', entityId: cohortId, text: reason }, (reasonId) => send(ctx, cohortId, (h) => h.executeUpdate(closeCohortUpdate, { args: [{ reasonId }] })), (e) => e instanceof CohortError);
}

export interface EnrolLateInput {
  participantId: string;
  /** The municipality whose partnership the participant joins. */
  municipalityCode: string;
  startsOn?: LocalDate;
}

/**
 * Enrols a participant (already in PostgreSQL) into a running cohort: writes the track row and has
 * the cohort workflow start the track as its child, so cohort-wide pauses reach it.
 */
export async function enrolLate(ctx: OperationContext, cohortId: string, input: EnrolLateInput): Promise<{ trackId: string; workflowId: string; summary: CohortSummary }> {
  if (input.startsOn) checkDate(input.startsOn, 'startsOn');
  const partnershipId = partnershipIdOf(cohortId, input.municipalityCode);
  const [participant, partnership] = await Promise.all([
    ctx.db.participant.findUnique({ where: { id: input.participantId }, select: { erasedAt: true } }),
    ctx.db.partnership.findUnique({ where: { id: partnershipId } }),
  ]);
  if (!participant || participant.erasedAt) throw new CohortError('INVALID_INPUT', `no participant ${input.participantId}`, 'participantId');
  if (!partnership) throw new CohortError('INVALID_INPUT', `cohort ${cohortId} has no partnership in municipality ${input.municipalityCode}`, 'municipalityCode');
  const trackId = `${cohortId}-${input.participantId}`.slice(0, 120);
  const workflowId = `participant-${trackId}`;
  await ctx.db.participantTrack.upsert({
    where: { id: trackId },
    create: {
      id: trackId, participantId: input.participantId, cohortId, partnershipId, workflowId,
      startedOn: new Date(`${input.startsOn ?? localDateAt(Date.now())}T00:00:00Z`), phase: 'ENROLLED',
    },
    update: {},
  });
  const summary = await send(ctx, cohortId, (h) =>
    h.executeUpdate(enrolLateUpdate, { args: [{ trackId, partnershipId, municipalityCode: input.municipalityCode, startsOn: input.startsOn }] }),
  );
  return { trackId, workflowId, summary };
}

function checkDate(value: string, field: string): void {
  try {
    parseLocalDate(value);
  } catch (e) {
    throw new CohortError('INVALID_INPUT', (e as Error).message, field);
  }
}

export interface SelectionResult {
  cvr: string;
  selected: boolean;
  /** The company track's phase after the decision, or why it was refused. */
  phase?: string;
  refused?: string;
}

/**
 * The coordinator's selection into the accelerator after the boot camp: each company track decides
 * (a municipality's full slots refuse a selection). Every company is tried; refusals are listed.
 */
export async function selectCompanies(ctx: OperationContext, cohortId: string, input: { selected: string[]; notSelected?: string[] }): Promise<SelectionResult[]> {
  const decisions = [...input.selected.map((cvr) => ({ cvr, selected: true })), ...(input.notSelected ?? []).map((cvr) => ({ cvr, selected: false }))];
  if (decisions.length === 0) throw new CohortError('INVALID_INPUT', 'name at least one company (CVR) to select or not select', 'cvr');
  const results: SelectionResult[] = [];
  for (const d of decisions) {
    const handle = ctx.client.workflow.getHandle(companyTrackWorkflowId(cohortId, d.cvr));
    try {
      const r = await handle.executeUpdate(decideSelectionUpdate, { args: [{ selected: d.selected }] });
      results.push({ cvr: d.cvr, selected: r.selected, phase: r.phase });
    } catch (e) {
      if (e instanceof WorkflowUpdateFailedError) results.push({ cvr: d.cvr, selected: false, refused: (e.cause as Error | undefined)?.message ?? e.message });
      else if (e instanceof WorkflowNotFoundError) results.push({ cvr: d.cvr, selected: false, refused: `no company track for CVR ${d.cvr} in cohort ${cohortId}` });
      else throw e;
    }
  }
  return results;
}
