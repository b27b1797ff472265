// Starting a cohort and asking for its status. Starting validates the cohort file and its programme
// (nothing is written or started when anything is invalid), writes programme, municipalities,
// employment actors, companies, partnerships, the cohort and its camp calendar to PostgreSQL in one
// transaction, imports any participants, and starts the cohort workflow `cohort-<cohortId>`, which
// starts the tracks; a start that fails after the write takes the write back.
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Connection,
  type WorkflowExecutionStatusName,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import { isDeepStrictEqual } from 'node:util';
import { campUid } from '../../domain/camp-plan.js';
import { CAMP_HOURS, CAMP_TITLES, campDays } from '../../domain/camp-plan.js';
import {
  closingDaysOf,
  cohortCalendar,
  cohortCompanyPlan,
  cohortDateIssues,
  dayOffReason,
  type ClosingDays,
  type CohortCalendar,
  type PlannedMove,
} from '../../domain/cohort-dates.js';
import type { CohortFile } from '../../domain/cohort-file.js';
import type { Programme } from '../../domain/programme.js';
import { Prisma, type Db } from '../../prisma/client.js';
import { closingDaysByMunicipality, closingDaysOfRow } from '../../prisma/closing-days.js';
import { cohortWorkflow } from '../../workflows/index.js';
import {
  COHORT_REJECTION,
  cancelCampUpdate,
  closeCohortUpdate,
  cohortSummaryQuery,
  cohortWorkflowId,
  companyTrackWorkflowId,
  participantTrackWorkflowId,
  decideSelectionUpdate,
  moveCampUpdate,
  pauseAllUpdate,
  resumeAllUpdate,
  type CohortInput,
  type CohortSummary,
} from '../../contracts/index.js';
import { addMonths, instantAt, localDateAt, nextWorkingDay, utcMidnightOf, type LocalDate } from '../../domain/calendar.js';
import { COHORT, TRACK_KIND } from '../../contracts/search-attributes.js';
import { startSearchAttributes } from '../search-attributes.js';
import type { OperationContext } from './context.js';
import { dbRefusal } from './db-errors.js';
import { FileValidationError, formatPath, sortIssues, type LoadedCohort } from './files.js';
import { actorData, companyData, planMasterData, type MasterDataChange, type MasterDataPlan } from './master-data.js';
import { auditActor, requireCohort, requireProgramme } from './scope.js';
import { withFreeText, withOptionalFreeText, withPauseReasonText } from './free-text.js';
import { cohortFileCapacityIssue } from '../../domain/capacity.js';
import { OperationError } from './operation-error.js';
import { checkDate } from './date-input.js';
import { writeHousingPartners } from './housing-partners.js';

import { cohortInput, participantIdOf, partnershipIdOf } from './cohort-input.js';

export { cohortInput, participantIdOf, partnershipIdOf };

export interface StartCohortInput {
  /**
   * The cohort file's content, parsed and validated with its programme: the CLI reads the file
   * (loadCohortFile), the API parses the body it was sent (parseCohortFile).
   */
  content: LoadedCohort;
  /**
   * Runs the cohort in another year: every date in the file moves by the same number of years (days
   * that land on a day off move on to the next working day, and the move is told). For trying out
   * the 2019 examples today.
   */
  year?: number;
  /** Validate and tell what would be created and sent; write and start nothing. */
  dryRun?: boolean;
  /**
   * Start a cohort that is already under way: its days may have passed (otherwise refused). The
   * tracks catch up with what fell due before they began and send it in one digest, not item by item.
   */
  underWay?: boolean;
  /** Called with each step of the start, for progress output. */
  onProgress?: (step: string) => void;
}

/** Rows and messages a start creates, counted per kind (and, for e-mails, per recipient). */
export interface StartPreview {
  rows: Record<string, { create: number; update: number; unchanged: number }>;
  camps: Record<string, number>;
  workflows: { cohort: number; companyTracks: number; participantTracks: number; campInvitations: number };
  /** E-mails sent as the cohort starts (later ones follow the plan's dates). */
  emails: Array<{ kind: string; recipient: string; count: number; addresses: number }>;
}

export interface StartCohortResult {
  cohortId: string;
  workflowId: string;
  /** Absent for a dry run. */
  runId?: string;
  programmeId: string;
  municipalities: number;
  partnerships: number;
  companies: number;
  participantsImported: number;
  /** Days the plan moved because they fell on a day off, in date order (also stored with the cohort). */
  moves: PlannedMove[];
  dryRun?: true;
  /** What the start creates and sends (for a dry run: would). */
  preview: StartPreview;
}

/** Today in the programmes' time zone; a parameter so tests can pin it. */
const todayLocal = () => localDateAt(Date.now());

/**
 * Starts the cohort of a file; refuses (COHORT_ALREADY_STARTED) when its workflow exists already.
 * Everything is validated before anything is written: the file, its programme, the dates against
 * today, the calendar and PostgreSQL's closing days, the actor's scope and the shared master data.
 * The rows are written in one transaction; when the workflow cannot be started, the rows the
 * transaction wrote are taken back, so a failed start leaves nothing behind.
 */
export async function startCohort(ctx: OperationContext, input: StartCohortInput): Promise<StartCohortResult> {
  const progress = input.onProgress ?? (() => undefined);
  // A copy: a --year shift replaces its cohort, never the caller's.
  const loaded: LoadedCohort = { ...input.content };
  const moves: PlannedMove[] = [];
  if (input.year !== undefined) {
    if (!Number.isInteger(input.year) || input.year < 2000 || input.year > 2100)
      throw new OperationError('invalid', 'INVALID_YEAR', `year must be a whole year between 2000 and 2100, got ${input.year}`, 'year');
    const shifted = shiftCohortYear(loaded.cohort, input.year);
    loaded.cohort = shifted.cohort;
    moves.push(...shifted.moves);
  }
  const { cohort, programme } = loaded;
  const workflowId = cohortWorkflowId(cohort.id);
  await requireProgramme(ctx, programme.id, 'start cohort', { entity: 'Cohort', entityId: cohort.id });

  progress(`checking that ${workflowId} has not been started`);
  await refuseIfStarted(ctx, cohort.id);

  progress('checking the file against today, the stored closing days and master data');
  const stored = await storedClosingDays(
    ctx.db,
    cohort.municipalities.map((m) => m.code),
  );
  // The file's own closing days were judged as written; after a --year shift only the schedule is judged again.
  const late = cohortDateIssues(cohort, programme, { today: input.underWay ? undefined : todayLocal(), storedClosingDays: stored }).filter(
    (i) => i.path[0] !== 'municipalities',
  );
  if (late.length) throw fileError(loaded, late);
  const overCapacity = cohortFileCapacityIssue(programme, cohort.participants?.length ?? 0);
  if (overCapacity) throw fileError(loaded, [overCapacity]);
  const closing = closingDaysOf(cohort, stored);
  const calendar = programme.company ? cohortCalendar(cohort, cohortCompanyPlan(cohort, programme.company)!, closing) : undefined;
  moves.push(...(calendar?.moves ?? []));
  moves.sort((a, b) => (a.to < b.to ? -1 : a.to > b.to ? 1 : 0));

  const preview = await ctx.db.$transaction(async (tx) => {
    const master = await planMasterData(tx, cohort, programme.id);
    const dbIssues = [...master.issues, ...(await storedConflicts(tx, cohort, programme.id))];
    if (dbIssues.length) throw fileError(loaded, dbIssues);
    return previewOf(cohort, programme, master, calendar);
  });
  const result = {
    cohortId: cohort.id,
    workflowId,
    programmeId: programme.id,
    municipalities: cohort.municipalities.length,
    partnerships: cohort.partnerships.length,
    companies: cohort.partnerships.reduce((n, p) => n + p.companies.length, 0),
    participantsImported: cohort.participants?.length ?? 0,
    moves,
    preview,
  };
  if (input.dryRun) return { ...result, dryRun: true };

  progress(
    `writing programme ${programme.id}, ${cohort.municipalities.length} municipalities and ${cohort.partnerships.length} partnerships to PostgreSQL`,
  );
  const written = await writeCohort(ctx.db, loaded, { moves, closing, workflowId });

  progress(`starting the cohort workflow ${workflowId}`);
  let handle;
  try {
    handle = await ctx.client.workflow.start(cohortWorkflow, {
      taskQueue: ctx.taskQueue,
      workflowId,
      args: [cohortInput(cohort, programme, written.companyIds, written.enrolments, closing)],
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      typedSearchAttributes: await startSearchAttributes(ctx.client.connection as Connection, ctx.namespace ?? 'default', [
        { key: COHORT, value: cohort.id },
        { key: TRACK_KIND, value: 'COHORT' },
      ]),
    });
  } catch (e) {
    progress('the workflow could not be started: taking back what was written');
    await undoWrites(ctx.db, written.undo);
    if (e instanceof WorkflowExecutionAlreadyStartedError) throw alreadyStarted(cohort.id);
    throw e;
  }
  // Master data changed by the upload is on record: who, which rows, which fields (never the values).
  const audits = written.changes.filter((c) => c.action === 'update');
  if (audits.length) {
    await ctx.db.auditLog.createMany({
      data: audits.map((c) => ({
        ...auditActor(ctx.actor),
        action: 'cohort start: update master data',
        entity: c.entity,
        entityId: c.id,
        allowed: true,
        details: { cohortId: cohort.id, programmeId: programme.id, fields: c.fields },
      })),
    });
  }
  return { ...result, runId: handle.firstExecutionRunId, participantsImported: written.participantIds.length };
}

function fileError(loaded: LoadedCohort, issues: Array<{ path: Array<string | number>; message: string }>): FileValidationError {
  const at = loaded.issueAt ?? ((path: PropertyKey[], message: string) => ({ file: loaded.cohortPath, path: formatPath(path), message }));
  return new FileValidationError(loaded.cohortPath, sortIssues(issues.map((i) => at(i.path, i.message))));
}

function storedClosingDays(db: Db, codes: string[]): Promise<Map<string, LocalDate[]>> {
  return closingDaysByMunicipality(db, { code: { in: codes } });
}

/**
 * The file against rows that are not master data: the cohort's programme, and people this programme
 * has registered already. Only the cohort's own programme is searched (its coordinator is acting):
 * whether another programme knows a CPR number is not for the uploader to learn, so such a number is
 * answered exactly as an unknown one, and the person is registered anew in this programme.
 */
async function storedConflicts(
  tx: Prisma.TransactionClient,
  cohort: CohortFile,
  programmeId: string,
): Promise<Array<{ path: Array<string | number>; message: string }>> {
  const issues: Array<{ path: Array<string | number>; message: string }> = [];
  const existing = await tx.cohort.findUnique({ where: { id: cohort.id }, select: { programmeId: true } });
  if (existing && existing.programmeId !== programmeId)
    issues.push({
      path: ['programme'],
      message: `cohort ${cohort.id} is stored with programme ${existing.programmeId}, not ${programmeId}`,
    });
  const cprs = (cohort.participants ?? []).flatMap((p) => (p.cpr ? [p.cpr.replace('-', '')] : []));
  if (cprs.length) {
    const registered = await tx.participant.findMany({ where: { programmeId, cpr: { in: cprs } }, select: { id: true, cpr: true } });
    cohort.participants?.forEach((p, i) => {
      const other = p.cpr && registered.find((r) => r.cpr === p.cpr!.replace('-', ''));
      if (other && other.id !== participantIdOf(cohort.id, p.ref)) {
        issues.push({
          path: ['participants', i, 'cpr'],
          message: `programme ${programmeId} has registered this CPR number already, as participant ${other.id}: enrol them with \`cohort enrol-late\` instead of importing them again`,
        });
      }
    });
  }
  return issues;
}

function previewOf(cohort: CohortFile, programme: Programme, master: MasterDataPlan, calendar: CohortCalendar | undefined): StartPreview {
  const rows: StartPreview['rows'] = {};
  const count = (kind: string, action: 'create' | 'update' | 'unchanged', n = 1) => {
    rows[kind] ??= { create: 0, update: 0, unchanged: 0 };
    rows[kind][action] += n;
  };
  for (const c of master.changes) count(c.entity, c.action);
  count('Partnership', 'create', cohort.partnerships.length);
  count('Participant', 'create', cohort.participants?.length ?? 0);
  const camps: Record<string, number> = {};
  for (const c of calendar?.camps ?? []) camps[c.kind] = (camps[c.kind] ?? 0) + 1;
  if (calendar) count('Camp', 'create', calendar.camps.length);
  const companies = programme.company ? cohort.partnerships.flatMap((p) => p.companies) : [];
  return {
    rows,
    camps,
    workflows: {
      cohort: 1,
      companyTracks: companies.length,
      participantTracks: cohort.participants?.length ?? 0,
      campInvitations: calendar ? companies.length : 0,
    },
    emails: companies.length
      ? [
          {
            kind: 'boot-camp invitation',
            recipient: 'company',
            count: companies.length,
            addresses: companies.reduce((n, c) => n + 1 + c.extraEmails.length, 0),
          },
        ]
      : [],
  };
}

function alreadyStarted(cohortId: string): OperationError {
  return new OperationError(
    'conflict',
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

/** Takes back one write of a start that failed afterwards (a row created is deleted, a row updated restored). */
export type UndoStep = (tx: Prisma.TransactionClient) => Promise<unknown>;

export interface Written {
  companies: number;
  /** Company.id by CVR. */
  companyIds: Record<string, string>;
  /** Ids of the participants imported from the file. */
  participantIds: string[];
  /** The imported participants' tracks, started by the cohort workflow. */
  enrolments: Array<{ trackId: string; partnershipId: string; municipalityCode: string }>;
  /** Master data created, updated or left as it was. */
  changes: MasterDataChange[];
  /** Applied in reverse order, takes the whole write back. */
  undo: UndoStep[];
}

/** Runs the undo steps of a write, newest first, in one transaction. */
export async function undoWrites(db: Db, undo: UndoStep[]): Promise<void> {
  await db.$transaction(
    async (tx) => {
      for (const step of [...undo].reverse()) await step(tx);
    },
    { timeout: 60_000 },
  );
}

export interface WriteCohortOptions {
  /** Days the plan moved, stored with the cohort for the console. */
  moves?: PlannedMove[];
  /** Closing days of the cohort's municipalities (file and PostgreSQL), for the camp calendar. */
  closing?: ClosingDays;
  /** Stored on the cohort row as the workflow it runs in. */
  workflowId?: string;
}

/**
 * Writes everything of the file in one transaction, keyed by business keys (programme id,
 * municipality code, employment-actor id, CVR, cohort id + municipality), after checking it against
 * the shared master data (master-data.ts): a disagreement with another programme's rows refuses the
 * whole file and writes nothing. Participants are keyed by cohort id + the file's own reference. The
 * camp calendar (boot camp, fixed or rhythm camps, coaching) is written as rows too, so the cohort
 * workflow finds the file's days, titles and places.
 */
export async function writeCohort(
  db: Db,
  loaded: Pick<LoadedCohort, 'cohort' | 'programme'> & Partial<LoadedCohort>,
  opts: WriteCohortOptions = {},
): Promise<Written> {
  const { cohort, programme } = loaded;
  try {
    return await db.$transaction((tx) => writeCohortIn(tx, loaded, opts), { timeout: 60_000 });
  } catch (e) {
    const refusal = dbRefusal(e);
    if (refusal)
      throw new OperationError(
        'invalid',
        'INVALID_INPUT',
        `cohort ${cohort.id} of ${programme.id} could not be written: ${refusal.message}`,
        refusal.field,
      );
    throw e;
  }
}

async function writeCohortIn(
  tx: Prisma.TransactionClient,
  loaded: Pick<LoadedCohort, 'cohort' | 'programme'> & Partial<LoadedCohort>,
  opts: WriteCohortOptions,
): Promise<Written> {
  const { cohort, programme } = loaded;
  const undo: UndoStep[] = [];
  const master = await planMasterData(tx, cohort, programme.id);
  const conflicts = [...master.issues, ...(await storedConflicts(tx, cohort, programme.id))];
  if (conflicts.length) throw fileError({ cohortPath: loaded.cohortPath ?? cohort.id, ...loaded } as LoadedCohort, conflicts);

  const stored = await tx.programme.findUnique({ where: { id: programme.id } });
  const config = JSON.parse(JSON.stringify(programme)) as Prisma.InputJsonValue;
  const programmeData = {
    name: programme.name,
    kind: programme.kind,
    version: programme.version,
    hoursPerWeek: programme.participant.workReadiness.hoursPerWeek,
    config,
  };
  if (!stored) {
    await tx.programme.create({ data: { id: programme.id, ...programmeData } });
    undo.push((t) => t.programme.delete({ where: { id: programme.id } }));
  } else if (!isDeepStrictEqual(stored.config, config)) {
    if (programme.version <= stored.version) {
      throw new OperationError(
        'conflict',
        'PROGRAMME_CONFLICT',
        `programme ${programme.id} version ${stored.version} is stored with other content; running cohorts keep it — raise "version" in the template to store the change`,
        'programme',
      );
    }
    await tx.programme.update({ where: { id: programme.id }, data: programmeData });
    undo.push((t) =>
      t.programme.update({
        where: { id: programme.id },
        data: {
          name: stored.name,
          kind: stored.kind,
          version: stored.version,
          hoursPerWeek: stored.hoursPerWeek,
          config: stored.config as Prisma.InputJsonValue,
        },
      }),
    );
  }

  for (const m of cohort.municipalities) {
    const row = await tx.municipality.findUnique({ where: { code: m.code } });
    const days = [...new Set([...closingDaysOfRow(row?.closingDays ?? []), ...m.closingDays])].sort();
    if (!row) {
      await tx.municipality.create({ data: { code: m.code, name: m.name, closingDays: days.map(utcMidnightOf) } });
      undo.push((t) => t.municipality.delete({ where: { code: m.code } }));
    } else if (row.name !== m.name || days.length !== row.closingDays.length) {
      await tx.municipality.update({ where: { code: m.code }, data: { name: m.name, closingDays: days.map(utcMidnightOf) } });
      undo.push((t) => t.municipality.update({ where: { code: m.code }, data: { name: row.name, closingDays: row.closingDays } }));
    }
  }

  const calendar = programme.company
    ? cohortCalendar(cohort, cohortCompanyPlan(cohort, programme.company)!, opts.closing ?? closingDaysOf(cohort))
    : undefined;
  const plan = {
    startsOn: cohort.startsOn ?? null,
    bootCamp: cohort.bootCamp ?? null,
    camps: cohort.camps ?? null,
    calendar: calendar
      ? {
          bootCampId: calendar.plan.bootCamp.id,
          campIds: calendar.plan.camps.map((c) => c.id),
          acceleratorStartsOn: calendar.plan.acceleratorStartsOn,
          acceleratorEndsOn: calendar.plan.acceleratorEndsOn,
        }
      : null,
    moves: opts.moves ?? calendar?.moves ?? [],
    investment: cohort.investment ?? null,
  } as unknown as Prisma.InputJsonValue;
  const existing = await tx.cohort.findUnique({ where: { id: cohort.id } });
  if (!existing) {
    await tx.cohort.create({
      data: {
        id: cohort.id,
        name: cohort.name,
        programmeId: programme.id,
        year: cohort.year,
        status: 'PLANNED',
        plan,
        workflowId: opts.workflowId,
      },
    });
    undo.push((t) => t.cohort.delete({ where: { id: cohort.id } }));
  } else {
    await tx.cohort.update({
      where: { id: cohort.id },
      data: { name: cohort.name, year: cohort.year, plan, workflowId: opts.workflowId ?? existing.workflowId },
    });
    undo.push((t) =>
      t.cohort.update({
        where: { id: cohort.id },
        data: { name: existing.name, year: existing.year, plan: existing.plan ?? undefined, workflowId: existing.workflowId },
      }),
    );
  }
  for (const m of cohort.municipalities) {
    const key = { cohortId_municipalityCode: { cohortId: cohort.id, municipalityCode: m.code } };
    const row = await tx.cohortMunicipality.findUnique({ where: key });
    if (!row) {
      await tx.cohortMunicipality.create({ data: { cohortId: cohort.id, municipalityCode: m.code, slots: m.slots } });
      undo.push((t) => t.cohortMunicipality.delete({ where: key }));
    } else if (row.slots !== m.slots) {
      await tx.cohortMunicipality.update({ where: key, data: { slots: m.slots } });
      undo.push((t) => t.cohortMunicipality.update({ where: key, data: { slots: row.slots } }));
    }
  }

  let companies = 0;
  const companyIds: Record<string, string> = {};
  for (const p of cohort.partnerships) {
    const ea = p.employmentActor;
    const actor = await tx.employmentActor.findUnique({ where: { id: ea.id } });
    const eaData = actorData(ea);
    if (!actor) {
      await tx.employmentActor.create({ data: { id: ea.id, ...eaData } });
      undo.push((t) => t.employmentActor.delete({ where: { id: ea.id } }));
    } else if (
      !isDeepStrictEqual({ name: actor.name, cvr: actor.cvr, contactName: actor.contactName, contactEmail: actor.contactEmail }, eaData)
    ) {
      await tx.employmentActor.update({ where: { id: ea.id }, data: eaData });
      undo.push((t) =>
        t.employmentActor.update({
          where: { id: ea.id },
          data: { name: actor.name, cvr: actor.cvr, contactName: actor.contactName, contactEmail: actor.contactEmail },
        }),
      );
    }
    const partnershipId = partnershipIdOf(cohort.id, p.municipality);
    const partnership = await tx.partnership.findUnique({ where: { id: partnershipId } });
    if (!partnership) {
      await tx.partnership.create({
        data: { id: partnershipId, cohortId: cohort.id, municipalityCode: p.municipality, employmentActorId: ea.id },
      });
      undo.push((t) => t.partnership.delete({ where: { id: partnershipId } }));
    } else if (partnership.employmentActorId !== ea.id) {
      await tx.partnership.update({ where: { id: partnershipId }, data: { employmentActorId: ea.id } });
      undo.push((t) => t.partnership.update({ where: { id: partnershipId }, data: { employmentActorId: partnership.employmentActorId } }));
    }
    // The actor's staff by address: a new address is registered, a known one gets the file's name and role.
    for (const m of p.staff) {
      const row = await tx.staffMember.findFirst({
        where: { employmentActorId: ea.id, deactivatedAt: null, email: { equals: m.email, mode: 'insensitive' } },
        orderBy: { id: 'asc' },
      });
      if (!row) {
        const created = await tx.staffMember.create({ data: { name: m.name, email: m.email, role: m.role, employmentActorId: ea.id } });
        undo.push((t) => t.staffMember.delete({ where: { id: created.id } }));
      } else if (row.name !== m.name || row.role !== m.role) {
        await tx.staffMember.update({ where: { id: row.id }, data: { name: m.name, role: m.role } });
        undo.push((t) => t.staffMember.update({ where: { id: row.id }, data: { name: row.name, role: row.role } }));
      }
    }
    for (const c of p.companies) {
      const data = companyData(c, ea.id);
      let company = await tx.company.findUnique({ where: { cvr: c.cvr } });
      if (!company) {
        company = await tx.company.create({ data: { cvr: c.cvr, ...data } });
        undo.push((t) => t.company.delete({ where: { cvr: c.cvr } }));
      } else {
        const before = company;
        const { name, contactName, contactEmail, extraEmails, socialEconomy, employmentActorId } = before;
        if (!isDeepStrictEqual({ name, contactName, contactEmail, extraEmails, socialEconomy, employmentActorId }, data)) {
          await tx.company.update({ where: { cvr: c.cvr }, data });
          undo.push((t) =>
            t.company.update({
              where: { cvr: c.cvr },
              data: { name, contactName, contactEmail, extraEmails, socialEconomy, employmentActorId },
            }),
          );
        }
      }
      const companyId = company.id;
      const key = { partnershipId_companyId: { partnershipId, companyId } };
      const link = await tx.partnershipCompany.findUnique({ where: key });
      if (!link) {
        await tx.partnershipCompany.create({ data: { partnershipId, companyId, role: c.role, capacity: c.capacity } });
        undo.push((t) => t.partnershipCompany.delete({ where: key }));
      } else if (link.role !== c.role || link.capacity !== c.capacity) {
        await tx.partnershipCompany.update({ where: key, data: { role: c.role, capacity: c.capacity } });
        undo.push((t) => t.partnershipCompany.update({ where: key, data: { role: link.role, capacity: link.capacity } }));
      }
      companyIds[c.cvr] = companyId;
      companies++;
    }
  }

  const participantIds: string[] = [];
  const enrolments: Written['enrolments'] = [];
  // A cohort of a thousand: the rows read and the new ones written in a few statements, not four a participant.
  const listed = (cohort.participants ?? []).map((p) => ({ p, id: participantIdOf(cohort.id, p.ref) }));
  const ids = listed.map((l) => l.id);
  const storedParticipants = await tx.participant.findMany({ where: { id: { in: ids } } });
  const storedTracks = await tx.participantTrack.findMany({ where: { id: { in: ids } }, select: { id: true } });
  const beforeById = new Map(storedParticipants.map((r) => [r.id, r]));
  const withTrack = new Set(storedTracks.map((r) => r.id));
  const newParticipants: Prisma.ParticipantCreateManyInput[] = [];
  const newTracks: Prisma.ParticipantTrackCreateManyInput[] = [];
  for (const { p, id } of listed) {
    const data = {
      programmeId: programme.id,
      givenName: p.givenName,
      familyName: p.familyName,
      cpr: p.cpr?.replace('-', '') ?? null,
      email: p.email ?? null,
      phone: p.phone ?? null,
      municipalityCode: p.municipality,
      referredOn: utcMidnightOf(p.referredOn),
      benefitCategory: p.benefitCategory ?? null,
      benefitWeeksBefore: p.benefitWeeksBefore ?? null,
      housingArea: p.housingArea ?? null,
    };
    const before = beforeById.get(id);
    if (!before) {
      newParticipants.push({ id, ...data });
    } else {
      await tx.participant.update({ where: { id }, data });
      const {
        programmeId,
        givenName,
        familyName,
        cpr,
        email,
        phone,
        municipalityCode,
        referredOn,
        benefitCategory,
        benefitWeeksBefore,
        housingArea,
      } = before;
      undo.push((t) =>
        t.participant.update({
          where: { id },
          data: {
            programmeId,
            givenName,
            familyName,
            cpr,
            email,
            phone,
            municipalityCode,
            referredOn,
            benefitCategory,
            benefitWeeksBefore,
            housingArea,
          },
        }),
      );
    }
    participantIds.push(id);
    const partnershipId = partnershipIdOf(cohort.id, p.municipality);
    if (!withTrack.has(id)) {
      newTracks.push({
        id,
        participantId: id,
        cohortId: cohort.id,
        partnershipId,
        workflowId: participantTrackWorkflowId(id),
        startedOn: utcMidnightOf(cohort.startsOn ?? p.referredOn),
        phase: 'ENROLLED',
      });
    }
    enrolments.push({ trackId: id, partnershipId, municipalityCode: p.municipality });
  }
  if (newParticipants.length) {
    await tx.participant.createMany({ data: newParticipants });
    const created = newParticipants.map((r) => r.id!);
    undo.push((t) => t.participant.deleteMany({ where: { id: { in: created } } }));
  }
  if (newTracks.length) {
    await tx.participantTrack.createMany({ data: newTracks });
    const created = newTracks.map((r) => r.id);
    // Undone in reverse: the tracks before the participants they refer to.
    undo.push((t) => t.participantTrack.deleteMany({ where: { id: { in: created } } }));
  }

  await writeHousingPartners(tx, cohort, partnershipIdOf, companyIds, undo);
  if (calendar) await writeCamps(tx, cohort, calendar, undo);
  return { companies, companyIds, participantIds, enrolments, changes: master.changes, undo };
}

/**
 * The cohort's camp rows from its calendar. A cohort not yet started may have rows of an earlier
 * write (a seed, or another --year): those without invitations are replaced.
 */
async function writeCamps(tx: Prisma.TransactionClient, cohort: CohortFile, calendar: CohortCalendar, undo: UndoStep[]): Promise<void> {
  const old = await tx.camp.findMany({ where: { cohortId: cohort.id, invitations: { none: {} } } });
  if (old.length) {
    await tx.camp.deleteMany({ where: { id: { in: old.map((c) => c.id) } } });
    undo.push((t) => t.camp.createMany({ data: old }));
  }
  const kept = new Set((await tx.camp.findMany({ where: { cohortId: cohort.id }, select: { id: true } })).map((c) => c.id));
  const place = cohort.bootCamp?.location ?? 'Oplyses senere';
  const rows = calendar.camps
    .filter((c) => !kept.has(c.id))
    .map((c) => {
      const hours = CAMP_HOURS[c.kind];
      return {
        id: c.id,
        cohortId: cohort.id,
        kind: c.kind,
        title: c.title ?? CAMP_TITLES[c.kind](c.number),
        startsAt: new Date(instantAt(c.days[0]!, hours.start)),
        endsAt: new Date(instantAt(c.days[c.days.length - 1]!, hours.end)),
        days: c.days.length,
        location: c.location ?? place,
        uid: campUid(c.id),
      };
    });
  await tx.camp.createMany({ data: rows });
  undo.push((t) => t.camp.deleteMany({ where: { id: { in: rows.map((r) => r.id) } } }));
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
  camps: Array<{ id: string; kind: string; title: string; startsOn: string; location: string; status: string }>;
  /** Days the plan moved at the start because they fell on a day off (stored with the cohort). */
  plannedMoves: PlannedMove[];
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
  if (!row) throw new OperationError('not-found', 'COHORT_NOT_FOUND', `no cohort with id ${cohortId}`, 'cohortId');
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
    camps: row.camps.map((c) => ({
      id: c.id,
      kind: c.kind,
      title: c.title,
      startsOn: c.startsAt.toISOString(),
      location: c.location,
      status: c.status,
    })),
    plannedMoves: (row.plan as { moves?: PlannedMove[] } | null)?.moves ?? [],
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

/**
 * The same cohort in another year: every date moves by whole years. A day the file names that lands
 * on a day off in the new year (the boot camp, a fixed camp, the start) moves on to the next working
 * day; each such move is returned to be told.
 */
export function shiftCohortYear(cohort: CohortFile, year: number): { cohort: CohortFile; moves: PlannedMove[] } {
  const months = 12 * (year - cohort.year);
  const shift = (d: LocalDate) => addMonths(d, months);
  const municipalities = cohort.municipalities.map((m) => ({ ...m, closingDays: m.closingDays.map(shift) }));
  const closing = closingDaysOf({ municipalities });
  const closingList = [...closing.keys()];
  const moves: PlannedMove[] = [];
  const place = (d: LocalDate, id: string, what: string): LocalDate => {
    const to = nextWorkingDay(d, closingList);
    if (to !== d) moves.push({ id, what, from: d, to, reason: dayOffReason(d, closing) ?? 'not a working day' });
    return to;
  };
  let bootCamp = cohort.bootCamp;
  if (bootCamp) {
    const first = place(shift(bootCamp.dates[0]!), `${cohort.id}-bootcamp`, 'the boot camp');
    bootCamp = { ...bootCamp, dates: campDays(first, bootCamp.dates.length, closingList) };
  }
  return {
    cohort: {
      ...cohort,
      year,
      startsOn: cohort.startsOn && place(shift(cohort.startsOn), 'startsOn', "the participants' start"),
      bootCamp,
      camps: cohort.camps?.map((c) => ({ ...c, date: place(shift(c.date), `${cohort.id}-${c.id}`, `camp ${cohort.id}-${c.id}`) })),
      municipalities,
      participants: cohort.participants?.map((p) => ({ ...p, referredOn: shift(p.referredOn) })),
    },
    moves,
  };
}

// ---- messages to a running cohort ----

function cohortHandle(ctx: OperationContext, cohortId: string) {
  return ctx.client.workflow.getHandle<typeof cohortWorkflow>(cohortWorkflowId(cohortId));
}

/** Sends an update; the workflow's rejections become OperationErrors naming the field. */
async function send(
  ctx: OperationContext,
  cohortId: string,
  call: (h: ReturnType<typeof cohortHandle>) => Promise<CohortSummary>,
): Promise<CohortSummary> {
  try {
    return await call(cohortHandle(ctx, cohortId));
  } catch (e) {
    if (e instanceof WorkflowUpdateFailedError && e.cause instanceof ApplicationFailure) {
      const field = e.cause.type === COHORT_REJECTION ? String(e.cause.details?.[0] ?? '') : undefined;
      throw new OperationError('conflict', 'COHORT_REJECTED', e.cause.message, field || undefined);
    }
    if (e instanceof WorkflowNotFoundError || (e as { name?: string }).name === 'WorkflowNotFoundError') {
      const row = await ctx.db.cohort.findUnique({ where: { id: cohortId }, select: { status: true } });
      if (!row) throw new OperationError('not-found', 'COHORT_NOT_FOUND', `no cohort with id ${cohortId}`, 'cohortId');
      throw new OperationError(
        'conflict',
        'COHORT_NOT_RUNNING',
        `cohort ${cohortId} is ${row.status.toLowerCase()}: its workflow no longer takes changes`,
        'cohortId',
      );
    }
    throw e;
  }
}

export function cohortSummary(ctx: OperationContext, cohortId: string): Promise<CohortSummary> {
  return send(ctx, cohortId, (h) => h.query(cohortSummaryQuery));
}

/** Sends a change to the cohort once the actor may change it. */
async function change(
  ctx: OperationContext,
  cohortId: string,
  action: string,
  call: (h: ReturnType<typeof cohortHandle>) => Promise<CohortSummary>,
): Promise<CohortSummary> {
  await requireCohort(ctx, cohortId, action);
  return send(ctx, cohortId, call);
}

/** Pauses every participant and company track of the cohort (they resume where they stood, their own deadlines shifted). */
export async function pauseCohort(ctx: OperationContext, cohortId: string, reason: string): Promise<CohortSummary> {
  if (!reason?.trim()) throw new OperationError('invalid', 'INVALID_INPUT', 'give a reason for the pause', 'reason');
  return withFreeText(
    ctx.db,
    { kind: 'pause-reason', entity: 'Cohort', entityId: cohortId, text: reason },
    (reasonId) => change(ctx, cohortId, 'pause cohort', (h) => h.executeUpdate(pauseAllUpdate, { args: [{ reasonId }] })),
    (e) => e instanceof OperationError,
  );
}

export function resumeCohort(ctx: OperationContext, cohortId: string): Promise<CohortSummary> {
  return change(ctx, cohortId, 'resume cohort', (h) => h.executeUpdate(resumeAllUpdate, { args: [] }));
}

/** Moves a camp for every company of the cohort: the row is changed once, every invitation told. */
export async function moveCohortCamp(
  ctx: OperationContext,
  cohortId: string,
  input: { campId: string; toDate: LocalDate; reason?: string },
): Promise<CohortSummary> {
  checkDate(input.toDate, 'toDate');
  const { reason, ...move } = input;
  return withOptionalFreeText(
    ctx.db,
    { kind: 'camp-move-reason', entity: 'Camp', entityId: input.campId, text: reason },
    (reasonId) => change(ctx, cohortId, 'move camp', (h) => h.executeUpdate(moveCampUpdate, { args: [{ ...move, reasonId }] })),
    (e) => e instanceof OperationError,
  );
}

export function cancelCohortCamp(
  ctx: OperationContext,
  cohortId: string,
  input: { campId: string; reason?: string },
): Promise<CohortSummary> {
  const { reason, ...cancel } = input;
  return withOptionalFreeText(
    ctx.db,
    { kind: 'camp-cancel-reason', entity: 'Camp', entityId: input.campId, text: reason },
    (reasonId) => change(ctx, cohortId, 'cancel camp', (h) => h.executeUpdate(cancelCampUpdate, { args: [{ ...cancel, reasonId }] })),
    (e) => e instanceof OperationError,
  );
}

/** Closes the cohort: no more enrolments or changes through it; its tracks run to their own ends. */
export function closeCohort(ctx: OperationContext, cohortId: string, reason?: string): Promise<CohortSummary> {
  return withOptionalFreeText(
    ctx.db,
    { kind: 'close-reason', entity: 'Cohort', entityId: cohortId, text: reason },
    (reasonId) => change(ctx, cohortId, 'close cohort', (h) => h.executeUpdate(closeCohortUpdate, { args: [{ reasonId }] })),
    (e) => e instanceof OperationError,
  );
}
