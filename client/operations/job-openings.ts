// Job openings and matching (housing job-match; IPS job development), one operation per business
// action for every door (CLI, API, console, the company's personal links): a company, or a housing
// association on its behalf, registers an opening (a JobOpening row and its workflow
// `job-opening-<id>`); the jobcentre's job consultant proposes a resident (a JobMatch row and the
// workflow's update); the company accepts or declines; an acceptance is the hire, recorded as the
// participant's outcome through the track's own outcome door, so the ledger and the follow-ups follow.
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { dateOfUtcMidnight, localDateAt, utcMidnightOf, type LocalDate } from '../../domain/calendar.js';
import { HIRE_OUTCOME, JOB_KIND_LABELS, needsHours } from '../../domain/job-kinds.js';
import { JOB_KINDS, programmeSchema, type JobKind } from '../../domain/programme.js';
import { TRAINING_PHASES } from '../../domain/participant-track-state.js';
import { closingDaysOf } from '../../prisma/closing-days.js';
import {
  answerMatchUpdate,
  jobOpeningInvitationWorkflowId,
  jobOpeningSummaryQuery,
  jobOpeningWorkflowId,
  proposeMatchUpdate,
  REJECTION,
  withdrawOpeningUpdate,
  type JobOpeningInput,
  type JobOpeningSummary,
} from '../../contracts/index.js';
import { jobOpeningInvitationWorkflow, jobOpeningWorkflow } from '../../workflows/index.js';
import type { OperationContext } from './context.js';
import { OperationError } from './operation-error.js';
import { noteCooperation } from './company-cooperation.js';
import { proposalAsFirstEmployerContact } from './job-opening-employer-contact.js';
import { participantSummary, recordParticipantOutcome } from './participants.js';
import { auditActor, programmesOf, requireCohort } from './scope.js';

const TITLE_MAX = 200;
const todayOf = async (ctx: OperationContext): Promise<LocalDate> => localDateAt(await (ctx.now?.() ?? Date.now()));

export interface RegisterJobOpeningInput {
  cohortId: string;
  /** The company's CVR number; the company must be in a partnership of the cohort. */
  cvr: string;
  kind: string;
  /** What the job is, e.g. "Elev, ejendomsservice" (no personal data). */
  title: string;
  /** Needed for a flex job or a job of few hours (the hire is a partial job, paid pro rata). */
  hoursPerWeek?: number;
  /** A housing association of the cohort registers on behalf of a company that serves it. */
  housingAssociationId?: string;
  /** Who registers: `link:<cvr>` for the company's link; otherwise the actor's name. */
  registeredBy?: string;
}

export interface JobOpeningView {
  id: string;
  workflowId: string;
  cohortId: string;
  municipalityCode: string | null;
  cvr: string;
  companyName: string;
  housingAssociationId: string | null;
  kind: JobKind;
  kindLabel: string;
  title: string;
  hoursPerWeek: number | null;
  openedOn: LocalDate;
  status: 'OPEN' | 'FILLED' | 'WITHDRAWN';
  registeredBy: string;
  nextDeadlineOn: LocalDate | null;
  nextDeadlineWhat: string | null;
  closedOn: LocalDate | null;
  matches: { id: string; trackId: string; status: string; proposedOn: LocalDate; decidedOn: LocalDate | null; outcomeId: string | null }[];
}

const openingInclude = { company: true, partnership: true, matches: { orderBy: { proposedOn: 'asc' as const } } } as const;

type OpeningRow = NonNullable<Awaited<ReturnType<typeof loadOpening>>>;
function loadOpening(ctx: OperationContext, openingId: string) {
  return ctx.db.jobOpening.findUnique({ where: { id: openingId }, include: openingInclude });
}

function viewOf(o: OpeningRow): JobOpeningView {
  return {
    id: o.id,
    workflowId: o.workflowId ?? jobOpeningWorkflowId(o.id),
    cohortId: o.cohortId ?? '',
    municipalityCode: o.partnership?.municipalityCode ?? null,
    cvr: o.company.cvr,
    companyName: o.company.name,
    housingAssociationId: o.housingAssociationId,
    kind: o.kind,
    kindLabel: JOB_KIND_LABELS[o.kind],
    title: o.title,
    hoursPerWeek: o.hoursPerWeek === null ? null : Number(o.hoursPerWeek),
    openedOn: dateOfUtcMidnight(o.openedOn),
    status: o.status,
    registeredBy: o.registeredBy,
    nextDeadlineOn: o.nextDeadlineOn ? dateOfUtcMidnight(o.nextDeadlineOn) : null,
    nextDeadlineWhat: o.nextDeadlineWhat,
    closedOn: o.closedOn ? dateOfUtcMidnight(o.closedOn) : null,
    matches: o.matches.map((m) => ({
      id: m.id,
      trackId: m.participantTrackId,
      status: m.status,
      proposedOn: dateOfUtcMidnight(m.proposedOn),
      decidedOn: m.decidedOn ? dateOfUtcMidnight(m.decidedOn) : null,
      outcomeId: m.outcomeId,
    })),
  };
}

/** A company actor acts for its own CVR number only; refusals are audited. */
async function requireCompany(ctx: OperationContext, cvr: string, action: string, entity: { entity: string; entityId: string }) {
  const actor = ctx.actor;
  if (actor?.role !== 'company') return false;
  if (actor.scope.cvr === cvr) return true;
  const reason = `company ${actor.sub} acts for CVR ${actor.scope.cvr ?? '(none)'} only, not for ${cvr}`;
  await ctx.db.auditLog.create({ data: { ...auditActor(actor), action, ...entity, allowed: false, details: { reason } } });
  throw new OperationError('forbidden', 'FORBIDDEN', reason, 'cvr');
}

/**
 * The job consultant (a staff member of the partnership's employment actor), a coordinator of the
 * cohort's programme, an operator or the system may propose; anyone else is refused (audited).
 */
async function requireProposer(ctx: OperationContext, o: OpeningRow, action: string): Promise<void> {
  const actor = ctx.actor;
  if (!actor || actor.role === 'operator') return;
  const entity = { entity: 'JobOpening', entityId: o.id };
  if (actor.role === 'coordinator') return requireCohort(ctx, o.cohortId ?? '', action);
  let reason = `${actor.role} ${actor.sub} may not propose residents for openings`;
  if (actor.role === 'staff') {
    const staff = actor.scope.staffMemberId
      ? await ctx.db.staffMember.findUnique({
          where: { id: actor.scope.staffMemberId },
          select: { employmentActorId: true, deactivatedAt: true },
        })
      : null;
    if (staff && !staff.deactivatedAt && staff.employmentActorId === o.partnership?.employmentActorId) return;
    reason = `staff ${actor.sub} works for no employment actor of the partnership of opening ${o.id}`;
  }
  await ctx.db.auditLog.create({ data: { ...auditActor(actor), action, ...entity, allowed: false, details: { reason } } });
  throw new OperationError('forbidden', 'FORBIDDEN', reason, 'openingId');
}

/** Turns the opening workflow's rejections into OperationErrors naming their field. */
async function send<T>(openingId: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    if (e instanceof WorkflowUpdateFailedError && e.cause instanceof ApplicationFailure) {
      const field = e.cause.type === REJECTION.jobOpening ? String(e.cause.details?.[0] ?? '') : undefined;
      throw new OperationError('conflict', 'REJECTED', e.cause.message, field || undefined);
    }
    if (e instanceof WorkflowNotFoundError)
      throw new OperationError('conflict', 'REJECTED', `opening ${openingId} is closed: its workflow has ended`, 'openingId');
    throw e;
  }
}

const handleOf = (ctx: OperationContext, openingId: string) =>
  ctx.client.workflow.getHandle<typeof jobOpeningWorkflow>(jobOpeningWorkflowId(openingId));

/** The cohort's programme's job-opening plan; a cohort whose programme has none takes no openings. */
async function openingPlanOf(ctx: OperationContext, cohortId: string) {
  const cohort = await ctx.db.cohort.findUnique({ where: { id: cohortId }, include: { programme: true } });
  if (!cohort) throw new OperationError('not-found', 'NOT_FOUND', `no cohort ${cohortId}`, 'cohortId');
  const programme = programmeSchema.safeParse(cohort.programme.config);
  const plan = programme.success ? programme.data.jobOpenings : undefined;
  if (!plan)
    throw new OperationError(
      'invalid',
      'NO_JOB_OPENINGS',
      `programme ${cohort.programmeId} of cohort ${cohortId} takes no job openings`,
      'cohortId',
    );
  if (cohort.status === 'CLOSED') throw new OperationError('conflict', 'COHORT_CLOSED', `cohort ${cohortId} is closed`, 'cohortId');
  return { cohort, plan };
}

/** Registers an opening and starts its workflow. Every field is checked before anything is written. */
export async function registerJobOpening(ctx: OperationContext, input: RegisterJobOpeningInput): Promise<JobOpeningView> {
  const action = 'register job opening';
  const { cohort, plan } = await openingPlanOf(ctx, input.cohortId);
  if (ctx.actor?.role !== 'company') await requireCohort(ctx, cohort.id, action);
  const byCompany = await requireCompany(ctx, input.cvr, action, { entity: 'Cohort', entityId: cohort.id });
  if (!(JOB_KINDS as readonly string[]).includes(input.kind))
    throw new OperationError('invalid', 'INVALID_INPUT', `kind: one of ${JOB_KINDS.join(', ')}`, 'kind');
  const kind = input.kind as JobKind;
  if (!plan.kinds.includes(kind))
    throw new OperationError(
      'invalid',
      'INVALID_INPUT',
      `programme ${cohort.programmeId} takes openings of the kinds ${plan.kinds.join(', ')}, not ${kind}`,
      'kind',
    );
  const title = typeof input.title === 'string' ? input.title.trim() : '';
  if (!title) throw new OperationError('invalid', 'INVALID_INPUT', 'title is required', 'title');
  if (title.length > TITLE_MAX) throw new OperationError('invalid', 'INVALID_INPUT', `title: at most ${TITLE_MAX} characters`, 'title');
  const hours = input.hoursPerWeek;
  if (hours !== undefined && !(typeof hours === 'number' && hours > 0 && hours <= 80))
    throw new OperationError('invalid', 'INVALID_INPUT', 'hoursPerWeek: more than 0 and at most 80', 'hoursPerWeek');
  if (needsHours(kind) && hours === undefined)
    throw new OperationError(
      'invalid',
      'INVALID_INPUT',
      `a ${JOB_KIND_LABELS[kind].toLowerCase()} needs its hours a week (the hire is paid pro rata)`,
      'hoursPerWeek',
    );
  const membership = await ctx.db.partnershipCompany.findFirst({
    where: { company: { cvr: input.cvr }, partnership: { cohortId: cohort.id } },
    include: { company: true, partnership: true },
  });
  if (!membership) {
    if (byCompany)
      throw new OperationError('forbidden', 'FORBIDDEN', `CVR ${input.cvr} is in no partnership of cohort ${cohort.id}`, 'cvr');
    throw new OperationError('not-found', 'NOT_FOUND', `no company with CVR ${input.cvr} in a partnership of cohort ${cohort.id}`, 'cvr');
  }
  if (input.housingAssociationId !== undefined) {
    const serves = await ctx.db.housingAssociationCompany.findUnique({
      where: { associationId_companyId: { associationId: input.housingAssociationId, companyId: membership.companyId } },
      include: { association: true },
    });
    if (!serves || serves.association.partnershipId !== membership.partnershipId)
      throw new OperationError(
        'invalid',
        'INVALID_INPUT',
        `housing association ${input.housingAssociationId} is not one the company with CVR ${input.cvr} serves in cohort ${cohort.id}`,
        'housingAssociationId',
      );
  }
  const openedOn = await todayOf(ctx);
  const registeredBy =
    input.registeredBy ?? (input.housingAssociationId ? `association:${input.housingAssociationId}` : (ctx.actor?.sub ?? 'system'));
  const row = await ctx.db.jobOpening.create({
    data: {
      companyId: membership.companyId,
      cohortId: cohort.id,
      partnershipId: membership.partnershipId,
      housingAssociationId: input.housingAssociationId ?? null,
      kind,
      title,
      hoursPerWeek: hours ?? null,
      openedOn: utcMidnightOf(openedOn),
      registeredBy,
    },
  });
  const workflowId = jobOpeningWorkflowId(row.id);
  const closingDays = await closingDaysOf(ctx.db, { partnerships: { some: { id: membership.partnershipId } } });
  const workflowInput: JobOpeningInput = {
    openingId: row.id,
    kind,
    matchWithinWorkingDays: plan.matchWithinWorkingDays,
    answerWithinWorkingDays: plan.answerWithinWorkingDays,
    closingDays,
    cohortId: cohort.id,
    partnershipId: membership.partnershipId,
  };
  try {
    await ctx.client.workflow.start(jobOpeningWorkflow, { taskQueue: ctx.taskQueue, workflowId, args: [workflowInput] });
  } catch (e) {
    // Nothing half-done: an opening without its workflow is removed again.
    await ctx.db.jobOpening.delete({ where: { id: row.id } });
    throw e;
  }
  await ctx.db.jobOpening.update({ where: { id: row.id }, data: { workflowId } });
  // Without an accelerator, an opening is cooperation with the company (the light company track).
  await noteCooperation(ctx, {
    cohortId: cohort.id,
    partnershipId: membership.partnershipId,
    companyId: membership.companyId,
    cause: 'JOB_OPENING',
    message: { type: 'opening', openingId: row.id },
  });
  return viewOf((await loadOpening(ctx, row.id))!);
}

export async function jobOpening(ctx: OperationContext, openingId: string): Promise<JobOpeningView> {
  const o = await loadOpening(ctx, openingId);
  if (!o) throw new OperationError('not-found', 'NOT_FOUND', `no job opening ${openingId}`, 'openingId');
  const actor = ctx.actor;
  if (actor?.role === 'company' && actor.scope.cvr !== o.company.cvr)
    throw new OperationError('not-found', 'NOT_FOUND', `no job opening ${openingId}`, 'openingId');
  if (actor?.role === 'coordinator' && !(programmesOf(actor) ?? []).includes((await programmeOf(ctx, o.cohortId))!))
    throw new OperationError('not-found', 'NOT_FOUND', `no job opening ${openingId}`, 'openingId');
  return viewOf(o);
}

async function programmeOf(ctx: OperationContext, cohortId: string | null): Promise<string | undefined> {
  if (!cohortId) return undefined;
  return (await ctx.db.cohort.findUnique({ where: { id: cohortId }, select: { programmeId: true } }))?.programmeId;
}

/** The cohort's openings, newest first, optionally of one status; a company sees its own only. */
export async function listJobOpenings(
  ctx: OperationContext,
  input: { cohortId: string; status?: string; cvr?: string },
): Promise<JobOpeningView[]> {
  const cohort = await ctx.db.cohort.findUnique({ where: { id: input.cohortId }, select: { programmeId: true } });
  if (!cohort) throw new OperationError('not-found', 'NOT_FOUND', `no cohort ${input.cohortId}`, 'cohortId');
  if (ctx.actor?.role === 'coordinator' && !(programmesOf(ctx.actor) ?? []).includes(cohort.programmeId))
    throw new OperationError('not-found', 'NOT_FOUND', `no cohort ${input.cohortId}`, 'cohortId');
  if (input.status !== undefined && !['OPEN', 'FILLED', 'WITHDRAWN'].includes(input.status))
    throw new OperationError('invalid', 'INVALID_INPUT', 'status: one of OPEN, FILLED, WITHDRAWN', 'status');
  const cvr = ctx.actor?.role === 'company' ? ctx.actor.scope.cvr : input.cvr;
  const rows = await ctx.db.jobOpening.findMany({
    where: {
      cohortId: input.cohortId,
      ...(input.status ? { status: input.status as 'OPEN' | 'FILLED' | 'WITHDRAWN' } : {}),
      ...(cvr ? { company: { cvr } } : {}),
    },
    include: openingInclude,
    orderBy: [{ openedOn: 'desc' }, { id: 'asc' }],
  });
  return rows.map(viewOf);
}

/**
 * The job consultant proposes a resident (a participant track of the opening's city partnership, still
 * in training) for an opening. The company gets a mail with the resident's name and its answer links.
 */
export async function proposeJobMatch(
  ctx: OperationContext,
  input: { openingId: string; trackId: string },
): Promise<{ matchId: string; opening: JobOpeningSummary; firstEmployerContactOn?: LocalDate }> {
  const o = await loadOpening(ctx, input.openingId);
  if (!o) throw new OperationError('not-found', 'NOT_FOUND', `no job opening ${input.openingId}`, 'openingId');
  await requireProposer(ctx, o, 'propose resident');
  if (o.status !== 'OPEN') throw new OperationError('conflict', 'REJECTED', `opening ${o.id} is ${o.status.toLowerCase()}`, 'openingId');
  const track = await ctx.db.participantTrack.findUnique({ where: { id: input.trackId }, select: { partnershipId: true, phase: true } });
  if (!track) throw new OperationError('not-found', 'NOT_FOUND', `no participant track ${input.trackId}`, 'trackId');
  if (track.partnershipId !== o.partnershipId)
    throw new OperationError(
      'invalid',
      'INVALID_INPUT',
      `track ${input.trackId} belongs to another partnership than opening ${o.id}`,
      'trackId',
    );
  if (!(TRAINING_PHASES as readonly string[]).includes(track.phase))
    throw new OperationError(
      'conflict',
      'REJECTED',
      `track ${input.trackId} is in phase ${track.phase}: only a resident still in training can be hired`,
      'trackId',
    );
  if (o.matches.some((m) => m.participantTrackId === input.trackId))
    throw new OperationError('conflict', 'REJECTED', `track ${input.trackId} has been proposed for opening ${o.id} already`, 'trackId');
  const proposedOn = await todayOf(ctx);
  const match = await ctx.db.jobMatch.create({
    data: {
      openingId: o.id,
      participantTrackId: input.trackId,
      proposedOn: utcMidnightOf(proposedOn),
      proposedBy: ctx.actor?.sub ?? 'system',
    },
  });
  let opening: JobOpeningSummary;
  try {
    opening = await send(o.id, () =>
      handleOf(ctx, o.id).executeUpdate(proposeMatchUpdate, { args: [{ matchId: match.id, trackId: input.trackId }] }),
    );
  } catch (e) {
    await ctx.db.jobMatch.delete({ where: { id: match.id } });
    throw e;
  }
  // The workflow's day is the proposal's (its clock judges every date of the opening).
  const on = opening.proposals.find((p) => p.matchId === match.id)?.proposedOn ?? proposedOn;
  const firstEmployerContactOn = await proposalAsFirstEmployerContact(ctx, input.trackId, on);
  return { matchId: match.id, opening, ...(firstEmployerContactOn ? { firstEmployerContactOn } : {}) };
}

export interface AnswerJobMatchInput {
  matchId: string;
  accepted: boolean;
  /** `link:<cvr>` when answered by the company's link. */
  answeredBy?: string;
}

/**
 * The company's answer to a proposal. A yes is the hire: the resident's track is checked first (still
 * in training, no outcome yet), so a track that cannot take the hire leaves the proposal unanswered;
 * then the opening takes the answer on its own day, and that day the hire is recorded as the
 * participant's outcome (the opening's kind decides which: HIRE_OUTCOME) through the track's outcome
 * door, with the ledger entry and the follow-ups that door brings. A yes retried after the opening took
 * it records the outcome it is missing, once.
 */
export async function answerJobMatch(
  ctx: OperationContext,
  input: AnswerJobMatchInput,
): Promise<{ matchId: string; status: 'ACCEPTED' | 'DECLINED'; outcomeId: string | null; opening: JobOpeningSummary }> {
  const match = await ctx.db.jobMatch.findUnique({
    where: { id: input.matchId },
    include: { opening: { include: { company: true } } },
  });
  if (!match) throw new OperationError('not-found', 'NOT_FOUND', `no proposal ${input.matchId}`, 'matchId');
  const o = match.opening;
  const action = 'answer job match';
  if (!(await requireCompany(ctx, o.company.cvr, action, { entity: 'JobMatch', entityId: match.id })) && o.cohortId)
    await requireCohort(ctx, o.cohortId, action);
  // The system records the hire: the actor's scope on the proposal was checked above.
  const system: OperationContext = { ...ctx, actor: undefined };
  const hire = async (on: LocalDate): Promise<string | null> => {
    const summary = await recordParticipantOutcome(system, match.participantTrackId, {
      kind: HIRE_OUTCOME[o.kind],
      occurredOn: on,
      ...(o.hoursPerWeek === null ? {} : { hoursPerWeek: Number(o.hoursPerWeek) }),
      evidenceRef: `job opening ${o.id}: proposal ${match.id} accepted by ${input.answeredBy ?? ctx.actor?.sub ?? 'system'}`,
    });
    const outcomeId = [...summary.outcomes].reverse().find((x) => x.kind !== 'RETENTION')?.outcomeId ?? null;
    await ctx.db.jobMatch.update({ where: { id: match.id }, data: { status: 'ACCEPTED', outcomeId } });
    return outcomeId;
  };
  if (match.status === 'ACCEPTED' && input.accepted && !match.outcomeId && match.decidedOn) {
    const outcomeId = await hire(dateOfUtcMidnight(match.decidedOn));
    return { matchId: match.id, status: 'ACCEPTED', outcomeId, opening: await jobOpeningState(system, o.id) };
  }
  if (match.status !== 'PROPOSED')
    throw new OperationError('conflict', 'REJECTED', `proposal ${match.id} is ${match.status.toLowerCase()} already`, 'matchId');
  if (o.status !== 'OPEN') throw new OperationError('conflict', 'REJECTED', `opening ${o.id} is ${o.status.toLowerCase()}`, 'matchId');
  if (input.accepted) {
    const track = await participantSummary(system, match.participantTrackId);
    const recorded = track.outcomes.find((x) => x.kind !== 'RETENTION');
    if (recorded)
      throw new OperationError(
        'conflict',
        'REJECTED',
        `track ${match.participantTrackId} has its outcome already (${recorded.kind} on ${recorded.occurredOn}): the resident cannot be hired through this proposal`,
        'matchId',
      );
    if (!(TRAINING_PHASES as readonly string[]).includes(track.phase))
      throw new OperationError('conflict', 'REJECTED', `track ${match.participantTrackId} has ended (${track.phase})`, 'matchId');
  }
  const opening = await send(o.id, () =>
    handleOf(ctx, o.id).executeUpdate(answerMatchUpdate, { args: [{ matchId: match.id, accepted: input.accepted }] }),
  );
  const decidedOn = opening.proposals.find((p) => p.matchId === match.id)?.decidedOn;
  await ctx.db.jobMatch.update({
    where: { id: match.id },
    data: { status: input.accepted ? 'ACCEPTED' : 'DECLINED', decidedOn: decidedOn ? utcMidnightOf(decidedOn) : null },
  });
  const outcomeId = input.accepted && decidedOn ? await hire(decidedOn) : null;
  if (input.accepted && o.cohortId && o.partnershipId)
    await noteCooperation(system, {
      cohortId: o.cohortId,
      partnershipId: o.partnershipId,
      companyId: o.companyId,
      cause: 'JOB_OPENING',
      message: { type: 'hire', trackId: match.participantTrackId },
    });
  return { matchId: match.id, status: input.accepted ? 'ACCEPTED' : 'DECLINED', outcomeId, opening };
}

/** The company or the coordinator withdraws an opening; its workflow closes. */
export async function withdrawJobOpening(ctx: OperationContext, openingId: string): Promise<JobOpeningSummary> {
  const o = await loadOpening(ctx, openingId);
  if (!o) throw new OperationError('not-found', 'NOT_FOUND', `no job opening ${openingId}`, 'openingId');
  const action = 'withdraw job opening';
  if (!(await requireCompany(ctx, o.company.cvr, action, { entity: 'JobOpening', entityId: o.id })) && o.cohortId)
    await requireCohort(ctx, o.cohortId, action);
  return send(o.id, () => handleOf(ctx, o.id).executeUpdate(withdrawOpeningUpdate, { args: [] }));
}

/** The opening's live state from its workflow, or the last projection once it has closed. */
export async function jobOpeningState(ctx: OperationContext, openingId: string): Promise<JobOpeningSummary> {
  const o = await jobOpening(ctx, openingId);
  try {
    return await handleOf(ctx, o.id).query(jobOpeningSummaryQuery);
  } catch (e) {
    if (!(e instanceof WorkflowNotFoundError)) throw e;
    const row = await ctx.db.jobOpening.findUnique({ where: { id: o.id }, select: { summary: true } });
    if (!row?.summary) throw new OperationError('not-found', 'NOT_FOUND', `job opening ${o.id} has no state yet`, 'openingId');
    return row.summary as unknown as JobOpeningSummary;
  }
}

/**
 * Mails the cohort's companies (or the one named) their personal link to register openings, once per
 * company: a second request finds the first mail's workflow and sends nothing.
 */
export async function inviteCompaniesToRegisterOpenings(
  ctx: OperationContext,
  input: { cohortId: string; cvr?: string },
): Promise<{ invited: string[]; already: string[] }> {
  const { cohort } = await openingPlanOf(ctx, input.cohortId);
  await requireCohort(ctx, cohort.id, 'invite companies to register openings');
  const members = await ctx.db.partnershipCompany.findMany({
    where: { partnership: { cohortId: cohort.id }, ...(input.cvr ? { company: { cvr: input.cvr } } : {}) },
    include: { company: true },
    orderBy: { company: { cvr: 'asc' } },
  });
  if (input.cvr && members.length === 0)
    throw new OperationError('not-found', 'NOT_FOUND', `no company with CVR ${input.cvr} in a partnership of cohort ${cohort.id}`, 'cvr');
  const invited: string[] = [];
  const already: string[] = [];
  for (const m of members) {
    try {
      await ctx.client.workflow.start(jobOpeningInvitationWorkflow, {
        taskQueue: ctx.taskQueue,
        workflowId: jobOpeningInvitationWorkflowId(cohort.id, m.company.cvr),
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        args: [{ cohortId: cohort.id, companyId: m.companyId }],
      });
      invited.push(m.company.cvr);
    } catch (e) {
      if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e;
      already.push(m.company.cvr);
    }
  }
  return { invited, already };
}
