// The light company track of programmes without an accelerator (housing job-match, Business
// Training, SIB): one cooperation per company and partnership, each a workflow
// `cooperation-<partnershipId>-<cvr>` projected into its CompanyCooperation row. One operation per
// business action for every door (CLI, API, console, the company's follow-up link): start it (also
// started by the operations that register an opening, place a participant, log an employer contact
// or take a problem report), tell it a business event, answer its follow-up check, report and
// acknowledge a problem (through companies.ts's reportProblem and acknowledgeProblem), end it.
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import {
  companyCooperationWorkflowId,
  cooperationMessageUpdate,
  REJECTION,
  type CompanyCooperationInput,
  type CooperationCause,
  type CooperationMessage,
  type CooperationSummary,
} from '../../contracts/index.js';
import { dateOfUtcMidnight, localDateAt, utcMidnightOf, type LocalDate } from '../../domain/calendar.js';
import { COOPERATION_CAUSES, DEFAULT_COOPERATION_PLAN } from '../../domain/company-cooperation-agenda.js';
import { programmeSchema } from '../../domain/programme.js';
import { verifyCooperationCheckToken } from '../../links/cooperation-token.js';
import { closingDaysOf } from '../../prisma/closing-days.js';
import { storeFreeText } from '../../store/free-text.js';
import { companyCooperationWorkflow } from '../../workflows/index.js';
import type { OperationContext } from './context.js';
import { OperationError } from './operation-error.js';
import { auditActor, requireCohort } from './scope.js';

const todayOf = async (ctx: OperationContext): Promise<LocalDate> => localDateAt(await (ctx.now?.() ?? Date.now()));

export interface CooperationView {
  id: string;
  workflowId: string;
  cohortId: string;
  partnershipId: string;
  municipalityCode: string;
  cvr: string;
  companyName: string;
  startedOn: LocalDate;
  cause: string;
  status: 'ACTIVE' | 'ENDED';
  nextDeadlineOn: LocalDate | null;
  nextDeadlineWhat: string | null;
  summary: CooperationSummary | null;
}

const include = { company: true, partnership: true } as const;
type Row = NonNullable<Awaited<ReturnType<typeof loadRow>>>;
const loadRow = (ctx: OperationContext, id: string) => ctx.db.companyCooperation.findUnique({ where: { id }, include });

function viewOf(r: Row, summary?: CooperationSummary): CooperationView {
  return {
    id: r.id,
    workflowId: r.workflowId,
    cohortId: r.cohortId,
    partnershipId: r.partnershipId,
    municipalityCode: r.partnership.municipalityCode,
    cvr: r.company.cvr,
    companyName: r.company.name,
    startedOn: dateOfUtcMidnight(r.startedOn),
    cause: r.cause,
    status: summary?.status ?? r.status,
    nextDeadlineOn: summary ? (summary.nextDeadline?.on ?? null) : r.nextDeadlineOn ? dateOfUtcMidnight(r.nextDeadlineOn) : null,
    nextDeadlineWhat: summary ? (summary.nextDeadline?.what ?? null) : r.nextDeadlineWhat,
    summary: summary ?? (r.summary as CooperationSummary | null),
  };
}

/** The cohort's programme, and whether it follows its companies on the cooperation track (it has no accelerator). */
async function programmeOfCohort(ctx: OperationContext, cohortId: string) {
  const cohort = await ctx.db.cohort.findUnique({ where: { id: cohortId }, include: { programme: true } });
  if (!cohort) throw new OperationError('not-found', 'NOT_FOUND', `no cohort ${cohortId}`, 'cohortId');
  const programme = programmeSchema.parse(cohort.programme.config);
  return { cohort, programme, cooperates: !programme.company };
}

/** Whether a cohort's companies are followed by the cooperation track (its programme has no accelerator). */
export async function cohortCooperates(ctx: OperationContext, cohortId: string): Promise<boolean> {
  return (await programmeOfCohort(ctx, cohortId)).cooperates;
}

/**
 * The cooperation's row and a running workflow for it, started when missing or ended (idempotent:
 * a cooperation running already is left as it is). The row keeps the day the cooperation first began;
 * its status follows the workflow's projection.
 */
async function ensureCooperation(
  ctx: OperationContext,
  input: { cohortId: string; partnershipId: string; companyId: string; cvr: string; cause: CooperationCause; startedBy: string },
  message?: CooperationMessage,
  /** Only the row: the caller starts the workflow with its first message (ensureCooperation again). */
  rowOnly = false,
): Promise<Row> {
  const { programme } = await programmeOfCohort(ctx, input.cohortId);
  const today = await todayOf(ctx);
  const workflowId = companyCooperationWorkflowId(input.partnershipId, input.cvr);
  const key = { partnershipId_companyId: { partnershipId: input.partnershipId, companyId: input.companyId } };
  const row = await ctx.db.companyCooperation.upsert({
    where: key,
    update: {},
    create: {
      companyId: input.companyId,
      cohortId: input.cohortId,
      partnershipId: input.partnershipId,
      workflowId,
      startedOn: utcMidnightOf(today),
      cause: input.cause,
      startedBy: input.startedBy,
    },
    include,
  });
  if (rowOnly) return row;
  const closingDays = await closingDaysOf(ctx.db, { partnerships: { some: { id: input.partnershipId } } });
  const args: CompanyCooperationInput = {
    cooperationId: row.id,
    startedOn: today,
    cause: input.cause,
    plan: programme.cooperation ?? DEFAULT_COOPERATION_PLAN,
    closingDays,
    cohortId: input.cohortId,
    partnershipId: input.partnershipId,
    companyId: input.companyId,
    // A run begun after an earlier one (ended, or stopped by an operator) projects above the last summary.
    ...(row.summary ? { versionFrom: (row.summary as unknown as CooperationSummary).version + 1 } : {}),
    // A new run takes the event in its input: no update races the workflow's first task.
    ...(message ? { first: message } : {}),
  };
  // Started every time it is needed, so a start that failed once is made up by the next event.
  try {
    await ctx.client.workflow.start(companyCooperationWorkflow, { taskQueue: ctx.taskQueue, workflowId, args: [args] });
  } catch (e) {
    if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e;
    // Ended but still following a problem to its end: the same run begins again.
    if (row.status === 'ENDED') await tell(ctx, row, { type: 'restart' });
    if (message) await tell(ctx, row, message);
  }
  return row;
}

/** Tells the cooperation a business event; its refusal becomes an OperationError naming the field. */
async function tell(ctx: OperationContext, row: Row, message: CooperationMessage): Promise<CooperationSummary> {
  try {
    return await ctx.client.workflow.getHandle(row.workflowId).executeUpdate(cooperationMessageUpdate, { args: [message] });
  } catch (e) {
    if (e instanceof WorkflowUpdateFailedError && e.cause instanceof ApplicationFailure) {
      const field = e.cause.type === REJECTION.cooperation ? String(e.cause.details?.[0] ?? '') : undefined;
      throw new OperationError('conflict', 'REJECTED', e.cause.message, field || undefined);
    }
    if (e instanceof WorkflowNotFoundError)
      throw new OperationError('conflict', 'REJECTED', `the cooperation of CVR ${row.company.cvr} has ended`, 'cvr');
    throw e;
  }
}

/**
 * The hook of the operations that show a company cooperating (an opening registered, a participant
 * placed or hired, an employer contact logged): in a cohort whose programme has no accelerator, the
 * company's cooperation in the partnership is started when missing and told the event. Nothing
 * happens in a programme with an accelerator (its companies have the company track).
 */
export async function noteCooperation(
  ctx: OperationContext,
  input: { cohortId: string; partnershipId: string; companyId: string; cause: CooperationCause; message?: CooperationMessage },
): Promise<void> {
  if (!(await cohortCooperates(ctx, input.cohortId))) return;
  const company = await ctx.db.company.findUniqueOrThrow({ where: { id: input.companyId }, select: { cvr: true } });
  await ensureCooperation(ctx, { ...input, cvr: company.cvr, startedBy: auditActor(ctx.actor).actor }, input.message);
}

/**
 * The company's cooperation in a cohort: by the municipality when given, else the only cooperation or
 * partnership of the cohort the company has. `start` starts it when missing (a problem report does).
 */
export async function cooperationOf(
  ctx: OperationContext,
  input: { cohortId: string; cvr: string; municipalityCode?: string },
  start?: { cause: CooperationCause; startedBy: string; rowOnly?: boolean },
): Promise<Row> {
  const { cooperates, cohort } = await programmeOfCohort(ctx, input.cohortId);
  if (!cooperates)
    throw new OperationError(
      'conflict',
      'INVALID_STATE',
      `programme ${cohort.programmeId} of cohort ${input.cohortId} has an accelerator: its companies are followed on the company track`,
      'cohortId',
    );
  const company = await ctx.db.company.findUnique({ where: { cvr: input.cvr } });
  if (!company) throw new OperationError('not-found', 'NOT_FOUND', `no company with CVR ${input.cvr}`, 'cvr');
  const inMunicipality = input.municipalityCode ? { municipalityCode: input.municipalityCode } : {};
  const rows = await ctx.db.companyCooperation.findMany({
    where: { cohortId: input.cohortId, companyId: company.id, partnership: inMunicipality },
    include,
    orderBy: { partnershipId: 'asc' },
  });
  const ambiguous = () =>
    new OperationError(
      'invalid',
      'INVALID_INPUT',
      `CVR ${input.cvr} cooperates in several municipalities: name the municipality`,
      'municipalityCode',
    );
  if (rows.length > 1) throw ambiguous();
  if (rows[0] && (rows[0].status === 'ACTIVE' || !start) && !start?.rowOnly) return rows[0];
  const notFound = () =>
    new OperationError(
      'not-found',
      'NOT_FOUND',
      input.municipalityCode
        ? `no cooperation with CVR ${input.cvr} in municipality ${input.municipalityCode} of cohort ${input.cohortId}`
        : `CVR ${input.cvr} has no cooperation and belongs to no partnership of cohort ${input.cohortId}: name the municipality`,
      input.municipalityCode ? 'municipalityCode' : 'cvr',
    );
  if (!start) throw notFound();
  let partnershipId = rows[0]?.partnershipId;
  if (!partnershipId) {
    const partnerships = await ctx.db.partnership.findMany({
      where: {
        cohortId: input.cohortId,
        ...inMunicipality,
        ...(input.municipalityCode ? {} : { companies: { some: { companyId: company.id } } }),
      },
      select: { id: true },
    });
    if (partnerships.length > 1) throw ambiguous();
    if (partnerships.length === 0) throw notFound();
    partnershipId = partnerships[0]!.id;
  }
  const { rowOnly, ...how } = start;
  return ensureCooperation(
    ctx,
    { cohortId: input.cohortId, partnershipId, companyId: company.id, cvr: company.cvr, ...how },
    undefined,
    rowOnly,
  );
}

export interface StartCooperationInput {
  cohortId: string;
  cvr: string;
  /** The partnership's municipality (needed when the company belongs to none of the cohort's partnerships, or several). */
  municipalityCode?: string;
}

/** A coordinator starts a company's cooperation by hand (idempotent: a running one is answered as it is). */
export async function startCooperation(ctx: OperationContext, input: StartCooperationInput): Promise<CooperationView> {
  await requireCohort(ctx, input.cohortId, 'start cooperation');
  const row = await cooperationOf(ctx, input, { cause: 'COORDINATOR', startedBy: auditActor(ctx.actor).actor });
  return viewOf((await loadRow(ctx, row.id))!);
}

/** The company's cooperation ends (it is answered once the workflow has taken the end); a problem still open is followed to its end. */
export async function endCooperation(ctx: OperationContext, input: StartCooperationInput): Promise<CooperationView> {
  await requireCohort(ctx, input.cohortId, 'end cooperation');
  const row = await cooperationOf(ctx, input);
  if (row.status === 'ENDED')
    throw new OperationError('conflict', 'REJECTED', `the cooperation of CVR ${input.cvr} has ended already`, 'cvr');
  const summary = await tell(ctx, row, { type: 'end' });
  await ctx.db.auditLog.create({
    data: { ...auditActor(ctx.actor), action: 'company.cooperation-ended', entity: 'CompanyCooperation', entityId: row.id, details: {} },
  });
  return viewOf((await loadRow(ctx, row.id))!, summary);
}

/** The cohort's cooperations, by company. */
export async function listCooperations(ctx: OperationContext, cohortId: string): Promise<CooperationView[]> {
  await requireCohort(ctx, cohortId, 'list cooperations');
  const rows = await ctx.db.companyCooperation.findMany({
    where: { cohortId },
    include,
    orderBy: [{ company: { cvr: 'asc' } }, { partnershipId: 'asc' }],
  });
  return rows.map((r) => viewOf(r));
}

/**
 * A problem report of a company in a programme without an accelerator (reportProblem's second road):
 * its cooperation is started when needed, the text stored in FreeText and the report in the audit log
 * with the text's id, and the cooperation told at once (it mails the employment actor). A report the
 * cooperation refuses (its check answered meanwhile) leaves neither behind.
 */
export async function reportCooperationProblem(
  ctx: OperationContext,
  input: {
    cohortId: string;
    cvr: string;
    municipalityCode?: string;
    description: string;
    participantTrackId?: string;
    reportedBy: string;
    checkNo?: number;
  },
): Promise<{ reportId: string; cooperationId: string }> {
  const row = await cooperationOf(ctx, input, { cause: 'PROBLEM_REPORT', startedBy: input.reportedBy, rowOnly: true });
  const descriptionId = await storeFreeText(ctx.db, {
    kind: 'problem-report',
    entity: 'CompanyCooperation',
    entityId: row.id,
    text: input.description,
  });
  const report = await ctx.db.auditLog.create({
    data: {
      actor: input.reportedBy,
      role: 'COMPANY',
      action: 'company.problem-report',
      entity: 'CompanyCooperation',
      entityId: row.id,
      details: { descriptionId, participantTrackId: input.participantTrackId ?? null, checkNo: input.checkNo ?? null },
    },
  });
  const reportId = report.id.toString();
  // An ended cooperation's check link still reports the problem, as a report of that check.
  const message: CooperationMessage =
    input.checkNo !== undefined && row.status === 'ACTIVE'
      ? { type: 'check-answered', checkNo: input.checkNo, answer: 'PROBLEM', reportId }
      : { type: 'problem-reported', reportId, ...(input.checkNo !== undefined ? { checkNo: input.checkNo } : {}) };
  try {
    // Started with the report when not running; told it when running.
    await ensureCooperation(
      ctx,
      {
        cohortId: row.cohortId,
        partnershipId: row.partnershipId,
        companyId: row.companyId,
        cvr: row.company.cvr,
        cause: 'PROBLEM_REPORT',
        startedBy: input.reportedBy,
      },
      message,
    );
  } catch (e) {
    if (e instanceof OperationError) {
      await ctx.db.auditLog.delete({ where: { id: report.id } }).catch(() => undefined);
      await ctx.db.freeText.delete({ where: { id: descriptionId } }).catch(() => undefined);
    }
    throw e;
  }
  return { reportId, cooperationId: row.id };
}

/** The employment actor (or a coordinator for it) acknowledges a problem report of a cooperation: its reminder and escalation stop. */
export async function acknowledgeCooperationProblem(
  ctx: OperationContext,
  input: { cohortId: string; cvr: string; reportId: string; acknowledgedBy: string },
): Promise<CooperationSummary> {
  const company = await ctx.db.company.findUnique({ where: { cvr: input.cvr }, select: { id: true } });
  if (!company) throw new OperationError('not-found', 'NOT_FOUND', `no company with CVR ${input.cvr}`, 'cvr');
  const report = /^\d+$/.test(input.reportId) ? await ctx.db.auditLog.findUnique({ where: { id: BigInt(input.reportId) } }) : null;
  const row =
    report?.action === 'company.problem-report' && report.entity === 'CompanyCooperation' && report.entityId
      ? await loadRow(ctx, report.entityId)
      : null;
  if (!row || row.cohortId !== input.cohortId || row.companyId !== company.id)
    throw new OperationError(
      'not-found',
      'NOT_FOUND',
      `no problem report ${input.reportId} of CVR ${input.cvr} in cohort ${input.cohortId}`,
      'reportId',
    );
  const summary = await tell(ctx, row, { type: 'problem-acknowledged', reportId: input.reportId });
  await ctx.db.auditLog.create({
    data: {
      actor: input.acknowledgedBy,
      role: 'EMPLOYMENT_ACTOR',
      action: 'company.problem-acknowledged',
      entity: 'CompanyCooperation',
      entityId: row.id,
      details: { reportId: input.reportId },
    },
  });
  return summary;
}

// ---- the company's follow-up link ----

export type CooperationLinkContext = OperationContext & { linkSecret: string };

export interface CooperationLinkView {
  cooperationId: string;
  checkNo: number;
  cohortId: string;
  cvr: string;
  companyName: string;
  weeks: number | null;
  /** The check has been sent (a link to a check not yet asked records nothing). */
  asked: boolean;
  answer: 'WELL' | 'PROBLEM' | null;
}

/** What a follow-up link stands for, read from the database; a forged link throws before any look-up. */
export async function cooperationLink(ctx: CooperationLinkContext, token: string): Promise<CooperationLinkView> {
  const { cooperationId, checkNo } = verifyCooperationCheckToken(ctx.linkSecret, token);
  const row = await loadRow(ctx, cooperationId);
  if (!row) throw new OperationError('not-found', 'NOT_FOUND', 'no cooperation for this link', 'token');
  const check = (row.summary as CooperationSummary | null)?.checks.find((c) => c.checkNo === checkNo);
  if (!check) throw new OperationError('not-found', 'NOT_FOUND', 'no follow-up check for this link', 'token');
  return {
    cooperationId,
    checkNo,
    cohortId: row.cohortId,
    cvr: row.company.cvr,
    companyName: row.company.name,
    weeks: check.weeks,
    asked: Boolean(check.askedOn),
    answer: check.answer ?? null,
  };
}

/**
 * The company answers its follow-up check by the link: all is well (the check is answered), or a
 * problem, which goes through the one reportProblem operation (the employment actor hears at once).
 */
export async function answerCooperationCheck(
  ctx: CooperationLinkContext,
  input: { token: string; answer: 'WELL' | 'PROBLEM'; description?: string },
  reportProblem: (input: {
    cohortId: string;
    cvr: string;
    municipalityCode: string;
    description: string;
    reportedBy: string;
    checkNo: number;
  }) => Promise<{ reportId: string }>,
): Promise<{ link: CooperationLinkView; reportId: string | null }> {
  if (input.answer !== 'WELL' && input.answer !== 'PROBLEM')
    throw new OperationError('invalid', 'INVALID_INPUT', 'answer must be WELL or PROBLEM', 'answer');
  if (input.answer === 'PROBLEM' && !input.description?.trim())
    throw new OperationError('invalid', 'INVALID_INPUT', 'describe the problem', 'description');
  const link = await cooperationLink(ctx, input.token);
  if (link.answer) throw new OperationError('conflict', 'REJECTED', `follow-up check ${link.checkNo} is answered already`, 'checkNo');
  const row = (await loadRow(ctx, link.cooperationId))!;
  if (input.answer === 'WELL') {
    if (row.status === 'ENDED') throw new OperationError('expired', 'LINK_EXPIRED', 'the cooperation has ended', 'token');
    await tell(ctx, row, { type: 'check-answered', checkNo: link.checkNo, answer: 'WELL' });
    return { link: { ...link, answer: 'WELL' }, reportId: null };
  }
  const { reportId } = await reportProblem({
    cohortId: row.cohortId,
    cvr: row.company.cvr,
    municipalityCode: row.partnership.municipalityCode,
    description: input.description!,
    reportedBy: `link:${row.company.cvr}`,
    checkNo: link.checkNo,
  });
  return { link: { ...link, answer: 'PROBLEM' }, reportId };
}

export const isCooperationCause = (c: string): c is CooperationCause => (COOPERATION_CAUSES as readonly string[]).includes(c);
